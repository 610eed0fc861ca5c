/*
 * postfix_maps.c - `stoa postfix-maps DIR`: the Postfix lookup tables for
 * every list (docs/postfix.md).  DIR/transport routes each list address to
 * the stoa pipe transport; DIR/relay_recipients names the same addresses,
 * so Postfix rejects any other recipient at the list domain during the
 * SMTP dialogue instead of accepting it and bouncing it later
 * (backscatter).  One entry per list covers all its + extensions:
 * with recipient_delimiter = + Postfix looks up LIST+EXT@DOMAIN and then
 * LIST@DOMAIN.
 *
 * Non-goals: running postmap or postfix reload (root's job, and the
 * operator chooses the map type).  Each file is replaced atomically
 * (temporary file, fsync, rename) and made 0644: a map is not secret.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "admin.h"
#include "conf.h"
#include "err.h"
#include "rfile.h"

#define MAPS_MAX (1024 * 1024)

/*
 * map_replace - make dir/name hold text: a temporary file beside it,
 * 0644, fsync, rename.  0, or an exit code after a message on stderr.
 */
static int
map_replace(const char *dir, const char *name, const struct buf *text)
{
	struct buf path = BUF_INIT(4096), tmp = BUF_INIT(4096);
	int fd, rc = EX_CANTCREAT;

	buf_addf(&path, "%s/%s", dir, name);
	buf_addf(&tmp, "%s/.%s.XXXXXX", dir, name);
	if (buf_error(&path) != 0 || buf_error(&tmp) != 0) {
		fprintf(
		    stderr, "stoa: postfix-maps: directory name too long\n");
		goto out;
	}
	fd = mkstemp(tmp.data);
	if (fd < 0) {
		fprintf(stderr, "stoa: cannot create a file in %s: %s\n", dir,
		    strerror(errno));
		goto out;
	}
	if (fchmod(fd, 0644) != 0 ||
	    rfile_write_all(fd, text->data, text->len) || fsync(fd) != 0 ||
	    close(fd) != 0) {
		fprintf(stderr, "stoa: cannot write %s: %s\n", tmp.data,
		    strerror(errno));
		unlink(tmp.data);
		goto out;
	}
	if (rename(tmp.data, path.data) != 0) {
		fprintf(stderr, "stoa: cannot rename %s to %s: %s\n", tmp.data,
		    path.data, strerror(errno));
		unlink(tmp.data);
		goto out;
	}
	rc = 0;
out:
	buf_release(&path);
	buf_release(&tmp);
	return rc;
}

/*
 * maps_render - one line per list name in names ("a\nb\n") into tr
 * (LIST@DOMAIN stoa:) and rcpt (LIST@DOMAIN OK).  0 or E_LIMIT.
 */
static int
maps_render(const char *names, struct buf *tr, struct buf *rcpt)
{
	const char *p, *nl;
	int n;

	buf_adds(tr,
	    "# written by stoa postfix-maps; run postmap after each "
	    "change\n");
	buf_adds(rcpt,
	    "# written by stoa postfix-maps; run postmap after "
	    "each change\n");
	for (p = names; (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
		n = (int)(nl - p);
		buf_addf(tr, "%.*s@%s\tstoa:\n", n, p, conf_domain);
		buf_addf(rcpt, "%.*s@%s\tOK\n", n, p, conf_domain);
	}
	return buf_error(tr) != 0 || buf_error(rcpt) != 0 ? E_LIMIT : 0;
}

/* maps_write - render the maps for every list and write both files. */
static int
maps_write(struct ctx *c, const char *dir)
{
	struct buf names = BUF_INIT(MAPS_MAX), tr = BUF_INIT(MAPS_MAX),
	           rcpt = BUF_INIT(MAPS_MAX);
	int rc;

	rc = store_list_names(c->st, &names);
	if (rc == 0)
		rc = maps_render(buf_cstr(&names), &tr, &rcpt);
	if (rc != 0) {
		rc = die_rc(rc, "postfix-maps: cannot read the lists");
		goto out;
	}
	rc = map_replace(dir, "transport", &tr);
	if (rc == 0)
		rc = map_replace(dir, "relay_recipients", &rcpt);
	if (rc == 0)
		printf("wrote %s/transport and %s/relay_recipients; now run: "
		       "postmap %s/transport %s/relay_recipients\n",
		    dir, dir, dir, dir);
out:
	buf_release(&names);
	buf_release(&tr);
	buf_release(&rcpt);
	return rc;
}

int
cmd_postfix_maps(struct ctx *c, int argc, char **argv)
{
	struct stat sb;
	int rc;

	if (argc != 1 || argv[0][0] == '-') {
		fprintf(stderr, "stoa: usage: stoa postfix-maps DIR\n");
		return EX_USAGE;
	}
	if (stat(argv[0], &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		fprintf(stderr, "stoa: %s is not a directory\n", argv[0]);
		return EX_CANTCREAT;
	}
	rc = ctx_open(c);
	if (rc != 0)
		return rc;
	return maps_write(c, argv[0]);
}

/*
 * check.c - `stoa check`: is this installation able to run?  Each check
 * prints "ok: WHAT" or "fault: WHAT: why", and the command exits 78
 * (EX_CONFIG) when there was a fault, so an install script or a service's
 * ExecStartPre can stop on it.  The config itself was loaded by main()
 * (a fault there is one "FILE:LINE: reason" line and exit 78 before this
 * runs).  Nothing is changed: the database is opened read-only, the SMTP
 * session sends EHLO, NOOP and QUIT only.
 */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>

#include "admin.h"
#include "conf.h"
#include "err.h"
#include "migrations.h"
#include "tmpl.h"
#include "token.h"
#include "transport.h"

/* report - one line per check; returns 1 for a fault, else 0. */
static int
report(const char *what, int rc, struct buf *why)
{
	if (rc == 0)
		printf("ok: %s\n", what);
	else
		printf("fault: %s: %s\n", what,
		    why->len > 0 ? buf_cstr(why) : err_name(rc));
	buf_reset(why);
	return rc != 0;
}

/* check_domain - a domain others can send to: not localhost, has a dot. */
static int
check_domain(struct buf *why)
{
	if (strcmp(conf_domain, "localhost") == 0 ||
	    strchr(conf_domain, '.') == NULL) {
		buf_addf(why,
		    "domain = %s: members cannot reply to a name without a "
		    "dot; set the list domain your MX serves",
		    conf_domain);
		return E_CONFIG;
	}
	return 0;
}

static int
check_secret(struct buf *why)
{
	struct token_keys keys;
	int rc;

	rc = token_keys_load(conf_secret_file, &keys, why);
	token_keys_clear(&keys);
	return rc;
}

/* check_templates - every file of the templates directory parses. */
static int
check_templates(struct buf *why)
{
	struct dirent *e;
	DIR *d;
	int n = 0, bad = 0;

	d = opendir(conf_templates);
	if (d == NULL) {
		buf_addf(why, "templates = %s: cannot open the directory",
		    conf_templates);
		return E_CONFIG;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || strcmp(e->d_name, "lists") == 0)
			continue;
		n++;
		if (bad == 0 && tmpl_check(conf_templates, e->d_name, why) != 0)
			bad++;
	}
	closedir(d);
	if (bad == 0 && n == 0)
		buf_addf(
		    why, "templates = %s: no templates in it", conf_templates);
	return bad != 0 || n == 0 ? E_CONFIG : 0;
}

/* check_database - it opens, read-only, at the schema this build has. */
static int
check_database(struct buf *why)
{
	struct store *st = NULL;
	int rc, v = 0, want = migrations[migrations_count - 1].version;

	rc = store_open(
	    conf_database, STORE_READONLY, (int)conf_busy_timeout_ms, &st, why);
	if (rc == 0)
		rc = store_version(st, &v);
	if (rc == 0 && v < want) {
		buf_addf(why,
		    "%s is at schema %d, this version needs %d: run stoa "
		    "init (or any stoa command) to migrate it",
		    conf_database, v, want);
		rc = E_CONFIG;
	}
	store_close(st);
	return rc;
}

static int
check_transport(struct buf *why)
{
	struct transport_opts o = transport_conf_opts();
	struct transport *t = NULL;
	int rc;

	rc = transport_open(conf_outbound, &o, &t, why);
	if (rc == 0)
		rc = transport_probe(t, why);
	transport_close(t);
	return rc;
}

int
cmd_check(struct ctx *c, int argc, char **argv)
{
	struct buf why = BUF_INIT(1024);
	int faults = 0;

	(void)c;
	(void)argv;
	if (argc != 0) {
		fprintf(stderr, "stoa: usage: stoa check\n");
		return EX_USAGE;
	}
	printf("ok: config %s\n", c->conf_path);
	faults += report("domain", check_domain(&why), &why);
	faults += report("secret file", check_secret(&why), &why);
	faults += report("templates", check_templates(&why), &why);
	faults += report("database", check_database(&why), &why);
	faults += report("outbound", check_transport(&why), &why);
	buf_release(&why);
	if (faults > 0) {
		fprintf(stderr, "stoa: %d fault%s (see above)\n", faults,
		    faults > 1 ? "s" : "");
		return EX_CONFIG;
	}
	return 0;
}

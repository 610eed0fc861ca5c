/*
 * held.c - `stoa held ...`: the moderation queue from the command line.
 * approve, reject and discard do what a moderator's reply does
 * (mailer/moderation.c: the same code), recorded with no moderator -
 * the operator - in the moderations row, the event and the log.
 *
 * A held wiki contribution is approved by the hook's wiki engine: `held
 * approve` runs `stoa-hook --approve-held ID` from this program's own
 * directory (the engine is the hook's code, not a layer below this one).
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <sys/wait.h>
#include <unistd.h>

#include "admin.h"
#include "conf.h"
#include "err.h"
#include "moderation.h"
#include "store_mod.h"
#include "token.h"

static int
held_list(struct ctx *c, const char *name)
{
	struct list_rec l = {0};
	int rc;

	rc = name != NULL ? admin_open_list(c, name, &l) : ctx_open(c);
	if (rc == 0 && store_mod_held_list(c->st, l.id, stdout) != 0)
		rc = die_rc(E_TEMP, "cannot read the held posts");
	list_rec_release(&l);
	return rc;
}

/* held_get - post id (a decimal) into h, held or not; exit code or 0. */
static int
held_get(struct ctx *c, const char *arg, struct held_rec *h)
{
	long long id;
	int rc;

	memset(h, 0, sizeof *h);
	if (parse_i64(arg, 1, INT64_MAX, &id) != 0) {
		fprintf(stderr,
		    "stoa: \"%s\" is not a post id (stoa held"
		    " list shows them)\n",
		    arg);
		return EX_USAGE;
	}
	rc = ctx_open(c);
	if (rc != 0)
		return rc;
	rc = store_mod_held_get(c->st, id, h);
	if (rc == E_NOTFOUND)
		return die_rc(rc, "no post with that id (stoa held list)");
	return rc != 0 ? die_rc(rc, "cannot read the post") : 0;
}

static int
held_show(struct ctx *c, const char *arg)
{
	struct held_rec h;
	int rc;

	rc = held_get(c, arg, &h);
	if (rc == 0)
		printf("id: %lld\nstatus: %s\nkind: %s\nfrom: %s%s%s%s\n"
		       "date: %s\nsubject: %s\n\n%s\n",
		    h.id, h.status,
		    strstr(h.flags, "wiki:") != NULL ? "wiki contribution"
		                                     : "post",
		    h.author_name, h.author_name[0] != '\0' ? " <" : "",
		    h.author, h.author_name[0] != '\0' ? ">" : "", h.date,
		    h.subject, h.text);
	held_rec_release(&h);
	return rc;
}

/*
 * hook_approve - held wiki contribution id onto its page by the hook
 * installed next to this program (stoa-hook --approve-held ID); exit
 * code or 0.
 */
static int
hook_approve(struct ctx *c, long long id)
{
	char self[PATH_MAX], idtxt[24], *slash;
	ssize_t n;
	pid_t pid;
	int status;

	n = readlink("/proc/self/exe", self, sizeof self - 16);
	self[n > 0 ? n : 0] = '\0';
	slash = strrchr(self, '/');
	if (slash == NULL)
		return die_rc(E_CONFIG, "cannot find stoa-hook");
	memcpy(slash + 1, "stoa-hook", 10);
	snprintf(idtxt, sizeof idtxt, "%lld", id);
	char *const argv[] = {self, "-c", (char *)conf_path(c->conf_path),
	    "--approve-held", idtxt, NULL};
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		execv(self, argv);
		_exit(EX_CONFIG);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return die_rc(E_TEMP, "cannot run stoa-hook");
	if (!WIFEXITED(status) || WEXITSTATUS(status) == EX_CONFIG)
		return die_rc(
		    E_CONFIG, "stoa-hook did not run (nothing changed)");
	return WEXITSTATUS(status);
}

/* decide - the decision in one transaction; exit code or 0. */
static int
decide(struct ctx *c, struct held_rec *h, const char *action,
    const char *reason, struct buf *note)
{
	struct token_keys keys;
	struct list_rec l = {0};
	struct moderation m;
	struct buf why = BUF_INIT(512);
	int rc;

	memset(&keys, 0, sizeof keys);
	rc = token_keys_load(conf_secret_file, &keys, &why);
	if (rc == 0)
		rc = store_list_get_id(c->st, h->list_id, &l);
	if (rc == 0)
		rc = store_begin(c->st);
	if (rc != 0) {
		rc = die_rc(rc, why.len > 0 ? buf_cstr(&why) : "cannot start");
		goto out;
	}
	m = (struct moderation){
	    c->st, &l, &keys, h, 0, action, reason, NULL, NULL, false, 0, note};
	rc = moderation_act(&m);
	if (rc == 0)
		rc = store_commit(c->st);
	if (rc != 0) {
		store_rollback(c->st);
		rc = die_rc(rc == E_DUP ? E_PERM : rc,
		    rc == E_PERM ? "a wiki contribution is approved by a "
		                   "moderator's reply (nothing changed)"
		        : rc == E_DUP
		        ? "someone decided first (nothing changed)"
		        : "the decision failed (nothing changed)");
	}
out:
	token_keys_clear(&keys);
	list_rec_release(&l);
	buf_release(&why);
	return rc;
}

static int
held_decide(
    struct ctx *c, const char *action, const char *arg, const char *reason)
{
	struct buf note = BUF_INIT(1024);
	struct held_rec h;
	int rc;

	rc = held_get(c, arg, &h);
	if (rc == 0 && strcmp(h.status, "held") != 0) {
		fprintf(stderr, "stoa: post %s is not held (it is %s)\n", arg,
		    h.status);
		rc = EX_DATAERR;
	}
	if (rc == 0 && strcmp(action, "approve") == 0 && h.flags != NULL &&
	    strstr(h.flags, "wiki:") != NULL)
		rc = hook_approve(c, h.id);
	else if (rc == 0)
		rc = decide(c, &h, action, reason, &note);
	if (rc == 0)
		printf("post %s %s%s%s%s\n", arg, action,
		    strcmp(action, "approve") == 0 ? "d" : "ed",
		    note.len > 0 ? "; " : "", buf_cstr(&note));
	held_rec_release(&h);
	buf_release(&note);
	return rc;
}

int
cmd_held(struct ctx *c, int argc, char **argv)
{
	const char *verb = argc > 0 ? argv[0] : "";

	if (strcmp(verb, "list") == 0 && argc <= 2)
		return held_list(c, argc == 2 ? argv[1] : NULL);
	if (strcmp(verb, "show") == 0 && argc == 2)
		return held_show(c, argv[1]);
	if ((strcmp(verb, "approve") == 0 || strcmp(verb, "discard") == 0) &&
	    argc == 2)
		return held_decide(c, verb, argv[1], "");
	if (strcmp(verb, "reject") == 0 && (argc == 2 || argc == 3))
		return held_decide(c, verb, argv[1], argc == 3 ? argv[2] : "");
	fprintf(stderr,
	    "stoa: usage: stoa held list [LIST] | show ID |"
	    " approve ID | reject ID [REASON] | discard ID\n");
	return EX_USAGE;
}

/*
 * t_wiki.c - the wiki engine without a delivery: the edit engine and the
 * "wiki ..." command answers (mta-hook/wiki_edit.c), the change notices
 * (digest/wiki_watch.c) and `stoa wiki build` (admin/wiki.c), compiled
 * in here because unit tests link only libstoa.  wiki_request() is a thin
 * wrapper over wiki_command() and wiki_capture() over wiki_apply() with
 * mode "capture"; both are exercised through those.  The build output of
 * 100 hostile payloads is checked with Python's HTML parser
 * (tests/data/wiki/htmlcheck.py).
 */
#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../admin/outdir.c"
#include "../../admin/wiki.c"
#include "../../digest/wiki_watch.c"
#include "../../mta-hook/wiki_edit.c"
#include "clock.h"
#include "t.h"
#include "token.h"

/* Stubs for what admin/wiki.c's cmd_wiki uses from admin/main.c. */
int
ctx_open(struct ctx *c)
{
	(void)c;
	return EX_SOFTWARE;
}

int
die_rc(int err, const char *msg)
{
	fprintf(stderr, "stoa: %s\n", msg);
	return err != 0 ? EX_SOFTWARE : 0;
}

static struct store *st;
static long long list_id, ana, ben;

static void
setup(void)
{
	struct buf why = BUF_INIT(512);
	struct list_rec l = {0}, got = {0};
	struct member_rec a = {"ana@x.org", "Ana", NULL, NULL, NULL};
	struct member_rec b = {"ben@x.org", "", NULL, NULL, NULL};
	char role[16], path[512];

	conf_domain = "learn.example";
	conf_templates = "templates";
	conf_site_name = "Stoa Test";
	conf_archive_url = "";
	conf_unsubscribe_url = "";
	conf_token_ttl_days = 30;
	snprintf(path, sizeof path, "%s/secret", t_tmpdir());
	conf_secret_file = xstrdup(path);
	T_INT("secret", token_keys_create(conf_secret_file, &why), 0);
	snprintf(path, sizeof path, "%s/wiki.db", t_tmpdir());
	clock_set_now(1767607200); /* 2026-01-05T10:00:00Z */
	T_INT("open", store_open(path, STORE_CREATE, 100, &st, &why), 0);
	l.name = "learn";
	l.title = "Learning";
	l.timezone = "UTC";
	T_INT("begin", store_begin(st), 0);
	T_INT("list", store_list_create(st, &l, &why), 0);
	T_INT("get", store_list_get(st, "learn", &got), 0);
	list_id = got.id;
	T_INT("ana", store_member_add(st, list_id, &a, &why), 0);
	T_INT("ben", store_member_add(st, list_id, &b, &why), 0);
	T_INT("ana id",
	    store_member_lookup(st, list_id, "ana@x.org", &ana, role), 0);
	T_INT("ben id",
	    store_member_lookup(st, list_id, "ben@x.org", &ben, role), 0);
	T_INT("commit", store_commit(st), 0);
	list_rec_release(&got);
	buf_release(&why);
}

/* edit - one edit in its own transaction; the outcome. */
static enum wiki_outcome
edit(const char *slug, long long who, const char *mode, const char *heading,
    const char *text, int base)
{
	struct wiki_edit e = {list_id, slug, "Title <T>", who,
	    who == ana ? "ana@x.org" : "ben@x.org", mode, heading, text, base};
	struct wiki_result r;
	struct buf why = BUF_INIT(256);

	T_INT("begin edit", store_begin(st), 0);
	T_INT(slug, wiki_apply(st, &e, &r, &why), 0);
	T_INT("commit edit", store_commit(st), 0);
	buf_release(&why);
	return r.outcome;
}

/* command - the answer to line from member. */
static char *
command(long long member, const char *line, struct wiki_cmd_out *out)
{
	struct buf reply = BUF_INIT(1 << 20);
	struct list_rec l = {list_id, "learn", "Learning", "UTC", false};

	T_INT(line, wiki_command(st, &l, member, line, &reply, out), 0);
	return buf_detach(&reply);
}

static bool
has(const char *s, const char *want)
{
	if (strstr(s, want) != NULL)
		return true;
	fprintf(stderr, "missing \"%s\" in:\n%s\n", want, s);
	return false;
}

static void
test_commands(void)
{
	struct wiki_cmd_out out;
	char *s;

	T_INT("new",
	    edit("deploy-guide", ana, "replace", NULL, "## Build\nmake\n", 0),
	    WIKI_SAVED);
	T_INT("same text",
	    edit("deploy-guide", ben, "replace", NULL, "## Build\nmake", 0),
	    WIKI_UNCHANGED);
	T_INT("capture",
	    edit("deploy-guide", ben, "capture", NULL,
	        "Use make -j8.\n\n(From the discussion \"speed\", thread 7)",
	        1),
	    WIKI_SAVED);
	edit("faq", ana, "replace", NULL, "Q?", 0);

	s = command(ben, "wiki get deploy", &out);
	T_OK("unknown handled", out.handled && out.page_id == 0);
	T_OK("close names",
	    has(s, "no page \"deploy\"") &&
	        has(s, "Close names: deploy-guide"));
	free(s);
	s = command(ben, "wiki get zzzzzzzz", &out);
	T_OK("no close names",
	    strstr(s, "Close names") == NULL &&
	        has(s, "learn+wiki-zzzzzzzz@learn.example"));
	free(s);
	s = command(ben, "WIKI get Deploy Guide", &out);
	T_OK("get",
	    out.page_id > 0 && has(s, "revision 2") &&
	        has(s, "Use make -j8.") && has(s, "thread 7") &&
	        has(s, "learn+wiki-deploy-guide@learn.example"));
	free(s);
	s = command(ben, "wiki list", &out);
	T_OK("list",
	    has(s, "2 pages") && has(s, "deploy-guide - Title <T>") &&
	        has(s, "faq"));
	free(s);
	s = command(ben, "wiki history deploy-guide", &out);
	T_OK("history",
	    has(s, "revision 2, 2026-01-05T10:00:00Z, ben@x.org, capture") &&
	        has(s, "revision 1,"));
	free(s);
	s = command(ben, "wiki diff deploy-guide 1 2", &out);
	T_OK("diff", has(s, "+ Use make -j8."));
	free(s);
	s = command(ben, "wiki diff deploy-guide 1 9", &out);
	T_OK("diff range", has(s, "revisions 1 to 2"));
	free(s);
	s = command(ben, "wiki diff deploy-guide x", &out);
	T_OK("diff usage", has(s, "two revision numbers"));
	free(s);
	s = command(0, "wiki get faq", &out);
	T_OK("non-member", has(s, "is for its members") && out.page_id == 0);
	free(s);
	s = command(ben, "wiki frobnicate x", &out);
	T_OK("unknown sub", has(s, "not a wiki command"));
	free(s);
	s = command(ben, "wikipedia", &out);
	T_OK("not wiki", !out.handled && s[0] == '\0');
	free(s);
	s = command(ben, "wiki history nope", &out);
	T_OK("history unknown", has(s, "there is no page \"nope\""));
	free(s);
}

/* outbox_count - outbox rows whose export line has `to`. */
static int
outbox_count(const char *to)
{
	struct buf why = BUF_INIT(256);
	char *text = NULL;
	const char *p;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	int n = 0;

	T_INT(
	    "export", store_export(st, "outbox", "learn.example", m, &why), 0);
	fclose(m);
	for (p = text; (p = strstr(p, to)) != NULL; p++)
		n++;
	free(text);
	buf_release(&why);
	return n;
}

static void
test_notify(void)
{
	struct wiki_cmd_out out;
	char *s;

	/* ana wrote deploy-guide r1 and watches it; ben wrote r2 (capture) */
	T_INT("notify", wiki_notify(st, clock_now()), 0);
	T_INT("ana told", outbox_count("\"recipient\":\"ana@x.org\""), 1);
	T_INT("ben not told of his own",
	    outbox_count("\"recipient\":\"ben@x.org\""), 0);
	T_INT("again at once", wiki_notify(st, clock_now()), 0);
	T_INT("once", outbox_count("\"recipient\":\"ana@x.org\""), 1);
	/* ben edits again within the hour: batched until an hour passed */
	edit("deploy-guide", ben, "append", NULL, "More.", 0);
	T_INT("within the hour", wiki_notify(st, clock_now() + 1800), 0);
	T_INT("still once", outbox_count("\"recipient\":\"ana@x.org\""), 1);
	T_INT("after the hour", wiki_notify(st, clock_now() + 3600), 0);
	T_INT("twice", outbox_count("\"recipient\":\"ana@x.org\""), 2);
	/* ben watches faq; only ana's own edits: ana is not told */
	T_INT("begin", store_begin(st), 0);
	s = command(ben, "wiki watch faq", &out);
	T_OK("watch", has(s, "you will get the changes to faq"));
	free(s);
	T_INT("commit", store_commit(st), 0);
	edit("faq", ana, "append", NULL, "A!", 0);
	T_INT("faq notify", wiki_notify(st, clock_now() + 7200), 0);
	T_INT(
	    "ben told of faq", outbox_count("\"recipient\":\"ben@x.org\""), 1);
	T_INT("ana not of her own", outbox_count("\"recipient\":\"ana@x.org\""),
	    2);
	T_INT("begin", store_begin(st), 0);
	s = command(ben, "wiki unwatch faq", &out);
	T_OK("unwatch", has(s, "no more change mail for faq"));
	free(s);
	s = command(0, "wiki watch faq", &out);
	T_OK("watch non-member", has(s, "only members"));
	free(s);
	T_INT("commit", store_commit(st), 0);
}

/* Hostile payloads: the same file the mail case uses. */
static void
test_build(void)
{
	struct buf why = BUF_INIT(512);
	char dir[512], line[4096], slug[32], script[600];
	FILE *f = fopen("tests/data/wiki/xss-payloads.txt", "r");
	int i = 0, status = -1;
	pid_t pid;

	T_OK("payloads", f != NULL);
	while (f != NULL && fgets(line, sizeof line, f) != NULL) {
		struct wiki_edit e;
		struct wiki_result r;

		line[strcspn(line, "\n")] = '\0';
		snprintf(slug, sizeof slug, "x%d", ++i);
		e = (struct wiki_edit){list_id, slug, line, ana, "ana@x.org",
		    "replace", NULL, line, 0};
		store_begin(st);
		T_INT("payload edit", wiki_apply(st, &e, &r, &why), 0);
		e.mode = "append";
		T_INT("payload append", wiki_apply(st, &e, &r, &why), 0);
		store_commit(st);
	}
	if (f != NULL)
		fclose(f);
	T_INT("100 payloads", i, 100);
	snprintf(dir, sizeof dir, "%s/site", t_tmpdir());
	T_INT("build", wiki_build(st, dir, &why), 0);
	T_INT("build again (replaces)", wiki_build(st, dir, &why), 0);
	snprintf(line, sizeof line, "%s/learn/x1.history.html", dir);
	T_OK("history written", access(line, R_OK) == 0);
	snprintf(line, sizeof line, "%s/learn/index.html", dir);
	T_OK("index written", access(line, R_OK) == 0);
	snprintf(script, sizeof script, "tests/data/wiki/htmlcheck.py");
	pid = fork();
	if (pid == 0) {
		execlp("python3", "python3", script, dir, (char *)NULL);
		_exit(127);
	}
	T_OK("fork", pid > 0);
	if (pid > 0)
		waitpid(pid, &status, 0);
	T_INT("html check", WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0);
	snprintf(line, sizeof line, "%s/learn/x1.html/nope", dir);
	T_INT("unwritable", wiki_build(st, line, &why) != 0, 1);
	T_OK("why", why.len > 0);
	{
		char *argv[] = {"bogus", NULL};
		T_INT("usage", cmd_wiki(NULL, 1, argv), EX_USAGE);
	}
	buf_release(&why);
}

int
main(void)
{
	setup();
	test_commands();
	test_notify();
	test_build();
	store_close(st);
	free(conf_secret_file);
	return t_done();
}

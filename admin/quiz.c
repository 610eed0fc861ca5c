/*
 * quiz.c - `stoa quiz ...`: import a GIFT bank (all or nothing), list it,
 * retire or restore a question, turn a list's quizzes on and off
 * (docs/quiz.md).  Enabling enrols every active member; members who join
 * later are enrolled by the database (trigger in db/0010-quiz.sql).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "admin.h"
#include "clock.h"
#include "err.h"
#include "gift.h"
#include "quizmail.h"
#include "store_quiz.h"
#include "xmalloc.h"

const char quiz_usage[] =
    "usage: stoa quiz COMMAND ...\n"
    "\n"
    "  import LIST FILE      add a GIFT question bank; a bad file changes\n"
    "                        nothing and every bad question is listed as\n"
    "                        FILE:LINE: what is wrong; re-importing is a\n"
    "                        no-op, a changed question a new version\n"
    "  list LIST             the questions: QID, status, version, kind\n"
    "  retire QID            stop sending a question (history is kept)\n"
    "  restore QID           send a retired question again\n"
    "  enable LIST [--scheduler classic|adaptive] [--every 2d]\n"
    "         [--per-batch 2] [--hour 9]\n"
    "                        quizzes on: every active member (and each\n"
    "                        member who joins later) is enrolled and told\n"
    "                        once how it works and how to stop\n"
    "  disable LIST          quizzes off (open questions can still be\n"
    "                        answered)\n"
    "  stats LIST            predicted recall now, one line per member\n"
    "                        and topic: EMAIL TOPIC QUESTIONS RECALL% MODEL\n"
    "                        (adaptive: mean FSRS retrievability; classic:\n"
    "                        share whose latest answer was right)\n"
    "\n"
    "See docs/quiz.md.\n";

/* list_id - the id of list name, or an exit code in *ex. */
static long long
list_id(struct ctx *c, const char *name, int *ex)
{
	struct list_rec l;
	struct buf why = BUF_INIT(256);
	long long id = 0;
	int rc;

	memset(&l, 0, sizeof l);
	*ex = 0;
	rc = store_list_get(c->st, name, &l);
	if (rc == 0)
		id = l.id;
	else {
		buf_addf(&why, "no list \"%s\"", name);
		*ex = die_rc(rc, buf_cstr(&why));
	}
	list_rec_release(&l);
	buf_release(&why);
	return id;
}

/* read_all - the whole file path into b (at most GIFT_MAX_BYTES + 1). */
static int
read_all(const char *path, struct buf *b, struct buf *why)
{
	char chunk[8192];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (f == NULL) {
		buf_addf(why, "cannot read %s", path);
		return E_PARSE;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 &&
	    b->len <= GIFT_MAX_BYTES)
		buf_add(b, chunk, n);
	fclose(f);
	if (buf_error(b) != 0 || b->len > GIFT_MAX_BYTES) {
		buf_addf(why, "%s: the file is larger than %d bytes", path,
		    GIFT_MAX_BYTES);
		return E_LIMIT;
	}
	return 0;
}

/* same_keys - "file:line: ..." for each question whose key came before. */
static void
same_keys(const char *path, const struct gift_set *set, struct buf *errors)
{
	char(*keys)[GIFT_KEY_LEN] = xcalloc(set->n + 1, sizeof *keys);
	size_t i, k;

	for (i = 0; i < set->n; i++) {
		if (gift_key(&set->q[i], keys[i]) != 0)
			continue;
		for (k = 0; k < i; k++)
			if (strcmp(keys[k], keys[i]) == 0) {
				buf_addf(errors,
				    "%s:%d: the same %s as the question on line"
				    " %d\n",
				    path, set->q[i].line,
				    set->q[i].title != NULL ? "title" : "text",
				    set->q[k].line);
				break;
			}
	}
	free(keys);
}

/* prefix - every "LINE: what" line of in as "path:LINE: what" on stderr. */
static void
prefix(const char *path, const struct buf *in)
{
	const char *p = buf_cstr(in), *nl;

	for (; *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p) - 1;
		fprintf(stderr, "%s:%.*s\n", path, (int)(nl - p), p);
	}
}

/* put_all - store every question of set in list; counts per outcome. */
static int
put_all(struct ctx *c, long long lid, const char *path,
    const struct gift_set *set, int counts[3])
{
	struct quiz_opt opts[GIFT_MAX_ANSWERS];
	char key[GIFT_KEY_LEN], digest[GIFT_KEY_LEN];
	struct buf src = BUF_INIT(4096);
	struct quiz_version_in v;
	enum quiz_put what;
	long long qid;
	size_t i;
	int rc = 0;

	for (i = 0; rc == 0 && i < set->n; i++) {
		rc = quizmail_version(&set->q[i], key, digest, opts, &v);
		buf_reset(&src);
		buf_addf(&src, "%s:%d", path, set->q[i].line);
		v.source = buf_cstr(&src);
		v.author = path;
		v.status = "active";
		if (rc == 0)
			rc = store_quiz_put(c->st, lid, &v, &what, &qid);
		if (rc == 0)
			counts[what]++;
	}
	buf_release(&src);
	return rc;
}

static int
cmd_import(struct ctx *c, const char *list, const char *path)
{
	struct buf file = BUF_INIT(GIFT_MAX_BYTES + 8192);
	struct buf errors = BUF_INIT(64 * 1024), why = BUF_INIT(1024);
	struct gift_set set = GIFT_SET_INIT;
	int counts[3] = {0, 0, 0}, ex = 0, rc;
	long long lid = list_id(c, list, &ex);

	if (ex != 0)
		goto out;
	rc = read_all(path, &file, &why);
	if (rc != 0) {
		ex = die_rc(rc, buf_cstr(&why));
		goto out;
	} else {
		rc = gift_parse(file.data, file.len, &set, &errors);
		if (rc == E_LIMIT && errors.len == 0)
			buf_addf(
			    &errors, "1: the file has too many questions\n");
		if (rc == 0)
			same_keys(path, &set, &why);
	}
	if (rc != 0 || why.len > 0) {
		if (errors.len > 0)
			prefix(path, &errors);
		fprintf(stderr, "%s", buf_cstr(&why));
		fprintf(stderr, "stoa: %s: nothing imported\n", path);
		ex = EX_DATAERR;
		goto out;
	}
	rc = store_begin(c->st);
	if (rc == 0)
		rc = put_all(c, lid, path, &set, counts);
	buf_reset(&why);
	buf_addf(&why, "%s: %d new, %d changed, %d unchanged", path,
	    counts[QUIZ_PUT_NEW], counts[QUIZ_PUT_CHANGED],
	    counts[QUIZ_PUT_SAME]);
	if (rc == 0)
		rc = store_event(
		    c->st, lid, 0, "quiz.import", 0, buf_cstr(&why));
	if (rc == 0)
		rc = store_commit(c->st);
	if (rc != 0) {
		store_rollback(c->st);
		ex = die_rc(rc, "import failed; nothing imported");
	} else
		printf("%s\n", buf_cstr(&why));
out:
	gift_set_release(&set);
	buf_release(&file);
	buf_release(&errors);
	buf_release(&why);
	return ex;
}

/* cmd_status - retire or restore question qid. */
static int
cmd_status(struct ctx *c, const char *verb, const char *arg)
{
	bool retire = strcmp(verb, "retire") == 0;
	unsigned long long qid;
	long long lid = 0;
	int rc;

	if (parse_u64(arg, (1ULL << 62), &qid) != 0)
		return die_rc(
		    E_PARSE, "a QID is a number (see stoa quiz list)");
	rc = store_begin(c->st);
	if (rc == 0)
		rc = store_quiz_status(c->st, (long long)qid,
		    retire ? "active" : "retired",
		    retire ? "retired" : "active", &lid);
	if (rc == 0)
		rc = store_event(c->st, lid, 0,
		    retire ? "quiz.retire" : "quiz.restore", (long long)qid,
		    retire ? "by admin" : "");
	if (rc == 0)
		rc = store_commit(c->st);
	if (rc != 0)
		store_rollback(c->st);
	if (rc == E_NOTFOUND)
		return die_rc(rc, "no such question");
	if (rc == E_PERM)
		return die_rc(E_DUP,
		    retire ? "the question is not active"
		           : "the question is not retired");
	if (rc != 0)
		return die_rc(rc, "cannot change the question");
	printf("question %llu %s\n", qid, retire ? "retired" : "restored");
	return 0;
}

/* days - "2d", "1w", "3" (days) into *out within 1..60. */
static int
days(const char *s, int *out)
{
	unsigned long long n;
	size_t len = strlen(s);
	int mult = 1;
	char num[16];

	if (len == 0 || len >= sizeof num)
		return E_PARSE;
	memcpy(num, s, len + 1);
	if (num[len - 1] == 'd' || num[len - 1] == 'w') {
		mult = num[len - 1] == 'w' ? 7 : 1;
		num[len - 1] = '\0';
	}
	if (parse_u64(num, 60, &n) != 0 || n * (unsigned)mult > 60 || n == 0)
		return E_PARSE;
	*out = (int)n * mult;
	return 0;
}

/* settings - the options of enable applied over s; an exit code. */
static int
settings(struct opt *o, struct quiz_settings *s)
{
	unsigned long long n;

	if (o[0].value != NULL) {
		if (strcmp(o[0].value, "classic") != 0 &&
		    strcmp(o[0].value, "adaptive") != 0)
			return die_rc(
			    E_PARSE, "--scheduler is classic or adaptive");
		snprintf(s->scheduler, sizeof s->scheduler, "%s", o[0].value);
	}
	if (o[1].value != NULL && days(o[1].value, &s->every_days) != 0)
		return die_rc(E_PARSE, "--every is 1d to 60d (or 1w to 8w)");
	if (o[2].value != NULL) {
		if (parse_u64(o[2].value, 10, &n) != 0 || n == 0)
			return die_rc(E_PARSE, "--per-batch is 1 to 10");
		s->per_batch = (int)n;
	}
	if (o[3].value != NULL) {
		if (parse_u64(o[3].value, 19, &n) != 0 || n < 6)
			return die_rc(
			    E_PARSE, "--hour is 6 to 19 (local time)");
		s->hour = (int)n;
	}
	return 0;
}

static int
cmd_enable(struct ctx *c, long long lid, bool on, struct opt *o)
{
	struct quiz_settings s;
	struct buf d = BUF_INIT(256);
	int added = 0, rc, ex;

	rc = store_quiz_settings_get(c->st, lid, &s);
	if (rc == E_NOTFOUND)
		quiz_settings_default(&s, lid);
	else if (rc != 0)
		return die_rc(rc, "cannot read the quiz settings");
	s.enabled = on;
	ex = on ? settings(o, &s) : 0;
	if (ex != 0)
		return ex;
	buf_addf(&d, "%s, %d every %dd at %d:00", s.scheduler, s.per_batch,
	    s.every_days, s.hour);
	rc = store_begin(c->st);
	if (rc == 0)
		rc = store_quiz_enable(c->st, &s, &added);
	if (rc == 0)
		rc = store_event(c->st, lid, 0,
		    on ? "quiz.enable" : "quiz.disable", 0, buf_cstr(&d));
	if (rc == 0)
		rc = store_commit(c->st);
	if (rc != 0) {
		store_rollback(c->st);
		ex = die_rc(rc, "cannot change the quiz settings");
	} else if (on)
		printf("quizzes on (%s); %d members enrolled\n", buf_cstr(&d),
		    added);
	else
		printf("quizzes off\n");
	buf_release(&d);
	return ex;
}

/* A member and topic being summed by stats_row(). */
struct stats_group {
	long long member_id, now;
	char email[320], topic[256];
	struct quizmail_recall r;
};

/* stats_flush - the group's line(s), one per model, and a fresh group. */
static void
stats_flush(struct stats_group *g)
{
	static const char *const model[] = {"classic", "adaptive"};
	int i, pct;

	for (i = 1; i >= 0; i--) {
		pct = quizmail_recall_pct(&g->r, i == 1);
		if (pct >= 0)
			printf("%s\t%s\t%d\t%d%%\t%s\n", g->email,
			    g->topic[0] != '\0' ? g->topic : "-",
			    i == 1 ? g->r.n_fsrs : g->r.n_classic, pct,
			    model[i]);
	}
	memset(&g->r, 0, sizeof g->r);
}

/* stats_row - one card into its member and topic's group. */
static int
stats_row(void *ctx, const struct quiz_card_row *r)
{
	struct stats_group *g = ctx;

	if (r->member_id != g->member_id || strcmp(r->topic, g->topic) != 0) {
		stats_flush(g);
		g->member_id = r->member_id;
		snprintf(g->email, sizeof g->email, "%s", r->email);
		snprintf(g->topic, sizeof g->topic, "%s", r->topic);
	}
	quizmail_recall_add(&g->r, &r->card, g->now);
	return 0;
}

/* cmd_stats - predicted recall per member and topic of list lid. */
static int
cmd_stats(struct ctx *c, long long lid)
{
	struct stats_group g = {0};
	int rc;

	g.member_id = -1;
	g.now = clock_now();
	rc = store_quiz_cards_each(c->st, lid, 0, stats_row, &g);
	stats_flush(&g);
	return rc != 0 ? die_rc(rc, "cannot read the quiz cards") : 0;
}

/* run - one quiz command with the database open. */
static int
run(struct ctx *c, const char *verb, const char **pos, struct opt *o)
{
	long long lid;
	int ex = 0;

	if (strcmp(verb, "retire") == 0 || strcmp(verb, "restore") == 0)
		return cmd_status(c, verb, pos[0]);
	lid = list_id(c, pos[0], &ex);
	if (ex != 0)
		return ex;
	if (strcmp(verb, "import") == 0)
		return cmd_import(c, pos[0], pos[1]);
	if (strcmp(verb, "list") == 0) {
		int rc = store_quiz_show(c->st, lid, stdout);

		return rc != 0 ? die_rc(rc, "cannot list the questions") : 0;
	}
	if (strcmp(verb, "stats") == 0)
		return cmd_stats(c, lid);
	return cmd_enable(c, lid, strcmp(verb, "enable") == 0, o);
}

int
cmd_quiz(struct ctx *c, int argc, char **argv)
{
	struct opt opts[] = {{"scheduler", 1, NULL}, {"every", 1, NULL},
	    {"per-batch", 1, NULL}, {"hour", 1, NULL}, {NULL, 0, NULL}};
	static const char *const verbs[] = {"import", "list", "retire",
	    "restore", "enable", "disable", "stats", NULL};
	static const int npos[] = {2, 1, 1, 1, 1, 1, 1};
	const char *pos[2];
	size_t i;
	int rc;

	if (argc == 0 || strcmp(argv[0], "--help") == 0 ||
	    strcmp(argv[0], "help") == 0) {
		fputs(quiz_usage, argc == 0 ? stderr : stdout);
		return argc == 0 ? EX_USAGE : 0;
	}
	for (i = 0; verbs[i] != NULL && strcmp(verbs[i], argv[0]) != 0; i++)
		;
	if (verbs[i] == NULL) {
		fprintf(stderr,
		    "stoa: unknown quiz command \"%s\" (try stoa quiz"
		    " --help)\n",
		    argv[0]);
		return EX_USAGE;
	}
	rc = opts_parse(argc - 1, argv + 1, i == 4 ? opts : NULL, pos, npos[i],
	    npos[i], "stoa quiz --help");
	if (rc == 0)
		rc = ctx_open(c);
	return rc != 0 ? rc : run(c, argv[0], pos, opts);
}

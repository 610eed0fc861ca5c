/*
 * reflect.c - `stoa reflect add|list|stop` (docs/connect-groups.md
 * "Reflection questions"): open questions asked to every member of a
 * list every N weeks by the scheduler (digest/reflect.c), never from
 * here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "admin.h"
#include "clock.h"
#include "err.h"
#include "store_reflect.h"

const char reflect_usage[] =
    "usage: stoa reflect COMMAND ...\n"
    "\n"
    "  add LIST \"QUESTION\" --every Nw [--private] [--start YYYY-MM-DD]\n"
    "                        ask every active member QUESTION every N weeks\n"
    "                        (1w to 52w), first at the scheduler's next\n"
    "                        pass (or on the start day, UTC), within each\n"
    "                        member's learning-mail budget and outside quiet\n"
    "                        hours.  Answers go to the list as one thread\n"
    "                        per asking; with --private to the moderators\n"
    "                        only\n"
    "  list LIST             the questions: id, every, public|private,\n"
    "                        state, next asking, askings, answers\n"
    "  stop ID               ask question ID no more\n"
    "\n"
    "See docs/connect-groups.md.\n";

/* weeks - "4w" into *n (1 .. 52); why when not. */
static int
weeks(const char *s, int *n)
{
	unsigned long long v = 0;
	size_t len = strlen(s);
	char num[8];

	if (len < 2 || len > 3 || s[len - 1] != 'w')
		return E_PARSE;
	memcpy(num, s, len - 1);
	num[len - 1] = '\0';
	if (parse_u64(num, 52, &v) != 0 || v < 1)
		return E_PARSE;
	*n = (int)v;
	return 0;
}

/* first_at - the first asking: now, or the start day at 00:00 UTC. */
static int
first_at(const char *start, char out[21])
{
	char iso[32];
	long long t;

	if (start == NULL)
		return time_format_iso(clock_now(), out);
	if (strlen(start) != 10)
		return E_PARSE;
	snprintf(iso, sizeof iso, "%sT00:00:00Z", start);
	if (time_parse_iso(iso, &t) != 0)
		return E_PARSE;
	return time_format_iso(t, out);
}

static int
reflect_add(struct ctx *c, int argc, char **argv)
{
	struct opt opts[] = {{"every", 1, NULL}, {"private", 0, NULL},
	    {"start", 1, NULL}, {NULL, 0, NULL}};
	const char *pos[2];
	struct reflect_question q;
	struct list_rec l;
	struct buf why = BUF_INIT(256);
	long long id = 0;
	int rc;

	rc = opts_parse(argc, argv, opts, pos, 2, 2,
	    "stoa reflect add LIST \"QUESTION\" --every Nw [--private] "
	    "[--start YYYY-MM-DD]");
	if (rc != 0)
		return rc;
	memset(&q, 0, sizeof q);
	if (opts[0].value == NULL || weeks(opts[0].value, &q.every_weeks) != 0)
		return die_rc(E_PARSE,
		    "--every is a number of weeks from 1w to 52w, e.g. "
		    "--every 4w");
	if (first_at(opts[2].value, q.next_at) != 0)
		return die_rc(E_PARSE, "--start is a date YYYY-MM-DD");
	if (pos[1][0] == '\0' || !utf8_valid(pos[1], strlen(pos[1])) ||
	    strlen(pos[1]) > REFLECT_TEXT_MAX)
		return die_rc(E_PARSE,
		    "the question is empty, not UTF-8 or longer than 1000 "
		    "bytes");
	q.text = (char *)pos[1];
	q.private_answers = opts[1].value != NULL;
	rc = admin_open_list(c, pos[0], &l);
	if (rc != 0)
		return rc;
	q.list_id = l.id;
	rc = store_begin(c->st);
	if (rc == 0)
		rc = store_reflect_add(c->st, &q, &id);
	rc = admin_finish_tx(c, rc, &why, "cannot add the question");
	if (rc == 0)
		printf("question %lld: every %d weeks in %s, answers %s, first "
		       "%.10s\n",
		    id, q.every_weeks, l.name,
		    q.private_answers ? "to the moderators" : "to the list",
		    q.next_at);
	list_rec_release(&l);
	buf_release(&why);
	return rc;
}

static int
reflect_list(struct ctx *c, int argc, char **argv)
{
	const char *pos[1];
	struct list_rec l;
	struct reflect_question *q = NULL;
	size_t n = 0, i;
	int rc;

	rc = opts_parse(argc, argv, NULL, pos, 1, 1, "stoa reflect list LIST");
	if (rc == 0)
		rc = admin_open_list(c, pos[0], &l);
	if (rc != 0)
		return rc;
	rc = store_reflect_list(c->st, l.id, &q, &n);
	if (rc != 0)
		rc = die_rc(rc, "cannot read the questions");
	for (i = 0; i < n; i++)
		printf("%lld\tevery %dw\t%s\t%s\tnext %.10s\t%d asked\t%d "
		       "answers\t%s\n",
		    q[i].id, q[i].every_weeks,
		    q[i].private_answers ? "private" : "public", q[i].state,
		    q[i].next_at, q[i].rounds, q[i].answers, q[i].text);
	reflect_questions_free(q, n);
	list_rec_release(&l);
	return rc;
}

static int
reflect_stop(struct ctx *c, int argc, char **argv)
{
	const char *pos[1];
	unsigned long long id;
	int rc;

	rc = opts_parse(argc, argv, NULL, pos, 1, 1, "stoa reflect stop ID");
	if (rc != 0)
		return rc;
	if (parse_u64(pos[0], (1ULL << 62), &id) != 0)
		return die_rc(
		    E_PARSE, "ID is a number (see stoa reflect list)");
	rc = ctx_open(c);
	if (rc == 0)
		rc = store_begin(c->st);
	if (rc == 0)
		rc = store_reflect_stop(c->st, (long long)id);
	if (rc == 0)
		rc = store_commit(c->st);
	if (rc != 0) {
		store_rollback(c->st);
		return die_rc(rc,
		    rc == E_NOTFOUND   ? "no such question"
		        : rc == E_PERM ? "the question is stopped already"
		                       : "cannot stop the question");
	}
	printf("question %llu stopped\n", id);
	return 0;
}

int
cmd_reflect(struct ctx *c, int argc, char **argv)
{
	if (argc >= 1 && strcmp(argv[0], "add") == 0)
		return reflect_add(c, argc - 1, argv + 1);
	if (argc >= 1 && strcmp(argv[0], "list") == 0)
		return reflect_list(c, argc - 1, argv + 1);
	if (argc >= 1 && strcmp(argv[0], "stop") == 0)
		return reflect_stop(c, argc - 1, argv + 1);
	fputs(reflect_usage, stderr);
	return EX_USAGE;
}

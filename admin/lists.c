/*
 * lists.c - `stoa list show LIST`, `stoa list set LIST KEY VALUE`,
 * `stoa list rename LIST NEW --yes` and `stoa list delete LIST --yes`.
 * Every value is checked here, with a message that says what is allowed,
 * before the store sees it (its CHECK constraints are the last line).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "addr.h"
#include "admin.h"
#include "clock.h"
#include "err.h"
#include "store_lists.h"

#define LIST_MAX_TITLE 200

/* A setting: its name, its range or words, and how to say it. */
struct key {
	const char *name;
	long long min, max; /* an integer in [min, max]; min > max: not one */
	const char *const *words; /* else one of these, stored as its index */
	const char *help;
};

static const char *const yes_no[] = {"no", "yes", NULL};
static const char *const weekdays[] = {
    "sun", "mon", "tue", "wed", "thu", "fri", "sat", NULL};
static const char *const schedulers[] = {"classic", "adaptive", NULL};

static const struct key keys[] = {
    {"title", 1, 0, NULL, "up to 200 bytes of text, no control characters"},
    {"timezone", 1, 0, NULL, "a time zone such as Europe/Berlin"},
    {"moderated", 1, 0, yes_no, "yes or no"},
    {"held_days", 1, 365, NULL, "a number of days, 1 to 365"},
    {"posts_per_hour", 1, 0, NULL,
        "0 to 100000 posts (0 = no limit), or default (the config's)"},
    {"digest_weekday", 1, 0, weekdays, "sun, mon, tue, wed, thu, fri or sat"},
    {"digest_hour", 0, 23, NULL, "an hour, 0 to 23"},
    {"digest_draft_hours", 0, 144, NULL, "0 to 144 hours (0 = no draft)"},
    {"digest_approval", 1, 0, yes_no, "yes or no"},
    {"digest_quiet_note", 1, 0, yes_no, "yes or no"},
    {"digest_max_items", 1, 100, NULL, "1 to 100 threads"},
    {"intros", 1, 0, yes_no, "yes or no"},
    {"route_hours", 0, 720, NULL, "0 to 720 working hours (0 = never)"},
    {"badges", 1, 0, yes_no, "yes or no"},
    {"archive_left_badges", 1, 0, yes_no, "yes or no"},
    {"quiz_scheduler", 1, 0, schedulers, "classic or adaptive"},
    {"quiz_every_days", 1, 60, NULL, "1 to 60 days"},
    {"quiz_per_batch", 1, 10, NULL, "1 to 10 questions"},
    {"quiz_hour", 6, 19, NULL, "an hour, 6 to 19"},
    {"quiz_expiry_days", 1, 60, NULL, "1 to 60 days"},
    {"quiz_retention", 1, 0, NULL, "0.70 to 0.97"},
    {NULL, 0, 0, NULL, NULL},
};

/* word_index - the index of v in words, or -1. */
static int
word_index(const char *v, const char *const *words)
{
	int i;

	for (i = 0; words[i] != NULL; i++)
		if (strcmp(v, words[i]) == 0)
			return i;
	return -1;
}

/*
 * free_value_ok - title, timezone, posts_per_hour and quiz_retention:
 * checked by name.
 */
static bool
free_value_ok(const struct key *k, const char *v)
{
	char *end;
	double d;
	long long x;

	if (strcmp(k->name, "title") == 0)
		return *v != '\0' && admin_text_ok(v, LIST_MAX_TITLE);
	if (strcmp(k->name, "timezone") == 0)
		return tz_valid(v);
	if (strcmp(k->name, "posts_per_hour") == 0)
		return strcmp(v, "default") == 0 ||
		    parse_i64(v, 0, 100000, &x) == 0;
	d = strtod(v, &end);
	return end != v && *end == '\0' && d >= 0.70 && d <= 0.97;
}

/*
 * normalise - v checked against k into out (the stored form: "1" for
 * yes, "1" for mon); false when it is not allowed.
 */
static bool
normalise(const struct key *k, const char *v, char *out, size_t n)
{
	long long x;
	int i;

	if (k->words != NULL) {
		i = word_index(v, k->words);
		if (i < 0)
			return false;
		snprintf(out, n, "%d", i);
		return true;
	}
	if (k->min <= k->max) {
		if (parse_i64(v, k->min, k->max, &x) != 0)
			return false;
		snprintf(out, n, "%lld", x);
		return true;
	}
	if (!free_value_ok(k, v))
		return false;
	snprintf(out, n, "%s", v);
	return true;
}

static int
list_set(struct ctx *c, struct list_rec *l, const char *key, const char *v)
{
	const struct key *k;
	char val[LIST_MAX_TITLE + 1];
	int rc;

	for (k = keys; k->name != NULL && strcmp(k->name, key) != 0; k++)
		;
	if (k->name == NULL) {
		fprintf(stderr,
		    "stoa: no setting \"%s\" (stoa list --help names them)\n",
		    key);
		return EX_USAGE;
	}
	if (!normalise(k, v, val, sizeof val)) {
		fprintf(stderr, "stoa: %s: \"%s\" is not allowed: %s\n", key, v,
		    k->help);
		return EX_DATAERR;
	}
	rc = store_list_setting_set(c->st, l->id, key, val);
	if (rc == E_NOTFOUND)
		return die_rc(E_PARSE,
		    "quizzes are not enabled on this list (stoa quiz enable)");
	if (rc != 0)
		return die_rc(rc, "cannot change the setting");
	printf("%s: %s = %s\n", l->name, key, v);
	return 0;
}

static int
list_rename(struct ctx *c, struct list_rec *l, const char *name)
{
	int rc;

	if (!list_name_valid(name))
		return die_rc(E_PARSE,
		    "a list name is lower-case letters, digits, '-', '_' "
		    "or single dots, at most 22 characters");
	rc = store_list_rename(c->st, l->id, name);
	if (rc == E_DUP)
		return die_rc(rc, "a list of that name exists");
	if (rc != 0)
		return die_rc(rc, "cannot rename the list");
	printf("list %s is now %s: its addresses are %s@, %s+request@ ...\n",
	    l->name, name, name, name);
	return 0;
}

static int
list_delete(struct ctx *c, struct list_rec *l)
{
	int rc;

	rc = store_begin(c->st);
	if (rc == 0)
		rc = store_list_delete(c->st, l->id);
	if (rc == 0)
		rc = store_commit(c->st);
	if (rc != 0) {
		store_rollback(c->st);
		return die_rc(rc, "cannot delete the list (nothing changed)");
	}
	printf("list %s deleted\n", l->name);
	return 0;
}

/* run - the verb on list l, with its arguments pos[1..]. */
static int
run(struct ctx *c, const char *verb, struct list_rec *l, const char **pos)
{
	if (strcmp(verb, "show") == 0) {
		if (store_list_settings_show(c->st, l->id, stdout) != 0)
			return die_rc(E_TEMP, "cannot read the list");
		return 0;
	}
	if (strcmp(verb, "set") == 0)
		return list_set(c, l, pos[1], pos[2]);
	if (strcmp(verb, "rename") == 0)
		return list_rename(c, l, pos[1]);
	return list_delete(c, l);
}

int
cmd_list_admin(struct ctx *c, int argc, char **argv)
{
	static const char *const verbs[] = {
	    "show", "set", "rename", "delete", NULL};
	static const int npos[] = {1, 3, 2, 1};
	struct opt opts[] = {{"yes", 0, NULL}, {NULL, 0, NULL}};
	struct list_rec l = {0};
	const char *pos[3];
	int i, rc;

	i = word_index(argv[0], verbs);
	if (i < 0) {
		fprintf(stderr,
		    "stoa: unknown list command \"%s\" (try stoa"
		    " list --help)\n",
		    argv[0]);
		return EX_USAGE;
	}
	rc = opts_parse(argc - 1, argv + 1, i >= 2 ? opts : NULL, pos, npos[i],
	    npos[i], "stoa list --help");
	if (rc != 0)
		return rc;
	if (i >= 2 && opts[0].value == NULL) {
		fprintf(stderr, "stoa: list %s %s; add --yes to do it\n",
		    verbs[i],
		    i == 3 ? "removes the list and all it holds"
		           : "changes every address of the list");
		return EX_USAGE;
	}
	rc = admin_open_list(c, pos[0], &l);
	if (rc == 0)
		rc = run(c, verbs[i], &l, pos);
	list_rec_release(&l);
	return rc;
}

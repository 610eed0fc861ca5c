/*
 * t_badges.c - the badge rules (learn/badges.h): every rule at its
 * threshold and one below, the hand-given ones never by a rule, the
 * longest run of answered quiz sends, and the thanks detector on a table
 * of replies; also buf_add_json and buf_add_pct, which the badge files
 * and mails use.
 */
#include <stdio.h>
#include <string.h>

#include "badges.h"
#include "buf.h"
#include "t.h"

/* thresholds - each rule earned at min, not at min - 1. */
static void
thresholds(void)
{
	long f[BADGE_NFACTS];
	char name[96];
	size_t i;

	T_INT("rules", (long long)badge_nrules, 16);
	for (i = 0; i < badge_nrules; i++) {
		const struct badge_rule *r = &badge_rules[i];

		memset(f, 0, sizeof f);
		snprintf(name, sizeof name, "%s found", r->slug);
		T_OK(name, badge_find(r->slug) == r);
		if (badge_hand(r)) {
			for (size_t k = 0; k < BADGE_NFACTS; k++)
				f[k] = 1000;
			snprintf(
			    name, sizeof name, "%s never by rule", r->slug);
			T_OK(name, !badge_earned(r, f));
			continue;
		}
		f[r->fact] = r->min;
		snprintf(name, sizeof name, "%s at %ld", r->slug, r->min);
		T_OK(name, badge_earned(r, f));
		f[r->fact] = r->min - 1;
		snprintf(name, sizeof name, "%s at %ld", r->slug, r->min - 1);
		T_OK(name, !badge_earned(r, f));
	}
	T_OK("unknown slug", badge_find("nope") == NULL);
	T_OK("NULL slug", badge_find(NULL) == NULL);
}

static void
runs(void)
{
	static const bool a[] = {true, true, false, true, true, true, false};
	static const bool b[] = {true, true, true, true, true};

	T_INT("empty", badge_longest_run(NULL, 0), 0);
	T_INT("broken by a miss", badge_longest_run(a, 7), 3);
	T_INT("five", badge_longest_run(b, 5), 5);
	T_INT("none answered", badge_longest_run(a + 2, 1), 0);
}

static const struct {
	const char *text;
	bool want;
} thanks[] = {
    {"Thanks, that worked!", true},
    {"thank you so much", true},
    {"+1", true},
    {"THIS HELPED, cheers", true},
    {"Works now.", true},
    {"thx", true},
    {"Solved it with your hint", true},
    {"Thanks, but it did not work for me", false},
    {"Thanks, but it didn't work", false},
    {"Thanks, still failing", false},
    {"No luck, thanks anyway", false},
    {"Can you say more about the second step?", false},
    {"", false},
};

static void
detector(void)
{
	char big[BADGE_THANKS_MAX + 2];
	size_t i;

	for (i = 0; i < sizeof thanks / sizeof thanks[0]; i++)
		T_INT(thanks[i].text, badge_is_thanks(thanks[i].text),
		    thanks[i].want);
	T_OK("NULL", !badge_is_thanks(NULL));
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	memcpy(big, "thanks ", 7);
	T_OK("too long", !badge_is_thanks(big));
	big[BADGE_THANKS_MAX] = '\0';
	T_OK("just short enough", badge_is_thanks(big));
}

static void
encoders(void)
{
	struct buf b = BUF_INIT(1024);

	buf_add_json(&b, "a\"b\\c\n<script>&\x01");
	T_STR("json", buf_cstr(&b),
	    "\"a\\\"b\\\\c\\u000a\\u003cscript\\u003e\\u0026\\u0001\"");
	buf_reset(&b);
	buf_add_pct(&b, "First post & más/?");
	T_STR("pct", buf_cstr(&b), "First%20post%20%26%20m%C3%A1s%2F%3F");
	buf_release(&b);
}

int
main(void)
{
	thresholds();
	runs();
	detector();
	encoders();
	return t_done();
}

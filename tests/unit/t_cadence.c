/*
 * t_cadence.c - the mentoring cadence and health buckets (learn/cadence.h):
 * a table of next-check-in cases, a simulation of the first 90 days for
 * every pace (>= 10 check-ins unless paused, also when the budget delays
 * prompts), and each health bucket's boundaries.
 */
#include <stdbool.h>
#include <stdio.h>

#include "cadence.h"
#include "t.h"

#define S 20000L /* a start day */

static const struct {
	const char *name;
	struct cadence_in in;
	int rc;
	struct cadence_next want;
} next_cases[] = {
    {"first onboarding",
        {CADENCE_ONBOARDING, CADENCE_PACE_NONE, S, 0, 0, 0, S, 0, 0}, 0,
        {false, S + 7, 1, false}},
    {"first ongoing",
        {CADENCE_ONGOING, CADENCE_PACE_MONTHLY, S, 0, 0, 0, S, 0, 0}, 0,
        {false, S + 7, 1, false}},
    {"week 2",
        {CADENCE_ONBOARDING, CADENCE_PACE_NONE, S, 1, S + 7, 1, S + 7, 0, 0}, 0,
        {false, S + 14, 2, false}},
    {"week 8",
        {CADENCE_ONBOARDING, CADENCE_PACE_NONE, S, 7, S + 49, 7, S + 50, 0, 0},
        0, {false, S + 56, 8, false}},
    {"week 9 asks the pace",
        {CADENCE_ONBOARDING, CADENCE_PACE_NONE, S, 8, S + 56, 8, S + 56, 0, 0},
        0, {false, S + 63, 9, true}},
    {"week 9 pace known",
        {CADENCE_ONBOARDING, CADENCE_PACE_WEEKLY, S, 8, S + 56, 8, S + 56, 0,
            0},
        0, {false, S + 63, 9, false}},
    {"monthly capped by the 90-day floor",
        {CADENCE_ONBOARDING, CADENCE_PACE_MONTHLY, S, 9, S + 63, 9, S + 63, 0,
            0},
        0, {false, S + 77, 10, false}},
    {"monthly after the tenth",
        {CADENCE_ONBOARDING, CADENCE_PACE_MONTHLY, S, 10, S + 77, 10, S + 77, 0,
            0},
        0, {false, S + 105, 11, false}},
    {"none chosen: fortnightly",
        {CADENCE_ONBOARDING, CADENCE_PACE_NONE, S, 9, S + 63, 9, S + 63, 0, 0},
        0, {false, S + 77, 10, false}},
    {"late ninth: deadline day 89",
        {CADENCE_ONBOARDING, CADENCE_PACE_MONTHLY, S, 9, S + 80, 9, S + 80, 0,
            0},
        0, {false, S + 89, 10, false}},
    {"ongoing monthly",
        {CADENCE_ONGOING, CADENCE_PACE_MONTHLY, S, 3, S + 70, 3, S + 70, 0, 0},
        0, {false, S + 98, 4, false}},
    {"ongoing none: weekly",
        {CADENCE_ONGOING, CADENCE_PACE_NONE, S, 3, S + 21, 3, S + 21, 0, 0}, 0,
        {false, S + 28, 4, false}},
    {"overdue: today",
        {CADENCE_ONBOARDING, CADENCE_PACE_NONE, S, 2, S + 14, 2, S + 40, 0, 0},
        0, {false, S + 40, 3, false}},
    {"paused",
        {CADENCE_ONBOARDING, CADENCE_PACE_PAUSE, S, 9, S + 63, 9, S + 70, 0, 0},
        0, {true, 0, 10, false}},
    {"bad track",
        {(enum cadence_track)7, CADENCE_PACE_NONE, S, 0, 0, 0, S, 0, 0}, -1,
        {true, 0, 0, false}},
    {"bad pace", {CADENCE_ONGOING, (enum cadence_pace)9, S, 0, 0, 0, S, 0, 0},
        -1, {true, 0, 0, false}},
    {"today before start",
        {CADENCE_ONGOING, CADENCE_PACE_NONE, S, 0, 0, 0, S - 1, 0, 0}, -1,
        {true, 0, 0, false}},
    {"last before start",
        {CADENCE_ONGOING, CADENCE_PACE_NONE, S, 1, S - 3, 1, S, 0, 0}, -1,
        {true, 0, 0, false}},
};

static void
next_table(void)
{
	struct cadence_next got;
	char name[128];
	size_t i;
	int rc;

	for (i = 0; i < sizeof next_cases / sizeof next_cases[0]; i++) {
		rc = cadence_next(&next_cases[i].in, &got);
		snprintf(name, sizeof name, "%s rc", next_cases[i].name);
		T_INT(name, rc, next_cases[i].rc);
		snprintf(name, sizeof name, "%s none", next_cases[i].name);
		T_INT(name, got.none, next_cases[i].want.none);
		snprintf(name, sizeof name, "%s day", next_cases[i].name);
		T_INT(name, got.day - (got.none ? 0 : S),
		    next_cases[i].want.day - (got.none ? 0 : S));
		snprintf(name, sizeof name, "%s number", next_cases[i].name);
		T_INT(name, got.number, next_cases[i].want.number);
		snprintf(name, sizeof name, "%s ask_pace", next_cases[i].name);
		T_INT(name, got.ask_pace, next_cases[i].want.ask_pace);
	}
}

/*
 * simulate - 120 days of one onboarding pair choosing pace at week 9,
 * each prompt going out `delay` days after it was due (a full budget);
 * the check-ins inside the first 90 days.
 */
static int
simulate(enum cadence_pace chosen, long delay)
{
	struct cadence_in in = {
	    CADENCE_ONBOARDING, CADENCE_PACE_NONE, S, 0, 0, 0, S, 0, 0};
	struct cadence_next nx;
	bool due = cadence_next(&in, &nx) == 0 && !nx.none;

	for (in.today = S; due && in.today < S + 120; in.today++) {
		if (nx.day + delay > in.today)
			continue;
		in.n_done++;
		in.last = in.today;
		if (in.today < S + CADENCE_WINDOW)
			in.n_in_90++;
		if (nx.ask_pace)
			in.pace = chosen;
		due = cadence_next(&in, &nx) == 0 && !nx.none;
	}
	return (int)in.n_in_90;
}

static void
ninety_days(void)
{
	static const enum cadence_pace paces[] = {CADENCE_PACE_NONE,
	    CADENCE_PACE_WEEKLY, CADENCE_PACE_FORTNIGHTLY,
	    CADENCE_PACE_MONTHLY};
	char name[96];
	size_t i;
	long d;

	for (i = 0; i < sizeof paces / sizeof paces[0]; i++)
		for (d = 0; d <= 2; d++) {
			snprintf(name, sizeof name,
			    "90 days %s delay %ld >= 10",
			    cadence_pace_name(paces[i]), d);
			T_OK(name, simulate(paces[i], d) >= CADENCE_MIN_90);
		}
	T_INT("90 days weekly", simulate(CADENCE_PACE_WEEKLY, 0), 12);
	T_INT("90 days monthly", simulate(CADENCE_PACE_MONTHLY, 0), 10);
	T_INT("90 days paused at 9", simulate(CADENCE_PACE_PAUSE, 0), 9);
}

static const struct {
	const char *name;
	struct cadence_signals s;
	enum cadence_health want;
} health_cases[] = {
    {"day 0", {S, S, -1, {0, 0, 0}, CADENCE_FIT_NONE}, CADENCE_TOO_EARLY},
    {"day 13 no reply", {S, S + 13, -1, {0, 0, 0}, CADENCE_FIT_NONE},
        CADENCE_TOO_EARLY},
    {"day 14 no reply", {S, S + 14, -1, {0, 0, 0}, CADENCE_FIT_NONE},
        CADENCE_NEEDS_CHECKIN},
    {"day 20 no reply", {S, S + 20, -1, {0, 0, 0}, CADENCE_FIT_NONE},
        CADENCE_NEEDS_CHECKIN},
    {"day 21 no reply", {S, S + 21, -1, {0, 0, 0}, CADENCE_FIT_NONE},
        CADENCE_INACTIVE},
    {"early with a no", {S, S + 3, -1, {0, 0, 0}, CADENCE_FIT_NO},
        CADENCE_NEEDS_CHECKIN},
    {"replied, good pulse", {S, S + 10, S + 8, {3, 0, 0}, CADENCE_FIT_YES},
        CADENCE_ON_TRACK},
    {"silence 13", {S, S + 40, S + 27, {4, 4, 0}, CADENCE_FIT_YES},
        CADENCE_ON_TRACK},
    {"silence 14", {S, S + 41, S + 27, {4, 4, 0}, CADENCE_FIT_YES},
        CADENCE_NEEDS_CHECKIN},
    {"silence 21", {S, S + 48, S + 27, {4, 4, 0}, CADENCE_FIT_YES},
        CADENCE_INACTIVE},
    {"pulse 1", {S, S + 30, S + 29, {1, 4, 4}, CADENCE_FIT_YES},
        CADENCE_NEEDS_CHECKIN},
    {"pulses 2 2", {S, S + 30, S + 29, {2, 2, 4}, CADENCE_FIT_YES},
        CADENCE_NEEDS_CHECKIN},
    {"pulses 2 3", {S, S + 30, S + 29, {2, 3, 0}, CADENCE_FIT_YES},
        CADENCE_ON_TRACK},
    {"one pulse 2", {S, S + 30, S + 29, {2, 0, 0}, CADENCE_FIT_NONE},
        CADENCE_ON_TRACK},
    {"fit no later", {S, S + 30, S + 29, {4, 0, 0}, CADENCE_FIT_NO},
        CADENCE_NEEDS_CHECKIN},
    {"fit unsure", {S, S + 30, S + 29, {3, 0, 0}, CADENCE_FIT_UNSURE},
        CADENCE_ON_TRACK},
};

static void
health_table(void)
{
	size_t i;

	for (i = 0; i < sizeof health_cases / sizeof health_cases[0]; i++)
		T_STR(health_cases[i].name,
		    cadence_health_name(cadence_health(&health_cases[i].s)),
		    cadence_health_name(health_cases[i].want));
}

static void
names(void)
{
	enum cadence_pace p = CADENCE_PACE_NONE;

	T_OK("parse Weekly", cadence_pace_parse("Weekly", &p));
	T_INT("parse Weekly value", p, CADENCE_PACE_WEEKLY);
	T_OK("parse biweekly", cadence_pace_parse("biweekly", &p));
	T_INT("parse biweekly value", p, CADENCE_PACE_FORTNIGHTLY);
	T_OK("parse PAUSE", cadence_pace_parse("PAUSE", &p));
	T_OK("parse daily refused", !cadence_pace_parse("daily", &p));
	T_OK("parse empty refused", !cadence_pace_parse("", &p));
	T_STR(
	    "name monthly", cadence_pace_name(CADENCE_PACE_MONTHLY), "monthly");
	T_STR("name bad", cadence_pace_name((enum cadence_pace)9), "");
	T_STR("health bad", cadence_health_name((enum cadence_health)9), "");
	T_INT("pause days", cadence_pace_days(CADENCE_PACE_PAUSE), 0);
}

/* moved - the next check-in of in after cadence_move(in, target). */
static long
moved(struct cadence_in in, long target, int *rc)
{
	struct cadence_next nx;

	*rc = cadence_move(&in, target, &in.shift, &in.hold);
	if (*rc == 0)
		*rc = cadence_next(&in, &nx);
	return *rc == 0 ? nx.day - S : -1;
}

/* moves - reschedule, skip and pause move the next check-in exactly. */
static void
moves(void)
{
	struct cadence_in w3 = {CADENCE_ONBOARDING, CADENCE_PACE_NONE, S, 2,
	    S + 14, 2, S + 15, 0, 0};
	struct cadence_in p10 = {CADENCE_ONBOARDING, CADENCE_PACE_MONTHLY, S,
	    10, S + 77, 10, S + 80, 0, 0};
	struct cadence_next nx;
	int rc;

	T_INT("move week 3 earlier", moved(w3, S + 19, &rc), 19);
	T_INT("move week 3 later", moved(w3, S + 25, &rc), 25);
	T_INT("move paced", moved(p10, S + 110, &rc), 110);
	T_INT("move before today refused", moved(w3, S + 14, &rc), -1);
	T_INT("move rc", rc, -1);
	T_INT("step weekly part", cadence_step(&w3), 7);
	T_INT("step monthly", cadence_step(&p10), 28);
	/* the anchored ones after a move follow a week apart */
	cadence_move(&w3, S + 23, &w3.shift, &w3.hold);
	w3.n_done = 3;
	w3.n_in_90 = 3;
	w3.last = w3.today = S + 23;
	T_INT("after move next", cadence_next(&w3, &nx), 0);
	T_INT("after move week 4", nx.day - S, 30);
	w3.hold = S + 40; /* pause until day 40 */
	cadence_next(&w3, &nx);
	T_INT("hold", nx.day - S, 40);
	w3.pace = CADENCE_PACE_PAUSE;
	T_INT("move paused refused",
	    cadence_move(&w3, S + 50, &w3.shift, &w3.hold), -1);
}

int
main(void)
{
	moves();
	next_table();
	ninety_days();
	health_table();
	names();
	return t_done();
}

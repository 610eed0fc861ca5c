/*
 * t_checkin.c - the reply commands of a mentoring pair (learn/checkin.h):
 * each form, the refused ones, and the day each moves the next check-in.
 */
#include <stdio.h>

#include "checkin.h"
#include "t.h"

static const struct {
	const char *line;
	enum checkin_cmd cmd;
	long days, day; /* day: relative to today */
} cases[] = {
    {"skip", CHECKIN_SKIP, 0, 0},
    {"  Skip.", CHECKIN_SKIP, 0, 0},
    {"skip this one", CHECKIN_NONE, 0, 0},
    {"pause 2w", CHECKIN_PAUSE, 14, 0},
    {"Pause 10d", CHECKIN_PAUSE, 10, 0},
    {"pause 3 weeks", CHECKIN_PAUSE, 21, 0},
    {"pause 1 day", CHECKIN_PAUSE, 1, 0},
    {"pause 13w", CHECKIN_BAD, 0, 0},
    {"pause soon", CHECKIN_BAD, 0, 0},
    {"pause", CHECKIN_NONE, 0, 0},
    {"done", CHECKIN_DONE, 0, 0},
    {"Done, we met!", CHECKIN_DONE, 0, 0},
    {"done with the docs", CHECKIN_NONE, 0, 0},
    /* today is a Monday (2026-03-09): Tuesday is tomorrow */
    {"reschedule tuesday", CHECKIN_RESCHEDULE, 0, 1},
    {"reschedule Mon", CHECKIN_RESCHEDULE, 0, 7},
    {"reschedule 2026-03-12", CHECKIN_RESCHEDULE, 0, 3},
    {"reschedule 2026-03-09", CHECKIN_BAD, 0, 0},
    {"reschedule 2027-01-01", CHECKIN_BAD, 0, 0},
    {"reschedule someday", CHECKIN_BAD, 0, 0},
    {"4", CHECKIN_NONE, 0, 0},
    {"", CHECKIN_NONE, 0, 0},
};

static void
parse_table(long today)
{
	char name[96];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct checkin c = checkin_parse(cases[i].line, today);

		snprintf(name, sizeof name, "'%s' cmd", cases[i].line);
		T_INT(name, c.cmd, cases[i].cmd);
		if (c.cmd == CHECKIN_PAUSE) {
			snprintf(name, sizeof name, "'%s' days", cases[i].line);
			T_INT(name, c.days, cases[i].days);
		}
		if (c.cmd == CHECKIN_RESCHEDULE) {
			snprintf(name, sizeof name, "'%s' day", cases[i].line);
			T_INT(name, c.day - today, cases[i].day);
		}
	}
}

static void
targets(long today)
{
	/* onboarding, 2 check-ins done, the third due in 5 days */
	struct cadence_in in = {CADENCE_ONBOARDING, CADENCE_PACE_NONE,
	    today - 16, 2, today - 2, 2, today, 0, 0};
	struct checkin c = {CHECKIN_SKIP, 0, 0};
	long t = 0;

	T_INT("skip rc", checkin_target(&in, &c, &t), 0);
	T_INT("skip: a week later", t - today, 12);
	c = (struct checkin){CHECKIN_PAUSE, 14, 0};
	checkin_target(&in, &c, &t);
	T_INT("pause 2w", t - today, 14);
	c = (struct checkin){CHECKIN_PAUSE, 2, 0};
	checkin_target(&in, &c, &t);
	T_INT("pause shorter than the wait", t - today, 5);
	c = (struct checkin){CHECKIN_DONE, 0, 0};
	T_INT("done moves nothing", checkin_target(&in, &c, &t), -1);
	in.pace = CADENCE_PACE_PAUSE;
	c = (struct checkin){CHECKIN_SKIP, 0, 0};
	T_INT("paused: nothing to skip", checkin_target(&in, &c, &t), -1);
}

int
main(void)
{
	long today = checkin_civil(2026, 3, 9);

	T_INT("civil epoch", checkin_civil(1970, 1, 1), 0);
	T_INT("weekday of 2026-03-09", checkin_weekday(today), 1);
	parse_table(today);
	targets(today);
	T_STR("name", checkin_name(CHECKIN_RESCHEDULE), "reschedule");
	return t_done();
}

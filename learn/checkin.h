/*
 * checkin.h - the commands either person of a mentoring pair may write at
 * the top of a reply to a check-in mail (docs/mentoring.md, "Commands"),
 * and the day each one moves the next check-in to.
 *
 * Forms (any case, trailing punctuation ignored):
 *   skip                      the next check-in is skipped
 *   pause 2w | pause 10d      no check-in for 2 weeks / 10 days
 *     (also "pause 2 weeks", "pause 10 days"; 1 day to 12 weeks)
 *   done | done, we met       we met: recorded, nothing moves
 *   reschedule tuesday        the next check-in on the next Tuesday
 *     (mon..sun or full names) after today; the weekly ones follow
 *   reschedule 2026-03-12     on that date (tomorrow to 8 weeks ahead)
 *
 * Pure: no clock, no I/O; days as in cadence.h.
 */
#ifndef STOA_CHECKIN_H
#define STOA_CHECKIN_H

#include "cadence.h"

#define CHECKIN_PAUSE_MAX 84 /* days a "pause N" may hold */
#define CHECKIN_AHEAD_MAX 56 /* days ahead a reschedule date may be */

/* What a confirmation says when a command's arguments are not understood. */
#define CHECKIN_FORMS                                                          \
	"A command was not understood, so nothing changed. At the top of a"    \
	" reply write one of: skip; pause 2w (or pause 10d); done;"            \
	" reschedule tuesday (or reschedule 2026-03-12). The rest of your"     \
	" reply was passed on as usual."

enum checkin_cmd {
	CHECKIN_NONE, /* the line is no command */
	CHECKIN_SKIP,
	CHECKIN_PAUSE,
	CHECKIN_DONE,
	CHECKIN_RESCHEDULE,
	CHECKIN_BAD /* a command word with arguments not understood */
};

struct checkin {
	enum checkin_cmd cmd;
	long days; /* PAUSE: how long */
	long day;  /* RESCHEDULE: the day */
};

/* checkin_parse - the command on line (no newline) at day today. */
struct checkin checkin_parse(const char *line, long today);

/*
 * checkin_target - the day the next check-in of in moves to by c (SKIP,
 * PAUSE, RESCHEDULE) into *target; -1 when nothing is due (paused) or c
 * moves nothing.
 */
int checkin_target(
    const struct cadence_in *in, const struct checkin *c, long *target);

/* checkin_civil - the day of date y-m-d (proleptic Gregorian). */
long checkin_civil(int y, int m, int d);
/* checkin_weekday - 0 Sunday .. 6 Saturday of day. */
int checkin_weekday(long day);

/* checkin_name - "skip", "pause", "done", "reschedule", "" otherwise. */
const char *checkin_name(enum checkin_cmd c);

#endif

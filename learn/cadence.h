/*
 * cadence.h - when a mentoring pair's next check-in is due, and how
 * healthy the pair looks (docs/mentoring.md; ../shared/reference/
 * learning.md §4).
 *
 * Purpose: the onboarding track prompts weekly for 8 weeks (check-ins
 * 1..8 on days 7, 14, ... 56 after the start, the pair's weekday,
 * anchored to the start so a prompt held back a day does not push the
 * others); the 9th check-in (day 63) asks the mentee to choose the pace
 * (weekly, fortnightly, monthly, pause).  Until the pair has had 10 check-ins
 * in its first 90 days, no gap is longer than 14 days and none runs past the
 * latest day that still leaves room for the rest one week apart, so an
 * onboarding pair that never pauses gets at least 10 (the Microsoft buddy
 * data: more than 8 meetings in 90 days).  A pace not chosen counts as
 * fortnightly.  The ongoing track uses the chosen pace from the start
 * (weekly when none).  Paused: no next check-in.
 *
 * Health buckets (Together's "Matching Health Score"): from the days of
 * silence, the recent pulse scores (1..4) and the pairing-fit answer.
 *
 * Non-goals: time zones, hours, storage, the mail budget (callers turn
 * days into instants).  Pure: no clock, no I/O.  Days are integers (local
 * days since 1970-01-01 in the list's zone).
 */
#ifndef STOA_CADENCE_H
#define STOA_CADENCE_H

#include <stdbool.h>
#include <stddef.h>

#define CADENCE_WEEKS      8  /* weekly check-ins of onboarding */
#define CADENCE_CHOOSE     9  /* the check-in that asks for the pace */
#define CADENCE_MIN_90     10 /* check-ins wanted in the first 90 days */
#define CADENCE_WINDOW     90 /* days of that window */
#define CADENCE_MAX_GAP_90 14 /* longest gap while the minimum is not met */
#define CADENCE_NUDGE      14 /* days of silence: nudge both */
#define CADENCE_ALERT      21 /* days of silence: tell the moderators */
#define CADENCE_EARLY      14 /* days after the start that are "too early" */

enum cadence_track { CADENCE_ONBOARDING, CADENCE_ONGOING };

enum cadence_pace {
	CADENCE_PACE_NONE, /* not chosen yet */
	CADENCE_PACE_WEEKLY,
	CADENCE_PACE_FORTNIGHTLY,
	CADENCE_PACE_MONTHLY,
	CADENCE_PACE_PAUSE
};

/* What a pair has had so far. */
struct cadence_in {
	enum cadence_track track;
	enum cadence_pace pace;
	long start;     /* day the pair started */
	size_t n_done;  /* check-ins sent so far */
	long last;      /* day of the last one (ignored when n_done == 0) */
	size_t n_in_90; /* of them inside the first CADENCE_WINDOW days */
	long today;     /* now, as a day */
	long shift;     /* days added to the anchored days (cadence_move) */
	long hold;      /* no check-in before this day; 0: none */
};

/* The next check-in. */
struct cadence_next {
	bool none;     /* paused: nothing is due */
	long day;      /* the day it is due (never before today) */
	int number;    /* its number, 1-based */
	bool ask_pace; /* this one asks the mentee to choose the pace */
};

/*
 * cadence_next - the next check-in of a pair described by in, into out.
 * 0, or -1 when in is not valid (an unknown track or pace, today or last
 * before start).
 */
int cadence_next(const struct cadence_in *in, struct cadence_next *out);

/*
 * cadence_move - the shift and hold that put the next check-in of in on
 * day target (>= today): the anchored weekly ones after it follow a week
 * apart, the paced ones a gap apart.  -1 when in is not valid.
 */
int cadence_move(
    const struct cadence_in *in, long target, long *shift, long *hold);
/* cadence_step - the days from the next check-in of in to the one after. */
long cadence_step(const struct cadence_in *in);

/* cadence_pace_days - the gap of a pace in days (0 for pause). */
int cadence_pace_days(enum cadence_pace p);

/*
 * cadence_pace_parse - "weekly", "fortnightly" (or "biweekly"), "monthly",
 * "pause" (any case) into *p; false when word is none of them.
 */
bool cadence_pace_parse(const char *word, enum cadence_pace *p);
/* cadence_pace_name - "weekly" ... "pause", "" for NONE. */
const char *cadence_pace_name(enum cadence_pace p);

enum cadence_health {
	CADENCE_TOO_EARLY,     /* "Too early" */
	CADENCE_ON_TRACK,      /* "On track" */
	CADENCE_NEEDS_CHECKIN, /* "Needs a check-in" */
	CADENCE_INACTIVE       /* "Inactive" */
};

enum cadence_fit {
	CADENCE_FIT_NONE,
	CADENCE_FIT_YES,
	CADENCE_FIT_UNSURE,
	CADENCE_FIT_NO
};

/* What the health rule reads (docs/mentoring.md, "Health"). */
struct cadence_signals {
	long start, today;
	long last_reply; /* day of the last real exchange, -1 when none */
	int pulses[3];   /* the latest pulse scores, newest first, 0 = none */
	enum cadence_fit fit; /* the latest fit answer of either side */
};

/*
 * cadence_health - the bucket: silence >= CADENCE_ALERT days (since the
 * last exchange, or the start) is INACTIVE; no exchange yet and fewer than
 * CADENCE_EARLY days since the start is TOO_EARLY; silence >=
 * CADENCE_NUDGE days, a "no" to the fit question, a latest pulse of 1, or
 * two latest pulses both <= 2 is NEEDS_CHECKIN; else ON_TRACK.
 */
enum cadence_health cadence_health(const struct cadence_signals *s);
/* cadence_health_name - "too early", "on track", "needs a check-in" ... */
const char *cadence_health_name(enum cadence_health h);

#endif

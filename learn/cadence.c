/*
 * cadence.c - the check-in cadence and the health buckets of a mentoring
 * pair (cadence.h has the rules).  Pure: days in, days out.
 */
#include <strings.h>

#include "cadence.h"

#define DAY_FIRST 7 /* the first check-in, a week after the start */

int
cadence_pace_days(enum cadence_pace p)
{
	switch (p) {
	case CADENCE_PACE_WEEKLY:
		return 7;
	case CADENCE_PACE_FORTNIGHTLY:
		return 14;
	case CADENCE_PACE_MONTHLY:
		return 28;
	default:
		return 0;
	}
}

/* gap - days from the last check-in to the next at the pace. */
static long
gap(const struct cadence_in *in)
{
	if (in->pace != CADENCE_PACE_NONE)
		return cadence_pace_days(in->pace);
	return in->track == CADENCE_ONBOARDING ? 14 : 7;
}

/*
 * anchored - onboarding check-in n (<= CADENCE_CHOOSE) falls on day 7n
 * after the start, so prompts held back by the mail budget do not push
 * the later ones; never twice on one day.
 */
static long
anchored(const struct cadence_in *in, int n)
{
	long day = in->start + in->shift + 7L * n;

	return day > in->last ? day : in->last + 1;
}

/*
 * floor_90 - cap day so that an onboarding pair still reaches
 * CADENCE_MIN_90 check-ins inside its first CADENCE_WINDOW days: no gap
 * over CADENCE_MAX_GAP_90 and no later than the day that leaves the
 * remaining ones a week apart.  Behind schedule: a week at most.
 */
static long
floor_90(const struct cadence_in *in, long day)
{
	long left, deadline, cap;

	if (in->track != CADENCE_ONBOARDING || in->n_in_90 >= CADENCE_MIN_90 ||
	    in->last + 1 >= in->start + CADENCE_WINDOW)
		return day;
	left = (long)(CADENCE_MIN_90 - in->n_in_90);
	deadline = in->start + CADENCE_WINDOW - 1 - 7 * (left - 1);
	cap = in->last + CADENCE_MAX_GAP_90;
	if (deadline < cap)
		cap = deadline;
	if (cap <= in->last)
		cap = in->last + 7;
	return day < cap ? day : cap;
}

/* is_anchored - check-in n of in falls on an anchored weekly day. */
static bool
is_anchored(const struct cadence_in *in, int n)
{
	return in->track == CADENCE_ONBOARDING && n <= CADENCE_CHOOSE;
}

static bool
valid(const struct cadence_in *in)
{
	if (in->track != CADENCE_ONBOARDING && in->track != CADENCE_ONGOING)
		return false;
	if (in->pace < CADENCE_PACE_NONE || in->pace > CADENCE_PACE_PAUSE)
		return false;
	if (in->today < in->start || in->n_in_90 > in->n_done)
		return false;
	return in->n_done == 0 || in->last >= in->start;
}

int
cadence_next(const struct cadence_in *in, struct cadence_next *out)
{
	long day;

	*out = (struct cadence_next){true, 0, 0, false};
	if (!valid(in))
		return -1;
	out->number = (int)in->n_done + 1;
	if (in->pace == CADENCE_PACE_PAUSE)
		return 0;
	if (in->n_done == 0)
		day = in->start + in->shift + DAY_FIRST;
	else if (is_anchored(in, out->number))
		day = anchored(in, out->number);
	else
		day = floor_90(in, in->last + gap(in));
	if (day < in->hold)
		day = in->hold;
	out->none = false;
	out->day = day < in->today ? in->today : day;
	out->ask_pace = in->track == CADENCE_ONBOARDING &&
	    out->number == CADENCE_CHOOSE && in->pace == CADENCE_PACE_NONE;
	return 0;
}

long
cadence_step(const struct cadence_in *in)
{
	return is_anchored(in, (int)in->n_done + 2) ? 7 : gap(in);
}

int
cadence_move(const struct cadence_in *in, long target, long *shift, long *hold)
{
	struct cadence_in base = *in;
	struct cadence_next nx;

	base.hold = 0;
	if (target < in->today || cadence_next(&base, &nx) != 0 || nx.none)
		return -1;
	*shift = in->shift;
	if (in->n_done == 0 || is_anchored(in, nx.number))
		*shift += target - (in->start + in->shift + 7L * nx.number);
	*hold = target;
	return 0;
}

static const char *const pace_names[] = {
    "", "weekly", "fortnightly", "monthly", "pause"};

bool
cadence_pace_parse(const char *word, enum cadence_pace *p)
{
	int i;

	for (i = CADENCE_PACE_WEEKLY; i <= CADENCE_PACE_PAUSE; i++)
		if (strcasecmp(word, pace_names[i]) == 0) {
			*p = (enum cadence_pace)i;
			return true;
		}
	if (strcasecmp(word, "biweekly") == 0) {
		*p = CADENCE_PACE_FORTNIGHTLY;
		return true;
	}
	return false;
}

const char *
cadence_pace_name(enum cadence_pace p)
{
	if (p < CADENCE_PACE_NONE || p > CADENCE_PACE_PAUSE)
		return "";
	return pace_names[p];
}

/* low_pulse - the latest pulse is 1, or the two latest are both <= 2. */
static bool
low_pulse(const int *p)
{
	if (p[0] == 1)
		return true;
	return p[0] > 0 && p[1] > 0 && p[0] <= 2 && p[1] <= 2;
}

enum cadence_health
cadence_health(const struct cadence_signals *s)
{
	long since = s->last_reply >= 0 ? s->last_reply : s->start;
	long silence = s->today - since;

	if (silence >= CADENCE_ALERT)
		return CADENCE_INACTIVE;
	if (s->last_reply < 0 && s->today - s->start < CADENCE_EARLY &&
	    s->fit != CADENCE_FIT_NO)
		return CADENCE_TOO_EARLY;
	if (silence >= CADENCE_NUDGE || s->fit == CADENCE_FIT_NO ||
	    low_pulse(s->pulses))
		return CADENCE_NEEDS_CHECKIN;
	return CADENCE_ON_TRACK;
}

const char *
cadence_health_name(enum cadence_health h)
{
	static const char *const names[] = {
	    "too early", "on track", "needs a check-in", "inactive"};

	if (h < CADENCE_TOO_EARLY || h > CADENCE_INACTIVE)
		return "";
	return names[h];
}

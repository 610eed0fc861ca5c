/*
 * classic.h - the Kerfoot/Qstream "classic" spaced-education scheduler.
 *
 * Purpose: the published rules (../shared/reference/kerfoot.md): a
 * question answered wrong comes back after X days, one answered right
 * after 2X days, and it is retired once answered right twice in a row.
 * Stoa's defaults fill the gaps: X = 12; a question not answered within
 * 7 days (days sent .. sent+6) is missed on day sent+7 and comes back X
 * days later; a miss keeps the streak; a late answer changes nothing;
 * only the first answer to a presentation counts.  Deliveries every 2
 * days from day 0, at most 2 questions each, in the order right-answer
 * repeats, wrong/missed repeats, new questions; earliest due day first,
 * then the lowest question number.
 *
 * Days are integers since the course started, in the list's time zone;
 * an answer belongs to the day it is received.  The caller processes a
 * day's answers and expiries before its delivery.
 *
 * Non-goals: turning times into days (the caller's clock and zone), the
 * vacation hold (shift every due day), storage.  Pure: no clock, no I/O.
 */
#ifndef STOA_CLASSIC_H
#define STOA_CLASSIC_H

#include <stdbool.h>
#include <stddef.h>

#define CLASSIC_X        12    /* days before a wrong answer's repeat */
#define CLASSIC_RETIRE   2     /* right answers in a row that retire */
#define CLASSIC_EXPIRY   7     /* days an answer counts (sent .. sent+6) */
#define CLASSIC_BATCH    2     /* questions per delivery */
#define CLASSIC_CADENCE  2     /* days between deliveries */
#define CLASSIC_MAX_DAYS 36500 /* limit for X and the other day counts */

struct classic_params {
	int x;                     /* wrong: +x days; right: +2x */
	int retire_after;          /* streak that retires a question */
	int expiry_days;           /* an answer counts on sent .. sent+this-1 */
	bool missed_resets_streak; /* false: a miss is not an answer */
	int batch;                 /* questions per delivery */
	int cadence_days;          /* a delivery on days 0, c, 2c ... */
};

enum classic_state {
	CLASSIC_NEW,     /* never sent */
	CLASSIC_SENT,    /* out, waiting for an answer; day = day sent */
	CLASSIC_WAITING, /* answered or missed; day = due day of the repeat */
	CLASSIC_RETIRED  /* done; day = day retired */
};

enum classic_outcome {
	CLASSIC_NONE,
	CLASSIC_RIGHT,
	CLASSIC_WRONG,
	CLASSIC_MISSED
};

/* struct classic_item - one learner's state for one question. */
struct classic_item {
	enum classic_state state;
	enum classic_outcome last;  /* outcome of the latest presentation */
	enum classic_outcome first; /* the first answer ever (RIGHT/WRONG) */
	int streak;                 /* right answers in a row */
	long day;                   /* see enum classic_state */
	int presentations;          /* times sent */
};

/* What an answer did. */
enum classic_effect {
	CLASSIC_COUNTED, /* graded; the schedule moved */
	CLASSIC_LATE,    /* on or after the expiry day: log it, no effect */
	CLASSIC_NOT_OUT  /* not sent, already answered, expired or retired */
};

/* classic_params_default - X 12, retire 2, expiry 7, batch 2 every 2. */
void classic_params_default(struct classic_params *p);

/* classic_params_ok - true when every count is in its range. */
bool classic_params_ok(const struct classic_params *p);

/* classic_item_init - a question never sent. */
void classic_item_init(struct classic_item *it);

/*
 * classic_send - the question goes out on day.  Returns 0, or E_PERM when
 * it is already out or retired (nothing changes).
 */
int classic_send(struct classic_item *it, long day);

/*
 * classic_answer - an answer (right or wrong) received on day; see enum
 * classic_effect.  Counted: streak and due day (answer day + X or 2X) or
 * retirement on that day.
 */
enum classic_effect classic_answer(const struct classic_params *p,
    struct classic_item *it, long day, bool right);

/*
 * classic_expire - when the question is out and day is on or after its
 * expiry day, record the miss (due expiry day + X) and return true; else
 * false and nothing changes.
 */
bool classic_expire(
    const struct classic_params *p, struct classic_item *it, long day);

/* classic_expiry_day - the day an out question is missed. */
long classic_expiry_day(
    const struct classic_params *p, const struct classic_item *it);

/* classic_is_delivery_day - day is 0, cadence, 2 cadence ... */
bool classic_is_delivery_day(const struct classic_params *p, long day);

/*
 * classic_pick - choose the questions of the delivery on day from
 * items[0..n) (index = question order): at most min(p->batch, max) of
 * them, in priority order, into out.  Returns how many.
 */
size_t classic_pick(const struct classic_params *p,
    const struct classic_item *items, size_t n, long day, size_t *out,
    size_t max);

/*
 * classic_scores - Kerfoot's metrics in percent: baseline = right among
 * first answers (never-answered questions left out; 0 when none),
 * completion = retired among all n (0 when n is 0).
 */
void classic_scores(const struct classic_item *items, size_t n,
    double *baseline, double *completion);

#endif

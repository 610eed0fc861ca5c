/*
 * fsrs.h - FSRS-6, the adaptive scheduler of the quiz feature.
 *
 * Purpose: given a card's memory state (stability S in days, difficulty D
 * in [1, 10], time of the last review) and one answer, compute the new
 * state, the retrievability R the card had at the answer, and the next
 * interval and due time.  The formulas are py-fsrs 6.3.1's with its 21
 * default parameters (../shared/reference/fsrs6.md); the unit test
 * replays every value in fsrs6-vectors.json.
 *
 * Email use: binary grading (wrong = FSRS_AGAIN, right = FSRS_GOOD), no
 * learning steps, desired retention 0.90, elapsed time measured from the
 * real answer time in whole 24-hour periods, intervals rounded half to
 * even and clamped to [1, max_interval].  Hard and Easy are accepted so
 * that the four-grade vectors can be checked too.
 *
 * Non-goals: learning/relearning steps (minutes, wrong for email), fuzz,
 * parameter optimisation.  Pure: no clock (times are parameters, Unix
 * seconds), no I/O, no globals.
 */
#ifndef STOA_FSRS_H
#define STOA_FSRS_H

#include <stdbool.h>

#define FSRS_NPARAM       21      /* w0..w20 */
#define FSRS_RETENTION    0.90    /* default desired retention */
#define FSRS_MAX_INTERVAL 36500   /* days, py-fsrs's default */
#define FSRS_S_MIN        0.001   /* stability floor after every formula */
#define FSRS_DAY          86400LL /* seconds in one elapsed "day" */

enum fsrs_grade { FSRS_AGAIN = 1, FSRS_HARD = 2, FSRS_GOOD = 3, FSRS_EASY = 4 };

struct fsrs_params {
	double w[FSRS_NPARAM];
	double retention; /* desired retention, 0 < r < 1 */
	int max_interval; /* days, >= 1 */
};

/* struct fsrs_card - a learner's memory of one question. */
struct fsrs_card {
	bool reviewed;  /* false: never answered (S, D, last unused) */
	double s;       /* stability, days */
	double d;       /* difficulty, 1..10 */
	long long last; /* time of the last review, Unix seconds */
};

/* struct fsrs_review - what one answer did. */
struct fsrs_review {
	long long t;   /* whole days since the last review; -1 on the first */
	double r;      /* retrievability before the answer; -1 on the first */
	double s, d;   /* state after the answer */
	int interval;  /* next interval, days */
	long long due; /* answer time + interval days */
};

/* fsrs_params_default - the FSRS-6 defaults, retention 0.90, 36500 days. */
void fsrs_params_default(struct fsrs_params *p);

/* fsrs_grade_binary - FSRS_GOOD for a right answer, FSRS_AGAIN otherwise. */
enum fsrs_grade fsrs_grade_binary(bool correct);

/*
 * fsrs_review - apply grade g answered at time now to *card and describe
 * it in *out.  A time before the last review counts as 0 days.  Returns 0,
 * or E_PARSE for a grade outside 1..4 or bad parameters (card untouched).
 */
int fsrs_review(const struct fsrs_params *p, struct fsrs_card *card,
    enum fsrs_grade g, long long now, struct fsrs_review *out);

/*
 * fsrs_elapsed_days - whole 24-hour periods from last to now, floored; 0
 * when now is before last.
 */
long long fsrs_elapsed_days(long long last, long long now);

/* fsrs_retrievability - R(t, S) = (1 + FACTOR t / S)^DECAY. */
double fsrs_retrievability(const struct fsrs_params *p, double t, double s);

/*
 * fsrs_recall_at - the card's predicted recall at now: R after the whole
 * days elapsed since its last review; -1 for a card never reviewed.
 */
double fsrs_recall_at(
    const struct fsrs_params *p, const struct fsrs_card *c, long long now);

/* fsrs_interval_raw - days until R falls to retention r, before rounding. */
double fsrs_interval_raw(const struct fsrs_params *p, double s, double r);

/*
 * fsrs_interval - fsrs_interval_raw() rounded half to even, clamped to
 * [1, p->max_interval].
 */
int fsrs_interval(const struct fsrs_params *p, double s, double r);

/* The single formulas, exported for the unit test's primitive tables. */
double fsrs_init_stability(const struct fsrs_params *p, enum fsrs_grade g);
/* fsrs_init_difficulty - D0(g); clamped to [1, 10] when clamp is true. */
double fsrs_init_difficulty(
    const struct fsrs_params *p, enum fsrs_grade g, bool clamp);
double fsrs_next_difficulty(
    const struct fsrs_params *p, double d, enum fsrs_grade g);
double fsrs_short_term_stability(
    const struct fsrs_params *p, double s, enum fsrs_grade g);
/* fsrs_recall_stability - S after a Hard, Good or Easy answer at R r. */
double fsrs_recall_stability(const struct fsrs_params *p, double d, double s,
    double r, enum fsrs_grade g);
/* fsrs_forget_stability - S after an Again answer at R r. */
double fsrs_forget_stability(
    const struct fsrs_params *p, double d, double s, double r);

#endif

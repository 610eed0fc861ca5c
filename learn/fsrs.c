/*
 * fsrs.c - FSRS-6 (see fsrs.h and ../shared/reference/fsrs6.md).
 *
 * The forgetting curve is R(t, S) = (1 + FACTOR t / S)^DECAY with
 * DECAY = -w20 and FACTOR = 0.9^(1/DECAY) - 1, so that R(S, S) = 0.9: the
 * stability is the number of days after which recall drops to 90%.
 *
 * One review: t = floored days since the last review; R from the OLD S;
 * the new S from the old S and the OLD D (same day: short-term formula;
 * Again: lapse formula; otherwise success formula); then the new D; then
 * the interval from the new S alone.  Expressions keep py-fsrs's order of
 * operations so that interval ties (raw x.5) round the same way.
 */
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "err.h"
#include "fsrs.h"

static const double fsrs_w_default[FSRS_NPARAM] = {0.212, 1.2931, 2.3065,
    8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835,
    0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542};

void
fsrs_params_default(struct fsrs_params *p)
{
	memcpy(p->w, fsrs_w_default, sizeof p->w);
	p->retention = FSRS_RETENTION;
	p->max_interval = FSRS_MAX_INTERVAL;
}

enum fsrs_grade
fsrs_grade_binary(bool correct)
{
	return correct ? FSRS_GOOD : FSRS_AGAIN;
}

static double
decay(const struct fsrs_params *p)
{
	return -p->w[20];
}

static double
factor(const struct fsrs_params *p)
{
	return pow(0.9, 1 / decay(p)) - 1;
}

static double
clamp(double x, double lo, double hi)
{
	return x < lo ? lo : (x > hi ? hi : x);
}

static double
floor_s(double s)
{
	return s < FSRS_S_MIN ? FSRS_S_MIN : s;
}

long long
fsrs_elapsed_days(long long last, long long now)
{
	if (now <= last)
		return 0;
	return (now - last) / FSRS_DAY;
}

double
fsrs_retrievability(const struct fsrs_params *p, double t, double s)
{
	return pow(1 + factor(p) * t / s, decay(p));
}

double
fsrs_recall_at(
    const struct fsrs_params *p, const struct fsrs_card *c, long long now)
{
	if (!c->reviewed || c->s <= 0)
		return -1;
	return fsrs_retrievability(
	    p, (double)fsrs_elapsed_days(c->last, now), c->s);
}

double
fsrs_interval_raw(const struct fsrs_params *p, double s, double r)
{
	return (s / factor(p)) * (pow(r, 1 / decay(p)) - 1);
}

int
fsrs_interval(const struct fsrs_params *p, double s, double r)
{
	double ivl = rint(fsrs_interval_raw(p, s, r)); /* half to even */

	if (!(ivl >= 1))
		ivl = 1;
	if (ivl > p->max_interval)
		ivl = p->max_interval;
	return (int)ivl;
}

double
fsrs_init_stability(const struct fsrs_params *p, enum fsrs_grade g)
{
	return floor_s(p->w[g - 1]);
}

double
fsrs_init_difficulty(const struct fsrs_params *p, enum fsrs_grade g, bool cl)
{
	double d = p->w[4] - exp(p->w[5] * ((int)g - 1)) + 1;

	return cl ? clamp(d, 1, 10) : d;
}

double
fsrs_next_difficulty(const struct fsrs_params *p, double d, enum fsrs_grade g)
{
	double delta = -(p->w[6] * ((int)g - 3));
	double d1 = d + (10.0 - d) * delta / 9.0;
	double target = fsrs_init_difficulty(p, FSRS_EASY, false);
	double d2 = p->w[7] * target + (1 - p->w[7]) * d1;

	return clamp(d2, 1, 10);
}

double
fsrs_short_term_stability(
    const struct fsrs_params *p, double s, enum fsrs_grade g)
{
	double k = exp(p->w[17] * ((int)g - 3 + p->w[18])) * pow(s, -p->w[19]);

	if (g >= FSRS_GOOD && k < 1.0)
		k = 1.0;
	return floor_s(s * k);
}

double
fsrs_recall_stability(const struct fsrs_params *p, double d, double s, double r,
    enum fsrs_grade g)
{
	double hard = g == FSRS_HARD ? p->w[15] : 1;
	double easy = g == FSRS_EASY ? p->w[16] : 1;

	return floor_s(s *
	    (1 +
	        exp(p->w[8]) * (11 - d) * pow(s, -p->w[9]) *
	            (exp((1 - r) * p->w[10]) - 1) * hard * easy));
}

double
fsrs_forget_stability(const struct fsrs_params *p, double d, double s, double r)
{
	double lt = p->w[11] * pow(d, -p->w[12]) * (pow(s + 1, p->w[13]) - 1) *
	    exp((1 - r) * p->w[14]);
	double st = s / exp(p->w[17] * p->w[18]);

	return floor_s(lt < st ? lt : st);
}

static bool
params_ok(const struct fsrs_params *p)
{
	return p->retention > 0 && p->retention < 1 && p->max_interval >= 1 &&
	    p->w[20] > 0;
}

/* next_state - S and D after grade g, t days after a review (card seen). */
static void
next_state(const struct fsrs_params *p, const struct fsrs_card *c,
    enum fsrs_grade g, struct fsrs_review *out)
{
	out->r = fsrs_retrievability(p, (double)out->t, c->s);
	if (out->t == 0)
		out->s = fsrs_short_term_stability(p, c->s, g);
	else if (g == FSRS_AGAIN)
		out->s = fsrs_forget_stability(p, c->d, c->s, out->r);
	else
		out->s = fsrs_recall_stability(p, c->d, c->s, out->r, g);
	out->d = fsrs_next_difficulty(p, c->d, g);
}

int
fsrs_review(const struct fsrs_params *p, struct fsrs_card *card,
    enum fsrs_grade g, long long now, struct fsrs_review *out)
{
	if (g < FSRS_AGAIN || g > FSRS_EASY || !params_ok(p))
		return E_PARSE;
	if (!card->reviewed) {
		out->t = -1;
		out->r = -1;
		out->s = fsrs_init_stability(p, g);
		out->d = fsrs_init_difficulty(p, g, true);
	} else {
		out->t = fsrs_elapsed_days(card->last, now);
		next_state(p, card, g, out);
	}
	out->interval = fsrs_interval(p, out->s, p->retention);
	out->due = now + out->interval * FSRS_DAY;
	card->reviewed = true;
	card->s = out->s;
	card->d = out->d;
	card->last = now;
	return 0;
}

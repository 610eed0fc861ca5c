/*
 * classic.c - Kerfoot/Qstream classic spacing (see classic.h).
 *
 * An item moves NEW -> SENT -> WAITING -> SENT ... -> RETIRED.  Only a
 * counted answer or an expiry leaves SENT; the streak counts right
 * answers in a row and a wrong answer zeroes it.  Delivery ranks every
 * eligible item by (group, due day, index) and takes the best few: a
 * selection, not a sort, because a batch is tiny.
 */
#include <stdbool.h>
#include <stddef.h>

#include "classic.h"
#include "err.h"

/* Delivery groups, best first; CLASSIC_G_NONE is not eligible. */
enum classic_group {
	CLASSIC_G_RIGHT,
	CLASSIC_G_WRONG,
	CLASSIC_G_NEW,
	CLASSIC_G_NONE
};

void
classic_params_default(struct classic_params *p)
{
	p->x = CLASSIC_X;
	p->retire_after = CLASSIC_RETIRE;
	p->expiry_days = CLASSIC_EXPIRY;
	p->missed_resets_streak = false;
	p->batch = CLASSIC_BATCH;
	p->cadence_days = CLASSIC_CADENCE;
}

static bool
in_range(int v)
{
	return v >= 1 && v <= CLASSIC_MAX_DAYS;
}

bool
classic_params_ok(const struct classic_params *p)
{
	return in_range(p->x) && in_range(p->retire_after) &&
	    in_range(p->expiry_days) && in_range(p->batch) &&
	    in_range(p->cadence_days);
}

void
classic_item_init(struct classic_item *it)
{
	it->state = CLASSIC_NEW;
	it->last = CLASSIC_NONE;
	it->first = CLASSIC_NONE;
	it->streak = 0;
	it->day = 0;
	it->presentations = 0;
}

int
classic_send(struct classic_item *it, long day)
{
	if (it->state == CLASSIC_SENT || it->state == CLASSIC_RETIRED)
		return E_PERM;
	it->state = CLASSIC_SENT;
	it->day = day;
	it->presentations++;
	return 0;
}

long
classic_expiry_day(
    const struct classic_params *p, const struct classic_item *it)
{
	return it->day + p->expiry_days;
}

enum classic_effect
classic_answer(const struct classic_params *p, struct classic_item *it,
    long day, bool right)
{
	if (it->state != CLASSIC_SENT || day < it->day)
		return CLASSIC_NOT_OUT;
	if (day >= classic_expiry_day(p, it))
		return CLASSIC_LATE;
	it->last = right ? CLASSIC_RIGHT : CLASSIC_WRONG;
	if (it->first == CLASSIC_NONE)
		it->first = it->last;
	it->streak = right ? it->streak + 1 : 0;
	if (it->streak >= p->retire_after) {
		it->state = CLASSIC_RETIRED;
		it->day = day;
		return CLASSIC_COUNTED;
	}
	it->state = CLASSIC_WAITING;
	it->day = day + (right ? 2L * p->x : p->x);
	return CLASSIC_COUNTED;
}

bool
classic_expire(
    const struct classic_params *p, struct classic_item *it, long day)
{
	long exp;

	if (it->state != CLASSIC_SENT)
		return false;
	exp = classic_expiry_day(p, it);
	if (day < exp)
		return false;
	it->last = CLASSIC_MISSED;
	if (p->missed_resets_streak)
		it->streak = 0;
	it->state = CLASSIC_WAITING;
	it->day = exp + p->x;
	return true;
}

bool
classic_is_delivery_day(const struct classic_params *p, long day)
{
	return day >= 0 && p->cadence_days > 0 && day % p->cadence_days == 0;
}

static enum classic_group
group_of(const struct classic_item *it, long day)
{
	if (it->state == CLASSIC_NEW)
		return CLASSIC_G_NEW;
	if (it->state != CLASSIC_WAITING || it->day > day)
		return CLASSIC_G_NONE;
	return it->last == CLASSIC_RIGHT ? CLASSIC_G_RIGHT : CLASSIC_G_WRONG;
}

/* before - true when item a goes out before item b (a, b eligible). */
static bool
before(const struct classic_item *items, size_t a, size_t b, long day)
{
	enum classic_group ga = group_of(&items[a], day);
	enum classic_group gb = group_of(&items[b], day);

	if (ga != gb)
		return ga < gb;
	if (ga != CLASSIC_G_NEW && items[a].day != items[b].day)
		return items[a].day < items[b].day;
	return a < b;
}

static bool
taken(const size_t *out, size_t k, size_t i)
{
	size_t j;

	for (j = 0; j < k; j++)
		if (out[j] == i)
			return true;
	return false;
}

size_t
classic_pick(const struct classic_params *p, const struct classic_item *items,
    size_t n, long day, size_t *out, size_t max)
{
	size_t k, i, best;
	size_t want = p->batch > 0 ? (size_t)p->batch : 0;

	if (max < want)
		want = max;
	for (k = 0; k < want; k++) {
		best = n;
		for (i = 0; i < n; i++) {
			if (group_of(&items[i], day) == CLASSIC_G_NONE ||
			    taken(out, k, i))
				continue;
			if (best == n || before(items, i, best, day))
				best = i;
		}
		if (best == n)
			break;
		out[k] = best;
	}
	return k;
}

void
classic_scores(const struct classic_item *items, size_t n, double *baseline,
    double *completion)
{
	size_t i, answered = 0, right = 0, retired = 0;

	for (i = 0; i < n; i++) {
		answered += items[i].first != CLASSIC_NONE;
		right += items[i].first == CLASSIC_RIGHT;
		retired += items[i].state == CLASSIC_RETIRED;
	}
	*baseline = answered > 0 ? 100.0 * (double)right / (double)answered : 0;
	*completion = n > 0 ? 100.0 * (double)retired / (double)n : 0;
}

/*
 * select.c - what goes into a digest: threads with activity in the
 * period, ranked by digest_score(); questions nobody else has answered
 * ("Can you help?"); members who joined.  Items get stable numbers 1..N
 * in that order, which the moderators use to curate.
 */
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "digest.h"
#include "err.h"
#include "xmalloc.h"

/*
 * ln - natural logarithm of x >= 1 without libm (the programs do not link
 * it): x = m 2^k with m in [1, 2), ln m = 2 atanh((m - 1) / (m + 1)).
 */
static double
ln(double x)
{
	double k = 0.0, y, y2, term, sum = 0.0;
	int i;

	while (x >= 2.0) {
		x /= 2.0;
		k += 1.0;
	}
	y = (x - 1.0) / (x + 1.0);
	y2 = y * y;
	term = y;
	for (i = 1; i < 40; i += 2) {
		sum += term / i;
		term *= y2;
	}
	return k * 0.6931471805599453 + 2.0 * sum;
}

double
digest_score(const struct digest_cand *c, long long start, long long end)
{
	double recency = 0.0, s;
	long long last;

	if (end > start && time_parse_iso(c->last, &last) == 0) {
		recency = 1.0 - (double)(end - last) / (double)(end - start);
		recency = recency < 0.0 ? 0.0 : recency > 1.0 ? 1.0 : recency;
	}
	s = 2.0 * ln(1.0 + c->in_period);
	s += 0.5 * (c->participants < 6 ? c->participants : 6);
	s += recency;
	if (c->question && c->answered)
		s += 1.0;
	return s;
}

/* A candidate with its score, for sorting. */
struct ranked {
	const struct digest_cand *c;
	double score;
};

static int
by_score(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	int t;

	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	t = strcmp(y->c->last, x->c->last); /* more recent first */
	if (t != 0)
		return t;
	return x->c->thread_id < y->c->thread_id ? -1 : 1;
}

/* add - one item. */
static int
add(struct store *st, long long id, long long *number, const char *section,
    long long thread, long long member, size_t pos, double score,
    long long upto)
{
	struct digest_item it;

	memset(&it, 0, sizeof it);
	it.number = ++*number;
	snprintf(it.section, sizeof it.section, "%s", section);
	it.thread_id = thread;
	it.member_id = member;
	it.position = (double)pos;
	it.score = score;
	it.upto = upto;
	return store_digest_item_add(st, id, &it);
}

int
digest_select(struct store *st, const struct digest_list *dl,
    const char *send_at, long long now, long long *id)
{
	struct digest_rec d;
	struct digest_cand *c = NULL;
	struct ranked *r = NULL;
	long long *joined = NULL, slot, start, number = 0;
	size_t nc = 0, nj = 0, nr = 0, i, q = 0;
	char fallback[CLOCK_ISO_LEN], qsince[CLOCK_ISO_LEN];
	int rc;

	memset(&d, 0, sizeof d);
	d.list_id = dl->list.id;
	snprintf(d.send_at, sizeof d.send_at, "%s", send_at);
	rc = time_parse_iso(send_at, &slot);
	if (rc == 0)
		rc = time_format_iso(slot - 7 * 86400, fallback);
	if (rc == 0)
		rc = store_digest_last_end(
		    st, dl->list.id, fallback, d.period_start);
	if (rc == 0)
		rc = time_format_iso(now, d.period_end);
	if (rc == 0)
		rc = time_format_iso(
		    now - DIGEST_QUESTION_DAYS * 86400LL, qsince);
	if (rc == 0)
		rc = time_parse_iso(d.period_start, &start);
	if (rc == 0)
		rc = store_digest_create(st, &d, id);
	if (rc == 0)
		rc = store_digest_candidates(st, dl->list.id, d.period_start,
		    d.period_end, qsince, &c, &nc);
	if (rc == 0)
		rc = store_digest_joined(st, dl->list.id, d.period_start,
		    d.period_end, &joined, &nj);
	if (rc != 0)
		goto out;
	r = xreallocarray(NULL, nc + 1, sizeof *r);
	for (i = 0; i < nc; i++)
		if (c[i].active && !(c[i].question && !c[i].answered))
			r[nr++] = (struct ranked){
			    &c[i], digest_score(&c[i], start, now)};
	qsort(r, nr, sizeof *r, by_score);
	for (i = 0; rc == 0 && i < nr && i < (size_t)dl->max_items; i++)
		rc = add(st, *id, &number, "thread", r[i].c->thread_id, 0, i,
		    r[i].score, r[i].c->upto);
	for (i = 0; rc == 0 && i < nc && q < DIGEST_MAX_QUESTIONS; i++)
		if (c[i].question && !c[i].answered) {
			rc = add(st, *id, &number, "question", c[i].thread_id,
			    0, q, 0, c[i].upto);
			q++;
		}
	for (i = 0; rc == 0 && i < nj && i < DIGEST_MAX_JOINED; i++)
		rc = add(st, *id, &number, "joined", 0, joined[i], i, 0, 0);
out:
	free(c);
	free(r);
	free(joined);
	return rc;
}

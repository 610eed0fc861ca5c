/*
 * t_learn_classic.c - the Kerfoot/Qstream classic scheduler against the
 * reference vectors.
 *
 * Hand-checked rules always run.  When ../shared/reference (or
 * STOA_REFERENCE) holds kerfoot-vectors.json, every single[] example is
 * replayed presentation by presentation and every course[] example is
 * simulated day by day (answers and expiries before the delivery, same-day
 * answers after it); all rows, deliveries, events and final states must
 * match exactly.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classic.h"
#include "t.h"
#include "t_learn_json.h"

#define MAX_Q 64 /* questions in a course example */

static int n_values; /* reference values compared */

static void
exact(const char *name, long long got, long long want)
{
	n_values++;
	T_INT(name, got, want);
}

/* struct resp - one scripted response: 'R', 'W', 'M' or 'L' and +d. */
struct resp {
	char kind;
	long d;
};

static struct resp
resp_parse(const char *s)
{
	struct resp r = {s[0], -1};

	if (s[0] != '\0' && s[1] == '+')
		r.d = strtol(s + 2, NULL, 10);
	return r;
}

static const char *
outcome_name(enum classic_outcome o)
{
	static const char *const names[] = {"none", "right", "wrong", "missed"};

	return names[o];
}

static void
builtin(void)
{
	struct classic_params p;
	struct classic_item it;

	classic_params_default(&p);
	T_OK("defaults ok", classic_params_ok(&p));
	classic_item_init(&it);
	T_INT(
	    "answer unsent", classic_answer(&p, &it, 0, true), CLASSIC_NOT_OUT);
	T_INT("send", classic_send(&it, 0), 0);
	T_INT("send twice", classic_send(&it, 0), -5);
	T_OK("no expiry day 6", !classic_expire(&p, &it, 6));
	T_INT("late", classic_answer(&p, &it, 7, true), CLASSIC_LATE);
	T_INT("right day 6", classic_answer(&p, &it, 6, true), CLASSIC_COUNTED);
	T_INT("due 30", it.day, 30);
	T_INT(
	    "second answer", classic_answer(&p, &it, 6, true), CLASSIC_NOT_OUT);
	classic_send(&it, 30);
	classic_answer(&p, &it, 30, true);
	T_INT("retired", it.state, CLASSIC_RETIRED);
	T_INT("send retired", classic_send(&it, 40), -5);
	T_OK("delivery day 4", classic_is_delivery_day(&p, 4));
	T_OK("no delivery day 5", !classic_is_delivery_day(&p, 5));
	p.x = 0;
	T_OK("x 0 refused", !classic_params_ok(&p));
}

/* num_or - the number o.key, or def when o has no such member. */
static int
num_or(const struct tj *o, const char *key, int def)
{
	const struct tj *v = tj_get(o, key);

	if (v == NULL)
		return def;
	return v->type == TJ_BOOL ? v->num != 0 : (int)tj_num(v, def);
}

static void
merge_params(struct classic_params *p, const struct tj *o)
{
	p->x = num_or(o, "X", p->x);
	p->retire_after = num_or(o, "retire_after", p->retire_after);
	p->expiry_days = num_or(o, "expiry_days", p->expiry_days);
	p->missed_resets_streak =
	    num_or(o, "missed_resets_streak", p->missed_resets_streak) != 0;
	p->batch = num_or(o, "batch", p->batch);
	p->cadence_days = num_or(o, "cadence_days", p->cadence_days);
}

/* check_after - compare outcome, streak, due or retired day with a row. */
static void
check_after(const struct classic_item *it, const struct tj *row)
{
	const struct tj *due = tj_get(row, "next_due_day");

	exact("outcome",
	    strcmp(outcome_name(it->last), tj_str(tj_get(row, "outcome"))), 0);
	exact(
	    "streak", it->streak, (long long)tj_num(tj_get(row, "streak"), -1));
	if (tj_is_null(due)) {
		exact("retired", it->state, CLASSIC_RETIRED);
		exact("retired_day", it->day,
		    (long long)tj_num(tj_get(row, "retired_day"), -1));
	} else {
		exact("next_due_day", it->day, (long long)tj_num(due, -1));
	}
}

/* present - one presentation sent on day sent with response r. */
static void
present(const struct classic_params *p, struct classic_item *it, long sent,
    struct resp r, const struct tj *row)
{
	exact("sent_day", sent, (long long)tj_num(tj_get(row, "sent_day"), -1));
	T_INT("send", classic_send(it, sent), 0);
	if (r.kind == 'R' || r.kind == 'W') {
		exact("answer",
		    classic_answer(p, it, sent + r.d, r.kind == 'R'),
		    CLASSIC_COUNTED);
		exact("answer_day", sent + r.d,
		    (long long)tj_num(tj_get(row, "answer_day"), -1));
	} else {
		if (r.kind == 'L')
			exact("late answer",
			    classic_answer(p, it, sent + r.d, true),
			    CLASSIC_LATE);
		exact("expire", classic_expire(p, it, sent + 99999), true);
		exact("expired_day", it->day - p->x,
		    (long long)tj_num(tj_get(row, "expired_day"), -1));
	}
	check_after(it, row);
}

static void
single(struct classic_params p, const struct tj *s)
{
	const struct tj *resps = tj_get(s, "responses");
	const struct tj *rows = tj_get(s, "rows");
	const struct tj *fin = tj_get(s, "final");
	struct classic_item it;
	long sent = 0;
	size_t i;

	merge_params(&p, tj_get(s, "params"));
	classic_item_init(&it);
	exact("rows", rows != NULL ? (long long)rows->n : -1,
	    resps != NULL ? (long long)resps->n : -2);
	for (i = 0; resps != NULL && i < resps->n; i++) {
		present(&p, &it, sent, resp_parse(tj_str(tj_at(resps, i))),
		    tj_at(rows, i));
		sent = it.day;
	}
	exact("final retired", it.state == CLASSIC_RETIRED,
	    strcmp(tj_str(tj_get(fin, "status")), "retired") == 0);
	exact("final retired_day", it.day,
	    (long long)tj_num(tj_get(fin, "retired_day"), -1));
	exact("final presentations", it.presentations,
	    (long long)tj_num(tj_get(fin, "presentations"), -1));
}

/* struct course - a course example being simulated. */
struct course {
	struct classic_params p;
	struct classic_item items[MAX_Q];
	size_t n;
	const struct tj *script; /* script[q] = responses per presentation */
	const struct tj *events; /* the expected events, in order */
	size_t next_event;
};

static struct resp
current(const struct course *c, size_t q)
{
	const struct tj *r =
	    tj_at(tj_at(c->script, q), (size_t)c->items[q].presentations - 1);

	return resp_parse(r != NULL ? tj_str(r) : "M");
}

/* event - compare what just happened to q with the next expected event. */
static void
event(struct course *c, size_t q, long day)
{
	const struct tj *e = tj_at(c->events, c->next_event++);
	const struct classic_item *it = &c->items[q];

	exact("event day", day, (long long)tj_num(tj_get(e, "day"), -1));
	exact(
	    "event q", (long long)q + 1, (long long)tj_num(tj_get(e, "q"), -1));
	exact("event",
	    strcmp(outcome_name(it->last), tj_str(tj_get(e, "event"))), 0);
	exact("event streak", it->streak,
	    (long long)tj_num(tj_get(e, "streak"), -1));
	if (it->state == CLASSIC_RETIRED)
		exact("event retired", tj_get(e, "retired") != NULL, 1);
	else
		exact("event due", it->day,
		    (long long)tj_num(tj_get(e, "next_due_day"), -1));
}

/* before_delivery - answers (a day or more after sending) and expiries. */
static void
before_delivery(struct course *c, long day)
{
	struct classic_item *it;
	struct resp r;
	size_t q;

	for (q = 0; q < c->n; q++) {
		it = &c->items[q];
		if (it->state != CLASSIC_SENT)
			continue;
		r = current(c, q);
		if (r.kind == 'L' && it->day + r.d == day)
			T_OK("late ignored",
			    classic_answer(&c->p, it, day, true) !=
			        CLASSIC_COUNTED);
		if ((r.kind == 'R' || r.kind == 'W') && r.d > 0 &&
		    it->day + r.d == day) {
			classic_answer(&c->p, it, day, r.kind == 'R');
			event(c, q, day);
		} else if (classic_expire(&c->p, it, day)) {
			event(c, q, day);
		}
	}
}

/* after_delivery - answers on the day the question was sent. */
static void
after_delivery(struct course *c, long day)
{
	struct resp r;
	size_t q;

	for (q = 0; q < c->n; q++) {
		if (c->items[q].state != CLASSIC_SENT || c->items[q].day != day)
			continue;
		r = current(c, q);
		if ((r.kind == 'R' || r.kind == 'W') && r.d == 0) {
			classic_answer(&c->p, &c->items[q], day, r.kind == 'R');
			event(c, q, day);
		}
	}
}

static void
deliver(struct course *c, long day, const struct tj *deliveries, size_t *nd)
{
	const struct tj *d = tj_at(deliveries, *nd);
	const struct tj *qs = tj_get(d, "questions");
	size_t out[MAX_Q], k, i;

	k = classic_pick(&c->p, c->items, c->n, day, out, MAX_Q);
	if (k == 0)
		return;
	(*nd)++;
	exact("delivery day", day, (long long)tj_num(tj_get(d, "day"), -1));
	exact(
	    "delivery size", (long long)k, qs != NULL ? (long long)qs->n : -1);
	for (i = 0; i < k; i++) {
		exact("delivery q", (long long)out[i] + 1,
		    (long long)tj_num(tj_at(qs, i), -1));
		classic_send(&c->items[out[i]], day);
	}
}

static void
final(const struct course *c, const struct tj *fin)
{
	const struct tj *ret = tj_get(fin, "retired");
	double base, done;
	size_t q, open = 0;
	char key[24];

	for (q = 0; q < c->n; q++) {
		snprintf(key, sizeof key, "%zu", q + 1);
		if (c->items[q].state != CLASSIC_RETIRED) {
			open++;
			continue;
		}
		exact("final retired day", c->items[q].day,
		    (long long)tj_num(tj_get(ret, key), -1));
	}
	exact("final open", (long long)open, (long long)tj_get(fin, "open")->n);
	classic_scores(c->items, c->n, &base, &done);
	exact("baseline", base == tj_num(tj_get(fin, "baseline_score"), -1), 1);
	exact("completion", done == tj_num(tj_get(fin, "completion_score"), -1),
	    1);
}

static void
course(const struct classic_params *p, const struct tj *s)
{
	static struct course c;
	const struct tj *deliveries = tj_get(s, "deliveries");
	long day, horizon = (long)tj_num(tj_get(s, "horizon_day"), 0);
	size_t q, nd = 0;

	c.p = *p;
	merge_params(&c.p, tj_get(s, "params"));
	c.n = (size_t)tj_num(tj_get(s, "questions"), 0);
	if (c.n > MAX_Q) {
		T_OK("course too big for the test", false);
		return;
	}
	for (q = 0; q < c.n; q++)
		classic_item_init(&c.items[q]);
	c.script = tj_get(s, "script");
	c.events = tj_get(s, "events");
	c.next_event = 0;
	for (day = 0; day <= horizon; day++) {
		before_delivery(&c, day);
		if (classic_is_delivery_day(&c.p, day))
			deliver(&c, day, deliveries, &nd);
		after_delivery(&c, day);
	}
	exact("deliveries", (long long)nd,
	    deliveries != NULL ? (long long)deliveries->n : -1);
	exact("events", (long long)c.next_event,
	    c.events != NULL ? (long long)c.events->n : -1);
	final(&c, tj_get(s, "final"));
}

static void
vectors(void)
{
	struct tj *v;
	struct classic_params p;
	const struct tj *a;
	size_t i;

	v = tj_load_reference("kerfoot-vectors.json");
	if (v == NULL)
		return;
	classic_params_default(&p);
	merge_params(&p, tj_get(tj_get(v, "header"), "defaults"));
	a = tj_get(v, "single");
	for (i = 0; a != NULL && i < a->n; i++)
		single(p, tj_at(a, i));
	printf("kerfoot vectors: %zu single examples", a != NULL ? a->n : 0);
	a = tj_get(v, "course");
	for (i = 0; a != NULL && i < a->n; i++)
		course(&p, tj_at(a, i));
	printf(", %zu courses: %d values compared\n", a != NULL ? a->n : 0,
	    n_values);
	T_OK("vectors compared", n_values > 500);
	tj_free(v);
}

int
main(void)
{
	builtin();
	vectors();
	return t_done();
}

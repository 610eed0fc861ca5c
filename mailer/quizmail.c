/*
 * quizmail.c - the quiz's wording and type bridges (quizmail.h).
 * Mailto links are percent-encoded here; the template escapes them for
 * HTML like any other value.
 */
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "conf.h"
#include "err.h"
#include "fsrs.h"
#include "quizmail.h"
#include "store_mentor.h"
#include "xmalloc.h"

const char *
quizmail_kind(enum gift_kind k)
{
	switch (k) {
	case GIFT_TF:
		return "tf";
	case GIFT_SHORT:
		return "short";
	default:
		return "choice";
	}
}

int
quizmail_version(const struct gift_question *q, char key[GIFT_KEY_LEN],
    char digest[GIFT_KEY_LEN], struct quiz_opt *opts, struct quiz_version_in *v)
{
	size_t i;

	memset(v, 0, sizeof *v);
	if (gift_key(q, key) != 0 || gift_digest(q, digest) != 0)
		return E_INTERNAL;
	for (i = 0; i < q->n_answers; i++)
		opts[i] = (struct quiz_opt){q->answers[i].text,
		    q->answers[i].feedback, q->answers[i].right, (int)i};
	v->qkey = key;
	v->digest = digest;
	v->kind = quizmail_kind(q->kind);
	v->title = q->title;
	v->topic = q->topic;
	v->text = q->text;
	v->general = q->general;
	v->opts = opts;
	v->n_opts = q->n_answers;
	return 0;
}

void
quizmail_gift(const struct quiz_full *q, struct gift_question *g)
{
	size_t i;

	memset(g, 0, sizeof *g);
	g->kind = strcmp(q->kind, "tf") == 0 ? GIFT_TF
	    : strcmp(q->kind, "short") == 0  ? GIFT_SHORT
	                                     : GIFT_CHOICE;
	g->title = q->title;
	g->topic = q->topic;
	g->text = q->text;
	g->general = q->general;
	g->answers = xcalloc(q->n_opts + 1, sizeof *g->answers);
	g->n_answers = q->n_opts;
	for (i = 0; i < q->n_opts; i++)
		g->answers[i] = (struct gift_answer){
		    q->opts[i].text, q->opts[i].feedback, q->opts[i].right};
}

void
quizmail_gift_release(struct gift_question *g)
{
	free(g->answers);
	memset(g, 0, sizeof *g);
}

void
quizmail_shuffle(struct quiz_full *q, long long seed)
{
	unsigned long long x = (unsigned long long)seed;
	size_t i, k;

	if (strcmp(q->kind, "choice") != 0)
		return;
	for (i = q->n_opts; i > 1; i--) {
		struct quiz_opt t;

		x += 0x9E3779B97F4A7C15ULL; /* splitmix64 */
		x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
		x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
		x ^= x >> 31;
		k = (size_t)(x % i);
		t = q->opts[i - 1];
		q->opts[i - 1] = q->opts[k];
		q->opts[k] = t;
	}
}

void
quizmail_vars(struct vars *v, const struct quiz_full *q, const char *reply_to,
    const char *subject)
{
	size_t i;

	vars_set(v, "question", q->text);
	vars_set(v, "topic", q->topic != NULL ? q->topic : "");
	vars_set_bool(v, "is_short", strcmp(q->kind, "short") == 0);
	vars_set_list(v, "choices");
	for (i = 0; strcmp(q->kind, "short") != 0 && i < q->n_opts; i++) {
		struct vars *c = vars_add_item(v, "choices");
		struct buf m = BUF_INIT(2048);

		vars_setf(c, "letter", "%c", (char)('A' + i));
		vars_set(c, "text", q->opts[i].text);
		buf_addf(&m, "mailto:%s?subject=", reply_to);
		buf_add_pct(&m, subject);
		buf_addf(&m, "&body=%c", (char)('A' + i));
		vars_set(c, "mailto", buf_cstr(&m));
		buf_release(&m);
	}
}

void
quizmail_answer(const struct quiz_full *q, struct buf *out)
{
	size_t i;
	bool short_q = strcmp(q->kind, "short") == 0;

	for (i = 0; i < q->n_opts; i++) {
		if (!q->opts[i].right)
			continue;
		if (short_q)
			buf_addf(out, "%s%s", out->len > 0 ? " / " : "",
			    q->opts[i].text);
		else
			buf_addf(
			    out, "%c) %s", (char)('A' + i), q->opts[i].text);
	}
}

int
quizmail_day(long long t, const char *tz, long long *day)
{
	struct tm tm;
	long long local;
	int rc;

	rc = time_to_local(t, tz, &tm);
	if (rc != 0)
		return rc;
	local = t + tm.tm_gmtoff;
	*day = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
	return 0;
}

int
quizmail_at(long long t, const char *tz, int add_days, int hour, long long *out)
{
	struct tm tm;
	int rc;

	rc = time_to_local(t, tz, &tm);
	if (rc != 0)
		return rc;
	tm.tm_mday += add_days;
	tm.tm_hour = hour;
	tm.tm_min = 0;
	tm.tm_sec = 0;
	return time_from_local(&tm, tz, out);
}

int
quizmail_budget_left(
    struct store *st, long long member, long long now, const char *tz, bool *ok)
{
	char since[21];
	long long start;
	int used = 0, rc;

	rc = quizmail_at(now, tz, 0, 0, &start);
	if (rc == 0)
		rc = time_format_iso(start, since);
	if (rc == 0)
		rc = store_learning_mails_since(st, member, since, &used);
	*ok = rc == 0 && used < (int)conf_learning_mails_per_day;
	return rc;
}

void
quizmail_params(const struct quiz_settings *s, struct classic_params *p)
{
	classic_params_default(p);
	p->expiry_days = s->expiry_days;
	p->batch = s->per_batch;
	p->cadence_days = s->every_days;
}

void
quizmail_item(const struct quiz_card *c, struct classic_item *it)
{
	classic_item_init(it);
	if (!c->exists)
		return;
	it->state = (enum classic_state)c->c_state;
	it->last = (enum classic_outcome)c->c_last;
	it->first = (enum classic_outcome)c->c_first;
	it->streak = c->c_streak;
	it->day = (long)c->c_day;
	it->presentations = c->presentations;
}

void
quizmail_card_set(struct quiz_card *c, const struct classic_item *it)
{
	c->exists = true;
	c->c_state = (int)it->state;
	c->c_last = (int)it->last;
	c->c_first = (int)it->first;
	c->c_streak = it->streak;
	c->c_day = it->day;
	c->presentations = it->presentations;
}

void
quizmail_recall_add(
    struct quizmail_recall *r, const struct quiz_card *c, long long now)
{
	struct fsrs_params p;
	struct fsrs_card f = {c->reviewed, c->s, c->d, c->last_review};
	double v;

	fsrs_params_default(&p);
	v = fsrs_recall_at(&p, &f, now);
	if (v >= 0) {
		r->sum_fsrs += v;
		r->n_fsrs++;
	} else if (c->c_state == CLASSIC_RETIRED ||
	    c->c_last == CLASSIC_RIGHT || c->c_last == CLASSIC_WRONG) {
		r->sum_classic +=
		    c->c_last != CLASSIC_WRONG || c->c_state == CLASSIC_RETIRED;
		r->n_classic++;
	}
}

int
quizmail_recall_pct(const struct quizmail_recall *r, bool fsrs)
{
	int n = fsrs ? r->n_fsrs : r->n_classic;
	double sum = fsrs ? r->sum_fsrs : r->sum_classic;

	return n == 0 ? -1 : (int)(100 * sum / n + 0.5);
}

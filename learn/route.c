/*
 * route.c - scoring members for a question (route.h).  One pass over the
 * evidence, one member at a time, keeping the best k in a small sorted
 * array.
 */
#include <string.h>

#include "route.h"

#define ROUTE_OLD_DAYS 365 /* older evidence counts half */
#define ROUTE_TITLE    60  /* bytes of a title in a reason */

int
route_score(const struct terms *q, const struct route_evidence *e)
{
	static const int weight[] = {3, 2, 2, 1}; /* by enum route_src */
	int s, w;

	s = terms_overlap(q, e->terms, NULL);
	w = weight[e->src];
	if (e->src == ROUTE_ANSWER && e->thanked)
		w *= 2;
	s *= w;
	return e->days_ago > ROUTE_OLD_DAYS ? s / 2 : s;
}

/* better - a ranks before b. */
static bool
better(const struct route_pick *a, const struct route_pick *b)
{
	return a->score > b->score ||
	    (a->score == b->score && a->member < b->member);
}

/* insert - p into the sorted top list out of *n (at most k). */
static void
insert(struct route_pick *out, size_t *n, size_t k, const struct route_pick *p)
{
	size_t i = *n;

	if (p->score <= 0 || k == 0 || (*n == k && !better(p, &out[k - 1])))
		return;
	if (*n < k)
		(*n)++;
	for (i = *n - 1; i > 0 && better(p, &out[i - 1]); i--)
		out[i] = out[i - 1];
	out[i] = *p;
}

size_t
route_rank(const struct terms *q, const struct route_evidence *ev, size_t n,
    struct route_pick *out, size_t k)
{
	struct route_pick cur = {0, 0, 0};
	size_t got = 0, i;
	int best = 0, s;

	for (i = 0; i < n; i++) {
		if (i == 0 || ev[i].member != cur.member) {
			if (i > 0)
				insert(out, &got, k, &cur);
			cur = (struct route_pick){ev[i].member, 0, i};
			best = 0;
		}
		s = route_score(q, &ev[i]);
		cur.score += s;
		if (s > best) {
			best = s;
			cur.why = i;
		}
	}
	if (n > 0)
		insert(out, &got, k, &cur);
	return got;
}

/* when - how long ago, in words. */
static const char *
when(long days)
{
	if (days < 7)
		return "this week";
	if (days < 14)
		return "last week";
	if (days < 60)
		return "last month";
	if (days < 365)
		return "this year";
	return "some time ago";
}

/*
 * title - t's first line without trailing punctuation, cut at
 * ROUTE_TITLE bytes (at a space, UTF-8 safe).
 */
static void
title(const char *t, struct buf *out)
{
	size_t n = strcspn(t != NULL ? t : "", "\r\n"), cut;

	while (n > 0 && strchr(" \t.,;:!", t[n - 1]) != NULL)
		n--;
	cut = n;

	if (n > ROUTE_TITLE) {
		for (cut = ROUTE_TITLE; cut > 0 && t[cut] != ' '; cut--)
			;
		if (cut == 0)
			for (cut = ROUTE_TITLE;
			     cut > 0 && ((unsigned char)t[cut] & 0xc0) == 0x80;
			     cut--)
				;
	}
	buf_add(out, t != NULL ? t : "", cut);
	if (cut < n)
		buf_adds(out, "...");
}

void
route_reason(const struct route_evidence *e, struct buf *out)
{
	switch (e->src) {
	case ROUTE_INTRO:
		buf_adds(out,
		    "because your introduction says you can help "
		    "with \"");
		title(e->title, out);
		buf_adds(out, "\"");
		break;
	case ROUTE_ANSWER:
		buf_adds(out, "because you answered '");
		title(e->title, out);
		buf_addf(out, "' %s", when(e->days_ago));
		break;
	case ROUTE_WIKI:
		buf_adds(out, "because you edited the wiki page '");
		title(e->title, out);
		buf_addf(out, "' %s", when(e->days_ago));
		break;
	case ROUTE_QUIZ:
		buf_adds(out, "because you mastered the quiz questions on '");
		title(e->title, out);
		buf_adds(out, "'");
		break;
	}
}

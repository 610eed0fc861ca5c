/*
 * route.h - who is most likely to answer a question ("can you help?",
 * docs/connect.md "Routing").
 *
 * Each piece of evidence is one thing a member did or said: their
 * introduction's "can help with" answer, a thread they answered, a wiki
 * page they edited, a quiz topic they mastered.  Its score against the
 * question is terms_overlap() (1 per shared word, 2 per shared phrase)
 * times the weight of its kind: introduction 3, answer 2 (4 when the
 * answer was thanked), wiki page 2, quiz topic 1; halved when older than
 * a year.  A member's score is the sum over their evidence; the piece
 * with the highest score is the one-sentence reason the mail gives.
 * Ties: the lower member id first (a stable order).
 *
 * Non-goals: who may be asked (the caller leaves out the asker, "help
 * off", people asked lately, on pause or over their mail budget).  Pure:
 * no I/O, no clock, no SQL.
 */
#ifndef STOA_ROUTE_H
#define STOA_ROUTE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "terms.h"

#define ROUTE_ASK 3 /* people asked per question, at most */

enum route_src { ROUTE_INTRO, ROUTE_ANSWER, ROUTE_WIKI, ROUTE_QUIZ };

/* One piece of evidence (borrowed strings and terms). */
struct route_evidence {
	long long member;
	enum route_src src;
	const char *title;         /* can-help text, subject, page, topic */
	const struct terms *terms; /* the terms of what it is about */
	long days_ago;             /* how long ago (0 for an introduction) */
	bool thanked;              /* an answer someone thanked */
};

/* One member picked. */
struct route_pick {
	long long member;
	int score;
	size_t why; /* index of the strongest evidence */
};

/* route_score - the score of one piece of evidence against question q. */
int route_score(const struct terms *q, const struct route_evidence *e);

/*
 * route_rank - the up to k members with the highest score above 0 for
 * question q, best first, into out.  ev must be grouped by member (all
 * of one member's evidence together).  Returns how many were picked.
 */
size_t route_rank(const struct terms *q, const struct route_evidence *ev,
    size_t n, struct route_pick *out, size_t k);

/*
 * route_reason - "because you answered 'Rotating certificates' last
 * month" for evidence e, appended to out.
 */
void route_reason(const struct route_evidence *e, struct buf *out);

#endif

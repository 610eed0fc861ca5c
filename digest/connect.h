/*
 * connect.h - the scheduler's connecting jobs (docs/connect.md): the one
 * reminder to introduce themselves a week after an unanswered
 * invitation, and "can you help?": a question nobody answered within the
 * list's route_hours of working time goes privately to at most three
 * members most likely to know (learn/route.h).  Both send in working
 * hours only (Monday to Friday, CONNECT_FROM to CONNECT_UNTIL in the
 * list's zone) and within each member's learning-mail budget.
 */
#ifndef STOA_DIGEST_CONNECT_H
#define STOA_DIGEST_CONNECT_H

#include "store.h"

#define CONNECT_FROM      9  /* local hour from which these mails go */
#define CONNECT_UNTIL     18 /* local hour from which they wait */
#define INTRO_REMIND_DAYS 7  /* an unanswered invitation is reminded */
#define ROUTE_AGAIN_DAYS  3  /* nobody is asked twice in this many days */
#define ROUTE_LOOK_DAYS   14 /* older questions are not routed */

/* connect_run - the connecting part of a pass at now; idempotent. */
int connect_run(struct store *st, long long now);

#endif

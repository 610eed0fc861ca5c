/*
 * quiz.h - the scheduler's quiz job (docs/quiz.md): sends not answered in
 * time become missed, then every learner whose delivery slot has come
 * gets the how-it-works mail once and the questions the list's scheduler
 * picks, one question per mail, within the daily learning-mail budget.
 */
#ifndef STOA_DIGEST_QUIZ_H
#define STOA_DIGEST_QUIZ_H

#include "store.h"

#define QUIZ_BATCH      200 /* learners (or expired sends) per query */
#define QUIZ_QUIET_FROM 21  /* local hour from which nothing is sent */

/* quiz_run - the quiz part of a pass at now; idempotent. */
int quiz_run(struct store *st, long long now);

#endif

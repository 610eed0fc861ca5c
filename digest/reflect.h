/*
 * reflect.h - the scheduler's reflection-question job
 * (docs/connect-groups.md "Reflection questions"): a question whose time
 * has come starts a round; each open round is looked at once an hour,
 * and within the list's sending hours (MENTOR_HOUR to MENTOR_QUIET_FROM,
 * local time, as the other learning mail) each active member not yet
 * asked gets the question with their own LIST+p-TOKEN@ reply address,
 * when their learning-mail budget for the day has room; the rest are
 * asked at a later look while the round is open (REFLECT_ROUND_DAYS).
 */
#ifndef STOA_DIGEST_REFLECT_H
#define STOA_DIGEST_REFLECT_H

#include "store.h"

#define REFLECT_BATCH 500  /* members per query */
#define REFLECT_LOOK  3600 /* seconds between looks at one round */

/* reflect_run - the reflection part of a pass at now; idempotent. */
int reflect_run(struct store *st, long long now);

#endif

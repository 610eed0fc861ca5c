/*
 * mentor.h - the scheduler's mentoring job (docs/mentoring.md): every
 * active pair whose next look has come gets its pairing mail once, then
 * the check-in prompts its cadence (learn/cadence.h) says are due - the
 * mentor's preparation the day before, the mentee's reflection on the
 * day, the pairing-fit question to both after the first check-in - at
 * MENTOR_HOUR local time, within each person's learning-mail budget; a
 * nudge to both after 14 days of silence, and one mail per list to the
 * moderators listing the pairs silent for 21 days.
 */
#ifndef STOA_DIGEST_MENTOR_H
#define STOA_DIGEST_MENTOR_H

#include "store.h"

#define MENTOR_BATCH     200 /* pairs per query */
#define MENTOR_FIT_AFTER 3   /* days after check-in 1: the fit question */
#define MENTOR_CLOSE_ASK 90  /* day of onboarding: the close-out */
#define MENTOR_CLOSE_END 97  /* day: its reminder, the track closes */
#define MENTOR_ONBOARDED 8   /* answered check-ins in 90 days: onboarded */

/* mentor_run - the mentoring part of a pass at now; idempotent. */
int mentor_run(struct store *st, long long now);

#endif

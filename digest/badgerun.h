/*
 * badgerun.h - the scheduler's badge job (docs/badges.md): for each list,
 * the members with events since the last look get the rules of
 * learn/badges.h applied to their counts, and each badge earned is awarded
 * once; then each earner with awards not yet mailed gets one mail, at most
 * one a local day from BADGE_HOUR to BADGE_QUIET_FROM (more fold into one
 * list mail).
 */
#ifndef STOA_DIGEST_BADGERUN_H
#define STOA_DIGEST_BADGERUN_H

#include "store.h"

#define BADGE_WAITING_MAX 5000 /* earners looked at per pass */
#define BADGE_BATCH       200  /* members whose rules run in one transaction */

/* badge_run - the badge part of a pass at now; idempotent. */
int badge_run(struct store *st, long long now);

#endif

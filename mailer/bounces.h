/*
 * bounces.h - score one failed delivery to a member and act on the total
 * (docs/bounces.md): the one scoring path for a bounce the hook reads at
 * LIST+b-TOKEN@ (mta-hook/bounce.c) and for a 5xx the relay answers while
 * the outbox sends (digest/deliver.c).
 *
 * Non-goals: classifying (common/dsn.c), finding the member, verifying
 * tokens.  Runs inside the caller's transaction; store_bounce.c holds the
 * rows.
 */
#ifndef STOA_BOUNCES_H
#define STOA_BOUNCES_H

#include <stdbool.h>

#include "dsn.h"
#include "store.h"
#include "store_bounce.h"
#include "token.h"

#define BOUNCE_HARD      1.0
#define BOUNCE_SOFT      0.5
#define BOUNCE_THRESHOLD 5.0
#define BOUNCE_WINDOW    (7LL * 86400) /* seconds a score counts */

/*
 * bounces_score - record one hard or soft bounce (d->kind) of the active
 * member bm of list: at most one per member, list and UTC day (*repeat:
 * there was one today, nothing recorded), an event bounce.hard or
 * bounce.soft whose detail starts with `via` ("dsn", "smtp"), and at
 * BOUNCE_THRESHOLD within BOUNCE_WINDOW the bounce-warning mail (issued
 * under keys), the suspension and bounce.suspend.  Returns 0 or an enum
 * err (a broken template is E_INTERNAL: defer, the admin fixes).
 */
int bounces_score(struct store *st, const struct token_keys *keys,
    const struct list_rec *list, const struct bounce_member *bm,
    const struct dsn_result *d, const char *via, bool *repeat);

#endif

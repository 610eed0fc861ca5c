/*
 * digest.h - the weekly digest inside stoa-digest: selection (select.c),
 * sending (send.c) and the schedule (weekly.c).  docs/digest.md has the
 * design; common/digestfmt.h the wording shared with the hook.
 */
#ifndef STOA_DIGEST_H
#define STOA_DIGEST_H

#include "store.h"
#include "store_digest.h"
#include "token.h"

#define DIGEST_QUESTION_DAYS 28          /* unanswered questions looked back */
#define DIGEST_MAX_QUESTIONS 5           /* "Can you help?" items */
#define DIGEST_MAX_JOINED    10          /* new members shown */
#define DIGEST_GRACE         (24 * 3600) /* a slot missed longer is skipped */
#define DIGEST_BATCH         500         /* recipients per transaction */

/*
 * digest_score - the ranking score of a thread (docs/digest.md):
 * 2 ln(1 + posts in period) + 0.5 min(participants, 6) + recency (0..1)
 * + 1 for a question that got an answer.
 */
double digest_score(
    const struct digest_cand *c, long long start, long long end);

/*
 * digest_select - create the digest of dl for slot send_at, covering the
 * activity since the previous digest up to now, with its items.  Inside
 * the caller's transaction.  E_DUP when it exists.
 */
int digest_select(struct store *st, const struct digest_list *dl,
    const char *send_at, long long now, long long *id);

/*
 * digest_send - send digest id to every recipient not yet served, in
 * transactions of DIGEST_BATCH members, then mark it sent (or quiet).
 * Opens its own transactions.
 */
int digest_send(struct store *st, const struct token_keys *keys,
    const struct digest_list *dl, long long id);

#endif

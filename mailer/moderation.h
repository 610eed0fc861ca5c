/*
 * moderation.h - what a decision on a held post does, for every way of
 * deciding: a moderator's reply (mta-hook/moderate.c), the operator's
 * `stoa held` (admin/held.c) and expiry (digest/expire.c) share it, so
 * the effects cannot drift apart (docs/moderation.md).
 *
 * Non-goals: checking who may decide (the callers), applying a wiki
 * contribution to its page (the hook's wiki.c, passed in as a callback).
 * Runs inside the caller's transaction; the rows are db/store_mod.c's.
 */
#ifndef STOA_MODERATION_H
#define STOA_MODERATION_H

#include <stdbool.h>

#include "buf.h"
#include "mime.h"
#include "store_mod.h"
#include "tmpl.h"
#include "token.h"

/*
 * moderation_vars - "wiki" (bool) and "wiki_page" (the page name from
 * LIST+wiki-NAME@, or "" when it was named in the Subject) when held post
 * h is a wiki contribution, so that every template about it calls it
 * one; also "not_member" when its sender is not a member.
 */
void moderation_vars(const struct held_rec *h, struct vars *v);

/*
 * moderation_flag_vars - the same from a messages.flags string and the
 * author id (0 = not a member), for a post being held right now.
 */
void moderation_flag_vars(
    const char *flags, long long author_id, struct vars *v);

#endif

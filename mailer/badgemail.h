/*
 * badgemail.h - what the badge scheduler (digest/badges.c), the moderators'
 * award by reply (mta-hook/badge.c) and `stoa badge` share: the badge mail
 * to its earner, and the Open Badges 2.0 hosted URLs (docs/badges.md).
 */
#ifndef STOA_BADGEMAIL_H
#define STOA_BADGEMAIL_H

#include <stddef.h>

#include "buf.h"
#include "store.h"
#include "store_badge.h"
#include "token.h"

#define BADGE_HOUR       9  /* local hour from which badge mails go */
#define BADGE_QUIET_FROM 21 /* local hour from which none go */
#define BADGE_GRANT_DAYS 14 /* a moderator's confirmation address lives */

/*
 * badgemail_url - BASE/PATH (one '/' between) into out, where BASE is
 * the base given, else conf badge_base_url.  "" when no base is known.
 */
void badgemail_url(const char *base, const char *path, struct buf *out);
/* badgemail_assertion_path - "assertions/NNNN.json" for award id. */
void badgemail_assertion_path(long long id, struct buf *out);
/*
 * badgemail_linkedin - LinkedIn's add-to-profile link for award a
 * (learning.md §3.3): name, organizationName, issue year and month,
 * certUrl and certId the assertion URL url.
 */
void badgemail_linkedin(const struct badge_award *a, const char *badge_name,
    const char *url, struct buf *out);
#define BADGE_HELPERS_MAX 5 /* names on the digest's "who helped most" line */
/*
 * badgemail_helpers - the digest's "who helped most" line for list between
 * since and until: "Ana Lima (3), Bo (2)" - at most BADGE_HELPERS_MAX
 * members who did not opt out, scored by answers thanked, routed
 * questions answered and wiki edits (never quiz scores); "" for none
 * and for a list without badges.
 */
int badgemail_helpers(struct store *st, long long list_id, const char *since,
    const char *until, struct buf *out);

/*
 * badgemail_announce - one mail to the earner of the awards a[0..n) (one
 * member, one list): one badge, or a list of them; marks them announced
 * and writes event badge.announce (object the first award, detail the
 * slugs).  The caller checks the day's limit.  0 or an enum err.
 */
int badgemail_announce(struct store *st, const struct token_keys *keys,
    const struct list_rec *list, const struct badge_award *a, size_t n,
    long long now);

#endif

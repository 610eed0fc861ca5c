/*
 * curate.h - moderators curating the weekly digest by reply (issue 7,
 * docs/digest.md).  The draft each moderator gets has Reply-To
 * LIST+m-TOKEN@ with a token of kind 'd' (object the digest, member the
 * moderator); moderate.c hands such tokens here.
 */
#ifndef STOA_CURATE_H
#define STOA_CURATE_H

#include "inbound.h"

/*
 * digest_curate - apply the commands in the reply (pin N, drop N, move N
 * to M, note: ..., title N: ..., add THREAD-ID, send, hold), mail the
 * updated draft back to the moderator with any lines not understood, and
 * one line to each other moderator saying what changed.  A token that
 * has expired (t->expires <= now), names another member than the From
 * address, a member who is no longer a moderator or owner of the list, a
 * digest of another list or one already sent changes nothing and earns a
 * notice.  Called inside the open transaction; ends with inbound_finish()
 * (which commits).  Returns 0 or an enum err (the hook then defers).
 */
int digest_curate(struct inbound *in, const struct token *t);

#endif

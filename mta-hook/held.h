/*
 * held.h - asking the moderators about a held message (docs/moderation.md).
 *
 * A leaf of mta-hook/: it uses the store, the token keys and the outbox,
 * never another file of mta-hook/, so both the recording of a held post
 * (inbound_ctx.c) and the moderator's reply (moderate.c) can call it.
 */
#ifndef STOA_HELD_H
#define STOA_HELD_H

#include "buf.h"
#include "store_mod.h"
#include "token.h"

/*
 * held_ask - mail every active moderator and owner of list a copy of the
 * held message id (why it was held: reason) with a Reply-To of their own
 * LIST+m-TOKEN@ address.  Inside the transaction that stores the held
 * message; 0 or an enum err (defer).
 */
int held_ask(struct store *st, const struct list_rec *list,
    const struct token_keys *keys, long long id, const char *reason);

/* held_author - "Name <addr>", or "addr", of the held message, into out. */
void held_author(const struct held_rec *h, struct buf *out);

#endif

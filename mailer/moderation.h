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

/*
 * moderation_canonical_id - *id (owned) replaced by the id we store for
 * it (compose_id_canonical under conf_domain); 0 or E_INTERNAL.
 * moderation_canonical_refs - the same for In-Reply-To and References.
 */
int moderation_canonical_id(char **id);
int moderation_canonical_refs(struct msg *m);

/* One decision on a held post, as the callers hand it over. */
struct moderation {
	struct store *st;
	const struct list_rec *list;
	const struct token_keys *keys;
	struct held_rec *held; /* status 'held', of list */
	long long member_id;   /* the moderator; 0 = the operator (stoa held) */
	const char *action;    /* approve, allow, reject, discard */
	const char *reason;    /* a rejection's reason, or "" */
	/*
	 * wiki_apply - put an approved wiki contribution (held->flags has
	 * "wiki:EXT") on its page; NULL when the caller cannot (the post is
	 * then left held and moderation_act() returns E_PERM).
	 */
	int (*wiki_apply)(void *arg, const struct held_rec *h, const char *ext);
	void *wiki_arg;
	/* out */
	bool member_added;   /* allow: the sender is now a member */
	long long author_id; /* the sender's member id, 0 if none */
	struct buf *note;    /* what else happened, for the moderator */
};

/*
 * moderation_act - carry out m->action on the held post: the decision
 * row (store_mod_decide: E_DUP when someone decided first), for allow
 * the sender as a member, for approve/allow the post threaded and queued
 * to the members (or a wiki contribution onto its page), the sender's
 * notice (approved or rejected; none for discard), and the event
 * moderate.ACTION by m->member_id.  Inside the caller's transaction.
 */
int moderation_act(struct moderation *m);

#endif

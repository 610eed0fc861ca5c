/*
 * store_mod.h - the SQL of moderation (db/store_mod.c): held posts, the
 * moderators of a list, the one decision per held post (table
 * moderations, migration 0005), linking an approved post into a thread,
 * and finding held posts past their list's held_days.
 *
 * Invariant: a held post leaves 'held' only through store_mod_decide(),
 * which writes the moderations row in the same statement sequence, so
 * "first moderator wins" is the UPDATE ... WHERE status = 'held' inside
 * the caller's BEGIN IMMEDIATE transaction.
 */
#ifndef STOA_STORE_MOD_H
#define STOA_STORE_MOD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "store.h"

/* A held (or formerly held) post as moderation needs it; all owned. */
struct held_rec {
	long long id, list_id, author_id; /* author_id 0 = not a member */
	int held_days; /* the list's lifetime of a held post */
	char *message_id, *author, *author_name, *subject, *text;
	char *date;   /* when it arrived, ISO-8601 UTC */
	char *status; /* 'held' until decided */
	char *raw;    /* the raw message (for threading); raw_len bytes */
	char *flags;  /* messages.flags: "wiki:EXT" marks a wiki contribution */
	size_t raw_len;
};
void held_rec_release(struct held_rec *h);
/* store_mod_held_get - message id; E_NOTFOUND when there is none. */
int store_mod_held_get(struct store *st, long long id, struct held_rec *out);

/*
 * store_mod_moderators - the active moderators and owners of list, by
 * member id; free with rcpt_recs_free().
 */
int store_mod_moderators(
    struct store *st, long long list_id, struct rcpt_rec **out, size_t *n);
/* store_mod_is_moderator - member is an active moderator or owner. */
int store_mod_is_moderator(
    struct store *st, long long list_id, long long member_id, bool *yes);

/*
 * store_mod_decide - the decision on held post msg by member (0 = the
 * scheduler): action "approve" or "allow" (status posted), "reject" or
 * "expire" (rejected), "discard" (dropped); reason may be NULL.  E_DUP
 * when the post is no longer held (someone decided first).
 */
int store_mod_decide(struct store *st, long long msg, long long member_id,
    const char *action, const char *reason);

/* Who decided a post, and how. */
struct mod_decision {
	long long member_id; /* 0 = expired */
	char *email, *name;  /* "" when member_id is 0 */
	char *action, *reason, *at;
};
void mod_decision_release(struct mod_decision *d);
/* store_mod_decision - E_NOTFOUND when msg was never decided. */
int store_mod_decision(struct store *st, long long msg, struct mod_decision *d);

/*
 * store_mod_thread - link posted message msg into the thread t found by
 * store_thread_resolve() (a new one when t->thread_id is 0, with subject
 * and base_subject), record its Message-ID in msgids, set its author_id
 * when author_id > 0, and bump the thread.  *thread gets the thread id.
 * Threads are not merged here (a placeholder of msg's own id in another
 * thread is moved over to t's).
 */
int store_mod_thread(struct store *st, const struct held_rec *h,
    const char *base_subject, const struct thread_out *t, long long author_id,
    long long *thread);

/*
 * store_mod_expired - up to max ids of held posts that arrived at least
 * their list's held_days before now (ISO-8601), oldest first.  *ids is
 * owned by the caller (free()).
 */
int store_mod_expired(
    struct store *st, const char *now, size_t max, long long **ids, size_t *n);

/*
 * store_mod_held_list - one line per held post (of list_id, or of every
 * list when 0), oldest first: id, list, date, sender, post|wiki, subject,
 * tab-separated, to f.
 */
int store_mod_held_list(struct store *st, long long list_id, FILE *f);

#endif

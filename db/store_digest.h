/*
 * store_digest.h - the weekly digest's tables (db/0007-digests.sql):
 * one digests row per list per scheduled send, its numbered items that
 * moderators curate, and digest_rcpts (who got which digest, so an item
 * is not repeated to a member).  docs/digest.md describes the whole.
 *
 * Times are ISO-8601 UTC text as everywhere.  Every function runs inside
 * the caller's transaction when one is open.  Strings in the records are
 * owned by the record; the *_free functions accept NULL.
 */
#ifndef STOA_STORE_DIGEST_H
#define STOA_STORE_DIGEST_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "store.h"

/* A list's digest settings. */
struct digest_list {
	struct list_rec list;
	int weekday; /* 0 = Sunday */
	int hour;
	int draft_hours; /* 0 = no draft */
	bool approval;   /* send only after a moderator's "send" */
	bool quiet_note; /* a quiet week still sends one line */
	int max_items;
};
void digest_lists_free(struct digest_list *l, size_t n);
/* store_digest_lists - every list with its settings. */
int store_digest_lists(struct store *st, struct digest_list **out, size_t *n);
/* store_digest_list - one list's settings; E_NOGROUP. */
int store_digest_list(
    struct store *st, long long list_id, struct digest_list *out);

/* One digest row. */
struct digest_rec {
	long long id;
	long long list_id;
	char send_at[21], due_at[21], period_start[21], period_end[21];
	char state[12];
	bool approved;
	char *note;
	long long version;
	int n_posts, n_threads, n_people, n_joined;
};
void digest_rec_release(struct digest_rec *d);
/* store_digest_find - the digest of list for send_at; E_NOTFOUND. */
int store_digest_find(
    struct store *st, long long list_id, const char *send_at, long long *id);
/* store_digest_get - by id; E_NOTFOUND. */
int store_digest_get(struct store *st, long long id, struct digest_rec *out);
/*
 * store_digest_last_end - the period_end of the list's newest digest, or
 * fallback (copied) when it has none.
 */
int store_digest_last_end(
    struct store *st, long long list_id, const char *fallback, char out[21]);
/*
 * store_digest_create - a new digest (id, state and version ignored);
 * counts are computed from the period.  E_DUP when the list already has
 * one for send_at.
 */
int store_digest_create(
    struct store *st, const struct digest_rec *d, long long *id);
/* store_digest_due - ids of digests to send now: draft, due_at <= now,
 * approved or not requiring approval; *out is an array the caller frees. */
int store_digest_due(struct store *st, long long list_id, bool approval,
    const char *now, long long **out, size_t *n);
/* store_digest_lapse - unsent digests of list due before `before` lapse. */
int store_digest_lapse(struct store *st, long long list_id, const char *before);
/*
 * store_digest_set - save state, approved, note and due_at of d, and
 * bump the version.
 */
int store_digest_set(struct store *st, const struct digest_rec *d);

/* A selection candidate: a thread active in the period or unanswered. */
struct digest_cand {
	long long thread_id;
	long long upto;   /* newest posted message id */
	int in_period;    /* posted messages in the period */
	int replies;      /* posted messages after the root */
	int participants; /* distinct authors */
	bool question;    /* the root asks something ('?') */
	bool answered;    /* someone other than the asker replied */
	bool active;      /* activity in the period */
	char last[21];    /* last activity */
};
/*
 * store_digest_candidates - threads with posted activity in [start, end),
 * and questions started in [qsince, end) that nobody else answered.
 */
int store_digest_candidates(struct store *st, long long list_id,
    const char *start, const char *end, const char *qsince,
    struct digest_cand **out, size_t *n);
/* store_digest_joined - members who joined the list in [start, end). */
int store_digest_joined(struct store *st, long long list_id, const char *start,
    const char *end, long long **out, size_t *n);

/* One item, with what drafts and digests show. */
struct digest_item {
	long long id, number, thread_id, member_id, upto;
	char section[12]; /* thread, question, joined */
	bool pinned, dropped, titled;
	double position, score;
	char *title;      /* the moderator's, else the subject / member name */
	char *people;     /* "\n"-separated author names, first post first */
	char *excerpt;    /* best answer (or question, or introduction) */
	char *excerpt_by; /* its author's name */
	int replies;
};
void digest_items_free(struct digest_item *it, size_t n);
/* store_digest_item_add - insert it (number, section, ids, position, score,
 * upto). */
int store_digest_item_add(
    struct store *st, long long digest_id, const struct digest_item *it);
/*
 * store_digest_items - the items of a digest in display order (section,
 * pinned first, position); dropped ones too when with_dropped.
 */
int store_digest_items(struct store *st, long long digest_id, bool with_dropped,
    struct digest_item **out, size_t *n);
/* store_digest_item_set - save pinned, dropped, position and title. */
int store_digest_item_set(struct store *st, const struct digest_item *it);
/* store_digest_thread_ok - thread is in list with a posted message; upto. */
int store_digest_thread_ok(
    struct store *st, long long list_id, long long thread_id, long long *upto);

/* A moderator or digest recipient. */
struct digest_person {
	long long id;
	char *email;
	char *name;
	bool each; /* delivery 'each' (also gets every message) */
};
void digest_people_free(struct digest_person *p, size_t n);
/* store_digest_moderators - active moderators and owners of list. */
int store_digest_moderators(
    struct store *st, long long list_id, struct digest_person **out, size_t *n);
/*
 * store_digest_rcpts_next - up to limit members who should get digest d
 * and have no digest_rcpts row yet: active, delivery each or digest, not
 * opted out.
 */
int store_digest_rcpts_next(struct store *st, long long list_id, long long d,
    size_t limit, struct digest_person **out, size_t *n);
/* store_digest_rcpt_done - record that member got (items > 0) or skipped d. */
int store_digest_rcpt_done(
    struct store *st, long long d, long long member, int items);
/*
 * store_digest_seen - for each thread id in threads[0..n), the newest
 * message id of it that member received in an earlier digest of list (0 =
 * never); written to upto[i].
 */
int store_digest_seen(struct store *st, long long list_id, long long member,
    long long d, const long long *threads, size_t n, long long *upto);

/*
 * store_digest_optout - "digest off" (true) / "digest on" for a member;
 * *changed (may be NULL) says whether the setting was different before.
 * E_NOTFOUND when member is not on the list.
 */
int store_digest_optout(struct store *st, long long list_id,
    long long member_id, bool off, bool *changed);

/*
 * store_digest_msgid - the Message-ID of digest d for member (without
 * <>); used for sending and by store_digest_is_digest_msgid().
 */
void store_digest_msgid(long long d, long long member, struct buf *out);
/*
 * store_digest_is_digest_msgid - is msgid (with or without <>) a digest
 * we sent?  *yes set; 0 or an enum err.
 */
int store_digest_is_digest_msgid(
    struct store *st, const char *msgid, bool *yes);

#endif

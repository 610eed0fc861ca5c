/*
 * store.h - the only module that speaks SQL (files db/store*.c).
 *
 * A struct store is one SQLite connection with the pragmas of DESIGN §4:
 * WAL, busy_timeout, foreign keys, trusted_schema off, and synchronous=FULL
 * when the caller asks (the hook's write path).  Migrations compiled from
 * db/NNNN-*.sql are applied on open (PRAGMA user_version).  Every write is
 * inside store_begin() (BEGIN IMMEDIATE) ... store_commit().  SQLite errors
 * map to enum err: BUSY/LOCKED/FULL/IOERR/CANTOPEN -> E_TEMP, a UNIQUE
 * violation -> E_DUP, anything else -> E_INTERNAL.
 */
#ifndef STOA_STORE_H
#define STOA_STORE_H

#include <stdbool.h>
#include <stdio.h>

#include "buf.h"

struct store;

#define STORE_CREATE    0x1 /* create the file if missing (stoa init) */
#define STORE_SYNC_FULL 0x2 /* synchronous=FULL */
#define STORE_READONLY  0x4

/* store_open - open (and migrate) the database at path. */
int store_open(const char *path, int flags, int busy_ms, struct store **out,
    struct buf *why);
void store_close(struct store *st);
int store_begin(struct store *st);
int store_commit(struct store *st);
/* store_rollback - safe to call when no transaction is open. */
void store_rollback(struct store *st);
/*
 * store_temp_reason - a one-line reason for the last E_TEMP of st, for a
 * person ("database disk full, ..." rather than "busy"); a constant.
 */
const char *store_temp_reason(const struct store *st);
/* store_version - the schema version (PRAGMA user_version). */
int store_version(struct store *st, int *out);
/*
 * store_backup - a consistent copy of the live database into a new file
 * (SQLite online backup; writers may continue).  E_PARSE when path exists
 * or cannot be created, E_TEMP when the copy fails.
 */
int store_backup(struct store *st, const char *path, struct buf *why);
/* store_migrate - apply pending migrations; *applied gets their number. */
int store_migrate(struct store *st, int *applied, struct buf *why);

/* --- lists --- */
struct list_rec {
	long long id;
	char *name;
	char *title;
	char *timezone;
	bool moderated;
};
void list_rec_release(struct list_rec *l);
int store_list_create(
    struct store *st, const struct list_rec *l, struct buf *why);
/* store_list_get - E_NOGROUP when there is no such list. */
int store_list_get(struct store *st, const char *name, struct list_rec *out);
/* store_list_get_id - the same by id. */
int store_list_get_id(struct store *st, long long id, struct list_rec *out);
/* store_list_show - one line per list with member counts, to f. */
int store_list_show(struct store *st, FILE *f);
/* store_list_names - append "NAME\n" per list (by name) to out. */
int store_list_names(struct store *st, struct buf *out);

/* --- members --- */
struct member_rec {
	const char *email; /* normalised with addr_normalise() */
	const char *name;  /* NULL = keep / empty */
	const char *role;  /* NULL = keep / member */
	const char *delivery;
	const char *status;
};
/* store_member_add - E_DUP with why naming the existing member. */
int store_member_add(struct store *st, long long list_id,
    const struct member_rec *m, struct buf *why);
/* store_member_set - change the non-NULL fields; E_NOTFOUND if absent. */
int store_member_set(struct store *st, long long list_id,
    const struct member_rec *m, struct buf *why);
/* store_member_remove - mark the membership removed; E_NOTFOUND. */
int store_member_remove(
    struct store *st, long long list_id, const char *email, struct buf *why);

/* store_event - append to the events table (inside the caller's tx). */
int store_event(struct store *st, long long list_id, long long member_id,
    const char *kind, long long object_id, const char *detail);

/*
 * store_export - write KIND ("lists", "members", ...) as JSON Lines to f;
 * E_NOTFOUND for an unknown kind.  domain completes list addresses.  Field
 * names are in docs/export.md.
 */
int store_export(struct store *st, const char *kind, const char *domain,
    FILE *f, struct buf *why);
/* store_export_kinds - the kinds store_export() knows, space-separated. */
const char *store_export_kinds(void);

/* --- inbound messages (db/store_msg.c) --- */
struct msg_rec {
	long long list_id;
	long long author_id; /* 0 = not a member */
	const char *message_id;
	const char *dedup_key;
	const char *author;
	const char *author_name;
	const char *subject;
	const char *base_subject; /* for the subject fallback */
	const char *header_date;  /* ISO or NULL */
	const char *text;
	const char *quoted;
	const char *html; /* NULL = none */
	const char *status;
	const char *flags;
	const char *raw_sha256;
	const char *raw;
	size_t raw_len;
};

/* Threading input: ids are without <>; refs in header order. */
struct thread_in {
	const char *message_id;
	const char *in_reply_to;
	const char *const *refs;
	size_t n_refs;
	const char *base_subject;
	long long window; /* seconds back for the subject fallback */
};

struct thread_out {
	long long thread_id; /* 0 = start a new thread */
	long long parent_id; /* 0 = root */
	const char *how;     /* "in-reply-to", "references", "subject", "new" */
};

/*
 * store_msg_seen - is dedup_key stored?  0 with *same set (the stored raw
 * hash equals raw_sha256), or E_NOTFOUND.
 */
int store_msg_seen(struct store *st, const char *dedup_key,
    const char *raw_sha256, bool *same);
/* store_thread_resolve - find the thread and parent for a new message. */
int store_thread_resolve(struct store *st, long long list_id,
    const struct thread_in *in, struct thread_out *out);
/*
 * store_msg_insert - insert a message with the thread found by
 * store_thread_resolve() (creating the thread when t->thread_id is 0),
 * record its Message-ID and placeholders for unknown references, and bump
 * the thread.  *id gets the new messages.id, *thread the thread id.
 */
int store_msg_insert(struct store *st, const struct msg_rec *m,
    const struct thread_in *in, const struct thread_out *t, long long *id,
    long long *thread);
/* store_attachment_add - data NULL when over the cap. */
int store_attachment_add(struct store *st, long long msg, const char *name,
    const char *type, size_t size, const void *data);
/*
 * store_member_name - the display name stored for email (any list; "" when
 * none) into out of size n; E_NOTFOUND when there is no such member.
 */
int store_member_name(struct store *st, const char *email, char *out, size_t n);
/* store_member_lookup - member id and active role in list, or E_NOTFOUND. */
int store_member_lookup(struct store *st, long long list_id, const char *email,
    long long *member_id, char role[16]);
/*
 * store_notice_count - automatic notices sent to addr since `since`
 * (counted from events of kind 'notice'; the address compares without
 * ASCII case, so vIcTiM@ and victim@ share one budget).
 */
int store_notice_count(
    struct store *st, const char *addr, const char *since, int *count);
/*
 * store_notice_count_kind - the same for events of another kind, e.g.
 * 'notice.change' (announcements of a membership change, a budget of
 * their own).
 */
int store_notice_count_kind(struct store *st, const char *kind,
    const char *addr, const char *since, int *count);

/* store_posts_since - posts by member in list at or after since. */
int store_posts_since(struct store *st, long long list_id, long long member,
    const char *since, int *count);
/* store_thread_list - the list a thread belongs to; E_NOTFOUND. */
int store_thread_list(struct store *st, long long thread, long long *list_id);
/* store_thread_root - the first message of a thread; E_NOTFOUND. */
int store_thread_root(struct store *st, long long thread, long long *root);
/* store_member_email - the address of member id; out has MAX_EMAIL+1. */
int store_member_email(struct store *st, long long id, char *out);

/* --- distribution (db/store_deliver.c) --- */
/* store_post_enqueue - a delivery job for a posted message. */
int store_post_enqueue(struct store *st, long long msg);

/* One post to send, as the expander needs it. */
struct post_rec {
	long long id, list_id, thread_id, author_id;
	char *message_id, *author, *author_name, *subject, *text, *html;
	char *parent_message_id; /* NULL for a thread root */
	char *references;        /* space-separated ids of the ancestors */
	int attachments;
};
void post_rec_release(struct post_rec *p);
/* store_delivery_next - the oldest pending job; E_NOTFOUND when none. */
int store_delivery_next(struct store *st, struct post_rec *p);
/* One recipient of a post. */
struct rcpt_rec {
	long long member_id;
	char *email;
	char *name;
};
/*
 * store_delivery_rcpts - the members who get each message of list:
 * active, delivery 'each', the author only with self_copy.  *out is an
 * array of *n records; free with rcpt_recs_free().
 */
int store_delivery_rcpts(struct store *st, const struct post_rec *p,
    struct rcpt_rec **out, size_t *n);
void rcpt_recs_free(struct rcpt_rec *r, size_t n);
/* store_delivery_owners - the active owners of list, told of failures. */
int store_delivery_owners(
    struct store *st, long long list_id, struct rcpt_rec **out, size_t *n);
/* store_delivery_done - mark the job expanded. */
int store_delivery_done(struct store *st, long long msg);
/* store_attachment_names - "name\ttype, N bytes" lines; caller frees. */
char *store_attachment_names(struct store *st, long long msg);

/* --- the hook's poison guard (db/store_msg.c) --- */
/*
 * store_guard_begin - start a delivery of raw_sha256 (autocommit, outside
 * any transaction): count the previous delivery as a crash when it left
 * its parse marker set, then set the marker when arm (a parse follows).
 * *crashes is the number of deliveries that died while parsing it.
 */
int store_guard_begin(
    struct store *st, const char *raw_sha256, bool arm, int *crashes);
/* store_guard_parsed - clear the parse marker (autocommit). */
int store_guard_parsed(struct store *st, const char *raw_sha256);
/* store_list_owners - the active owners of list; rcpt_recs_free() them. */
int store_list_owners(
    struct store *st, long long list_id, struct rcpt_rec **out, size_t *n);
/* store_attempt_done - forget the attempts (inside the success tx). */
int store_attempt_done(struct store *st, const char *raw_sha256);

/* --- outbox (db/store_outbox.c) --- */
struct outbox_rec {
	long long id;
	const char *dedupe_key;
	const char *kind;
	long long list_id;
	const char *sender;
	const char *recipient;
	const char *message_id;
	const char *body;
	size_t body_len;
	int attempts;
	const char *created;
	const char *due; /* next_attempt when claimed */
};
/* store_outbox_add - queue one mail; an existing dedupe_key is a no-op. */
int store_outbox_add(struct store *st, const struct outbox_rec *o, bool *added);
/* store_outbox_recover - rows left 'sending' by a crash go back to queued. */
int store_outbox_recover(struct store *st, int *n);
/*
 * store_outbox_claim - claim up to max due rows (queued, else deferred,
 * with next_attempt <= now; oldest first) into o[0 .. *n) by marking
 * them 'sending'; E_NOTFOUND when none.  The bodies are not read: see
 * store_outbox_body().  The caller frees each with outbox_rec_free().
 */
int store_outbox_claim(struct store *st, const char *now, size_t max,
    struct outbox_rec *o, size_t *n);
/*
 * store_outbox_body - the message of row id into body, replacing what it
 * held (one buffer serves a whole pass); E_NOTFOUND when there is none.
 */
int store_outbox_body(struct store *st, long long id, struct buf *body);
void outbox_rec_free(struct outbox_rec *o);
/* Outbox totals, compared before and after a pass to say what it did. */
struct outbox_counts {
	long long last_id; /* the highest row id: rows added since */
	long long sent, failed, waiting;
};
/* store_outbox_counts - the totals now; 0 or an enum err. */
int store_outbox_counts(struct store *st, struct outbox_counts *c);
/*
 * store_outbox_unbuilt - record a mail that could not be built as a row
 * already 'failed' with error as its reason (o->body may be empty), so it
 * is never retried and `stoa-digest status` shows it.  An existing
 * dedupe_key is a no-op.
 */
int store_outbox_unbuilt(
    struct store *st, const struct outbox_rec *o, const char *error);
#define OUTBOX_STATUS_FAILURES 5 /* failed rows store_outbox_status lists */
/*
 * store_outbox_status - rows per state, the oldest waiting age and the
 * latest OUTBOX_STATUS_FAILURES failed rows with their reasons, to f.
 */
int store_outbox_status(struct store *st, long long now, FILE *f);
/* store_outbox_result - record the outcome: state sent|deferred|failed. */
int store_outbox_result(struct store *st, long long id, const char *state,
    const char *next_attempt, int code, const char *error);

#endif

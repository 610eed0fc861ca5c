/*
 * store_outbox.c - the outbox (DESIGN §5): rows queued -> sending ->
 * sent | deferred | failed.  A unique dedupe_key makes every enqueue
 * idempotent; a row left 'sending' by a crash is queued again.  Each
 * message is in outbox_bodies under its row's id (0019), so claims and
 * settlements rewrite only the small row.
 */
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "err.h"
#include "log.h"
#include "store_priv.h"
#include "xmalloc.h"

/* add_body - the body of the row just inserted (outbox_bodies, 0019). */
static int
add_body(struct store *st, const struct outbox_rec *o)
{
	sqlite3_stmt *s;
	int rc;

	rc = store_stmt_get(
	    st, "INSERT INTO outbox_bodies(id, body) VALUES (?1, ?2)", &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, sqlite3_last_insert_rowid(st->db));
	sqlite3_bind_blob64(s, 2, o->body, o->body_len, SQLITE_STATIC);
	return store_stmt_done(st, s, "outbox body");
}

int
store_outbox_add(struct store *st, const struct outbox_rec *o, bool *added)
{
	sqlite3_stmt *s;
	char now[21];
	bool in;
	int rc;

	rc = store_stmt_get(st,
	    "INSERT INTO outbox(dedupe_key, kind, list_id, sender, recipient,"
	    " message_id, next_attempt, created)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)"
	    " ON CONFLICT(dedupe_key) DO NOTHING",
	    &s);
	if (rc != 0)
		return rc;
	store_now(now);
	store_bind_text(s, 1, o->dedupe_key);
	store_bind_text(s, 2, o->kind);
	if (o->list_id > 0)
		sqlite3_bind_int64(s, 3, o->list_id);
	store_bind_text(s, 4, o->sender);
	store_bind_text(s, 5, o->recipient);
	store_bind_text(s, 6, o->message_id);
	store_bind_text(s, 7, now);
	rc = store_stmt_done(st, s, "outbox add");
	in = rc == 0 && sqlite3_changes(st->db) > 0;
	if (in)
		rc = add_body(st, o);
	if (added != NULL)
		*added = in && rc == 0;
	return rc;
}

int
store_outbox_unbuilt(
    struct store *st, const struct outbox_rec *o, const char *error)
{
	bool added;
	int rc;

	rc = store_outbox_add(st, o, &added);
	if (rc == 0 && added)
		rc = store_outbox_result(st, sqlite3_last_insert_rowid(st->db),
		    "failed", NULL, 0, error);
	return rc;
}

int
store_outbox_recover(struct store *st, int *n)
{
	sqlite3_stmt *s;
	int rc;

	rc = store_prep(st,
	    "UPDATE outbox SET state = 'queued' WHERE state = 'sending'", &s);
	if (rc != 0)
		return rc;
	rc = store_step_done(st, s, "outbox recover");
	*n = rc == 0 ? sqlite3_changes(st->db) : 0;
	return rc;
}

void
outbox_rec_free(struct outbox_rec *o)
{
	free((char *)o->dedupe_key);
	free((char *)o->kind);
	free((char *)o->sender);
	free((char *)o->recipient);
	free((char *)o->message_id);
	free((char *)o->body);
	free((char *)o->created);
	free((char *)o->due);
	memset(o, 0, sizeof *o);
}

/* claim_row - the columns of one claimed row into o (no body yet). */
static void
claim_row(sqlite3_stmt *s, struct outbox_rec *o)
{
	memset(o, 0, sizeof *o);
	o->id = sqlite3_column_int64(s, 0);
	o->dedupe_key = store_col_dup(s, 1);
	o->kind = store_col_dup(s, 2);
	o->list_id = sqlite3_column_int64(s, 3);
	o->sender = store_col_dup(s, 4);
	o->recipient = store_col_dup(s, 5);
	o->message_id = store_col_dup(s, 6);
	o->attempts = sqlite3_column_int(s, 7);
	o->created = store_col_dup(s, 8);
	o->due = store_col_dup(s, 9);
}

/* by_due - the claim's order: next_attempt, then id. */
static int
by_due(const void *a, const void *b)
{
	const struct outbox_rec *x = a, *y = b;
	int c = strcmp(x->due, y->due);

	return c != 0 ? c : (x->id > y->id) - (x->id < y->id);
}

/*
 * claim_state - claim up to max of the oldest due rows in one state into
 * o[*n ...].  One state at a time lets the (state, next_attempt) index
 * give the order without a sort of every waiting row per claim.
 */
static int
claim_state(struct store *st, const char *state, const char *now, size_t max,
    struct outbox_rec *o, size_t *n)
{
	sqlite3_stmt *s;
	size_t first = *n;
	int rc;

	/* the state is written out: the partial index outbox_due (0022) is
	 * usable only when the query names a state it holds */
#define CLAIM(state)                                                           \
	"UPDATE outbox SET state = 'sending', attempts = attempts + 1"         \
	" WHERE id IN (SELECT id FROM outbox WHERE state = '" state "'"        \
	" AND next_attempt <= ?1 ORDER BY next_attempt, id LIMIT ?3)"          \
	" RETURNING id, dedupe_key, kind, coalesce(list_id, 0), sender,"       \
	" recipient, message_id, attempts, created, next_attempt"
	rc = store_stmt_get(st,
	    strcmp(state, "deferred") == 0 ? CLAIM("deferred")
	                                   : CLAIM("queued"),
	    &s);
#undef CLAIM
	if (rc != 0)
		return rc;
	store_bind_text(s, 1, now);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)(max - *n));
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (*n < max) /* LIMIT says so; never past o[max - 1] */
			claim_row(s, &o[(*n)++]);
	store_stmt_put(st, s);
	qsort(o + first, *n - first, sizeof *o, by_due);
	return rc == SQLITE_DONE ? 0 : store_err(st, rc, "outbox claim");
}

int
store_outbox_claim(struct store *st, const char *now, size_t max,
    struct outbox_rec *o, size_t *n)
{
	int rc;

	*n = 0;
	rc = claim_state(st, "queued", now, max, o, n);
	if (rc == 0 && *n == 0)
		rc = claim_state(st, "deferred", now, max, o, n);
	if (rc == 0 && *n == 0)
		rc = E_NOTFOUND;
	return rc;
}

int
store_outbox_body(struct store *st, long long id, struct buf *body)
{
	sqlite3_stmt *s;
	int rc;

	rc = store_stmt_get(
	    st, "SELECT body FROM outbox_bodies WHERE id = ?1", &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	buf_reset(body);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		buf_add(body, sqlite3_column_blob(s, 0),
		    (size_t)sqlite3_column_bytes(s, 0));
	store_stmt_put(st, s);
	if (rc == SQLITE_ROW)
		return buf_error(body);
	return rc == SQLITE_DONE ? E_NOTFOUND
	                         : store_err(st, rc, "outbox body");
}

int
store_outbox_result(struct store *st, long long id, const char *state,
    const char *next_attempt, int code, const char *error)
{
	sqlite3_stmt *s;
	char now[21];
	int rc;

	rc = store_stmt_get(st,
	    "UPDATE outbox SET state = ?2, next_attempt = coalesce(?3,"
	    " next_attempt), last_code = ?4, last_error = ?5,"
	    " sent_at = CASE ?2 WHEN 'sent' THEN ?6 ELSE sent_at END"
	    " WHERE id = ?1",
	    &s);
	if (rc != 0)
		return rc;
	store_now(now);
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, state);
	store_bind_text(s, 3, next_attempt);
	sqlite3_bind_int(s, 4, code);
	store_bind_text(s, 5, error);
	store_bind_text(s, 6, now);
	return store_stmt_done(st, s, "outbox result");
}

/* failures - the latest failed rows with their reasons, escaped. */
static int
failures(struct store *st, FILE *f)
{
	char q1[LOG_Q_SIZE], q2[LOG_Q_SIZE], q3[LOG_Q_SIZE];
	sqlite3_stmt *s;
	int rc;

	rc = store_prep(st,
	    "SELECT id, kind, recipient, coalesce(last_error, '') FROM outbox"
	    " WHERE state = 'failed' ORDER BY id DESC LIMIT ?1",
	    &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int(s, 1, OUTBOX_STATUS_FAILURES);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		fprintf(f, "failed id=%lld kind=%s to=%s reason=%s\n",
		    (long long)sqlite3_column_int64(s, 0),
		    log_q(q1, (const char *)sqlite3_column_text(s, 1)),
		    log_q(q2, (const char *)sqlite3_column_text(s, 2)),
		    log_q(q3, (const char *)sqlite3_column_text(s, 3)));
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_err(st, rc, "outbox failures");
}

int
store_outbox_status(struct store *st, long long now, FILE *f)
{
	static const char *const states[] = {
	    "queued", "sending", "deferred", "sent", "failed"};
	sqlite3_stmt *s;
	char t[21];
	size_t i;
	int rc;

	rc = store_prep(st,
	    "SELECT (SELECT count(*) FROM outbox WHERE state = ?1),"
	    " (SELECT min(created) FROM outbox WHERE state IN ('queued',"
	    " 'deferred', 'sending'))",
	    &s);
	if (rc != 0)
		return rc;
	for (i = 0; i < sizeof states / sizeof states[0]; i++) {
		sqlite3_reset(s);
		store_bind_text(s, 1, states[i]);
		if ((rc = sqlite3_step(s)) != SQLITE_ROW)
			break;
		fprintf(f, "%-9s %lld\n", states[i],
		    (long long)sqlite3_column_int64(s, 0));
	}
	if (rc == SQLITE_ROW) {
		long long oldest;

		if (sqlite3_column_type(s, 1) == SQLITE_NULL ||
		    time_parse_iso(
		        (const char *)sqlite3_column_text(s, 1), &oldest) != 0)
			fprintf(f, "oldest waiting: none\n");
		else {
			time_format_iso(oldest, t);
			fprintf(f, "oldest waiting: %s (%lld s ago)\n", t,
			    now - oldest);
		}
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_err(st, rc, "outbox status");
	return failures(st, f);
}

int
store_outbox_counts(struct store *st, struct outbox_counts *c)
{
	return store_q(st, "outbox counts",
	    "SELECT coalesce(max(id), 0),"
	    " coalesce(sum(state = 'sent'), 0),"
	    " coalesce(sum(state = 'failed'), 0),"
	    " coalesce(sum(state IN ('queued', 'deferred', 'sending')), 0)"
	    " FROM outbox",
	    SQ_OUT_I64(&c->last_id), SQ_OUT_I64(&c->sent),
	    SQ_OUT_I64(&c->failed), SQ_OUT_I64(&c->waiting));
}

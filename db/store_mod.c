/*
 * store_mod.c - moderation: held posts, moderators, decisions, threading
 * an approved post after the fact, expiry (see store_mod.h).
 */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "store_mod.h"
#include "store_priv.h"
#include "xmalloc.h"

void
held_rec_release(struct held_rec *h)
{
	free(h->message_id);
	free(h->author);
	free(h->author_name);
	free(h->subject);
	free(h->text);
	free(h->date);
	free(h->status);
	free(h->raw);
	free(h->flags);
	memset(h, 0, sizeof *h);
}

int
store_mod_held_get(struct store *st, long long id, struct held_rec *out)
{
	sqlite3_stmt *s;
	const void *raw;
	int rc;

	memset(out, 0, sizeof *out);
	rc = store_prep(st,
	    "SELECT m.id, m.list_id, coalesce(m.author_id, 0), l.held_days,"
	    " m.message_id, m.author, m.author_name, m.subject, m.text, m.date,"
	    " m.status, m.raw, m.flags FROM messages m"
	    " JOIN lists l ON l.id = m.list_id"
	    " WHERE m.id = ?1",
	    &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(s, 0);
		out->list_id = sqlite3_column_int64(s, 1);
		out->author_id = sqlite3_column_int64(s, 2);
		out->held_days = sqlite3_column_int(s, 3);
		out->message_id = store_col_dup(s, 4);
		out->author = store_col_dup(s, 5);
		out->author_name = store_col_dup(s, 6);
		out->subject = store_col_dup(s, 7);
		out->text = store_col_dup(s, 8);
		out->date = store_col_dup(s, 9);
		out->status = store_col_dup(s, 10);
		raw = sqlite3_column_blob(s, 11);
		out->raw_len = (size_t)sqlite3_column_bytes(s, 11);
		out->raw = xmalloc(out->raw_len + 1);
		if (out->raw_len > 0)
			memcpy(out->raw, raw, out->raw_len);
		out->raw[out->raw_len] = '\0';
		out->flags = store_col_dup(s, 12);
		rc = 0;
	} else
		rc = rc == SQLITE_DONE ? E_NOTFOUND
		                       : store_err(st, rc, "held get");
	sqlite3_finalize(s);
	return rc;
}

int
store_mod_moderators(
    struct store *st, long long list_id, struct rcpt_rec **out, size_t *n)
{
	sqlite3_stmt *s;
	int rc;

	*out = NULL;
	*n = 0;
	rc = store_prep(st,
	    "SELECT b.id, b.email, b.name FROM memberships m"
	    " JOIN members b ON b.id = m.member_id WHERE m.list_id = ?1"
	    " AND m.status = 'active' AND m.role IN ('moderator', 'owner')"
	    " ORDER BY b.id",
	    &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, list_id);
	return store_rcpts_read(st, s, out, n, "moderators");
}

int
store_mod_is_moderator(
    struct store *st, long long list_id, long long member_id, bool *yes)
{
	sqlite3_stmt *s;
	int rc;

	*yes = false;
	rc = store_prep(st,
	    "SELECT 1 FROM memberships WHERE list_id = ?1 AND member_id = ?2"
	    " AND status = 'active' AND role IN ('moderator', 'owner')",
	    &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, list_id);
	sqlite3_bind_int64(s, 2, member_id);
	rc = sqlite3_step(s);
	*yes = rc == SQLITE_ROW;
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE
	    ? 0
	    : store_err(st, rc, "is moderator");
	sqlite3_finalize(s);
	return rc;
}

/* status_for - the message status an action leaves; NULL if unknown. */
static const char *
status_for(const char *action)
{
	if (strcmp(action, "approve") == 0 || strcmp(action, "allow") == 0)
		return "posted";
	if (strcmp(action, "reject") == 0 || strcmp(action, "expire") == 0)
		return "rejected";
	if (strcmp(action, "discard") == 0)
		return "dropped";
	return NULL;
}

int
store_mod_decide(struct store *st, long long msg, long long member_id,
    const char *action, const char *reason)
{
	const char *status = status_for(action);
	sqlite3_stmt *s;
	char now[21];
	int rc;

	CHECK(status != NULL);
	rc = store_prep(st,
	    "UPDATE messages SET status = ?2 WHERE id = ?1 AND status = 'held'",
	    &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, msg);
	store_bind_text(s, 2, status);
	rc = store_step_done(st, s, "decide");
	if (rc != 0)
		return rc;
	if (sqlite3_changes(st->db) == 0)
		return E_DUP;
	rc = store_prep(st,
	    "INSERT INTO moderations(message, list_id, member_id, action,"
	    " reason, at) SELECT id, list_id, ?2, ?3, ?4, ?5 FROM messages"
	    " WHERE id = ?1",
	    &s);
	if (rc != 0)
		return rc;
	store_now(now);
	sqlite3_bind_int64(s, 1, msg);
	if (member_id > 0)
		sqlite3_bind_int64(s, 2, member_id);
	store_bind_text(s, 3, action);
	store_bind_text(s, 4, reason != NULL ? reason : "");
	store_bind_text(s, 5, now);
	return store_step_done(st, s, "moderation insert");
}

void
mod_decision_release(struct mod_decision *d)
{
	free(d->email);
	free(d->name);
	free(d->action);
	free(d->reason);
	free(d->at);
	memset(d, 0, sizeof *d);
}

int
store_mod_decision(struct store *st, long long msg, struct mod_decision *d)
{
	sqlite3_stmt *s;
	int rc;

	memset(d, 0, sizeof *d);
	rc = store_prep(st,
	    "SELECT coalesce(d.member_id, 0), coalesce(b.email, ''),"
	    " coalesce(b.name, ''), d.action, d.reason, d.at"
	    " FROM moderations d LEFT JOIN members b ON b.id = d.member_id"
	    " WHERE d.message = ?1",
	    &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, msg);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		d->member_id = sqlite3_column_int64(s, 0);
		d->email = store_col_dup(s, 1);
		d->name = store_col_dup(s, 2);
		d->action = store_col_dup(s, 3);
		d->reason = store_col_dup(s, 4);
		d->at = store_col_dup(s, 5);
		rc = 0;
	} else
		rc = rc == SQLITE_DONE ? E_NOTFOUND
		                       : store_err(st, rc, "decision");
	sqlite3_finalize(s);
	return rc;
}

/* exec_ids - run sql binding ?1..?n to the ids (0 binds NULL). */
static int
exec_ids(struct store *st, const char *sql, const long long *ids, int n,
    const char *text, const char *what)
{
	sqlite3_stmt *s;
	int i, rc;

	rc = store_prep(st, sql, &s);
	if (rc != 0)
		return rc;
	for (i = 0; i < n; i++)
		if (ids[i] != 0)
			sqlite3_bind_int64(s, i + 1, ids[i]);
	if (text != NULL)
		store_bind_text(s, n + 1, text);
	return store_step_done(st, s, what);
}

int
store_mod_thread(struct store *st, const struct held_rec *h,
    const char *base_subject, const struct thread_out *t, long long author_id,
    long long *thread)
{
	sqlite3_stmt *s;
	long long ids[3];
	char now[21];
	int rc = 0;

	store_now(now);
	*thread = t->thread_id;
	if (*thread == 0) {
		rc = store_prep(st,
		    "INSERT INTO threads(list_id, subject, base_subject, created,"
		    " last_activity) VALUES (?1, ?2, ?3, ?4, ?4)",
		    &s);
		if (rc != 0)
			return rc;
		sqlite3_bind_int64(s, 1, h->list_id);
		store_bind_text(s, 2, h->subject);
		store_bind_text(s, 3, base_subject != NULL ? base_subject : "");
		store_bind_text(s, 4, now);
		rc = store_step_done(st, s, "thread insert");
		if (rc != 0)
			return rc;
		*thread = sqlite3_last_insert_rowid(st->db);
	}
	ids[0] = h->id;
	ids[1] = *thread;
	ids[2] = t->parent_id != h->id ? t->parent_id : 0;
	rc = exec_ids(st,
	    "UPDATE messages SET thread_id = ?2, parent_id = ?3 WHERE id = ?1",
	    ids, 3, NULL, "thread link");
	if (rc == 0 && author_id > 0) {
		ids[1] = author_id;
		rc = exec_ids(st,
		    "UPDATE messages SET author_id = ?2 WHERE id = ?1", ids, 2,
		    NULL, "author link");
	}
	if (rc == 0) {
		ids[0] = h->list_id;
		ids[1] = *thread;
		ids[2] = h->id;
		rc = exec_ids(st,
		    "INSERT INTO msgids(list_id, thread_id, message, message_id)"
		    " VALUES (?1, ?2, ?3, ?4) ON CONFLICT(list_id, message_id)"
		    " DO UPDATE SET message = ?3, thread_id = ?2",
		    ids, 3, h->message_id, "msgid link");
	}
	if (rc == 0) {
		ids[0] = *thread;
		ids[1] = h->id;
		rc = exec_ids(st,
		    "UPDATE threads SET message_count = message_count + 1,"
		    " last_activity = ?3, root_id = coalesce(root_id, ?2)"
		    " WHERE id = ?1",
		    ids, 2, now, "thread bump");
	}
	return rc;
}

int
store_mod_expired(
    struct store *st, const char *now, size_t max, long long **ids, size_t *n)
{
	sqlite3_stmt *s;
	int rc;

	*ids = NULL;
	*n = 0;
	rc = store_prep(st,
	    "SELECT m.id FROM messages m JOIN lists l ON l.id = m.list_id"
	    " WHERE m.status = 'held' AND m.date <="
	    " strftime('%Y-%m-%dT%H:%M:%SZ', ?1, '-' || l.held_days || ' days')"
	    " ORDER BY m.date, m.id LIMIT ?2",
	    &s);
	if (rc != 0)
		return rc;
	store_bind_text(s, 1, now);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)max);
	*ids = xreallocarray(NULL, max > 0 ? max : 1, sizeof **ids);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n < max)
		(*ids)[(*n)++] = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return 0;
	free(*ids);
	*ids = NULL;
	*n = 0;
	return store_err(st, rc, "expired");
}

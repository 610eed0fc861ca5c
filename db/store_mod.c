/*
 * store_mod.c - moderation: held posts, moderators, decisions, threading
 * an approved post after the fact, expiry (see store_mod.h).
 */
#include <stdio.h>
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
	rc = store_stmt(st, &s,
	    "SELECT m.id, m.list_id, coalesce(m.author_id, 0), l.held_days,"
	    " m.message_id, m.author, m.author_name, m.subject, m.text, m.date,"
	    " m.status, m.flags, m.raw FROM messages m"
	    " JOIN lists l ON l.id = m.list_id"
	    " WHERE m.id = ?1",
	    SQ_INT(id));
	if (rc != 0)
		return rc;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		store_cols(s, SQ_OUT_I64(&out->id), SQ_OUT_I64(&out->list_id),
		    SQ_OUT_I64(&out->author_id), SQ_OUT_INT(&out->held_days),
		    SQ_OUT_DUP(&out->message_id), SQ_OUT_DUP(&out->author),
		    SQ_OUT_DUP(&out->author_name), SQ_OUT_DUP(&out->subject),
		    SQ_OUT_DUP(&out->text), SQ_OUT_DUP(&out->date),
		    SQ_OUT_DUP(&out->status), SQ_OUT_DUP(&out->flags));
		raw = sqlite3_column_blob(s, 12);
		out->raw_len = (size_t)sqlite3_column_bytes(s, 12);
		out->raw = xmalloc(out->raw_len + 1);
		if (out->raw_len > 0)
			memcpy(out->raw, raw, out->raw_len);
		out->raw[out->raw_len] = '\0';
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_end(st, s, rc, "held get");
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : E_NOTFOUND;
}

int
store_mod_moderators(
    struct store *st, long long list_id, struct rcpt_rec **out, size_t *n)
{
	sqlite3_stmt *s;
	int rc;

	*out = NULL;
	*n = 0;
	rc = store_stmt(st, &s,
	    "SELECT b.id, b.email, b.name FROM memberships m"
	    " JOIN members b ON b.id = m.member_id WHERE m.list_id = ?1"
	    " AND m.status = 'active' AND m.role IN ('moderator', 'owner')"
	    " ORDER BY b.id",
	    SQ_INT(list_id));
	return rc != 0 ? rc : store_rcpts_read(st, s, out, n, "moderators");
}

int
store_mod_is_moderator(
    struct store *st, long long list_id, long long member_id, bool *yes)
{
	*yes = false;
	return store_q(st, "is moderator",
	    "SELECT EXISTS (SELECT 1 FROM memberships WHERE list_id = ?1"
	    " AND member_id = ?2 AND status = 'active'"
	    " AND role IN ('moderator', 'owner'))",
	    SQ_INT(list_id), SQ_INT(member_id), SQ_OUT_BOOL(yes));
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
	char now[21];
	int rc;

	CHECK(status != NULL);
	rc = store_q(st, "decide",
	    "UPDATE messages SET status = ?2 WHERE id = ?1 AND status = 'held'",
	    SQ_INT(msg), SQ_TEXT(status));
	if (rc != 0)
		return rc;
	if (sqlite3_changes(st->db) == 0)
		return E_DUP;
	store_now(now);
	return store_q(st, "moderation insert",
	    "INSERT INTO moderations(message, list_id, member_id, action,"
	    " reason, at) SELECT id, list_id, ?2, ?3, ?4, ?5 FROM messages"
	    " WHERE id = ?1",
	    SQ_INT(msg), SQ_ID(member_id), SQ_TEXT(action),
	    SQ_TEXT(reason != NULL ? reason : ""), SQ_TEXT(now));
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
	memset(d, 0, sizeof *d);
	return store_q(st, "decision",
	    "SELECT coalesce(d.member_id, 0), coalesce(b.email, ''),"
	    " coalesce(b.name, ''), d.action, d.reason, d.at"
	    " FROM moderations d LEFT JOIN members b ON b.id = d.member_id"
	    " WHERE d.message = ?1",
	    SQ_INT(msg), SQ_OUT_I64(&d->member_id), SQ_OUT_DUP(&d->email),
	    SQ_OUT_DUP(&d->name), SQ_OUT_DUP(&d->action),
	    SQ_OUT_DUP(&d->reason), SQ_OUT_DUP(&d->at));
}

int
store_mod_thread(struct store *st, const struct held_rec *h,
    const char *base_subject, const struct thread_out *t, long long author_id,
    long long *thread)
{
	char now[21];
	int rc = 0;

	store_now(now);
	*thread = t->thread_id;
	if (*thread == 0)
		rc = store_q(st, "thread insert",
		    "INSERT INTO threads(list_id, subject, base_subject, created,"
		    " last_activity) VALUES (?1, ?2, ?3, ?4, ?4) RETURNING id",
		    SQ_INT(h->list_id), SQ_TEXT(h->subject),
		    SQ_TEXT(base_subject != NULL ? base_subject : ""),
		    SQ_TEXT(now), SQ_OUT_I64(thread));
	if (rc == 0)
		rc = store_q(st, "thread link",
		    "UPDATE messages SET thread_id = ?2, parent_id = ?3"
		    " WHERE id = ?1",
		    SQ_INT(h->id), SQ_INT(*thread),
		    SQ_ID(t->parent_id != h->id ? t->parent_id : 0));
	if (rc == 0 && author_id > 0)
		rc = store_q(st, "author link",
		    "UPDATE messages SET author_id = ?2 WHERE id = ?1",
		    SQ_INT(h->id), SQ_INT(author_id));
	if (rc == 0)
		rc = store_q(st, "msgid link",
		    "INSERT INTO msgids(list_id, thread_id, message, message_id)"
		    " VALUES (?1, ?2, ?3, ?4) ON CONFLICT(list_id, message_id)"
		    " DO UPDATE SET message = ?3, thread_id = ?2",
		    SQ_INT(h->list_id), SQ_INT(*thread), SQ_INT(h->id),
		    SQ_TEXT(h->message_id));
	if (rc == 0)
		rc = store_q(st, "thread bump",
		    "UPDATE threads SET message_count = message_count + 1,"
		    " last_activity = ?3, root_id = coalesce(root_id, ?2)"
		    " WHERE id = ?1",
		    SQ_INT(*thread), SQ_INT(h->id), SQ_TEXT(now));
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
	rc = store_stmt(st, &s,
	    "SELECT m.id FROM messages m JOIN lists l ON l.id = m.list_id"
	    " WHERE m.status = 'held' AND m.date <="
	    " strftime('%Y-%m-%dT%H:%M:%SZ', ?1, '-' || l.held_days || ' days')"
	    " ORDER BY m.date, m.id LIMIT ?2",
	    SQ_TEXT(now), SQ_INT(max));
	if (rc != 0)
		return rc;
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

int
store_mod_held_list(struct store *st, long long list_id, FILE *f)
{
	sqlite3_stmt *s;
	int rc;

	rc = store_stmt(st, &s,
	    "SELECT m.id, l.name, m.date, m.author,"
	    " CASE WHEN instr(m.flags, 'wiki:') > 0 THEN 'wiki' ELSE 'post'"
	    " END, m.subject FROM messages m JOIN lists l ON l.id = m.list_id"
	    " WHERE m.status = 'held' AND (?1 = 0 OR m.list_id = ?1)"
	    " ORDER BY m.id",
	    SQ_INT(list_id));
	if (rc != 0)
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		fprintf(f, "%lld\t%s\t%s\t%s\t%s\t%s\n",
		    (long long)sqlite3_column_int64(s, 0),
		    sqlite3_column_text(s, 1), sqlite3_column_text(s, 2),
		    sqlite3_column_text(s, 3), sqlite3_column_text(s, 4),
		    sqlite3_column_text(s, 5));
	return store_end(st, s, rc, "held list");
}

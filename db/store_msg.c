/*
 * store_msg.c - inbound messages, threading by Message-ID with
 * placeholders, attachments, the notice rate count and the poison guard.
 *
 * Threading: every Message-ID seen, and every id a References header
 * names, has a row in msgids mapping it to a thread.  A row whose message
 * is NULL is a placeholder: when that message arrives later it slots into
 * the placeholder's thread.  When two threads turn out to be one (a late
 * message links them), the newer thread's rows move into the older one.
 */
#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "err.h"
#include "store_priv.h"
#include "xmalloc.h"

int
store_msg_seen(
    struct store *st, const char *dedup_key, const char *raw_sha256, bool *same)
{
	sqlite3_stmt *s;
	int rc;

	rc = store_prep(
	    st, "SELECT raw_sha256 FROM messages WHERE dedup_key = ?1", &s);
	if (rc != 0)
		return rc;
	store_bind_text(s, 1, dedup_key);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*same = strcmp((const char *)sqlite3_column_text(s, 0),
		            raw_sha256) == 0;
		rc = 0;
	} else
		rc = rc == SQLITE_DONE ? E_NOTFOUND : store_err(st, rc, "seen");
	sqlite3_finalize(s);
	return rc;
}

/* lookup_id - thread and message for a Message-ID in the list. */
static int
lookup_id(struct store *st, long long list_id, const char *mid,
    long long *thread, long long *msg)
{
	sqlite3_stmt *s;
	int rc;

	rc = store_prep(st,
	    "SELECT thread_id, coalesce(message, 0) FROM msgids"
	    " WHERE list_id = ?1 AND message_id = ?2",
	    &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, list_id);
	store_bind_text(s, 2, mid);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*thread = sqlite3_column_int64(s, 0);
		*msg = sqlite3_column_int64(s, 1);
		rc = 0;
	} else
		rc =
		    rc == SQLITE_DONE ? E_NOTFOUND : store_err(st, rc, "msgid");
	sqlite3_finalize(s);
	return rc;
}

/* by_subject - the most recent thread with this base subject in window. */
static int
by_subject(struct store *st, long long list_id, const struct thread_in *in,
    struct thread_out *out)
{
	sqlite3_stmt *s;
	char now[21];
	int rc;

	if (in->base_subject == NULL || in->base_subject[0] == '\0')
		return E_NOTFOUND;
	rc = store_prep(st,
	    "SELECT id, coalesce(root_id, 0) FROM threads WHERE list_id = ?1"
	    " AND base_subject = ?2 AND last_activity >="
	    " strftime('%Y-%m-%dT%H:%M:%SZ', ?3, '-' || ?4 || ' seconds')"
	    " ORDER BY last_activity DESC LIMIT 1",
	    &s);
	if (rc != 0)
		return rc;
	store_now(now);
	sqlite3_bind_int64(s, 1, list_id);
	store_bind_text(s, 2, in->base_subject);
	store_bind_text(s, 3, now);
	sqlite3_bind_int64(s, 4, in->window);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		out->thread_id = sqlite3_column_int64(s, 0);
		out->parent_id = sqlite3_column_int64(s, 1);
		out->how = "subject";
		rc = 0;
	} else
		rc = rc == SQLITE_DONE ? E_NOTFOUND
		                       : store_err(st, rc, "subject");
	sqlite3_finalize(s);
	return rc;
}

int
store_thread_resolve(struct store *st, long long list_id,
    const struct thread_in *in, struct thread_out *out)
{
	long long thread = 0, msg = 0;
	size_t i;
	int rc;

	out->thread_id = 0;
	out->parent_id = 0;
	out->how = "new";
	if (in->in_reply_to != NULL &&
	    (in->message_id == NULL ||
	        strcmp(in->in_reply_to, in->message_id) != 0)) {
		rc = lookup_id(st, list_id, in->in_reply_to, &thread, &msg);
		if (rc != 0 && rc != E_NOTFOUND)
			return rc;
		if (rc == 0 && msg != 0) {
			out->thread_id = thread;
			out->parent_id = msg;
			out->how = "in-reply-to";
			return 0;
		}
	}
	/* the last known entry of References, then earlier ones */
	for (i = in->n_refs; i-- > 0;) {
		if (in->message_id != NULL &&
		    strcmp(in->refs[i], in->message_id) == 0)
			continue; /* a self-reference: a loop, ignore */
		rc = lookup_id(st, list_id, in->refs[i], &thread, &msg);
		if (rc == E_NOTFOUND)
			continue;
		if (rc != 0)
			return rc;
		out->thread_id = thread;
		out->parent_id = msg;
		out->how = "references";
		if (msg != 0)
			return 0;
	}
	if (out->thread_id != 0)
		return 0; /* only placeholders matched */
	/* our own id may be a placeholder a reply created earlier */
	if (in->message_id != NULL &&
	    lookup_id(st, list_id, in->message_id, &thread, &msg) == 0) {
		out->thread_id = thread;
		out->how = "placeholder";
		return 0;
	}
	rc = by_subject(st, list_id, in, out);
	return rc == E_NOTFOUND ? 0 : rc;
}

static int
new_thread(struct store *st, const struct msg_rec *m, const char *now,
    long long *thread)
{
	sqlite3_stmt *s;
	int rc;

	rc = store_prep(st,
	    "INSERT INTO threads(list_id, subject, base_subject, created,"
	    " last_activity) VALUES (?1, ?2, ?3, ?4, ?4)",
	    &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, m->list_id);
	store_bind_text(s, 2, m->subject);
	store_bind_text(s, 3, m->base_subject);
	store_bind_text(s, 4, now);
	rc = store_step_done(st, s, "thread insert");
	if (rc == 0)
		*thread = sqlite3_last_insert_rowid(st->db);
	return rc;
}

static int
insert_row(struct store *st, const struct msg_rec *m, long long thread,
    long long parent, const char *now, long long *id)
{
	sqlite3_stmt *s;
	int rc;

	rc = store_prep(st,
	    "INSERT INTO messages(list_id, thread_id, parent_id, message_id,"
	    " dedup_key, author_id, author, author_name, subject, date,"
	    " header_date, text, quoted, html, status, flags, raw_sha256, raw)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
	    " ?14, ?15, ?16, ?17, ?18)",
	    &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, m->list_id);
	if (thread > 0)
		sqlite3_bind_int64(s, 2, thread);
	if (parent > 0)
		sqlite3_bind_int64(s, 3, parent);
	store_bind_text(s, 4, m->message_id);
	store_bind_text(s, 5, m->dedup_key);
	if (m->author_id > 0)
		sqlite3_bind_int64(s, 6, m->author_id);
	store_bind_text(s, 7, m->author);
	store_bind_text(s, 8, m->author_name != NULL ? m->author_name : "");
	store_bind_text(s, 9, m->subject != NULL ? m->subject : "");
	store_bind_text(s, 10, now);
	store_bind_text(s, 11, m->header_date);
	store_bind_text(s, 12, m->text != NULL ? m->text : "");
	store_bind_text(s, 13, m->quoted != NULL ? m->quoted : "");
	store_bind_text(s, 14, m->html);
	store_bind_text(s, 15, m->status);
	store_bind_text(s, 16, m->flags != NULL ? m->flags : "");
	store_bind_text(s, 17, m->raw_sha256);
	sqlite3_bind_blob64(s, 18, m->raw, m->raw_len, SQLITE_STATIC);
	rc = store_step_done(st, s, "message insert");
	if (rc == 0)
		*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

/* link_id - record mid in thread (msg 0 = placeholder); merge threads. */
static int
link_id(struct store *st, long long list_id, const char *mid, long long thread,
    long long msg)
{
	sqlite3_stmt *s;
	long long old_thread = 0, old_msg = 0;
	int rc;

	rc = lookup_id(st, list_id, mid, &old_thread, &old_msg);
	if (rc == 0 && old_thread != thread) {
		/* two threads are one: move the other one's rows into ours */
		static const char *const moves[] = {
		    "UPDATE msgids SET thread_id = ?1 WHERE thread_id = ?2",
		    "UPDATE messages SET thread_id = ?1 WHERE thread_id = ?2",
		    "UPDATE threads SET message_count = message_count +"
		    " (SELECT message_count FROM threads WHERE id = ?2)"
		    " WHERE id = ?1",
		    "DELETE FROM threads WHERE id = ?2"};
		size_t i;

		for (i = 0; i < 4 && rc == 0; i++) {
			rc = store_prep(st, moves[i], &s);
			if (rc != 0)
				break;
			sqlite3_bind_int64(s, 1, thread);
			sqlite3_bind_int64(s, 2, old_thread);
			rc = store_step_done(st, s, "thread merge");
		}
		if (rc != 0)
			return rc;
	} else if (rc != 0 && rc != E_NOTFOUND)
		return rc;
	if (rc == 0 && (msg == 0 || old_msg != 0))
		return 0; /* known already; a placeholder stays one */
	rc = store_prep(st,
	    "INSERT INTO msgids(list_id, message_id, thread_id, message)"
	    " VALUES (?1, ?2, ?3, ?4) ON CONFLICT(list_id, message_id)"
	    " DO UPDATE SET message = ?4, thread_id = ?3",
	    &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, list_id);
	store_bind_text(s, 2, mid);
	sqlite3_bind_int64(s, 3, thread);
	if (msg > 0)
		sqlite3_bind_int64(s, 4, msg);
	return store_step_done(st, s, "msgid link");
}

static int
bump_thread(struct store *st, long long thread, long long id, const char *now)
{
	sqlite3_stmt *s;
	int rc;

	rc = store_prep(st,
	    "UPDATE threads SET message_count = message_count + 1,"
	    " last_activity = ?3, root_id = coalesce(root_id, ?2) WHERE id = ?1",
	    &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, thread);
	sqlite3_bind_int64(s, 2, id);
	store_bind_text(s, 3, now);
	return store_step_done(st, s, "thread bump");
}

int
store_msg_insert(struct store *st, const struct msg_rec *m,
    const struct thread_in *in, const struct thread_out *t, long long *id,
    long long *thread)
{
	char now[21];
	long long th = t->thread_id;
	size_t i;
	int rc = 0;
	bool threaded = strcmp(m->status, "posted") == 0;

	store_now(now);
	*thread = 0;
	if (threaded && th == 0)
		rc = new_thread(st, m, now, &th);
	if (rc == 0)
		rc =
		    insert_row(st, m, threaded ? th : 0, t->parent_id, now, id);
	if (rc != 0 || !threaded)
		return rc;
	*thread = th;
	rc = link_id(st, m->list_id, m->message_id, th, *id);
	for (i = 0; rc == 0 && i < in->n_refs; i++)
		if (strcmp(in->refs[i], m->message_id) != 0)
			rc = link_id(st, m->list_id, in->refs[i], th, 0);
	if (rc == 0 && in->in_reply_to != NULL &&
	    strcmp(in->in_reply_to, m->message_id) != 0)
		rc = link_id(st, m->list_id, in->in_reply_to, th, 0);
	if (rc == 0)
		rc = bump_thread(st, th, *id, now);
	return rc;
}

int
store_attachment_add(struct store *st, long long msg, const char *name,
    const char *type, size_t size, const void *data)
{
	sqlite3_stmt *s;
	int rc;

	rc = store_prep(st,
	    "INSERT INTO attachments(message, name, type, size, data)"
	    " VALUES (?1, ?2, ?3, ?4, ?5)",
	    &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, msg);
	store_bind_text(s, 2, name);
	store_bind_text(s, 3, type);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)size);
	if (data != NULL)
		sqlite3_bind_blob64(s, 5, data, size, SQLITE_STATIC);
	return store_step_done(st, s, "attachment");
}

int
store_member_lookup(struct store *st, long long list_id, const char *email,
    long long *member_id, char role[16])
{
	sqlite3_stmt *s;
	int rc;

	rc = store_prep(st,
	    "SELECT b.id, m.role FROM members b JOIN memberships m"
	    " ON m.member_id = b.id AND m.list_id = ?1 AND m.status = 'active'"
	    " WHERE b.email = ?2 COLLATE NOCASE",
	    &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, list_id);
	store_bind_text(s, 2, email);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*member_id = sqlite3_column_int64(s, 0);
		snprintf(role, 16, "%s", sqlite3_column_text(s, 1));
		rc = 0;
	} else
		rc = rc == SQLITE_DONE ? E_NOTFOUND
		                       : store_err(st, rc, "member");
	sqlite3_finalize(s);
	return rc;
}

int
store_notice_count(
    struct store *st, const char *addr, const char *since, int *count)
{
	sqlite3_stmt *s;
	int rc;

	rc = store_prep(st,
	    "SELECT count(*) FROM events WHERE kind = 'notice'"
	    " AND detail = ?1 AND at >= ?2",
	    &s);
	if (rc != 0)
		return rc;
	store_bind_text(s, 1, addr);
	store_bind_text(s, 2, since);
	rc = sqlite3_step(s);
	*count = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	rc = rc == SQLITE_ROW ? 0 : store_err(st, rc, "notice count");
	sqlite3_finalize(s);
	return rc;
}

/* sync_get - the connection's synchronous level (FULL if unknown). */
static int
sync_get(struct store *st)
{
	sqlite3_stmt *s;
	int level = 2;

	if (store_prep(st, "PRAGMA synchronous", &s) != 0)
		return level;
	if (sqlite3_step(s) == SQLITE_ROW)
		level = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return level;
}

/* sync_set - set the synchronous level (0 OFF .. 3 EXTRA); best effort. */
static void
sync_set(struct store *st, int level)
{
	static const char *const sql[] = {"PRAGMA synchronous = OFF",
	    "PRAGMA synchronous = NORMAL", "PRAGMA synchronous = FULL",
	    "PRAGMA synchronous = EXTRA"};

	if (level >= 0 && level <= 3)
		(void)sqlite3_exec(st->db, sql[level], NULL, NULL, NULL);
}

/*
 * guard_step - step the guard statement s to its end (it commits on its
 * own) at synchronous NORMAL, so that in WAL mode its commit costs no
 * fsync: the message's transaction syncs the WAL, and these frames with
 * it, and a guard row lost to a power cut only forgets a crash.  *val
 * gets the first column of a RETURNING row when val is not NULL.
 */
static int
guard_step(struct store *st, sqlite3_stmt *s, int *val, const char *what)
{
	int level = sync_get(st), rc;

	sync_set(st, level < 1 ? level : 1);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && val != NULL)
		*val = sqlite3_column_int(s, 0);
	if (rc == SQLITE_ROW)
		rc = sqlite3_step(s);
	rc = rc == SQLITE_DONE ? 0 : store_err(st, rc, what);
	sqlite3_finalize(s);
	sync_set(st, level);
	return rc;
}

/*
 * The poison guard's row per raw message: count is the number of
 * deliveries that died while parsing it; last_error is the marker,
 * 'parsing' from just before the parse until store_guard_parsed().  A
 * marker still set when the next delivery begins means that delivery died
 * inside the parser: only then does count grow.  Rows written before the
 * marker existed say 'attempt' and counted every deferral (a full disk,
 * a busy database): they start again from 0.
 */
int
store_guard_begin(
    struct store *st, const char *raw_sha256, bool arm, int *crashes)
{
	sqlite3_stmt *s;
	char now[21];
	int rc;

	*crashes = 0;
	rc = store_prep(st,
	    "INSERT INTO hook_failures(raw_sha256, count, last_error, last_at)"
	    " VALUES (?1, 0, ?3, ?2) ON CONFLICT(raw_sha256) DO UPDATE"
	    " SET count = CASE last_error WHEN 'parsing' THEN count + 1"
	    " WHEN 'attempt' THEN 0 ELSE count END,"
	    " last_error = ?3, last_at = ?2 RETURNING count",
	    &s);
	if (rc != 0)
		return rc;
	store_now(now);
	store_bind_text(s, 1, raw_sha256);
	store_bind_text(s, 2, now);
	store_bind_text(s, 3, arm ? "parsing" : "parsed");
	return guard_step(st, s, crashes, "guard begin");
}

int
store_guard_parsed(struct store *st, const char *raw_sha256)
{
	sqlite3_stmt *s;
	int rc;

	rc = store_prep(st,
	    "UPDATE hook_failures SET last_error = 'parsed'"
	    " WHERE raw_sha256 = ?1 AND last_error = 'parsing'",
	    &s);
	if (rc != 0)
		return rc;
	store_bind_text(s, 1, raw_sha256);
	return guard_step(st, s, NULL, "guard parsed");
}

int
store_list_owners(
    struct store *st, long long list_id, struct rcpt_rec **out, size_t *n)
{
	sqlite3_stmt *s;
	int rc;

	*out = NULL;
	*n = 0;
	rc = store_prep(st,
	    "SELECT b.id, b.email, b.name FROM memberships m"
	    " JOIN members b ON b.id = m.member_id WHERE m.list_id = ?1"
	    " AND m.status = 'active' AND m.role = 'owner' ORDER BY b.id",
	    &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, list_id);
	return store_rcpts_read(st, s, out, n, "owners");
}

int
store_attempt_done(struct store *st, const char *raw_sha256)
{
	sqlite3_stmt *s;
	int rc;

	rc = store_prep(
	    st, "DELETE FROM hook_failures WHERE raw_sha256 = ?1", &s);
	if (rc != 0)
		return rc;
	store_bind_text(s, 1, raw_sha256);
	return store_step_done(st, s, "attempt done");
}

int
store_thread_root(struct store *st, long long thread, long long *root)
{
	sqlite3_stmt *s;
	int rc;

	rc = store_prep(
	    st, "SELECT coalesce(root_id, 0) FROM threads WHERE id = ?1", &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, thread);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*root = sqlite3_column_int64(s, 0);
		rc = 0;
	} else
		rc = rc == SQLITE_DONE ? E_NOTFOUND : store_err(st, rc, "root");
	sqlite3_finalize(s);
	return rc;
}

int
store_member_email(struct store *st, long long id, char *out)
{
	sqlite3_stmt *s;
	int rc;

	rc = store_prep(st, "SELECT email FROM members WHERE id = ?1", &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		snprintf(out, MAX_EMAIL + 1, "%s", sqlite3_column_text(s, 0));
		rc = 0;
	} else
		rc =
		    rc == SQLITE_DONE ? E_NOTFOUND : store_err(st, rc, "email");
	sqlite3_finalize(s);
	return rc;
}

int
store_posts_since(struct store *st, long long list_id, long long member,
    const char *since, int *count)
{
	sqlite3_stmt *s;
	int rc;

	rc = store_prep(st,
	    "SELECT count(*) FROM messages WHERE list_id = ?1"
	    " AND author_id = ?2 AND status = 'posted' AND date >= ?3",
	    &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, list_id);
	sqlite3_bind_int64(s, 2, member);
	store_bind_text(s, 3, since);
	rc = sqlite3_step(s);
	*count = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	rc = rc == SQLITE_ROW ? 0 : store_err(st, rc, "posts since");
	sqlite3_finalize(s);
	return rc;
}

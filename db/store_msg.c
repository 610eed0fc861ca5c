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
#include <limits.h>
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
	return store_q(st, "seen",
	    "SELECT raw_sha256 = ?2 FROM messages WHERE dedup_key = ?1",
	    SQ_TEXT(dedup_key), SQ_TEXT(raw_sha256), SQ_OUT_BOOL(same));
}

/* lookup_id - thread and message for a Message-ID in the list. */
static int
lookup_id(struct store *st, long long list_id, const char *mid,
    long long *thread, long long *msg)
{
	return store_q(st, "msgid",
	    "SELECT thread_id, coalesce(message, 0) FROM msgids"
	    " WHERE list_id = ?1 AND message_id = ?2",
	    SQ_INT(list_id), SQ_TEXT(mid), SQ_OUT_I64(thread), SQ_OUT_I64(msg));
}

/* by_subject - the most recent thread with this base subject in window. */
static int
by_subject(struct store *st, long long list_id, const struct thread_in *in,
    struct thread_out *out)
{
	char now[21];
	int rc;

	if (in->base_subject == NULL || in->base_subject[0] == '\0')
		return E_NOTFOUND;
	store_now(now);
	rc = store_q(st, "subject",
	    "SELECT id, coalesce(root_id, 0) FROM threads WHERE list_id = ?1"
	    " AND base_subject = ?2 AND last_activity >="
	    " strftime('%Y-%m-%dT%H:%M:%SZ', ?3, '-' || ?4 || ' seconds')"
	    " ORDER BY last_activity DESC LIMIT 1",
	    SQ_INT(list_id), SQ_TEXT(in->base_subject), SQ_TEXT(now),
	    SQ_INT(in->window), SQ_OUT_I64(&out->thread_id),
	    SQ_OUT_I64(&out->parent_id));
	if (rc == 0)
		out->how = "subject";
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
	return store_q(st, "thread insert",
	    "INSERT INTO threads(list_id, subject, base_subject, created,"
	    " last_activity) VALUES (?1, ?2, ?3, ?4, ?4) RETURNING id",
	    SQ_INT(m->list_id), SQ_TEXT(m->subject), SQ_TEXT(m->base_subject),
	    SQ_TEXT(now), SQ_OUT_I64(thread));
}

/* or_empty - s, or "" for NULL. */
static const char *
or_empty(const char *s)
{
	return s != NULL ? s : "";
}

/*
 * write_raw - the raw bytes into the zeroblob that insert_row left for
 * them, through incremental blob I/O: SQLite writes them page by page
 * and never assembles one record holding both them and the text (a 10 MB
 * message cost 20 MB more peak memory that way; docs/bench.md).
 */
static int
write_raw(struct store *st, const struct msg_rec *m, long long id)
{
	sqlite3_blob *b = NULL;
	int rc;

	if (m->raw == NULL || m->raw_len == 0)
		return 0;
	if (m->raw_len > INT_MAX)
		return E_LIMIT;
	rc = sqlite3_blob_open(st->db, "main", "messages", "raw", id, 1, &b);
	if (rc == SQLITE_OK)
		rc = sqlite3_blob_write(b, m->raw, (int)m->raw_len, 0);
	if (b != NULL && sqlite3_blob_close(b) != SQLITE_OK && rc == SQLITE_OK)
		rc = sqlite3_errcode(st->db);
	return rc == SQLITE_OK ? 0 : store_err(st, rc, "message raw");
}

/*
 * insert_row - the message row; its raw column is a zeroblob of the raw
 * length (NULL without raw bytes), filled by write_raw().  A zeroblob at
 * the end of a record is never materialised.
 */
static int
insert_row(struct store *st, const struct msg_rec *m, long long thread,
    long long parent, const char *now, long long *id)
{
	long long raw_len = m->raw != NULL ? (long long)m->raw_len : -1;
	int rc;

	rc = store_q(st, "message insert",
	    "INSERT INTO messages(list_id, thread_id, parent_id, message_id,"
	    " dedup_key, author_id, author, author_name, subject, date,"
	    " header_date, text, quoted, html, status, flags, raw_sha256, raw)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
	    " ?14, ?15, ?16, ?17, CASE WHEN ?18 < 0 THEN NULL"
	    " ELSE zeroblob(?18) END) RETURNING id",
	    SQ_INT(m->list_id), SQ_ID(thread), SQ_ID(parent),
	    SQ_TEXT(m->message_id), SQ_TEXT(m->dedup_key), SQ_ID(m->author_id),
	    SQ_TEXT(m->author), SQ_TEXT(or_empty(m->author_name)),
	    SQ_TEXT(or_empty(m->subject)), SQ_TEXT(now),
	    SQ_TEXT(m->header_date), SQ_TEXT(or_empty(m->text)),
	    SQ_TEXT(or_empty(m->quoted)), SQ_TEXT(m->html), SQ_TEXT(m->status),
	    SQ_TEXT(or_empty(m->flags)), SQ_TEXT(m->raw_sha256),
	    SQ_INT(raw_len), SQ_OUT_I64(id));
	return rc == 0 ? write_raw(st, m, *id) : rc;
}

/* link_id - record mid in thread (msg 0 = placeholder); merge threads. */
static int
link_id(struct store *st, long long list_id, const char *mid, long long thread,
    long long msg)
{
	/* two threads are one: move the other one's rows into ours */
	static const char *const moves[] = {
	    "UPDATE msgids SET thread_id = ?1 WHERE thread_id = ?2",
	    "UPDATE messages SET thread_id = ?1 WHERE thread_id = ?2",
	    "UPDATE threads SET message_count = message_count +"
	    " (SELECT message_count FROM threads WHERE id = ?2)"
	    " WHERE id = ?1",
	    "DELETE FROM threads WHERE id = ?2"};
	long long old_thread = 0, old_msg = 0;
	size_t i;
	int rc;

	rc = lookup_id(st, list_id, mid, &old_thread, &old_msg);
	if (rc != 0 && rc != E_NOTFOUND)
		return rc;
	for (i = 0; rc == 0 && old_thread != thread && i < 4; i++)
		rc = store_q(st, "thread merge", moves[i], SQ_INT(thread),
		    SQ_INT(old_thread));
	if (rc != 0 && rc != E_NOTFOUND)
		return rc;
	if (rc == 0 && (msg == 0 || old_msg != 0))
		return 0; /* known already; a placeholder stays one */
	return store_q(st, "msgid link",
	    "INSERT INTO msgids(list_id, message_id, thread_id, message)"
	    " VALUES (?1, ?2, ?3, ?4) ON CONFLICT(list_id, message_id)"
	    " DO UPDATE SET message = ?4, thread_id = ?3",
	    SQ_INT(list_id), SQ_TEXT(mid), SQ_INT(thread), SQ_ID(msg));
}

static int
bump_thread(struct store *st, long long thread, long long id, const char *now)
{
	return store_q(st, "thread bump",
	    "UPDATE threads SET message_count = message_count + 1,"
	    " last_activity = ?3, root_id = coalesce(root_id, ?2) WHERE id = ?1",
	    SQ_INT(thread), SQ_INT(id), SQ_TEXT(now));
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
	return store_q(st, "attachment",
	    "INSERT INTO attachments(message, name, type, size, data)"
	    " VALUES (?1, ?2, ?3, ?4, ?5)",
	    SQ_INT(msg), SQ_TEXT(name), SQ_TEXT(type), SQ_INT(size),
	    SQ_BLOB(data, size));
}

int
store_member_lookup(struct store *st, long long list_id, const char *email,
    long long *member_id, char role[16])
{
	return store_q(st, "member",
	    "SELECT b.id, m.role FROM members b JOIN memberships m"
	    " ON m.member_id = b.id AND m.list_id = ?1 AND m.status = 'active'"
	    " WHERE b.email = ?2 COLLATE NOCASE",
	    SQ_INT(list_id), SQ_TEXT(email), SQ_OUT_I64(member_id),
	    SQ_OUT_TEXT(role, 16));
}

int
store_member_name(struct store *st, const char *email, char *out, size_t n)
{
	out[0] = '\0';
	return store_q(st, "member name",
	    "SELECT name FROM members WHERE email = ?1 COLLATE NOCASE",
	    SQ_TEXT(email), SQ_OUT_TEXT(out, n));
}

int
store_notice_count(
    struct store *st, const char *addr, const char *since, int *count)
{
	return store_notice_count_kind(st, "notice", addr, since, count);
}

int
store_notice_count_kind(struct store *st, const char *kind, const char *addr,
    const char *since, int *count)
{
	*count = 0;
	return store_q(st, "notice count",
	    "SELECT count(*) FROM events WHERE kind = ?1"
	    " AND detail = ?2 COLLATE NOCASE AND at >= ?3",
	    SQ_TEXT(kind), SQ_TEXT(addr), SQ_TEXT(since), SQ_OUT_INT(count));
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
	return store_q(st, "root",
	    "SELECT coalesce(root_id, 0) FROM threads WHERE id = ?1",
	    SQ_INT(thread), SQ_OUT_I64(root));
}

int
store_thread_list(struct store *st, long long thread, long long *list_id)
{
	*list_id = 0;
	return store_q(st, "thread list",
	    "SELECT list_id FROM threads WHERE id = ?1", SQ_INT(thread),
	    SQ_OUT_I64(list_id));
}

int
store_member_email(struct store *st, long long id, char *out)
{
	return store_q(st, "email", "SELECT email FROM members WHERE id = ?1",
	    SQ_INT(id), SQ_OUT_TEXT(out, MAX_EMAIL + 1));
}

int
store_posts_since(struct store *st, long long list_id, long long member,
    const char *since, int *count)
{
	*count = 0;
	return store_q(st, "posts since",
	    "SELECT count(*) FROM messages WHERE list_id = ?1"
	    " AND author_id = ?2 AND status = 'posted' AND date >= ?3",
	    SQ_INT(list_id), SQ_INT(member), SQ_TEXT(since), SQ_OUT_INT(count));
}

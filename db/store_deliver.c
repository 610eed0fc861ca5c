/*
 * store_deliver.c - delivery jobs for posts (one row per post, written by
 * the hook) and what the expander in stoa-digest reads to turn a job into
 * one outbox row per recipient.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "store_priv.h"
#include "xmalloc.h"

int
store_post_enqueue(struct store *st, long long msg)
{
	sqlite3_stmt *s;
	char now[21];
	int rc;

	rc = store_prep(st,
	    "INSERT INTO deliveries(message, list_id, created)"
	    " SELECT id, list_id, ?2 FROM messages WHERE id = ?1"
	    " ON CONFLICT(message) DO NOTHING",
	    &s);
	if (rc != 0)
		return rc;
	store_now(now);
	sqlite3_bind_int64(s, 1, msg);
	store_bind_text(s, 2, now);
	return store_step_done(st, s, "delivery enqueue");
}

void
post_rec_release(struct post_rec *p)
{
	free(p->message_id);
	free(p->author);
	free(p->author_name);
	free(p->subject);
	free(p->text);
	free(p->html);
	free(p->parent_message_id);
	free(p->references);
	memset(p, 0, sizeof *p);
}

/* references - the ancestors' Message-IDs, root first, space-separated. */
static int
references(struct store *st, long long parent, struct post_rec *p)
{
	struct buf b = BUF_INIT(64 * 1024);
	sqlite3_stmt *s;
	int rc;

	rc = store_prep(st,
	    "WITH RECURSIVE up(id, mid, parent, depth) AS ("
	    " SELECT id, message_id, parent_id, 0 FROM messages WHERE id = ?1"
	    " UNION ALL SELECT m.id, m.message_id, m.parent_id, up.depth + 1"
	    " FROM messages m JOIN up ON m.id = up.parent WHERE up.depth < 50)"
	    " SELECT mid FROM up ORDER BY depth DESC",
	    &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, parent);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		buf_addf(&b, "%s%s", b.len > 0 ? " " : "",
		    sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	p->references = b.len > 0 ? buf_detach(&b) : NULL;
	buf_release(&b);
	return rc == SQLITE_DONE ? 0 : store_err(st, rc, "references");
}

int
store_delivery_next(struct store *st, struct post_rec *p)
{
	sqlite3_stmt *s;
	long long parent;
	int rc;

	memset(p, 0, sizeof *p);
	rc = store_prep(st,
	    "SELECT m.id, m.list_id, coalesce(m.thread_id, 0),"
	    " coalesce(m.author_id, 0), m.message_id, m.author, m.author_name,"
	    " m.subject, m.text, m.html, coalesce(m.parent_id, 0),"
	    " pm.message_id,"
	    " (SELECT count(*) FROM attachments a WHERE a.message = m.id)"
	    " FROM deliveries d JOIN messages m ON m.id = d.message"
	    " LEFT JOIN messages pm ON pm.id = m.parent_id"
	    " WHERE d.state = 'pending' ORDER BY d.created, d.message LIMIT 1",
	    &s);
	if (rc != 0)
		return rc;
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(s);
		return rc == SQLITE_DONE ? E_NOTFOUND
		                         : store_err(st, rc, "delivery next");
	}
	p->id = sqlite3_column_int64(s, 0);
	p->list_id = sqlite3_column_int64(s, 1);
	p->thread_id = sqlite3_column_int64(s, 2);
	p->author_id = sqlite3_column_int64(s, 3);
	p->message_id = store_col_dup(s, 4);
	p->author = store_col_dup(s, 5);
	p->author_name = store_col_dup(s, 6);
	p->subject = store_col_dup(s, 7);
	p->text = store_col_dup(s, 8);
	p->html = sqlite3_column_type(s, 9) == SQLITE_NULL
	    ? NULL
	    : store_col_dup(s, 9);
	parent = sqlite3_column_int64(s, 10);
	p->parent_message_id = sqlite3_column_type(s, 11) == SQLITE_NULL
	    ? NULL
	    : store_col_dup(s, 11);
	p->attachments = sqlite3_column_int(s, 12);
	sqlite3_finalize(s);
	rc = parent > 0 ? references(st, parent, p) : 0;
	if (rc != 0)
		post_rec_release(p);
	return rc;
}

void
rcpt_recs_free(struct rcpt_rec *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(r[i].email);
		free(r[i].name);
	}
	free(r);
}

/* member_rows - the (id, email, name) rows of sql: ?1 list, ?2 arg if any. */
static int
member_rows(struct store *st, const char *sql, long long list_id, long long arg,
    struct rcpt_rec **out, size_t *n)
{
	sqlite3_stmt *s;
	int rc;

	*out = NULL;
	*n = 0;
	rc = store_prep(st, sql, &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, list_id);
	if (sqlite3_bind_parameter_count(s) >= 2)
		sqlite3_bind_int64(s, 2, arg);
	return store_rcpts_read(st, s, out, n, "delivery rcpts");
}

int
store_delivery_rcpts(struct store *st, const struct post_rec *p,
    struct rcpt_rec **out, size_t *n)
{
	return member_rows(st,
	    "SELECT b.id, b.email, b.name FROM memberships m"
	    " JOIN members b ON b.id = m.member_id WHERE m.list_id = ?1"
	    " AND m.status = 'active' AND m.delivery = 'each'"
	    " AND (b.id != ?2 OR m.self_copy = 1) ORDER BY b.id",
	    p->list_id, p->author_id, out, n);
}

int
store_delivery_owners(
    struct store *st, long long list_id, struct rcpt_rec **out, size_t *n)
{
	return member_rows(st,
	    "SELECT b.id, b.email, b.name FROM memberships m"
	    " JOIN members b ON b.id = m.member_id WHERE m.list_id = ?1"
	    " AND m.status = 'active' AND m.role = 'owner' ORDER BY b.id",
	    list_id, 0, out, n);
}

int
store_delivery_done(struct store *st, long long msg)
{
	sqlite3_stmt *s;
	char now[21];
	int rc;

	rc = store_prep(st,
	    "UPDATE deliveries SET state = 'done', done_at = ?2"
	    " WHERE message = ?1",
	    &s);
	if (rc != 0)
		return rc;
	store_now(now);
	sqlite3_bind_int64(s, 1, msg);
	store_bind_text(s, 2, now);
	return store_step_done(st, s, "delivery done");
}

char *
store_attachment_names(struct store *st, long long msg)
{
	struct buf b = BUF_INIT(64 * 1024);
	sqlite3_stmt *s;

	if (store_prep(st,
	        "SELECT name, type, size FROM attachments WHERE message = ?1"
	        " ORDER BY id",
	        &s) != 0)
		return buf_detach(&b);
	sqlite3_bind_int64(s, 1, msg);
	while (sqlite3_step(s) == SQLITE_ROW)
		buf_addf(&b, "%s\t%s, %lld bytes\n", sqlite3_column_text(s, 0),
		    sqlite3_column_text(s, 1),
		    (long long)sqlite3_column_int64(s, 2));
	sqlite3_finalize(s);
	return buf_detach(&b);
}

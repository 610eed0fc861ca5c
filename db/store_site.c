/*
 * store_site.c - the reads of the static archive (store_site.h).  A
 * member's display name is their name, else the local part of the
 * address: the archive never shows a full address.
 */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "store_priv.h"
#include "store_site.h"
#include "xmalloc.h"

#define NAME(m)                                                                \
	"coalesce(nullif(" m ".author_name, ''), substr(" m ".author, 1,"      \
	" instr(" m ".author, '@') - 1))"

static void
thread_read(sqlite3_stmt *s, void *rec)
{
	struct site_thread *t = rec;

	store_cols(s, SQ_OUT_I64(&t->id),
	    SQ_OUT_TEXT(t->subject, sizeof t->subject),
	    SQ_OUT_TEXT(t->created, sizeof t->created),
	    SQ_OUT_TEXT(t->last, sizeof t->last), SQ_OUT_I64(&t->count),
	    SQ_OUT_I64(&t->max_id), SQ_OUT_DUP(&t->author),
	    SQ_OUT_DUP(&t->snippet));
}

static void
thread_drop(void *rec)
{
	struct site_thread *t = rec;

	free(t->author);
	free(t->snippet);
}

static const struct store_rowkind thread_kind = {
    sizeof(struct site_thread), thread_read, thread_drop};

void
site_threads_free(struct site_thread *t, size_t n)
{
	store_rows_free(t, n, &thread_kind);
}

int
store_site_threads(
    struct store *st, long long list_id, struct site_thread **out, size_t *n)
{
	void *p;
	int rc;

	rc = store_select(st, "site threads", &thread_kind, &p, n,
	    "WITH g AS (SELECT thread_id AS id, max(date) AS last, count(*)"
	    " AS n, max(id) AS mx, min(id) AS mn FROM messages WHERE list_id"
	    " = ?1 AND status = 'posted' GROUP BY thread_id) SELECT t.id,"
	    " t.subject, t.created, g.last, g.n, g.mx, " NAME(
	        "r") ","
	             " substr(r.text, 1, ?2) FROM g JOIN threads t ON t.id = g.id"
	             " JOIN messages r ON r.id = g.mn ORDER BY t.created, t.id",
	    SQ_INT(list_id), SQ_INT(SITE_SNIPPET));
	*out = p;
	return rc;
}

static void
msg_read(sqlite3_stmt *s, void *rec)
{
	struct site_msg *m = rec;

	store_cols(s, SQ_OUT_I64(&m->id), SQ_OUT_I64(&m->parent_id),
	    SQ_OUT_DUP(&m->name), SQ_OUT_DUP(&m->subject), SQ_OUT_DUP(&m->date),
	    SQ_OUT_DUP(&m->text), SQ_OUT_DUP(&m->quoted));
}

static void
msg_drop(void *rec)
{
	struct site_msg *m = rec;

	free(m->name);
	free(m->subject);
	free(m->date);
	free(m->text);
	free(m->quoted);
}

static const struct store_rowkind msg_kind = {
    sizeof(struct site_msg), msg_read, msg_drop};

void
site_msgs_free(struct site_msg *m, size_t n)
{
	store_rows_free(m, n, &msg_kind);
}

int
store_site_msgs(
    struct store *st, long long thread, struct site_msg **out, size_t *n)
{
	void *p;
	int rc;

	rc = store_select(st, "site messages", &msg_kind, &p, n,
	    "SELECT m.id, coalesce(m.parent_id, 0), " NAME(
	        "m") ", m.subject,"
	             " m.date, m.text, m.quoted FROM messages m WHERE m.thread_id = ?1"
	             " AND m.status = 'posted' ORDER BY m.date, m.id",
	    SQ_INT(thread));
	*out = p;
	return rc;
}

static void
badge_read(sqlite3_stmt *s, void *rec)
{
	struct site_badge *b = rec;

	store_cols(s, SQ_OUT_DUP(&b->name), SQ_OUT_DUP(&b->badge),
	    SQ_OUT_TEXT(b->awarded, sizeof b->awarded));
}

static void
badge_drop(void *rec)
{
	struct site_badge *b = rec;

	free(b->name);
	free(b->badge);
}

static const struct store_rowkind badge_kind = {
    sizeof(struct site_badge), badge_read, badge_drop};

void
site_badges_free(struct site_badge *b, size_t n)
{
	store_rows_free(b, n, &badge_kind);
}

int
store_site_badges(
    struct store *st, long long list_id, struct site_badge **out, size_t *n)
{
	void *p;
	int rc;

	rc = store_select(st, "site badges", &badge_kind, &p, n,
	    "SELECT coalesce(nullif(m.name, ''), substr(m.email, 1,"
	    " instr(m.email, '@') - 1)) AS who, a.badge, a.awarded_at"
	    " FROM badge_awards a JOIN members m ON m.id = a.member_id"
	    " JOIN lists l ON l.id = a.list_id LEFT JOIN memberships s"
	    " ON s.list_id = a.list_id AND s.member_id = a.member_id"
	    " WHERE a.list_id = ?1 AND a.revoked_at IS NULL"
	    " AND (l.archive_left_badges = 1 OR s.status = 'active')"
	    " ORDER BY who, a.awarded_at, a.id",
	    SQ_INT(list_id));
	*out = p;
	return rc;
}

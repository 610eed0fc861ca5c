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

void
site_threads_free(struct site_thread *t, size_t n)
{
	size_t i;

	for (i = 0; t != NULL && i < n; i++) {
		free(t[i].author);
		free(t[i].snippet);
	}
	free(t);
}

int
store_site_threads(
    struct store *st, long long list_id, struct site_thread **out, size_t *n)
{
	sqlite3_stmt *s;
	struct site_thread *t;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	rc = store_stmt(st, &s,
	    "WITH g AS (SELECT thread_id AS id, max(date) AS last, count(*)"
	    " AS n, max(id) AS mx, min(id) AS mn FROM messages WHERE list_id"
	    " = ?1 AND status = 'posted' GROUP BY thread_id) SELECT t.id,"
	    " t.subject, t.created, g.last, g.n, g.mx, " NAME(
	        "r") ","
	             " substr(r.text, 1, ?2) FROM g JOIN threads t ON t.id = g.id"
	             " JOIN messages r ON r.id = g.mn ORDER BY t.created, t.id",
	    SQ_INT(list_id), SQ_INT(SITE_SNIPPET));
	if (rc != 0)
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = store_grow(*out, *n, &cap, sizeof **out);
		t = &(*out)[(*n)++];
		store_cols(s, SQ_OUT_I64(&t->id),
		    SQ_OUT_TEXT(t->subject, sizeof t->subject),
		    SQ_OUT_TEXT(t->created, sizeof t->created),
		    SQ_OUT_TEXT(t->last, sizeof t->last), SQ_OUT_I64(&t->count),
		    SQ_OUT_I64(&t->max_id), SQ_OUT_DUP(&t->author),
		    SQ_OUT_DUP(&t->snippet));
	}
	rc = store_end(st, s, rc, "site threads");
	if (rc != 0) {
		site_threads_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

void
site_msgs_free(struct site_msg *m, size_t n)
{
	size_t i;

	for (i = 0; m != NULL && i < n; i++) {
		free(m[i].name);
		free(m[i].subject);
		free(m[i].date);
		free(m[i].text);
		free(m[i].quoted);
	}
	free(m);
}

int
store_site_msgs(
    struct store *st, long long thread, struct site_msg **out, size_t *n)
{
	sqlite3_stmt *s;
	struct site_msg *m;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	rc = store_stmt(st, &s,
	    "SELECT m.id, coalesce(m.parent_id, 0), " NAME(
	        "m") ", m.subject,"
	             " m.date, m.text, m.quoted FROM messages m WHERE m.thread_id = ?1"
	             " AND m.status = 'posted' ORDER BY m.date, m.id",
	    SQ_INT(thread));
	if (rc != 0)
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = store_grow(*out, *n, &cap, sizeof **out);
		m = &(*out)[(*n)++];
		store_cols(s, SQ_OUT_I64(&m->id), SQ_OUT_I64(&m->parent_id),
		    SQ_OUT_DUP(&m->name), SQ_OUT_DUP(&m->subject),
		    SQ_OUT_DUP(&m->date), SQ_OUT_DUP(&m->text),
		    SQ_OUT_DUP(&m->quoted));
	}
	rc = store_end(st, s, rc, "site messages");
	if (rc != 0) {
		site_msgs_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

void
site_badges_free(struct site_badge *b, size_t n)
{
	size_t i;

	for (i = 0; b != NULL && i < n; i++) {
		free(b[i].name);
		free(b[i].badge);
	}
	free(b);
}

int
store_site_badges(
    struct store *st, long long list_id, struct site_badge **out, size_t *n)
{
	sqlite3_stmt *s;
	struct site_badge *b;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	rc = store_stmt(st, &s,
	    "SELECT coalesce(nullif(m.name, ''), substr(m.email, 1,"
	    " instr(m.email, '@') - 1)) AS who, a.badge, a.awarded_at"
	    " FROM badge_awards a JOIN members m ON m.id = a.member_id"
	    " JOIN lists l ON l.id = a.list_id LEFT JOIN memberships s"
	    " ON s.list_id = a.list_id AND s.member_id = a.member_id"
	    " WHERE a.list_id = ?1 AND a.revoked_at IS NULL"
	    " AND (l.archive_left_badges = 1 OR s.status = 'active')"
	    " ORDER BY who, a.awarded_at, a.id",
	    SQ_INT(list_id));
	if (rc != 0)
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = store_grow(*out, *n, &cap, sizeof **out);
		b = &(*out)[(*n)++];
		store_cols(s, SQ_OUT_DUP(&b->name), SQ_OUT_DUP(&b->badge),
		    SQ_OUT_TEXT(b->awarded, sizeof b->awarded));
	}
	rc = store_end(st, s, rc, "site badges");
	if (rc != 0) {
		site_badges_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

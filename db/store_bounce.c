/*
 * store_bounce.c - bounce scores and suspension (store_bounce.h).
 *
 * A scored bounce is one row of `bounces`; UNIQUE (list_id, member_id,
 * day) makes "one scored bounce per member, list and day" a constraint,
 * not a race.  Scores are summed over a window the caller chooses; a
 * suspension sets cleared = 1 on the member's rows so that a member who
 * is re-enabled starts from nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "store_bounce.h"
#include "store_priv.h"
#include "xmalloc.h"

void
bounce_member_release(struct bounce_member *m)
{
	if (m == NULL)
		return;
	free(m->email);
	free(m->name);
	memset(m, 0, sizeof *m);
}

/* member_row - fill out from a row (id, email, name, status). */
static int
member_row(struct store *st, sqlite3_stmt *s, struct bounce_member *out)
{
	int rc;

	memset(out, 0, sizeof *out);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		out->member_id = sqlite3_column_int64(s, 0);
		out->email = store_col_dup(s, 1);
		out->name = store_col_dup(s, 2);
		snprintf(out->status, sizeof out->status, "%s",
		    (const char *)sqlite3_column_text(s, 3));
		rc = 0;
	} else
		rc = rc == SQLITE_DONE ? E_NOTFOUND
		                       : store_err(st, rc, "bounce member");
	sqlite3_finalize(s);
	return rc;
}

#define MEMBER_SELECT                                                          \
	"SELECT b.id, b.email, b.name, m.status FROM members b"                \
	" JOIN memberships m ON m.member_id = b.id AND m.list_id = ?1"

int
store_bounce_member(struct store *st, long long list_id, long long member_id,
    struct bounce_member *out)
{
	sqlite3_stmt *s;
	int rc;

	memset(out, 0, sizeof *out);
	rc = store_prep(st, MEMBER_SELECT " WHERE b.id = ?2", &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, list_id);
	sqlite3_bind_int64(s, 2, member_id);
	return member_row(st, s, out);
}

int
store_bounce_member_by_email(struct store *st, long long list_id,
    const char *email, struct bounce_member *out)
{
	sqlite3_stmt *s;
	int rc;

	memset(out, 0, sizeof *out);
	rc = store_prep(
	    st, MEMBER_SELECT " WHERE b.email = ?2 COLLATE NOCASE", &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, list_id);
	store_bind_text(s, 2, email);
	return member_row(st, s, out);
}

void
bounce_strings_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int
store_bounce_sent_to(struct store *st, long long list_id, const char *sender,
    size_t max, char ***out, size_t *n)
{
	sqlite3_stmt *s;
	int rc;

	*out = NULL;
	*n = 0;
	rc = store_prep(st,
	    "SELECT DISTINCT recipient COLLATE NOCASE FROM outbox"
	    " WHERE list_id = ?1 AND sender = ?2 COLLATE NOCASE"
	    " ORDER BY 1 LIMIT ?3",
	    &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, list_id);
	store_bind_text(s, 2, sender);
	sqlite3_bind_int64(s, 3, (long long)max);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		(*out)[(*n)++] = store_col_dup(s, 0);
	}
	rc = rc == SQLITE_DONE ? 0 : store_err(st, rc, "bounce sent to");
	sqlite3_finalize(s);
	if (rc != 0) {
		bounce_strings_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

int
store_bounce_add(struct store *st, const struct bounce_rec *b, bool *added)
{
	sqlite3_stmt *s;
	char now[21], day[11];
	int rc;

	*added = false;
	rc = store_prep(st,
	    "INSERT INTO bounces(list_id, member_id, at, day, kind, score,"
	    " status, recipient, diag)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
	    " ON CONFLICT(list_id, member_id, day) DO NOTHING",
	    &s);
	if (rc != 0)
		return rc;
	store_now(now);
	snprintf(day, sizeof day, "%.10s", now);
	sqlite3_bind_int64(s, 1, b->list_id);
	sqlite3_bind_int64(s, 2, b->member_id);
	store_bind_text(s, 3, now);
	store_bind_text(s, 4, day);
	store_bind_text(s, 5, b->kind);
	sqlite3_bind_double(s, 6, b->score);
	store_bind_text(s, 7, b->status != NULL ? b->status : "");
	store_bind_text(s, 8, b->recipient != NULL ? b->recipient : "");
	store_bind_text(s, 9, b->diag != NULL ? b->diag : "");
	rc = store_step_done(st, s, "bounce add");
	*added = rc == 0 && sqlite3_changes(st->db) > 0;
	return rc;
}

int
store_bounce_score(struct store *st, long long list_id, long long member_id,
    const char *since, double *sum)
{
	sqlite3_stmt *s;
	int rc;

	*sum = 0;
	rc = store_prep(st,
	    "SELECT total(score) FROM bounces WHERE list_id = ?1"
	    " AND member_id = ?2 AND at >= ?3 AND cleared = 0",
	    &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, list_id);
	sqlite3_bind_int64(s, 2, member_id);
	store_bind_text(s, 3, since);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*sum = sqlite3_column_double(s, 0);
		rc = 0;
	} else
		rc = store_err(st, rc, "bounce score");
	sqlite3_finalize(s);
	return rc;
}

int
store_bounce_suspend(
    struct store *st, long long list_id, long long member_id, bool *changed)
{
	sqlite3_stmt *s;
	int rc;

	*changed = false;
	rc = store_prep(st,
	    "UPDATE memberships SET status = 'disabled' WHERE list_id = ?1"
	    " AND member_id = ?2 AND status = 'active'",
	    &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, list_id);
	sqlite3_bind_int64(s, 2, member_id);
	rc = store_step_done(st, s, "bounce suspend");
	if (rc != 0)
		return rc;
	*changed = sqlite3_changes(st->db) > 0;
	rc = store_prep(st,
	    "UPDATE bounces SET cleared = 1 WHERE list_id = ?1"
	    " AND member_id = ?2",
	    &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, list_id);
	sqlite3_bind_int64(s, 2, member_id);
	return store_step_done(st, s, "bounce clear");
}

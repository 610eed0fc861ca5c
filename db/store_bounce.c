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
	if (rc == SQLITE_ROW)
		store_cols(s, SQ_OUT_I64(&out->member_id),
		    SQ_OUT_DUP(&out->email), SQ_OUT_DUP(&out->name),
		    SQ_OUT_TEXT(out->status, sizeof out->status));
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_end(st, s, rc, "bounce member");
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : E_NOTFOUND;
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
	rc = store_stmt(st, &s, MEMBER_SELECT " WHERE b.id = ?2",
	    SQ_INT(list_id), SQ_INT(member_id));
	return rc != 0 ? rc : member_row(st, s, out);
}

int
store_bounce_member_by_email(struct store *st, long long list_id,
    const char *email, struct bounce_member *out)
{
	sqlite3_stmt *s;
	int rc;

	memset(out, 0, sizeof *out);
	rc = store_stmt(st, &s,
	    MEMBER_SELECT " WHERE b.email = ?2 COLLATE NOCASE", SQ_INT(list_id),
	    SQ_TEXT(email));
	return rc != 0 ? rc : member_row(st, s, out);
}

/* recipient_read - the row's one column as an owned string. */
static void
recipient_read(sqlite3_stmt *s, void *rec)
{
	*(char **)rec = store_col_dup(s, 0);
}

static void
recipient_drop(void *rec)
{
	free(*(char **)rec);
}

static const struct store_rowkind recipient_kind = {
    sizeof(char *), recipient_read, recipient_drop};

void
bounce_strings_free(char **v, size_t n)
{
	store_rows_free(v, n, &recipient_kind);
}

int
store_bounce_sent_to(struct store *st, long long list_id, const char *sender,
    size_t max, char ***out, size_t *n)
{
	void *p;
	int rc;

	rc = store_select(st, "bounce sent to", &recipient_kind, &p, n,
	    "SELECT DISTINCT recipient COLLATE NOCASE FROM outbox"
	    " WHERE list_id = ?1 AND sender = ?2 COLLATE NOCASE"
	    " ORDER BY 1 LIMIT ?3",
	    SQ_INT(list_id), SQ_TEXT(sender), SQ_INT(max));
	*out = p;
	return rc;
}

int
store_bounce_add(struct store *st, const struct bounce_rec *b, bool *added)
{
	char now[21], day[11];
	int rc;

	store_now(now);
	snprintf(day, sizeof day, "%.10s", now);
	rc = store_q(st, "bounce add",
	    "INSERT INTO bounces(list_id, member_id, at, day, kind, score,"
	    " status, recipient, diag)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
	    " ON CONFLICT(list_id, member_id, day) DO NOTHING",
	    SQ_INT(b->list_id), SQ_INT(b->member_id), SQ_TEXT(now),
	    SQ_TEXT(day), SQ_TEXT(b->kind), SQ_REAL(b->score),
	    SQ_TEXT(b->status != NULL ? b->status : ""),
	    SQ_TEXT(b->recipient != NULL ? b->recipient : ""),
	    SQ_TEXT(b->diag != NULL ? b->diag : ""));
	*added = rc == 0 && sqlite3_changes(st->db) > 0;
	return rc;
}

int
store_bounce_score(struct store *st, long long list_id, long long member_id,
    const char *since, double *sum)
{
	*sum = 0;
	return store_q(st, "bounce score",
	    "SELECT total(score) FROM bounces WHERE list_id = ?1"
	    " AND member_id = ?2 AND at >= ?3 AND cleared = 0",
	    SQ_INT(list_id), SQ_INT(member_id), SQ_TEXT(since),
	    SQ_OUT_REAL(sum));
}

int
store_bounce_suspend(
    struct store *st, long long list_id, long long member_id, bool *changed)
{
	int rc;

	*changed = false;
	rc = store_q(st, "bounce suspend",
	    "UPDATE memberships SET status = 'disabled' WHERE list_id = ?1"
	    " AND member_id = ?2 AND status = 'active'",
	    SQ_INT(list_id), SQ_INT(member_id));
	if (rc != 0)
		return rc;
	*changed = sqlite3_changes(st->db) > 0;
	return store_q(st, "bounce clear",
	    "UPDATE bounces SET cleared = 1 WHERE list_id = ?1"
	    " AND member_id = ?2",
	    SQ_INT(list_id), SQ_INT(member_id));
}

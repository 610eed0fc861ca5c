/*
 * store_sub.c - confirmations and membership changes made by mail (see
 * store_sub.h).  Callers wrap writes in store_begin()/store_commit().
 * Addresses compare without case (members.email and confirmations.email
 * are COLLATE NOCASE).
 */
#include <string.h>

#include "err.h"
#include "store_priv.h"
#include "store_sub.h"

int
store_confirm_recent(struct store *st, long long list_id, const char *email,
    const char *since, long long *id)
{
	char now[21];

	store_now(now);
	return store_q(st, "confirm recent",
	    "SELECT id FROM confirmations WHERE list_id = ?1 AND email = ?2"
	    " AND used IS NULL AND created > ?3 AND expires > ?4"
	    " ORDER BY id DESC LIMIT 1",
	    SQ_INT(list_id), SQ_TEXT(email), SQ_TEXT(since), SQ_TEXT(now),
	    SQ_OUT_I64(id));
}

int
store_confirm_add(struct store *st, long long list_id, const char *email,
    const char *action, const char *delivery, const char *expires,
    long long *id)
{
	char now[21];

	store_now(now);
	return store_q(st, "confirm add",
	    "INSERT INTO confirmations(list_id, email, action, delivery,"
	    " created, expires) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
	    SQ_INT(list_id), SQ_TEXT(email), SQ_TEXT(action), SQ_TEXT(delivery),
	    SQ_TEXT(now), SQ_TEXT(expires), SQ_OUT_I64(id));
}

int
store_confirm_get(struct store *st, long long id, struct confirm_rec *out)
{
	memset(out, 0, sizeof *out);
	return store_q(st, "confirm get",
	    "SELECT id, list_id, email, action, delivery, created, expires,"
	    " used IS NOT NULL FROM confirmations WHERE id = ?1",
	    SQ_INT(id), SQ_OUT_I64(&out->id), SQ_OUT_I64(&out->list_id),
	    SQ_OUT_TEXT(out->email, sizeof out->email),
	    SQ_OUT_TEXT(out->action, sizeof out->action),
	    SQ_OUT_TEXT(out->delivery, sizeof out->delivery),
	    SQ_OUT_TEXT(out->created, sizeof out->created),
	    SQ_OUT_TEXT(out->expires, sizeof out->expires),
	    SQ_OUT_BOOL(&out->used));
}

int
store_confirm_use(struct store *st, long long id)
{
	char now[21];
	int rc;

	store_now(now);
	rc = store_q(st, "confirm use",
	    "UPDATE confirmations SET used = ?2 WHERE id = ?1 AND used IS NULL",
	    SQ_INT(id), SQ_TEXT(now));
	if (rc == 0 && sqlite3_changes(st->db) == 0)
		rc = E_DUP;
	return rc;
}

int
store_sub_lookup(
    struct store *st, long long list_id, const char *email, struct sub_rec *out)
{
	memset(out, 0, sizeof *out);
	return store_q(st, "sub lookup",
	    "SELECT b.id, m.role, m.delivery, m.status FROM members b"
	    " JOIN memberships m ON m.member_id = b.id AND m.list_id = ?1"
	    " WHERE b.email = ?2 AND m.status != 'removed'",
	    SQ_INT(list_id), SQ_TEXT(email), SQ_OUT_I64(&out->member_id),
	    SQ_OUT_TEXT(out->role, sizeof out->role),
	    SQ_OUT_TEXT(out->delivery, sizeof out->delivery),
	    SQ_OUT_TEXT(out->status, sizeof out->status));
}

int
store_sub_member_id(struct store *st, const char *email, long long *id)
{
	return store_q(st, "member id",
	    "SELECT id FROM members WHERE email = ?1", SQ_TEXT(email),
	    SQ_OUT_I64(id));
}

/* member_upsert - the members row of email, created when missing. */
static int
member_upsert(
    struct store *st, const char *email, const char *name, long long *id)
{
	char now[21];
	int rc;

	store_now(now);
	rc = store_q(st, "member upsert",
	    "INSERT INTO members(email, name, created) VALUES (?1, ?2, ?3)"
	    " ON CONFLICT(email) DO UPDATE SET name = CASE WHEN name = ''"
	    " THEN excluded.name ELSE name END",
	    SQ_TEXT(email), SQ_TEXT(name != NULL ? name : ""), SQ_TEXT(now));
	if (rc == 0)
		rc = store_sub_member_id(st, email, id);
	return rc == E_NOTFOUND ? E_INTERNAL : rc;
}

int
store_sub_activate(struct store *st, long long list_id, const char *email,
    const char *name, const char *delivery, long long *member_id)
{
	char now[21];
	int rc;

	rc = member_upsert(st, email, name, member_id);
	if (rc != 0)
		return rc;
	store_now(now);
	return store_q(st, "sub activate",
	    "INSERT INTO memberships(list_id, member_id, delivery, status,"
	    " joined) VALUES (?1, ?2, ?3, 'active', ?4)"
	    " ON CONFLICT(list_id, member_id) DO UPDATE SET"
	    " role = CASE WHEN status = 'removed' THEN 'member' ELSE role END,"
	    " joined = CASE WHEN status = 'removed' THEN ?4 ELSE joined END,"
	    " delivery = ?3, status = 'active'",
	    SQ_INT(list_id), SQ_INT(*member_id), SQ_TEXT(delivery),
	    SQ_TEXT(now));
}

/* set_membership - UPDATE one text column of a live membership. */
static int
set_membership(struct store *st, const char *sql, long long list_id,
    long long member_id, const char *value, const char *what)
{
	int rc;

	rc = store_q(
	    st, what, sql, SQ_INT(list_id), SQ_INT(member_id), SQ_TEXT(value));
	if (rc == 0 && sqlite3_changes(st->db) == 0)
		rc = E_NOTFOUND;
	return rc;
}

int
store_sub_delivery(struct store *st, long long list_id, long long member_id,
    const char *delivery)
{
	return set_membership(st,
	    "UPDATE memberships SET delivery = ?3 WHERE list_id = ?1"
	    " AND member_id = ?2 AND status != 'removed'",
	    list_id, member_id, delivery, "sub delivery");
}

int
store_sub_remove(struct store *st, long long list_id, long long member_id)
{
	return set_membership(st,
	    "UPDATE memberships SET status = ?3 WHERE list_id = ?1"
	    " AND member_id = ?2 AND status != 'removed'",
	    list_id, member_id, "removed", "sub remove");
}

int
store_sub_members(struct store *st, long long list_id,
    int (*fn)(void *arg, const struct sub_member *m), void *arg)
{
	sqlite3_stmt *s;
	struct sub_member m;
	int rc, stop = 0;

	rc = store_stmt(st, &s,
	    "SELECT b.email, b.name, m.role, m.delivery, m.status"
	    " FROM memberships m JOIN members b ON b.id = m.member_id"
	    " WHERE m.list_id = ?1 AND m.status IN ('active', 'disabled')"
	    " ORDER BY b.email COLLATE NOCASE",
	    SQ_INT(list_id));
	if (rc != 0)
		return rc;
	while (stop == 0 && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		m.email = (const char *)sqlite3_column_text(s, 0);
		m.name = (const char *)sqlite3_column_text(s, 1);
		m.role = (const char *)sqlite3_column_text(s, 2);
		m.delivery = (const char *)sqlite3_column_text(s, 3);
		m.status = (const char *)sqlite3_column_text(s, 4);
		stop = fn(arg, &m);
	}
	if (stop != 0) {
		sqlite3_finalize(s);
		return stop;
	}
	return store_end(st, s, rc, "sub members");
}

/*
 * store_sub.c - confirmations and membership changes made by mail (see
 * store_sub.h).  Callers wrap writes in store_begin()/store_commit().
 * Addresses compare without case (members.email and confirmations.email
 * are COLLATE NOCASE).
 */
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "store_priv.h"
#include "store_sub.h"

/* text_into - copy column i into out (size n), "" for NULL. */
static void
text_into(sqlite3_stmt *s, int i, char *out, size_t n)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	snprintf(out, n, "%s", t != NULL ? (const char *)t : "");
}

int
store_confirm_recent(struct store *st, long long list_id, const char *email,
    const char *since, long long *id)
{
	sqlite3_stmt *s;
	char now[21];
	int rc;

	rc = store_prep(st,
	    "SELECT id FROM confirmations WHERE list_id = ?1 AND email = ?2"
	    " AND used IS NULL AND created > ?3 AND expires > ?4"
	    " ORDER BY id DESC LIMIT 1",
	    &s);
	if (rc != 0)
		return rc;
	store_now(now);
	sqlite3_bind_int64(s, 1, list_id);
	store_bind_text(s, 2, email);
	store_bind_text(s, 3, since);
	store_bind_text(s, 4, now);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		rc = 0;
	} else
		rc = rc == SQLITE_DONE ? E_NOTFOUND
		                       : store_err(st, rc, "confirm recent");
	sqlite3_finalize(s);
	return rc;
}

int
store_confirm_add(struct store *st, long long list_id, const char *email,
    const char *action, const char *delivery, const char *expires,
    long long *id)
{
	sqlite3_stmt *s;
	char now[21];
	int rc;

	rc = store_prep(st,
	    "INSERT INTO confirmations(list_id, email, action, delivery,"
	    " created, expires) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	    &s);
	if (rc != 0)
		return rc;
	store_now(now);
	sqlite3_bind_int64(s, 1, list_id);
	store_bind_text(s, 2, email);
	store_bind_text(s, 3, action);
	store_bind_text(s, 4, delivery);
	store_bind_text(s, 5, now);
	store_bind_text(s, 6, expires);
	rc = store_step_done(st, s, "confirm add");
	if (rc == 0)
		*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

int
store_confirm_get(struct store *st, long long id, struct confirm_rec *out)
{
	sqlite3_stmt *s;
	int rc;

	memset(out, 0, sizeof *out);
	rc = store_prep(st,
	    "SELECT id, list_id, email, action, delivery, created, expires,"
	    " used IS NOT NULL FROM confirmations WHERE id = ?1",
	    &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(s, 0);
		out->list_id = sqlite3_column_int64(s, 1);
		text_into(s, 2, out->email, sizeof out->email);
		text_into(s, 3, out->action, sizeof out->action);
		text_into(s, 4, out->delivery, sizeof out->delivery);
		text_into(s, 5, out->created, sizeof out->created);
		text_into(s, 6, out->expires, sizeof out->expires);
		out->used = sqlite3_column_int(s, 7) != 0;
		rc = 0;
	} else
		rc = rc == SQLITE_DONE ? E_NOTFOUND
		                       : store_err(st, rc, "confirm get");
	sqlite3_finalize(s);
	return rc;
}

int
store_confirm_use(struct store *st, long long id)
{
	sqlite3_stmt *s;
	char now[21];
	int rc;

	rc = store_prep(st,
	    "UPDATE confirmations SET used = ?2 WHERE id = ?1 AND used IS NULL",
	    &s);
	if (rc != 0)
		return rc;
	store_now(now);
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, now);
	rc = store_step_done(st, s, "confirm use");
	if (rc == 0 && sqlite3_changes(st->db) == 0)
		rc = E_DUP;
	return rc;
}

int
store_sub_lookup(
    struct store *st, long long list_id, const char *email, struct sub_rec *out)
{
	sqlite3_stmt *s;
	int rc;

	memset(out, 0, sizeof *out);
	rc = store_prep(st,
	    "SELECT b.id, m.role, m.delivery, m.status FROM members b"
	    " JOIN memberships m ON m.member_id = b.id AND m.list_id = ?1"
	    " WHERE b.email = ?2 AND m.status != 'removed'",
	    &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, list_id);
	store_bind_text(s, 2, email);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		out->member_id = sqlite3_column_int64(s, 0);
		text_into(s, 1, out->role, sizeof out->role);
		text_into(s, 2, out->delivery, sizeof out->delivery);
		text_into(s, 3, out->status, sizeof out->status);
		rc = 0;
	} else
		rc = rc == SQLITE_DONE ? E_NOTFOUND
		                       : store_err(st, rc, "sub lookup");
	sqlite3_finalize(s);
	return rc;
}

int
store_sub_member_id(struct store *st, const char *email, long long *id)
{
	sqlite3_stmt *s;
	int rc;

	rc = store_prep(st, "SELECT id FROM members WHERE email = ?1", &s);
	if (rc != 0)
		return rc;
	store_bind_text(s, 1, email);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		rc = 0;
	} else
		rc = rc == SQLITE_DONE ? E_NOTFOUND
		                       : store_err(st, rc, "member id");
	sqlite3_finalize(s);
	return rc;
}

/* member_upsert - the members row of email, created when missing. */
static int
member_upsert(
    struct store *st, const char *email, const char *name, long long *id)
{
	sqlite3_stmt *s;
	char now[21];
	int rc;

	rc = store_prep(st,
	    "INSERT INTO members(email, name, created) VALUES (?1, ?2, ?3)"
	    " ON CONFLICT(email) DO UPDATE SET name = CASE WHEN name = ''"
	    " THEN excluded.name ELSE name END",
	    &s);
	if (rc != 0)
		return rc;
	store_now(now);
	store_bind_text(s, 1, email);
	store_bind_text(s, 2, name != NULL ? name : "");
	store_bind_text(s, 3, now);
	rc = store_step_done(st, s, "member upsert");
	if (rc == 0)
		rc = store_sub_member_id(st, email, id);
	return rc == E_NOTFOUND ? E_INTERNAL : rc;
}

int
store_sub_activate(struct store *st, long long list_id, const char *email,
    const char *name, const char *delivery, long long *member_id)
{
	sqlite3_stmt *s;
	char now[21];
	int rc;

	rc = member_upsert(st, email, name, member_id);
	if (rc != 0)
		return rc;
	rc = store_prep(st,
	    "INSERT INTO memberships(list_id, member_id, delivery, status,"
	    " joined) VALUES (?1, ?2, ?3, 'active', ?4)"
	    " ON CONFLICT(list_id, member_id) DO UPDATE SET"
	    " role = CASE WHEN status = 'removed' THEN 'member' ELSE role END,"
	    " joined = CASE WHEN status = 'removed' THEN ?4 ELSE joined END,"
	    " delivery = ?3, status = 'active'",
	    &s);
	if (rc != 0)
		return rc;
	store_now(now);
	sqlite3_bind_int64(s, 1, list_id);
	sqlite3_bind_int64(s, 2, *member_id);
	store_bind_text(s, 3, delivery);
	store_bind_text(s, 4, now);
	return store_step_done(st, s, "sub activate");
}

/* set_membership - UPDATE one text column of a live membership. */
static int
set_membership(struct store *st, const char *sql, long long list_id,
    long long member_id, const char *value, const char *what)
{
	sqlite3_stmt *s;
	int rc;

	rc = store_prep(st, sql, &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, list_id);
	sqlite3_bind_int64(s, 2, member_id);
	store_bind_text(s, 3, value);
	rc = store_step_done(st, s, what);
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

	rc = store_prep(st,
	    "SELECT b.email, b.name, m.role, m.delivery, m.status"
	    " FROM memberships m JOIN members b ON b.id = m.member_id"
	    " WHERE m.list_id = ?1 AND m.status IN ('active', 'disabled')"
	    " ORDER BY b.email COLLATE NOCASE",
	    &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, list_id);
	while (stop == 0 && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		m.email = (const char *)sqlite3_column_text(s, 0);
		m.name = (const char *)sqlite3_column_text(s, 1);
		m.role = (const char *)sqlite3_column_text(s, 2);
		m.delivery = (const char *)sqlite3_column_text(s, 3);
		m.status = (const char *)sqlite3_column_text(s, 4);
		stop = fn(arg, &m);
	}
	sqlite3_finalize(s);
	if (stop != 0)
		return stop;
	return rc == SQLITE_DONE ? 0 : store_err(st, rc, "sub members");
}

/*
 * store.c - opening the database, pragmas, migrations, transactions and
 * the error mapping.  Domain queries live in the other db/store_*.c files.
 */
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "err.h"
#include "failpoint.h"
#include "log.h"
#include "migrations.h"
#include "store_priv.h"
#include "xmalloc.h"

int
store_err(struct store *st, int rc, const char *what)
{
	int prim = rc & 0xff;

	switch (prim) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return 0;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
	case SQLITE_FULL:
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
	case SQLITE_PROTOCOL:
		if (st != NULL)
			st->last_temp = prim;
		log_warn("store error=temporary what=%s sqlite=%s", what,
		    st != NULL && st->db != NULL ? sqlite3_errmsg(st->db)
		                                 : sqlite3_errstr(rc));
		return E_TEMP;
	case SQLITE_NOMEM:
		return E_NOMEM;
	case SQLITE_CONSTRAINT:
		if (rc == SQLITE_CONSTRAINT_UNIQUE ||
		    rc == SQLITE_CONSTRAINT_PRIMARYKEY)
			return E_DUP;
		break;
	}
	log_err("store error=internal what=%s sqlite=%s", what,
	    st != NULL && st->db != NULL ? sqlite3_errmsg(st->db)
	                                 : sqlite3_errstr(rc));
	return E_INTERNAL;
}

const char *
store_temp_reason(const struct store *st)
{
	switch (st != NULL ? st->last_temp : 0) {
	case SQLITE_FULL:
		return "database disk full, free space and try again";
	case SQLITE_IOERR:
		return "database I/O error (disk full or failing?), try again";
	case SQLITE_CANTOPEN:
		return "cannot open a database file, try again";
	default:
		return "database busy, try again";
	}
}

int
store_prep(struct store *st, const char *sql, sqlite3_stmt **out)
{
	int rc;

	fail_point();
	rc = sqlite3_prepare_v2(st->db, sql, -1, out, NULL);
	if (rc != SQLITE_OK) {
		*out = NULL;
		return store_err(st, rc, "prepare");
	}
	return 0;
}

int
store_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v == NULL)
		return sqlite3_bind_null(s, i);
	return sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
}

int
store_step_done(struct store *st, sqlite3_stmt *s, const char *what)
{
	int rc;

	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_err(st, rc, what);
}

void
store_now(char out[21])
{
	time_format_iso(clock_now(), out);
}

char *
store_col_dup(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return xstrdup(t != NULL ? (const char *)t : "");
}

static int
exec(struct store *st, const char *sql, const char *what)
{
	fail_point();
	return store_err(st, sqlite3_exec(st->db, sql, NULL, NULL, NULL), what);
}

int
store_version(struct store *st, int *out)
{
	*out = 0;
	return store_q(
	    st, "user_version", "PRAGMA user_version", SQ_OUT_INT(out));
}

/* apply_one - one migration and its user_version bump, in one tx. */
static int
apply_one(struct store *st, const struct migration *m, struct buf *why)
{
	char sql[64];
	char *msg = NULL;
	int rc;

	rc = store_begin(st);
	if (rc != 0)
		return rc;
	rc = sqlite3_exec(st->db, m->sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		buf_addf(why, "migration %s failed: %s", m->name,
		    msg != NULL ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		store_rollback(st);
		return store_err(st, rc, "migrate");
	}
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", m->version);
	rc = exec(st, sql, "user_version");
	if (rc == 0)
		rc = store_commit(st);
	if (rc != 0)
		store_rollback(st);
	return rc;
}

int
store_migrate(struct store *st, int *applied, struct buf *why)
{
	int v, i, rc;

	*applied = 0;
	rc = store_version(st, &v);
	if (rc != 0)
		return rc;
	if (migrations_count > 0 &&
	    v > migrations[migrations_count - 1].version) {
		buf_addf(why,
		    "database schema %d is newer than this program (%d)", v,
		    migrations[migrations_count - 1].version);
		return E_CONFIG;
	}
	for (i = 0; i < migrations_count; i++) {
		if (migrations[i].version <= v)
			continue;
		rc = apply_one(st, &migrations[i], why);
		if (rc != 0)
			return rc;
		(*applied)++;
		log_info("migrate applied=%s", migrations[i].name);
	}
	return 0;
}

static int
pragmas(struct store *st, int flags)
{
	int rc;

	rc = exec(st, "PRAGMA foreign_keys = ON; PRAGMA trusted_schema = OFF;",
	    "pragma");
	if (rc == 0 && !(flags & STORE_READONLY))
		rc = exec(st, "PRAGMA journal_mode = WAL", "pragma");
	if (rc == 0)
		rc = exec(st,
		    (flags & STORE_SYNC_FULL) ? "PRAGMA synchronous = FULL"
		                              : "PRAGMA synchronous = NORMAL",
		    "pragma");
	return rc;
}

int
store_open(const char *path, int flags, int busy_ms, struct store **out,
    struct buf *why)
{
	struct store *st;
	int oflags, rc, applied;

	*out = NULL;
	store_fail_install();
	st = xcalloc(1, sizeof *st);
	oflags = (flags & STORE_READONLY) ? SQLITE_OPEN_READONLY
	                                  : SQLITE_OPEN_READWRITE;
	if (flags & STORE_CREATE)
		oflags |= SQLITE_OPEN_CREATE;
	rc = sqlite3_open_v2(path, &st->db, oflags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		buf_addf(why, "cannot open database %s: %s", path,
		    st->db != NULL ? sqlite3_errmsg(st->db)
		                   : sqlite3_errstr(rc));
		rc = (rc & 0xff) == SQLITE_CANTOPEN && !(flags & STORE_CREATE)
		    ? E_CONFIG
		    : store_err(st, rc, "open");
		store_close(st);
		return rc == 0 ? E_INTERNAL : rc;
	}
	sqlite3_busy_timeout(st->db, busy_ms);
	sqlite3_extended_result_codes(st->db, 1);
	rc = pragmas(st, flags);
	if (rc == 0 && !(flags & STORE_READONLY))
		rc = store_migrate(st, &applied, why);
	if (rc != 0) {
		if (buf_error(why) == 0 && why->len == 0)
			buf_addf(why, "cannot prepare database %s: %s", path,
			    err_name(rc));
		store_close(st);
		return rc;
	}
	*out = st;
	return 0;
}

void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	if (st->in_tx)
		store_rollback(st);
	store_cache_clear(st);
	sqlite3_close(st->db);
	free(st);
}

int
store_begin(struct store *st)
{
	int rc;

	CHECK(!st->in_tx);
	rc = exec(st, "BEGIN IMMEDIATE", "begin");
	if (rc == 0)
		st->in_tx = true;
	return rc;
}

int
store_commit(struct store *st)
{
	int rc;

	CHECK(st->in_tx);
	rc = exec(st, "COMMIT", "commit");
	if (rc == 0)
		st->in_tx = false;
	fail_point(); /* committed, not yet reported */
	return rc;
}

void
store_rollback(struct store *st)
{
	if (!st->in_tx)
		return;
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	st->in_tx = false;
}

int
store_event(struct store *st, long long list_id, long long member_id,
    const char *kind, long long object_id, const char *detail)
{
	char now[21];

	store_now(now);
	return store_q(st, "event",
	    "INSERT INTO events(at, list_id, member_id, kind, object_id, detail)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	    SQ_TEXT(now), SQ_ID(list_id), SQ_ID(member_id), SQ_TEXT(kind),
	    SQ_ID(object_id), SQ_TEXT(detail != NULL ? detail : ""));
}

int
store_backup(struct store *st, const char *path, struct buf *why)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *b;
	int rc;

	rc = sqlite3_open_v2(path, &dst,
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_EXCLUSIVE,
	    NULL);
	if (rc != SQLITE_OK) {
		buf_addf(why, "cannot create %s: %s", path, sqlite3_errstr(rc));
		sqlite3_close(dst);
		return E_PARSE;
	}
	b = sqlite3_backup_init(dst, "main", st->db, "main");
	if (b == NULL) {
		buf_addf(why, "backup failed: %s", sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return E_TEMP;
	}
	do {
		rc = sqlite3_backup_step(b, 256);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(50);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		buf_addf(why, "backup failed: %s", sqlite3_errstr(rc));
	sqlite3_close(dst);
	return rc == SQLITE_DONE ? 0 : E_TEMP;
}

int
store_rcpts_read(struct store *st, sqlite3_stmt *s, struct rcpt_rec **out,
    size_t *n, const char *what)
{
	size_t cap = 16;
	int rc;

	*n = 0;
	*out = xreallocarray(NULL, cap, sizeof **out);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap *= 2;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		(*out)[*n].member_id = sqlite3_column_int64(s, 0);
		(*out)[*n].email = store_col_dup(s, 1);
		(*out)[*n].name = store_col_dup(s, 2);
		(*n)++;
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return 0;
	rcpt_recs_free(*out, *n);
	*out = NULL;
	*n = 0;
	return store_err(st, rc, what);
}

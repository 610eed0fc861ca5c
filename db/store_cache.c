/*
 * store_cache.c - prepared statements kept for the life of a connection.
 *
 * Preparing a statement costs more than running it (parsing, planning):
 * a 10,000-copy fan-out spent a quarter of its instructions in
 * sqlite3_prepare_v2 for the same three statements.  The statements that
 * run once per row of a loop (the outbox insert, claim and result, every
 * store_q() call) take theirs from here.
 *
 * The key is the address of the SQL text, which is a string literal at
 * every call site, so a lookup is a pointer compare.  A statement is
 * lent to one user at a time: a second user of the same SQL while the
 * first still holds it (a nested call) gets a fresh statement that
 * store_stmt_put() finalizes, as does a user once the cache is full.
 * Invariant: a cached statement not lent out is reset and has no
 * bindings, so it holds no read transaction and points at no memory.
 */
#include "err.h"
#include "store_priv.h"

/* find - the slot of s, or -1. */
static int
find(const struct store *st, const sqlite3_stmt *s)
{
	int i;

	for (i = 0; i < st->n_cache; i++)
		if (st->cache[i].s == s)
			return i;
	return -1;
}

int
store_stmt_get(struct store *st, const char *sql, sqlite3_stmt **out)
{
	struct store_cached *c;
	int i, rc;

	for (i = 0; i < st->n_cache; i++) {
		c = &st->cache[i];
		if (c->sql == sql && !c->lent) {
			c->lent = true;
			*out = c->s;
			return 0;
		}
	}
	rc = store_prep(st, sql, out);
	if (rc != 0 || st->n_cache == STORE_CACHE_MAX)
		return rc;
	st->cache[st->n_cache++] = (struct store_cached){sql, *out, true};
	return 0;
}

void
store_stmt_put(struct store *st, sqlite3_stmt *s)
{
	int i;

	if (s == NULL)
		return;
	i = find(st, s);
	if (i < 0) {
		sqlite3_finalize(s);
		return;
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	st->cache[i].lent = false;
}

int
store_stmt_done(struct store *st, sqlite3_stmt *s, const char *what)
{
	int rc;

	rc = sqlite3_step(s);
	store_stmt_put(st, s);
	return rc == SQLITE_DONE ? 0 : store_err(st, rc, what);
}

void
store_cache_clear(struct store *st)
{
	int i;

	for (i = 0; i < st->n_cache; i++)
		sqlite3_finalize(st->cache[i].s);
	st->n_cache = 0;
}

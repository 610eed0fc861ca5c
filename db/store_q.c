/*
 * store_q.c - the row helpers of store_priv.h: bind a typed argument list,
 * step, read columns into out-pointers.  They replace the prepare, bind,
 * step, column, finalize sequence that most store functions would repeat.
 * store_q() keeps its statements prepared (store_cache.c).
 * Non-goals: building SQL (inputs are always bound).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "log.h"
#include "store_priv.h"
#include "xmalloc.h"

static bool
is_out(const struct sq_arg *a)
{
	return a->kind >= SQ_K_OUT_INT;
}

/* bind_one - bind input a to ?i; a SQLite result code. */
static int
bind_one(sqlite3_stmt *s, int i, const struct sq_arg *a,
    sqlite3_destructor_type keep)
{
	switch (a->kind) {
	case SQ_K_INT:
		return sqlite3_bind_int64(s, i, a->i);
	case SQ_K_ID:
		return a->i > 0 ? sqlite3_bind_int64(s, i, a->i)
		                : sqlite3_bind_null(s, i);
	case SQ_K_REAL:
		return sqlite3_bind_double(s, i, a->d);
	case SQ_K_TEXT:
		return a->p != NULL ? sqlite3_bind_text(s, i, a->p, -1, keep)
		                    : sqlite3_bind_null(s, i);
	case SQ_K_BLOB:
		return sqlite3_bind_blob64(s, i, a->p, a->n, keep);
	default:
		return SQLITE_MISUSE;
	}
}

/*
 * bind_all - bind the inputs of a in order; check that they are as many
 * as the statement's parameters and the outputs no more than its columns.
 */
static int
bind_all(struct store *st, sqlite3_stmt *s, const struct sq_arg *a,
    sqlite3_destructor_type keep)
{
	int in = 0, out = 0, rc = SQLITE_OK;

	for (; a->kind != SQ_K_END && rc == SQLITE_OK; a++) {
		if (is_out(a))
			out++;
		else
			rc = bind_one(s, ++in, a, keep);
	}
	if (rc != SQLITE_OK)
		return store_err(st, rc, "bind");
	if (in != sqlite3_bind_parameter_count(s) ||
	    out > sqlite3_column_count(s)) {
		log_err("store error=internal what=bind inputs=%d outputs=%d"
		        " sql=%.60s",
		    in, out, sqlite3_sql(s));
		return E_INTERNAL;
	}
	return 0;
}

/* col_text - column i as text, "" for NULL. */
static const char *
col_text(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t != NULL ? (const char *)t : "";
}

void
store_cols_list(sqlite3_stmt *s, const struct sq_arg *a)
{
	int c = 0;

	for (; a->kind != SQ_K_END; a++) {
		if (!is_out(a))
			continue;
		if (a->kind == SQ_K_OUT_INT)
			*a->oi = sqlite3_column_int(s, c);
		else if (a->kind == SQ_K_OUT_I64)
			*a->ol = sqlite3_column_int64(s, c);
		else if (a->kind == SQ_K_OUT_REAL)
			*a->od = sqlite3_column_double(s, c);
		else if (a->kind == SQ_K_OUT_BOOL)
			*a->ob = sqlite3_column_int(s, c) != 0;
		else if (a->kind == SQ_K_OUT_DUP)
			*a->os = xstrdup(col_text(s, c));
		else
			snprintf(a->ot, a->n, "%s", col_text(s, c));
		c++;
	}
}

/* has_out - whether a asks for any column. */
static bool
has_out(const struct sq_arg *a)
{
	for (; a->kind != SQ_K_END; a++)
		if (is_out(a))
			return true;
	return false;
}

int
store_q_list(
    struct store *st, const char *what, const char *sql, const struct sq_arg *a)
{
	sqlite3_stmt *s;
	int rc;

	rc = store_stmt_get(st, sql, &s);
	if (rc != 0)
		return rc;
	/* the inputs outlive the statement: no copies */
	rc = bind_all(st, s, a, SQLITE_STATIC);
	if (rc == 0) {
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW)
			store_cols_list(s, a);
		if (rc == SQLITE_ROW || rc == SQLITE_DONE)
			rc = rc == SQLITE_DONE && has_out(a) ? E_NOTFOUND : 0;
		else
			rc = store_err(st, rc, what);
	}
	store_stmt_put(st, s);
	return rc;
}

int
store_stmt_list(
    struct store *st, sqlite3_stmt **s, const char *sql, const struct sq_arg *a)
{
	int rc;

	rc = store_prep(st, sql, s);
	if (rc != 0)
		return rc;
	rc = bind_all(st, *s, a, SQLITE_TRANSIENT);
	if (rc != 0) {
		sqlite3_finalize(*s);
		*s = NULL;
	}
	return rc;
}

int
store_end(struct store *st, sqlite3_stmt *s, int rc, const char *what)
{
	rc = rc == SQLITE_DONE ? 0 : store_err(st, rc, what);
	sqlite3_finalize(s);
	return rc;
}

void *
store_grow(void *p, size_t n, size_t *cap, size_t size)
{
	if (p != NULL && n < *cap)
		return p;
	*cap = *cap < 8 ? 8 : *cap * 2;
	return xreallocarray(p, *cap, size);
}

int
store_rows(struct store *st, sqlite3_stmt *s, const char *what,
    const struct store_rowkind *k, void **out, size_t *n)
{
	unsigned char *p = NULL, *rec;
	size_t cap = 0;
	int rc;

	*n = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		p = store_grow(p, *n, &cap, k->size);
		rec = p + (*n)++ * k->size;
		memset(rec, 0, k->size);
		k->read(s, rec);
	}
	rc = store_end(st, s, rc, what);
	if (rc != 0) {
		store_rows_free(p, *n, k);
		p = NULL;
		*n = 0;
	}
	*out = p;
	return rc;
}

void
store_rows_free(void *p, size_t n, const struct store_rowkind *k)
{
	size_t i;

	for (i = 0; p != NULL && k->drop != NULL && i < n; i++)
		k->drop((unsigned char *)p + i * k->size);
	free(p);
}

int
store_select_list(struct store *st, const char *what,
    const struct store_rowkind *k, void **out, size_t *n, const char *sql,
    const struct sq_arg *a)
{
	sqlite3_stmt *s;
	int rc;

	*out = NULL;
	*n = 0;
	rc = store_stmt_list(st, &s, sql, a);
	return rc != 0 ? rc : store_rows(st, s, what, k, out, n);
}

static void
id_read(sqlite3_stmt *s, void *rec)
{
	*(long long *)rec = sqlite3_column_int64(s, 0);
}

static const struct store_rowkind id_kind = {sizeof(long long), id_read, NULL};

int
store_select_ids_list(struct store *st, const char *what, long long **out,
    size_t *n, const char *sql, const struct sq_arg *a)
{
	void *p;
	int rc;

	rc = store_select_list(st, what, &id_kind, &p, n, sql, a);
	*out = p;
	return rc;
}

/*
 * t_store_q.c - the db/ row helpers (store_q, store_stmt, store_cols,
 * store_grow, store_rows, store_select, store_select_ids): every input and
 * output kind, no row, an error after some rows were read, and the checks
 * that the inputs match the statement's parameters.  It includes the
 * private db/store_priv.h on purpose: the helpers are db/'s own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "err.h"
#include "store_priv.h"
#include "t.h"

static void
test_q(struct store *st)
{
	long long id = 0, n64 = 0;
	int n = 0;
	double d = 0;
	bool yes = false;
	char *dup = NULL, fixed[4];

	T_INT("create",
	    store_q(st, "t", "CREATE TABLE t(a, b, c, d, e)", SQ_NONE), 0);
	T_INT("insert",
	    store_q(st, "t",
	        "INSERT INTO t VALUES (?1, ?2, ?3, ?4, ?5) RETURNING rowid",
	        SQ_INT(7), SQ_ID(0), SQ_REAL(1.5), SQ_TEXT("hello"),
	        SQ_BLOB("xy", 2), SQ_OUT_I64(&id)),
	    0);
	T_INT("rowid", id, 1);
	T_INT("read",
	    store_q(st, "t", "SELECT a, b IS NULL, c, d, d, length(e) FROM t",
	        SQ_OUT_INT(&n), SQ_OUT_BOOL(&yes), SQ_OUT_REAL(&d),
	        SQ_OUT_DUP(&dup), SQ_OUT_TEXT(fixed, sizeof fixed),
	        SQ_OUT_I64(&n64)),
	    0);
	T_INT("int", n, 7);
	T_OK("id 0 binds NULL", yes);
	T_OK("real", d == 1.5);
	T_STR("dup", dup, "hello");
	T_STR("text cut to fit", fixed, "hel");
	T_INT("blob", n64, 2);
	free(dup);
	T_INT("no row",
	    store_q(st, "t", "SELECT a FROM t WHERE a = ?1", SQ_INT(8),
	        SQ_OUT_INT(&n)),
	    E_NOTFOUND);
	T_INT("no row, no outputs",
	    store_q(st, "t", "DELETE FROM t WHERE a = ?1", SQ_INT(8)), 0);
	T_INT("too few inputs",
	    store_q(st, "t", "SELECT ?1, ?2", SQ_INT(1), SQ_OUT_INT(&n)),
	    E_INTERNAL);
	T_INT("too many outputs",
	    store_q(st, "t", "SELECT 1", SQ_OUT_INT(&n), SQ_OUT_INT(&n)),
	    E_INTERNAL);
	T_INT("bad sql", store_q(st, "t", "SELEC 1", SQ_NONE), E_INTERNAL);
	T_INT("step error",
	    store_q(
	        st, "t", "SELECT abs(?1)", SQ_INT(-9223372036854775807LL - 1)),
	    E_INTERNAL);
}

static void
test_stmt(struct store *st)
{
	sqlite3_stmt *s = NULL;
	long long *v = NULL, got = 0;
	size_t cap = 0, n = 0;
	char word[8];

	T_INT("stmt",
	    store_stmt(st, &s,
	        "WITH RECURSIVE g(value) AS (SELECT 1 UNION ALL SELECT"
	        " value + 1 FROM g WHERE value < ?1)"
	        " SELECT value, 'w' || value FROM g",
	        SQ_INT(20)),
	    0);
	while (s != NULL && sqlite3_step(s) == SQLITE_ROW) {
		v = store_grow(v, n, &cap, sizeof *v);
		store_cols(s, SQ_OUT_I64(&got), SQ_OUT_TEXT(word, sizeof word));
		v[n++] = got;
	}
	sqlite3_finalize(s);
	T_INT("rows", (long long)n, 20);
	T_INT("last row", n > 0 ? v[n - 1] : 0, 20);
	T_STR("text column", word, "w20");
	T_OK("grown", cap >= 20);
	free(v);
	T_INT("stmt mismatch", store_stmt(st, &s, "SELECT ?1", SQ_NONE),
	    E_INTERNAL);
	T_OK("no statement left", s == NULL);
}

struct word {
	long long n;
	char *text;
};

static int drops;

static void
word_read(sqlite3_stmt *s, void *rec)
{
	struct word *w = rec;

	store_cols(s, SQ_OUT_I64(&w->n), SQ_OUT_DUP(&w->text));
}

static void
word_drop(void *rec)
{
	free(((struct word *)rec)->text);
	drops++;
}

static const struct store_rowkind word_kind = {
    sizeof(struct word), word_read, word_drop};

/* rows - store_select over 1..rows, failing at row fail (0: never). */
static int
rows(struct store *st, int rows, int fail, void **out, size_t *n)
{
	return store_select(st, "t rows", &word_kind, out, n,
	    "WITH RECURSIVE g(value) AS (SELECT 1 UNION ALL SELECT"
	    " value + 1 FROM g WHERE value < ?1) SELECT value, CASE value"
	    " WHEN ?2 THEN abs(-9223372036854775807 - 1) ELSE 'w' || value"
	    " END FROM g WHERE value <= ?1",
	    SQ_INT(rows), SQ_INT(fail));
}

static void
test_rows(struct store *st)
{
	struct word *w;
	long long *ids = NULL;
	void *p = NULL;
	size_t n = 9;

	T_INT("rows", rows(st, 30, 0, &p, &n), 0);
	w = p;
	T_INT("rows read", (long long)n, 30);
	T_INT("first", n > 0 ? w[0].n : 0, 1);
	T_STR("last", n == 30 ? w[29].text : "", "w30");
	drops = 0;
	store_rows_free(p, n, &word_kind);
	T_INT("each dropped", drops, 30);
	drops = 0;
	T_INT("error at row 12", rows(st, 30, 12, &p, &n), E_INTERNAL);
	T_OK("nothing kept", p == NULL && n == 0);
	T_INT("rows read before the error dropped", drops, 11);
	T_INT("no rows", rows(st, 0, 0, &p, &n), 0);
	T_OK("no rows, empty", p == NULL && n == 0);
	store_rows_free(p, n, &word_kind);
	T_INT("ids",
	    store_select_ids(st, "t ids", &ids, &n,
	        "WITH RECURSIVE g(value) AS (SELECT 1 UNION ALL SELECT"
	        " value + 1 FROM g WHERE value < ?1) SELECT value * 2 FROM g",
	        SQ_INT(3)),
	    0);
	T_INT("ids read", (long long)n, 3);
	T_INT("third id", n == 3 ? ids[2] : 0, 6);
	free(ids);
	p = &n;
	T_INT("bad sql",
	    store_select(st, "t", &word_kind, &p, &n, "SELEC 1", SQ_NONE),
	    E_INTERNAL);
	T_OK("bad sql, empty", p == NULL && n == 0);
}

int
main(void)
{
	struct buf why = BUF_INIT(512);
	struct store *st = NULL;
	char path[512];

	setenv("STOA_NOW", "2026-01-05T10:00:00Z", 1);
	clock_init_from_env();
	snprintf(path, sizeof path, "%s/q.db", t_tmpdir());
	T_INT("open", store_open(path, STORE_CREATE, 100, &st, &why), 0);
	test_q(st);
	test_stmt(st);
	test_rows(st);
	store_close(st);
	buf_release(&why);
	return t_done();
}

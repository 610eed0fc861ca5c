/*
 * store_priv.h - shared between the db/store*.c files only.  No other
 * directory includes this (it exposes sqlite3).
 */
#ifndef STOA_STORE_PRIV_H
#define STOA_STORE_PRIV_H

#include <sqlite3.h>

#include "store.h"

/* A statement kept prepared (store_cache.c). */
struct store_cached {
	const char *sql; /* the key: the address of a string literal */
	sqlite3_stmt *s;
	bool lent; /* handed out by store_stmt_get(), not yet put back */
};

#define STORE_CACHE_MAX 48 /* statements kept per connection */

struct store {
	sqlite3 *db;
	bool in_tx;
	int last_temp; /* primary code of the last transient error, or 0 */
	struct store_cached cache[STORE_CACHE_MAX];
	int n_cache;
};

/* store_err - map a SQLite result code to enum err, logging the failure. */
int store_err(struct store *st, int rc, const char *what);
/* store_prep - prepare sql; 0 or an enum err. */
int store_prep(struct store *st, const char *sql, sqlite3_stmt **out);
/* store_bind_text - bind s (NULL binds NULL). */
int store_bind_text(sqlite3_stmt *s, int i, const char *v);
/* store_step_done - step once expecting SQLITE_DONE, then finalize. */
int store_step_done(struct store *st, sqlite3_stmt *s, const char *what);
/*
 * store_stmt_get - the prepared statement for sql, which must be a string
 * literal (its address is the cache key), kept across calls; give it back
 * with store_stmt_put() or store_stmt_done(), never sqlite3_finalize().
 * 0 or an enum err.
 */
int store_stmt_get(struct store *st, const char *sql, sqlite3_stmt **out);
/* store_stmt_put - give s back: reset, bindings cleared (NULL is a no-op). */
void store_stmt_put(struct store *st, sqlite3_stmt *s);
/* store_stmt_done - store_step_done() for a statement of store_stmt_get(). */
int store_stmt_done(struct store *st, sqlite3_stmt *s, const char *what);
/* store_cache_clear - finalize every kept statement (before closing). */
void store_cache_clear(struct store *st);
/*
 * store_fail_install - debug builds: SQLite's writes pass fail_point()
 * (store_fail.c); release builds: nothing.
 */
void store_fail_install(void);
/* store_now - the current time as ISO-8601 text (uses clock_now()). */
void store_now(char out[21]);
/* store_col_dup - copy of a text column ("" for NULL); caller frees. */
char *store_col_dup(sqlite3_stmt *s, int i);

/*
 * store_rcpts_read - step s, whose rows are (member id, email, name), into
 * a new array *out of *n records (free with rcpt_recs_free()); finalizes
 * s.  0 or an enum err (*out NULL then).
 */
int store_rcpts_read(struct store *st, sqlite3_stmt *s, struct rcpt_rec **out,
    size_t *n, const char *what);

/*
 * Row helpers (store_q.c).  A statement's arguments are one list of SQ_*
 * items: the inputs bind to ?1, ?2, ... in the order they appear, the
 * SQ_OUT_* pointers take columns 0, 1, ... of the row in theirs.  Inputs
 * are always bound, never pasted into the SQL; their number must equal
 * the statement's highest ?N (a mismatch is E_INTERNAL).  Each item is
 * typed (an int* where a long long* is wanted does not compile), so no
 * format string can disagree with its arguments.
 *
 *	rc = store_q(st, "member id", "SELECT id FROM members WHERE email = ?1",
 *	    SQ_TEXT(email), SQ_OUT_I64(id));
 */
enum sq_kind {
	SQ_K_END,
	SQ_K_INT,      /* integer (int, long long, bool, size_t) */
	SQ_K_ID,       /* row id; 0 or less binds NULL */
	SQ_K_REAL,     /* double */
	SQ_K_TEXT,     /* NUL-terminated text; NULL binds NULL */
	SQ_K_BLOB,     /* p, n; NULL binds NULL */
	SQ_K_OUT_INT,  /* int *; the first output kind */
	SQ_K_OUT_I64,  /* long long * */
	SQ_K_OUT_REAL, /* double * */
	SQ_K_OUT_BOOL, /* bool *: column != 0 */
	SQ_K_OUT_DUP,  /* char **: a copy ("" for NULL), caller frees */
	SQ_K_OUT_TEXT  /* char *, size: copied and cut to fit, "" for NULL */
};

struct sq_arg {
	enum sq_kind kind;
	long long i;
	double d;
	const void *p;
	size_t n;
	int *oi;
	long long *ol;
	double *od;
	bool *ob;
	char **os;
	char *ot;
};

#define SQ_INT(v)  ((struct sq_arg){.kind = SQ_K_INT, .i = (v)})
#define SQ_ID(v)   ((struct sq_arg){.kind = SQ_K_ID, .i = (v)})
#define SQ_REAL(v) ((struct sq_arg){.kind = SQ_K_REAL, .d = (v)})
#define SQ_TEXT(s) ((struct sq_arg){.kind = SQ_K_TEXT, .p = (s)})
#define SQ_BLOB(b, len)                                                        \
	((struct sq_arg){.kind = SQ_K_BLOB, .p = (b), .n = (len)})
#define SQ_OUT_INT(x)  ((struct sq_arg){.kind = SQ_K_OUT_INT, .oi = (x)})
#define SQ_OUT_I64(x)  ((struct sq_arg){.kind = SQ_K_OUT_I64, .ol = (x)})
#define SQ_OUT_REAL(x) ((struct sq_arg){.kind = SQ_K_OUT_REAL, .od = (x)})
#define SQ_OUT_BOOL(x) ((struct sq_arg){.kind = SQ_K_OUT_BOOL, .ob = (x)})
#define SQ_OUT_DUP(x)  ((struct sq_arg){.kind = SQ_K_OUT_DUP, .os = (x)})
#define SQ_OUT_TEXT(x, size)                                                   \
	((struct sq_arg){.kind = SQ_K_OUT_TEXT, .ot = (x), .n = (size)})
#define SQ_NONE      ((struct sq_arg){.kind = SQ_K_END})
#define SQ_LIST(...) ((const struct sq_arg[]){__VA_ARGS__, SQ_NONE})

/*
 * store_q - run one statement: prepare sql, bind the inputs, step once and,
 * when a row comes, read it into the outputs.  0; E_NOTFOUND when outputs
 * were asked for and no row came; else an enum err logged as what.  Write
 * SQ_NONE as the only item of a statement without inputs or outputs.
 */
#define store_q(st, what, sql, ...)                                            \
	store_q_list((st), (what), (sql), SQ_LIST(__VA_ARGS__))
int store_q_list(struct store *st, const char *what, const char *sql,
    const struct sq_arg *a);

/*
 * store_stmt - prepare sql into *s and bind the inputs (copied), for a loop
 * over rows: the caller steps, reads each row with store_cols() and
 * finalizes.  0 or an enum err (*s NULL then).
 */
#define store_stmt(st, s, sql, ...)                                            \
	store_stmt_list((st), (s), (sql), SQ_LIST(__VA_ARGS__))
int store_stmt_list(struct store *st, sqlite3_stmt **s, const char *sql,
    const struct sq_arg *a);

/*
 * store_end - finalize s, whose last sqlite3_step() returned rc: 0 when
 * that was SQLITE_DONE, else the enum err (logged as what).
 */
int store_end(struct store *st, sqlite3_stmt *s, int rc, const char *what);

/* store_cols - read the current row of s into the outputs. */
#define store_cols(s, ...) store_cols_list((s), SQ_LIST(__VA_ARGS__))
void store_cols_list(sqlite3_stmt *s, const struct sq_arg *a);

/*
 * store_grow - make room in the array p of n records of size bytes for one
 * more, doubling *cap (at least 8); returns the array, maybe moved.
 */
void *store_grow(void *p, size_t n, size_t *cap, size_t size);

/* A kind of record that store_rows() reads, one per row. */
struct store_rowkind {
	size_t size; /* of one record */
	void (*read)(
	    sqlite3_stmt *s, void *rec); /* the row into rec (zeroed) */
	void (*drop)(void *rec); /* frees what rec owns; NULL: nothing */
};

/*
 * store_rows - step s to its end, reading each row into a new record of
 * the array *out (*n records) with k->read; finalizes s.  0; else an enum
 * err logged as what, with the array freed, *out NULL and *n 0.
 */
int store_rows(struct store *st, sqlite3_stmt *s, const char *what,
    const struct store_rowkind *k, void **out, size_t *n);

/*
 * store_select - store_stmt() and store_rows() in one: every row of sql
 * into *out (*n records).  *out NULL and *n 0 on any error.
 */
#define store_select(st, what, k, out, n, sql, ...)                            \
	store_select_list(                                                     \
	    (st), (what), (k), (out), (n), (sql), SQ_LIST(__VA_ARGS__))
int store_select_list(struct store *st, const char *what,
    const struct store_rowkind *k, void **out, size_t *n, const char *sql,
    const struct sq_arg *a);

/* store_select_ids - store_select() for a single integer column. */
#define store_select_ids(st, what, out, n, sql, ...)                           \
	store_select_ids_list(                                                 \
	    (st), (what), (out), (n), (sql), SQ_LIST(__VA_ARGS__))
int store_select_ids_list(struct store *st, const char *what, long long **out,
    size_t *n, const char *sql, const struct sq_arg *a);

/* store_rows_free - drop each of the n records of p, then free p. */
void store_rows_free(void *p, size_t n, const struct store_rowkind *k);

#endif

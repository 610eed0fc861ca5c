/*
 * store_priv.h - shared between the db/store*.c files only.  No other
 * directory includes this (it exposes sqlite3).
 */
#ifndef STOA_STORE_PRIV_H
#define STOA_STORE_PRIV_H

#include <sqlite3.h>

#include "store.h"

struct store {
	sqlite3 *db;
	bool in_tx;
	int last_temp; /* primary code of the last transient error, or 0 */
};

/* store_err - map a SQLite result code to enum err, logging the failure. */
int store_err(struct store *st, int rc, const char *what);
/* store_prep - prepare sql; 0 or an enum err. */
int store_prep(struct store *st, const char *sql, sqlite3_stmt **out);
/* store_bind_text - bind s (NULL binds NULL). */
int store_bind_text(sqlite3_stmt *s, int i, const char *v);
/* store_step_done - step once expecting SQLITE_DONE, then finalize. */
int store_step_done(struct store *st, sqlite3_stmt *s, const char *what);
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

#endif

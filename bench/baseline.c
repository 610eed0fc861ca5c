/*
 * baseline.c - the least a pipe hook can do, for bench/run.sh: read the
 * message from stdin to EOF, open the SQLite database with the hook's
 * pragmas (WAL, synchronous=FULL, busy_timeout), insert the bytes as one
 * row in BEGIN IMMEDIATE ... COMMIT, exit 0.  Linked like stoa-hook
 * (dynamically, against the same libsqlite3).
 *
 *   baseline DB < message      (baseline --init DB creates the table)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

static int
fail(sqlite3 *db, const char *what)
{
	fprintf(stderr, "baseline: %s: %s\n", what,
	    db != NULL ? sqlite3_errmsg(db) : "open");
	sqlite3_close(db);
	return 75;
}

int
main(int argc, char **argv)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s;
	char *raw = NULL, chunk[65536];
	size_t len = 0, cap = 0, n;
	int init = argc == 3 && strcmp(argv[1], "--init") == 0;

	if (argc != 2 && !init) {
		fputs("usage: baseline [--init] DB < message\n", stderr);
		return 64;
	}
	while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0) {
		if (len + n > cap) {
			cap = (len + n) * 2;
			raw = realloc(raw, cap);
			if (raw == NULL)
				return 75;
		}
		memcpy(raw + len, chunk, n);
		len += n;
	}
	if (sqlite3_open_v2(argv[argc - 1], &db,
	        SQLITE_OPEN_READWRITE | (init ? SQLITE_OPEN_CREATE : 0),
	        NULL) != SQLITE_OK)
		return fail(db, "open");
	sqlite3_busy_timeout(db, 5000);
	if (sqlite3_exec(db,
	        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;", NULL,
	        NULL, NULL) != SQLITE_OK)
		return fail(db, "pragma");
	if (init)
		return sqlite3_exec(db,
		           "CREATE TABLE IF NOT EXISTS raw(id INTEGER PRIMARY "
		           "KEY, received INTEGER NOT NULL, body BLOB NOT NULL)",
		           NULL, NULL, NULL) == SQLITE_OK
		    ? (sqlite3_close(db), 0)
		    : fail(db, "create");
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return fail(db, "begin");
	if (sqlite3_prepare_v2(db,
	        "INSERT INTO raw(received, body) VALUES (?1, ?2)", -1, &s,
	        NULL) != SQLITE_OK)
		return fail(db, "prepare");
	sqlite3_bind_int64(s, 1, (sqlite3_int64)time(NULL));
	sqlite3_bind_blob(
	    s, 2, raw != NULL ? raw : "", (int)len, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		return fail(db, "insert");
	sqlite3_finalize(s);
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return fail(db, "commit");
	sqlite3_close(db);
	free(raw);
	return 0;
}

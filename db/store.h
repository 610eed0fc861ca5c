/*
 * store.h - the only module that speaks SQL (files db/store*.c).
 *
 * A struct store is one SQLite connection with the pragmas of DESIGN §4:
 * WAL, busy_timeout, foreign keys, trusted_schema off, and synchronous=FULL
 * when the caller asks (the hook's write path).  Migrations compiled from
 * db/NNNN-*.sql are applied on open (PRAGMA user_version).  Every write is
 * inside store_begin() (BEGIN IMMEDIATE) ... store_commit().  SQLite errors
 * map to enum err: BUSY/LOCKED/FULL/IOERR/CANTOPEN -> E_TEMP, a UNIQUE
 * violation -> E_DUP, anything else -> E_INTERNAL.
 */
#ifndef STOA_STORE_H
#define STOA_STORE_H

#include <stdbool.h>
#include <stdio.h>

#include "buf.h"

struct store;

#define STORE_CREATE	0x1 /* create the file if missing (stoa init) */
#define STORE_SYNC_FULL 0x2 /* synchronous=FULL */
#define STORE_READONLY	0x4

/* store_open - open (and migrate) the database at path. */
int store_open(const char *path, int flags, int busy_ms, struct store **out,
    struct buf *why);
void store_close(struct store *st);
int store_begin(struct store *st);
int store_commit(struct store *st);
/* store_rollback - safe to call when no transaction is open. */
void store_rollback(struct store *st);
/* store_version - the schema version (PRAGMA user_version). */
int store_version(struct store *st, int *out);
/* store_migrate - apply pending migrations; *applied gets their number. */
int store_migrate(struct store *st, int *applied, struct buf *why);

/* --- lists --- */
struct list_rec {
	long long id;
	char *name;
	char *title;
	char *timezone;
	bool moderated;
};
void list_rec_release(struct list_rec *l);
int store_list_create(struct store *st, const struct list_rec *l,
    struct buf *why);
/* store_list_get - E_NOGROUP when there is no such list. */
int store_list_get(struct store *st, const char *name, struct list_rec *out);
/* store_list_show - one line per list with member counts, to f. */
int store_list_show(struct store *st, FILE *f);

/* --- members --- */
struct member_rec {
	const char *email; /* normalised with addr_normalise() */
	const char *name;  /* NULL = keep / empty */
	const char *role;  /* NULL = keep / member */
	const char *delivery;
	const char *status;
};
/* store_member_add - E_DUP with why naming the existing member. */
int store_member_add(struct store *st, long long list_id,
    const struct member_rec *m, struct buf *why);
/* store_member_set - change the non-NULL fields; E_NOTFOUND if absent. */
int store_member_set(struct store *st, long long list_id,
    const struct member_rec *m, struct buf *why);
/* store_member_remove - mark the membership removed; E_NOTFOUND. */
int store_member_remove(struct store *st, long long list_id,
    const char *email, struct buf *why);

/* store_event - append to the events table (inside the caller's tx). */
int store_event(struct store *st, long long list_id, long long member_id,
    const char *kind, long long object_id, const char *detail);

/*
 * store_export - write KIND ("lists", "members", ...) as JSON Lines to f;
 * E_NOTFOUND for an unknown kind.  domain completes list addresses.  Field names are in docs/export.md.
 */
int store_export(struct store *st, const char *kind, const char *domain,
    FILE *f, struct buf *why);
/* store_export_kinds - the kinds store_export() knows, space-separated. */
const char *store_export_kinds(void);

#endif

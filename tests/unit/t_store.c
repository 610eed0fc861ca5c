/*
 * t_store.c - opening, migrating (twice), transactions, the busy mapping,
 * lists and members, and the export.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "err.h"
#include "migrations.h"
#include "store.h"
#include "store_priv.h" /* white box: PRAGMA max_page_count */
#include "t.h"

static char path[512];

static void
test_open(void)
{
	struct store *st = NULL, *st2 = NULL;
	struct buf why = BUF_INIT(512);
	int v = 0, applied = -1;

	T_INT("open missing without create",
	    store_open(path, 0, 100, &st, &why), E_CONFIG);
	T_OK("reason", why.len > 0);
	T_INT("create", store_open(path, STORE_CREATE, 100, &st, &why), 0);
	T_INT("version", store_version(st, &v), 0);
	T_INT("version is last migration", v,
	    migrations[migrations_count - 1].version);
	T_INT("migrate twice", store_migrate(st, &applied, &why), 0);
	T_INT("nothing applied again", applied, 0);
	T_INT("second connection", store_open(path, 0, 50, &st2, &why), 0);
	T_INT("begin", store_begin(st), 0);
	T_INT("busy while other writes", store_begin(st2), E_TEMP);
	T_OK("busy reason",
	    strstr(store_temp_reason(st2), "database busy") != NULL);
	T_INT("commit", store_commit(st), 0);
	T_INT("begin after commit", store_begin(st2), 0);
	store_rollback(st2);
	store_rollback(st2); /* harmless twice */
	store_close(st2);
	store_close(st);
	store_close(NULL);
	buf_release(&why);
}

static void
test_newer_schema(void)
{
	char p2[600], sql[700];
	struct store *st = NULL;
	struct buf why = BUF_INIT(512);

	snprintf(p2, sizeof p2, "%s/newer.db", t_tmpdir());
	T_INT("create newer", store_open(p2, STORE_CREATE, 100, &st, &why), 0);
	store_close(st);
	snprintf(
	    sql, sizeof sql, "sqlite3 '%s' 'PRAGMA user_version=9999'", p2);
	T_INT("bump version", system(sql), 0); /* lint: allow (test setup) */
	T_INT(
	    "refuse newer schema", store_open(p2, 0, 100, &st, &why), E_CONFIG);
	T_OK("says newer", strstr(buf_cstr(&why), "newer") != NULL);
	buf_release(&why);
}

static void
test_lists_members(void)
{
	struct store *st = NULL;
	struct buf why = BUF_INIT(512);
	struct list_rec l = {0}, got = {0};
	struct member_rec m = {"ana@x.org", "Ana", "owner", "digest", NULL};
	char *out = NULL;
	size_t outlen = 0;
	FILE *f;

	T_INT("open", store_open(path, 0, 100, &st, &why), 0);
	l.name = "learn";
	l.title = "Learning";
	l.timezone = "Europe/Berlin";
	store_begin(st);
	T_INT("list create", store_list_create(st, &l, &why), 0);
	T_INT("list dup", store_list_create(st, &l, &why), E_DUP);
	T_OK("dup names list", strstr(buf_cstr(&why), "learn") != NULL);
	store_commit(st);
	T_INT("get", store_list_get(st, "learn", &got), 0);
	T_STR("get tz", got.timezone, "Europe/Berlin");
	T_INT("get missing", store_list_get(st, "nope", &l), E_NOGROUP);
	store_begin(st);
	T_INT("add", store_member_add(st, got.id, &m, &why), 0);
	buf_reset(&why);
	T_INT("add dup", store_member_add(st, got.id, &m, &why), E_DUP);
	T_OK("dup names member", strstr(buf_cstr(&why), "Ana") != NULL);
	m = (struct member_rec){"ana@x.org", NULL, NULL, "each", NULL};
	T_INT("set", store_member_set(st, got.id, &m, &why), 0);
	m.email = "nobody@x.org";
	T_INT(
	    "set missing", store_member_set(st, got.id, &m, &why), E_NOTFOUND);
	T_INT("remove", store_member_remove(st, got.id, "ana@x.org", &why), 0);
	T_INT("remove again",
	    store_member_remove(st, got.id, "ana@x.org", &why), E_NOTFOUND);
	m = (struct member_rec){"ana@x.org", NULL, NULL, NULL, NULL};
	T_INT("re-add after remove", store_member_add(st, got.id, &m, &why), 0);
	store_commit(st);
	f = open_memstream(&out, &outlen);
	T_INT("export members",
	    store_export(st, "members", "learn.example", f, &why), 0);
	fclose(f);
	T_STR("export line", out,
	    "{\"email\":\"ana@x.org\",\"name\":\"Ana\",\"list\":\"learn\","
	    "\"role\":\"member\",\"delivery\":\"each\",\"status\":\"active\","
	    "\"joined\":\"2026-01-05T10:00:00Z\"}\n");
	free(out);
	f = open_memstream(&out, &outlen);
	T_INT("export lists",
	    store_export(st, "lists", "learn.example", f, &why), 0);
	fclose(f);
	T_OK("list address",
	    strstr(out, "\"address\":\"learn@learn.example\"") != NULL);
	T_OK("moderated bool", strstr(out, "\"moderated\":false") != NULL);
	free(out);
	T_INT("export unknown", store_export(st, "bogus", "x", stdout, &why),
	    E_NOTFOUND);
	list_rec_release(&got);
	store_close(st);
	buf_release(&why);
}

/*
 * test_full - a full database (here: max_page_count reached, which SQLite
 * reports as SQLITE_FULL like a full disk) is E_TEMP, and its reason says
 * "full", not "busy" (r25).
 */
static void
test_full(void)
{
	struct store *st = NULL;
	struct buf why = BUF_INIT(512);
	struct list_rec l = {0};
	char name[32];
	int i, rc = 0;

	T_INT("open", store_open(path, 0, 100, &st, &why), 0);
	T_STR(
	    "no error yet", store_temp_reason(st), "database busy, try again");
	T_INT("cap pages",
	    sqlite3_exec(st->db, "PRAGMA max_page_count = 1", NULL, NULL, NULL),
	    SQLITE_OK);
	l.title = "Full";
	l.timezone = "UTC";
	for (i = 0; i < 10000 && rc == 0; i++) {
		snprintf(name, sizeof name, "full%d", i);
		l.name = name;
		rc = store_begin(st);
		if (rc == 0)
			rc = store_list_create(st, &l, &why);
		if (rc == 0)
			rc = store_commit(st);
	}
	store_rollback(st);
	T_INT("full is temporary", rc, E_TEMP);
	T_OK("full reason", strstr(store_temp_reason(st), "disk full") != NULL);
	T_STR(
	    "NULL store", store_temp_reason(NULL), "database busy, try again");
	store_close(st);
	buf_release(&why);
}

int
main(void)
{
	setenv("STOA_NOW", "2026-01-05T10:00:00Z", 1);
	clock_init_from_env();
	snprintf(path, sizeof path, "%s/stoa.db", t_tmpdir());
	test_open();
	test_newer_schema();
	test_lists_members();
	test_full();
	return t_done();
}

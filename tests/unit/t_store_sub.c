/*
 * t_store_sub.c - confirmations (add, recent window, get, single use) and
 * membership changes by mail (activate, revive, delivery, remove, the
 * member list), including every E_NOTFOUND / E_DUP return.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "err.h"
#include "store.h"
#include "store_sub.h"
#include "t.h"

static struct store *st;
static long long list_id;

static void
setup(void)
{
	char path[600];
	struct buf why = BUF_INIT(512);
	struct list_rec l = {0, "learn", "Learn", "UTC", false};
	struct list_rec got;

	snprintf(path, sizeof path, "%s/sub.db", t_tmpdir());
	T_INT("open", store_open(path, STORE_CREATE, 100, &st, &why), 0);
	T_INT("begin", store_begin(st), 0);
	T_INT("list", store_list_create(st, &l, &why), 0);
	T_INT("get list", store_list_get(st, "learn", &got), 0);
	list_id = got.id;
	list_rec_release(&got);
	buf_release(&why);
}

static void
test_confirmations(void)
{
	struct confirm_rec c;
	long long id = 0, id2 = 0, found = 0;

	T_INT("none recent",
	    store_confirm_recent(
	        st, list_id, "a@x.example", "2026-01-04T10:00:00Z", &found),
	    E_NOTFOUND);
	T_INT("add",
	    store_confirm_add(st, list_id, "a@x.example", "subscribe", "digest",
	        "2026-01-12T10:00:00Z", &id),
	    0);
	T_INT("recent (other case)",
	    store_confirm_recent(
	        st, list_id, "A@X.example", "2026-01-04T10:00:00Z", &found),
	    0);
	T_INT("recent id", found, id);
	T_INT("not recent: created at since",
	    store_confirm_recent(
	        st, list_id, "a@x.example", "2026-01-05T10:00:00Z", &found),
	    E_NOTFOUND);
	T_INT("other list",
	    store_confirm_recent(
	        st, list_id + 1, "a@x.example", "2026-01-04T10:00:00Z", &found),
	    E_NOTFOUND);
	T_INT("add expired",
	    store_confirm_add(st, list_id, "b@x.example", "unsubscribe", "each",
	        "2026-01-05T09:00:00Z", &id2),
	    0);
	T_INT("expired is not recent",
	    store_confirm_recent(
	        st, list_id, "b@x.example", "2026-01-04T10:00:00Z", &found),
	    E_NOTFOUND);
	T_INT("bad action",
	    store_confirm_add(st, list_id, "c@x.example", "explode", "each",
	        "2026-01-12T10:00:00Z", &id2),
	    E_INTERNAL);
	T_INT("get", store_confirm_get(st, id, &c), 0);
	T_STR("get email", c.email, "a@x.example");
	T_STR("get action", c.action, "subscribe");
	T_STR("get delivery", c.delivery, "digest");
	T_STR("get expires", c.expires, "2026-01-12T10:00:00Z");
	T_OK("get unused", !c.used);
	T_INT("get missing", store_confirm_get(st, 999, &c), E_NOTFOUND);
	T_INT("use", store_confirm_use(st, id), 0);
	T_INT("use twice", store_confirm_use(st, id), E_DUP);
	T_INT("use missing", store_confirm_use(st, 999), E_DUP);
	T_INT("get used", store_confirm_get(st, id, &c), 0);
	T_OK("used", c.used);
	T_INT("used is not recent",
	    store_confirm_recent(
	        st, list_id, "a@x.example", "2026-01-04T10:00:00Z", &found),
	    E_NOTFOUND);
}

/* collect - a store_sub_members callback: "email:role:delivery:status ". */
static int
collect(void *arg, const struct sub_member *m)
{
	struct buf *b = arg;

	buf_addf(b, "%s:%s:%s:%s ", m->email, m->role, m->delivery, m->status);
	return 0;
}

static int
stop_at_first(void *arg, const struct sub_member *m)
{
	(void)m;
	(*(int *)arg)++;
	return E_LIMIT;
}

static void
test_memberships(void)
{
	struct sub_rec s;
	struct buf b = BUF_INIT(4096), why = BUF_INIT(512);
	struct member_rec owner = {"o@x.example", "O", "owner", NULL, NULL};
	long long mid = 0, mid2 = 0, id = 0;
	int calls = 0;

	T_INT("lookup none", store_sub_lookup(st, list_id, "n@x.example", &s),
	    E_NOTFOUND);
	T_INT("member id none", store_sub_member_id(st, "n@x.example", &id),
	    E_NOTFOUND);
	T_INT("activate new",
	    store_sub_activate(
	        st, list_id, "n@x.example", "Nan", "digest", &mid),
	    0);
	T_INT("member id", store_sub_member_id(st, "N@x.example", &id), 0);
	T_INT("member id same", id, mid);
	T_INT("lookup", store_sub_lookup(st, list_id, "N@X.EXAMPLE", &s), 0);
	T_STR("role", s.role, "member");
	T_STR("delivery", s.delivery, "digest");
	T_STR("status", s.status, "active");
	T_INT("delivery set", store_sub_delivery(st, list_id, mid, "none"), 0);
	T_INT("delivery missing", store_sub_delivery(st, list_id, 999, "none"),
	    E_NOTFOUND);
	T_INT("delivery bad value",
	    store_sub_delivery(st, list_id, mid, "weekly"), E_INTERNAL);
	T_INT("owner", store_member_add(st, list_id, &owner, &why), 0);
	T_INT("list", store_sub_members(st, list_id, collect, &b), 0);
	T_STR("list text", buf_cstr(&b),
	    "n@x.example:member:none:active o@x.example:owner:each:active ");
	T_INT("callback stops",
	    store_sub_members(st, list_id, stop_at_first, &calls), E_LIMIT);
	T_INT("callback once", calls, 1);
	T_INT("remove", store_sub_remove(st, list_id, mid), 0);
	T_INT("remove twice", store_sub_remove(st, list_id, mid), E_NOTFOUND);
	T_INT("removed: no lookup",
	    store_sub_lookup(st, list_id, "n@x.example", &s), E_NOTFOUND);
	T_INT("removed: delivery", store_sub_delivery(st, list_id, mid, "each"),
	    E_NOTFOUND);
	buf_reset(&b);
	T_INT("list without removed",
	    store_sub_members(st, list_id, collect, &b), 0);
	T_STR("list text 2", buf_cstr(&b), "o@x.example:owner:each:active ");
	T_INT("revive",
	    store_sub_activate(
	        st, list_id, "n@x.example", "Other", "each", &mid2),
	    0);
	T_INT("same member row", mid2, mid);
	T_INT("revived", store_sub_lookup(st, list_id, "n@x.example", &s), 0);
	T_STR("revived delivery", s.delivery, "each");
	T_INT("owner again keeps role",
	    store_sub_activate(
	        st, list_id, "o@x.example", NULL, "digest", &mid2),
	    0);
	T_INT("owner lookup", store_sub_lookup(st, list_id, "o@x.example", &s),
	    0);
	T_STR("owner role kept", s.role, "owner");
	buf_release(&b);
	buf_release(&why);
}

int
main(void)
{
	setenv("STOA_NOW", "2026-01-05T10:00:00Z", 1);
	clock_init_from_env();
	setup();
	test_confirmations();
	test_memberships();
	store_rollback(st);
	store_close(st);
	return t_done();
}

/*
 * t_digest.c - the digest's wording helpers (common/digestfmt) and the
 * store functions other modules call: the digest Message-ID check and
 * "digest off".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "digestfmt.h"
#include "err.h"
#include "store.h"
#include "store_digest.h"
#include "t.h"

static void
test_excerpt(void)
{
	static const struct {
		const char *name, *in;
		size_t max;
		const char *want;
	} cases[] = {
	    {"short", "Hello  there\n\nfriend", 100, "Hello there friend"},
	    {"cut at word", "one two three four", 12, "one two ..."},
	    {"leading space", "  \n x", 10, "x"},
	    {"empty", "", 10, ""},
	    {"one long word", "abcdefghijklmnop", 5, " ..."},
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct buf b = BUF_INIT(1024);

		digestfmt_excerpt(cases[i].in, cases[i].max, &b);
		T_STR(cases[i].name, buf_cstr(&b), cases[i].want);
		buf_release(&b);
	}
}

static void
test_people(void)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
	    {"", ""},
	    {"Ana", "Ana"},
	    {"Ana\nBen", "Ana and Ben"},
	    {"Ana\nBen\nChloe", "Ana, Ben and Chloe"},
	    {"Ana\nBen\nChloe\nDana", "Ana, Ben, Chloe and 1 other"},
	    {"Ana\nBen\nChloe\nDana\nEve", "Ana, Ben, Chloe and 2 others"},
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct buf b = BUF_INIT(1024);

		digestfmt_people(cases[i].in, &b);
		T_STR(cases[i].in, buf_cstr(&b), cases[i].want);
		buf_release(&b);
	}
}

static void
test_when(void)
{
	struct buf b = BUF_INIT(256);

	digestfmt_when("2026-01-12T08:00:00Z", "Europe/Berlin", &b);
	T_STR("when berlin", buf_cstr(&b),
	    "Monday 12 January 2026, 09:00 (Europe/Berlin)");
	buf_reset(&b);
	digestfmt_when("garbage", "UTC", &b);
	T_STR("when bad", buf_cstr(&b), "garbage");
	buf_release(&b);
}

static void
test_store(void)
{
	struct store *st = NULL;
	struct buf why = BUF_INIT(512), id = BUF_INIT(512);
	struct list_rec l = {0}, got = {0};
	struct member_rec m = {"ana@x.org", "Ana", NULL, NULL, NULL};
	struct outbox_rec o;
	long long mid = 0;
	char path[600], role[16];
	bool yes = true, added = false;

	snprintf(path, sizeof path, "%s/digest.db", t_tmpdir());
	T_INT("open", store_open(path, STORE_CREATE, 100, &st, &why), 0);
	l.name = "learn";
	l.title = "Learning";
	l.timezone = "UTC";
	store_begin(st);
	T_INT("list", store_list_create(st, &l, &why), 0);
	T_INT("get", store_list_get(st, "learn", &got), 0);
	T_INT("member", store_member_add(st, got.id, &m, &why), 0);
	T_INT("lookup",
	    store_member_lookup(st, got.id, "ana@x.org", &mid, role), 0);
	T_INT("optout", store_digest_optout(st, got.id, mid, true, NULL), 0);
	T_INT("optout again", store_digest_optout(st, got.id, mid, true, NULL),
	    0);
	T_INT("optout unknown member",
	    store_digest_optout(st, got.id, mid + 100, true, NULL), E_NOTFOUND);
	store_digest_msgid(7, mid, &id);
	T_STR("msgid", buf_cstr(&id), "stoa.digest.7.1@learn.example");
	T_INT("not sent yet",
	    store_digest_is_digest_msgid(st, buf_cstr(&id), &yes), 0);
	T_OK("not sent: no", !yes);
	memset(&o, 0, sizeof o);
	o.dedupe_key = "digest:7:member:1";
	o.kind = "digest";
	o.list_id = got.id;
	o.sender = "learn+b-x@learn.example";
	o.recipient = "ana@x.org";
	o.message_id = buf_cstr(&id);
	o.body = "x";
	o.body_len = 1;
	T_INT("outbox", store_outbox_add(st, &o, &added), 0);
	T_INT("sent", store_digest_is_digest_msgid(st, buf_cstr(&id), &yes), 0);
	T_OK("sent: yes", yes);
	T_INT("brackets",
	    store_digest_is_digest_msgid(
	        st, "<STOA.DIGEST.7.1@learn.example>", &yes),
	    0);
	T_OK("brackets, any case: yes", yes);
	T_INT("other member",
	    store_digest_is_digest_msgid(
	        st, "stoa.digest.7.2@learn.example", &yes),
	    0);
	T_OK("other member: no", !yes);
	T_INT("plain id",
	    store_digest_is_digest_msgid(st, "q1@example.org", &yes), 0);
	T_OK("plain: no", !yes);
	T_INT("overflow",
	    store_digest_is_digest_msgid(
	        st, "stoa.digest.99999999999999999999.1@x", &yes),
	    0);
	T_OK("overflow: no", !yes);
	T_INT("null", store_digest_is_digest_msgid(st, NULL, &yes), 0);
	T_OK("null: no", !yes);
	store_commit(st);
	list_rec_release(&got);
	store_close(st);
	buf_release(&why);
	buf_release(&id);
}

int
main(void)
{
	conf_domain = "learn.example";
	conf_unsubscribe_url = "";
	conf_archive_url = "";
	test_excerpt();
	test_people();
	test_when();
	test_store();
	conf_domain = NULL;
	conf_unsubscribe_url = NULL;
	conf_archive_url = NULL;
	return t_done();
}

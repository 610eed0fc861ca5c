/*
 * t_store_mod.c - the SQL of moderation: held posts, moderators, one
 * decision per post (first wins), threading after the fact, expiry and
 * the busy mapping.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "err.h"
#include "store.h"
#include "store_mod.h"
#include "t.h"

static char path[512];

/* held - store a held post; its id. */
static long long
held(struct store *st, long long list, const char *mid, const char *subject)
{
	struct msg_rec r;
	struct thread_in ti;
	struct thread_out to = {0, 0, "none"};
	long long id = 0, thread = 0;

	memset(&r, 0, sizeof r);
	memset(&ti, 0, sizeof ti);
	r.list_id = list;
	r.message_id = mid;
	r.dedup_key = mid;
	r.author = "zed@out.example";
	r.subject = subject;
	r.base_subject = subject;
	r.text = "text";
	r.status = "held";
	r.raw_sha256 = mid;
	r.raw = "Subject: x\n\nx\n";
	r.raw_len = strlen(r.raw);
	ti.message_id = mid;
	T_INT(
	    "insert held", store_msg_insert(st, &r, &ti, &to, &id, &thread), 0);
	T_INT("held has no thread", thread, 0);
	return id;
}

static void
test_mod(void)
{
	struct store *st = NULL, *st2 = NULL;
	struct buf why = BUF_INIT(512);
	struct list_rec l = {0}, got = {0};
	struct member_rec mo = {"mo@x.org", "Mo", "moderator", NULL, NULL};
	struct member_rec an = {"ana@x.org", "", NULL, NULL, NULL};
	struct member_rec ow = {"ow@x.org", "", "owner", NULL, NULL};
	struct held_rec h;
	struct mod_decision d;
	struct rcpt_rec *mods = NULL;
	struct thread_out to = {0, 0, "new"};
	long long *ids = NULL, a, b, c, mo_id = 0, an_id = 0, thread = 0;
	size_t n = 0;
	char role[16];
	bool yes = true;

	T_INT("create", store_open(path, STORE_CREATE, 100, &st, &why), 0);
	l.name = "learn";
	l.title = "Learning";
	l.timezone = "UTC";
	T_INT("begin", store_begin(st), 0);
	T_INT("list", store_list_create(st, &l, &why), 0);
	T_INT("get", store_list_get(st, "learn", &got), 0);
	T_INT("add mo", store_member_add(st, got.id, &mo, &why), 0);
	T_INT("add ana", store_member_add(st, got.id, &an, &why), 0);
	T_INT("add ow", store_member_add(st, got.id, &ow, &why), 0);
	store_member_lookup(st, got.id, "mo@x.org", &mo_id, role);
	store_member_lookup(st, got.id, "ana@x.org", &an_id, role);
	a = held(st, got.id, "a@out", "One");
	b = held(st, got.id, "b@out", "Two");
	T_INT("commit", store_commit(st), 0);

	/* lookups */
	T_INT("held get", store_mod_held_get(st, a, &h), 0);
	T_STR("held status", h.status, "held");
	T_INT("held days default", h.held_days, 7);
	T_INT("held raw", (long long)h.raw_len, 14);
	T_STR("held date", h.date, "2026-01-05T10:00:00Z");
	held_rec_release(&h);
	T_INT("held missing", store_mod_held_get(st, 999, &h), E_NOTFOUND);
	held_rec_release(&h);
	T_INT("list by id", store_list_get_id(st, got.id, &l), 0);
	T_STR("list name", l.name, "learn");
	list_rec_release(&l);
	T_INT("list by id missing", store_list_get_id(st, 999, &l), E_NOGROUP);
	T_INT("moderators", store_mod_moderators(st, got.id, &mods, &n), 0);
	T_INT("two moderators", (long long)n, 2);
	T_STR("first moderator", n > 0 ? mods[0].email : "", "mo@x.org");
	rcpt_recs_free(mods, n);
	T_INT(
	    "is moderator", store_mod_is_moderator(st, got.id, mo_id, &yes), 0);
	T_OK("mo moderates", yes);
	T_INT("ana", store_mod_is_moderator(st, got.id, an_id, &yes), 0);
	T_OK("ana does not", !yes);

	/* decisions: the first wins */
	T_INT("no decision yet", store_mod_decision(st, a, &d), E_NOTFOUND);
	T_INT("begin 2", store_begin(st), 0);
	T_INT("approve", store_mod_decide(st, a, mo_id, "approve", NULL), 0);
	T_INT("second decision", store_mod_decide(st, a, mo_id, "reject", "x"),
	    E_DUP);
	T_INT("reject b", store_mod_decide(st, b, mo_id, "reject", "spam"), 0);
	T_INT("held get a", store_mod_held_get(st, a, &h), 0);
	T_STR("posted", h.status, "posted");
	T_INT("thread a", store_mod_thread(st, &h, "One", &to, an_id, &thread),
	    0);
	T_OK("thread made", thread > 0);
	held_rec_release(&h);
	T_INT("commit 2", store_commit(st), 0);
	T_INT("decision", store_mod_decision(st, a, &d), 0);
	T_STR("decision action", d.action, "approve");
	T_STR("decision by", d.email, "mo@x.org");
	mod_decision_release(&d);
	T_INT("decision b", store_mod_decision(st, b, &d), 0);
	T_STR("reason", d.reason, "spam");
	mod_decision_release(&d);
	T_INT("held get a again", store_mod_held_get(st, a, &h), 0);
	T_INT("author linked", h.author_id, an_id);
	held_rec_release(&h);

	/* expiry */
	T_INT("begin 3", store_begin(st), 0);
	c = held(st, got.id, "c@out", "Three");
	T_INT("commit 3", store_commit(st), 0);
	T_INT("not yet",
	    store_mod_expired(st, "2026-01-12T09:59:59Z", 10, &ids, &n), 0);
	T_INT("none yet", (long long)n, 0);
	free(ids);
	T_INT("due",
	    store_mod_expired(st, "2026-01-12T10:00:00Z", 10, &ids, &n), 0);
	T_INT("one due", (long long)n, 1);
	T_INT("the held one", n > 0 ? ids[0] : 0, c);
	free(ids);
	T_INT("begin 4", store_begin(st), 0);
	T_INT("expire", store_mod_decide(st, c, 0, "expire", "expired"), 0);
	T_INT("commit 4", store_commit(st), 0);
	T_INT("expired decision", store_mod_decision(st, c, &d), 0);
	T_INT("by nobody", d.member_id, 0);
	T_STR("no email", d.email, "");
	mod_decision_release(&d);
	T_INT("nothing left",
	    store_mod_expired(st, "2027-01-01T00:00:00Z", 10, &ids, &n), 0);
	T_INT("none left", (long long)n, 0);
	free(ids);

	/* busy: another connection holds the write lock */
	T_INT("second connection", store_open(path, 0, 50, &st2, &why), 0);
	T_INT("begin other", store_begin(st2), 0);
	T_INT("decide while busy",
	    store_mod_decide(st, c, mo_id, "approve", NULL), E_TEMP);
	store_rollback(st2);
	store_close(st2);
	list_rec_release(&got);
	store_close(st);
	buf_release(&why);
}

int
main(void)
{
	setenv("STOA_NOW", "2026-01-05T10:00:00Z", 1);
	clock_init_from_env();
	snprintf(path, sizeof path, "%s/stoa.db", t_tmpdir());
	test_mod();
	return t_done();
}

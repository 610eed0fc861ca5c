/*
 * fz_ingest.c - libFuzzer target: the whole inbound path on raw bytes,
 * as stoa-hook runs it after the list is known: mime_parse with the
 * default limits -> trim_reply on the text -> subject_base -> dedup
 * lookup, member lookup, store_thread_resolve, store_msg_insert and the
 * attachments into an in-memory SQLite database.
 *
 * The database is made once per process: a list, a member and a small
 * thread (ids t1..t3, subject "Rotating the staging certificates") that
 * the seeds refer to, so References, In-Reply-To and the subject
 * fallback all find something.  Each input runs in its own transaction
 * that is rolled back, so every input sees the same database and a
 * crasher replays alone.  Invariants checked (abort on breach): the
 * stored text and quoted parts are valid UTF-8 with no CR, the base
 * subject is no longer than the subject and valid UTF-8, the row is
 * readable back with the same text, and nothing but E_LIMIT/E_PARSE
 * (parse) or 0 (store) comes back.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "clock.h"
#include "crypto.h"
#include "err.h"
#include "mime.h"
#include "store.h"
#include "subject.h"
#include "trim.h"
#include "xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct trimmer *trimmer; /* compiled once per process */
static struct store *st;        /* in-memory, made once */
static long long list_id;
static long long seed_thread; /* the thread of t1..t3 */

static void
fini(void)
{
	trimmer_free(trimmer);
	store_close(st);
}

/* fail - a broken invariant: say which, then abort for the fuzzer. */
static _Noreturn void
fail(const char *what)
{
	fprintf(stderr, "fz_ingest: invariant broken: %s\n", what);
	abort();
}

/* must - abort unless rc is 0: the store never fails on these inputs. */
static void
must(int rc, const char *what)
{
	if (rc != 0) {
		fprintf(stderr, "fz_ingest: %s: %s\n", what, err_name(rc));
		fail("store result");
	}
}

static void
must_utf8(const char *s)
{
	if (s == NULL || !utf8_valid(s, strlen(s)))
		fail("UTF-8");
}

/* seed_msg - one committed message of the fixed thread. */
static void
seed_msg(const char *mid, const char *irt, const char *subject)
{
	const char *refs[1];
	struct thread_in ti;
	struct thread_out to;
	struct msg_rec r;
	char sha[65];
	long long id, thread;
	char *base = subject_base(subject);

	refs[0] = irt;
	memset(&ti, 0, sizeof ti);
	ti.message_id = mid;
	ti.in_reply_to = irt;
	ti.refs = irt != NULL ? refs : NULL;
	ti.n_refs = irt != NULL ? 1 : 0;
	ti.base_subject = base;
	ti.window = 30LL * 86400;
	crypto_sha256_hex(mid, strlen(mid), sha);
	memset(&r, 0, sizeof r);
	r.list_id = list_id;
	r.message_id = mid;
	r.dedup_key = mid;
	r.author = "ana@example.org";
	r.author_name = "Ana";
	r.subject = subject;
	r.base_subject = base;
	r.text = "seed";
	r.quoted = "";
	r.status = "posted";
	r.flags = "";
	r.raw_sha256 = sha;
	r.raw = mid;
	r.raw_len = strlen(mid);
	must(store_begin(st), "begin");
	must(store_thread_resolve(st, list_id, &ti, &to), "seed resolve");
	must(store_msg_insert(st, &r, &ti, &to, &id, &thread), "seed insert");
	must(store_commit(st), "commit");
	seed_thread = thread;
	free(base);
}

static void
init(void)
{
	struct buf why = BUF_INIT(512);
	struct list_rec l = {0, "learn", "Learn", "UTC", false}, got;
	struct member_rec m = {"ana@example.org", "Ana", NULL, NULL, NULL};

	clock_set_now(1767607200); /* 2026-01-05T10:00:00Z, as the cases */
	must(trimmer_new(&trimmer, &why), "trimmer");
	must(store_open(
	         ":memory:", STORE_CREATE | STORE_SYNC_FULL, 1000, &st, &why),
	    "open");
	must(store_begin(st), "begin");
	must(store_list_create(st, &l, &why), "list");
	must(store_commit(st), "commit");
	must(store_list_get(st, "learn", &got), "list get");
	list_id = got.id;
	list_rec_release(&got);
	must(store_begin(st), "begin");
	must(store_member_add(st, list_id, &m, &why), "member");
	must(store_commit(st), "commit");
	seed_msg("t1@example.org", NULL, "Rotating the staging certificates");
	seed_msg("t2@example.org", "t1@example.org",
	    "Re: Rotating the staging certificates");
	seed_msg("t3@example.org", "t2@example.org",
	    "AW: Re: Rotating the staging certificates");
	buf_release(&why);
	atexit(fini);
}

/*
 * check_row - queue the post and read it back through the delivery
 * query: the same row, text and subject, valid UTF-8 references.
 */
static void
check_row(long long id, const char *text, const char *subject)
{
	struct post_rec p;

	must(store_post_enqueue(st, id), "enqueue");
	must(store_delivery_next(st, &p), "delivery next");
	if (p.id != id || strcmp(p.text, text) != 0 ||
	    strcmp(p.subject, subject) != 0)
		fail("read back");
	if (p.references != NULL)
		must_utf8(p.references);
	post_rec_release(&p);
}

static void
store_one(const struct msg *m, const struct trim_result *tr, const char *base,
    const char *raw, size_t len)
{
	struct thread_in ti;
	struct thread_out to = {0, 0, "none"};
	struct msg_rec r;
	struct buf key = BUF_INIT(1024);
	char sha[65], role[16];
	long long id = 0, thread = 0, author = 0;
	bool same = false;
	size_t i;
	int rc;

	crypto_sha256_hex(raw, len, sha);
	if (m->message_id != NULL)
		buf_adds(&key, m->message_id);
	else
		buf_addf(&key, "sha256:%s", sha);
	rc = store_msg_seen(st, buf_cstr(&key), sha, &same);
	if (rc == 0) { /* a seed's id again: the hook stops here too */
		buf_release(&key);
		return;
	}
	if (rc != E_NOTFOUND)
		must(rc, "seen");
	if (m->from.email != NULL) {
		rc = store_member_lookup(
		    st, list_id, m->from.email, &author, role);
		if (rc != 0 && rc != E_NOTFOUND)
			must(rc, "member lookup");
	}
	memset(&ti, 0, sizeof ti);
	ti.message_id = m->message_id != NULL ? m->message_id : buf_cstr(&key);
	ti.in_reply_to = m->in_reply_to;
	ti.refs = (const char *const *)m->references;
	ti.n_refs = m->n_references;
	ti.base_subject = base;
	ti.window = 30LL * 86400;
	memset(&r, 0, sizeof r);
	r.list_id = list_id;
	r.author_id = author;
	r.message_id = ti.message_id;
	r.dedup_key = buf_cstr(&key);
	r.author = m->from.email != NULL ? m->from.email : "x@example.org";
	r.author_name = m->from.name;
	r.subject = m->subject;
	r.base_subject = base;
	r.text = tr->text;
	r.quoted = tr->quoted;
	r.html = m->html;
	r.status = "posted";
	r.flags = "";
	r.raw_sha256 = sha;
	r.raw = raw;
	r.raw_len = len;
	must(store_begin(st), "begin");
	must(store_thread_resolve(st, list_id, &ti, &to), "resolve");
	must(store_msg_insert(st, &r, &ti, &to, &id, &thread), "insert");
	if (id <= 0 || thread <= 0)
		fail("ids");
	if (m->in_reply_to != NULL &&
	    (strcmp(m->in_reply_to, "t1@example.org") == 0 ||
	        strcmp(m->in_reply_to, "t2@example.org") == 0 ||
	        strcmp(m->in_reply_to, "t3@example.org") == 0) &&
	    thread != seed_thread)
		fail("a reply to t1..t3 outside their thread");
	for (i = 0; i < m->n_att; i++)
		must(store_attachment_add(st, id, m->att[i].name,
		         m->att[i].type, m->att[i].size, m->att[i].data),
		    "attachment");
	must(store_event(st, list_id, author, "posted", id, to.how), "event");
	check_row(id, tr->text, m->subject);
	store_rollback(st);
	buf_release(&key);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf why = BUF_INIT(256);
	struct trim_result tr;
	struct msg *m = NULL;
	char *base;
	int rc;

	if (st == NULL)
		init();
	rc = mime_parse((const char *)data, size, NULL, &m, &why);
	if (rc != 0) {
		if ((rc != E_LIMIT && rc != E_PARSE) || m != NULL)
			fail("parse result");
		buf_release(&why);
		return 0;
	}
	must_utf8(m->text);
	memset(&tr, 0, sizeof tr);
	rc = trim_reply(trimmer, m->text, strlen(m->text), 0, &tr);
	if (rc == E_LIMIT) { /* the hook keeps it whole */
		trim_result_release(&tr);
		tr.text = xstrdup(m->text);
		tr.quoted = xstrdup("");
	} else if (rc != 0)
		fail("trim result");
	must_utf8(tr.text);
	must_utf8(tr.quoted);
	if (strchr(tr.text, '\r') != NULL)
		fail("CR in text");
	base = subject_base(m->subject);
	must_utf8(base);
	if (strlen(base) > strlen(m->subject))
		fail("base subject longer");
	store_one(m, &tr, base, (const char *)data, size);
	free(base);
	trim_result_release(&tr);
	msg_free(m);
	buf_release(&why);
	return 0;
}

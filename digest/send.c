/*
 * send.c - the digest mail: one personal copy per recipient, each item
 * with the recipient's own LIST+r-TOKEN@ for that item's thread, the list
 * headers with their own u- token, and a Message-ID that the hook can
 * recognise (store_digest_msgid) so a reply to the whole digest is not
 * posted.  Items the member already received in an earlier digest, with
 * nothing newer since, are left out of their copy (pinned items stay);
 * a member with nothing left gets no copy.
 *
 * Recipients are served DIGEST_BATCH per transaction; digest_rcpts and
 * the outbox dedupe key digest:ID:member:MID make a re-run (or a crash in
 * the middle) harmless.  A copy that cannot be built (an address the
 * composer refuses) becomes a failed outbox row with its reason and the
 * member counts as served: one bad row never holds back the digest.
 */
#include <stdlib.h>
#include <string.h>

#include "badgemail.h"
#include "clock.h"
#include "conf.h"
#include "digest.h"
#include "digestfmt.h"
#include "err.h"
#include "log.h"
#include "mailout.h"
#include "store_quiz.h"
#include "xmalloc.h"

/* What every copy shares, computed once. */
struct edition {
	struct store *st;
	const struct token_keys *keys;
	const struct digest_list *dl;
	struct digest_rec g;
	struct digest_item *it;
	size_t n;
	char **people, **excerpt; /* per item, formatted */
	long long *threads;       /* per item, 0 for joined */
	long long *seen;          /* per item, for the current member */
	bool quiet;
	struct buf counts;
	struct buf helpers; /* "who helped most" (badgemail.h) */
};

static void
edition_release(struct edition *e)
{
	size_t i;

	for (i = 0; i < e->n; i++) {
		free(e->people[i]);
		free(e->excerpt[i]);
	}
	free(e->people);
	free(e->excerpt);
	free(e->threads);
	free(e->seen);
	digest_items_free(e->it, e->n);
	digest_rec_release(&e->g);
	buf_release(&e->counts);
	buf_release(&e->helpers);
}

/* edition_load - the digest and its items, formatted once. */
static int
edition_load(struct edition *e, long long id)
{
	struct buf b = BUF_INIT(8192);
	size_t i;
	int rc;

	rc = store_digest_get(e->st, id, &e->g);
	if (rc == 0)
		rc = store_digest_items(e->st, id, false, &e->it, &e->n);
	if (rc != 0)
		return rc;
	e->people = xreallocarray(NULL, e->n + 1, sizeof *e->people);
	e->excerpt = xreallocarray(NULL, e->n + 1, sizeof *e->excerpt);
	e->threads = xreallocarray(NULL, e->n + 1, sizeof *e->threads);
	e->seen = xreallocarray(NULL, e->n + 1, sizeof *e->seen);
	for (i = 0; i < e->n; i++) {
		buf_reset(&b);
		digestfmt_people(e->it[i].people, &b);
		e->people[i] = xstrdup(buf_cstr(&b));
		buf_reset(&b);
		digestfmt_excerpt(e->it[i].excerpt, DIGESTFMT_EXCERPT, &b);
		e->excerpt[i] = xstrdup(buf_cstr(&b));
		e->threads[i] = e->it[i].thread_id;
	}
	digestfmt_counts(&e->g, &e->counts);
	buf_release(&b);
	return badgemail_helpers(e->st, e->dl->list.id, e->g.period_start,
	    e->g.period_end, &e->helpers);
}

/* issue - a token of kind for member. */
static int
issue(const struct edition *e, char kind, long long object, long long member,
    char out[MAX_TOKEN_CHARS + 1])
{
	struct token t = {kind, (unsigned long long)object,
	    (unsigned long long)member,
	    clock_now() + conf_token_ttl_days * 86400};

	return token_issue(e->keys, &t, out);
}

/* wanted - does item i go into this member's copy? */
static bool
wanted(const struct edition *e, size_t i)
{
	const struct digest_item *it = &e->it[i];

	return strcmp(it->section, "joined") == 0 || it->pinned ||
	    e->seen[i] < it->upto;
}

/* item - item i into the member's vars; its reply token. */
static int
item(const struct edition *e, const struct digest_person *p, size_t i,
    struct vars *v, int index)
{
	const struct digest_item *it = &e->it[i];
	const char *key = strcmp(it->section, "question") == 0 ? "questions"
	    : strcmp(it->section, "joined") == 0               ? "joined"
	                                                       : "threads";
	struct vars *x = vars_add_item(v, key);
	char tok[MAX_TOKEN_CHARS + 1];
	int rc = 0;

	vars_setf(x, "index", "%d", index);
	vars_set(x, "title", it->title);
	vars_set(x, "people", e->people[i]);
	vars_set(x, "excerpt", e->excerpt[i]);
	vars_set(x, "excerpt_by", it->excerpt_by);
	if (it->replies > 0)
		vars_setf(x, "replies", "%d repl%s", it->replies,
		    it->replies == 1 ? "y" : "ies");
	else
		vars_set(x, "replies", "");
	if (it->thread_id > 0) {
		struct buf a = BUF_INIT(MAX_EMAIL + 1);

		rc = issue(e, 'r', it->thread_id, p->id, tok);
		if (rc == 0) {
			mailout_address(e->dl->list.name, 'r', tok, &a);
			vars_set(x, "reply_address", buf_cstr(&a));
		}
		buf_release(&a);
	}
	return rc;
}

/* subject - "[learn] Weekly digest: 3 threads, 1 question". */
static void
subject(const struct edition *e, int threads, int questions, int joined,
    struct vars *v)
{
	struct buf b = BUF_INIT(1024);

	buf_addf(&b, "[%s] ", e->dl->list.name);
	if (e->quiet && threads + questions + joined == 0)
		buf_adds(&b, "A quiet week");
	else {
		buf_adds(&b, "Weekly digest");
		if (threads > 0)
			buf_addf(&b, ": %d thread%s", threads,
			    threads == 1 ? "" : "s");
		if (questions > 0)
			buf_addf(&b, "%s%d question%s to answer",
			    threads > 0 ? ", " : ": ", questions,
			    questions == 1 ? "" : "s");
		if (threads + questions == 0 && joined > 0)
			buf_addf(&b, ": %d new member%s", joined,
			    joined == 1 ? "" : "s");
	}
	vars_set(v, "subject", buf_cstr(&b));
	buf_release(&b);
}

/* copy_key - the outbox dedupe key of member's copy. */
static void
copy_key(const struct edition *e, long long member, struct buf *key)
{
	buf_addf(key, "digest:%lld:member:%lld", e->g.id, member);
}

/*
 * quiz_line - "3 answered, 2 right, 2 right in a row" for a learner of
 * the list who had questions in the digest's period, else "".
 */
static int
quiz_line(const struct edition *e, long long member, struct vars *v)
{
	struct quiz_week w;
	struct buf b = BUF_INIT(256);
	int rc;

	rc = store_quiz_week(e->st, e->dl->list.id, member, e->g.period_start,
	    e->g.period_end, &w);
	if (rc == 0 && w.learner && (w.sent > 0 || w.answered > 0)) {
		buf_addf(&b, "%d answered, %d right", w.answered, w.right);
		if (w.streak > 1)
			buf_addf(&b, ", %d right in a row", w.streak);
		else if (w.answered == 0)
			buf_addf(&b, " (%d question%s waiting for you)", w.sent,
			    w.sent == 1 ? "" : "s");
	}
	vars_set(v, "quiz", buf_cstr(&b));
	buf_release(&b);
	return rc;
}

/* copy - the member's digest, or nothing when all of it is old to them. */
static int
copy(struct edition *e, const struct digest_person *p, struct buf *why)
{
	struct vars *v = NULL;
	struct buf key = BUF_INIT(256), unsub = BUF_INIT(512);
	struct buf hb = BUF_INIT(4096), msgid = BUF_INIT(512);
	struct out_header h[MAILOUT_LIST_HDRS];
	char utok[MAX_TOKEN_CHARS + 1];
	int counts[3] = {0, 0, 0}, index = 0, rc;
	struct mailout m;
	struct mailout_ext x;
	bool queued;
	size_t i;

	rc = store_digest_seen(
	    e->st, e->dl->list.id, p->id, e->g.id, e->threads, e->n, e->seen);
	if (rc != 0)
		goto out;
	for (i = 0; i < e->n; i++)
		if (wanted(e, i))
			index++;
	if (index == 0 && e->g.note[0] == '\0' && !e->quiet) {
		rc = store_digest_rcpt_done(e->st, e->g.id, p->id, 0);
		goto out;
	}
	v = vars_new();
	vars_set_list(v, "threads");
	vars_set_list(v, "questions");
	vars_set_list(v, "joined");
	index = 0;
	for (i = 0; rc == 0 && i < e->n; i++) {
		if (!wanted(e, i))
			continue;
		counts[strcmp(e->it[i].section, "thread") == 0      ? 0
		        : strcmp(e->it[i].section, "question") == 0 ? 1
		                                                    : 2]++;
		rc = item(e, p, i, v,
		    strcmp(e->it[i].section, "joined") == 0 ? 0 : ++index);
	}
	if (rc == 0)
		rc = issue(e, 'u', e->dl->list.id, p->id, utok);
	if (rc == 0)
		rc = quiz_line(e, p->id, v);
	if (rc != 0)
		goto out;
	vars_set_bool(v, "has_threads", counts[0] > 0);
	vars_set_bool(v, "has_questions", counts[1] > 0);
	vars_set_bool(v, "has_joined", counts[2] > 0);
	vars_set_bool(v, "quiet", e->quiet && index + counts[2] == 0);
	vars_set(v, "note", e->g.note);
	vars_set_bool(v, "has_note", e->g.note[0] != '\0');
	vars_set(v, "counts", buf_cstr(&e->counts));
	vars_set(v, "helpers", buf_cstr(&e->helpers));
	vars_set(v, "recipient_name", p->name[0] != '\0' ? p->name : p->email);
	vars_set_bool(v, "is_each", p->each);
	mailout_address(e->dl->list.name, 'u', utok, &unsub);
	vars_set(v, "unsubscribe_address", buf_cstr(&unsub));
	subject(e, counts[0], counts[1], counts[2], v);
	copy_key(e, p->id, &key);
	store_digest_msgid(e->g.id, p->id, &msgid);
	memset(&m, 0, sizeof m);
	m.list = &e->dl->list;
	m.kind = "digest";
	m.tmpl = "digest-weekly";
	m.to = p->email;
	m.to_name = p->name[0] != '\0' ? p->name : NULL;
	m.member_id = p->id;
	m.dedupe_key = buf_cstr(&key);
	m.list_traffic = true;
	m.vars = v;
	memset(&x, 0, sizeof x);
	x.message_id = buf_cstr(&msgid);
	x.extra = h;
	x.n_extra = mailout_list_headers(&e->dl->list, utok, h, &hb);
	rc = mailout_queue_ext(e->st, e->keys, &m, &x, &queued, why);
	if (rc == 0)
		rc = store_digest_rcpt_done(
		    e->st, e->g.id, p->id, index + counts[2] + 1);
out:
	vars_free(v);
	buf_release(&key);
	buf_release(&unsub);
	buf_release(&hb);
	buf_release(&msgid);
	return rc;
}

/*
 * unbuilt - p's copy failed with err (reason in why): a failed outbox
 * row, never retried, and p counts as served.
 */
static int
unbuilt(
    struct edition *e, const struct digest_person *p, int err, struct buf *why)
{
	struct buf key = BUF_INIT(256), msgid = BUF_INIT(512);
	struct outbox_rec o;
	char q[LOG_Q_SIZE];
	int rc;

	log_err("digest list=%s id=%lld member=%lld failed=%s reason=%s",
	    e->dl->list.name, e->g.id, p->id, err_name(err),
	    log_q(q, buf_cstr(why)));
	copy_key(e, p->id, &key);
	store_digest_msgid(e->g.id, p->id, &msgid);
	memset(&o, 0, sizeof o);
	o.dedupe_key = buf_cstr(&key);
	o.kind = "digest";
	o.list_id = e->dl->list.id;
	o.sender = "";
	o.recipient = p->email;
	o.message_id = buf_cstr(&msgid);
	o.body = "";
	rc = store_outbox_unbuilt(e->st, &o, buf_cstr(why));
	if (rc == 0)
		rc = store_digest_rcpt_done(e->st, e->g.id, p->id, 0);
	buf_reset(why);
	buf_release(&key);
	buf_release(&msgid);
	return rc;
}

/* batch - one transaction of recipients; *n how many were served. */
static int
batch(struct edition *e, size_t *n, struct buf *why)
{
	struct digest_person *p = NULL;
	size_t i;
	int rc;

	*n = 0;
	rc = store_begin(e->st);
	if (rc != 0)
		return rc;
	rc = store_digest_rcpts_next(
	    e->st, e->dl->list.id, e->g.id, DIGEST_BATCH, &p, n);
	for (i = 0; rc == 0 && i < *n; i++) {
		rc = copy(e, &p[i], why);
		if (rc != 0 && rc != E_TEMP && rc != E_NOMEM)
			rc = unbuilt(e, &p[i], rc, why);
	}
	if (rc == 0)
		rc = store_commit(e->st);
	if (rc != 0)
		store_rollback(e->st);
	digest_people_free(p, *n);
	return rc;
}

/* set_state - the digest's state in a transaction of its own. */
static int
set_state(struct edition *e, const char *state)
{
	int rc;

	snprintf(e->g.state, sizeof e->g.state, "%s", state);
	rc = store_begin(e->st);
	if (rc == 0)
		rc = store_digest_set(e->st, &e->g);
	if (rc == 0)
		rc = store_commit(e->st);
	if (rc != 0)
		store_rollback(e->st);
	return rc;
}

int
digest_send(struct store *st, const struct token_keys *keys,
    const struct digest_list *dl, long long id)
{
	struct edition e;
	struct buf why = BUF_INIT(1024);
	size_t n = 0, total = 0;
	int rc;

	memset(&e, 0, sizeof e);
	e.st = st;
	e.keys = keys;
	e.dl = dl;
	buf_init(&e.counts, 1024);
	buf_init(&e.helpers, 2048);
	rc = edition_load(&e, id);
	if (rc != 0)
		goto out;
	e.quiet = e.n == 0 && e.g.note[0] == '\0';
	if (e.quiet && !dl->quiet_note && !e.g.approved) {
		rc = set_state(&e, "quiet");
		log_info("digest list=%s id=%lld quiet", dl->list.name, id);
		goto out;
	}
	if (strcmp(e.g.state, "sending") != 0)
		rc = set_state(&e, "sending");
	while (rc == 0) {
		rc = batch(&e, &n, &why);
		total += n;
		if (n < DIGEST_BATCH)
			break;
	}
	if (rc == 0)
		rc = set_state(&e, "sent");
	if (rc == 0)
		log_info("digest list=%s id=%lld sent members=%zu",
		    dl->list.name, id, total);
	else
		log_err("digest list=%s id=%lld error=%s reason=%s",
		    dl->list.name, id, err_name(rc), buf_cstr(&why));
out:
	edition_release(&e);
	buf_release(&why);
	return rc;
}

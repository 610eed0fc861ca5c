/*
 * expand.c - turn each post's delivery job into one outbox row per
 * recipient (DESIGN §5; issue: the hook's work must not grow with the
 * list).  Each copy is personal: Reply-To is the recipient's own r- token
 * for the thread, List-Unsubscribe their own u- token.  The original
 * Message-ID, In-Reply-To and References are kept so every client threads
 * it; From is the list ("Name via list"), never the poster (DMARC).
 *
 * A job is expanded in one transaction; the dedupe key post:ID:member:MID
 * makes a re-run after a crash harmless.
 *
 * One bad row never stops the sender: a copy that cannot be built (a
 * template over its limit, an address the composer refuses) becomes an
 * outbox row already 'failed' with the reason, the other copies go out,
 * and the list owners get one notice per post.  Only a transient error
 * (the database) leaves the job for the next pass; any other error of
 * the job as a whole marks it done with an expand.failed event.
 */
#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "clock.h"
#include "conf.h"
#include "err.h"
#include "log.h"
#include "mailout.h"
#include "sched.h"
#include "subject.h"
#include "token.h"

/* A post being expanded and what every copy shares. */
struct expansion {
	struct store *st;
	const struct token_keys *keys;
	struct post_rec p;
	struct list_rec list;
	struct vars *vars; /* shared: text, subject, author, attachments */
	struct buf subject, from_name;
	size_t failed;     /* copies that could not be built */
	struct buf reason; /* why the first of them failed */
};

/* transient - an error that a later pass may not meet again. */
static bool
transient(int rc)
{
	return rc == E_TEMP || rc == E_NOMEM;
}

/* copy_key - the outbox dedupe key of the copy for member. */
static void
copy_key(const struct expansion *e, long long member, struct buf *key)
{
	buf_addf(key, "post:%lld:member:%lld", e->p.id, member);
}

/* issue - a token of kind for this recipient into out ("" on error). */
static int
issue(const struct expansion *e, char kind, long long object, long long mid,
    char out[MAX_TOKEN_CHARS + 1])
{
	struct token t = {kind, (unsigned long long)object,
	    (unsigned long long)mid, clock_now() + conf_token_ttl_days * 86400};

	return token_issue(e->keys, &t, out);
}

/*
 * subject_tagged - the copy's subject into out: "[list] Subject", and for
 * a reply "Re: [list] Subject" (the reply prefix first, as mail clients
 * and other list managers write it).  A subject that has the tag already
 * is kept as it is.
 */
static void
subject_tagged(const char *subject, const char *tag, struct buf *out)
{
	char *base;

	if (strstr(subject, tag) != NULL) {
		subject_cut(subject, MAX_SUBJECT_OUT, out);
		return;
	}
	if (subject_reply_depth(subject) == 0) {
		buf_addf(out, "%s ", tag);
		subject_cut(subject, MAX_SUBJECT_OUT, out);
		return;
	}
	base = subject_base(subject);
	buf_addf(out, "Re: %s ", tag);
	subject_cut(base, MAX_SUBJECT_OUT, out);
	free(base);
}

/* shared_vars - the variables every copy of the post has in common. */
static void
shared_vars(struct expansion *e)
{
	char *att = store_attachment_names(e->st, e->p.id);
	char *line, *next;
	char tag[MAX_LIST_NAME + 4];

	e->vars = vars_new();
	snprintf(tag, sizeof tag, "[%s]", e->list.name);
	subject_tagged(e->p.subject, tag, &e->subject);
	buf_addf(&e->from_name, "%s via %s",
	    e->p.author_name[0] != '\0' ? e->p.author_name : e->p.author,
	    e->list.name);
	vars_set(e->vars, "subject", buf_cstr(&e->subject));
	vars_set(e->vars, "author_name",
	    e->p.author_name[0] != '\0' ? e->p.author_name : e->p.author);
	vars_set_cut(e->vars, "text", e->p.text, TMPL_MAX_TEXT);
	vars_set_bool(e->vars, "has_attachments", att[0] != '\0');
	vars_set_list(e->vars, "attachments");
	for (line = att; *line != '\0'; line = next) {
		struct vars *a = vars_add_item(e->vars, "attachments");

		char *tab;

		next = strchr(line, '\n');
		*next++ = '\0';
		tab = strchr(line, '\t');
		if (tab != NULL)
			*tab++ = '\0';
		vars_set(a, "filename", line);
		vars_set(a, "size", tab != NULL ? tab : "");
	}
	free(att);
}

/* copy - queue the copy of the post for one recipient. */
static int
copy(struct expansion *e, const struct rcpt_rec *r, struct buf *why)
{
	char rtok[MAX_TOKEN_CHARS + 1], utok[MAX_TOKEN_CHARS + 1];
	struct buf key = BUF_INIT(256), reply = BUF_INIT(256);
	struct buf hb = BUF_INIT(4096), unsub = BUF_INIT(256);
	struct out_header h[MAILOUT_LIST_HDRS];
	struct mailout m;
	struct mailout_ext x;
	bool queued;
	int rc;

	rc = issue(e, 'r', e->p.thread_id, r->member_id, rtok);
	if (rc == 0)
		rc = issue(e, 'u', e->list.id, r->member_id, utok);
	if (rc != 0)
		goto out;
	copy_key(e, r->member_id, &key);
	mailout_address(e->list.name, 'r', rtok, &reply);
	mailout_address(e->list.name, 'u', utok, &unsub);
	vars_set(e->vars, "unsubscribe_address", buf_cstr(&unsub));
	memset(&m, 0, sizeof m);
	m.list = &e->list;
	m.kind = "post";
	m.tmpl = "list-post";
	m.to = r->email;
	m.to_name = r->name[0] != '\0' ? r->name : NULL;
	m.member_id = r->member_id;
	m.dedupe_key = buf_cstr(&key);
	m.in_reply_to = e->p.parent_message_id;
	m.reply_to = buf_cstr(&reply);
	m.list_traffic = true;
	m.vars = e->vars;
	memset(&x, 0, sizeof x);
	x.message_id = e->p.message_id;
	x.from_name = buf_cstr(&e->from_name);
	x.references = e->p.references;
	x.extra = h;
	x.n_extra = mailout_list_headers(&e->list, utok, h, &hb);
	x.text_only = e->p.html == NULL;
	rc = mailout_queue_ext(e->st, e->keys, &m, &x, &queued, why);
out:
	buf_release(&key);
	buf_release(&reply);
	buf_release(&hb);
	buf_release(&unsub);
	return rc;
}

/*
 * unbuilt - the copy for r failed with err (reason in why): record it as
 * a failed outbox row so that it is never retried and status shows it.
 */
static int
unbuilt(struct expansion *e, const struct rcpt_rec *r, int err, struct buf *why)
{
	struct buf key = BUF_INIT(256);
	struct outbox_rec o;
	char q[LOG_Q_SIZE];
	int rc;

	log_err("expand post=%lld member=%lld failed=%s reason=%s", e->p.id,
	    r->member_id, err_name(err), log_q(q, buf_cstr(why)));
	copy_key(e, r->member_id, &key);
	memset(&o, 0, sizeof o);
	o.dedupe_key = buf_cstr(&key);
	o.kind = "post";
	o.list_id = e->list.id;
	o.sender = "";
	o.recipient = r->email;
	o.message_id = e->p.message_id;
	o.body = "";
	rc = store_outbox_unbuilt(e->st, &o, buf_cstr(why));
	if (rc == 0 && e->failed++ == 0)
		buf_adds(&e->reason, buf_cstr(why));
	buf_reset(why);
	buf_release(&key);
	return rc;
}

/* tell_owner - the notice that n copies of the post could not be built. */
static int
tell_owner(
    struct expansion *e, const struct rcpt_rec *o, size_t n, struct buf *why)
{
	struct buf key = BUF_INIT(256);
	struct vars *v = vars_new();
	struct mailout m;
	bool queued;
	int rc;

	buf_addf(
	    &key, "notice:unbuilt:post:%lld:owner:%lld", e->p.id, o->member_id);
	vars_set(v, "recipient_name", o->name[0] != '\0' ? o->name : o->email);
	vars_set(v, "subject", e->p.subject);
	vars_set(v, "author", e->p.author);
	vars_setf(v, "failed", "%zu", e->failed);
	vars_setf(v, "copies", "%zu", n);
	vars_set_cut(v, "reason", buf_cstr(&e->reason), MAX_LOG_VALUE);
	m = (struct mailout){&e->list, "notice", "notice-unbuilt", o->email,
	    o->name[0] != '\0' ? o->name : NULL, o->member_id, buf_cstr(&key),
	    NULL, NULL, false, v};
	rc = mailout_queue(e->st, e->keys, &m, &queued, why);
	vars_free(v);
	buf_release(&key);
	return rc;
}

/*
 * tell_owners - one notice per post to each owner of the list when some
 * of its n copies could not be built.  A notice that cannot be built is
 * only logged: it must not hold back the copies that could.
 */
static int
tell_owners(struct expansion *e, size_t n, struct buf *why)
{
	struct rcpt_rec *o = NULL;
	size_t k = 0, i;
	int rc;

	if (e->failed == 0)
		return 0;
	rc = store_delivery_owners(e->st, e->list.id, &o, &k);
	for (i = 0; rc == 0 && i < k; i++) {
		rc = tell_owner(e, &o[i], n, why);
		if (rc != 0 && !transient(rc)) {
			log_err("expand post=%lld notice=owner error=%s "
			        "reason=%s",
			    e->p.id, err_name(rc), buf_cstr(why));
			buf_reset(why);
			rc = 0;
		}
	}
	rcpt_recs_free(o, k);
	return rc;
}

static void
expansion_release(struct expansion *e)
{
	post_rec_release(&e->p);
	list_rec_release(&e->list);
	vars_free(e->vars);
	buf_release(&e->subject);
	buf_release(&e->from_name);
	buf_release(&e->reason);
}

/* give_up - mark a job that cannot be expanded done, with an event. */
static int
give_up(struct store *st, long long id)
{
	int rc;

	rc = store_begin(st);
	if (rc == 0)
		rc = store_delivery_done(st, id);
	if (rc == 0)
		rc = store_event(st, 0, 0, "expand.failed", id, "");
	if (rc == 0)
		rc = store_commit(st);
	if (rc != 0)
		store_rollback(st);
	return rc;
}

/*
 * expand_job - every copy of the job in e (inside the caller's
 * transaction), then mark it done.  *n is the number of recipients.
 */
static int
expand_job(struct expansion *e, size_t *n, struct buf *why)
{
	struct rcpt_rec *r = NULL;
	size_t i;
	int rc;

	rc = store_list_get_id(e->st, e->p.list_id, &e->list);
	if (rc == 0)
		rc = store_delivery_rcpts(e->st, &e->p, &r, n);
	if (rc == 0)
		shared_vars(e);
	for (i = 0; rc == 0 && i < *n; i++) {
		rc = copy(e, &r[i], why);
		if (rc != 0 && !transient(rc))
			rc = unbuilt(e, &r[i], rc, why);
	}
	if (rc == 0)
		rc = tell_owners(e, *n, why);
	if (rc == 0)
		rc = store_delivery_done(e->st, e->p.id);
	rcpt_recs_free(r, *n);
	return rc;
}

/*
 * expand_one - the oldest pending job, in one transaction; E_NOTFOUND
 * when there is none.  A job that fails for good is given up, so only a
 * transient error is returned.
 */
static int
expand_one(struct store *st, const struct token_keys *keys)
{
	struct expansion e = {st, keys, {0}, {0}, NULL, BUF_INIT(4096),
	    BUF_INIT(512), 0, BUF_INIT(1024)};
	struct buf why = BUF_INIT(1024);
	size_t n = 0;
	int rc;

	rc = store_begin(st);
	if (rc != 0)
		return rc;
	rc = store_delivery_next(st, &e.p);
	if (rc != 0) {
		store_rollback(st);
		return rc;
	}
	tmpl_cache_begin(); /* every copy renders the same templates */
	rc = expand_job(&e, &n, &why);
	tmpl_cache_end();
	if (rc == 0)
		rc = store_commit(st);
	if (rc != 0)
		store_rollback(st);
	if (rc == 0)
		log_info("expand list=%s post=%lld copies=%zu failed=%zu",
		    e.list.name != NULL ? e.list.name : "?", e.p.id, n,
		    e.failed);
	else
		log_err("expand list_id=%lld post=%lld error=%s reason=%s",
		    e.p.list_id, e.p.id, err_name(rc), buf_cstr(&why));
	if (rc != 0 && !transient(rc))
		rc = give_up(st, e.p.id); /* never retry it */
	expansion_release(&e);
	buf_release(&why);
	return rc;
}

int
expand_posts(struct store *st, long long now)
{
	struct token_keys keys;
	struct buf why = BUF_INIT(1024);
	int rc;

	(void)now;
	rc = token_keys_load(conf_secret_file, &keys, &why);
	if (rc != 0) {
		log_err("expand error=keys reason=%s", buf_cstr(&why));
		buf_release(&why);
		return rc;
	}
	while ((rc = expand_one(st, &keys)) == 0)
		;
	token_keys_clear(&keys);
	buf_release(&why);
	return rc == E_NOTFOUND ? 0 : rc;
}

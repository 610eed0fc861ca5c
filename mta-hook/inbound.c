/*
 * inbound.c - what happens to a message once its list is known.
 *
 * Every outcome is one transaction: the message row (posted, held,
 * quarantined or dropped), its thread links and attachments, an event,
 * any notice in the outbox, and the end of the poison-guard count.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "addr.h"
#include "clock.h"
#include "compose.h"
#include "conf.h"
#include "err.h"
#include "inbound.h"
#include "log.h"
#include "mailout.h"
#include "mime.h"
#include "poison.h"
#include "store_digest.h"
#include "subject.h"
#include "trim.h"
#include "wiki.h"
#include "xmalloc.h"

#define SUBJECT_WINDOW (30LL * 86400) /* subject fallback looks back */

void
inbound_init(struct inbound *in, const char *raw, size_t len, size_t total,
    const char *sender, const char *ext)
{
	memset(in, 0, sizeof *in);
	in->raw = raw;
	in->len = len;
	in->total = total;
	in->sender = sender != NULL ? sender : "";
	in->ext = ext;
}

void
inbound_release(struct inbound *in)
{
	msg_free(in->msg);
	list_rec_release(&in->list);
	store_close(in->st);
	token_keys_clear(&in->keys);
	memset(in, 0, sizeof *in);
}

/* reply_address - where a notice goes: From, else the envelope sender. */
static const char *
reply_address(const struct inbound *in)
{
	if (in->msg != NULL && in->msg->from.email != NULL)
		return in->msg->from.email;
	return in->sender;
}

/* may_notify - not to bounces or ourselves, and a few per day at most. */
static int
may_notify(struct inbound *in, const char *to, bool *ok)
{
	char since[21];
	int n = 0, rc;

	*ok = false;
	if (to == NULL || *to == '\0' || !compose_addr_valid(to) ||
	    str_ihas_prefix(to, "mailer-daemon@") ||
	    str_ieq(str_from(strrchr(to, '@') + 1), conf_domain))
		return 0;
	time_format_iso(clock_now() - 86400, since);
	rc = store_notice_count(in->st, to, since, &n);
	*ok = rc == 0 && n < conf_notices_per_day;
	return rc;
}

int
inbound_keys(struct inbound *in, const struct token_keys **out)
{
	struct buf why = BUF_INIT(1024);
	int rc = 0;

	if (!in->have_keys) {
		rc = token_keys_load(conf_secret_file, &in->keys, &why);
		if (rc != 0) {
			log_err("keys error=%s", buf_cstr(&why));
			rc = E_TEMP;
		} else
			in->have_keys = true;
	}
	*out = &in->keys;
	buf_release(&why);
	return rc;
}

const char *
inbound_from(const struct inbound *in)
{
	return reply_address(in);
}

int
inbound_notify(struct inbound *in, const char *tmpl, const char *to,
    const char *reason, struct vars *v)
{
	struct buf why = BUF_INIT(1024), key = BUF_INIT(512);
	struct buf reply = BUF_INIT(512);
	const struct token_keys *keys;
	struct mailout m;
	char role[16];
	bool ok, queued;
	int rc;

	rc = may_notify(in, to, &ok);
	if (rc != 0 || !ok)
		return rc;
	rc = inbound_keys(in, &keys);
	if (rc != 0)
		return rc;
	buf_addf(&key, "notice:%s:%s:%s", tmpl, in->raw_sha256, to);
	vars_set(v, "reason", reason != NULL ? reason : "");
	vars_set(v, "subject", in->msg != NULL ? in->msg->subject : "");
	vars_set(v, "recipient_name",
	    in->msg != NULL && in->msg->from.name != NULL &&
	            in->msg->from.name[0] != '\0' &&
	            addr_same(to, reply_address(in))
	        ? in->msg->from.name
	        : to);
	vars_setf(
	    v, "address", "%s+%s@%s", in->list.name, in->ext, conf_domain);
	memset(&m, 0, sizeof m);
	m = (struct mailout){&in->list, "notice", tmpl, to, NULL, 0,
	    buf_cstr(&key), in->msg != NULL ? in->msg->message_id : NULL, NULL,
	    false, v};
	/* a reply to a notice reaches the command address, not the list */
	buf_addf(&reply, "%s+request@%s", in->list.name, conf_domain);
	m.reply_to = buf_cstr(&reply);
	/* name the member in the VERP token, so a bounce finds them */
	if (store_member_lookup(in->st, in->list.id, to, &m.member_id, role) !=
	    0)
		m.member_id = 0;
	rc = mailout_queue(in->st, keys, &m, &queued, &why);
	if (rc == 0 && queued)
		rc = store_event(in->st, in->list.id, 0, "notice", 0, to);
	if (rc != 0)
		log_err(
		    "notice error=%s reason=%s", err_name(rc), buf_cstr(&why));
	buf_release(&why);
	buf_release(&key);
	buf_release(&reply);
	return rc == E_PARSE ? E_INTERNAL : rc;
}

/* Everything we store about one message, filled step by step. */
struct outcome {
	const char *status; /* posted, held, quarantined, dropped */
	const char *reason; /* for the event and the notice */
	const char *tmpl;   /* notice template, or NULL */
	long long author_id;
	struct trim_result trim;
	char *base_subject;
	struct buf flags;
	char header_date[21]; /* the Date: header as ISO, or "" */
	long long thread_id;  /* set by an r- token: the thread to join */
	struct vars *vars;    /* notice variables, or NULL */
};

static void
outcome_init(struct outcome *o)
{
	memset(o, 0, sizeof *o);
	buf_init(&o->flags, 256);
}

static void
outcome_release(struct outcome *o)
{
	trim_result_release(&o->trim);
	free(o->base_subject);
	buf_release(&o->flags);
}

/*
 * dedup_key - the Message-ID, or sha256:HEX of the raw bytes when there
 * is none or the message could not be parsed (quarantine).
 */
static void
dedup_key(const struct inbound *in, struct buf *key)
{
	if (in->msg != NULL && in->msg->message_id != NULL)
		buf_adds(key, in->msg->message_id);
	else
		buf_addf(key, "sha256:%s", in->raw_sha256);
}

/* fill_rec - the message row for the outcome. */
static void
fill_rec(const struct inbound *in, struct outcome *o, const char *key,
    struct msg_rec *r)
{
	const struct msg *m = in->msg;

	memset(r, 0, sizeof *r);
	if (m != NULL && m->date >= 0 &&
	    time_format_iso(m->date, o->header_date) != 0)
		o->header_date[0] = '\0';
	r->list_id = in->list.id;
	r->author_id = o->author_id;
	r->message_id =
	    m != NULL && m->message_id != NULL ? m->message_id : key;
	r->dedup_key = key;
	r->author = reply_address(in);
	r->author_name = m != NULL && m->from.name != NULL ? m->from.name : "";
	r->subject = m != NULL ? m->subject : "";
	r->base_subject = o->base_subject != NULL ? o->base_subject : "";
	r->header_date = o->header_date[0] != '\0' ? o->header_date : NULL;
	r->text = o->trim.text;
	r->quoted = o->trim.quoted;
	r->html = m != NULL ? m->html : NULL;
	r->status = o->status;
	r->flags = buf_cstr(&o->flags);
	r->raw_sha256 = in->raw_sha256;
	r->raw = in->raw;
	r->raw_len = in->len;
}

/* thread_input - threading data of the parsed message. */
static void
thread_input(const struct inbound *in, const struct outcome *o, const char *key,
    struct thread_in *t)
{
	const struct msg *m = in->msg;

	memset(t, 0, sizeof *t);
	t->message_id =
	    m != NULL && m->message_id != NULL ? m->message_id : key;
	t->base_subject = o->base_subject;
	t->window = SUBJECT_WINDOW;
	if (m == NULL)
		return;
	t->in_reply_to = m->in_reply_to;
	t->refs = (const char *const *)m->references;
	t->n_refs = m->n_references;
}

static int
store_attachments(struct inbound *in, long long id)
{
	size_t i;
	int rc = 0;

	for (i = 0; in->msg != NULL && rc == 0 && i < in->msg->n_att; i++) {
		const struct mime_attachment *a = &in->msg->att[i];

		rc = store_attachment_add(
		    in->st, id, a->name, a->type, a->size, a->data);
	}
	return rc;
}

/* resolve - the thread of a post: its r- token's, else by references. */
static int
resolve(struct inbound *in, struct outcome *o, const struct thread_in *ti,
    struct thread_out *to)
{
	int rc;

	rc = store_thread_resolve(in->st, in->list.id, ti, to);
	if (rc == 0 && o->thread_id > 0 && to->thread_id != o->thread_id) {
		to->thread_id = o->thread_id; /* the token names the thread */
		to->parent_id = 0;
		to->how = "token";
		rc = store_thread_root(in->st, o->thread_id, &to->parent_id);
	}
	return rc;
}

/*
 * capture - a reply by r- token whose first line is "wiki: PAGE" also
 * adds the rest of its text to that wiki page (wiki.c).
 */
static int
capture(struct inbound *in, const struct outcome *o, long long thread)
{
	const char *t = o->trim.text, *eol, *rest;
	char *page;
	int rc;

	if (t == NULL || !str_ihas_prefix(t, "wiki:"))
		return 0;
	eol = strchr(t, '\n');
	rest = eol != NULL ? eol + 1 : "";
	page = str_dup(str_trim((struct str){
	    t + 5, (size_t)((eol != NULL ? eol : t + strlen(t)) - (t + 5))}));
	rc = page[0] != '\0' ? wiki_capture(in, thread, page, rest) : 0;
	free(page);
	return rc;
}

/* record_tx - inside a transaction: the row, event, notice, guard. */
static int
record_tx(struct inbound *in, struct outcome *o)
{
	struct buf key = BUF_INIT(1024);
	struct msg_rec r;
	struct thread_in ti;
	struct thread_out to = {0, 0, "none"};
	struct vars *v = o->vars != NULL ? o->vars : vars_new();
	long long id = 0, thread = 0;
	int rc = 0;

	dedup_key(in, &key);
	if (strcmp(o->status, "held") == 0 &&
	    strncasecmp(in->ext, "wiki", 4) == 0) /* approval edits the page */
		buf_addf(&o->flags, "%swiki:%s", o->flags.len > 0 ? " " : "",
		    in->ext);
	fill_rec(in, o, buf_cstr(&key), &r);
	thread_input(in, o, buf_cstr(&key), &ti);
	if (strcmp(o->status, "posted") == 0)
		rc = resolve(in, o, &ti, &to);
	if (rc == 0)
		rc = store_msg_insert(in->st, &r, &ti, &to, &id, &thread);
	if (rc == 0)
		rc = store_attachments(in, id);
	if (rc == 0)
		rc = store_event(in->st, in->list.id, o->author_id, o->status,
		    id, o->reason != NULL ? o->reason : to.how);
	if (rc == 0 && o->tmpl != NULL)
		rc = inbound_notify(
		    in, o->tmpl, reply_address(in), o->reason, v);
	if (rc == 0 && strcmp(o->status, "posted") == 0)
		rc = store_post_enqueue(in->st, id);
	if (rc == 0 && strcmp(o->status, "posted") == 0 && o->thread_id > 0)
		rc = capture(in, o, thread);
	if (rc == 0 && strcmp(o->status, "held") == 0)
		rc = moderate_held(in, id, o->reason);
	if (rc == 0 && strcmp(o->status, "quarantined") == 0)
		rc = poison_tell_owners(in, o->reason);
	if (rc == 0)
		rc = store_attempt_done(in->st, in->raw_sha256);
	if (rc == 0)
		log_info("ingest list=%s status=%s id=%lld thread=%lld how=%s",
		    in->list.name, o->status, id, thread, to.how);
	if (o->vars == NULL)
		vars_free(v);
	buf_release(&key);
	return rc;
}

/* commit - end the transaction begun for this message. */
static int
commit(struct inbound *in, int rc)
{
	if (rc == 0)
		rc = store_commit(in->st);
	if (rc != 0)
		store_rollback(in->st);
	return rc;
}

/* record - store the outcome in a transaction of its own. */
static int
record(struct inbound *in, struct outcome *o)
{
	int rc;

	rc = store_begin(in->st);
	if (rc == 0)
		rc = record_tx(in, o);
	return commit(in, rc);
}

int
inbound_finish(struct inbound *in, const char *status, const char *reason,
    const char *tmpl, struct vars *v)
{
	struct outcome o;
	int rc;

	outcome_init(&o);
	o.status = status;
	o.reason = reason;
	o.tmpl = tmpl;
	o.vars = v;
	rc = record_tx(in, &o);
	outcome_release(&o);
	return commit(in, rc);
}

/* already_stored - a redelivery is a no-op; a conflicting one is logged. */
static int
already_stored(struct inbound *in, bool *done)
{
	struct buf key = BUF_INIT(1024);
	bool same = false;
	int rc;

	*done = false;
	dedup_key(in, &key);
	rc = store_msg_seen(in->st, buf_cstr(&key), in->raw_sha256, &same);
	if (rc == E_NOTFOUND) {
		buf_release(&key);
		return 0;
	}
	if (rc == 0) {
		*done = true;
		rc = store_begin(in->st);
		if (rc == 0 && !same)
			rc = store_event(in->st, in->list.id, 0,
			    "duplicate.conflict", 0, in->raw_sha256);
		if (rc == 0)
			rc = store_attempt_done(in->st, in->raw_sha256);
		if (rc == 0)
			rc = store_commit(in->st);
		if (rc != 0)
			store_rollback(in->st);
		if (!same)
			log_warn(
			    "ingest duplicate=conflict list=%s", in->list.name);
	}
	buf_release(&key);
	return rc;
}

/* header_is - header name is present with one of the values (any case). */
static bool
header_is(const struct msg *m, const char *name, const char *const *values)
{
	const char *h = msg_header(m, name);

	if (h == NULL)
		return false;
	if (values == NULL)
		return true;
	for (; *values != NULL; values++)
		if (str_ieq(str_trim(str_from(h)), *values))
			return true;
	return false;
}

/* Subjects of out-of-office replies, in the main languages. */
static const char *const ooo_subjects[] = {"out of office", "automatic reply",
    "auto reply", "autoreply", "abwesenheitsnotiz", "automatische antwort",
    "réponse automatique", "absence du bureau", "respuesta automática",
    "fuera de la oficina", "risposta automatica", "fuori sede",
    "automatisch antwoord", "afwezig", "autosvar", "frånvaro",
    "resposta automática", "ausente", "odpowiedź automatyczna", "不在",
    "自動応答", "自动回复", NULL};

static bool
ooo_subject(const char *subject)
{
	const char *const *p;
	char *low = xstrdup(subject);
	bool hit = false;

	str_lower(low);
	for (p = ooo_subjects; *p != NULL && !hit; p++)
		hit = strstr(low, *p) != NULL;
	free(low);
	return hit;
}

/*
 * is_automatic - mail that gets no post and no response: auto-replies,
 * bulk and list mail, bounces, and our own mail looping back.
 */
static const char *
is_automatic(const struct inbound *in)
{
	static const char *const bulk[] = {"bulk", "junk", "list", NULL};
	const struct msg *m = in->msg;
	const char *h, *at;
	char loop[MAX_LIST_NAME + 300];

	h = msg_header(m, "Auto-Submitted");
	if (h != NULL && !str_ieq(str_trim(str_from(h)), "no"))
		return "auto-submitted";
	if (header_is(m, "Precedence", bulk))
		return "precedence";
	if (header_is(m, "X-Autoreply", NULL) ||
	    header_is(m, "X-Autorespond", NULL))
		return "auto-reply";
	snprintf(loop, sizeof loop, "%s@%s", in->list.name, conf_domain);
	h = msg_header(m, "X-Loop");
	if (h != NULL && strstr(h, loop) != NULL)
		return "loop";
	if (header_is(m, "List-Id", NULL) || header_is(m, "List-Post", NULL) ||
	    header_is(m, "List-Unsubscribe", NULL))
		return "list mail";
	if (*in->sender == '\0' ||
	    str_ihas_prefix(in->sender, "mailer-daemon@"))
		return "bounce";
	at = m->from.email != NULL ? strrchr(m->from.email, '@') : NULL;
	if (at != NULL && str_ieq(str_from(at + 1), conf_domain))
		return "from our own address";
	if (strncasecmp(in->ext, "r-", 2) == 0 && ooo_subject(m->subject))
		return "out of office";
	return NULL;
}

/*
 * rate_limit - a member posting more than posts_per_hour in the last hour
 * is held for a moderator (a runaway script or a compromised account).
 */
static int
rate_limit(struct inbound *in, struct outcome *o)
{
	char since[21];
	int n = 0, rc;

	if (conf_posts_per_hour == 0)
		return 0;
	time_format_iso(clock_now() - 3600, since);
	rc = store_posts_since(in->st, in->list.id, o->author_id, since, &n);
	if (rc == 0 && n >= conf_posts_per_hour) {
		o->status = "held";
		o->reason = "more posts in an hour than the list allows";
		o->tmpl = "notice-held";
	}
	return rc;
}

/* authorise - posted for active members of open lists, else held. */
static int
authorise(struct inbound *in, struct outcome *o)
{
	char role[16];
	int rc;

	o->status = "posted";
	if (in->msg->from.email == NULL) {
		o->status = "held";
		o->reason = "no usable From address";
		o->tmpl = "notice-held";
		return 0;
	}
	rc = store_member_lookup(
	    in->st, in->list.id, in->msg->from.email, &o->author_id, role);
	if (rc == E_NOTFOUND) {
		o->status = "held";
		o->reason = "not a member";
		o->tmpl = "notice-not-member";
		return 0;
	}
	if (rc == 0 && in->list.moderated && strcmp(role, "moderator") != 0 &&
	    strcmp(role, "owner") != 0) {
		o->status = "held";
		o->reason = "moderated list";
		o->tmpl = "notice-held";
	}
	if (rc == 0 && strcmp(o->status, "posted") == 0)
		rc = rate_limit(in, o);
	return rc;
}

/* trim - the new text of the message and what it quoted. */
static int
trim(struct inbound *in, struct outcome *o)
{
	struct trimmer *t = NULL;
	struct buf why = BUF_INIT(512);
	const char *body = in->msg->text != NULL ? in->msg->text : "";
	int rc;

	rc = trimmer_new(&t, &why);
	if (rc != 0) {
		log_err("trim error=%s", buf_cstr(&why));
		buf_release(&why);
		return E_INTERNAL;
	}
	rc = trim_reply(t, body, strlen(body), 0, &o->trim);
	trimmer_free(t);
	if (rc == 0) { /* the trimmed copies are what we keep: free the body */
		free(in->msg->text);
		in->msg->text = NULL;
	}
	if (rc == E_LIMIT) { /* too long to trim: keep it whole */
		trim_result_release(&o->trim);
		o->trim.text = xstrdup(body);
		o->trim.quoted = xstrdup("");
		o->trim.flags = TRIM_F_FALLBACK;
		rc = 0;
	}
	buf_release(&why);
	return rc;
}

static void
limits(struct mime_limits *l)
{
	mime_limits_default(l);
	l->max_bytes = (size_t)conf_max_message_bytes;
	l->max_header_bytes = (size_t)conf_max_header_bytes;
	l->max_headers = (size_t)conf_max_headers;
	l->max_addresses = (size_t)conf_max_addresses;
	l->max_depth = (size_t)conf_max_mime_depth;
	l->max_parts = (size_t)conf_max_mime_parts;
	l->max_attachment_bytes = (size_t)conf_max_attachment_bytes;
}

/* quarantine - keep the raw message aside and tell the sender why. */
static int
quarantine(struct inbound *in, struct outcome *o, const char *reason)
{
	o->status = "quarantined";
	o->reason = reason;
	o->tmpl = in->poison ? NULL : "notice-limit";
	if (in->poison)
		log_err("ingest poison=quarantined list=%s sha256=%s",
		    in->list.name, in->raw_sha256);
	return record(in, o);
}

static void
flags(const struct inbound *in, struct outcome *o)
{
	if (in->msg->flags & MSG_F_CHARSET_GUESS)
		buf_adds(&o->flags, "charset-guess ");
	if (in->msg->flags & MSG_F_HTML_ONLY)
		buf_adds(&o->flags, "html-only ");
	if (in->msg->flags & MSG_F_TRUNCATED)
		buf_adds(&o->flags, "truncated ");
	if (o->trim.flags & TRIM_F_FALLBACK)
		buf_adds(&o->flags, "untrimmed ");
	buf_truncate(&o->flags, o->flags.len > 0 ? o->flags.len - 1 : 0);
}

/*
 * reply_token - ext "r-TOKEN": the token must be valid and issued to the
 * From address; then the post joins the token's thread.  Otherwise the
 * message is dropped with a notice that says how to post anew.
 */
static int
reply_token(struct inbound *in, struct outcome *o, bool *ok)
{
	const struct token_keys *keys;
	struct token t;
	char email[MAX_EMAIL + 1];
	int rc;

	*ok = false;
	rc = inbound_keys(in, &keys);
	if (rc != 0)
		return rc;
	rc = token_verify(keys, in->ext + 2, clock_now(), &t);
	if (rc == 0 && t.kind != 'r')
		rc = E_PARSE;
	if (rc == 0)
		rc = store_member_email(in->st, (long long)t.member, email);
	if (rc == 0 &&
	    (in->msg->from.email == NULL ||
	        !str_ieq(str_from(email), in->msg->from.email)))
		rc = E_PERM;
	if (rc == E_TEMP || rc == E_NOMEM || rc == E_INTERNAL)
		return rc;
	if (rc != 0) {
		o->status = "dropped";
		o->reason = rc == E_PERM && t.kind == 'r'
		    ? "the reply address belongs to someone else or has expired"
		    : "the reply address is not valid";
		o->tmpl = "notice-bad-token";
		return 0;
	}
	o->thread_id = (long long)t.object;
	*ok = true;
	return 0;
}

/*
 * digest_reply - a reply to the digest itself rather than to one of its
 * items: a notice that says how to answer an item, and no post.
 */
static int
digest_reply(struct inbound *in, struct outcome *o, bool *ok)
{
	bool digest = false;
	int rc;

	*ok = true;
	rc =
	    store_digest_is_digest_msgid(in->st, in->msg->in_reply_to, &digest);
	if (rc == 0 && digest) {
		o->status = "dropped";
		o->reason = "reply to a digest";
		o->tmpl = "notice-digest-reply";
		*ok = false;
	}
	return rc;
}

/* post - a message to LIST@ or LIST+r-TOKEN@. */
static int
post(struct inbound *in, struct outcome *o)
{
	bool ok = true;
	int rc = 0;

	if (str_has_prefix(in->ext, "r-"))
		rc = reply_token(in, o, &ok);
	else if (in->msg->in_reply_to != NULL)
		rc = digest_reply(in, o, &ok);
	if (rc != 0 || !ok)
		return rc != 0 ? rc : record(in, o);
	rc = authorise(in, o);
	if (rc == 0)
		rc = trim(in, o);
	if (rc != 0)
		return rc;
	flags(in, o);
	return record(in, o);
}

/* A handler for an address extension, in its own file. */
struct ext_handler {
	const char *prefix;
	int (*fn)(struct inbound *in);
};

static const struct ext_handler handlers[] = {
    {"wiki", wiki_handle},
    {"wiki-", wiki_handle},
    {"request", request_handle},
    {"c-", request_confirm},
    {"u-", request_unsubscribe},
    {"m-", moderate_handle},
};

/* dispatch - commands and tokens other than r- and b-. */
static int
dispatch(struct inbound *in, struct outcome *o)
{
	size_t i, n;

	for (i = 0; i < sizeof handlers / sizeof handlers[0]; i++) {
		n = strlen(handlers[i].prefix);
		if (strncasecmp(in->ext, handlers[i].prefix, n) == 0 &&
		    (handlers[i].prefix[n - 1] == '-' || in->ext[n] == '\0')) {
			int rc = store_begin(in->st);

			return rc != 0 ? rc : handlers[i].fn(in);
		}
	}
	o->status = "dropped";
	o->reason = "unknown address";
	o->tmpl = "notice-unknown-address";
	return record(in, o);
}

/* handle_parsed - a parsed message, not seen before. */
static int
handle_parsed(struct inbound *in, struct outcome *o)
{
	const char *auto_kind;
	bool done;
	int rc;

	rc = already_stored(in, &done);
	if (rc != 0 || done)
		return rc;
	o->base_subject = subject_base(in->msg->subject);
	if (strncasecmp(in->ext, "b-", 2) == 0) {
		rc = store_begin(in->st);
		return rc != 0 ? rc : bounce_handle(in);
	}
	auto_kind = is_automatic(in);
	if (auto_kind != NULL) {
		o->status = "dropped";
		o->reason = auto_kind;
		return record(in, o);
	}
	if (in->ext[0] == '\0' || strncasecmp(in->ext, "r-", 2) == 0)
		return post(in, o);
	return dispatch(in, o);
}

int
inbound_handle(struct inbound *in)
{
	struct mime_limits lim;
	struct outcome o;
	struct buf why = BUF_INIT(512);
	int rc;

	outcome_init(&o);
	limits(&lim);
	if (in->poison)
		rc = quarantine(in, &o, "it failed to process several times");
	else if (in->total > in->len)
		rc = quarantine(in, &o, "the message is larger than allowed");
	else {
		rc = mime_parse(in->raw, in->len, &lim, &in->msg, &why);
		rc = poison_parsed(in, rc);
		if (rc == E_LIMIT || rc == E_PARSE) {
			in->msg = NULL;
			rc = quarantine(in, &o, buf_cstr(&why));
		} else if (rc == 0)
			rc = handle_parsed(in, &o);
	}
	outcome_release(&o);
	buf_release(&why);
	return rc;
}

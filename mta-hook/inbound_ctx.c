/*
 * inbound_ctx.c - one inbound delivery: its context, notices, and storing
 * the message itself.
 *
 * Every outcome is one transaction: the message row (posted, held,
 * quarantined or dropped), its thread links and attachments, an event,
 * any notice in the outbox, the moderators' copies of a held message,
 * and the end of the poison-guard count.
 *
 * Non-goals: deciding the outcome (inbound.c and the handlers do).
 * Invariant: calls no file of mta-hook/ but held.c; the handlers' own
 * effects after a post is stored come back through outcome->after.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "addr.h"
#include "bounds.h"
#include "clock.h"
#include "compose.h"
#include "conf.h"
#include "err.h"
#include "held.h"
#include "inbound_ctx.h"
#include "log.h"
#include "mailout.h"
#include "mime.h"
#include "moderation.h"
#include "store_mod.h"
#include "trim.h"
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

/*
 * may_notify - not to bounces or ourselves, and a few per day at most:
 * notices_per_day of the event kind (a budget per kind).
 */
static int
may_notify(struct inbound *in, const char *event, const char *to, bool *ok)
{
	char since[21];
	int n = 0, rc;

	*ok = false;
	if (to == NULL || *to == '\0' || !compose_addr_valid(to) ||
	    str_ihas_prefix(to, "mailer-daemon@") ||
	    str_ieq(str_from(strrchr(to, '@') + 1), conf_domain))
		return 0;
	time_format_iso(clock_now() - 86400, since);
	rc = store_notice_count_kind(in->st, event, to, since, &n);
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

/*
 * greet_name - how a notice to `to` greets: the From display name when
 * the notice goes to the From address, else the name the list has for
 * that address (an import, stoa member add --name), else the address.
 */
static void
greet_name(struct inbound *in, const char *to, char name[MAX_NAME + 1])
{
	const struct msg *m = in->msg;

	if (m != NULL && m->from.name != NULL && m->from.name[0] != '\0' &&
	    addr_same(to, reply_address(in))) {
		snprintf(name, MAX_NAME + 1, "%s", m->from.name);
		return;
	}
	if (store_member_name(in->st, to, name, MAX_NAME + 1) != 0 ||
	    name[0] == '\0')
		snprintf(name, MAX_NAME + 1, "%s", to);
}

/* notify_as - inbound_notify() counted as events of kind event. */
static int
notify_as(struct inbound *in, const char *event, const char *tmpl,
    const char *to, const char *reason, struct vars *v)
{
	struct buf why = BUF_INIT(1024), key = BUF_INIT(512);
	struct buf reply = BUF_INIT(512);
	const struct token_keys *keys;
	struct mailout m;
	char role[16], name[MAX_NAME + 1];
	bool ok, queued;
	int rc;

	rc = may_notify(in, event, to, &ok);
	if (rc != 0 || !ok)
		return rc;
	rc = inbound_keys(in, &keys);
	if (rc != 0)
		return rc;
	buf_addf(&key, "notice:%s:%s:%s", tmpl, in->raw_sha256, to);
	vars_set(v, "reason", reason != NULL ? reason : "");
	vars_set(v, "subject", in->msg != NULL ? in->msg->subject : "");
	greet_name(in, to, name);
	vars_set(v, "recipient_name", name);
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
		rc = store_event(in->st, in->list.id, 0, event, 0, to);
	if (rc != 0)
		log_err(
		    "notice error=%s reason=%s", err_name(rc), buf_cstr(&why));
	buf_release(&why);
	buf_release(&key);
	buf_release(&reply);
	return rc == E_PARSE ? E_INTERNAL : rc;
}

int
inbound_trimmed(struct inbound *in, char **out)
{
	struct trimmer *t = NULL;
	struct trim_result res;
	const char *body = in->msg->text != NULL ? in->msg->text : "";
	int rc;

	*out = NULL;
	memset(&res, 0, sizeof res);
	rc = trimmer_new(&t, NULL);
	if (rc != 0)
		return E_INTERNAL;
	rc = trim_reply(t, body, strlen(body), 0, &res);
	trimmer_free(t);
	if (rc == 0 && (res.flags & TRIM_F_FALLBACK) &&
	    (res.flags & TRIM_F_MARKER)) { /* only quoted page text */
		free(res.text);
		res.text = xstrdup("");
	}
	if (rc == 0) {
		*out = res.text;
		res.text = NULL;
	}
	trim_result_release(&res);
	return rc == E_LIMIT ? 0 : rc;
}

int
inbound_notify(struct inbound *in, const char *tmpl, const char *to,
    const char *reason, struct vars *v)
{
	return notify_as(in, "notice", tmpl, to, reason, v);
}

int
inbound_notify_change(struct inbound *in, const char *tmpl, const char *to,
    const char *reason, struct vars *v)
{
	return notify_as(in, "notice.change", tmpl, to, reason, v);
}

void
inbound_outcome_init(struct inbound_outcome *o)
{
	memset(o, 0, sizeof *o);
	buf_init(&o->flags, 256);
}

void
inbound_outcome_release(struct inbound_outcome *o)
{
	trim_result_release(&o->trim);
	free(o->base_subject);
	buf_release(&o->flags);
}

/*
 * address_kind - what one delivery of a message is for, within its list:
 * "" for a post (LIST@ and LIST+r-TOKEN@, one post however addressed),
 * else the extension in lower case (request, wiki-faq, m-TOKEN ...).
 */
static void
address_kind(const char *ext, struct buf *out)
{
	char *low;

	if (ext[0] == '\0' || str_ihas_prefix(ext, "r-"))
		return;
	low = xstrdup(ext);
	str_lower(low);
	buf_adds(out, low);
	free(low);
}

void
inbound_dedup_key(const struct inbound *in, struct buf *key)
{
	buf_addf(key, "%lld/", in->list.id);
	address_kind(in->ext, key);
	buf_addc(key, ' ');
	/* after inbound_canonical_ids() an id-less message has our id */
	if (in->msg != NULL && in->msg->message_id != NULL &&
	    !(in->msg->flags & MSG_F_NO_MSGID))
		buf_adds(key, in->msg->message_id);
	else
		buf_addf(key, "sha256:%s", in->raw_sha256);
}

int
inbound_canonical_ids(struct inbound *in)
{
	struct buf key = BUF_INIT(80);
	int rc;

	if (in->msg->message_id == NULL) {
		in->msg->flags |= MSG_F_NO_MSGID;
		buf_addf(&key, "sha256:%s", in->raw_sha256);
		in->msg->message_id = buf_detach(&key);
	}
	rc = moderation_canonical_id(&in->msg->message_id);
	buf_release(&key);
	return rc == 0 ? moderation_canonical_refs(in->msg) : rc;
}

/* fill_rec - the message row for the outcome. */
static void
fill_rec(const struct inbound *in, struct inbound_outcome *o, const char *key,
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
	r->subject = o->subject != NULL ? o->subject
	    : m != NULL                 ? m->subject
	                                : "";
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
thread_input(const struct inbound *in, const struct inbound_outcome *o,
    const char *key, struct thread_in *t)
{
	const struct msg *m = in->msg;

	memset(t, 0, sizeof *t);
	t->message_id =
	    m != NULL && m->message_id != NULL ? m->message_id : key;
	t->base_subject = o->fresh ? NULL : o->base_subject;
	t->window = SUBJECT_WINDOW;
	if (m == NULL || o->fresh)
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
resolve(struct inbound *in, struct inbound_outcome *o,
    const struct thread_in *ti, struct thread_out *to)
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

/* ask_moderators - a held message goes to the list's moderators. */
static int
ask_moderators(struct inbound *in, long long id, const char *reason)
{
	const struct token_keys *keys;
	int rc;

	rc = inbound_keys(in, &keys);
	return rc != 0 ? rc : held_ask(in->st, &in->list, keys, id, reason);
}

int
inbound_mod_sender(struct inbound *in, long long member, struct buf *refuse)
{
	char email[MAX_EMAIL + 1];
	bool mod = false;
	int rc;

	rc = store_member_email(in->st, member, email);
	if (rc == E_NOTFOUND) {
		buf_adds(refuse, "this moderation address is not valid");
		return 0;
	}
	if (rc == 0 && !addr_same(email, inbound_from(in))) {
		buf_adds(refuse,
		    "this moderation address was made for another moderator");
		return 0;
	}
	if (rc == 0)
		rc = store_mod_is_moderator(in->st, in->list.id, member, &mod);
	if (rc == 0 && !mod)
		buf_addf(refuse, "you are no longer a moderator of %s",
		    in->list.name);
	return rc;
}

int
inbound_refuse(struct inbound *in, long long member, const char *kind,
    const char *tmpl, const char *why)
{
	struct vars *v = vars_new();
	int rc;

	rc = store_event(in->st, in->list.id, member, kind, 0, why);
	if (rc == 0)
		rc = inbound_notify(in, tmpl, inbound_from(in), why, v);
	vars_free(v);
	if (rc != 0) {
		store_rollback(in->st);
		return rc;
	}
	return inbound_finish(in, "dropped", why, NULL, NULL);
}

int
inbound_mod_refused(struct inbound *in, long long object, const char *why)
{
	struct vars *v = vars_new();
	int rc;

	rc = store_event(
	    in->st, in->list.id, 0, "moderate.refused", object, why);
	if (rc == 0)
		rc = inbound_notify(
		    in, "moderate-refused", inbound_from(in), why, v);
	vars_free(v);
	return rc;
}

/* resource - errors that say nothing about the message: defer. */
static bool
resource(int rc)
{
	return rc == E_TEMP || rc == E_NOMEM;
}

/* tell_owners - the quarantine notice to every owner (never defers). */
static int
tell_owners(struct inbound *in, const char *reason)
{
	struct rcpt_rec *owners = NULL;
	struct vars *v = vars_new();
	const char *from = inbound_from(in);
	size_t n = 0, i;
	int rc;

	rc = store_list_owners(in->st, in->list.id, &owners, &n);
	vars_set(v, "author", from[0] != '\0' ? from : "(no sender)");
	vars_set(v, "raw_sha256", in->raw_sha256);
	for (i = 0; rc == 0 && i < n; i++)
		rc = inbound_notify(
		    in, "notice-quarantined", owners[i].email, reason, v);
	if (rc == 0 && n == 0)
		log_warn(
		    "ingest list=%s quarantined owners=none", in->list.name);
	if (rc != 0 && !resource(rc)) { /* never defer for the notice */
		log_err("ingest list=%s quarantine notice=%s", in->list.name,
		    err_name(rc));
		rc = 0;
	}
	rcpt_recs_free(owners, n);
	vars_free(v);
	return rc;
}

/* record_tx - inside a transaction: the row, event, notice, guard. */
static int
record_tx(struct inbound *in, struct inbound_outcome *o)
{
	struct buf key = BUF_INIT(1024);
	struct msg_rec r;
	struct thread_in ti;
	struct thread_out to = {0, 0, "none"};
	struct vars *v = o->vars != NULL ? o->vars : vars_new();
	long long id = 0, thread = 0;
	int rc = 0;

	inbound_dedup_key(in, &key);
	if (strcmp(o->status, "held") == 0 &&
	    strncasecmp(in->ext, "wiki", 4) == 0) /* approval edits the page */
		buf_addf(&o->flags, "%swiki:%s", o->flags.len > 0 ? " " : "",
		    in->ext);
	if (strcmp(o->status, "held") == 0) /* the notice names what waits */
		moderation_flag_vars(buf_cstr(&o->flags), o->author_id, v);
	fill_rec(in, o, buf_cstr(&key), &r);
	thread_input(in, o, buf_cstr(&key), &ti);
	if (strcmp(o->status, "posted") == 0)
		rc = resolve(in, o, &ti, &to);
	if (rc == 0)
		rc = store_msg_insert(in->st, &r, &ti, &to, &id, &thread);
	o->id = id;
	if (rc == 0)
		rc = store_attachments(in, id);
	o->msg_id = id;
	if (rc == 0)
		rc = store_event(in->st, in->list.id, o->author_id, o->status,
		    id, o->reason != NULL ? o->reason : to.how);
	if (rc == 0 && o->tmpl != NULL)
		rc = inbound_notify(
		    in, o->tmpl, reply_address(in), o->reason, v);
	if (rc == 0 && strcmp(o->status, "posted") == 0)
		rc = store_post_enqueue(in->st, id);
	if (rc == 0 && strcmp(o->status, "posted") == 0 && o->after != NULL)
		rc = o->after(in, o, thread);
	if (rc == 0 && strcmp(o->status, "held") == 0)
		rc = ask_moderators(in, id, o->reason);
	if (rc == 0 && strcmp(o->status, "quarantined") == 0)
		rc = tell_owners(in, o->reason);
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

int
inbound_record(struct inbound *in, struct inbound_outcome *o)
{
	int rc;

	rc = store_begin(in->st);
	if (rc == 0)
		rc = record_tx(in, o);
	return commit(in, rc);
}

int
inbound_finish_post(struct inbound *in, struct inbound_outcome *o)
{
	return commit(in, record_tx(in, o));
}

int
inbound_finish(struct inbound *in, const char *status, const char *reason,
    const char *tmpl, struct vars *v)
{
	struct inbound_outcome o;
	int rc;

	inbound_outcome_init(&o);
	o.status = status;
	o.reason = reason;
	o.tmpl = tmpl;
	o.vars = v;
	rc = record_tx(in, &o);
	inbound_outcome_release(&o);
	return commit(in, rc);
}

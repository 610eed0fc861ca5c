/*
 * post.c - a message to LIST@ or to LIST+r-TOKEN@ (a reply from the
 * digest or a notice, bound to its thread): who may post (members of
 * open lists; others and over-eager posters are held), the trimmed new
 * text, and a reply that names a wiki page in its first line also
 * written to that page.
 *
 * Non-goals: loops, auto-replies and redeliveries (inbound.c drops them
 * before routing here); storing (inbound_ctx.c).
 * Calls, one way: wiki_capture() (wiki.c) and route_answered()
 * (connect.c), from inside the post's transaction through outcome->after.
 */
#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "clock.h"
#include "conf.h"
#include "err.h"
#include "handlers.h"
#include "log.h"
#include "mime.h"
#include "store_digest.h"
#include "store_lists.h"
#include "subject.h"
#include "xmalloc.h"

/*
 * capture - a reply by r- token whose first line is "wiki: PAGE" also
 * adds the rest of its text to that wiki page (wiki.c).
 */
static int
capture(struct inbound *in, const struct inbound_outcome *o, long long thread)
{
	const char *t = o->trim.text, *eol, *rest;
	char *page;
	int rc;

	if (o->thread_id <= 0 || t == NULL || !str_ihas_prefix(t, "wiki:"))
		return 0;
	eol = strchr(t, '\n');
	rest = eol != NULL ? eol + 1 : "";
	page = str_dup(str_trim((struct str){
	    t + 5, (size_t)((eol != NULL ? eol : t + strlen(t)) - (t + 5))}));
	rc = page[0] != '\0' ? wiki_capture(in, thread, page, rest) : 0;
	free(page);
	return rc;
}

/* after - a posted message: wiki capture, a routed answer, thanks. */
static int
after(struct inbound *in, const struct inbound_outcome *o, long long thread)
{
	int rc;

	rc = capture(in, o, thread);
	if (rc == 0)
		rc = route_answered(in, o, thread);
	if (rc == 0)
		rc = thanks_note(in, o);
	return rc;
}

/*
 * rate_limit - a member posting more than the list's posts_per_hour (or
 * the config's) in the last hour is held for a moderator (a runaway
 * script or a compromised account).
 */
static int
rate_limit(struct inbound *in, struct inbound_outcome *o)
{
	char since[21];
	long long max = 0;
	int n = 0, rc;

	rc = store_list_posts_per_hour(
	    in->st, in->list.id, conf_posts_per_hour, &max);
	if (rc != 0 || max == 0)
		return rc;
	time_format_iso(clock_now() - 3600, since);
	rc = store_posts_since(in->st, in->list.id, o->author_id, since, &n);
	if (rc == 0 && n >= max) {
		o->status = "held";
		o->reason = "more posts in an hour than the list allows";
		o->tmpl = "notice-held";
	}
	return rc;
}

/* authorise - posted for active members of open lists, else held. */
static int
authorise(struct inbound *in, struct inbound_outcome *o)
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
		o->tmpl =
		    "notice-held"; /* held, not refused: it may be posted */
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

/*
 * keep_whole - a text too long to trim is kept as it is: the decoded body
 * moves into the result, so only one decoded copy is ever held.
 */
static void
keep_whole(struct inbound *in, struct inbound_outcome *o)
{
	trim_result_release(&o->trim);
	o->trim.text = in->msg->text != NULL ? in->msg->text : xstrdup("");
	in->msg->text = NULL;
	o->trim.quoted = xstrdup("");
	o->trim.flags = TRIM_F_FALLBACK;
}

/*
 * trim - the new text of the message and what it quoted.  A text over
 * MAX_TRIM_BYTES is not trimmed (the trimmer holds three copies of it and
 * a line table: 7x a 10 MB body; docs/bench.md).
 */
static int
trim(struct inbound *in, struct inbound_outcome *o)
{
	struct trimmer *t = NULL;
	struct buf why = BUF_INIT(512);
	const char *body = in->msg->text != NULL ? in->msg->text : "";
	size_t len = strlen(body);
	int rc = E_LIMIT;

	if (len <= MAX_TRIM_BYTES)
		rc = trimmer_new(&t, &why);
	if (rc == 0) {
		rc = trim_reply(t, body, len, 0, &o->trim);
		trimmer_free(t);
	} else if (rc != E_LIMIT) {
		log_err("trim error=%s", buf_cstr(&why));
		rc = E_INTERNAL;
	}
	if (rc == 0) { /* the trimmed copies are what we keep: free the body */
		free(in->msg->text);
		in->msg->text = NULL;
	}
	if (rc == E_LIMIT) {
		keep_whole(in, o);
		rc = 0;
	}
	buf_release(&why);
	return rc;
}

static void
flags(const struct inbound *in, struct inbound_outcome *o)
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
 * thread_here - E_PARSE unless thread is a thread of the list addressed:
 * a reply token of one list is worth nothing at another list's address.
 */
static int
thread_here(struct inbound *in, long long thread)
{
	long long list_id;
	int rc;

	rc = store_thread_list(in->st, thread, &list_id);
	if (rc == E_NOTFOUND || (rc == 0 && list_id != in->list.id))
		return E_PARSE;
	return rc;
}

/*
 * reply_token - ext "r-TOKEN": the token must be valid, name a thread of
 * this list and be issued to the From address; then the post joins the
 * token's thread.  Otherwise the message is dropped with a notice that
 * says how to post anew.
 */
static int
reply_token(struct inbound *in, struct inbound_outcome *o, bool *ok)
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
		rc = thread_here(in, (long long)t.object);
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
digest_reply(struct inbound *in, struct inbound_outcome *o, bool *ok)
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

/* post - decide the outcome of a post and store it. */
static int
post(struct inbound *in, struct inbound_outcome *o)
{
	bool ok = true;
	int rc = 0;

	if (str_ihas_prefix(in->ext, "r-")) /* any case, as routes[] */
		rc = reply_token(in, o, &ok);
	else if (in->msg->in_reply_to != NULL)
		rc = digest_reply(in, o, &ok);
	if (rc != 0 || !ok)
		return rc != 0 ? rc : inbound_record(in, o);
	rc = authorise(in, o);
	if (rc == 0)
		rc = trim(in, o);
	if (rc != 0)
		return rc;
	flags(in, o);
	return inbound_record(in, o);
}

int
post_handle(struct inbound *in)
{
	struct inbound_outcome o;
	int rc;

	inbound_outcome_init(&o);
	o.base_subject = subject_base(in->msg->subject);
	o.after = after;
	rc = post(in, &o);
	inbound_outcome_release(&o);
	return rc;
}

/*
 * reflect.c - replies to reflection questions (a p- prompt of kind
 * question; docs/connect-groups.md "Reflection questions"), handed over
 * by prompt.c once the token and its prompt are checked.
 *
 * The reply must come from the member asked, once, with text of its own.
 * A public question's answer becomes a post of the list by the member,
 * in the round's one thread ("Reflection: QUESTION"), sent to the list
 * like any post; a private question's answer goes to the list's
 * moderators only.  Either way the answer is kept on the prompt and
 * counted as a reflect.answer event (the report's Kirkpatrick level 3).
 * Anything else: a rate-limited notice and no effect.
 *
 * Invariants: runs in the router's transaction and ends with
 * inbound_finish() or inbound_finish_post() (commit); calls no other
 * handler.
 */
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "err.h"
#include "handlers.h"
#include "log.h"
#include "mailout.h"
#include "mime.h"
#include "store_mentor.h"
#include "store_mod.h"
#include "store_reflect.h"
#include "subject.h"
#include "xmalloc.h"

#define REFLECT_SUBJECT_MAX 70 /* bytes of the question in the subject */

/* A public answer's outcome, with the round its callback needs. */
struct answer_post {
	struct inbound_outcome o; /* first: the callback gets &o */
	long long round, thread;
};

/* refuse - no effect: a notice (rate-limited), the mail stored dropped. */
static int
refuse(struct inbound *in, long long member, const char *why)
{
	return inbound_refuse(
	    in, member, "reflect.refused", "reflect-refused", why);
}

/* subject - "Reflection: " and the question's start, one line. */
static char *
subject(const char *q)
{
	struct buf b = BUF_INIT(256);
	size_t n = 0, c;

	while (q[n] != '\0' && q[n] != '\n' && q[n] != '\r') {
		c = utf8_char_len((const unsigned char *)q + n, strlen(q + n));
		if (c == 0 || n + c > REFLECT_SUBJECT_MAX)
			break;
		n += c;
	}
	buf_addf(
	    &b, "Reflection: %.*s%s", (int)n, q, q[n] != '\0' ? " ..." : "");
	return buf_detach(&b);
}

/* remember - the first public answer's thread is the round's. */
static int
remember(struct inbound *in, const struct inbound_outcome *o, long long thread)
{
	const struct answer_post *a = (const struct answer_post *)o;

	return a->thread == 0 ? store_reflect_thread(in->st, a->round, thread)
	                      : 0;
}

/* post - the answer as the member's post in the round's thread. */
static int
post(struct inbound *in, const struct reflect_round *r, long long member,
    char **text)
{
	struct answer_post a;
	char *subj = subject(r->text);
	int rc;

	memset(&a, 0, sizeof a);
	inbound_outcome_init(&a.o);
	a.round = r->id;
	a.thread = r->thread_id;
	a.o.status = "posted";
	a.o.reason = "reflect";
	a.o.author_id = member;
	a.o.trim.text = *text;
	*text = NULL;
	a.o.trim.quoted = xstrdup("");
	a.o.subject = subj;
	a.o.base_subject = subject_base(subj);
	a.o.thread_id = r->thread_id;
	a.o.after = remember;
	rc = inbound_finish_post(in, &a.o);
	inbound_outcome_release(&a.o);
	free(subj);
	return rc;
}

/* tell_mods - a private answer to each moderator of the list. */
static int
tell_mods(struct inbound *in, const struct reflect_round *r,
    const struct prompt_rec *p, const char *text)
{
	const struct token_keys *keys;
	struct buf key = BUF_INIT(128), why = BUF_INIT(1024);
	struct rcpt_rec *mods = NULL;
	const char *from = inbound_from(in);
	struct mailout m;
	size_t n = 0, i;
	bool queued;
	int rc;

	rc = inbound_keys(in, &keys);
	if (rc == 0)
		rc = store_mod_moderators(in->st, in->list.id, &mods, &n);
	for (i = 0; rc == 0 && i < n; i++) {
		struct vars *v = vars_new();

		buf_reset(&key);
		buf_addf(&key, "reflect:private:%lld:%lld", p->id,
		    mods[i].member_id);
		vars_set(v, "recipient_name",
		    mods[i].name[0] != '\0' ? mods[i].name : mods[i].email);
		vars_set(v, "author", from);
		vars_set(v, "author_name",
		    in->msg->from.name != NULL ? in->msg->from.name : from);
		vars_setf(v, "asked", "%.10s", r->started);
		vars_set(v, "question", r->text);
		vars_set_cut(v, "answer", text, 20000);
		m = (struct mailout){&in->list, "reflect", "reflect-private",
		    mods[i].email, mods[i].name, mods[i].member_id,
		    buf_cstr(&key), NULL, from, false, v};
		rc = mailout_queue(in->st, keys, &m, &queued, &why);
		vars_free(v);
	}
	if (rc != 0)
		log_err("reflect private error=%s reason=%s", err_name(rc),
		    buf_cstr(&why));
	rcpt_recs_free(mods, n);
	buf_release(&key);
	buf_release(&why);
	return rc == E_PARSE ? E_INTERNAL : rc;
}

/* take - the checked answer: kept, counted, then posted or told. */
static int
take(struct inbound *in, const struct reflect_round *r,
    const struct prompt_rec *p, const char *now_iso)
{
	struct prompt_reply pr = {now_iso, NULL, 0, NULL, NULL};
	char *text = NULL;
	int rc;

	rc = inbound_trimmed(in, &text);
	if (rc == 0 && text[strspn(text, " \t\r\n")] == '\0') {
		free(text);
		return refuse(
		    in, p->member_id, "the reply has no text of its own");
	}
	pr.answer = text;
	if (rc == 0)
		rc = store_prompt_reply(in->st, p->id, &pr);
	if (rc == 0)
		rc = store_event(in->st, in->list.id, p->member_id,
		    "reflect.answer", p->id,
		    r->private_answers ? "private" : "public");
	if (rc == 0 && r->private_answers)
		rc = tell_mods(in, r, p, text);
	if (rc == 0 && r->private_answers)
		rc = inbound_finish(
		    in, "dropped", "reflect: private answer", NULL, NULL);
	else if (rc == 0)
		rc = post(in, r, p->member_id, &text);
	else
		store_rollback(in->st);
	free(text);
	return rc;
}

/* refusal - why the reply is not taken (*why NULL: it is); 0 or err. */
static int
refusal(struct inbound *in, const struct prompt_rec *p, const char **why)
{
	char email[MAX_EMAIL + 1] = "", role[16];
	long long id = 0;
	int rc;

	*why = NULL;
	rc = store_member_email(in->st, p->member_id, email);
	if (rc == 0 && !addr_same(email, inbound_from(in)))
		*why = "this question was sent to someone else";
	else if (rc == 0)
		rc = store_member_lookup(in->st, in->list.id, email, &id, role);
	if (rc == E_NOTFOUND) {
		*why = "you are no longer a member of this list";
		rc = 0;
	}
	if (rc == 0 && *why == NULL && p->replied_at[0] != '\0')
		*why = "you have answered this question already";
	return rc;
}

int
reflect_reply(
    struct inbound *in, const struct prompt_rec *p, const char *now_iso)
{
	struct reflect_round r;
	const char *why = NULL;
	long long round = 0;
	int rc;

	memset(&r, 0, sizeof r);
	rc = store_reflect_prompt_round(in->st, p->id, &round);
	if (rc == 0)
		rc = store_reflect_round(in->st, round, &r);
	if (rc == E_NOTFOUND) {
		why = "this reply address is not valid";
		rc = 0;
	}
	if (rc == 0 && why == NULL)
		rc = refusal(in, p, &why);
	if (rc != 0)
		store_rollback(in->st);
	else if (why != NULL)
		rc = refuse(in, p->member_id, why);
	else
		rc = take(in, &r, p, now_iso);
	reflect_round_release(&r);
	return rc;
}

/*
 * connect.c - introductions and "can you help?" answers in the hook
 * (docs/connect.md): the reply to an introduction invitation (a p-
 * prompt of kind intro or intro_reminder, handed over by prompt.c), the
 * request commands "intro", "help off" and "help on", and the answer to
 * a routed question (post.c's after-step).
 *
 * An introduction reply is taken when it comes from the member invited,
 * who is still an active member, for an invitation not answered before,
 * with text of its own.  Its text, trimmed like any reply, is posted as
 * the member in a new thread "Meet NAME" (held on a moderated list, like
 * any post of a member there) and its three answers (learn/intro.h)
 * become the member's profile.  Anything else: a notice, no effect.
 * Automatic mail never gets here (ROUTE_OOO).
 *
 * Invariants: intro_reply runs in the router's transaction and ends with
 * a commit; connect_request and route_answered run inside their
 * caller's.  Calls no other handler.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "clock.h"
#include "err.h"
#include "handlers.h"
#include "intro.h"
#include "intromail.h"
#include "log.h"
#include "mime.h"
#include "store_connect.h"
#include "store_mentor.h"
#include "subject.h"
#include "xmalloc.h"

/* One introduction reply being handled. */
struct intro_in {
	struct inbound *in;
	const struct prompt_rec *p;
	struct connect_member who;
	struct profile_rec prof;
	char now[21];
};

/* refuse - no effect: an event, a notice (rate-limited), stored dropped. */
static int
refuse(struct inbound *in, long long member, const char *why)
{
	return inbound_refuse(
	    in, member, "intro.refused", "intro-refused", why);
}

/* check - why the reply cannot be taken, or NULL. */
static int
check(struct intro_in *x, const char **why)
{
	bool active = false;
	int rc;

	*why = NULL;
	rc = store_connect_member(x->in->st, x->p->member_id, &x->who);
	if (rc == 0)
		rc = store_connect_active(
		    x->in->st, x->in->list.id, x->p->member_id, &active);
	if (rc != 0)
		return rc;
	if (!addr_same(x->who.email, inbound_from(x->in)))
		*why = "this invitation was sent to someone else";
	else if (!active)
		*why = "you are not a member of this list";
	else if (x->p->replied_at[0] != '\0')
		*why = "this invitation was answered before";
	return 0;
}

/* after - the posted introduction: the profile names it; intro.post. */
static int
after(struct inbound *in, const struct inbound_outcome *o, long long thread)
{
	int rc;

	(void)thread;
	rc = store_profile_message(in->st, in->list.id, o->author_id, o->id);
	if (rc == 0)
		rc = store_event(
		    in->st, in->list.id, o->author_id, "intro.post", o->id, "");
	return rc;
}

/* held - a moderated list holds the introductions of plain members. */
static int
held(struct intro_in *x, bool *hold)
{
	long long id;
	char role[16];
	int rc;

	*hold = false;
	if (!x->in->list.moderated)
		return 0;
	rc = store_member_lookup(
	    x->in->st, x->in->list.id, x->who.email, &id, role);
	*hold = rc == 0 && strcmp(role, "moderator") != 0 &&
	    strcmp(role, "owner") != 0;
	return rc;
}

/* post - the text as the member's "Meet NAME" thread, and commit. */
static int
post(struct intro_in *x, char *text)
{
	struct inbound_outcome o;
	struct buf subj = BUF_INIT(MAX_NAME + 16);
	bool hold = false;
	int rc;

	inbound_outcome_init(&o);
	buf_addf(&subj, "Meet %s",
	    x->who.name[0] != '\0' ? x->who.name : x->who.email);
	o.subject = buf_cstr(&subj);
	o.base_subject = subject_base(o.subject);
	o.fresh = true;
	o.author_id = x->who.id;
	o.trim.text = text;
	o.trim.quoted = xstrdup("");
	o.after = after;
	rc = held(x, &hold);
	o.status = hold ? "held" : "posted";
	o.reason = hold ? "moderated list" : "introduction";
	o.tmpl = hold ? "notice-held" : NULL;
	if (rc == 0)
		rc = inbound_finish_post(x->in, &o);
	else
		store_rollback(x->in->st);
	inbound_outcome_release(&o);
	buf_release(&subj);
	return rc;
}

/* take - the profile, the prompt answered, then the post. */
static int
take(struct intro_in *x)
{
	struct prompt_reply pr = {x->now, NULL, 0, NULL, NULL};
	char *text = NULL, *a[INTRO_ANSWERS];
	int rc, i;

	rc = inbound_trimmed(x->in, &text);
	if (rc != 0) {
		store_rollback(x->in->st);
		return rc;
	}
	if (text[strspn(text, " \t\r\n")] == '\0') {
		free(text);
		return refuse(
		    x->in, x->who.id, "the reply has no text of its own");
	}
	intro_parse(text, a);
	x->prof = (struct profile_rec){
	    x->who.id, x->in->list.id, 0, 0, a[0], a[1], a[2], ""};
	memcpy(x->prof.updated, x->now, sizeof x->prof.updated);
	pr.answer = text;
	rc = store_profile_set(x->in->st, &x->prof);
	if (rc == 0)
		rc = store_prompt_reply(x->in->st, x->p->id, &pr);
	for (i = 0; i < INTRO_ANSWERS; i++)
		free(a[i]);
	if (rc != 0) {
		free(text);
		store_rollback(x->in->st);
		return rc;
	}
	return post(x, text); /* the outcome owns text now */
}

int
intro_reply(struct inbound *in, const struct prompt_rec *p)
{
	struct intro_in x;
	const char *why = NULL;
	int rc;

	memset(&x, 0, sizeof x);
	x.in = in;
	x.p = p;
	time_format_iso(clock_now(), x.now);
	rc = check(&x, &why);
	if (rc != 0) {
		store_rollback(in->st);
		return rc;
	}
	if (why != NULL)
		return refuse(in, p->member_id, why);
	return take(&x);
}

/* intro_again - a fresh invitation, with the answers given so far. */
static int
intro_again(struct inbound *in, long long member, struct buf *reply)
{
	const struct token_keys *keys;
	struct connect_member who;
	struct profile_rec prof;
	struct intromail m = {
	    &in->list, &who, "intro", "intro-again", 0, clock_now()};
	struct vars *v = vars_new();
	long long id;
	int rc;

	rc = store_profile_get(in->st, in->list.id, member, &prof);
	vars_set_bool(v, "has_profile", rc == 0);
	vars_set(v, "works_on", rc == 0 ? prof.works_on : "");
	vars_set(v, "can_help", rc == 0 ? prof.can_help : "");
	vars_set(v, "want_learn", rc == 0 ? prof.want_learn : "");
	profile_rec_release(&prof);
	rc = rc == E_NOTFOUND ? 0 : rc;
	if (rc == 0)
		rc = inbound_keys(in, &keys);
	if (rc == 0)
		rc = store_connect_member(in->st, member, &who);
	if (rc == 0)
		rc = intromail_send(in->st, keys, &m, v, &id);
	if (rc == 0)
		buf_adds(reply,
		    "a fresh invitation to introduce yourself is on "
		    "its way; reply to it and your introduction is "
		    "posted as a new thread.");
	vars_free(v);
	return rc;
}

int
connect_request(struct inbound *in, long long member, const char *line,
    struct buf *reply, bool *handled)
{
	bool off = strcmp(line, "help off") == 0;
	int rc;

	*handled =
	    off || strcmp(line, "help on") == 0 || strcmp(line, "intro") == 0;
	if (!*handled)
		return 0;
	if (strcmp(line, "intro") == 0)
		return intro_again(in, member, reply);
	rc = store_help_set(in->st, in->list.id, member, off);
	if (rc == 0)
		rc = store_event(in->st, in->list.id, member,
		    off ? "help.off" : "help.on", 0, "request");
	if (rc == 0 && off)
		buf_adds(reply,
		    "you will not be asked to help with questions "
		    "on this list; send \"help on\" to be asked "
		    "again.");
	else if (rc == 0)
		buf_adds(reply,
		    "colleagues' unanswered questions that match "
		    "what you know may be sent to you (at most one "
		    "every three days).");
	return rc;
}

int
route_answered(
    struct inbound *in, const struct inbound_outcome *o, long long thread)
{
	long long prompt = 0;
	char now[21], detail[24];
	int rc;

	if (o->author_id <= 0)
		return 0;
	rc = store_route_open(in->st, thread, o->author_id, &prompt);
	if (rc != 0 || prompt == 0)
		return rc;
	time_format_iso(clock_now(), now);
	snprintf(detail, sizeof detail, "%lld", prompt);
	rc = store_prompt_done(in->st, prompt, now, "answered");
	if (rc == 0)
		rc = store_event(in->st, in->list.id, o->author_id,
		    "route.answer", o->id, detail);
	if (rc == 0)
		log_info(
		    "route answer thread=%lld prompt=%lld", thread, prompt);
	return rc;
}

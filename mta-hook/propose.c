/*
 * propose.c - members propose quiz questions by mail to LIST+quiz@, and
 * the moderators decide by reply (docs/quiz.md, "Proposing a question").
 *
 * A proposal is the new (trimmed) text of the mail: GIFT when it has a
 * '{', else the simple form of gift_parse_form() ("Q: / A) B) C) /
 * Answer: / Why:").  A good one from a member is stored as a question of
 * status 'proposed' (never mailed to learners), and every active
 * moderator and owner of the list gets it with a Reply-To of their own
 * LIST+m-TOKEN@ address: kind 'o', object = the question, member = that
 * moderator, valid PROPOSE_DAYS.  moderate.c hands such tokens to
 * propose_decide(): a first line "approve" (or nothing) makes the
 * question active, "reject [reason]" rejected; the author is told either
 * way.  A proposal that does not parse, repeats a question of the list or
 * comes from a non-member stores nothing and gets a polite notice saying
 * what is wrong.
 *
 * Non-goals: the parsers (learn/gift.c), held posts (moderate.c).
 * Invariants: runs in the router's transaction and ends in
 * inbound_finish(); a decision changes only a question still 'proposed'
 * (checked in this transaction, so the first moderator wins).  Calls no
 * other handler.
 */
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "clock.h"
#include "compose.h"
#include "err.h"
#include "handlers.h"
#include "log.h"
#include "mailout.h"
#include "mime.h"
#include "quizmail.h"
#include "store_mod.h"
#include "store_quiz.h"
#include "xmalloc.h"

#define PROPOSE_DAYS       30         /* a moderator's address stays valid */
#define PROPOSE_MAX        5          /* questions in one proposal mail */
#define PROPOSE_MAX_REASON 1000       /* bytes of a rejection reason */
#define PROPOSE_MAX_TEXT   (8 * 1024) /* question as shown in mail */

/* parse - the questions of text into set; why (lines) when bad. */
static int
parse(const char *text, struct gift_set *set, struct buf *why)
{
	int rc;

	if (*text == '\0') {
		buf_adds(why, "the mail has no question in it");
		return E_PARSE;
	}
	if (strchr(text, '{') != NULL) {
		rc = gift_parse(text, strlen(text), set, why);
		if (rc == 0 && set->n == 0) {
			buf_adds(why, "no question was found in the GIFT text");
			rc = E_PARSE;
		}
		if (rc == 0 && set->n > PROPOSE_MAX) {
			buf_addf(why, "%zu questions in one mail; at most %d",
			    set->n, PROPOSE_MAX);
			rc = E_LIMIT;
		}
		return rc;
	}
	set->q = xcalloc(1, sizeof *set->q);
	rc = gift_parse_form(text, strlen(text), &set->q[0], why);
	if (rc == 0)
		set->n = 1;
	return rc;
}

/* show - the question as moderators and the author read it, into out. */
static void
show(const struct gift_question *q, struct buf *out)
{
	size_t i;

	if (q->topic != NULL)
		buf_addf(out, "Topic: %s\n", q->topic);
	if (q->title != NULL)
		buf_addf(out, "Title: %s\n", q->title);
	buf_addf(out, "%s\n\n", q->text);
	for (i = 0; i < q->n_answers; i++) {
		if (q->kind == GIFT_SHORT)
			buf_addf(out, "  accepted: %s\n", q->answers[i].text);
		else
			buf_addf(out, "  %c) %s%s\n", (int)('A' + i),
			    q->answers[i].text,
			    q->answers[i].right ? "   <- right" : "");
	}
	if (q->general != NULL)
		buf_addf(out, "\nWhy: %s\n", q->general);
}

/* One proposal mail being handled. */
struct proposal {
	struct inbound *in;
	const char *from;
	long long author_id;
	struct gift_set set;
	struct buf why;   /* what is wrong; empty = good */
	struct buf shown; /* every question as shown */
};

/* taken - a question of the list already has q's key: say so in why. */
static int
taken(struct proposal *p, const struct gift_question *q)
{
	char key[GIFT_KEY_LEN];
	long long qid;
	int rc;

	if (gift_key(q, key) != 0)
		return E_INTERNAL;
	rc = store_quiz_key_find(p->in->st, p->in->list.id, key, &qid);
	if (rc == E_NOTFOUND)
		return 0;
	if (rc == 0)
		buf_addf(&p->why,
		    "%d: a question with the same %s is already in the bank "
		    "of %s (or was proposed before)\n",
		    q->line, q->title != NULL ? "title" : "text",
		    p->in->list.name);
	return rc;
}

/* queue - queue m (keys loaded); what names it in the log on error. */
static int
queue(struct inbound *in, const struct mailout *m, const char *what)
{
	const struct token_keys *keys;
	struct buf why = BUF_INIT(1024);
	bool queued;
	int rc;

	rc = inbound_keys(in, &keys);
	if (rc == 0)
		rc = mailout_queue(in->st, keys, m, &queued, &why);
	if (rc != 0)
		log_err("quiz propose %s error=%s reason=%s", what,
		    err_name(rc), buf_cstr(&why));
	buf_release(&why);
	return rc == E_PARSE ? E_INTERNAL : rc;
}

/* ask_one - question qid to moderator mod, with their m- address. */
static int
ask_one(struct proposal *p, long long qid, const char *text,
    const struct rcpt_rec *mod)
{
	const struct token_keys *keys;
	struct token t = {'o', (unsigned long long)qid,
	    (unsigned long long)mod->member_id,
	    clock_now() + PROPOSE_DAYS * 86400LL};
	struct buf key = BUF_INIT(256), reply = BUF_INIT(512);
	char tok[MAX_TOKEN_CHARS + 1];
	struct vars *v = vars_new();
	struct mailout m;
	int rc;

	rc = inbound_keys(p->in, &keys);
	if (rc == 0)
		rc = token_issue(keys, &t, tok); /* kind o at an m- address */
	if (rc == 0)
		mailout_address(p->in->list.name, 'm', tok, &reply);
	buf_addf(&key, "quiz:propose:%lld:member:%lld", qid, mod->member_id);
	vars_set(
	    v, "recipient_name", mod->name[0] != '\0' ? mod->name : mod->email);
	vars_set(v, "recipient_address", mod->email);
	vars_set(v, "author", p->from);
	vars_setf(v, "days", "%d", PROPOSE_DAYS);
	vars_set_cut(v, "question", text, PROPOSE_MAX_TEXT);
	m = (struct mailout){&p->in->list, "moderate", "quiz-proposal-request",
	    mod->email, mod->name[0] != '\0' ? mod->name : NULL, mod->member_id,
	    buf_cstr(&key), NULL, buf_cstr(&reply), false, v};
	if (rc == 0)
		rc = queue(p->in, &m, "request");
	vars_free(v);
	buf_release(&key);
	buf_release(&reply);
	return rc == E_PARSE ? E_INTERNAL : rc;
}

/* put_one - store q as proposed and ask every moderator about it. */
static int
put_one(struct proposal *p, const struct gift_question *q,
    const struct rcpt_rec *mods, size_t n_mods)
{
	struct quiz_opt opts[GIFT_MAX_ANSWERS];
	char key[GIFT_KEY_LEN], digest[GIFT_KEY_LEN];
	struct buf src = BUF_INIT(1024), text = BUF_INIT(PROPOSE_MAX_TEXT * 2);
	struct quiz_version_in v;
	enum quiz_put what;
	long long qid = 0;
	size_t i;
	int rc;

	rc = quizmail_version(q, key, digest, opts, &v);
	buf_addf(&src, "mail <%s>",
	    p->in->msg->message_id != NULL ? p->in->msg->message_id : "");
	v.source = buf_cstr(&src);
	v.author = p->from;
	v.status = "proposed";
	if (rc == 0)
		rc = store_quiz_put(p->in->st, p->in->list.id, &v, &what, &qid);
	CHECK(rc != 0 || what == QUIZ_PUT_NEW); /* taken() ran first */
	show(q, &text);
	buf_addf(&p->shown, "%s\n", buf_cstr(&text));
	for (i = 0; rc == 0 && i < n_mods; i++)
		rc = ask_one(p, qid, buf_cstr(&text), &mods[i]);
	if (rc == 0)
		rc = store_event(p->in->st, p->in->list.id, p->author_id,
		    "quiz.propose", qid, n_mods == 0 ? "no moderator" : "");
	if (rc == 0)
		log_info("quiz propose list=%s qid=%lld moderators=%zu",
		    p->in->list.name, qid, n_mods);
	buf_release(&src);
	buf_release(&text);
	return rc;
}

/* check - the sender and the questions; p->why when refused. */
static int
check(struct proposal *p)
{
	char role[16], *text = NULL;
	size_t i;
	int rc;

	rc = store_member_lookup(
	    p->in->st, p->in->list.id, p->from, &p->author_id, role);
	if (rc == E_NOTFOUND) {
		buf_addf(&p->why, "only members of %s can propose questions",
		    p->in->list.name);
		return 0;
	}
	if (rc == 0)
		rc = inbound_trimmed(p->in, &text);
	if (rc != 0)
		return rc;
	if (text == NULL)
		buf_adds(&p->why, "the mail is too long to read");
	else
		rc = parse(text, &p->set, &p->why);
	if (rc == E_NOMEM || rc == E_INTERNAL)
		return rc;
	if (rc != 0 && p->why.len == 0)
		buf_adds(&p->why, "the proposal is too large");
	rc = 0;
	for (i = 0; rc == 0 && p->why.len == 0 && i < p->set.n; i++)
		rc = taken(p, &p->set.q[i]);
	free(text);
	return rc;
}

int
quiz_propose(struct inbound *in)
{
	struct proposal p = {in, inbound_from(in), 0, GIFT_SET_INIT,
	    BUF_INIT(GIFT_MAX_ERRORS * 200), BUF_INIT(PROPOSE_MAX * 20000)};
	struct rcpt_rec *mods = NULL;
	struct vars *v = vars_new();
	size_t n = 0, i;
	int rc;

	rc = check(&p);
	if (rc == 0 && p.why.len == 0)
		rc = store_mod_moderators(in->st, in->list.id, &mods, &n);
	for (i = 0; rc == 0 && p.why.len == 0 && i < p.set.n; i++)
		rc = put_one(&p, &p.set.q[i], mods, n);
	if (rc == 0 && n == 0 && p.why.len == 0)
		log_warn("quiz propose list=%s moderators=none", in->list.name);
	if (rc == 0) {
		vars_set_cut(v, "questions", buf_cstr(&p.shown), TMPL_MAX_TEXT);
		vars_setf(v, "count", "%zu", p.set.n);
	}
	rcpt_recs_free(mods, n);
	gift_set_release(&p.set);
	if (rc != 0) {
		store_rollback(in->st);
		rc = rc == E_PARSE ? E_INTERNAL : rc;
	} else if (p.why.len > 0) {
		log_info("quiz propose list=%s refused", in->list.name);
		rc = inbound_finish(
		    in, "dropped", buf_cstr(&p.why), "quiz-proposal-bad", v);
	} else
		rc = inbound_finish(
		    in, "dropped", "quiz proposal", "quiz-proposal-held", v);
	vars_free(v);
	buf_release(&p.why);
	buf_release(&p.shown);
	return rc;
}

/* --- a moderator's decision on a proposed question --- */

/* One moderator reply about a proposed question. */
struct decision {
	struct inbound *in;
	const struct token *tok;
	struct quiz_full q;
	bool approve;
	struct buf refuse; /* why nothing is done; empty = act */
	struct buf reason; /* a rejection's reason */
};

/* decision_check - token, moderator and question; d->refuse when not. */
static int
decision_check(struct decision *d)
{
	int rc;

	rc = store_quiz_get(d->in->st, (long long)d->tok->object, 0, &d->q);
	if (rc == 0 && d->q.list_id != d->in->list.id)
		rc = E_NOTFOUND;
	if (rc == E_NOTFOUND) {
		buf_adds(&d->refuse, "this moderation address is not valid");
		return 0;
	}
	if (rc == 0)
		rc = inbound_mod_sender(
		    d->in, (long long)d->tok->member, &d->refuse);
	if (rc != 0 || d->refuse.len > 0)
		return rc;
	if (strcmp(d->q.status, "proposed") != 0)
		buf_addf(&d->refuse,
		    "question %lld was already decided: it is %s now", d->q.qid,
		    d->q.status);
	else if (d->tok->expires <= clock_now())
		buf_adds(&d->refuse, "this moderation address has expired");
	return 0;
}

/* first_word - the length of the word at p, without "." "!" ",". */
static size_t
first_word(const char *p, const char **end)
{
	size_t n = strcspn(p, " \t\r\n");

	*end = p + n;
	while (n > 0 && strchr(".!,:;", p[n - 1]) != NULL)
		n--;
	return n;
}

/* decision_command - approve (also an empty reply) or reject [reason]. */
static int
decision_command(struct decision *d)
{
	char *text = NULL;
	const char *p, *end;
	size_t n;
	int rc;

	rc = inbound_trimmed(d->in, &text);
	if (rc != 0)
		return rc;
	p = text != NULL ? text : "";
	p += strspn(p, " \t\r\n");
	n = first_word(p, &end);
	d->approve = n == 0 || str_ieq((struct str){p, n}, "approve");
	if (!d->approve && str_ieq((struct str){p, n}, "reject")) {
		end += strspn(end, " \t");
		n = strcspn(end, "\r\n");
		buf_add(&d->reason, end,
		    n < PROPOSE_MAX_REASON ? n : PROPOSE_MAX_REASON);
	} else if (!d->approve)
		buf_addf(&d->refuse,
		    "\"%.*s\" is not a command for a proposed question "
		    "(approve, or reject REASON)",
		    (int)(n < 40 ? n : 40), p);
	free(text);
	return buf_error(&d->reason) != 0 ? E_NOMEM : 0;
}

/* tell_author - the proposal's author learns the decision. */
static int
tell_author(struct decision *d)
{
	const char *to = d->q.author;
	struct buf key = BUF_INIT(256);
	struct vars *v;
	struct mailout m;
	char role[16];
	long long id = 0;
	int rc;

	if (to == NULL || !compose_addr_valid(to))
		return 0;
	rc = store_member_lookup(d->in->st, d->in->list.id, to, &id, role);
	if (rc != 0 && rc != E_NOTFOUND)
		return rc;
	v = vars_new();
	buf_addf(&key, "quiz:propose:%lld:author", d->q.qid);
	vars_set(v, "recipient_name", to);
	vars_set(v, "question", d->q.text);
	vars_set(v, "reason", buf_cstr(&d->reason));
	vars_setf(v, "qid", "%lld", d->q.qid);
	m = (struct mailout){&d->in->list, "notice",
	    d->approve ? "quiz-proposal-approved" : "quiz-proposal-rejected",
	    to, NULL, id, buf_cstr(&key), NULL, NULL, false, v};
	rc = queue(d->in, &m, "notice");
	vars_free(v);
	buf_release(&key);
	return rc;
}

/* decision_act - the question becomes active or rejected; who is told. */
static int
decision_act(struct decision *d)
{
	long long lid, mod = (long long)d->tok->member;
	struct vars *v = vars_new();
	int rc;

	rc = store_quiz_status(d->in->st, d->q.qid, "proposed",
	    d->approve ? "active" : "rejected", &lid);
	CHECK(rc != E_PERM); /* checked as proposed in this transaction */
	if (rc == 0)
		rc = store_event(d->in->st, d->in->list.id, mod,
		    d->approve ? "quiz.approve" : "quiz.reject", d->q.qid,
		    buf_cstr(&d->reason));
	if (rc == 0)
		rc = tell_author(d);
	vars_set(v, "question", d->q.text);
	vars_set(v, "author", d->q.author);
	vars_set(v, "action", d->approve ? "approved" : "rejected");
	vars_setf(v, "qid", "%lld", d->q.qid);
	if (rc == 0)
		rc = inbound_notify(d->in, "quiz-proposal-done",
		    inbound_from(d->in), buf_cstr(&d->reason), v);
	if (rc == 0)
		log_info("quiz propose list=%s qid=%lld action=%s member=%lld",
		    d->in->list.name, d->q.qid,
		    d->approve ? "approve" : "reject", mod);
	vars_free(v);
	return rc;
}

/* decision_refused - nothing is done: an event and a notice. */
static int
decision_refused(struct decision *d)
{
	char q[LOG_Q_SIZE];

	log_info("quiz propose list=%s refused=%s", d->in->list.name,
	    log_q(q, buf_cstr(&d->refuse)));
	return inbound_mod_refused(
	    d->in, (long long)d->tok->object, buf_cstr(&d->refuse));
}

int
propose_decide(struct inbound *in, const struct token *t)
{
	struct decision d = {in, t, {0}, false, BUF_INIT(1024),
	    BUF_INIT(PROPOSE_MAX_REASON + 8)};
	int rc;

	rc = decision_check(&d);
	if (rc == 0 && d.refuse.len == 0)
		rc = decision_command(&d);
	if (rc == 0 && d.refuse.len == 0)
		rc = decision_act(&d);
	else if (rc == 0)
		rc = decision_refused(&d);
	quiz_full_release(&d.q);
	buf_release(&d.refuse);
	buf_release(&d.reason);
	if (rc != 0) {
		store_rollback(in->st);
		return rc == E_PARSE ? E_INTERNAL : rc;
	}
	return inbound_finish(in, "dropped", "moderation", NULL, NULL);
}

/*
 * connect.c - introduction reminders and question routing (connect.h).
 *
 * Routing, per list: the threads started in the last ROUTE_LOOK_DAYS
 * that nobody but their starter has posted in and that the router has
 * not looked at; of them the questions (terms_question) whose
 * route_hours of working time (hours of Monday to Friday in the list's
 * zone) have passed.  The expertise of everyone who may be asked is
 * read once per list and pass; each question's terms are scored against
 * it (route_rank) and the best three who are not the asker, not asked
 * already in this pass and within their mail budget get a mail of their
 * own (a prompt of kind expert, object the thread) whose Reply-To is
 * the thread's r- address bound to them, so the answer is a normal post
 * (mta-hook/connect.c records route.answer).  The thread is then marked
 * (routed), so it is never routed twice; nobody is told who else was
 * asked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "conf.h"
#include "connect.h"
#include "err.h"
#include "intromail.h"
#include "log.h"
#include "mailout.h"
#include "quizmail.h"
#include "route.h"
#include "store_connect.h"
#include "store_mentor.h"
#include "terms.h"
#include "xmalloc.h"

#define ROUTE_RANK     12   /* ranked before the exclusions of the pass */
#define ROUTE_QUOTE    1500 /* bytes of the question quoted */
#define WORK_MAX_HOURS 4000 /* a bound on the working-hours walk */

/* The token keys, loaded at the first mail of the pass. */
struct lazy_keys {
	bool loaded;
	struct token_keys keys;
};

/* One list's pass. */
struct pass {
	struct store *st;
	struct lazy_keys *lk;
	struct list_rec list;
	long long now;
	char now_iso[21];
	/* routing: the evidence, read once */
	struct route_item *items;
	struct terms *terms;
	struct route_evidence *ev;
	size_t n;
	long long *asked; /* asked in this pass */
	size_t n_asked, cap_asked;
};

/* keys - the token keys, loaded once; E_TEMP when they cannot be. */
static int
keys(struct pass *p, const struct token_keys **out)
{
	struct buf why = BUF_INIT(1024);
	int rc = 0;

	if (!p->lk->loaded) {
		rc = token_keys_load(conf_secret_file, &p->lk->keys, &why);
		if (rc != 0) {
			log_err("connect error=keys reason=%s", buf_cstr(&why));
			rc = E_TEMP;
		}
		p->lk->loaded = rc == 0;
	}
	*out = &p->lk->keys;
	buf_release(&why);
	return rc;
}

/* working_day - t falls on Monday to Friday in tz. */
static bool
working_day(long long t, const char *tz)
{
	struct tm tm;

	return time_to_local(t, tz, &tm) == 0 && tm.tm_wday >= 1 &&
	    tm.tm_wday <= 5;
}

/* working_now - now is a working hour of the list (CONNECT_FROM ...). */
static bool
working_now(const struct pass *p)
{
	struct tm tm;

	return time_to_local(p->now, p->list.timezone, &tm) == 0 &&
	    tm.tm_wday >= 1 && tm.tm_wday <= 5 && tm.tm_hour >= CONNECT_FROM &&
	    tm.tm_hour < CONNECT_UNTIL;
}

/* due - hours working hours after `from` have passed at now. */
static bool
due(long long from, int hours, long long now, const char *tz)
{
	long long t = from;
	int got = 0, walked;

	for (walked = 0; got < hours && walked < WORK_MAX_HOURS; walked++) {
		if (t >= now)
			return false;
		if (working_day(t, tz))
			got++;
		t += 3600;
	}
	return t <= now;
}

/* --- reminders --- */

/* remind - the one reminder for intro prompt `prompt` to member. */
static int
remind(struct pass *p, long long prompt, long long member)
{
	struct connect_member who;
	struct intromail m = {
	    &p->list, &who, "intro_reminder", "intro-reminder", prompt, p->now};
	const struct token_keys *k;
	struct vars *v;
	long long id;
	bool ok = false;
	int rc;

	rc = quizmail_budget_left(p->st, member, p->now, p->list.timezone, &ok);
	if (rc != 0 || !ok)
		return rc;
	rc = store_connect_member(p->st, member, &who);
	if (rc == 0)
		rc = keys(p, &k);
	if (rc != 0)
		return rc;
	v = vars_new();
	rc = intromail_send(p->st, k, &m, v, &id);
	vars_free(v);
	return rc;
}

/* reminders - every invitation a week old and unanswered: one reminder. */
static int
reminders(struct pass *p)
{
	long long *prompts, *members;
	char before[21];
	size_t n, i;
	int rc;

	rc = time_format_iso(p->now - INTRO_REMIND_DAYS * 86400LL, before);
	if (rc == 0)
		rc = store_intro_due(
		    p->st, p->list.id, before, &prompts, &members, &n);
	if (rc != 0)
		return rc;
	for (i = 0; rc == 0 && i < n; i++)
		rc = remind(p, prompts[i], members[i]);
	free(prompts);
	free(members);
	return rc;
}

/* --- routing --- */

/* evidence - the expertise of who may be asked, with terms. */
static int
evidence(struct pass *p)
{
	char since[21];
	long long at;
	size_t i;
	int rc;

	rc = time_format_iso(p->now - ROUTE_AGAIN_DAYS * 86400LL, since);
	if (rc == 0)
		rc = store_route_items(
		    p->st, p->list.id, 0, p->now_iso, since, &p->items, &p->n);
	if (rc != 0 || p->n == 0)
		return rc;
	p->terms = xreallocarray(NULL, p->n, sizeof *p->terms);
	p->ev = xreallocarray(NULL, p->n, sizeof *p->ev);
	for (i = 0; i < p->n; i++) {
		const struct route_item *it = &p->items[i];

		terms_init(&p->terms[i]);
		terms_extract(&p->terms[i], it->title);
		terms_extract(&p->terms[i], it->text);
		if (time_parse_iso(it->at, &at) != 0)
			at = p->now;
		p->ev[i] = (struct route_evidence){it->member,
		    (enum route_src)it->src, it->title, &p->terms[i],
		    (long)((p->now - at) / 86400), it->thanked};
	}
	return 0;
}

static void
evidence_release(struct pass *p)
{
	size_t i;

	for (i = 0; p->terms != NULL && i < p->n; i++)
		terms_release(&p->terms[i]);
	free(p->terms);
	free(p->ev);
	route_items_free(p->items, p->n);
	free(p->asked);
	p->terms = NULL;
	p->ev = NULL;
	p->items = NULL;
	p->asked = NULL;
	p->n = p->n_asked = p->cap_asked = 0;
}

/* asked_here - member was asked already in this pass. */
static bool
asked_here(const struct pass *p, long long member)
{
	size_t i;

	for (i = 0; i < p->n_asked; i++)
		if (p->asked[i] == member)
			return true;
	return false;
}

/* quote - the question as "> " lines, cut at ROUTE_QUOTE bytes. */
static void
quote(const char *text, struct buf *out)
{
	const char *p = text, *e;
	size_t start = out->len;

	for (; *p != '\0' && out->len - start < ROUTE_QUOTE;
	     p = *e != '\0' ? e + 1 : e) {
		e = p + strcspn(p, "\n");
		buf_adds(out, e > p ? "> " : ">");
		buf_add(out, p, (size_t)(e - p));
		buf_addc(out, '\n');
	}
	if (*p != '\0')
		buf_adds(out, "> [...]\n");
	if (out->len > start)
		buf_truncate(
		    out, out->len - 1); /* the template ends the line */
}

/* ask_mail - the mail of prompt id to who about question q. */
static int
ask_mail(struct pass *p, const struct route_question *q,
    const struct connect_member *who, long long id, const char *reason)
{
	struct token t = {'r', (unsigned long long)q->thread_id,
	    (unsigned long long)who->id, p->now + conf_token_ttl_days * 86400};
	struct buf addr = BUF_INIT(MAX_EMAIL + 1), key = BUF_INIT(64);
	struct buf quoted = BUF_INIT(4 * ROUTE_QUOTE), why = BUF_INIT(1024);
	struct vars *v = vars_new();
	const struct token_keys *k;
	struct mailout m;
	bool queued;
	int rc;

	rc = keys(p, &k);
	if (rc == 0)
		rc = mailout_token_address(k, p->list.name, &t, &addr);
	quote(q->text, &quoted);
	buf_addf(&key, "route:ask:%lld", id);
	vars_set(
	    v, "recipient_name", who->name[0] != '\0' ? who->name : who->email);
	vars_set(v, "subject", q->subject);
	vars_set(v, "asker", q->author_name);
	vars_set(v, "question", buf_cstr(&quoted));
	vars_set(v, "reason", reason);
	vars_set(v, "reply_address", buf_cstr(&addr));
	m = (struct mailout){&p->list, "notice", "route-ask", who->email,
	    who->name, who->id, buf_cstr(&key), q->message_id, buf_cstr(&addr),
	    false, v};
	if (rc == 0)
		rc = mailout_queue(p->st, k, &m, &queued, &why);
	if (rc != 0)
		log_err("route mail error=%s reason=%s", err_name(rc),
		    buf_cstr(&why));
	vars_free(v);
	buf_release(&addr);
	buf_release(&key);
	buf_release(&quoted);
	buf_release(&why);
	return rc == E_PARSE ? E_INTERNAL : rc;
}

/* ask - one person about question q: prompt, mail, route.ask. */
static int
ask(struct pass *p, const struct route_question *q, const struct route_pick *k)
{
	struct connect_member who;
	struct prompt_rec pr;
	struct buf reason = BUF_INIT(512);
	char detail[24];
	long long id = 0;
	int rc;

	memset(&pr, 0, sizeof pr);
	pr.list_id = p->list.id;
	pr.member_id = k->member;
	pr.object_id = q->thread_id;
	snprintf(pr.kind, sizeof pr.kind, "expert");
	memcpy(pr.sent_at, p->now_iso, sizeof pr.sent_at);
	route_reason(&p->ev[k->why], &reason);
	snprintf(detail, sizeof detail, "%lld", q->thread_id);
	rc = store_connect_member(p->st, k->member, &who);
	if (rc == 0)
		rc = store_prompt_add(p->st, &pr, &id);
	if (rc == 0)
		rc = ask_mail(p, q, &who, id, buf_cstr(&reason));
	if (rc == 0)
		rc = store_event(
		    p->st, p->list.id, k->member, "route.ask", id, detail);
	if (rc == 0)
		log_info("route ask list=%s thread=%lld prompt=%lld score=%d",
		    p->list.name, q->thread_id, id, k->score);
	buf_release(&reason);
	return rc;
}

/* may_ask - not the asker, not asked in this pass, within the budget. */
static int
may_ask(
    struct pass *p, const struct route_question *q, long long member, bool *ok)
{
	*ok = false;
	if (member == q->author_id || asked_here(p, member))
		return 0;
	return quizmail_budget_left(
	    p->st, member, p->now, p->list.timezone, ok);
}

/* route - question q to the best ROUTE_ASK who may be asked. */
static int
route(struct pass *p, const struct route_question *q, int *asked)
{
	struct route_pick k[ROUTE_RANK];
	struct terms qt;
	size_t n, i;
	bool ok;
	int rc = 0;

	*asked = 0;
	terms_init(&qt);
	terms_extract(&qt, q->subject);
	terms_extract(&qt, q->text);
	n = route_rank(&qt, p->ev, p->n, k, ROUTE_RANK);
	for (i = 0; rc == 0 && i < n && *asked < ROUTE_ASK; i++) {
		rc = may_ask(p, q, k[i].member, &ok);
		if (rc != 0 || !ok)
			continue;
		rc = ask(p, q, &k[i]);
		if (rc != 0)
			break;
		if (p->n_asked == p->cap_asked) {
			p->cap_asked =
			    p->cap_asked == 0 ? 16 : 2 * p->cap_asked;
			p->asked = xreallocarray(
			    p->asked, p->cap_asked, sizeof *p->asked);
		}
		p->asked[p->n_asked++] = k[i].member;
		(*asked)++;
	}
	terms_release(&qt);
	return rc;
}

/* one_question - route q when it asks something and is due; mark it. */
static int
one_question(struct pass *p, const struct route_question *q, int hours)
{
	struct buf all = BUF_INIT(1 << 20);
	long long posted;
	bool is_q;
	int asked = 0, rc;

	buf_addf(&all, "%s\n%s", q->subject, q->text);
	is_q = terms_question(buf_cstr(&all));
	buf_release(&all);
	if (time_parse_iso(q->posted, &posted) != 0)
		return 0;
	if (is_q && !due(posted, hours, p->now, p->list.timezone))
		return 0; /* not yet */
	rc = is_q ? route(p, q, &asked) : 0;
	if (rc == 0)
		rc = store_route_mark(
		    p->st, p->list.id, q->thread_id, p->now_iso, asked);
	return rc;
}

/* routing - the unanswered questions of the list. */
static int
routing(struct pass *p, int hours)
{
	struct route_question *q;
	char since[21], before[21];
	size_t n, i;
	int rc;

	rc = time_format_iso(p->now - ROUTE_LOOK_DAYS * 86400LL, since);
	if (rc == 0)
		rc = time_format_iso(p->now - hours * 3600LL, before);
	if (rc == 0)
		rc = store_route_questions(
		    p->st, p->list.id, since, before, &q, &n);
	if (rc != 0 || n == 0)
		return rc;
	rc = evidence(p);
	for (i = 0; rc == 0 && i < n; i++)
		rc = one_question(p, &q[i], hours);
	evidence_release(p);
	route_questions_free(q, n);
	return rc;
}

/* one_list - list id's reminders and routing, in one transaction. */
static int
one_list(struct store *st, struct lazy_keys *lk, long long id, long long now)
{
	struct pass p;
	struct connect_settings cs;
	int rc;

	memset(&p, 0, sizeof p);
	p.st = st;
	p.lk = lk;
	p.now = now;
	time_format_iso(now, p.now_iso);
	rc = store_list_get_id(st, id, &p.list);
	if (rc != 0)
		return rc;
	if (!working_now(&p)) {
		list_rec_release(&p.list);
		return 0;
	}
	rc = store_begin(st);
	if (rc == 0)
		rc = store_connect_settings(st, id, &cs);
	if (rc == 0 && cs.intros)
		rc = reminders(&p);
	if (rc == 0 && cs.route_hours > 0)
		rc = routing(&p, cs.route_hours);
	if (rc == 0)
		rc = store_commit(st);
	if (rc != 0) {
		store_rollback(st);
		log_err("connect list=%s error=%s", p.list.name, err_name(rc));
	}
	list_rec_release(&p.list);
	return rc;
}

int
connect_run(struct store *st, long long now)
{
	struct lazy_keys lk;
	long long *ids;
	size_t n, i;
	int rc;

	memset(&lk, 0, sizeof lk);
	rc = store_connect_lists(st, &ids, &n);
	for (i = 0; rc == 0 && i < n; i++)
		rc = one_list(st, &lk, ids[i], now);
	if (lk.loaded)
		token_keys_clear(&lk.keys);
	free(ids);
	return rc;
}

/*
 * prompt.c - replies to personal prompts at LIST+p-TOKEN@, and the
 * mentoring commands at LIST+request@ (mentor pause, mentor resume);
 * docs/mentoring.md.
 *
 * A p- token names one prompt (object) and the member it went to
 * (member).  A reply is taken when the token is authentic, of kind p,
 * for this list and this prompt's member, the From address is that
 * member's, and the prompt's pair has not ended.  The reply (trimmed of
 * quotes) is recorded on the prompt: the 1-4 pulse on the first line of
 * a reflection or close-out, the fit answer (yes / not sure / no), a
 * pace word (weekly, fortnightly, monthly, pause) on a line of its own
 * in a mentee's reflection or close-out; a mentee's close-out answer
 * completes onboarding (mentor.onboarded).  A command on the first line
 * (skip, pause 2w, done, reschedule DAY; learn/checkin.h) is applied and
 * confirmed even on a prompt answered before; the text after it is then
 * the reply.  Except for the fit question, the reply is
 * relayed to the other person of the pair as a new prompt of kind relay
 * (their own p- address, so the conversation continues by reply); never
 * to the list.  A "no" to the fit question tells the list's moderators,
 * not the other person.  A prompt answered before: a short notice, no
 * second effect.  A forged, foreign, expired or ended one: a
 * rate-limited notice, no effect.  Automatic mail never gets here
 * (ROUTE_OOO: the router drops out-of-office replies first).
 *
 * An introduction invitation (kind intro or intro_reminder) whose token
 * and prompt check out is handed to intro_reply() (connect.c).
 *
 * Invariants: runs in the router's transaction and ends with
 * inbound_finish() (commit); calls no other handler.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "addr.h"
#include "checkin.h"
#include "clock.h"
#include "err.h"
#include "handlers.h"
#include "log.h"
#include "mailout.h"
#include "mentormail.h"
#include "mime.h"
#include "store_mod.h"

#define MAX_PACE_LINE   32  /* a pace word's line, with spaces */
#define MAX_CMD_LINE    128 /* a command's line */
#define MAX_RELAY_FILES 16  /* files passed on with a relayed reply */

/* One reply being handled. */
struct reply {
	struct inbound *in;
	struct token tok;
	struct prompt_rec p;
	struct mentor_pair pair;
	const struct mentor_person *from, *to;
	char *text; /* trimmed, owned; after a command, what follows it */
	struct checkin cmd;
	struct buf confirm; /* the command's confirmation, "" when none */
	int pulse;
	const char *fit, *pace;
	long long now;
	char now_iso[21];
};

/* refuse - no effect: an event, a notice (rate-limited), stored dropped. */
static int
refuse(struct inbound *in, long long member, const char *why)
{
	return inbound_refuse(
	    in, member, "mentor.refused", "mentor-refused", why);
}

/* check_pair - the prompt's pair, open, and the sender in it; *why. */
static int
check_pair(struct reply *r, const char **why)
{
	int rc;

	rc = store_mentor_get(r->in->st, r->p.mentorship_id, &r->pair);
	if (rc == E_NOTFOUND)
		return 0;
	if (rc != 0)
		return rc;
	if (strcmp(r->pair.state, "ended") == 0) {
		*why = "this mentoring pair has ended";
		return 0;
	}
	r->from = r->pair.mentor.id == r->p.member_id ? &r->pair.mentor
	                                              : &r->pair.mentee;
	r->to = mentormail_other(&r->pair, r->from->id);
	if (!addr_same(r->from->email, inbound_from(r->in))) {
		*why = "this check-in was sent to someone else";
		return 0;
	}
	*why = NULL;
	return 0;
}

/* is_intro - an introduction invitation (connect.c takes the reply). */
static bool
is_intro(const struct prompt_rec *p)
{
	return strcmp(p->kind, "intro") == 0 ||
	    strcmp(p->kind, "intro_reminder") == 0;
}

/*
 * expired_why - the refusal for an expired p- token, in the words of the
 * prompt it was for; r->p keeps that prompt when it is the member's on
 * this list, so refuse_as() answers as its handler would.
 */
static const char *
expired_why(struct reply *r)
{
	if (store_prompt_get(r->in->st, (long long)r->tok.object, &r->p) != 0 ||
	    r->p.list_id != r->in->list.id ||
	    r->p.member_id != (long long)r->tok.member) {
		memset(&r->p, 0, sizeof r->p);
		return "this check-in is too old to answer";
	}
	if (is_intro(&r->p))
		return "this invitation has expired";
	if (strcmp(r->p.kind, "question") == 0)
		return "this question is closed";
	return "this check-in is too old to answer";
}

/* refuse_as - refuse() with the event and notice of the prompt's kind. */
static int
refuse_as(struct inbound *in, const struct prompt_rec *p, const char *why)
{
	if (is_intro(p))
		return inbound_refuse(
		    in, p->member_id, "intro.refused", "intro-refused", why);
	if (strcmp(p->kind, "question") == 0)
		return inbound_refuse(in, p->member_id, "reflect.refused",
		    "reflect-refused", why);
	return refuse(in, p->member_id, why);
}

/* check - the token, its prompt and pair; *why when refused. */
static int
check(struct reply *r, const char **why)
{
	const struct token_keys *keys;
	int rc;

	*why = "this reply address is not valid";
	rc = inbound_keys(r->in, &keys);
	if (rc != 0)
		return rc;
	rc = token_verify(keys, r->in->ext + 2, r->now, &r->tok);
	if (rc == E_PERM && r->tok.kind == 'p')
		*why = expired_why(r);
	if (rc == E_PARSE || rc == E_PERM || r->tok.kind != 'p')
		return 0;
	if (rc != 0)
		return rc;
	rc = store_prompt_get(r->in->st, (long long)r->tok.object, &r->p);
	if (rc == E_NOTFOUND ||
	    (rc == 0 &&
	        (r->p.list_id != r->in->list.id ||
	            r->p.member_id != (long long)r->tok.member)))
		return 0;
	if (rc != 0)
		return rc;
	if (is_intro(&r->p) || strcmp(r->p.kind, "question") == 0) {
		*why = NULL; /* connect.c or reflect.c checks the rest */
		return 0;
	}
	return check_pair(r, why);
}

/*
 * line_word - line [p, e) without spaces around and trailing punctuation
 * into out; "" when it is blank or longer than max - 1 bytes.
 */
static void
line_word(const char *p, const char *e, char *out, size_t max)
{
	size_t n;

	while (p < e && isspace((unsigned char)*p))
		p++;
	while (e > p &&
	    (isspace((unsigned char)e[-1]) || strchr(".!,;:", e[-1]) != NULL))
		e--;
	n = (size_t)(e - p);
	if (n >= max)
		n = 0;
	memcpy(out, p, n);
	out[n] = '\0';
}

/* starts - line p (spaces skipped) starts with word w, then no letter. */
static bool
starts(const char *p, const char *e, const char *w)
{
	size_t n = strlen(w);

	while (p < e && isspace((unsigned char)*p))
		p++;
	return (size_t)(e - p) >= n && strncasecmp(p, w, n) == 0 &&
	    (p + n == e || !isalnum((unsigned char)p[n]));
}

/* parse_pulse - "3", "3/4", "3 - fine" on line p: 3; 0 when none. */
static int
parse_pulse(const char *p, const char *e)
{
	while (p < e && isspace((unsigned char)*p))
		p++;
	if (p == e || *p < '1' || *p > '4')
		return 0;
	return p + 1 == e || !isalnum((unsigned char)p[1]) ? *p - '0' : 0;
}

/* parse_fit - the answer to "is this pairing a good fit?", or NULL. */
static const char *
parse_fit(const char *p, const char *e)
{
	static const char *const map[][2] = {{"not sure", "not sure"},
	    {"not a fit", "no"}, {"not-a-fit", "no"}, {"yes", "yes"},
	    {"good", "yes"}, {"unsure", "not sure"}, {"deciding", "not sure"},
	    {"maybe", "not sure"}, {"no", "no"}};
	size_t i;

	for (i = 0; i < sizeof map / sizeof map[0]; i++)
		if (starts(p, e, map[i][0]))
			return map[i][1];
	return NULL;
}

/*
 * parse - from the trimmed reply's lines: the pulse (first line of a
 * reflection), the fit answer (first line of a fit prompt), a pace word
 * alone on a line (a mentee's reflection).
 */
static void
parse(struct reply *r)
{
	const char *p = r->text, *e;
	char w[MAX_PACE_LINE];
	enum cadence_pace pace;
	bool first = true,
	     refl = strcmp(r->p.kind, "reflection") == 0 ||
	    strcmp(r->p.kind, "closeout") == 0;
	bool mentee = r->from == &r->pair.mentee;

	for (; *p != '\0'; p = *e != '\0' ? e + 1 : e) {
		e = p + strcspn(p, "\n");
		if (p + strspn(p, " \t\r") >= e)
			continue; /* blank */
		if (first && refl)
			r->pulse = parse_pulse(p, e);
		if (first && strcmp(r->p.kind, "fit") == 0)
			r->fit = parse_fit(p, e);
		line_word(p, e, w, sizeof w);
		if (mentee && refl && r->pace == NULL &&
		    cadence_pace_parse(w, &pace))
			r->pace = cadence_pace_name(pace);
		first = false;
	}
}

/* alert - a "no" to the fit question: one mail to each moderator. */
static int
alert(struct reply *r)
{
	const struct token_keys *keys;
	struct buf key = BUF_INIT(128), why = BUF_INIT(1024);
	struct rcpt_rec *mods = NULL;
	struct mailout m;
	size_t n = 0, i;
	bool queued;
	int rc;

	rc = inbound_keys(r->in, &keys);
	if (rc == 0)
		rc = store_mod_moderators(r->in->st, r->in->list.id, &mods, &n);
	for (i = 0; rc == 0 && i < n; i++) {
		struct vars *v = vars_new();

		buf_reset(&key);
		buf_addf(&key, "mentor:fit-alert:%lld:%lld", r->p.id,
		    mods[i].member_id);
		vars_set(v, "recipient_name",
		    mods[i].name[0] != '\0' ? mods[i].name : mods[i].email);
		vars_setf(v, "pair", "%lld", r->pair.id);
		vars_set(v, "who",
		    r->from == &r->pair.mentor ? "The mentor" : "The mentee");
		vars_set(v, "mentor", r->pair.mentor.email);
		vars_set(v, "mentee", r->pair.mentee.email);
		m = (struct mailout){&r->in->list, "mentor", "mentor-fit-alert",
		    mods[i].email, mods[i].name, mods[i].member_id,
		    buf_cstr(&key), NULL, NULL, false, v};
		rc = mailout_queue(r->in->st, keys, &m, &queued, &why);
		vars_free(v);
	}
	if (rc == 0)
		rc = store_event(r->in->st, r->in->list.id, 0,
		    "mentor.fit_alert", r->pair.id, "");
	if (rc != 0)
		log_err("mentor alert error=%s reason=%s", err_name(rc),
		    buf_cstr(&why));
	rcpt_recs_free(mods, n);
	buf_release(&key);
	buf_release(&why);
	return rc == E_PARSE ? E_INTERNAL : rc;
}

/*
 * attachments - the reply's files as parts of the relay (those the
 * parser kept: within max_attachment_bytes), the names of all into v and
 * of those not passed on into "att_cut".
 */
static void
attachments(
    const struct reply *r, struct vars *v, struct out_part *parts, size_t *n)
{
	struct buf names = BUF_INIT(1024), cut = BUF_INIT(1024);
	const struct msg *msg = r->in->msg;
	size_t i;

	*n = 0;
	for (i = 0; i < msg->n_att && i < MAX_RELAY_FILES; i++) {
		const struct mime_attachment *a = &msg->att[i];
		const char *name = a->name[0] != '\0' ? a->name : "(unnamed)";

		buf_addf(&names, "%s%s", i > 0 ? ", " : "", name);
		if (a->data != NULL)
			parts[(*n)++] = (struct out_part){
			    a->type, a->name, a->data, a->size};
		else
			buf_addf(&cut, "%s%s", cut.len > 0 ? ", " : "", name);
	}
	vars_set_bool(v, "has_attachments", msg->n_att > 0);
	vars_set(v, "attachments", buf_cstr(&names));
	vars_set_bool(v, "has_cut", cut.len > 0);
	vars_set(v, "att_cut", buf_cstr(&cut));
	buf_release(&names);
	buf_release(&cut);
}

/* relay - the reply to the other person, with a p- address of theirs. */
static int
relay(struct reply *r)
{
	const struct token_keys *keys;
	struct vars *v = vars_new();
	struct out_part parts[MAX_RELAY_FILES];
	struct mailout_ext x;
	struct mentormail_prompt m = {&r->in->list, &r->pair, "relay",
	    r->p.week, r->to, "mentor-relay", NULL, r->now, &x};
	long long id;
	int rc;

	memset(&x, 0, sizeof x);
	x.parts = parts;
	rc = inbound_keys(r->in, &keys);
	vars_set(v, "answer", r->text);
	attachments(r, v, parts, &x.n_parts);
	if (rc == 0)
		rc = mentormail_send(r->in->st, keys, &m, v, &id);
	vars_free(v);
	return rc;
}

/* apply - record the reply and its effects: pace, fit, relay. */
static int
apply(struct reply *r)
{
	struct prompt_reply pr = {
	    r->now_iso, r->text, r->pulse, r->fit, r->pace};
	struct store *st = r->in->st;
	long long list = r->in->list.id, who = r->from->id;
	int rc;

	rc = store_prompt_reply(st, r->p.id, &pr);
	if (rc == 0)
		rc = store_event(
		    st, list, who, "mentor.reply", r->p.id, r->p.kind);
	if (rc == 0 && r->pace != NULL)
		rc = store_mentor_pace(st, r->pair.id, r->pace);
	if (rc == 0 && r->pace != NULL)
		rc = store_event(
		    st, list, who, "mentor.pace", r->pair.id, r->pace);
	if (rc == 0 && r->pace != NULL && strcmp(r->pace, "pause") == 0)
		rc = store_mentor_state(st, r->pair.id, "active", "paused");
	if (rc == 0 && r->fit != NULL)
		rc = store_event(
		    st, list, who, "mentor.fit", r->pair.id, r->fit);
	if (rc == 0 && r->fit != NULL && strcmp(r->fit, "no") == 0)
		rc = alert(r);
	if (rc == 0 && strcmp(r->p.kind, "closeout") == 0 &&
	    who == r->pair.mentee.id)
		rc = mentormail_onboarded(st, &r->pair, r->now);
	if (rc == 0 && strcmp(r->p.kind, "fit") != 0)
		rc = relay(r);
	return rc == E_PERM ? 0 : rc; /* pausing a paused pair: nothing */
}

/* first_line - the first non-blank line of text into out; its end. */
static const char *
first_line(const char *text, char *out, size_t max)
{
	const char *p = text + strspn(text, " \t\r\n"), *e;
	size_t n;

	e = p + strcspn(p, "\n");
	n = (size_t)(e - p) < max ? (size_t)(e - p) : 0;
	memcpy(out, p, n);
	out[n] = '\0';
	return e;
}

/* day_text - day as "Tuesday 2026-03-10" into out. */
static void
day_text(long day, char out[32])
{
	static const char *const names[] = {"Sunday", "Monday", "Tuesday",
	    "Wednesday", "Thursday", "Friday", "Saturday"};
	char iso[21];

	time_format_iso((long long)day * 86400, iso);
	snprintf(out, 32, "%s %.10s", names[checkin_weekday(day)], iso);
}

/* move - skip, pause N, reschedule: the pair's next check-in moves. */
static int
move(struct reply *r, const struct cadence_in *in)
{
	long target, shift, hold;
	char when[32], iso[21];
	int rc;

	if (checkin_target(in, &r->cmd, &target) != 0 ||
	    cadence_move(in, target, &shift, &hold) != 0) {
		buf_adds(&r->confirm,
		    "The check-ins of this pair are paused,"
		    " so there is nothing to move.");
		return 0;
	}
	time_format_iso((long long)hold * 86400, iso);
	iso[10] = '\0';
	rc = store_mentor_move(r->in->st, r->pair.id, shift, iso);
	day_text(hold, when);
	if (r->cmd.cmd == CHECKIN_SKIP)
		buf_addf(
		    &r->confirm, "Skipped: the next check-in is on %s.", when);
	else if (r->cmd.cmd == CHECKIN_PAUSE)
		buf_addf(&r->confirm, "Paused: no check-in before %s.", when);
	else
		buf_addf(&r->confirm, "The next check-in is now on %s.", when);
	return rc;
}

/*
 * done - "done": the pair met.  Alone, it is the prompt's answer (an
 * exchange for the health rule); with more text, that text is.
 */
static int
done(struct reply *r, const char *line)
{
	struct prompt_reply pr = {r->now_iso, line, 0, NULL, NULL};
	int rc = 0;

	if (r->p.replied_at[0] == '\0' &&
	    r->text[strspn(r->text, " \t\r\n")] == '\0')
		rc = store_prompt_reply(r->in->st, r->p.id, &pr);
	buf_addf(&r->confirm, "Noted that you and %s met. Thank you.",
	    mentormail_name(r->to));
	return rc;
}

/*
 * command - a command on the reply's first line (learn/checkin.h): its
 * effect, its event, its confirmation; r->text keeps what follows it.
 */
static int
command(struct reply *r)
{
	char line[MAX_CMD_LINE];
	const char *e = first_line(r->text, line, sizeof line);
	struct cadence_in in;
	struct cadence_signals sig;
	struct mentor_history h;
	int rc;

	rc = mentormail_signals(
	    r->in->st, &r->pair, r->now, r->in->list.timezone, &in, &sig, &h);
	if (rc != 0)
		return rc;
	r->cmd = checkin_parse(line, in.today);
	if (r->cmd.cmd == CHECKIN_NONE)
		return 0;
	if (r->cmd.cmd == CHECKIN_BAD) {
		buf_adds(&r->confirm, CHECKIN_FORMS);
		return 0;
	}
	e += strspn(e, " \t\r\n");
	memmove(r->text, e, strlen(e) + 1);
	if (strcmp(r->pair.state, "active") != 0 && r->cmd.cmd != CHECKIN_DONE)
		buf_adds(&r->confirm,
		    "The check-ins of this pair are paused,"
		    " so there is nothing to move.");
	else if (r->cmd.cmd == CHECKIN_DONE)
		rc = done(r, line);
	else
		rc = move(r, &in);
	if (rc == 0) {
		char ev[24];

		snprintf(ev, sizeof ev, "mentor.%s", checkin_name(r->cmd.cmd));
		rc = store_event(
		    r->in->st, r->in->list.id, r->from->id, ev, r->pair.id, "");
	}
	return rc;
}

/* confirm - the end: a short confirmation when a command was seen. */
static int
confirm(struct reply *r)
{
	struct vars *v;
	int rc;

	if (r->confirm.len == 0)
		return inbound_finish(
		    r->in, "dropped", "mentor reply", NULL, NULL);
	v = vars_new();
	vars_set(v, "confirmation", buf_cstr(&r->confirm));
	vars_set(v, "other_name", mentormail_name(r->to));
	vars_set(v, "command",
	    r->cmd.cmd == CHECKIN_BAD ? "not understood"
	                              : checkin_name(r->cmd.cmd));
	rc = inbound_finish(
	    r->in, "dropped", "mentor command", "mentor-command", v);
	vars_free(v);
	return rc;
}

/* take - the checked reply: a command at its top, then once its text. */
static int
take(struct reply *r)
{
	bool answered = r->p.replied_at[0] != '\0', rest;
	int rc;

	rc = inbound_trimmed(r->in, &r->text);
	if (rc == 0)
		rc = command(r);
	if (rc != 0) {
		store_rollback(r->in->st);
		return rc;
	}
	rest = r->text[strspn(r->text, " \t\r\n")] != '\0';
	if (r->cmd.cmd == CHECKIN_NONE || r->cmd.cmd == CHECKIN_BAD) {
		if (answered)
			return inbound_finish(r->in, "dropped",
			    "mentor: already answered", "mentor-already", NULL);
		if (!rest)
			return refuse(r->in, r->from->id,
			    "the reply has no text of its own");
	}
	if (rest && !answered) {
		parse(r);
		rc = apply(r);
	}
	if (rc != 0) {
		store_rollback(r->in->st);
		return rc;
	}
	return confirm(r);
}

int
prompt_handle(struct inbound *in)
{
	struct reply r;
	const char *why = NULL;
	int rc;

	memset(&r, 0, sizeof r);
	buf_init(&r.confirm, 256);
	r.in = in;
	r.now = clock_now();
	time_format_iso(r.now, r.now_iso);
	rc = check(&r, &why);
	if (rc != 0)
		store_rollback(in->st);
	else if (why != NULL)
		rc = refuse_as(in, &r.p, why);
	else if (is_intro(&r.p))
		rc = intro_reply(in, &r.p);
	else if (strcmp(r.p.kind, "question") == 0)
		rc = reflect_reply(in, &r.p, r.now_iso);
	else
		rc = take(&r);
	free(r.text);
	buf_release(&r.confirm);
	mentor_pair_release(&r.pair);
	return rc;
}

/* set_pairs - every open pair of member from state `from` to `to`. */
static int
set_pairs(struct inbound *in, long long member, const char *from,
    const char *to, const char *event, int *n)
{
	struct mentor_pair *p;
	size_t np, i;
	int rc;

	*n = 0;
	rc = store_mentor_member_pairs(in->st, in->list.id, member, &p, &np);
	for (i = 0; rc == 0 && i < np; i++) {
		if (strcmp(p[i].state, from) != 0)
			continue;
		rc = store_mentor_state(in->st, p[i].id, from, to);
		if (rc == 0)
			rc = store_event(in->st, in->list.id, member, event,
			    p[i].id, "request");
		(*n)++;
	}
	mentor_pairs_free(p, np);
	return rc;
}

int
mentor_request(struct inbound *in, long long member, const char *line,
    struct buf *reply, bool *handled)
{
	bool pause = strcmp(line, "mentor pause") == 0;
	int n = 0, rc;

	*handled = pause || strcmp(line, "mentor resume") == 0;
	if (!*handled)
		return 0;
	rc = set_pairs(in, member, pause ? "active" : "paused",
	    pause ? "paused" : "active",
	    pause ? "mentor.pause" : "mentor.resume", &n);
	if (rc != 0)
		return rc;
	if (n == 0)
		buf_addf(reply, "you have no %s mentoring pair in this list.",
		    pause ? "running" : "paused");
	else if (pause)
		buf_addf(reply,
		    "check-ins paused for %d pair(s); send \"mentor resume\""
		    " to start them again.",
		    n);
	else
		buf_addf(reply, "check-ins resumed for %d pair(s).", n);
	return 0;
}

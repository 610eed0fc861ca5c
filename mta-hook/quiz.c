/*
 * quiz.c - answers to quiz questions at LIST+q-TOKEN@, and the quiz
 * commands at LIST+request@ (quiz on|off, pause, stats); docs/quiz.md.
 *
 * A q- token names one send (object) and the learner it went to
 * (member).  An answer is taken when the token is authentic, of kind q,
 * for this list, and the From address is the learner's.  The first line
 * of the trimmed reply is graded (learn/grade.h) against the options in
 * the order that member saw them (quizmail_shuffle, seeded by the send).
 * On time: the list's scheduler moves the card (classic: learn/classic.h,
 * adaptive: learn/fsrs.h) and the member gets the feedback at once (the
 * hook wakes the sender after the commit, ingest.c).  Late (the send has
 * expired): recorded with late = 1, the schedule does not move, feedback
 * all the same.  Answered before, or not readable: a notice, no effect.
 * A forged, foreign or expired address: a rate-limited notice, no effect.
 * Automatic mail never gets here (the router drops it first).
 *
 * Invariants: runs in the router's transaction and ends with
 * inbound_finish() (commit); calls no other handler.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "classic.h"
#include "clock.h"
#include "conf.h"
#include "err.h"
#include "fsrs.h"
#include "grade.h"
#include "handlers.h"
#include "log.h"
#include "mailout.h"
#include "mime.h"
#include "quizmail.h"
#include "store_quiz.h"

/* One answer being handled. */
struct answer {
	struct inbound *in;
	struct token tok;
	struct quiz_send send;
	struct quiz_full q;
	struct quiz_settings set;
	struct quiz_card card;
	struct grade_result g;
	struct quiz_answer_rec rec;
	long long now;
	char now_iso[21], due[21];
	char reply[GRADE_MAX_LINE + 1];
	bool retired; /* this answer retired the question (classic) */
};

/* refuse - no effect: an event, a notice (rate-limited), stored dropped. */
static int
refuse(struct inbound *in, long long member, const char *why)
{
	return inbound_refuse(in, member, "quiz.refused", "quiz-refused", why);
}

/* check - the token and the send it names; *why when refused. */
static int
check(struct answer *a, const char **why)
{
	const struct token_keys *keys;
	char email[MAX_EMAIL + 1];
	int rc;

	*why = "this answer address is not valid";
	rc = inbound_keys(a->in, &keys);
	if (rc != 0)
		return rc;
	rc = token_verify(keys, a->in->ext + 2, a->now, &a->tok);
	if (rc == E_PERM && a->tok.kind == 'q')
		*why = "this question is too old to answer";
	if (rc == E_PARSE || rc == E_PERM || a->tok.kind != 'q')
		return 0;
	if (rc != 0)
		return rc;
	rc = store_quiz_send_get(a->in->st, (long long)a->tok.object, &a->send);
	if (rc == E_NOTFOUND ||
	    (rc == 0 &&
	        (a->send.list_id != a->in->list.id ||
	            a->send.member_id != (long long)a->tok.member)))
		return 0;
	if (rc == 0)
		rc = store_member_email(a->in->st, a->send.member_id, email);
	if (rc == E_NOTFOUND)
		return 0;
	if (rc == 0 && !addr_same(email, inbound_from(a->in))) {
		*why = "this question was sent to someone else";
		return 0;
	}
	*why = NULL;
	return rc;
}

/* first_line - the trimmed reply's first line into a->reply. */
static int
first_line(struct answer *a)
{
	char *text = NULL;
	struct str s;
	int rc;

	rc = inbound_trimmed(a->in, &text);
	if (rc != 0)
		return rc;
	s = grade_first_line(text, strlen(text));
	snprintf(a->reply, sizeof a->reply, "%.*s", (int)s.n, s.p);
	free(text);
	return 0;
}

/* choices_vars - the options as the member saw them, for notices. */
static struct vars *
choices_vars(const struct answer *a)
{
	struct vars *v = vars_new();

	quizmail_vars(v, &a->q, "", "");
	return v;
}

/* due_in - *due = local midnight `days` after today, as ISO. */
static void
due_in(const struct answer *a, long days, char due[21])
{
	long long t;

	due[0] = '\0';
	if (quizmail_at(a->now, a->in->list.timezone, (int)days, 0, &t) == 0)
		time_format_iso(t, due);
}

/* classic - the classic scheduler on an answer on time. */
static int
classic(struct answer *a, bool right, bool *late)
{
	struct classic_params p;
	struct classic_item ci;
	long long day;
	enum classic_effect e;
	int rc;

	rc = quizmail_day(a->now, a->in->list.timezone, &day);
	if (rc != 0)
		return rc;
	quizmail_params(&a->set, &p);
	quizmail_item(&a->card, &ci);
	e = classic_answer(&p, &ci, (long)day, right);
	*late = e != CLASSIC_COUNTED;
	if (*late && classic_expire(&p, &ci, (long)day))
		due_in(a, ci.day - (long)day, a->card.due); /* missed now */
	else if (!*late && ci.state == CLASSIC_WAITING)
		due_in(a, ci.day - (long)day, a->card.due);
	a->retired = ci.state == CLASSIC_RETIRED && !*late;
	if (strcmp(a->set.scheduler, "adaptive") == 0 &&
	    ci.state == CLASSIC_RETIRED)
		ci.state = CLASSIC_WAITING; /* FSRS never retires */
	quizmail_card_set(&a->card, &ci);
	a->rec.interval_days = (int)(ci.day - day);
	return 0;
}

/* adaptive - FSRS-6 on an answer on time (binary grading). */
static int
adaptive(struct answer *a, bool right)
{
	struct fsrs_params p;
	struct fsrs_card c = {
	    a->card.reviewed, a->card.s, a->card.d, a->card.last_review};
	struct fsrs_review r;
	int rc;

	fsrs_params_default(&p);
	p.retention = a->set.retention;
	rc = fsrs_review(&p, &c, fsrs_grade_binary(right), a->now, &r);
	if (rc != 0)
		return E_INTERNAL;
	a->card.reviewed = true;
	a->card.s = r.s;
	a->card.d = r.d;
	a->card.last_review = a->now;
	time_format_iso(r.due, a->card.due);
	a->rec.r = r.r;
	a->rec.s = r.s;
	a->rec.d = r.d;
	a->rec.interval_days = r.interval;
	a->retired = false;
	return 0;
}

/* apply - grade a (verdict known), move the schedule, record the answer. */
static int
apply(struct answer *a)
{
	bool right = a->g.verdict == GRADE_CORRECT, late = false;
	int rc;

	rc = store_quiz_settings_get(a->in->st, a->in->list.id, &a->set);
	if (rc == E_NOTFOUND)
		quiz_settings_default(&a->set, a->in->list.id);
	else if (rc != 0)
		return rc;
	rc = store_quiz_card_get(
	    a->in->st, a->send.member_id, a->send.qid, &a->card);
	a->rec.r = -1;
	if (rc == 0)
		rc = classic(a, right, &late);
	late = late || a->send.result[0] != '\0';
	if (rc == 0 && !late && strcmp(a->send.scheduler, "adaptive") == 0)
		rc = adaptive(a, right);
	if (rc == 0 && a->send.result[0] == '\0')
		rc = store_quiz_card_put(
		    a->in->st, a->send.member_id, a->send.qid, &a->card);
	a->rec.answered_at = a->now_iso;
	a->rec.late = late;
	a->rec.result = late ? "missed" : right ? "correct" : "wrong";
	a->rec.verdict = right ? "correct" : "wrong";
	a->rec.reply = a->reply;
	a->rec.choice = a->g.choice >= 0 ? a->q.opts[a->g.choice].pos : -1;
	a->rec.due = late ? NULL : a->card.due;
	if (rc == 0)
		rc = store_quiz_send_answer(a->in->st, a->send.id, &a->rec);
	if (rc == 0)
		rc = store_event(a->in->st, a->in->list.id, a->send.member_id,
		    "quiz.answer", a->send.id,
		    late ? (right ? "late correct" : "late wrong")
		         : a->rec.verdict);
	if (rc == 0 && a->retired)
		rc = store_event(a->in->st, a->in->list.id, a->send.member_id,
		    "quiz.retire", a->send.qid, "learnt");
	return rc;
}

/* peers - "N% of M colleagues chose B" into v. */
static int
peers(struct answer *a, struct vars *v)
{
	int counts[QUIZ_MAX_OPTS], right = 0, total = 0, k = 0, rc;
	size_t i;
	char letter = '?';

	rc = store_quiz_peers(a->in->st, a->send.qid, counts, &right, &total);
	if (rc != 0)
		return rc;
	for (i = 0; i < a->q.n_opts; i++)
		if (a->q.opts[i].right && letter == '?') {
			letter = (char)('A' + i);
			k = counts[a->q.opts[i].pos];
		}
	if (strcmp(a->q.kind, "short") == 0)
		k = right;
	if (total <= 1)
		vars_set(v, "peers", "You are the first to answer this one.");
	else if (strcmp(a->q.kind, "short") == 0)
		vars_setf(v, "peers", "%.0f%% of %d colleagues answered right.",
		    100.0 * k / total, total);
	else
		vars_setf(v, "peers", "%.0f%% of %d colleagues chose %c.",
		    100.0 * k / total, total, letter);
	return 0;
}

/* feedback_vars - right or wrong, the answer, why, what comes next. */
static void
feedback_vars(const struct answer *a, struct vars *v)
{
	struct buf ans = BUF_INIT(4096);
	const struct quiz_opt *o =
	    a->g.choice >= 0 ? &a->q.opts[a->g.choice] : NULL;

	quizmail_answer(&a->q, &ans);
	vars_set_bool(v, "right", a->g.verdict == GRADE_CORRECT);
	vars_set_bool(v, "late", a->rec.late);
	vars_set_bool(v, "retired", a->retired);
	vars_set(v, "question", a->q.text);
	vars_set(v, "answer", buf_cstr(&ans));
	vars_set(v, "your_answer", a->reply);
	vars_set(v, "option_feedback",
	    o != NULL && o->feedback != NULL ? o->feedback : "");
	vars_set(v, "explanation", a->q.general != NULL ? a->q.general : "");
	vars_setf(v, "days", "%d", a->rec.interval_days);
	buf_release(&ans);
}

/* feedback - queue the feedback mail (not a notice: never rate-limited). */
static int
feedback(struct answer *a)
{
	struct buf key = BUF_INIT(128), why = BUF_INIT(1024);
	struct vars *v = vars_new();
	const struct token_keys *keys;
	struct mailout m;
	bool queued;
	int rc;

	rc = inbound_keys(a->in, &keys);
	if (rc == 0)
		rc = peers(a, v);
	feedback_vars(a, v);
	buf_addf(&key, "quiz:feedback:%lld", a->send.id);
	vars_set(v, "recipient_name",
	    a->in->msg->from.name != NULL && a->in->msg->from.name[0] != '\0'
	        ? a->in->msg->from.name
	        : inbound_from(a->in));
	m = (struct mailout){&a->in->list, "quiz", "quiz-feedback",
	    inbound_from(a->in), NULL, a->send.member_id, buf_cstr(&key),
	    a->in->msg->message_id, NULL, false, v};
	if (rc == 0)
		rc = mailout_queue(a->in->st, keys, &m, &queued, &why);
	if (rc != 0)
		log_err("quiz feedback error=%s reason=%s", err_name(rc),
		    buf_cstr(&why));
	vars_free(v);
	buf_release(&key);
	buf_release(&why);
	return rc == E_PARSE ? E_INTERNAL : rc;
}

/* answer - the checked reply: grade, apply, feedback, or a notice. */
static int
answer(struct answer *a)
{
	struct gift_question g;
	int rc;

	rc = store_quiz_get(a->in->st, a->send.qid, a->send.vid, &a->q);
	if (rc != 0)
		return rc;
	quizmail_shuffle(&a->q, a->send.id);
	if (a->send.answered_at[0] != '\0')
		return inbound_finish(a->in, "dropped",
		    "quiz: already answered", "quiz-already", NULL);
	rc = first_line(a);
	if (rc != 0)
		return rc;
	quizmail_gift(&a->q, &g);
	grade_reply(&g, a->reply, strlen(a->reply), &a->g);
	quizmail_gift_release(&g);
	if (a->g.verdict == GRADE_UNPARSEABLE) {
		struct vars *v = choices_vars(a);

		rc = inbound_finish(a->in, "dropped", "quiz: answer unclear",
		    "quiz-unclear", v);
		vars_free(v);
		return rc;
	}
	rc = apply(a);
	if (rc == 0)
		rc = feedback(a);
	if (rc != 0) {
		store_rollback(a->in->st);
		return rc;
	}
	return inbound_finish(a->in, "dropped", "quiz answer", NULL, NULL);
}

int
quiz_handle(struct inbound *in)
{
	struct answer a;
	const char *why = NULL;
	int rc;

	memset(&a, 0, sizeof a);
	a.in = in;
	a.now = clock_now();
	time_format_iso(a.now, a.now_iso);
	rc = check(&a, &why);
	if (rc != 0)
		store_rollback(in->st);
	else if (why != NULL)
		rc = refuse(in, a.send.member_id, why);
	else
		rc = answer(&a);
	quiz_full_release(&a.q);
	return rc;
}

/* pause_days - "2w", "10d" into days (1..180); -1 when not one. */
static long
pause_days(const char *w)
{
	unsigned long long n;
	char num[8];
	size_t len = strlen(w);

	if (len < 2 || len >= sizeof num ||
	    (w[len - 1] != 'd' && w[len - 1] != 'w'))
		return -1;
	memcpy(num, w, len - 1);
	num[len - 1] = '\0';
	if (parse_u64(num, 180, &n) != 0 || n == 0)
		return -1;
	n *= w[len - 1] == 'w' ? 7 : 1;
	return n > 180 ? -1 : (long)n;
}

/* recall_row - one card into the member's predicted recall. */
static int
recall_row(void *ctx, const struct quiz_card_row *r)
{
	quizmail_recall_add(ctx, &r->card, clock_now());
	return 0;
}

/* recall - "Predicted recall today: ..." of the member's cards. */
static int
recall(struct inbound *in, long long member, struct buf *reply)
{
	struct quizmail_recall r = {0};
	int rc, pf, pc;

	rc = store_quiz_cards_each(in->st, in->list.id, member, recall_row, &r);
	pf = quizmail_recall_pct(&r, true);
	pc = quizmail_recall_pct(&r, false);
	if (rc == 0 && pf >= 0)
		buf_addf(reply,
		    " Predicted recall today: %d%% of the %d questions you"
		    " have answered.",
		    pf, r.n_fsrs);
	if (rc == 0 && pc >= 0)
		buf_addf(reply, " Right at the last try: %d%% of %d questions.",
		    pc, r.n_classic);
	return rc;
}

/* stats - the member's record in this list. */
static int
stats(struct inbound *in, long long member, struct buf *reply)
{
	struct quiz_stats s;
	int rc;

	rc = store_quiz_stats(in->st, in->list.id, member, &s);
	if (rc != 0)
		return rc;
	buf_addf(reply,
	    "your quiz record: %d answered, %d right at the first try, %d"
	    " missed, %d learnt for good (retired); current streak %d right"
	    " in a row.",
	    s.answered, s.first_right, s.missed, s.retired, s.streak);
	if (s.strong[0] != '\0' && strcmp(s.strong, s.weak) != 0)
		buf_addf(reply, " Strongest topic: %s; weakest: %s.", s.strong,
		    s.weak);
	else if (s.strong[0] != '\0')
		buf_addf(reply, " Topic so far: %s.", s.strong);
	return recall(in, member, reply);
}

/*
 * pause_shift - whole days (rounded) the member's waiting cards move when
 * the pause ends at until (0: none) instead of where it ended before:
 * a pause moves due dates by the paused time, an early resume back.
 */
static int
pause_shift(struct inbound *in, long long member, long long until)
{
	struct quiz_learner l;
	long long now = clock_now(), old = now, d;
	int rc;

	rc = store_quiz_learner_get(in->st, in->list.id, member, &l);
	if (rc == E_NOTFOUND)
		return 0;
	if (rc != 0)
		return rc;
	if (l.paused_until[0] == '\0' ||
	    time_parse_iso(l.paused_until, &old) != 0 || old < now)
		old = now;
	d = (until > now ? until : now) - old;
	d = (d + (d < 0 ? -43200 : 43200)) / 86400;
	return store_quiz_shift(in->st, in->list.id, member, (long)d);
}

/* set_state - quiz on|off, pause N: the learner row and an event. */
static int
set_state(struct inbound *in, long long member, const char *state, long days,
    struct buf *reply)
{
	char until[21] = "";
	const char *kind = days > 0    ? "quiz.pause"
	    : strcmp(state, "on") == 0 ? "quiz.on"
	                               : "quiz.off";
	int rc;

	if (days > 0)
		time_format_iso(clock_now() + days * 86400LL, until);
	rc = strcmp(state, "on") == 0
	    ? pause_shift(in, member, clock_now() + days * 86400LL)
	    : 0;
	if (rc == 0)
		rc = store_quiz_learner_set(
		    in->st, in->list.id, member, state, days > 0 ? until : "");
	if (rc == 0)
		rc = store_event(in->st, in->list.id, member, kind, 0, until);
	if (days > 0)
		buf_addf(reply,
		    "quizzes paused until %.10s; send \"quiz on\" to resume"
		    " earlier.",
		    until);
	else if (strcmp(state, "on") == 0)
		buf_addf(reply,
		    "quizzes are on: the next questions come at the"
		    " next delivery.");
	else
		buf_addf(reply,
		    "quizzes are off; send \"quiz on\" to start them"
		    " again.");
	return rc;
}

int
quiz_request(struct inbound *in, long long member, const char *line,
    struct buf *reply, bool *handled)
{
	long days;

	*handled = true;
	if (strcmp(line, "stats") == 0)
		return stats(in, member, reply);
	if (strcmp(line, "quiz on") == 0 || strcmp(line, "pause off") == 0)
		return set_state(in, member, "on", 0, reply);
	if (strcmp(line, "quiz off") == 0)
		return set_state(in, member, "off", 0, reply);
	if (strncmp(line, "pause ", 6) == 0) {
		days = pause_days(line + 6);
		if (days > 0)
			return set_state(in, member, "on", days, reply);
	}
	*handled = false;
	return 0;
}

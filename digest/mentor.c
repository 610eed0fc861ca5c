/*
 * mentor.c - the mentoring job of a scheduler pass (mentor.h).
 *
 * A pair carries the time the scheduler should look at it again
 * (next_at); a pass reads only the pairs whose time has come (a partial
 * index), so a pass with nothing due costs one index probe.  A pair is
 * looked at least once a local day, to keep its health bucket current.
 * At a look: before MENTOR_HOUR or from MENTOR_QUIET_FROM local time
 * nothing is sent; else the pairing mail (once, not counted in the
 * budget), then what is due, each to a person with budget left today:
 * the mentor's prep from the day before check-in N, the mentee's
 * reflection from its day, the fit question to each MENTOR_FIT_AFTER
 * days after check-in 1; a nudge to both after CADENCE_NUDGE days of
 * silence (once per silence).  Each prompt is one row, one outbox row and
 * one event in the pair's transaction.  After the looks, each list with
 * pairs newly inactive (CADENCE_ALERT days of silence) gets one mail to
 * each moderator listing them.
 */
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "conf.h"
#include "err.h"
#include "log.h"
#include "mailout.h"
#include "mentor.h"
#include "mentorics.h"
#include "mentormail.h"
#include "quizmail.h"
#include "store_mod.h"

/* One pair's look. */
struct look {
	struct store *st;
	const struct token_keys *keys;
	struct list_rec list;
	struct mentor_pair pair;
	struct cadence_in in;
	struct cadence_signals sig;
	struct mentor_history h;
	long long now, today;
};

/* The open question of a reflection, by week (cycled). */
static const char *const openers[] = {
    "What did you try for the first time this week?",
    "What is blocking you right now?",
    "What is one thing you learned this week that you did not expect?",
    "Who did you work with this week, and what did you learn from them?",
    "What would you do differently if you started this week again?",
    "What are you proudest of so far?",
    "What still feels unclear about how things work here?",
    "Looking back, what has helped you most so far?",
};

/* GROW questions for the mentor's preparation: Reality, then Will. */
static const char *const grow[][2] = {
    {"What have they tried so far, and what happened?",
        "What will they do before you next talk, and what might get in the"
        " way?"},
    {"Where are they now compared with the goal you set at the start?",
        "What one step could they commit to this week?"},
    {"What is really getting in the way, as they see it?",
        "How will you both know the next step worked?"},
};

#define NOPENERS (sizeof openers / sizeof openers[0])
#define NGROW    (sizeof grow / sizeof grow[0])

/* budget_left - may one more learning mail go to member today? */
static int
budget_left(struct look *k, long long member, bool *ok)
{
	return quizmail_budget_left(
	    k->st, member, k->now, k->list.timezone, ok);
}

/*
 * send_id - prompt kind/week from tmpl to person `to`, within the budget,
 * once; *id the new prompt, 0 when none went now.
 */
static int
send_id(struct look *k, const char *kind, int week,
    const struct mentor_person *to, const char *tmpl, struct vars *v,
    long long *id)
{
	struct mentormail_prompt m = {
	    &k->list, &k->pair, kind, week, to, tmpl, NULL, k->now, NULL};
	struct prompt_rec old;
	bool found = false, ok = false;
	int rc;

	*id = 0;
	rc = store_prompt_find(
	    k->st, k->pair.id, kind, week, to->id, &found, &old);
	if (rc != 0 || found)
		return rc;
	rc = budget_left(k, to->id, &ok);
	if (rc != 0 || !ok)
		return rc;
	return mentormail_send(k->st, k->keys, &m, v, id);
}

/* send - send_id() without the id. */
static int
send(struct look *k, const char *kind, int week, const struct mentor_person *to,
    const char *tmpl, struct vars *v)
{
	long long id;

	return send_id(k, kind, week, to, tmpl, v, &id);
}

/*
 * invite - with mentor_ics, the pair's calendar invite as part p (its
 * text in b): the check-ins from the next one at MENTOR_HOUR local.
 */
static int
invite(struct look *k, struct buf *b, struct out_part *p, size_t *n)
{
	struct buf uid = BUF_INIT(256), org = BUF_INIT(256),
	           sum = BUF_INIT(512);
	struct mentorics ic;
	struct cadence_next nx;
	int rc;

	*n = 0;
	if (!conf_mentor_ics || cadence_next(&k->in, &nx) != 0 || nx.none)
		return 0;
	memset(&ic, 0, sizeof ic);
	buf_addf(&uid, "mentor-%lld-%.4s%.2s%.2s@%s", k->pair.id,
	    k->pair.started, k->pair.started + 5, k->pair.started + 8,
	    conf_domain);
	buf_addf(&org, "%s@%s", k->list.name, conf_domain);
	buf_addf(&sum, "Mentoring check-in: %s / %s",
	    mentormail_name(&k->pair.mentor), mentormail_name(&k->pair.mentee));
	ic = (struct mentorics){buf_cstr(&uid), k->list.timezone,
	    buf_cstr(&org), k->list.title, &k->pair.mentor, &k->pair.mentee, 0,
	    mentorics_rrule(&k->pair), buf_cstr(&sum), MENTORICS_DESCRIPTION,
	    k->now};
	rc = quizmail_at(k->now, k->list.timezone, (int)(nx.day - k->today),
	    MENTOR_HOUR, &ic.start);
	if (rc == 0)
		rc = mentorics_write(&ic, b);
	if (rc == 0) {
		*p = (struct out_part){"text/calendar; method=REQUEST;"
		                       " charset=utf-8",
		    "invite.ics", buf_cstr(b), b->len};
		*n = 1;
	}
	buf_release(&uid);
	buf_release(&org);
	buf_release(&sum);
	return rc;
}

/* announce - the pairing mail to both, once (not in the budget). */
static int
announce(struct look *k)
{
	const struct mentor_person *to[2] = {&k->pair.mentor, &k->pair.mentee};
	struct buf key = BUF_INIT(128), why = BUF_INIT(1024);
	struct buf ics = BUF_INIT(64 * 1024);
	struct out_part part;
	struct mailout_ext x;
	struct mailout m;
	struct vars *v;
	bool queued;
	int i, rc;

	memset(&x, 0, sizeof x);
	x.parts = &part;
	rc = invite(k, &ics, &part, &x.n_parts);
	for (i = 0; rc == 0 && i < 2; i++) {
		v = vars_new();
		buf_reset(&key);
		buf_addf(&key, "mentor:pair:%lld:%d", k->pair.id, i);
		vars_set(v, "recipient_name", mentormail_name(to[i]));
		vars_set(v, "other_name", mentormail_name(to[1 - i]));
		vars_set(v, "other_email", to[1 - i]->email);
		vars_set_bool(v, "is_mentor", i == 0);
		vars_set_bool(
		    v, "onboarding", strcmp(k->pair.track, "onboarding") == 0);
		vars_set(v, "goal", k->pair.goal);
		vars_set(v, "started", k->pair.started);
		vars_set_bool(v, "has_invite", x.n_parts > 0);
		m = (struct mailout){&k->list, "mentor", "mentor-pair",
		    to[i]->email, to[i]->name, to[i]->id, buf_cstr(&key), NULL,
		    NULL, false, v};
		rc = mailout_queue_ext(k->st, k->keys, &m, &x, &queued, &why);
		vars_free(v);
	}
	if (rc == 0)
		rc = store_mentor_announced(
		    k->st, k->pair.id, k->pair.announced);
	if (rc == 0)
		rc = store_event(k->st, k->list.id, k->pair.mentee.id,
		    "mentor.announce", k->pair.id, "");
	if (rc != 0)
		log_err("mentor announce error=%s reason=%s", err_name(rc),
		    buf_cstr(&why));
	buf_release(&key);
	buf_release(&why);
	buf_release(&ics);
	return rc == E_PARSE ? E_INTERNAL : rc;
}

/* reflection - the mentee's check-in nx. */
static int
reflection(struct look *k, const struct cadence_next *nx)
{
	struct vars *v = vars_new();
	int rc;

	vars_set(v, "question", openers[(size_t)(nx->number - 1) % NOPENERS]);
	vars_set_bool(v, "ask_pace", nx->ask_pace);
	vars_set(v, "goal", k->pair.goal);
	rc = send(k, "reflection", nx->number, &k->pair.mentee,
	    "mentor-reflection", v);
	vars_free(v);
	return rc;
}

/* prep - the mentor's preparation for check-in nx. */
static int
prep(struct look *k, const struct cadence_next *nx)
{
	struct vars *v = vars_new();
	char *last = NULL;
	size_t g = (size_t)(nx->number - 1) % NGROW;
	int rc;

	rc = store_prompt_last_answer(
	    k->st, k->pair.id, k->pair.mentee.id, &last);
	if (rc == 0) {
		vars_set(v, "last_answer", last);
		vars_set(v, "reality", grow[g][0]);
		vars_set(v, "will", grow[g][1]);
		vars_set(v, "goal", k->pair.goal);
		rc = send(
		    k, "prep", nx->number, &k->pair.mentor, "mentor-prep", v);
	}
	free(last);
	vars_free(v);
	return rc;
}

/* fit - the pairing-fit question to both, MENTOR_FIT_AFTER days after
 * check-in 1. */
static int
fit(struct look *k)
{
	const struct mentor_person *to[2] = {&k->pair.mentor, &k->pair.mentee};
	long first = mentormail_iso_day(k->h.first_checkin, k->list.timezone);
	int i, rc = 0;

	if (first < 0 || k->today < first + MENTOR_FIT_AFTER)
		return 0;
	for (i = 0; rc == 0 && i < 2; i++) {
		struct vars *v = vars_new();

		rc = send(k, "fit", 1, to[i], "mentor-fit", v);
		vars_free(v);
	}
	return rc;
}

/* closeout_one - the close-out (week 1) or its reminder (2) to `to`. */
static int
closeout_one(struct look *k, const struct mentor_person *to, int week)
{
	struct vars *v = vars_new();
	long long id;
	int rc;

	vars_set(v, "goal", k->pair.goal);
	vars_set_bool(v, "has_goal", k->pair.goal[0] != '\0');
	vars_set_bool(v, "reminder", week == 2);
	vars_set(v, "started", k->pair.started);
	rc = send_id(k, "closeout", week, to, "mentor-closeout", v, &id);
	if (rc == 0 && id > 0)
		rc = store_event(k->st, k->list.id, to->id, "mentor.closeout",
		    id, week == 2 ? "reminder" : "ask");
	vars_free(v);
	return rc;
}

/* reminded - to has answered the close-out, or has its reminder. */
static int
reminded(struct look *k, const struct mentor_person *to, bool *yes)
{
	struct prompt_rec p;
	bool found = false;
	int rc;

	rc = store_prompt_find(
	    k->st, k->pair.id, "closeout", 1, to->id, &found, &p);
	if (rc == 0 && found && p.replied_at[0] != '\0') {
		*yes = true;
		return 0;
	}
	if (rc == 0)
		rc = closeout_one(k, to, 2);
	if (rc == 0)
		rc = store_prompt_find(
		    k->st, k->pair.id, "closeout", 2, to->id, yes, &p);
	return rc;
}

/*
 * closeout - onboarding day MENTOR_CLOSE_ASK: both are asked to re-rate
 * the goal, and a pair with MENTOR_ONBOARDED answered check-ins in its
 * first 90 days is onboarded; day MENTOR_CLOSE_END: a reminder to who
 * has not answered, and the close-out is over (the pair goes on at its
 * pace).
 */
static int
closeout(struct look *k)
{
	const struct mentor_person *to[2] = {&k->pair.mentor, &k->pair.mentee};
	bool ok[2] = {false, false};
	char at[21];
	int i, rc = 0;

	if (strcmp(k->pair.track, "onboarding") != 0 ||
	    k->pair.closeout[0] != '\0' ||
	    k->today < k->in.start + MENTOR_CLOSE_ASK)
		return 0;
	for (i = 0; rc == 0 && i < 2; i++)
		rc = closeout_one(k, to[i], 1);
	if (rc == 0 && k->h.answered >= MENTOR_ONBOARDED)
		rc = mentormail_onboarded(k->st, &k->pair, k->now);
	if (rc != 0 || k->today < k->in.start + MENTOR_CLOSE_END)
		return rc;
	for (i = 0; rc == 0 && i < 2; i++)
		rc = reminded(k, to[i], &ok[i]);
	if (rc == 0 && ok[0] && ok[1])
		rc = time_format_iso(k->now, at);
	if (rc == 0 && ok[0] && ok[1])
		rc = store_mentor_closeout(k->st, k->pair.id, at);
	return rc;
}

/*
 * nudge - CADENCE_NUDGE days without a reply (or since the start): one
 * mail to each of the two, once until someone replies, when both have
 * budget left today.
 */
static int
nudge(struct look *k)
{
	const struct mentor_person *to[2] = {&k->pair.mentor, &k->pair.mentee};
	long since = k->sig.last_reply >= 0 ? k->sig.last_reply : k->sig.start;
	bool ok[2] = {false, false};
	long long id;
	char now_iso[21];
	int i, rc;

	if (k->today - since < CADENCE_NUDGE ||
	    (k->pair.nudged[0] != '\0' &&
	        strcmp(k->pair.nudged, k->h.last_reply) > 0))
		return 0;
	rc = budget_left(k, to[0]->id, &ok[0]);
	if (rc == 0)
		rc = budget_left(k, to[1]->id, &ok[1]);
	if (rc != 0 || !ok[0] || !ok[1])
		return rc;
	for (i = 0; rc == 0 && i < 2; i++) {
		struct mentormail_prompt m = {&k->list, &k->pair, "nudge",
		    k->h.checkins, to[i], "mentor-nudge", NULL, k->now, NULL};
		struct vars *v = vars_new();

		vars_setf(v, "days", "%lld", k->today - (long long)since);
		rc = mentormail_send(k->st, k->keys, &m, v, &id);
		vars_free(v);
	}
	if (rc == 0)
		rc = time_format_iso(k->now, now_iso);
	if (rc == 0)
		rc = store_mentor_nudged(k->st, k->pair.id, now_iso);
	if (rc == 0)
		rc = store_event(
		    k->st, k->list.id, 0, "mentor.nudge", k->pair.id, "");
	return rc;
}

/* due - send what the cadence says is due today. */
static int
due(struct look *k)
{
	struct cadence_next nx;
	int rc = 0;

	if (cadence_next(&k->in, &nx) != 0)
		return E_INTERNAL;
	if (!nx.none && k->today >= nx.day - 1)
		rc = prep(k, &nx);
	if (rc == 0 && !nx.none && k->today >= nx.day)
		rc = reflection(k, &nx);
	if (rc == 0)
		rc = mentormail_signals(k->st, &k->pair, k->now,
		    k->list.timezone, &k->in, &k->sig, &k->h);
	if (rc == 0)
		rc = fit(k);
	if (rc == 0)
		rc = closeout(k);
	return rc;
}

/*
 * next_look - the next look: today at MENTOR_HOUR when that is still to
 * come, else tomorrow's (a pair is looked at once a day; what the budget
 * held back goes then).
 */
static int
next_look(struct look *k, char out[21])
{
	struct tm tm;
	long long t;
	int rc;

	rc = time_to_local(k->now, k->list.timezone, &tm);
	if (rc == 0)
		rc = quizmail_at(k->now, k->list.timezone,
		    tm.tm_hour < MENTOR_HOUR ? 0 : 1, MENTOR_HOUR, &t);
	if (rc == 0 && t <= k->now)
		t = k->now + 3600; /* never the same look twice in a pass */
	return rc != 0 ? rc : time_format_iso(t, out);
}

/* work - the pair's look inside its transaction. */
static int
work(struct look *k)
{
	struct tm tm;
	char next[21];
	bool window;
	int rc;

	rc = store_list_get_id(k->st, k->pair.list_id, &k->list);
	if (rc == 0)
		rc = mentormail_signals(k->st, &k->pair, k->now,
		    k->list.timezone, &k->in, &k->sig, &k->h);
	if (rc == 0)
		rc = store_mentor_health(k->st, k->pair.id,
		    cadence_health_name(cadence_health(&k->sig)));
	if (rc == 0)
		rc = time_to_local(k->now, k->list.timezone, &tm);
	if (rc != 0)
		return rc;
	k->today = k->in.today;
	window = tm.tm_hour >= MENTOR_HOUR && tm.tm_hour < MENTOR_QUIET_FROM &&
	    k->pair.mentor.active && k->pair.mentee.active;
	if (window && k->pair.announced[0] == '\0') {
		time_format_iso(k->now, k->pair.announced);
		rc = announce(k);
	}
	if (rc == 0 && window)
		rc = nudge(k);
	if (rc == 0 && window)
		rc = due(k);
	if (rc == 0)
		rc = next_look(k, next);
	if (rc == 0)
		rc = store_mentor_next(k->st, k->pair.id, next);
	return rc;
}

/* pair - one due pair in its own transaction. */
static int
pair(struct store *st, const struct token_keys *keys, long long id,
    long long now)
{
	struct look k;
	int rc;

	memset(&k, 0, sizeof k);
	k.st = st;
	k.keys = keys;
	k.now = now;
	rc = store_begin(st);
	if (rc != 0)
		return rc;
	rc = store_mentor_get(st, id, &k.pair);
	if (rc == 0)
		rc = work(&k);
	if (rc == 0)
		rc = store_commit(st);
	if (rc != 0)
		store_rollback(st);
	mentor_pair_release(&k.pair);
	list_rec_release(&k.list);
	return rc;
}

/* drift_mail - the list's drifting pairs d to each moderator. */
static int
drift_mail(struct store *st, const struct token_keys *keys,
    const struct list_rec *l, const struct mentor_drift *d, size_t nd,
    const char *day)
{
	struct buf key = BUF_INIT(128), why = BUF_INIT(1024);
	struct rcpt_rec *mods = NULL;
	struct mailout m;
	size_t n = 0, i, j;
	bool queued;
	int rc;

	rc = store_mod_moderators(st, l->id, &mods, &n);
	for (i = 0; rc == 0 && i < n; i++) {
		struct vars *v = vars_new();

		buf_reset(&key);
		buf_addf(&key, "mentor:drift:%lld:%.10s:%lld", l->id, day,
		    mods[i].member_id);
		vars_set(v, "recipient_name",
		    mods[i].name[0] != '\0' ? mods[i].name : mods[i].email);
		for (j = 0; j < nd; j++) {
			struct vars *it = vars_add_item(v, "pairs");

			vars_setf(it, "id", "%lld", d[j].id);
			vars_set(it, "mentor", d[j].mentor);
			vars_set(it, "mentee", d[j].mentee);
			vars_setf(it, "last", "%.10s",
			    d[j].last[0] != '\0' ? d[j].last : "never");
		}
		m = (struct mailout){l, "mentor", "mentor-drift", mods[i].email,
		    mods[i].name, mods[i].member_id, buf_cstr(&key), NULL, NULL,
		    false, v};
		rc = mailout_queue(st, keys, &m, &queued, &why);
		vars_free(v);
	}
	if (rc != 0)
		log_err("mentor drift error=%s reason=%s", err_name(rc),
		    buf_cstr(&why));
	rcpt_recs_free(mods, n);
	buf_release(&key);
	buf_release(&why);
	return rc == E_PARSE ? E_INTERNAL : rc;
}

/* drift_list - one mail per moderator of list about its drifting pairs. */
static int
drift_list(struct store *st, const struct token_keys *keys, long long id,
    const char *now_iso)
{
	struct list_rec l;
	struct mentor_drift *d = NULL;
	size_t n = 0;
	int rc;

	memset(&l, 0, sizeof l);
	rc = store_begin(st);
	if (rc == 0)
		rc = store_list_get_id(st, id, &l);
	if (rc == 0)
		rc = store_mentor_drifting(st, id, &d, &n);
	if (rc == 0 && n > 0)
		rc = drift_mail(st, keys, &l, d, n, now_iso);
	if (rc == 0)
		rc = store_mentor_alerted(st, id, now_iso);
	if (rc == 0 && n > 0)
		rc = store_event(st, id, 0, "mentor.drift_alert", 0, "");
	if (rc == 0)
		rc = store_commit(st);
	if (rc != 0)
		store_rollback(st);
	free(d);
	list_rec_release(&l);
	return rc;
}

/*
 * drift - the moderators' mail about pairs silent for CADENCE_ALERT days
 * (health inactive), one per list listing them all, once per silence.
 */
static int
drift(struct store *st, const struct token_keys *keys, const char *now_iso)
{
	long long *lists;
	size_t n, i;
	int rc;

	rc = store_mentor_drift_lists(st, &lists, &n);
	for (i = 0; rc == 0 && i < n; i++)
		rc = drift_list(st, keys, lists[i], now_iso);
	free(lists);
	return rc;
}

/* gone_mail - tell `to` that `who` left the list and the pair ended. */
static int
gone_mail(struct look *k, const struct mentor_person *who,
    const struct mentor_person *to)
{
	struct buf key = BUF_INIT(128);
	struct vars *v = vars_new();
	struct mailout m;
	int rc;

	buf_addf(&key, "mentor:gone:%lld", k->pair.id);
	vars_set(v, "recipient_name", mentormail_name(to));
	vars_set(v, "other_name", mentormail_name(who));
	vars_set_bool(v, "was_mentor", who == &k->pair.mentor);
	m = (struct mailout){&k->list, "mentor", "mentor-gone", to->email,
	    to->name, to->id, buf_cstr(&key), NULL, NULL, false, v};
	rc = mailout_send(k->st, k->keys, &m, NULL, "mentor gone");
	vars_free(v);
	buf_release(&key);
	return rc;
}

/*
 * gone_one - a pair the removal trigger ended: the one still a member is
 * told once (nobody when both left), the pair's ended time is set.
 */
static int
gone_one(struct look *k, long long id)
{
	const struct mentor_person *who, *to;
	char at[21];
	int rc;

	rc = store_mentor_get(k->st, id, &k->pair);
	if (rc == 0)
		rc = store_list_get_id(k->st, k->pair.list_id, &k->list);
	if (rc != 0)
		return rc;
	who = k->pair.mentor.active ? &k->pair.mentee : &k->pair.mentor;
	to = mentormail_other(&k->pair, who->id);
	if (to->active)
		rc = gone_mail(k, who, to);
	if (rc == 0)
		rc = time_format_iso(k->now, at);
	if (rc == 0)
		rc = store_mentor_ended(k->st, id, at);
	if (rc == 0)
		rc = store_event(
		    k->st, k->list.id, who->id, "mentor.end", id, "removed");
	return rc;
}

/* gone - gone_one() for each of ids, each in its own transaction. */
static int
gone(struct store *st, const struct token_keys *keys, const long long *ids,
    size_t n, long long now)
{
	size_t i;
	int rc = 0;

	for (i = 0; rc == 0 && i < n; i++) {
		struct look k;

		memset(&k, 0, sizeof k);
		k.st = st;
		k.keys = keys;
		k.now = now;
		rc = store_begin(st);
		if (rc == 0)
			rc = gone_one(&k, ids[i]);
		if (rc == 0)
			rc = store_commit(st);
		if (rc != 0)
			store_rollback(st);
		mentor_pair_release(&k.pair);
		list_rec_release(&k.list);
	}
	return rc;
}

int
mentor_run(struct store *st, long long now)
{
	struct token_keys keys;
	struct buf why = BUF_INIT(1024);
	char now_iso[21];
	long long *ids, *ended = NULL;
	size_t n, ne = 0, i;
	int rc;

	rc = time_format_iso(now, now_iso);
	if (rc == 0)
		rc = store_mentor_due(st, now_iso, 1, &ids, &n);
	if (rc == 0)
		free(ids);
	if (rc == 0)
		rc = store_mentor_gone(st, &ended, &ne);
	if (rc == 0 && n + ne > 0 &&
	    token_keys_load(conf_secret_file, &keys, &why) != 0) {
		log_err("mentor error=keys reason=%s", buf_cstr(&why));
		rc = E_TEMP;
		n = ne = 0;
	}
	if (rc != 0 || n + ne == 0) {
		free(ended);
		buf_release(&why);
		return rc;
	}
	rc = gone(st, &keys, ended, ne, now);
	free(ended);
	for (n = MENTOR_BATCH; rc == 0 && n == MENTOR_BATCH;) {
		rc = store_mentor_due(st, now_iso, MENTOR_BATCH, &ids, &n);
		for (i = 0; rc == 0 && i < n; i++)
			rc = pair(st, &keys, ids[i], now);
		free(ids);
	}
	if (rc == 0)
		rc = drift(st, &keys, now_iso);
	token_keys_clear(&keys);
	buf_release(&why);
	return rc;
}

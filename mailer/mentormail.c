/*
 * mentormail.c - a pair's days, signals and prompt mails (mentormail.h).
 */
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "conf.h"
#include "err.h"
#include "mailout.h"
#include "mentormail.h"
#include "quizmail.h"
#include "trim.h"

long
mentormail_date_day(const char *date)
{
	char iso[32];
	long long t;

	if (strlen(date) != 10)
		return -1;
	snprintf(iso, sizeof iso, "%sT12:00:00Z", date);
	if (time_parse_iso(iso, &t) != 0)
		return -1;
	return (long)(t / 86400);
}

long
mentormail_iso_day(const char *iso, const char *tz)
{
	long long t, day;

	if (iso[0] == '\0' || time_parse_iso(iso, &t) != 0 ||
	    quizmail_day(t, tz, &day) != 0)
		return -1;
	return (long)day;
}

void
mentormail_track(const struct mentor_pair *p, struct cadence_in *in)
{
	enum cadence_pace pace = CADENCE_PACE_NONE;

	in->track = strcmp(p->track, "ongoing") == 0 ? CADENCE_ONGOING
	                                             : CADENCE_ONBOARDING;
	if (!cadence_pace_parse(p->pace, &pace))
		pace = CADENCE_PACE_NONE;
	in->pace = pace;
}

static enum cadence_fit
fit_of(const char *s)
{
	if (strcmp(s, "yes") == 0)
		return CADENCE_FIT_YES;
	if (strcmp(s, "not sure") == 0)
		return CADENCE_FIT_UNSURE;
	if (strcmp(s, "no") == 0)
		return CADENCE_FIT_NO;
	return CADENCE_FIT_NONE;
}

/*
 * held - a hold the pair asked for (skip, pause 2w, reschedule) is agreed
 * silence: its days count as exchanged, up to today.
 */
static void
held(const struct cadence_in *in, struct cadence_signals *sig)
{
	long day = in->hold < in->today ? in->hold : in->today;

	if (in->hold > 0 && day > sig->last_reply)
		sig->last_reply = day;
}

int
mentormail_signals(struct store *st, const struct mentor_pair *p, long long now,
    const char *tz, struct cadence_in *in, struct cadence_signals *sig,
    struct mentor_history *h)
{
	char end_iso[21];
	long long today, end;
	long start = mentormail_date_day(p->started);
	int rc;

	rc = quizmail_day(now, tz, &today);
	if (rc == 0 && start < 0)
		rc = E_INTERNAL;
	if (rc == 0)
		rc = quizmail_at(
		    now, tz, (int)(start + CADENCE_WINDOW - today), 0, &end);
	if (rc == 0)
		rc = time_format_iso(end, end_iso);
	if (rc == 0)
		rc = store_mentor_history(st, p->id, end_iso, h);
	if (rc != 0)
		return rc;
	mentormail_track(p, in);
	in->start = start;
	in->today = (long)today < start ? start : (long)today;
	in->n_done = (size_t)h->checkins;
	in->n_in_90 = (size_t)h->in_window;
	in->last =
	    h->checkins > 0 ? mentormail_iso_day(h->last_checkin, tz) : 0;
	in->shift = (long)p->shift;
	in->hold = p->hold[0] != '\0' ? mentormail_date_day(p->hold) : 0;
	*sig = (struct cadence_signals){start, in->today,
	    mentormail_iso_day(h->last_reply, tz),
	    {h->pulses[0], h->pulses[1], h->pulses[2]}, fit_of(h->fit)};
	held(in, sig);
	return 0;
}

int
mentormail_onboarded(
    struct store *st, const struct mentor_pair *p, long long now)
{
	char at[21];
	bool first = false;
	int rc;

	rc = time_format_iso(now, at);
	if (rc == 0)
		rc = store_mentor_onboarded(st, p->id, at, &first);
	if (rc == 0 && first)
		rc = store_event(st, p->list_id, p->mentee.id,
		    "mentor.onboarded", p->id, "");
	return rc;
}

const struct mentor_person *
mentormail_other(const struct mentor_pair *p, long long id)
{
	return p->mentor.id == id ? &p->mentee : &p->mentor;
}

const char *
mentormail_name(const struct mentor_person *p)
{
	return p->name[0] != '\0' ? p->name : p->email;
}

/* queue - the mail of prompt id to m->to with reply address addr. */
static int
queue(struct store *st, const struct token_keys *keys,
    const struct mentormail_prompt *m, struct vars *v, long long id,
    const char *addr)
{
	struct buf key = BUF_INIT(128);
	const struct mentor_person *o = mentormail_other(m->pair, m->to->id);
	struct mailout out;
	int rc;

	buf_addf(&key, "mentor:prompt:%lld", id);
	vars_set(v, "recipient_name", mentormail_name(m->to));
	vars_set(v, "other_name", mentormail_name(o));
	vars_set(v, "other_email", o->email);
	vars_set(v, "reply_address", addr);
	vars_set(v, "reply_marker", TRIM_REPLY_MARKER);
	vars_setf(v, "week", "%d", m->week);
	out = (struct mailout){m->list, "mentor", m->tmpl, m->to->email,
	    m->to->name, m->to->id, buf_cstr(&key), m->in_reply_to, addr, false,
	    v};
	rc = mailout_send(st, keys, &out, m->ext, "mentor prompt");
	buf_release(&key);
	return rc;
}

int
mentormail_send(struct store *st, const struct token_keys *keys,
    const struct mentormail_prompt *m, struct vars *v, long long *id)
{
	struct buf addr = BUF_INIT(MAX_EMAIL + 1);
	struct prompt_rec p;
	int rc;

	memset(&p, 0, sizeof p);
	p.list_id = m->list->id;
	p.member_id = m->to->id;
	p.mentorship_id = m->pair->id;
	p.week = m->week;
	snprintf(p.kind, sizeof p.kind, "%s", m->kind);
	rc = time_format_iso(m->now, p.sent_at);
	if (rc == 0)
		rc = store_prompt_add(st, &p, id);
	if (rc == 0)
		rc = mailout_prompt_address(keys, m->list->name, *id, m->to->id,
		    m->now, PROMPT_TTL_DAYS, &addr);
	if (rc == 0)
		rc = queue(st, keys, m, v, *id, buf_cstr(&addr));
	if (rc == 0)
		rc = store_event(st, m->list->id, m->to->id,
		    strcmp(m->kind, "relay") == 0 ? "mentor.relay"
		                                  : "mentor.prompt",
		    *id, m->kind);
	buf_release(&addr);
	return rc;
}

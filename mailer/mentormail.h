/*
 * mentormail.h - what the mentoring scheduler (digest/mentor.c) and the
 * p- handler (mta-hook/prompt.c) share: a pair's days and health, and one
 * prompt mail with its own LIST+p-TOKEN@ reply address (docs/mentoring.md).
 */
#ifndef STOA_MENTORMAIL_H
#define STOA_MENTORMAIL_H

#include "cadence.h"
#include "mailout.h"
#include "store_mentor.h"
#include "tmpl.h"
#include "token.h"

#define MENTOR_HOUR       10 /* local hour prompts go out */
#define MENTOR_QUIET_FROM 21 /* local hour from which nothing is sent */
#define PROMPT_TTL_DAYS   21 /* a prompt can be answered this long */

/* mentormail_date_day - a YYYY-MM-DD date's day number; -1 when bad. */
long mentormail_date_day(const char *date);

/* mentormail_iso_day - an ISO instant's day number in tz; -1 when "". */
long mentormail_iso_day(const char *iso, const char *tz);

/*
 * mentormail_signals - the inputs of the cadence and health rules for
 * pair p at now (today: now's local day in tz).  0 or an enum err.
 */
int mentormail_signals(struct store *st, const struct mentor_pair *p,
    long long now, const char *tz, struct cadence_in *in,
    struct cadence_signals *sig, struct mentor_history *h);

/* mentormail_track - the cadence track and pace of p. */
void mentormail_track(const struct mentor_pair *p, struct cadence_in *in);

/* What one prompt mail needs (borrowed). */
struct mentormail_prompt {
	const struct list_rec *list;
	const struct mentor_pair *pair;
	const char *kind; /* reflection, prep, fit, relay */
	int week;
	const struct mentor_person *to; /* the recipient */
	const char *tmpl;               /* template base name */
	const char *in_reply_to;        /* or NULL */
	long long now;
	const struct mailout_ext *ext; /* parts (files), or NULL */
};

/*
 * mentormail_send - a prompt row for m and its mail to m->to with
 * Reply-To LIST+p-TOKEN@ (kind p, object the prompt, member the
 * recipient), v's variables plus recipient_name, other_name,
 * other_email, reply_address; *id the prompt.  0 or an enum err (logged).
 */
int mentormail_send(struct store *st, const struct token_keys *keys,
    const struct mentormail_prompt *m, struct vars *v, long long *id);

/*
 * mentormail_onboarded - pair p completed the onboarding track: sets
 * mentorships.onboarded and emits mentor.onboarded (member: the mentee)
 * the first time only.  0 or an enum err.
 */
int mentormail_onboarded(
    struct store *st, const struct mentor_pair *p, long long now);

/* mentormail_other - the other person of pair p than member id. */
const struct mentor_person *mentormail_other(
    const struct mentor_pair *p, long long id);

/* mentormail_name - a person's name, else the address. */
const char *mentormail_name(const struct mentor_person *p);

#endif

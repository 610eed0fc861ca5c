/*
 * store_mentor.h - mentoring pairs and personal prompts (db/store_mentor.c;
 * schema db/0012-mentoring.sql; docs/mentoring.md).
 *
 * Writes run inside the caller's transaction.  Records hold fixed-size
 * copies except the goal and the answer (owned; release them).  Times are
 * ISO-8601 UTC text; started is the list-local date YYYY-MM-DD.  The
 * cadence and health rules are not here (learn/cadence.h).
 */
#ifndef STOA_STORE_MENTOR_H
#define STOA_STORE_MENTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "bounds.h"
#include "store.h"

#define MENTOR_NAME_MAX 128 /* display names are cut to this */

/* One side of a pair. */
struct mentor_person {
	long long id;
	char email[MAX_EMAIL + 1];
	char name[MENTOR_NAME_MAX];
	bool active; /* an active member of the pair's list */
};

/* A pair as stored, with both people. */
struct mentor_pair {
	long long id, list_id;
	struct mentor_person mentor, mentee;
	char started[11];
	char track[16];     /* onboarding, ongoing */
	char state[8];      /* active, paused, ended */
	char pace[16];      /* "" until chosen */
	char health[24];    /* as of the last look */
	char announced[21]; /* "" until the pairing mail went */
	char nudged[21];    /* "" until the first 14-day nudge */
	char *goal;         /* owned, "" when none */
	long long shift;    /* days the anchored check-ins moved */
	char hold[11];      /* no check-in before this date; "" none */
	char closeout[21];  /* "" until the day-90 close-out went */
	char onboarded[21]; /* "" until the pair completed onboarding */
};
void mentor_pair_release(struct mentor_pair *p);

/* A new pair (borrowed strings). */
struct mentor_pair_in {
	long long list_id, mentor_id, mentee_id;
	const char *started, *track, *goal;
};
/*
 * store_mentor_add - a new active pair, due for its announcement at once;
 * event mentor.pair.  E_DUP when the same pair is already open (why
 * says so).
 */
int store_mentor_add(struct store *st, const struct mentor_pair_in *p,
    long long *id, struct buf *why);
/* store_mentor_get - E_NOTFOUND. */
int store_mentor_get(struct store *st, long long id, struct mentor_pair *out);
/*
 * store_mentor_pairs - the pairs of list (0: all lists) by id, into a new
 * array (mentor_pairs_free()).
 */
int store_mentor_pairs(
    struct store *st, long long list_id, struct mentor_pair **out, size_t *n);
void mentor_pairs_free(struct mentor_pair *p, size_t n);
/*
 * store_mentor_state - move pair id to state `to` when its state is one
 * of `from` (space-separated): E_NOTFOUND when no such pair, E_PERM when
 * it is in another state.  Resuming makes it due at once and forgets a
 * chosen pace of "pause" (the check-ins come at the default pace again).
 */
int store_mentor_state(
    struct store *st, long long id, const char *from, const char *to);
/* store_mentor_pace - the chosen pace (weekly ... pause). */
int store_mentor_pace(struct store *st, long long id, const char *pace);
/* store_mentor_next - when the scheduler should look at pair id again. */
int store_mentor_next(struct store *st, long long id, const char *next_at);
/* store_mentor_health - the bucket as of now. */
int store_mentor_health(struct store *st, long long id, const char *health);
/* store_mentor_announced - the pairing mail went at `at`. */
int store_mentor_announced(struct store *st, long long id, const char *at);
/* store_mentor_nudged - the 14-day nudge went at `at`. */
int store_mentor_nudged(struct store *st, long long id, const char *at);
/* store_mentor_move - the shift and hold of a pair; looked at again now. */
int store_mentor_move(
    struct store *st, long long id, long long shift, const char *hold);
int store_mentor_closeout(struct store *st, long long id, const char *at);
/* store_mentor_onboarded - set once; *first when this call set it. */
int store_mentor_onboarded(
    struct store *st, long long id, const char *at, bool *first);

/* A drifting pair in the moderators' mail. */
struct mentor_drift {
	long long id;
	char mentor[MAX_EMAIL + 1], mentee[MAX_EMAIL + 1];
	char last[21]; /* the last reply, "" when none */
};
/*
 * store_mentor_drifting - the active pairs of list that are inactive
 * (health) and were not reported since their last reply, into a new
 * array (free()).
 */
int store_mentor_drifting(
    struct store *st, long long list_id, struct mentor_drift **out, size_t *n);
/* store_mentor_drift_lists - lists with such pairs, into a new array. */
int store_mentor_drift_lists(struct store *st, long long **out, size_t *n);
/* store_mentor_alerted - the pairs of drifting() were reported at `at`. */
int store_mentor_alerted(struct store *st, long long list_id, const char *at);
/*
 * store_mentor_gone - the pairs the removal trigger ended (state ended,
 * ended NULL); store_mentor_ended sets ended once the other is told.
 */
int store_mentor_gone(struct store *st, long long **out, size_t *n);
int store_mentor_ended(struct store *st, long long id, const char *at);
/*
 * store_mentor_due - ids of active pairs whose next_at <= now (an empty
 * next_at is due), at most max, into a new array.
 */
int store_mentor_due(
    struct store *st, const char *now, size_t max, long long **out, size_t *n);
/*
 * store_mentor_member_pairs - the open pairs of member in list, into a new
 * array (mentor_pairs_free()).
 */
int store_mentor_member_pairs(struct store *st, long long list_id,
    long long member_id, struct mentor_pair **out, size_t *n);

/* --- prompts --- */
/* A list's open pairs by health, and its check-ins of a period. */
struct mentor_counts {
	int open, on_track, needs, inactive, early, paused;
	int checkins, answered; /* reflections sent / answered in it */
};
/* store_mentor_counts - for the moderators' digest draft, [from, to). */
int store_mentor_counts(struct store *st, long long list_id, const char *from,
    const char *to, struct mentor_counts *out);

struct prompt_rec {
	long long id, list_id, member_id, mentorship_id;
	long long object_id; /* what the kind names (a thread ...), or 0 */
	char kind[16];       /* reflection, prep, fit, relay, intro ... */
	char sent_at[21], replied_at[21];
	int week;
	int pulse;    /* 0: none */
	char fit[16]; /* "" when none */
	char pace[16];
};
/* store_prompt_add - a new prompt (id, replied_at, answers ignored). */
int store_prompt_add(
    struct store *st, const struct prompt_rec *p, long long *id);
/* store_prompt_get - E_NOTFOUND. */
int store_prompt_get(struct store *st, long long id, struct prompt_rec *out);
/*
 * store_prompt_find - the prompt of kind for check-in week of pair to
 * member: *found, and its row into out.
 */
int store_prompt_find(struct store *st, long long pair, const char *kind,
    int week, long long member, bool *found, struct prompt_rec *out);
/* What a reply said, for the prompt row. */
struct prompt_reply {
	const char *replied_at, *answer;
	int pulse;        /* 0: none */
	const char *fit;  /* NULL: none */
	const char *pace; /* NULL: none */
};
/* store_prompt_reply - record the reply to prompt id. */
int store_prompt_reply(
    struct store *st, long long id, const struct prompt_reply *r);

/* The history the cadence and health rules read. */
struct mentor_history {
	int checkins;          /* reflections sent */
	int in_window;         /* of them sent before window_end */
	char last_checkin[21]; /* "" when none */
	char last_reply[21];   /* the last reply to any prompt of the pair */
	int pulses[3];         /* newest first, 0 = none */
	char fit[16];          /* the latest fit answer, "" when none */
	char first_checkin[21];
	int answered; /* reflections sent before window_end and answered */
};
/* store_mentor_history - pair's history; window_end ISO (first 90 days). */
int store_mentor_history(struct store *st, long long pair,
    const char *window_end, struct mentor_history *out);
/*
 * store_prompt_last_answer - the latest answer of member to a reflection
 * of pair, a copy into *out ("" when none).
 */
int store_prompt_last_answer(
    struct store *st, long long pair, long long member, char **out);
/*
 * store_learning_mails_since - learning mails to member since `since`, all
 * lists: quiz questions and welcomes, scheduled prompts (not relays).
 */
int store_learning_mails_since(
    struct store *st, long long member_id, const char *since, int *n);

#endif

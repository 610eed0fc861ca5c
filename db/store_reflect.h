/*
 * store_reflect.h - reflection questions (db/store_reflect.c; schema
 * db/0015-groups.sql; docs/connect-groups.md "Reflection questions").
 *
 * A question of a list is asked every every_weeks weeks: each asking is
 * a round, open for REFLECT_ROUND_DAYS days, in which every active
 * member of the list gets one prompt of kind 'question' (object_id: the
 * round) as their learning-mail budget allows.  Writes run inside the
 * caller's transaction.
 */
#ifndef STOA_STORE_REFLECT_H
#define STOA_STORE_REFLECT_H

#include <stdbool.h>
#include <stddef.h>

#include "bounds.h"
#include "store.h"

#define REFLECT_ROUND_DAYS 7    /* members are asked within this */
#define REFLECT_TEXT_MAX   1000 /* bytes of a question */

/* A question as stored. */
struct reflect_question {
	long long id, list_id;
	int every_weeks;
	bool private_answers; /* to the moderators, not the list */
	char state[8];        /* active, stopped */
	char next_at[21];
	char *text; /* owned */
	int rounds, answers;
};
void reflect_questions_free(struct reflect_question *q, size_t n);

/* store_reflect_add - a new active question, first asked at next_at. */
int store_reflect_add(
    struct store *st, const struct reflect_question *q, long long *id);
/* store_reflect_list - the questions of list by id (reflect_questions_free). */
int store_reflect_list(struct store *st, long long list_id,
    struct reflect_question **out, size_t *n);
/*
 * store_reflect_stop - question id stops being asked (event
 * reflect.stop); E_NOTFOUND, E_PERM when stopped already.
 */
int store_reflect_stop(struct store *st, long long id);

/*
 * store_reflect_start_due - every active question whose next_at <= now
 * starts a round (until: now + REFLECT_ROUND_DAYS days) and moves its
 * next_at on by its weeks (past now).  *n rounds started.
 */
int store_reflect_start_due(struct store *st, long long now, int *n);

/* An open round as the scheduler and the reply handler see it. */
struct reflect_round {
	long long id, question_id, list_id, thread_id;
	bool private_answers;
	char started[21];
	char *text; /* owned: the question */
};
void reflect_round_release(struct reflect_round *r);
/* store_reflect_round - round id; E_NOTFOUND. */
int store_reflect_round(
    struct store *st, long long id, struct reflect_round *out);
/*
 * store_reflect_open - ids of rounds open at now (until > now) not looked
 * at since look_before, into a new array (free()).
 */
int store_reflect_open(struct store *st, const char *now,
    const char *look_before, long long **out, size_t *n);
/* store_reflect_looked - round id was looked at, at `at`. */
int store_reflect_looked(struct store *st, long long id, const char *at);
/*
 * store_reflect_pending - up to max active members of list with an id
 * above after not yet asked in round, by member id, into a new array of
 * rcpt_rec (rcpt_recs_free()).
 */
int store_reflect_pending(struct store *st, long long round, long long list,
    long long after, size_t max, struct rcpt_rec **out, size_t *n);
/* store_reflect_prompt_add - member's prompt of round (kind question). */
int store_reflect_prompt_add(struct store *st, long long list, long long member,
    long long round, const char *sent_at, long long *id);
/* store_reflect_prompt_round - the round of question prompt id. */
int store_reflect_prompt_round(
    struct store *st, long long id, long long *round);
/* store_reflect_thread - the public answers of round are thread. */
int store_reflect_thread(struct store *st, long long round, long long thread);

#endif

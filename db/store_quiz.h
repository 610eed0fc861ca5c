/*
 * store_quiz.h - quiz banks, settings, learners, cards and sends
 * (db/store_quiz.c, db/store_quiz_run.c; schema db/0010-quiz.sql;
 * docs/quiz.md).
 *
 * Writes run inside the caller's transaction.  Strings in records are
 * owned copies; release them with the matching _release/_free.  Times
 * are ISO-8601 UTC text.  The scheduler arithmetic is not here (learn/).
 */
#ifndef STOA_STORE_QUIZ_H
#define STOA_STORE_QUIZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "store.h"

#define QUIZ_MAX_OPTS 26 /* lettered A..Z (GIFT_MAX_ANSWERS) */

/* --- the bank --- */

struct quiz_opt {
	char *text;
	char *feedback; /* NULL when none */
	bool right;
	int pos; /* the stored position (quiz_answers.pos) when loaded */
};

/* A question version to store; opts borrowed. */
struct quiz_version_in {
	const char *qkey, *digest;                  /* gift_key, gift_digest */
	const char *kind;                           /* choice, tf, short */
	const char *title, *topic, *text, *general; /* NULL when none */
	const char *source;                         /* file:line or message */
	const char *author;                         /* file or address */
	const char *status; /* of a new question: active or proposed */
	const struct quiz_opt *opts;
	size_t n_opts;
};

enum quiz_put { QUIZ_PUT_NEW, QUIZ_PUT_CHANGED, QUIZ_PUT_SAME };

/*
 * store_quiz_put - store v in list: a new question, a new version of the
 * question with the same key and another digest, or nothing when the
 * digest is the current one.  *qid the question, *what which.
 */
int store_quiz_put(struct store *st, long long list_id,
    const struct quiz_version_in *v, enum quiz_put *what, long long *qid);

/*
 * store_quiz_key_find - the question of list with key qkey (any status):
 * *qid, or E_NOTFOUND.
 */
int store_quiz_key_find(
    struct store *st, long long list_id, const char *qkey, long long *qid);

/* A stored question with its current (or a given) version. */
struct quiz_full {
	long long qid, vid, list_id;
	int version;
	char *status, *kind, *title, *topic, *text, *general, *author;
	struct quiz_opt *opts;
	size_t n_opts;
};
void quiz_full_release(struct quiz_full *q);

/* store_quiz_get - question qid at version vid (0: the current one). */
int store_quiz_get(
    struct store *st, long long qid, long long vid, struct quiz_full *out);

/* store_quiz_show - one line per question of list to f. */
int store_quiz_show(struct store *st, long long list_id, FILE *f);

/*
 * store_quiz_status - set question qid's status to `to` when it is one of
 * `from` (space-separated); *list_id its list.  E_NOTFOUND when there is
 * no such question, E_PERM when its status is not in from.
 */
int store_quiz_status(struct store *st, long long qid, const char *from,
    const char *to, long long *list_id);

/* --- settings and learners --- */

struct quiz_settings {
	long long list_id;
	bool enabled;
	char scheduler[16]; /* classic, adaptive */
	int every_days, per_batch, hour, expiry_days;
	double retention;
};
/* quiz_settings_default - classic, 2 every 2 days at 9, 7 days, 0.90. */
void quiz_settings_default(struct quiz_settings *s, long long list_id);
/* store_quiz_settings_get - E_NOTFOUND when the list never had quizzes. */
int store_quiz_settings_get(
    struct store *st, long long list_id, struct quiz_settings *out);
/*
 * store_quiz_enable - write s (enabled) and enrol every active member not
 * enrolled yet; *added of them.  With s->enabled false, stop the list's
 * deliveries (open questions can still be answered).
 */
int store_quiz_enable(
    struct store *st, const struct quiz_settings *s, int *added);

struct quiz_learner {
	char state[8];         /* on, off */
	char paused_until[21]; /* "" when not paused */
	char next_at[21];
};
/* store_quiz_learner_get - E_NOTFOUND when not enrolled. */
int store_quiz_learner_get(struct store *st, long long list_id,
    long long member_id, struct quiz_learner *out);
/*
 * store_quiz_learner_set - state on|off (on: next slot as soon as
 * possible) and paused_until (NULL: unchanged, "" : none); enrols the
 * member when needed.
 */
int store_quiz_learner_set(struct store *st, long long list_id,
    long long member_id, const char *state, const char *paused_until);

/*
 * store_quiz_shift - move the member's waiting cards in list (answered or
 * missed, not out, not retired) by days: due and the classic due day.
 */
int store_quiz_shift(
    struct store *st, long long list_id, long long member_id, long days);

/* --- the scheduler pass (store_quiz_run.c) --- */

/* A learner whose delivery slot has come. */
struct quiz_due {
	long long list_id, member_id;
	char *email, *name;
	bool active; /* membership active and quizzes enabled */
	bool welcomed;
	char paused_until[21];
};
void quiz_dues_free(struct quiz_due *d, size_t n);
/* store_quiz_due - learners 'on' with next_at <= now, at most max. */
int store_quiz_due(struct store *st, const char *now, size_t max,
    struct quiz_due **out, size_t *n);
/* store_quiz_next - the learner's next slot (NULL: none). */
int store_quiz_next(struct store *st, long long list_id, long long member_id,
    const char *next_at);
/* store_quiz_welcomed - the how-it-works mail went at `at`. */
int store_quiz_welcomed(
    struct store *st, long long list_id, long long member_id, const char *at);
/*
 * store_quiz_mails_since - learning mails to member since `since`: quizzes
 * and mentoring prompts (store_learning_mails_since, store_mentor.h).
 */
int store_quiz_mails_since(
    struct store *st, long long member_id, const char *since, int *n);

/* Scheduler state of one member and question (see 0010-quiz.sql). */
struct quiz_card {
	bool exists;
	char due[21];
	int c_state, c_last, c_first, c_streak, presentations;
	long long c_day;
	bool reviewed;
	double s, d;
	long long last_review;
};

/* An active question of a list with the member's card. */
struct quiz_item {
	long long qid, vid;
	struct quiz_card card;
};
/* store_quiz_items - the list's active questions by id, with cards. */
int store_quiz_items(struct store *st, long long list_id, long long member_id,
    struct quiz_item **out, size_t *n);
/* A card with its member and topic, for predicted recall. */
struct quiz_card_row {
	long long member_id;
	const char *email, *topic; /* topic "" when none; valid in fn */
	struct quiz_card card;
};
/*
 * store_quiz_cards_each - fn on every card of list's active questions
 * (of member_id only, unless 0), by email then topic; a nonzero return
 * of fn stops and is returned.
 */
int store_quiz_cards_each(struct store *st, long long list_id,
    long long member_id, int (*fn)(void *ctx, const struct quiz_card_row *r),
    void *ctx);
/*
 * store_quiz_items_due - what a pick can choose from, without the rest
 * of the bank: the member's waiting cards of active questions due by
 * classic day `day` or time `now`, and the first new_max active
 * questions without a card; by question id.  The classic and adaptive
 * picks choose the same from these as from store_quiz_items().
 */
int store_quiz_items_due(struct store *st, long long list_id,
    long long member_id, long long day, const char *now, size_t new_max,
    struct quiz_item **out, size_t *n);
/* store_quiz_card_get - the card, exists false when none. */
int store_quiz_card_get(struct store *st, long long member_id, long long qid,
    struct quiz_card *out);
/* store_quiz_card_put - insert or replace the card. */
int store_quiz_card_put(struct store *st, long long member_id, long long qid,
    const struct quiz_card *c);

/* One question mailed to one member. */
struct quiz_send {
	long long id, list_id, member_id, qid, vid;
	char scheduler[16];
	char sent_at[21], expires[21], answered_at[21];
	char result[16]; /* "" while out */
	bool late;
};
/* store_quiz_send_add - a new send; *id. */
int store_quiz_send_add(
    struct store *st, const struct quiz_send *s, long long *id);
/* store_quiz_send_get - E_NOTFOUND. */
int store_quiz_send_get(struct store *st, long long id, struct quiz_send *out);

/* What an answer did, for the send row. */
struct quiz_answer_rec {
	const char *answered_at, *result, *verdict, *reply, *due;
	bool late;
	int choice;     /* -1: none */
	double r, s, d; /* r < 0: none */
	int interval_days;
};
/* store_quiz_send_answer - record the answer to send id. */
int store_quiz_send_answer(
    struct store *st, long long id, const struct quiz_answer_rec *a);
/* store_quiz_send_missed - mark send id missed. */
int store_quiz_send_missed(struct store *st, long long id);
/* store_quiz_expired - open sends with expires <= now, at most max. */
int store_quiz_expired(struct store *st, const char *now, size_t max,
    struct quiz_send **out, size_t *n);

/*
 * store_quiz_peers - first answers of each member to question qid:
 * counts[pos] per option (QUIZ_MAX_OPTS), *right of them right, *total.
 */
int store_quiz_peers(
    struct store *st, long long qid, int *counts, int *right, int *total);

/* A member's record in one list ("stats"). */
struct quiz_stats {
	int answered, first_right, retired, streak, missed;
	char strong[128], weak[128]; /* topics, "" when unknown */
};
int store_quiz_stats(struct store *st, long long list_id, long long member_id,
    struct quiz_stats *out);

/* A member's week in one list, for the weekly digest's quiz line. */
struct quiz_week {
	bool learner;              /* enrolled, quizzes on */
	int sent, answered, right; /* in [since, until) */
	int streak; /* right in a row now (0 when none answered) */
};
/*
 * store_quiz_week - questions sent to member in list, answered and right
 * (on time or late) between since and until, and the current streak.
 */
int store_quiz_week(struct store *st, long long list_id, long long member_id,
    const char *since, const char *until, struct quiz_week *out);

#endif

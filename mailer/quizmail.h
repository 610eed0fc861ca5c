/*
 * quizmail.h - between the quiz bank as stored (db/store_quiz.h) and the
 * learning code (learn/gift.h, learn/grade.h), and the wording both the
 * scheduler and the hook put into quiz mail: the lettered choices with
 * their one-tap mailto links, the right answer, the explanation.
 */
#ifndef STOA_QUIZMAIL_H
#define STOA_QUIZMAIL_H

#include "buf.h"
#include "classic.h"
#include "gift.h"
#include "store_quiz.h"
#include "tmpl.h"

/* quizmail_kind - "choice", "tf" or "short" for a GIFT kind. */
const char *quizmail_kind(enum gift_kind k);

/*
 * quizmail_version - v describing q (key and digest computed into the
 * caller's arrays; opts needs q->n_answers slots).  Everything borrowed
 * from q.  Returns 0 or E_INTERNAL.
 */
int quizmail_version(const struct gift_question *q, char key[GIFT_KEY_LEN],
    char digest[GIFT_KEY_LEN], struct quiz_opt *opts,
    struct quiz_version_in *v);

/*
 * quizmail_gift - g describing the stored question q, for grade_reply():
 * the strings are borrowed from q; free g->answers (only) with
 * quizmail_gift_release().
 */
void quizmail_gift(const struct quiz_full *q, struct gift_question *g);
void quizmail_gift_release(struct gift_question *g);

/*
 * quizmail_shuffle - put the options of a multiple-choice q in the order
 * the member sees for send `seed` (the same order for the same seed, so
 * the mail and the grading agree; opts[i].pos keeps the stored position).
 * True/false and short answers keep theirs.
 */
void quizmail_shuffle(struct quiz_full *q, long long seed);

/*
 * quizmail_vars - the question's variables: question, topic, kind flags,
 * a list "choices" (letter, text, mailto: an answer to reply_to with the
 * letter in subject and body) for choice and true/false questions.
 */
void quizmail_vars(struct vars *v, const struct quiz_full *q,
    const char *reply_to, const char *subject);

/*
 * quizmail_answer - the right answer as a person reads it ("B) 443", or
 * the accepted answers of a short question, " / "-joined), into out.
 */
void quizmail_answer(const struct quiz_full *q, struct buf *out);

/* --- time and scheduler state, shared by stoa-digest and stoa-hook --- */

/* quizmail_day - t's day number in zone tz (days since 1970-01-01 local). */
int quizmail_day(long long t, const char *tz, long long *day);
/*
 * quizmail_at - the instant of hour:00 local time in tz, add_days after
 * t's local day.  0 or the clock's error.
 */
int quizmail_at(
    long long t, const char *tz, int add_days, int hour, long long *out);
/*
 * quizmail_budget_left - may one more learning mail go to member today
 * (the local day of now in tz; conf learning_mails_per_day, counted by
 * store_learning_mails_since)?  *ok; 0 or an enum err.
 */
int quizmail_budget_left(struct store *st, long long member, long long now,
    const char *tz, bool *ok);
/* quizmail_params - classic parameters of a list's settings. */
void quizmail_params(const struct quiz_settings *s, struct classic_params *p);
/* quizmail_item - the classic item kept in a card (NEW without a card). */
void quizmail_item(const struct quiz_card *c, struct classic_item *it);
/* quizmail_card_set - store the classic item it in card c. */
void quizmail_card_set(struct quiz_card *c, const struct classic_item *it);

/*
 * Predicted recall of a member's questions at a time (docs/quiz.md): an
 * adaptive card counts its FSRS retrievability, a classic one 1 when its
 * latest answer was right (or it is retired), 0 when wrong; a card never
 * answered, or only missed, does not count.
 */
struct quizmail_recall {
	double sum_fsrs, sum_classic;
	int n_fsrs, n_classic;
};
/* quizmail_recall_add - count card c at now into r. */
void quizmail_recall_add(
    struct quizmail_recall *r, const struct quiz_card *c, long long now);
/* quizmail_recall_pct - the mean in percent, rounded; -1 with no card. */
int quizmail_recall_pct(const struct quizmail_recall *r, bool fsrs);

#endif

/*
 * store_quiz_run.c - what the quiz scheduler pass and the answer handler
 * read and write: due learners, cards, sends, peers and a member's stats
 * (store_quiz.h).  The due queries use partial indexes (learners 'on' by
 * next_at, open sends by expires), so a pass with nothing due reads no
 * table in full.
 */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "store_priv.h"
#include "store_mentor.h"
#include "store_quiz.h"
#include "xmalloc.h"

static void
due_drop(void *rec)
{
	struct quiz_due *d = rec;

	free(d->email);
	free(d->name);
}

static void
due_read(sqlite3_stmt *s, void *rec)
{
	struct quiz_due *d = rec;

	store_cols(s, SQ_OUT_I64(&d->list_id), SQ_OUT_I64(&d->member_id),
	    SQ_OUT_DUP(&d->email), SQ_OUT_DUP(&d->name),
	    SQ_OUT_BOOL(&d->active), SQ_OUT_BOOL(&d->welcomed),
	    SQ_OUT_TEXT(d->paused_until, sizeof d->paused_until));
}

static const struct store_rowkind due_kind = {
    sizeof(struct quiz_due), due_read, due_drop};

void
quiz_dues_free(struct quiz_due *d, size_t n)
{
	store_rows_free(d, n, &due_kind);
}

int
store_quiz_due(struct store *st, const char *now, size_t max,
    struct quiz_due **out, size_t *n)
{
	void *p;
	int rc;

	rc = store_select(st, "quiz due", &due_kind, &p, n,
	    "SELECT l.list_id, l.member_id, m.email, m.name,"
	    " coalesce(ms.status = 'active' AND q.enabled = 1, 0),"
	    " l.welcomed IS NOT NULL, coalesce(l.paused_until, '')"
	    " FROM quiz_learners l JOIN members m ON m.id = l.member_id"
	    " LEFT JOIN memberships ms ON ms.list_id = l.list_id"
	    " AND ms.member_id = l.member_id"
	    " LEFT JOIN quiz_settings q ON q.list_id = l.list_id"
	    " WHERE l.state = 'on' AND l.next_at <= ?1"
	    " ORDER BY l.next_at, l.list_id, l.member_id LIMIT ?2",
	    SQ_TEXT(now), SQ_INT((long long)max));
	*out = p;
	return rc;
}

int
store_quiz_next(struct store *st, long long list_id, long long member_id,
    const char *next_at)
{
	return store_q(st, "quiz next",
	    "UPDATE quiz_learners SET next_at = ?3"
	    " WHERE list_id = ?1 AND member_id = ?2",
	    SQ_INT(list_id), SQ_INT(member_id), SQ_TEXT(next_at));
}

int
store_quiz_welcomed(
    struct store *st, long long list_id, long long member_id, const char *at)
{
	return store_q(st, "quiz welcomed",
	    "UPDATE quiz_learners SET welcomed = ?3"
	    " WHERE list_id = ?1 AND member_id = ?2",
	    SQ_INT(list_id), SQ_INT(member_id), SQ_TEXT(at));
}

int
store_quiz_mails_since(
    struct store *st, long long member_id, const char *since, int *n)
{
	return store_learning_mails_since(st, member_id, since, n);
}

#define CARD_COLS                                                              \
	"c.due, c.c_state, c.c_last, c.c_first, c.c_streak, c.presentations,"  \
	" c.c_day, c.reviewed, c.s, c.d, c.last_review"

/* card_cols - the CARD_COLS of s from column `at` into c. */
static void
card_cols(sqlite3_stmt *s, int at, struct quiz_card *c)
{
	memset(c, 0, sizeof *c);
	c->exists = sqlite3_column_type(s, at) != SQLITE_NULL;
	if (!c->exists)
		return;
	snprintf(c->due, sizeof c->due, "%s",
	    (const char *)sqlite3_column_text(s, at));
	c->c_state = sqlite3_column_int(s, at + 1);
	c->c_last = sqlite3_column_int(s, at + 2);
	c->c_first = sqlite3_column_int(s, at + 3);
	c->c_streak = sqlite3_column_int(s, at + 4);
	c->presentations = sqlite3_column_int(s, at + 5);
	c->c_day = sqlite3_column_int64(s, at + 6);
	c->reviewed = sqlite3_column_int(s, at + 7) != 0;
	c->s = sqlite3_column_double(s, at + 8);
	c->d = sqlite3_column_double(s, at + 9);
	c->last_review = sqlite3_column_int64(s, at + 10);
}

/* item_read - a row (question, version, CARD_COLS) as a quiz item. */
static void
item_read(sqlite3_stmt *s, void *rec)
{
	struct quiz_item *it = rec;

	it->qid = sqlite3_column_int64(s, 0);
	it->vid = sqlite3_column_int64(s, 1);
	card_cols(s, 2, &it->card);
}

static const struct store_rowkind item_kind = {
    sizeof(struct quiz_item), item_read, NULL};

int
store_quiz_items(struct store *st, long long list_id, long long member_id,
    struct quiz_item **out, size_t *n)
{
	void *p;
	int rc;

	rc = store_select(st, "quiz items", &item_kind, &p, n,
	    "SELECT q.id, q.current, " CARD_COLS " FROM quiz_questions q"
	    " LEFT JOIN quiz_cards c ON c.question_id = q.id"
	    " AND c.member_id = ?2"
	    " WHERE q.list_id = ?1 AND q.status = 'active' ORDER BY q.id",
	    SQ_INT(list_id), SQ_INT(member_id));
	*out = p;
	return rc;
}

int
store_quiz_items_due(struct store *st, long long list_id, long long member_id,
    long long day, const char *now, size_t new_max, struct quiz_item **out,
    size_t *n)
{
	void *p;
	int rc;

	rc = store_select(st, "quiz items", &item_kind, &p, n,
	    "SELECT q.id, q.current, " CARD_COLS " FROM quiz_cards c"
	    " JOIN quiz_questions q ON q.id = c.question_id"
	    " WHERE c.member_id = ?2 AND q.list_id = ?1"
	    " AND q.status = 'active' AND c.c_state = 2"
	    " AND (c.c_day <= ?3 OR c.due <= ?4)"
	    " UNION ALL SELECT * FROM (SELECT q.id, q.current, NULL, NULL,"
	    " NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL"
	    " FROM quiz_questions q WHERE q.list_id = ?1"
	    " AND q.status = 'active' AND NOT EXISTS (SELECT 1 FROM"
	    " quiz_cards c WHERE c.member_id = ?2 AND c.question_id = q.id)"
	    " ORDER BY q.id LIMIT ?5) ORDER BY 1",
	    SQ_INT(list_id), SQ_INT(member_id), SQ_INT(day), SQ_TEXT(now),
	    SQ_INT((long long)new_max));
	*out = p;
	return rc;
}

int
store_quiz_cards_each(struct store *st, long long list_id, long long member_id,
    int (*fn)(void *ctx, const struct quiz_card_row *r), void *ctx)
{
	sqlite3_stmt *s;
	struct quiz_card_row r;
	int rc, stop = 0;

	rc = store_stmt(st, &s,
	    "SELECT c.member_id, b.email, coalesce(v.topic, ''), " CARD_COLS
	    " FROM quiz_cards c JOIN quiz_questions q ON q.id = c.question_id"
	    " JOIN quiz_versions v ON v.id = q.current"
	    " JOIN members b ON b.id = c.member_id"
	    " WHERE q.list_id = ?1 AND (?2 = 0 OR c.member_id = ?2)"
	    " AND q.status = 'active' ORDER BY b.email, 3",
	    SQ_INT(list_id), SQ_INT(member_id));
	if (rc != 0)
		return rc;
	while (stop == 0 && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		r.member_id = sqlite3_column_int64(s, 0);
		r.email = (const char *)sqlite3_column_text(s, 1);
		r.topic = (const char *)sqlite3_column_text(s, 2);
		card_cols(s, 3, &r.card);
		stop = fn(ctx, &r);
	}
	if (stop != 0)
		rc = SQLITE_DONE;
	rc = store_end(st, s, rc, "quiz cards");
	return rc != 0 ? rc : stop;
}

int
store_quiz_card_get(
    struct store *st, long long member_id, long long qid, struct quiz_card *out)
{
	sqlite3_stmt *s;
	int rc;

	memset(out, 0, sizeof *out);
	rc = store_stmt(st, &s,
	    "SELECT " CARD_COLS " FROM quiz_cards c"
	    " WHERE c.member_id = ?1 AND c.question_id = ?2",
	    SQ_INT(member_id), SQ_INT(qid));
	if (rc != 0)
		return rc;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		card_cols(s, 0, out);
		rc = sqlite3_step(s);
	}
	return store_end(st, s, rc, "quiz card");
}

int
store_quiz_card_put(struct store *st, long long member_id, long long qid,
    const struct quiz_card *c)
{
	return store_q(st, "quiz card put",
	    "INSERT OR REPLACE INTO quiz_cards(member_id, question_id, due,"
	    " c_state, c_last, c_first, c_streak, presentations, c_day,"
	    " reviewed, s, d, last_review) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
	    " ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
	    SQ_INT(member_id), SQ_INT(qid), SQ_TEXT(c->due), SQ_INT(c->c_state),
	    SQ_INT(c->c_last), SQ_INT(c->c_first), SQ_INT(c->c_streak),
	    SQ_INT(c->presentations), SQ_INT(c->c_day), SQ_INT(c->reviewed),
	    SQ_REAL(c->s), SQ_REAL(c->d), SQ_INT(c->last_review));
}

int
store_quiz_send_add(struct store *st, const struct quiz_send *s, long long *id)
{
	return store_q(st, "quiz send",
	    "INSERT INTO quiz_sends(list_id, member_id, question_id,"
	    " version_id, scheduler, sent_at, expires)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
	    SQ_INT(s->list_id), SQ_INT(s->member_id), SQ_INT(s->qid),
	    SQ_INT(s->vid), SQ_TEXT(s->scheduler), SQ_TEXT(s->sent_at),
	    SQ_TEXT(s->expires), SQ_OUT_I64(id));
}

#define SEND_COLS                                                              \
	"SELECT id, list_id, member_id, question_id, version_id, scheduler,"   \
	" sent_at, expires, coalesce(answered_at, ''), coalesce(result, ''),"  \
	" late FROM quiz_sends"

/* send_cols - a SEND_COLS row of s into rec, a struct quiz_send. */
static void
send_cols(sqlite3_stmt *s, void *rec)
{
	struct quiz_send *o = rec;

	memset(o, 0, sizeof *o);
	store_cols(s, SQ_OUT_I64(&o->id), SQ_OUT_I64(&o->list_id),
	    SQ_OUT_I64(&o->member_id), SQ_OUT_I64(&o->qid), SQ_OUT_I64(&o->vid),
	    SQ_OUT_TEXT(o->scheduler, sizeof o->scheduler),
	    SQ_OUT_TEXT(o->sent_at, sizeof o->sent_at),
	    SQ_OUT_TEXT(o->expires, sizeof o->expires),
	    SQ_OUT_TEXT(o->answered_at, sizeof o->answered_at),
	    SQ_OUT_TEXT(o->result, sizeof o->result), SQ_OUT_BOOL(&o->late));
}

int
store_quiz_send_get(struct store *st, long long id, struct quiz_send *out)
{
	sqlite3_stmt *s;
	int rc;

	memset(out, 0, sizeof *out);
	rc = store_stmt(st, &s, SEND_COLS " WHERE id = ?1", SQ_INT(id));
	if (rc != 0)
		return rc;
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		rc = store_end(st, s, rc, "quiz send get");
		return rc != 0 ? rc : E_NOTFOUND;
	}
	send_cols(s, out);
	return store_end(st, s, SQLITE_DONE, "quiz send get");
}

static const struct store_rowkind send_kind = {
    sizeof(struct quiz_send), send_cols, NULL};

int
store_quiz_send_answer(
    struct store *st, long long id, const struct quiz_answer_rec *a)
{
	return store_q(st, "quiz answer",
	    "UPDATE quiz_sends SET answered_at = ?2, result = ?3, late = ?4,"
	    " verdict = ?5, choice = CASE WHEN ?6 >= 0 THEN ?6 END, reply = ?7,"
	    " r = CASE WHEN ?8 >= 0 THEN ?8 END, s = ?9, d = ?10, due = ?11,"
	    " interval_days = ?12 WHERE id = ?1",
	    SQ_INT(id), SQ_TEXT(a->answered_at), SQ_TEXT(a->result),
	    SQ_INT(a->late), SQ_TEXT(a->verdict), SQ_INT(a->choice),
	    SQ_TEXT(a->reply), SQ_REAL(a->r), SQ_REAL(a->s), SQ_REAL(a->d),
	    SQ_TEXT(a->due), SQ_INT(a->interval_days));
}

int
store_quiz_send_missed(struct store *st, long long id)
{
	return store_q(st, "quiz missed",
	    "UPDATE quiz_sends SET result = 'missed' WHERE id = ?1"
	    " AND result IS NULL",
	    SQ_INT(id));
}

int
store_quiz_expired(struct store *st, const char *now, size_t max,
    struct quiz_send **out, size_t *n)
{
	void *p;
	int rc;

	rc = store_select(st, "quiz expired", &send_kind, &p, n,
	    SEND_COLS " WHERE result IS NULL AND expires <= ?1"
	              " ORDER BY expires, id LIMIT ?2",
	    SQ_TEXT(now), SQ_INT((long long)max));
	*out = p;
	return rc;
}

int
store_quiz_peers(
    struct store *st, long long qid, int *counts, int *right, int *total)
{
	sqlite3_stmt *s;
	int rc;

	memset(counts, 0, QUIZ_MAX_OPTS * sizeof *counts);
	*right = *total = 0;
	rc = store_stmt(st, &s,
	    "SELECT coalesce(choice, -1), verdict = 'correct', count(*)"
	    " FROM quiz_sends x WHERE question_id = ?1 AND verdict IS NOT NULL"
	    " AND id = (SELECT min(id) FROM quiz_sends y WHERE"
	    " y.question_id = x.question_id AND y.member_id = x.member_id"
	    " AND y.verdict IS NOT NULL) GROUP BY 1, 2",
	    SQ_INT(qid));
	if (rc != 0)
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int c = sqlite3_column_int(s, 0), k = sqlite3_column_int(s, 2);

		if (c >= 0 && c < QUIZ_MAX_OPTS)
			counts[c] += k;
		if (sqlite3_column_int(s, 1) != 0)
			*right += k;
		*total += k;
	}
	return store_end(st, s, rc, "quiz peers");
}

/* topic_by - the topic with the best (desc) or worst share of right. */
static int
topic_by(struct store *st, long long list_id, long long member_id, bool best,
    char *out, size_t size)
{
	int rc;

	rc = store_q(st, "quiz topic",
	    "SELECT v.topic FROM quiz_sends x JOIN quiz_versions v"
	    " ON v.id = x.version_id WHERE x.list_id = ?1 AND x.member_id = ?2"
	    " AND x.result IN ('correct', 'wrong') AND v.topic IS NOT NULL"
	    " GROUP BY v.topic"
	    " ORDER BY avg(x.result = 'correct') * (CASE WHEN ?3 THEN -1"
	    " ELSE 1 END), v.topic LIMIT 1",
	    SQ_INT(list_id), SQ_INT(member_id), SQ_INT(best),
	    SQ_OUT_TEXT(out, size));
	return rc == E_NOTFOUND ? 0 : rc;
}

/* streak - right answers in a row, newest first. */
static int
streak(struct store *st, long long list_id, long long member_id, int *n)
{
	return store_q(st, "quiz streak",
	    "SELECT count(*) FROM quiz_sends WHERE list_id = ?1"
	    " AND member_id = ?2 AND result = 'correct' AND answered_at >"
	    " coalesce((SELECT max(answered_at) FROM quiz_sends WHERE"
	    " list_id = ?1 AND member_id = ?2 AND result = 'wrong'), '')",
	    SQ_INT(list_id), SQ_INT(member_id), SQ_OUT_INT(n));
}

int
store_quiz_week(struct store *st, long long list_id, long long member_id,
    const char *since, const char *until, struct quiz_week *out)
{
	int on = 0, rc;

	memset(out, 0, sizeof *out);
	rc = store_q(st, "quiz week",
	    "SELECT (SELECT count(*) FROM quiz_learners WHERE list_id = ?1"
	    " AND member_id = ?2 AND state = 'on'),"
	    " count(*) FILTER (WHERE sent_at >= ?3),"
	    " count(*) FILTER (WHERE result IN ('correct', 'wrong')"
	    " AND answered_at >= ?3 AND answered_at < ?4),"
	    " count(*) FILTER (WHERE result = 'correct'"
	    " AND answered_at >= ?3 AND answered_at < ?4)"
	    " FROM quiz_sends WHERE member_id = ?2 AND list_id = ?1"
	    " AND sent_at < ?4",
	    SQ_INT(list_id), SQ_INT(member_id), SQ_TEXT(since), SQ_TEXT(until),
	    SQ_OUT_INT(&on), SQ_OUT_INT(&out->sent), SQ_OUT_INT(&out->answered),
	    SQ_OUT_INT(&out->right));
	out->learner = on > 0;
	if (rc == 0 && out->answered > 0)
		rc = streak(st, list_id, member_id, &out->streak);
	return rc;
}

int
store_quiz_stats(struct store *st, long long list_id, long long member_id,
    struct quiz_stats *out)
{
	int rc;

	memset(out, 0, sizeof *out);
	rc = store_q(st, "quiz stats",
	    "SELECT count(*) FILTER (WHERE result IN ('correct', 'wrong')),"
	    " count(*) FILTER (WHERE result = 'missed'),"
	    " (SELECT count(*) FROM quiz_cards c JOIN quiz_questions q"
	    " ON q.id = c.question_id WHERE c.member_id = ?2"
	    " AND q.list_id = ?1 AND c.c_first = 1),"
	    " (SELECT count(*) FROM quiz_cards c JOIN quiz_questions q"
	    " ON q.id = c.question_id WHERE c.member_id = ?2"
	    " AND q.list_id = ?1 AND c.c_state = 3)"
	    " FROM quiz_sends WHERE list_id = ?1 AND member_id = ?2",
	    SQ_INT(list_id), SQ_INT(member_id), SQ_OUT_INT(&out->answered),
	    SQ_OUT_INT(&out->missed), SQ_OUT_INT(&out->first_right),
	    SQ_OUT_INT(&out->retired));
	if (rc == 0)
		rc = streak(st, list_id, member_id, &out->streak);
	if (rc == 0)
		rc = topic_by(st, list_id, member_id, true, out->strong,
		    sizeof out->strong);
	if (rc == 0)
		rc = topic_by(
		    st, list_id, member_id, false, out->weak, sizeof out->weak);
	return rc;
}

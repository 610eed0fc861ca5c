/*
 * store_report.c - the reads of `stoa report` (store_report.h).  Each
 * section of the report is a few aggregate queries over events and the
 * tables they name; rows that the report turns into medians or weekly
 * buckets come back as plain arrays.  Read-only: no transaction is
 * needed beyond SQLite's per-statement snapshot.
 */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "store_priv.h"
#include "store_report.h"
#include "xmalloc.h"

/* The events that show a member doing something (docs/report.md). */
#define ACTIONS                                                                \
	"('posted', 'quiz.answer', 'mentor.reply', 'wiki.edit',"               \
	" 'reflect.answer', 'route.answer', 'intro.post', 'quiz.propose')"
#define UNIX(x) "CAST(strftime('%s', " x ") AS INTEGER)"

static void
answer_read(sqlite3_stmt *s, void *rec)
{
	store_cols(s, SQ_OUT_DUP((char **)rec));
}

static void
answer_drop(void *rec)
{
	free(*(char **)rec);
}

static const struct store_rowkind answer_kind = {
    sizeof(char *), answer_read, answer_drop};

void
rep_raw_release(struct rep_raw *r)
{
	if (r == NULL)
		return;
	free(r->active);
	free(r->post_days);
	free(r->threads);
	free(r->topics);
	free(r->cards);
	free(r->health);
	free(r->checkins_90);
	store_rows_free(r->answers, r->n_answers, &answer_kind);
	free(r->by_badge);
	memset(r, 0, sizeof *r);
}

static void
dm_read(sqlite3_stmt *s, void *rec)
{
	struct rep_dm *d = rec;
	long long day;

	store_cols(s, SQ_OUT_I64(&day), SQ_OUT_I64(&d->member));
	d->day = (long)day;
}

static const struct store_rowkind dm_kind = {
    sizeof(struct rep_dm), dm_read, NULL};

/* read_dm - rows (day, n) of s into *out; finalizes s. */
static int
read_dm(struct store *st, sqlite3_stmt *s, struct rep_dm **out, size_t *n)
{
	void *p;
	int rc;

	rc = store_rows(st, s, "report rows", &dm_kind, &p, n);
	*out = p;
	return rc;
}

static void
count_read(sqlite3_stmt *s, void *rec)
{
	struct rep_count *c = rec;

	store_cols(s, SQ_OUT_TEXT(c->name, sizeof c->name), SQ_OUT_I64(&c->n));
}

static const struct store_rowkind count_kind = {
    sizeof(struct rep_count), count_read, NULL};

/* read_counts - rows (name, n) of s into *out; finalizes s. */
static int
read_counts(
    struct store *st, sqlite3_stmt *s, struct rep_count **out, size_t *n)
{
	void *p;
	int rc;

	rc = store_rows(st, s, "report counts", &count_kind, &p, n);
	*out = p;
	return rc;
}

static void
thread_read(sqlite3_stmt *s, void *rec)
{
	struct rep_thread *t = rec;

	store_cols(s, SQ_OUT_I64(&t->root), SQ_OUT_I64(&t->first_answer));
}

static const struct store_rowkind thread_kind = {
    sizeof(struct rep_thread), thread_read, NULL};

static int
participation(struct store *st, long long l, const char *from, const char *to,
    struct rep_raw *r)
{
	sqlite3_stmt *s;
	void *p;
	int rc;

	rc = store_q(st, "report members",
	    "SELECT count(*) FROM memberships WHERE list_id = ?1"
	    " AND status = 'active'",
	    SQ_INT(l), SQ_OUT_I64(&r->members));
	if (rc == 0)
		rc = store_q(st, "report posts",
		    "SELECT count(*), count(parent_id) FROM messages"
		    " WHERE list_id = ?1 AND status = 'posted' AND date >= ?2"
		    " AND date < ?3",
		    SQ_INT(l), SQ_TEXT(from), SQ_TEXT(to),
		    SQ_OUT_I64(&r->posts), SQ_OUT_I64(&r->replies));
	if (rc == 0)
		rc = store_stmt(st, &s,
		    "SELECT DISTINCT CAST(julianday(at) - 2440587.5 AS INTEGER),"
		    " member_id FROM events WHERE list_id = ?1 AND at >= ?2"
		    " AND at < ?3 AND member_id IS NOT NULL AND kind IN " ACTIONS,
		    SQ_INT(l), SQ_TEXT(from), SQ_TEXT(to));
	if (rc == 0)
		rc = read_dm(st, s, &r->active, &r->n_active);
	if (rc == 0)
		rc = store_stmt(st, &s,
		    "SELECT CAST(julianday(date) - 2440587.5 AS INTEGER) AS d,"
		    " count(*) FROM messages WHERE list_id = ?1"
		    " AND status = 'posted' AND date >= ?2 AND date < ?3"
		    " GROUP BY d ORDER BY d",
		    SQ_INT(l), SQ_TEXT(from), SQ_TEXT(to));
	if (rc == 0)
		rc = read_dm(st, s, &r->post_days, &r->n_post_days);
	/* the first answer: a later post of the thread by someone else */
	if (rc == 0)
		rc = store_select(st, "report threads", &thread_kind, &p,
		    &r->n_threads,
		    "SELECT " UNIX("r.date") ", coalesce(" UNIX(
		        "(SELECT min(m.date) FROM messages m WHERE m.thread_id ="
		        " r.thread_id AND m.status = 'posted' AND m.id != r.id"
		        " AND m.author != r.author COLLATE NOCASE"
		        " AND m.date < ?3)") ", -1)"
		                             " FROM messages r WHERE r.list_id = ?1 AND r.status ="
		                             " 'posted' AND r.parent_id IS NULL AND r.date >= ?2"
		                             " AND r.date < ?3 ORDER BY r.id",
		    SQ_INT(l), SQ_TEXT(from), SQ_TEXT(to));
	r->threads = p;
	return rc;
}

static void
topic_read(sqlite3_stmt *s, void *rec)
{
	struct rep_topic *t = rec;

	store_cols(s, SQ_OUT_TEXT(t->name, sizeof t->name),
	    SQ_OUT_I64(&t->first), SQ_OUT_I64(&t->first_right),
	    SQ_OUT_I64(&t->now), SQ_OUT_I64(&t->now_right));
}

static const struct store_rowkind topic_kind = {
    sizeof(struct rep_topic), topic_read, NULL};

/* topics - first tries in the period and latest answers by its end. */
static int
topics(struct store *st, long long l, const char *from, const char *to,
    struct rep_raw *r)
{
	void *p;
	int rc;

	rc = store_select(st, "report topics", &topic_kind, &p, &r->n_topics,
	    "WITH a AS (SELECT s.result = 'correct' AS ok, s.sent_at,"
	    " coalesce(v.topic, '') AS topic, row_number() OVER (PARTITION BY"
	    " s.member_id, s.question_id ORDER BY s.id) AS first,"
	    " row_number() OVER (PARTITION BY s.member_id, s.question_id"
	    " ORDER BY s.id DESC) AS last FROM quiz_sends s JOIN quiz_versions"
	    " v ON v.id = s.version_id WHERE s.list_id = ?1 AND s.result IN"
	    " ('correct', 'wrong') AND s.sent_at < ?3)"
	    " SELECT topic, sum(first = 1 AND sent_at >= ?2),"
	    " sum(first = 1 AND sent_at >= ?2 AND ok), sum(last = 1),"
	    " sum(last = 1 AND ok) FROM a GROUP BY topic ORDER BY topic",
	    SQ_INT(l), SQ_TEXT(from), SQ_TEXT(to));
	r->topics = p;
	return rc;
}

static void
card_read(sqlite3_stmt *s, void *rec)
{
	struct rep_card *c = rec;

	c->s = sqlite3_column_double(s, 0);
	c->last = sqlite3_column_int64(s, 1);
}

static const struct store_rowkind card_kind = {
    sizeof(struct rep_card), card_read, NULL};

static int
quizzes(struct store *st, long long l, const char *from, const char *to,
    struct rep_raw *r)
{
	void *p;
	int rc;

	rc = store_q(st, "report scheduler",
	    "SELECT scheduler FROM quiz_settings WHERE list_id = ?1", SQ_INT(l),
	    SQ_OUT_TEXT(r->scheduler, sizeof r->scheduler));
	if (rc == E_NOTFOUND)
		rc = 0;
	if (rc == 0)
		rc = topics(st, l, from, to, r);
	if (rc == 0)
		rc = store_q(st, "report retired",
		    "SELECT count(member_id), count(*) - count(member_id)"
		    " FROM events WHERE kind = 'quiz.retire' AND list_id = ?1"
		    " AND at >= ?2 AND at < ?3",
		    SQ_INT(l), SQ_TEXT(from), SQ_TEXT(to),
		    SQ_OUT_I64(&r->retired_learnt),
		    SQ_OUT_I64(&r->retired_admin));
	if (rc == 0)
		rc = store_q(st, "report completion",
		    "SELECT count(*) FILTER (WHERE result IN ('correct',"
		    " 'wrong')), count(*) FILTER (WHERE result = 'missed')"
		    " FROM quiz_sends WHERE list_id = ?1 AND sent_at >= ?2"
		    " AND sent_at < ?3",
		    SQ_INT(l), SQ_TEXT(from), SQ_TEXT(to),
		    SQ_OUT_I64(&r->answered), SQ_OUT_I64(&r->missed));
	if (rc != 0 || strcmp(r->scheduler, "adaptive") != 0)
		return rc;
	rc = store_select(st, "report cards", &card_kind, &p, &r->n_cards,
	    "SELECT c.s, c.last_review FROM quiz_cards c JOIN quiz_questions q"
	    " ON q.id = c.question_id WHERE q.list_id = ?1 AND c.reviewed = 1"
	    " AND c.s > 0 AND q.status = 'active'",
	    SQ_INT(l));
	r->cards = p;
	return rc;
}

static int
mentoring(struct store *st, long long l, const char *from, const char *to,
    struct rep_raw *r)
{
	sqlite3_stmt *s;
	size_t cap = 0;
	long long n, done;
	int rc;

	rc = store_q(st, "report pairs",
	    "SELECT count(*) FILTER (WHERE state = 'active'), count(*) FILTER"
	    " (WHERE state = 'paused'), count(*) FILTER (WHERE state ="
	    " 'ended') FROM mentorships WHERE list_id = ?1 AND started < ?2",
	    SQ_INT(l), SQ_TEXT(to), SQ_OUT_I64(&r->pairs_active),
	    SQ_OUT_I64(&r->pairs_paused), SQ_OUT_I64(&r->pairs_ended));
	if (rc == 0)
		rc = store_stmt(st, &s,
		    "SELECT health, count(*) FROM mentorships WHERE list_id = ?1"
		    " AND state != 'ended' AND started < ?2 GROUP BY health"
		    " ORDER BY health",
		    SQ_INT(l), SQ_TEXT(to));
	if (rc == 0)
		rc = read_counts(st, s, &r->health, &r->n_health);
	if (rc == 0)
		rc = store_q(st, "report replies",
		    "SELECT count(*) FROM events WHERE kind = 'mentor.reply'"
		    " AND list_id = ?1 AND at >= ?2 AND at < ?3",
		    SQ_INT(l), SQ_TEXT(from), SQ_TEXT(to),
		    SQ_OUT_I64(&r->mentor_replies));
	if (rc == 0)
		rc = store_stmt(st, &s,
		    "SELECT (SELECT count(*) FROM prompts x WHERE"
		    " x.mentorship_id = p.id AND x.kind = 'reflection' AND"
		    " x.sent_at < date(p.started, '+90 days')),"
		    " date(p.started, '+90 days') <= ?2 FROM mentorships p"
		    " WHERE p.list_id = ?1 AND p.started < ?2 ORDER BY p.id",
		    SQ_INT(l), SQ_TEXT(to));
	if (rc != 0)
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		store_cols(s, SQ_OUT_I64(&n), SQ_OUT_I64(&done));
		if (!done) {
			r->pairs_in_window++;
			continue;
		}
		r->checkins_90 = store_grow(r->checkins_90, r->n_checkins_90,
		    &cap, sizeof *r->checkins_90);
		r->checkins_90[r->n_checkins_90++] = n;
	}
	return store_end(st, s, rc, "report check-ins");
}

static int
connection(struct store *st, long long l, const char *from, const char *to,
    struct rep_raw *r)
{
	int rc;

	rc = store_q(st, "report connection",
	    "SELECT count(*) FILTER (WHERE kind = 'intro.post'), count(*)"
	    " FILTER (WHERE kind = 'route.ask'), count(*) FILTER (WHERE kind"
	    " = 'route.answer'), count(*) FILTER (WHERE kind = 'reflect.ask'),"
	    " count(*) FILTER (WHERE kind = 'reflect.answer') FROM events"
	    " WHERE list_id = ?1 AND at >= ?2 AND at < ?3 AND kind IN"
	    " ('intro.post', 'route.ask', 'route.answer', 'reflect.ask',"
	    " 'reflect.answer')",
	    SQ_INT(l), SQ_TEXT(from), SQ_TEXT(to), SQ_OUT_I64(&r->intros),
	    SQ_OUT_I64(&r->routed), SQ_OUT_I64(&r->routed_answered),
	    SQ_OUT_I64(&r->reflect_asked), SQ_OUT_I64(&r->reflect_answered));
	if (rc == 0)
		rc = store_q(st, "report teams",
		    "SELECT count(*), count(*) FILTER (WHERE lower(ta.value) !="
		    " lower(tb.value)) FROM messages m JOIN messages p ON p.id ="
		    " m.parent_id JOIN member_fields ta ON ta.member_id ="
		    " m.author_id AND ta.name = 'team' JOIN member_fields tb ON"
		    " tb.member_id = p.author_id AND tb.name = 'team'"
		    " WHERE m.list_id = ?1 AND m.status = 'posted' AND m.date >= ?2"
		    " AND m.date < ?3 AND m.author_id != p.author_id"
		    " AND ta.value != '' AND tb.value != ''",
		    SQ_INT(l), SQ_TEXT(from), SQ_TEXT(to),
		    SQ_OUT_I64(&r->team_replies), SQ_OUT_I64(&r->cross_team));
	return rc;
}

/* answers - the reflection answers of the period, newest first. */
static int
answers(struct store *st, long long l, const char *from, const char *to,
    struct rep_raw *r)
{
	void *p;
	int rc;

	rc = store_select(st, "report answers", &answer_kind, &p, &r->n_answers,
	    "SELECT p.answer FROM events e JOIN prompts p ON p.id = e.object_id"
	    " WHERE e.kind = 'reflect.answer' AND e.list_id = ?1 AND e.at >= ?2"
	    " AND e.at < ?3 AND p.kind = 'question' AND p.answer IS NOT NULL"
	    " ORDER BY e.at DESC, e.id DESC LIMIT ?4",
	    SQ_INT(l), SQ_TEXT(from), SQ_TEXT(to),
	    SQ_INT(STORE_REPORT_ANSWERS));
	r->answers = p;
	return rc;
}

/* badges - awarded in the period and not revoked by its end. */
static int
badges(struct store *st, long long l, const char *from, const char *to,
    struct rep_raw *r)
{
	sqlite3_stmt *s;
	int rc;

#define AWARDED                                                                \
	" FROM events e WHERE e.kind = 'badge.award' AND e.list_id = ?1"       \
	" AND e.at >= ?2 AND e.at < ?3 AND e.object_id NOT IN (SELECT"         \
	" object_id FROM events WHERE kind = 'badge.revoke' AND at < ?3"       \
	" AND object_id IS NOT NULL)"
	rc = store_q(st, "report badges",
	    "SELECT count(*), count(DISTINCT e.member_id)" AWARDED, SQ_INT(l),
	    SQ_TEXT(from), SQ_TEXT(to), SQ_OUT_I64(&r->badges),
	    SQ_OUT_I64(&r->badge_members));
	if (rc == 0)
		rc = store_q(st, "report revoked",
		    "SELECT count(*) FROM events e WHERE e.kind = 'badge.award'"
		    " AND e.list_id = ?1 AND e.at >= ?2 AND e.at < ?3 AND"
		    " e.object_id IN (SELECT object_id FROM events WHERE kind ="
		    " 'badge.revoke' AND at < ?3)",
		    SQ_INT(l), SQ_TEXT(from), SQ_TEXT(to),
		    SQ_OUT_I64(&r->badges_revoked));
	if (rc == 0)
		rc = store_stmt(st, &s,
		    "SELECT e.detail, count(*)" AWARDED
		    " GROUP BY e.detail ORDER BY count(*) DESC, e.detail",
		    SQ_INT(l), SQ_TEXT(from), SQ_TEXT(to));
	if (rc == 0)
		rc = read_counts(st, s, &r->by_badge, &r->n_by_badge);
	return rc;
#undef AWARDED
}

int
store_report_read(struct store *st, long long list_id, const char *from,
    const char *to, struct rep_raw *r)
{
	int rc;

	memset(r, 0, sizeof *r);
	rc = participation(st, list_id, from, to, r);
	if (rc == 0)
		rc = quizzes(st, list_id, from, to, r);
	if (rc == 0)
		rc = mentoring(st, list_id, from, to, r);
	if (rc == 0)
		rc = connection(st, list_id, from, to, r);
	if (rc == 0)
		rc = answers(st, list_id, from, to, r);
	if (rc == 0)
		rc = badges(st, list_id, from, to, r);
	if (rc != 0)
		rep_raw_release(r);
	return rc;
}

int
store_report_due_lists(struct store *st, const char *detail, const char *before,
    long long **out, size_t *n)
{
	return store_select_ids(st, "report lists", out, n,
	    "SELECT l.id FROM lists l WHERE EXISTS (SELECT 1 FROM memberships m"
	    " WHERE m.list_id = l.id AND m.role = 'owner' AND m.status ="
	    " 'active') AND NOT EXISTS (SELECT 1 FROM events e WHERE e.kind ="
	    " 'report.mail' AND e.list_id = l.id AND e.detail = ?1)"
	    " AND l.created < ?2 ORDER BY l.id",
	    SQ_TEXT(detail), SQ_TEXT(before));
}

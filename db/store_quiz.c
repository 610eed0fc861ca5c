/*
 * store_quiz.c - the question bank, per-list quiz settings and learners
 * (store_quiz.h).  A question keeps its id (the QID) across versions:
 * re-importing the same content changes nothing, other content under the
 * same key becomes version N+1 and the question's current version.
 */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "store_priv.h"
#include "store_quiz.h"
#include "xmalloc.h"

void
quiz_full_release(struct quiz_full *q)
{
	size_t i;

	if (q == NULL)
		return;
	free(q->status);
	free(q->kind);
	free(q->title);
	free(q->topic);
	free(q->text);
	free(q->general);
	free(q->author);
	for (i = 0; i < q->n_opts; i++) {
		free(q->opts[i].text);
		free(q->opts[i].feedback);
	}
	free(q->opts);
	memset(q, 0, sizeof *q);
}

/* add_version - version number `version` of qid with its options. */
static int
add_version(struct store *st, long long qid, int version,
    const struct quiz_version_in *v, long long *vid)
{
	char now[21];
	size_t i;
	int rc;

	store_now(now);
	rc = store_q(st, "quiz version",
	    "INSERT INTO quiz_versions(question_id, version, digest, kind,"
	    " title, topic, text, general, source, created)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id",
	    SQ_INT(qid), SQ_INT(version), SQ_TEXT(v->digest), SQ_TEXT(v->kind),
	    SQ_TEXT(v->title), SQ_TEXT(v->topic), SQ_TEXT(v->text),
	    SQ_TEXT(v->general), SQ_TEXT(v->source), SQ_TEXT(now),
	    SQ_OUT_I64(vid));
	for (i = 0; rc == 0 && i < v->n_opts; i++)
		rc = store_q(st, "quiz answer",
		    "INSERT INTO quiz_answers(version_id, pos, text, feedback,"
		    " is_right) VALUES (?1, ?2, ?3, ?4, ?5)",
		    SQ_INT(*vid), SQ_INT((long long)i),
		    SQ_TEXT(v->opts[i].text), SQ_TEXT(v->opts[i].feedback),
		    SQ_INT(v->opts[i].right));
	if (rc == 0)
		rc = store_q(st, "quiz current",
		    "UPDATE quiz_questions SET current = ?2 WHERE id = ?1",
		    SQ_INT(qid), SQ_INT(*vid));
	return rc;
}

/* new_question - a question row for v; *qid. */
static int
new_question(struct store *st, long long list_id,
    const struct quiz_version_in *v, long long *qid)
{
	char now[21];

	store_now(now);
	return store_q(st, "quiz question",
	    "INSERT INTO quiz_questions(list_id, qkey, status, author, created)"
	    " VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
	    SQ_INT(list_id), SQ_TEXT(v->qkey), SQ_TEXT(v->status),
	    SQ_TEXT(v->author != NULL ? v->author : ""), SQ_TEXT(now),
	    SQ_OUT_I64(qid));
}

int
store_quiz_put(struct store *st, long long list_id,
    const struct quiz_version_in *v, enum quiz_put *what, long long *qid)
{
	char digest[72] = "";
	long long vid;
	int version = 0, rc;

	rc = store_q(st, "quiz find",
	    "SELECT q.id, coalesce(v.digest, ''), coalesce(max(w.version), 0)"
	    " FROM quiz_questions q LEFT JOIN quiz_versions v ON v.id = q.current"
	    " LEFT JOIN quiz_versions w ON w.question_id = q.id"
	    " WHERE q.list_id = ?1 AND q.qkey = ?2 GROUP BY q.id",
	    SQ_INT(list_id), SQ_TEXT(v->qkey), SQ_OUT_I64(qid),
	    SQ_OUT_TEXT(digest, sizeof digest), SQ_OUT_INT(&version));
	if (rc == E_NOTFOUND) {
		*what = QUIZ_PUT_NEW;
		rc = new_question(st, list_id, v, qid);
	} else if (rc == 0 && strcmp(digest, v->digest) == 0) {
		*what = QUIZ_PUT_SAME;
		return 0;
	} else
		*what = QUIZ_PUT_CHANGED;
	return rc != 0 ? rc : add_version(st, *qid, version + 1, v, &vid);
}

int
store_quiz_key_find(
    struct store *st, long long list_id, const char *qkey, long long *qid)
{
	return store_q(st, "quiz key",
	    "SELECT id FROM quiz_questions WHERE list_id = ?1 AND qkey = ?2",
	    SQ_INT(list_id), SQ_TEXT(qkey), SQ_OUT_I64(qid));
}

/* load_opts - the options of version vid into q. */
static int
load_opts(struct store *st, long long vid, struct quiz_full *q)
{
	sqlite3_stmt *s;
	size_t cap = 0;
	int rc;

	rc = store_stmt(st, &s,
	    "SELECT text, feedback, is_right FROM quiz_answers"
	    " WHERE version_id = ?1 ORDER BY pos",
	    SQ_INT(vid));
	if (rc != 0)
		return rc;
	while (
	    (rc = sqlite3_step(s)) == SQLITE_ROW && q->n_opts < QUIZ_MAX_OPTS) {
		struct quiz_opt *o;

		q->opts = store_grow(q->opts, q->n_opts, &cap, sizeof *q->opts);
		o = &q->opts[q->n_opts++];
		o->text = store_col_dup(s, 0);
		o->feedback = sqlite3_column_type(s, 1) == SQLITE_NULL
		    ? NULL
		    : store_col_dup(s, 1);
		o->right = sqlite3_column_int(s, 2) != 0;
		o->pos = (int)q->n_opts - 1;
	}
	if (rc == SQLITE_ROW)
		rc = SQLITE_DONE; /* more options than letters: not stored */
	return store_end(st, s, rc, "quiz answers");
}

/* null_empty - NULL for "" (columns that were NULL). */
static void
null_empty(char **p)
{
	if (*p != NULL && **p == '\0') {
		free(*p);
		*p = NULL;
	}
}

int
store_quiz_get(
    struct store *st, long long qid, long long vid, struct quiz_full *out)
{
	int rc;

	memset(out, 0, sizeof *out);
	rc = store_q(st, "quiz get",
	    "SELECT q.id, v.id, q.list_id, v.version, q.status, v.kind,"
	    " v.title, v.topic, v.text, v.general, q.author"
	    " FROM quiz_questions q JOIN quiz_versions v"
	    " ON v.id = CASE WHEN ?2 > 0 THEN ?2 ELSE q.current END"
	    " WHERE q.id = ?1 AND v.question_id = q.id",
	    SQ_INT(qid), SQ_INT(vid), SQ_OUT_I64(&out->qid),
	    SQ_OUT_I64(&out->vid), SQ_OUT_I64(&out->list_id),
	    SQ_OUT_INT(&out->version), SQ_OUT_DUP(&out->status),
	    SQ_OUT_DUP(&out->kind), SQ_OUT_DUP(&out->title),
	    SQ_OUT_DUP(&out->topic), SQ_OUT_DUP(&out->text),
	    SQ_OUT_DUP(&out->general), SQ_OUT_DUP(&out->author));
	if (rc == 0) {
		null_empty(&out->title);
		null_empty(&out->topic);
		null_empty(&out->general);
		rc = load_opts(st, out->vid, out);
	}
	if (rc != 0)
		quiz_full_release(out);
	return rc;
}

int
store_quiz_show(struct store *st, long long list_id, FILE *f)
{
	sqlite3_stmt *s;
	int rc;

	rc = store_stmt(st, &s,
	    "SELECT q.id, q.status, v.version, v.kind, coalesce(v.topic, ''),"
	    " substr(replace(coalesce(v.title, v.text), char(10), ' '), 1, 60),"
	    " (SELECT count(*) FROM quiz_sends x WHERE x.question_id = q.id)"
	    " FROM quiz_questions q JOIN quiz_versions v ON v.id = q.current"
	    " WHERE q.list_id = ?1 ORDER BY q.id",
	    SQ_INT(list_id));
	if (rc != 0)
		return rc;
	fprintf(f, "QID\tstatus\tversion\tkind\tsent\ttopic\tquestion\n");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		fprintf(f, "%lld\t%s\tv%d\t%s\t%d\t%s\t%s\n",
		    (long long)sqlite3_column_int64(s, 0),
		    (const char *)sqlite3_column_text(s, 1),
		    sqlite3_column_int(s, 2),
		    (const char *)sqlite3_column_text(s, 3),
		    sqlite3_column_int(s, 6),
		    (const char *)sqlite3_column_text(s, 4),
		    (const char *)sqlite3_column_text(s, 5));
	return store_end(st, s, rc, "quiz show");
}

int
store_quiz_status(struct store *st, long long qid, const char *from,
    const char *to, long long *list_id)
{
	char status[16];
	int rc;

	rc = store_q(st, "quiz status",
	    "SELECT list_id, status FROM quiz_questions WHERE id = ?1",
	    SQ_INT(qid), SQ_OUT_I64(list_id),
	    SQ_OUT_TEXT(status, sizeof status));
	if (rc != 0)
		return rc;
	if (strstr(from, status) == NULL)
		return E_PERM;
	return store_q(st, "quiz status set",
	    "UPDATE quiz_questions SET status = ?2 WHERE id = ?1", SQ_INT(qid),
	    SQ_TEXT(to));
}

void
quiz_settings_default(struct quiz_settings *s, long long list_id)
{
	memset(s, 0, sizeof *s);
	s->list_id = list_id;
	s->enabled = true;
	snprintf(s->scheduler, sizeof s->scheduler, "classic");
	s->every_days = 2;
	s->per_batch = 2;
	s->hour = 9;
	s->expiry_days = 7;
	s->retention = 0.9;
}

int
store_quiz_settings_get(
    struct store *st, long long list_id, struct quiz_settings *out)
{
	quiz_settings_default(out, list_id);
	return store_q(st, "quiz settings",
	    "SELECT enabled, scheduler, every_days, per_batch, hour,"
	    " expiry_days, retention FROM quiz_settings WHERE list_id = ?1",
	    SQ_INT(list_id), SQ_OUT_BOOL(&out->enabled),
	    SQ_OUT_TEXT(out->scheduler, sizeof out->scheduler),
	    SQ_OUT_INT(&out->every_days), SQ_OUT_INT(&out->per_batch),
	    SQ_OUT_INT(&out->hour), SQ_OUT_INT(&out->expiry_days),
	    SQ_OUT_REAL(&out->retention));
}

/* learners - how many learners list has. */
static int
learners(struct store *st, long long list_id, int *n)
{
	return store_q(st, "quiz learners",
	    "SELECT count(*) FROM quiz_learners WHERE list_id = ?1",
	    SQ_INT(list_id), SQ_OUT_INT(n));
}

int
store_quiz_enable(struct store *st, const struct quiz_settings *s, int *added)
{
	char now[21];
	int before = 0, after = 0, rc;

	store_now(now);
	*added = 0;
	rc = store_q(st, "quiz settings put",
	    "INSERT OR REPLACE INTO quiz_settings(list_id, enabled, scheduler,"
	    " every_days, per_batch, hour, expiry_days, retention, updated)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	    SQ_INT(s->list_id), SQ_INT(s->enabled), SQ_TEXT(s->scheduler),
	    SQ_INT(s->every_days), SQ_INT(s->per_batch), SQ_INT(s->hour),
	    SQ_INT(s->expiry_days), SQ_REAL(s->retention), SQ_TEXT(now));
	if (rc != 0 || !s->enabled)
		return rc != 0 ? rc
		               : store_q(st, "quiz stop",
		                     "UPDATE quiz_learners SET next_at = NULL"
		                     " WHERE list_id = ?1",
		                     SQ_INT(s->list_id));
	rc = learners(st, s->list_id, &before);
	if (rc == 0)
		rc = store_q(st, "quiz enrol",
		    "INSERT OR IGNORE INTO quiz_learners(list_id, member_id,"
		    " next_at, enrolled) SELECT list_id, member_id, '', ?2"
		    " FROM memberships WHERE list_id = ?1 AND status = 'active'",
		    SQ_INT(s->list_id), SQ_TEXT(now));
	if (rc == 0)
		rc = store_q(st, "quiz restart",
		    "UPDATE quiz_learners SET next_at = '' WHERE list_id = ?1"
		    " AND state = 'on' AND next_at IS NULL",
		    SQ_INT(s->list_id));
	if (rc == 0)
		rc = learners(st, s->list_id, &after);
	*added = after - before;
	return rc;
}

int
store_quiz_learner_get(struct store *st, long long list_id, long long member_id,
    struct quiz_learner *out)
{
	memset(out, 0, sizeof *out);
	return store_q(st, "quiz learner",
	    "SELECT state, coalesce(paused_until, ''), coalesce(next_at, '')"
	    " FROM quiz_learners WHERE list_id = ?1 AND member_id = ?2",
	    SQ_INT(list_id), SQ_INT(member_id),
	    SQ_OUT_TEXT(out->state, sizeof out->state),
	    SQ_OUT_TEXT(out->paused_until, sizeof out->paused_until),
	    SQ_OUT_TEXT(out->next_at, sizeof out->next_at));
}

int
store_quiz_shift(
    struct store *st, long long list_id, long long member_id, long days)
{
	if (days == 0)
		return 0;
	return store_q(st, "quiz shift",
	    "UPDATE quiz_cards SET c_day = c_day + ?3,"
	    " due = strftime('%Y-%m-%dT%H:%M:%SZ', due, ?3 || ' days')"
	    " WHERE member_id = ?2 AND c_state = 2 AND question_id IN"
	    " (SELECT id FROM quiz_questions WHERE list_id = ?1)",
	    SQ_INT(list_id), SQ_INT(member_id), SQ_INT(days));
}

int
store_quiz_learner_set(struct store *st, long long list_id, long long member_id,
    const char *state, const char *paused_until)
{
	char now[21];
	int rc;

	store_now(now);
	rc = store_q(st, "quiz learner add",
	    "INSERT OR IGNORE INTO quiz_learners(list_id, member_id, state,"
	    " next_at, enrolled) VALUES (?1, ?2, ?3, '', ?4)",
	    SQ_INT(list_id), SQ_INT(member_id), SQ_TEXT(state), SQ_TEXT(now));
	if (rc == 0)
		rc = store_q(st, "quiz learner set",
		    "UPDATE quiz_learners SET state = ?3,"
		    " paused_until = CASE WHEN ?4 IS NULL THEN paused_until"
		    " WHEN ?4 = '' THEN NULL ELSE ?4 END,"
		    " next_at = CASE WHEN ?3 = 'off' THEN NULL"
		    " WHEN ?4 IS NOT NULL AND ?4 != '' THEN ?4"
		    " WHEN state = 'off' OR next_at IS NULL"
		    " OR paused_until IS NOT NULL THEN '' ELSE next_at END"
		    " WHERE list_id = ?1 AND member_id = ?2",
		    SQ_INT(list_id), SQ_INT(member_id), SQ_TEXT(state),
		    SQ_TEXT(paused_until));
	return rc;
}

/*
 * store_reflect.c - reflection questions and their rounds
 * (store_reflect.h).  The scheduler finds due questions through a partial
 * index on next_at and open rounds through one on until, so a pass with
 * nothing to ask costs two index probes.
 */
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "err.h"
#include "store_priv.h"
#include "store_reflect.h"
#include "xmalloc.h"

#define ISO "'%Y-%m-%dT%H:%M:%SZ'"

static void
question_read(sqlite3_stmt *s, void *rec)
{
	struct reflect_question *q = rec;

	store_cols(s, SQ_OUT_I64(&q->id), SQ_OUT_I64(&q->list_id),
	    SQ_OUT_INT(&q->every_weeks), SQ_OUT_BOOL(&q->private_answers),
	    SQ_OUT_TEXT(q->state, sizeof q->state),
	    SQ_OUT_TEXT(q->next_at, sizeof q->next_at), SQ_OUT_DUP(&q->text),
	    SQ_OUT_INT(&q->rounds), SQ_OUT_INT(&q->answers));
}

static void
question_drop(void *rec)
{
	struct reflect_question *q = rec;

	free(q->text);
}

static const struct store_rowkind question_kind = {
    sizeof(struct reflect_question), question_read, question_drop};

void
reflect_questions_free(struct reflect_question *q, size_t n)
{
	store_rows_free(q, n, &question_kind);
}

int
store_reflect_add(
    struct store *st, const struct reflect_question *q, long long *id)
{
	char now[21];
	int rc;

	store_now(now);
	rc = store_q(st, "reflect add",
	    "INSERT INTO reflect_questions(list_id, text, every_weeks, private,"
	    " next_at, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
	    SQ_INT(q->list_id), SQ_TEXT(q->text), SQ_INT(q->every_weeks),
	    SQ_INT(q->private_answers), SQ_TEXT(q->next_at), SQ_TEXT(now),
	    SQ_OUT_I64(id));
	if (rc == 0)
		rc = store_event(st, q->list_id, 0, "reflect.add", *id,
		    q->private_answers ? "private" : "public");
	return rc;
}

int
store_reflect_list(struct store *st, long long list_id,
    struct reflect_question **out, size_t *n)
{
	void *p;
	int rc;

	rc = store_select(st, "reflect list", &question_kind, &p, n,
	    "SELECT q.id, q.list_id, q.every_weeks, q.private, q.state,"
	    " q.next_at, q.text, (SELECT count(*) FROM reflect_rounds r"
	    " WHERE r.question_id = q.id), (SELECT count(*) FROM prompts p"
	    " JOIN reflect_rounds r ON r.id = p.object_id WHERE p.kind ="
	    " 'question' AND r.question_id = q.id AND p.replied_at IS NOT NULL)"
	    " FROM reflect_questions q WHERE q.list_id = ?1 ORDER BY q.id",
	    SQ_INT(list_id));
	*out = p;
	return rc;
}

int
store_reflect_stop(struct store *st, long long id)
{
	char state[8] = "";
	long long list = 0;
	int rc;

	rc = store_q(st, "reflect state",
	    "SELECT state, list_id FROM reflect_questions WHERE id = ?1",
	    SQ_INT(id), SQ_OUT_TEXT(state, sizeof state), SQ_OUT_I64(&list));
	if (rc == 0 && strcmp(state, "active") != 0)
		rc = E_PERM;
	if (rc == 0)
		rc = store_q(st, "reflect stop",
		    "UPDATE reflect_questions SET state = 'stopped' WHERE id = ?1",
		    SQ_INT(id));
	if (rc == 0)
		rc = store_event(st, list, 0, "reflect.stop", id, "admin");
	return rc;
}

int
store_reflect_start_due(struct store *st, long long now, int *n)
{
	char now_iso[21], until[21];
	int rc;

	*n = 0;
	rc = time_format_iso(now, now_iso);
	if (rc == 0)
		rc = time_format_iso(now + REFLECT_ROUND_DAYS * 86400LL, until);
	if (rc == 0)
		rc = store_q(st, "reflect rounds",
		    "INSERT INTO reflect_rounds(question_id, started, until)"
		    " SELECT id, ?1, ?2 FROM reflect_questions"
		    " WHERE state = 'active' AND next_at <= ?1",
		    SQ_TEXT(now_iso), SQ_TEXT(until));
	if (rc == 0)
		*n = sqlite3_changes(st->db);
	if (rc == 0 && *n > 0)
		rc = store_q(st, "reflect next",
		    "UPDATE reflect_questions SET next_at = CASE"
		    " WHEN strftime(" ISO ", next_at, (every_weeks * 7) ||"
		    " ' days') > ?1 THEN strftime(" ISO ", next_at,"
		    " (every_weeks * 7) || ' days') ELSE strftime(" ISO ", ?1,"
		    " (every_weeks * 7) || ' days') END"
		    " WHERE state = 'active' AND next_at <= ?1",
		    SQ_TEXT(now_iso));
	return rc;
}

void
reflect_round_release(struct reflect_round *r)
{
	if (r == NULL)
		return;
	free(r->text);
	r->text = NULL;
}

int
store_reflect_round(struct store *st, long long id, struct reflect_round *out)
{
	memset(out, 0, sizeof *out);
	return store_q(st, "reflect round",
	    "SELECT r.id, r.question_id, q.list_id, coalesce(r.thread_id, 0),"
	    " q.private, r.started, q.text FROM reflect_rounds r"
	    " JOIN reflect_questions q ON q.id = r.question_id WHERE r.id = ?1",
	    SQ_INT(id), SQ_OUT_I64(&out->id), SQ_OUT_I64(&out->question_id),
	    SQ_OUT_I64(&out->list_id), SQ_OUT_I64(&out->thread_id),
	    SQ_OUT_BOOL(&out->private_answers),
	    SQ_OUT_TEXT(out->started, sizeof out->started),
	    SQ_OUT_DUP(&out->text));
}

int
store_reflect_open(struct store *st, const char *now, const char *look_before,
    long long **out, size_t *n)
{
	return store_select_ids(st, "reflect open", out, n,
	    "SELECT id FROM reflect_rounds WHERE until > ?1"
	    " AND (looked IS NULL OR looked < ?2) ORDER BY id",
	    SQ_TEXT(now), SQ_TEXT(look_before));
}

int
store_reflect_looked(struct store *st, long long id, const char *at)
{
	return store_q(st, "reflect looked",
	    "UPDATE reflect_rounds SET looked = ?2 WHERE id = ?1", SQ_INT(id),
	    SQ_TEXT(at));
}

int
store_reflect_pending(struct store *st, long long round, long long list,
    long long after, size_t max, struct rcpt_rec **out, size_t *n)
{
	sqlite3_stmt *s;
	int rc;

	rc = store_stmt(st, &s,
	    "SELECT b.id, b.email, b.name FROM memberships m"
	    " JOIN members b ON b.id = m.member_id"
	    " WHERE m.list_id = ?2 AND m.status = 'active' AND b.id > ?4"
	    " AND NOT EXISTS (SELECT 1 FROM prompts p WHERE p.member_id = b.id"
	    " AND p.list_id = ?2 AND p.kind = 'question' AND p.object_id = ?1)"
	    " ORDER BY b.id LIMIT ?3",
	    SQ_INT(round), SQ_INT(list), SQ_INT((long long)max), SQ_INT(after));
	if (rc != 0) {
		*out = NULL;
		*n = 0;
		return rc;
	}
	return store_rcpts_read(st, s, out, n, "reflect pending");
}

int
store_reflect_prompt_add(struct store *st, long long list, long long member,
    long long round, const char *sent_at, long long *id)
{
	return store_q(st, "reflect prompt",
	    "INSERT INTO prompts(kind, member_id, list_id, sent_at, object_id)"
	    " VALUES ('question', ?1, ?2, ?3, ?4) RETURNING id",
	    SQ_INT(member), SQ_INT(list), SQ_TEXT(sent_at), SQ_INT(round),
	    SQ_OUT_I64(id));
}

int
store_reflect_prompt_round(struct store *st, long long id, long long *round)
{
	return store_q(st, "reflect prompt round",
	    "SELECT object_id FROM prompts WHERE id = ?1 AND kind = 'question'"
	    " AND object_id IS NOT NULL",
	    SQ_INT(id), SQ_OUT_I64(round));
}

int
store_reflect_thread(struct store *st, long long round, long long thread)
{
	return store_q(st, "reflect thread",
	    "UPDATE reflect_rounds SET thread_id = ?2 WHERE id = ?1",
	    SQ_INT(round), SQ_INT(thread));
}

/*
 * store_connect.c - introductions, profiles and question routing
 * (store_connect.h).  Expertise is not stored: store_route_items() reads
 * it from what members did (profiles, answers, wiki edits, quiz topics
 * learnt) each time the router looks, so it is never stale.
 */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "store_connect.h"
#include "store_priv.h"
#include "xmalloc.h"

int
store_connect_settings(
    struct store *st, long long list_id, struct connect_settings *out)
{
	memset(out, 0, sizeof *out);
	return store_q(st, "connect settings",
	    "SELECT intros, route_hours FROM lists WHERE id = ?1",
	    SQ_INT(list_id), SQ_OUT_BOOL(&out->intros),
	    SQ_OUT_INT(&out->route_hours));
}

int
store_connect_member(struct store *st, long long id, struct connect_member *out)
{
	memset(out, 0, sizeof *out);
	out->id = id;
	return store_q(st, "connect member",
	    "SELECT email, name FROM members WHERE id = ?1", SQ_INT(id),
	    SQ_OUT_TEXT(out->email, sizeof out->email),
	    SQ_OUT_TEXT(out->name, sizeof out->name));
}

int
store_connect_active(
    struct store *st, long long list_id, long long id, bool *active)
{
	int n = 0, rc;

	rc = store_q(st, "connect active",
	    "SELECT count(*) FROM memberships WHERE list_id = ?1"
	    " AND member_id = ?2 AND status = 'active'",
	    SQ_INT(list_id), SQ_INT(id), SQ_OUT_INT(&n));
	*active = rc == 0 && n > 0;
	return rc;
}

void
profile_rec_release(struct profile_rec *p)
{
	if (p == NULL)
		return;
	free(p->works_on);
	free(p->can_help);
	free(p->want_learn);
	p->works_on = p->can_help = p->want_learn = NULL;
}

int
store_profile_set(struct store *st, const struct profile_rec *p)
{
	return store_q(st, "profile set",
	    "INSERT OR REPLACE INTO profiles(member_id, list_id, works_on,"
	    " can_help, want_learn, message_id, updated)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	    SQ_INT(p->member_id), SQ_INT(p->list_id), SQ_TEXT(p->works_on),
	    SQ_TEXT(p->can_help), SQ_TEXT(p->want_learn), SQ_ID(p->message_id),
	    SQ_TEXT(p->updated));
}

int
store_profile_message(
    struct store *st, long long list_id, long long member, long long msg)
{
	return store_q(st, "profile message",
	    "UPDATE profiles SET message_id = ?3 WHERE list_id = ?1"
	    " AND member_id = ?2",
	    SQ_INT(list_id), SQ_INT(member), SQ_INT(msg));
}

int
store_profile_get(struct store *st, long long list_id, long long member,
    struct profile_rec *out)
{
	int rc;

	memset(out, 0, sizeof *out);
	rc = store_q(st, "profile get",
	    "SELECT p.member_id, p.list_id, coalesce(p.message_id, 0),"
	    " coalesce(m.thread_id, 0), p.works_on, p.can_help, p.want_learn,"
	    " p.updated FROM profiles p LEFT JOIN messages m"
	    " ON m.id = p.message_id WHERE p.list_id = ?1 AND p.member_id = ?2",
	    SQ_INT(list_id), SQ_INT(member), SQ_OUT_I64(&out->member_id),
	    SQ_OUT_I64(&out->list_id), SQ_OUT_I64(&out->message_id),
	    SQ_OUT_I64(&out->thread_id), SQ_OUT_DUP(&out->works_on),
	    SQ_OUT_DUP(&out->can_help), SQ_OUT_DUP(&out->want_learn),
	    SQ_OUT_TEXT(out->updated, sizeof out->updated));
	if (rc != 0)
		profile_rec_release(out);
	return rc;
}

int
store_intro_due(struct store *st, long long list_id, const char *before,
    long long **prompts, long long **members, size_t *n)
{
	sqlite3_stmt *s;
	size_t cap = 0, cap2 = 0;
	int rc;

	*prompts = *members = NULL;
	*n = 0;
	rc = store_stmt(st, &s,
	    "SELECT p.id, p.member_id FROM prompts p JOIN memberships m"
	    " ON m.list_id = p.list_id AND m.member_id = p.member_id"
	    " WHERE p.list_id = ?1 AND p.kind = 'intro' AND p.sent_at <= ?2"
	    " AND p.replied_at IS NULL AND m.status = 'active'"
	    " AND NOT EXISTS (SELECT 1 FROM profiles f WHERE f.list_id = ?1"
	    "  AND f.member_id = p.member_id)"
	    " AND NOT EXISTS (SELECT 1 FROM prompts r WHERE r.list_id = ?1"
	    "  AND r.member_id = p.member_id AND r.kind = 'intro_reminder')"
	    " AND p.id = (SELECT max(x.id) FROM prompts x WHERE x.list_id = ?1"
	    "  AND x.member_id = p.member_id AND x.kind = 'intro')"
	    " ORDER BY p.id",
	    SQ_INT(list_id), SQ_TEXT(before));
	if (rc != 0)
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*prompts = store_grow(*prompts, *n, &cap, sizeof **prompts);
		*members = store_grow(*members, *n, &cap2, sizeof **members);
		store_cols(s, SQ_OUT_I64(&(*prompts)[*n]),
		    SQ_OUT_I64(&(*members)[*n]));
		(*n)++;
	}
	return store_end(st, s, rc, "intro due");
}

int
store_connect_lists(struct store *st, long long **out, size_t *n)
{
	return store_select_ids(st, "connect lists", out, n,
	    "SELECT id FROM lists WHERE intros = 1 OR route_hours > 0"
	    " ORDER BY id",
	    SQ_NONE);
}

int
store_help_set(struct store *st, long long list_id, long long member, bool off)
{
	return store_q(st, "help set",
	    "UPDATE memberships SET help_off = ?3 WHERE list_id = ?1"
	    " AND member_id = ?2",
	    SQ_INT(list_id), SQ_INT(member), SQ_INT(off));
}

int
store_help_off(struct store *st, long long list_id, long long member, bool *off)
{
	int rc;

	*off = false;
	rc = store_q(st, "help off",
	    "SELECT help_off FROM memberships WHERE list_id = ?1"
	    " AND member_id = ?2",
	    SQ_INT(list_id), SQ_INT(member), SQ_OUT_BOOL(off));
	return rc == E_NOTFOUND ? 0 : rc;
}

static void
question_read(sqlite3_stmt *s, void *rec)
{
	struct route_question *q = rec;

	store_cols(s, SQ_OUT_I64(&q->thread_id), SQ_OUT_I64(&q->author_id),
	    SQ_OUT_DUP(&q->subject), SQ_OUT_DUP(&q->text),
	    SQ_OUT_TEXT(q->posted, sizeof q->posted),
	    SQ_OUT_DUP(&q->message_id), SQ_OUT_DUP(&q->author_name));
}

static void
question_drop(void *rec)
{
	struct route_question *q = rec;

	free(q->subject);
	free(q->text);
	free(q->message_id);
	free(q->author_name);
}

static const struct store_rowkind question_kind = {
    sizeof(struct route_question), question_read, question_drop};

void
route_questions_free(struct route_question *q, size_t n)
{
	store_rows_free(q, n, &question_kind);
}

int
store_route_questions(struct store *st, long long list_id, const char *since,
    const char *before, struct route_question **out, size_t *n)
{
	void *p;
	int rc;

	rc = store_select(st, "route questions", &question_kind, &p, n,
	    "SELECT t.id, coalesce(r.author_id, 0), t.subject, r.text, r.date,"
	    " r.message_id, coalesce(nullif(r.author_name, ''), r.author)"
	    " FROM threads t JOIN messages r ON r.id = t.root_id"
	    " WHERE t.list_id = ?1 AND r.status = 'posted' AND r.date >= ?2"
	    " AND r.date < ?3 AND r.author_id IS NOT NULL"
	    " AND NOT EXISTS (SELECT 1 FROM routed x WHERE x.thread_id = t.id)"
	    " AND NOT EXISTS (SELECT 1 FROM messages o WHERE o.thread_id = t.id"
	    "  AND o.status = 'posted' AND o.id != r.id"
	    "  AND coalesce(o.author_id, 0) != r.author_id)"
	    " ORDER BY r.date, t.id",
	    SQ_INT(list_id), SQ_TEXT(since), SQ_TEXT(before));
	*out = p;
	return rc;
}

int
store_route_mark(struct store *st, long long list_id, long long thread,
    const char *at, int asked)
{
	return store_q(st, "route mark",
	    "INSERT OR REPLACE INTO routed(thread_id, list_id, at, asked)"
	    " VALUES (?1, ?2, ?3, ?4)",
	    SQ_INT(thread), SQ_INT(list_id), SQ_TEXT(at), SQ_INT(asked));
}

static void
item_read(sqlite3_stmt *s, void *rec)
{
	struct route_item *it = rec;

	store_cols(s, SQ_OUT_I64(&it->member), SQ_OUT_INT(&it->src),
	    SQ_OUT_DUP(&it->title), SQ_OUT_DUP(&it->text),
	    SQ_OUT_TEXT(it->at, sizeof it->at), SQ_OUT_BOOL(&it->thanked));
}

static void
item_drop(void *rec)
{
	struct route_item *it = rec;

	free(it->title);
	free(it->text);
}

static const struct store_rowkind item_kind = {
    sizeof(struct route_item), item_read, item_drop};

void
route_items_free(struct route_item *it, size_t n)
{
	store_rows_free(it, n, &item_kind);
}

/*
 * The evidence, one row per piece, sources numbered as enum route_src
 * (learn/route.h): 0 introduction, 1 answer, 2 wiki page, 3 quiz topic.
 * ?1 list, ?2 member or 0, ?3 now, ?4 asked since ('' for show).
 */
#define ROUTE_ITEMS_SQL                                                        \
	"WITH who AS (SELECT m.member_id AS id FROM memberships m"             \
	" WHERE m.list_id = ?1 AND m.status = 'active'"                        \
	" AND (?2 > 0 AND m.member_id = ?2 OR ?2 = 0 AND m.help_off = 0"       \
	"  AND NOT EXISTS (SELECT 1 FROM quiz_learners q WHERE q.list_id = ?1" \
	"   AND q.member_id = m.member_id AND q.paused_until > ?3)"            \
	"  AND NOT EXISTS (SELECT 1 FROM prompts p WHERE p.member_id ="        \
	"   m.member_id AND p.kind = 'expert' AND p.sent_at >= ?4)))"          \
	" SELECT member_id, 0, can_help, '', updated, 0 FROM profiles"         \
	" WHERE list_id = ?1 AND member_id IN (SELECT id FROM who)"            \
	" UNION ALL SELECT a.author_id, 1, t.subject, r.text, max(a.date),"    \
	" max(EXISTS (SELECT 1 FROM events e WHERE e.kind = 'answer.thanked'"  \
	"  AND e.object_id = a.id)) FROM messages a"                           \
	" JOIN threads t ON t.id = a.thread_id"                                \
	" JOIN messages r ON r.id = t.root_id"                                 \
	" WHERE a.list_id = ?1 AND a.status = 'posted' AND a.id != t.root_id"  \
	" AND coalesce(r.author_id, 0) != a.author_id"                         \
	" AND a.author_id IN (SELECT id FROM who) GROUP BY a.author_id, t.id"  \
	" UNION ALL SELECT w.author_id, 2, pg.title, pg.slug, max(w.created)," \
	" 0 FROM wiki_revisions w JOIN wiki_pages pg ON pg.id = w.page_id"     \
	" WHERE pg.list_id = ?1 AND w.status = 'live'"                         \
	" AND w.author_id IN (SELECT id FROM who)"                             \
	" GROUP BY w.author_id, pg.id"                                         \
	" UNION ALL SELECT e.member_id, 3,"                                    \
	" coalesce(nullif(v.topic, ''), nullif(v.title, ''), v.text), v.text," \
	" max(e.at), 0 FROM events e JOIN quiz_questions q ON q.id ="          \
	" e.object_id JOIN quiz_versions v ON v.id = q.current"                \
	" WHERE e.kind = 'quiz.retire' AND e.detail = 'learnt'"                \
	" AND q.list_id = ?1 AND e.member_id IN (SELECT id FROM who)"          \
	" GROUP BY e.member_id, q.id ORDER BY 1, 2, 5 DESC"

int
store_route_items(struct store *st, long long list_id, long long member,
    const char *now, const char *asked_since, struct route_item **out,
    size_t *n)
{
	void *p;
	int rc;

	rc = store_select(st, "route items", &item_kind, &p, n, ROUTE_ITEMS_SQL,
	    SQ_INT(list_id), SQ_INT(member), SQ_TEXT(now),
	    SQ_TEXT(asked_since));
	*out = p;
	return rc;
}

int
store_route_open(
    struct store *st, long long thread, long long member, long long *prompt)
{
	int rc;

	*prompt = 0;
	rc = store_q(st, "route open",
	    "SELECT id FROM prompts WHERE object_id = ?1 AND kind = 'expert'"
	    " AND member_id = ?2 AND replied_at IS NULL",
	    SQ_INT(thread), SQ_INT(member), SQ_OUT_I64(prompt));
	return rc == E_NOTFOUND ? 0 : rc;
}

int
store_prompt_done(
    struct store *st, long long prompt, const char *at, const char *what)
{
	return store_q(st, "prompt done",
	    "UPDATE prompts SET replied_at = ?2, answer = ?3 WHERE id = ?1",
	    SQ_INT(prompt), SQ_TEXT(at), SQ_TEXT(what));
}

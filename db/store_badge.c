/*
 * store_badge.c - badges (store_badge.h).
 *
 * The rules read events and the tables the events name, never mail: a
 * pass reads only the members with an event since the list's mark
 * (badge_marks), so a quiet list costs one range probe.  An award is
 * INSERT ... ON CONFLICT DO NOTHING against UNIQUE (list, member, badge),
 * so a second pass, a second scheduler or a revoked award never gives a
 * badge twice.
 */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "store_badge.h"
#include "store_priv.h"
#include "xmalloc.h"

void
badge_counts_release(struct badge_counts *c)
{
	if (c == NULL)
		return;
	free(c->answered);
	c->answered = NULL;
	c->n_answered = 0;
}

int
store_badge_mark(struct store *st, long long list_id, long long *last)
{
	int rc;

	*last = 0;
	rc = store_q(st, "badge mark",
	    "SELECT last_event FROM badge_marks WHERE list_id = ?1",
	    SQ_INT(list_id), SQ_OUT_I64(last));
	return rc == E_NOTFOUND ? 0 : rc;
}

int
store_badge_mark_set(struct store *st, long long list_id, long long last)
{
	return store_q(st, "badge mark set",
	    "INSERT INTO badge_marks(list_id, last_event) VALUES (?1, ?2)"
	    " ON CONFLICT(list_id) DO UPDATE SET last_event = ?2",
	    SQ_INT(list_id), SQ_INT(last));
}

int
store_badge_lists(struct store *st, long long **ids, size_t *n)
{
	return store_select_ids(st, "badge lists", ids, n,
	    "SELECT id FROM lists WHERE badges = 1 ORDER BY id", SQ_NONE);
}

int
store_badge_enabled(struct store *st, long long list_id, bool *on)
{
	*on = false;
	return store_q(st, "badge enabled",
	    "SELECT badges FROM lists WHERE id = ?1", SQ_INT(list_id),
	    SQ_OUT_BOOL(on));
}

int
store_badge_touched(struct store *st, long long list_id, long long after,
    long long **ids, size_t *n, long long *upto)
{
	int rc;

	*ids = NULL;
	*n = 0;
	rc = store_q(st, "badge upto",
	    "SELECT coalesce(max(id), 0) FROM events", SQ_OUT_I64(upto));
	if (rc == 0)
		rc = store_select_ids(st, "badge members", ids, n,
		    "SELECT DISTINCT e.member_id FROM events e JOIN memberships m"
		    " ON m.list_id = e.list_id AND m.member_id = e.member_id"
		    " AND m.status = 'active' WHERE e.id > ?2 AND e.id <= ?3"
		    " AND e.list_id = ?1 AND e.kind NOT LIKE 'badge.%'"
		    " ORDER BY e.member_id",
		    SQ_INT(list_id), SQ_INT(after), SQ_INT(*upto));
	return rc;
}

/* One statement for every count but the streak: ?1 list, ?2 member. */
#define EV(kind)                                                               \
	"(SELECT count(*) FROM events WHERE list_id = ?1 AND member_id = ?2"   \
	" AND kind = '" kind "')"
#define ANSWER                                                                 \
	" FROM messages m JOIN threads t ON t.id = m.thread_id"                \
	" JOIN messages r ON r.id = t.root_id WHERE m.list_id = ?1"            \
	" AND m.author_id = ?2 AND m.status = 'posted'"                        \
	" AND m.parent_id IS NOT NULL AND r.author_id IS NOT ?2"
static const char counts_sql[] = "SELECT " EV(
    "posted") ", (SELECT count(*)" ANSWER "),"
              " (SELECT count(*) FROM events e JOIN messages m ON m.id = e.object_id"
              " WHERE e.list_id = ?1 AND e.member_id = ?2 AND e.kind = 'posted'"
              " AND e.detail = 'token' AND EXISTS (SELECT 1 FROM digest_items i"
              " JOIN digest_rcpts d ON d.digest_id = i.digest_id"
              " WHERE i.thread_id = m.thread_id AND d.member_id = ?2"
              " AND d.items > 0)),"
              " (SELECT count(DISTINCT object_id) FROM events WHERE list_id = ?1"
              " AND member_id = ?2 AND kind = 'answer.thanked'), " EV(
                  "wiki.edit") ","
                               " (SELECT count(DISTINCT object_id) FROM events WHERE list_id = ?1"
                               " AND member_id = ?2 AND kind = 'quiz.retire' AND detail = 'learnt'),"
                               " (SELECT count(*) FROM events e JOIN prompts p ON p.id = e.object_id"
                               " JOIN mentorships s ON s.id = p.mentorship_id WHERE e.list_id = ?1"
                               " AND e.member_id = ?2 AND e.kind = 'mentor.reply'"
                               " AND s.mentor_id = ?2 AND e.detail != 'fit'), " EV("mentor.onboarded") ", " EV(
                                   "intro.post") ", " EV("route.answer") ", (SELECT count(*)" ANSWER
                                                                         " AND julianday(m.date) - julianday(r.date) >= ?3 AND NOT EXISTS"
                                                                         " (SELECT 1 FROM messages x WHERE x.thread_id = m.thread_id"
                                                                         " AND x.status = 'posted' AND x.id != r.id AND x.id < m.id"
                                                                         " AND x.author_id IS NOT r.author_id))";

/* streak - whether each quiz send of member was answered in time. */
static int
streak(struct store *st, long long list_id, long long member,
    struct badge_counts *c)
{
	sqlite3_stmt *s;
	size_t cap = 0;
	int rc;

	rc = store_stmt(st, &s,
	    "SELECT result IN ('correct', 'wrong') FROM quiz_sends"
	    " WHERE list_id = ?1 AND member_id = ?2 AND result IS NOT NULL"
	    " ORDER BY sent_at, id",
	    SQ_INT(list_id), SQ_INT(member));
	if (rc != 0)
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		c->answered =
		    store_grow(c->answered, c->n_answered, &cap, sizeof(bool));
		c->answered[c->n_answered++] = sqlite3_column_int(s, 0) != 0;
	}
	return store_end(st, s, rc, "badge streak");
}

int
store_badge_counts(struct store *st, long long list_id, long long member,
    int revival_days, struct badge_counts *c)
{
	long long v[11];
	int rc;

	memset(c, 0, sizeof *c);
	rc = store_q(st, "badge counts", counts_sql, SQ_INT(list_id),
	    SQ_INT(member), SQ_INT(revival_days), SQ_OUT_I64(&v[0]),
	    SQ_OUT_I64(&v[1]), SQ_OUT_I64(&v[2]), SQ_OUT_I64(&v[3]),
	    SQ_OUT_I64(&v[4]), SQ_OUT_I64(&v[5]), SQ_OUT_I64(&v[6]),
	    SQ_OUT_I64(&v[7]), SQ_OUT_I64(&v[8]), SQ_OUT_I64(&v[9]),
	    SQ_OUT_I64(&v[10]));
	if (rc != 0)
		return rc;
	*c = (struct badge_counts){(long)v[0], (long)v[1], (long)v[2],
	    (long)v[3], (long)v[4], (long)v[5], (long)v[6], (long)v[7],
	    (long)v[8], (long)v[9], (long)v[10], NULL, 0};
	rc = streak(st, list_id, member, c);
	if (rc != 0)
		badge_counts_release(c);
	return rc;
}

int
store_badge_award(struct store *st, long long list_id, long long member,
    const char *badge, const char *by, const char *reason, const char *at,
    bool *added, long long *id)
{
	int rc;

	*added = false;
	rc = store_q(st, "badge award",
	    "INSERT INTO badge_awards(list_id, member_id, badge, awarded_at,"
	    " awarded_by, reason, salt) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
	    " lower(hex(randomblob(8)))) ON CONFLICT DO NOTHING RETURNING id",
	    SQ_INT(list_id), SQ_INT(member), SQ_TEXT(badge), SQ_TEXT(at),
	    SQ_TEXT(by), SQ_TEXT(reason != NULL ? reason : ""), SQ_OUT_I64(id));
	if (rc == E_NOTFOUND)
		return 0;
	if (rc == 0) {
		*added = true;
		rc =
		    store_event(st, list_id, member, "badge.award", *id, badge);
	}
	return rc;
}

int
store_badge_revoke(struct store *st, long long list_id, long long member,
    const char *badge, const char *reason, const char *at)
{
	long long id;
	bool revoked;
	int rc;

	rc = store_q(st, "badge find",
	    "SELECT id, revoked_at IS NOT NULL FROM badge_awards"
	    " WHERE list_id = ?1 AND member_id = ?2 AND badge = ?3",
	    SQ_INT(list_id), SQ_INT(member), SQ_TEXT(badge), SQ_OUT_I64(&id),
	    SQ_OUT_BOOL(&revoked));
	if (rc != 0)
		return rc;
	if (revoked)
		return E_DUP;
	rc = store_q(st, "badge revoke",
	    "UPDATE badge_awards SET revoked_at = ?2, revoke_reason = ?3"
	    " WHERE id = ?1",
	    SQ_INT(id), SQ_TEXT(at), SQ_TEXT(reason != NULL ? reason : ""));
	if (rc == 0)
		rc =
		    store_event(st, list_id, member, "badge.revoke", id, badge);
	return rc;
}

#define AWARD_COLS                                                             \
	"SELECT a.id, a.list_id, a.member_id, l.name, m.email, m.name,"        \
	" a.badge, a.awarded_at, a.awarded_by, a.reason, a.salt,"              \
	" coalesce(a.announced, ''), coalesce(a.revoked_at, ''),"              \
	" coalesce(a.revoke_reason, '') FROM badge_awards a"                   \
	" JOIN lists l ON l.id = a.list_id JOIN members m ON m.id = a.member_id "

/* award_cols - the AWARD_COLS of the current row of s into a. */
static void
award_cols(sqlite3_stmt *s, void *rec)
{
	struct badge_award *a = rec;

	memset(a, 0, sizeof *a);
	store_cols(s, SQ_OUT_I64(&a->id), SQ_OUT_I64(&a->list_id),
	    SQ_OUT_I64(&a->member_id), SQ_OUT_TEXT(a->list, sizeof a->list),
	    SQ_OUT_TEXT(a->email, sizeof a->email),
	    SQ_OUT_TEXT(a->name, sizeof a->name),
	    SQ_OUT_TEXT(a->badge, sizeof a->badge),
	    SQ_OUT_TEXT(a->awarded_at, sizeof a->awarded_at),
	    SQ_OUT_TEXT(a->by, sizeof a->by),
	    SQ_OUT_TEXT(a->reason, sizeof a->reason),
	    SQ_OUT_TEXT(a->salt, sizeof a->salt),
	    SQ_OUT_TEXT(a->announced, sizeof a->announced),
	    SQ_OUT_TEXT(a->revoked_at, sizeof a->revoked_at),
	    SQ_OUT_TEXT(a->revoke_reason, sizeof a->revoke_reason));
}

int
store_badge_awards(struct store *st, long long list_id, long long member,
    bool unannounced, struct badge_award **out, size_t *n)
{
	static const struct store_rowkind award_kind = {
	    sizeof(struct badge_award), award_cols, NULL};
	void *p;
	int rc;

	rc = store_select(st, "badge awards", &award_kind, &p, n,
	    AWARD_COLS "WHERE (?1 = 0 OR a.list_id = ?1)"
	               " AND (?2 = 0 OR a.member_id = ?2) AND (?3 = 0"
	               " OR (a.announced IS NULL AND a.revoked_at IS NULL))"
	               " ORDER BY a.id",
	    SQ_INT(list_id), SQ_INT(member), SQ_INT(unannounced));
	*out = p;
	return rc;
}

int
store_badge_award_get(struct store *st, long long id, struct badge_award *a)
{
	sqlite3_stmt *s;
	int rc;

	rc = store_stmt(st, &s, AWARD_COLS "WHERE a.id = ?1", SQ_INT(id));
	if (rc != 0)
		return rc;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		award_cols(s, a);
		sqlite3_finalize(s);
		return 0;
	}
	rc = store_end(st, s, rc, "badge award get");
	return rc == 0 ? E_NOTFOUND : rc;
}

int
store_badge_waiting(struct store *st, size_t max, long long **lists,
    long long **members, size_t *n)
{
	sqlite3_stmt *s;
	size_t cap = 0, cap2 = 0;
	int rc;

	*lists = *members = NULL;
	*n = 0;
	rc = store_stmt(st, &s,
	    "SELECT DISTINCT a.list_id, a.member_id FROM badge_awards a"
	    " JOIN lists l ON l.id = a.list_id AND l.badges = 1"
	    " WHERE a.announced IS NULL AND a.revoked_at IS NULL"
	    " ORDER BY a.list_id, a.member_id LIMIT ?1",
	    SQ_INT((long long)max));
	if (rc != 0)
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*lists = store_grow(*lists, *n, &cap, sizeof **lists);
		*members = store_grow(*members, *n, &cap2, sizeof **members);
		(*lists)[*n] = sqlite3_column_int64(s, 0);
		(*members)[(*n)++] = sqlite3_column_int64(s, 1);
	}
	rc = store_end(st, s, rc, "badge waiting");
	if (rc != 0) {
		free(*lists);
		free(*members);
		*lists = *members = NULL;
		*n = 0;
	}
	return rc;
}

int
store_badge_mailed_since(struct store *st, long long list_id, long long member,
    const char *since, bool *yes)
{
	return store_q(st, "badge mailed since",
	    "SELECT EXISTS (SELECT 1 FROM events WHERE member_id = ?2"
	    " AND at >= ?3 AND list_id = ?1 AND kind = 'badge.announce')",
	    SQ_INT(list_id), SQ_INT(member), SQ_TEXT(since), SQ_OUT_BOOL(yes));
}

int
store_badge_announced(
    struct store *st, const long long *id, size_t n, const char *at)
{
	size_t i;
	int rc = 0;

	for (i = 0; rc == 0 && i < n; i++)
		rc = store_q(st, "badge announced",
		    "UPDATE badge_awards SET announced = ?2 WHERE id = ?1",
		    SQ_INT(id[i]), SQ_TEXT(at));
	return rc;
}

int
store_badge_grant_add(struct store *st, const struct badge_grant *g,
    const char *at, long long *id)
{
	return store_q(st, "badge grant add",
	    "INSERT INTO badge_grants(list_id, moderator_id, member_id, badge,"
	    " reason, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
	    SQ_INT(g->list_id), SQ_INT(g->moderator_id), SQ_INT(g->member_id),
	    SQ_TEXT(g->badge), SQ_TEXT(g->reason), SQ_TEXT(at), SQ_OUT_I64(id));
}

int
store_badge_grant_get(struct store *st, long long id, struct badge_grant *g)
{
	memset(g, 0, sizeof *g);
	g->id = id;
	return store_q(st, "badge grant get",
	    "SELECT g.list_id, g.moderator_id, g.member_id, g.badge, g.reason,"
	    " m.email, m.name, coalesce(g.decided, '') FROM badge_grants g"
	    " JOIN members m ON m.id = g.member_id WHERE g.id = ?1",
	    SQ_INT(id), SQ_OUT_I64(&g->list_id), SQ_OUT_I64(&g->moderator_id),
	    SQ_OUT_I64(&g->member_id), SQ_OUT_TEXT(g->badge, sizeof g->badge),
	    SQ_OUT_TEXT(g->reason, sizeof g->reason),
	    SQ_OUT_TEXT(g->email, sizeof g->email),
	    SQ_OUT_TEXT(g->name, sizeof g->name),
	    SQ_OUT_TEXT(g->decided, sizeof g->decided));
}

int
store_badge_grant_decide(
    struct store *st, long long id, const char *outcome, const char *at)
{
	long long got;
	int rc;

	rc = store_q(st, "badge grant decide",
	    "UPDATE badge_grants SET decided = ?2, outcome = ?3"
	    " WHERE id = ?1 AND decided IS NULL RETURNING id",
	    SQ_INT(id), SQ_TEXT(at), SQ_TEXT(outcome), SQ_OUT_I64(&got));
	return rc == E_NOTFOUND ? E_PERM : rc;
}

int
store_badge_thanked_answer(
    struct store *st, long long msg, long long *answer, long long *author)
{
	int rc;

	*answer = *author = 0;
	rc = store_q(st, "badge thanked answer",
	    "SELECT p.id, p.author_id FROM messages m"
	    " JOIN messages p ON p.id = m.parent_id"
	    " JOIN threads t ON t.id = m.thread_id"
	    " JOIN messages r ON r.id = t.root_id WHERE m.id = ?1"
	    " AND m.author_id = r.author_id AND p.id != r.id"
	    " AND p.status = 'posted' AND p.author_id IS NOT NULL"
	    " AND p.author_id != m.author_id",
	    SQ_INT(msg), SQ_OUT_I64(answer), SQ_OUT_I64(author));
	return rc == E_NOTFOUND ? 0 : rc;
}

int
store_leaderboard_set(struct store *st, long long member, bool on)
{
	return store_q(st, "leaderboard set",
	    "UPDATE members SET leaderboard = ?2 WHERE id = ?1", SQ_INT(member),
	    SQ_INT(on));
}

/* The helping events of a list in [?2, ?3), per member who has not opted
 * out and is an active member. */
#define HELPED                                                                    \
	"WITH h AS (SELECT e.member_id AS id,"                                    \
	" count(DISTINCT CASE WHEN e.kind = 'answer.thanked'"                     \
	" THEN e.object_id END) AS thanked,"                                      \
	" sum(e.kind = 'route.answer') AS routed,"                                \
	" sum(e.kind = 'wiki.edit') AS wiki FROM events e"                        \
	" WHERE e.list_id = ?1 AND e.at >= ?2 AND e.at < ?3 AND e.kind IN"        \
	" ('answer.thanked', 'route.answer', 'wiki.edit') GROUP BY e.member_id)," \
	" p AS (SELECT b.id, CASE WHEN b.name != '' THEN b.name"                  \
	" ELSE b.email END AS who, coalesce(h.thanked, 0) AS thanked,"            \
	" coalesce(h.routed, 0) AS routed, coalesce(h.wiki, 0) AS wiki"           \
	" FROM memberships s JOIN members b ON b.id = s.member_id"                \
	" LEFT JOIN h ON h.id = b.id WHERE s.list_id = ?1"                        \
	" AND s.status = 'active' AND b.leaderboard = 1) "

/* leader_read - a row (who, thanked, routed, wiki, members). */
static void
leader_read(sqlite3_stmt *s, void *rec)
{
	struct badge_leader *l = rec;

	store_cols(s, SQ_OUT_TEXT(l->who, sizeof l->who));
	l->thanked = (long)sqlite3_column_int64(s, 1);
	l->routed = (long)sqlite3_column_int64(s, 2);
	l->wiki = (long)sqlite3_column_int64(s, 3);
	l->members = (long)sqlite3_column_int64(s, 4);
	l->score = l->thanked + l->routed + l->wiki;
	l->average = l->members > 0 ? (double)l->score / l->members : 0;
}

static int
leaders_read(
    struct store *st, sqlite3_stmt *s, struct badge_leader **out, size_t *n)
{
	static const struct store_rowkind leader_kind = {
	    sizeof(struct badge_leader), leader_read, NULL};
	void *p;
	int rc;

	rc = store_rows(st, s, "badge leaders", &leader_kind, &p, n);
	*out = p;
	return rc;
}

int
store_badge_leaders(struct store *st, long long list_id, const char *since,
    const char *until, size_t max, struct badge_leader **out, size_t *n)
{
	sqlite3_stmt *s;
	int rc;

	*out = NULL;
	*n = 0;
	rc = store_stmt(st, &s,
	    HELPED "SELECT who, thanked, routed, wiki, 1 FROM p"
	           " WHERE thanked + routed + wiki > 0"
	           " ORDER BY thanked + routed + wiki DESC, who LIMIT ?4",
	    SQ_INT(list_id), SQ_TEXT(since), SQ_TEXT(until),
	    SQ_INT((long long)max));
	return rc != 0 ? rc : leaders_read(st, s, out, n);
}

int
store_badge_teams(struct store *st, long long list_id, const char *since,
    const char *until, struct badge_leader **out, size_t *n)
{
	sqlite3_stmt *s;
	int rc;

	*out = NULL;
	*n = 0;
	rc = store_stmt(st, &s,
	    HELPED "SELECT f.value, sum(thanked), sum(routed), sum(wiki),"
	           " count(*) FROM p JOIN member_fields f ON f.member_id = p.id"
	           " AND f.name = 'team' AND f.value != '' GROUP BY f.value"
	           " ORDER BY 1.0 * sum(thanked + routed + wiki) / count(*)"
	           " DESC, f.value",
	    SQ_INT(list_id), SQ_TEXT(since), SQ_TEXT(until));
	return rc != 0 ? rc : leaders_read(st, s, out, n);
}

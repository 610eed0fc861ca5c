/*
 * store_mentor.c - mentoring pairs and personal prompts (store_mentor.h).
 * A pair is one row of mentorships; every mail of the learning layer that
 * can be answered by reply is one row of prompts (its p- token names the
 * row).  The scheduler finds due pairs through a partial index on next_at,
 * so a pass with nothing due costs one index probe.
 */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "store_mentor.h"
#include "store_priv.h"
#include "xmalloc.h"

void
mentor_pair_release(struct mentor_pair *p)
{
	if (p == NULL)
		return;
	free(p->goal);
	p->goal = NULL;
}

int
store_mentor_add(struct store *st, const struct mentor_pair_in *p,
    long long *id, struct buf *why)
{
	char now[21];
	long long dup = 0;
	int rc;

	rc = store_q(st, "mentor dup",
	    "SELECT id FROM mentorships WHERE list_id = ?1 AND mentor_id = ?2"
	    " AND mentee_id = ?3 AND state != 'ended'",
	    SQ_INT(p->list_id), SQ_INT(p->mentor_id), SQ_INT(p->mentee_id),
	    SQ_OUT_I64(&dup));
	if (rc == 0) {
		buf_addf(why, "this pair is already open (pair %lld)", dup);
		return E_DUP;
	}
	if (rc != E_NOTFOUND)
		return rc;
	store_now(now);
	rc = store_q(st, "mentor add",
	    "INSERT INTO mentorships(list_id, mentor_id, mentee_id, started,"
	    " track, goal, created, next_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
	    " '') RETURNING id",
	    SQ_INT(p->list_id), SQ_INT(p->mentor_id), SQ_INT(p->mentee_id),
	    SQ_TEXT(p->started), SQ_TEXT(p->track),
	    SQ_TEXT(p->goal != NULL ? p->goal : ""), SQ_TEXT(now),
	    SQ_OUT_I64(id));
	if (rc == 0)
		rc = store_event(
		    st, p->list_id, p->mentee_id, "mentor.pair", *id, p->track);
	return rc;
}

#define PAIR_COLS                                                              \
	"SELECT p.id, p.list_id, p.mentor_id, a.email, a.name,"                \
	" coalesce(ma.status = 'active', 0), p.mentee_id, b.email, b.name,"    \
	" coalesce(mb.status = 'active', 0), p.started, p.track, p.state,"     \
	" p.pace, p.health, coalesce(p.announced, ''), p.goal,"                \
	" coalesce(p.nudged, ''), p.shift, coalesce(p.hold, ''),"              \
	" coalesce(p.closeout, ''), coalesce(p.onboarded, '')"                 \
	" FROM mentorships p JOIN members a ON a.id = p.mentor_id"             \
	" JOIN members b ON b.id = p.mentee_id"                                \
	" LEFT JOIN memberships ma ON ma.list_id = p.list_id"                  \
	" AND ma.member_id = p.mentor_id"                                      \
	" LEFT JOIN memberships mb ON mb.list_id = p.list_id"                  \
	" AND mb.member_id = p.mentee_id "

/* pair_cols - the PAIR_COLS of the current row of s into p. */
static void
pair_cols(sqlite3_stmt *s, void *rec)
{
	struct mentor_pair *p = rec;

	store_cols(s, SQ_OUT_I64(&p->id), SQ_OUT_I64(&p->list_id),
	    SQ_OUT_I64(&p->mentor.id),
	    SQ_OUT_TEXT(p->mentor.email, sizeof p->mentor.email),
	    SQ_OUT_TEXT(p->mentor.name, sizeof p->mentor.name),
	    SQ_OUT_BOOL(&p->mentor.active), SQ_OUT_I64(&p->mentee.id),
	    SQ_OUT_TEXT(p->mentee.email, sizeof p->mentee.email),
	    SQ_OUT_TEXT(p->mentee.name, sizeof p->mentee.name),
	    SQ_OUT_BOOL(&p->mentee.active),
	    SQ_OUT_TEXT(p->started, sizeof p->started),
	    SQ_OUT_TEXT(p->track, sizeof p->track),
	    SQ_OUT_TEXT(p->state, sizeof p->state),
	    SQ_OUT_TEXT(p->pace, sizeof p->pace),
	    SQ_OUT_TEXT(p->health, sizeof p->health),
	    SQ_OUT_TEXT(p->announced, sizeof p->announced),
	    SQ_OUT_DUP(&p->goal), SQ_OUT_TEXT(p->nudged, sizeof p->nudged),
	    SQ_OUT_I64(&p->shift), SQ_OUT_TEXT(p->hold, sizeof p->hold),
	    SQ_OUT_TEXT(p->closeout, sizeof p->closeout),
	    SQ_OUT_TEXT(p->onboarded, sizeof p->onboarded));
}

static void
pair_drop(void *rec)
{
	mentor_pair_release(rec);
}

static const struct store_rowkind pair_kind = {
    sizeof(struct mentor_pair), pair_cols, pair_drop};

void
mentor_pairs_free(struct mentor_pair *p, size_t n)
{
	store_rows_free(p, n, &pair_kind);
}

/* pairs_read - every row of s into a new array; finalizes s. */
static int
pairs_read(
    struct store *st, sqlite3_stmt *s, struct mentor_pair **out, size_t *n)
{
	void *p;
	int rc;

	rc = store_rows(st, s, "mentor pairs", &pair_kind, &p, n);
	*out = p;
	return rc;
}

int
store_mentor_get(struct store *st, long long id, struct mentor_pair *out)
{
	struct mentor_pair *p;
	sqlite3_stmt *s;
	size_t n;
	int rc;

	memset(out, 0, sizeof *out);
	rc = store_stmt(st, &s, PAIR_COLS "WHERE p.id = ?1", SQ_INT(id));
	if (rc == 0)
		rc = pairs_read(st, s, &p, &n);
	if (rc != 0)
		return rc;
	if (n == 1)
		*out = p[0];
	free(p);
	return n == 1 ? 0 : E_NOTFOUND;
}

int
store_mentor_pairs(
    struct store *st, long long list_id, struct mentor_pair **out, size_t *n)
{
	sqlite3_stmt *s;
	int rc;

	*out = NULL;
	*n = 0;
	rc = store_stmt(st, &s,
	    PAIR_COLS "WHERE ?1 IS NULL OR p.list_id = ?1 ORDER BY p.id",
	    SQ_ID(list_id));
	return rc != 0 ? rc : pairs_read(st, s, out, n);
}

int
store_mentor_member_pairs(struct store *st, long long list_id,
    long long member_id, struct mentor_pair **out, size_t *n)
{
	sqlite3_stmt *s;
	int rc;

	*out = NULL;
	*n = 0;
	rc = store_stmt(st, &s,
	    PAIR_COLS "WHERE p.list_id = ?1 AND p.state != 'ended'"
	              " AND ?2 IN (p.mentor_id, p.mentee_id) ORDER BY p.id",
	    SQ_INT(list_id), SQ_INT(member_id));
	return rc != 0 ? rc : pairs_read(st, s, out, n);
}

/* word_in - w is one of the space-separated words of list. */
static bool
word_in(const char *w, const char *list)
{
	size_t n = strlen(w);
	const char *p = list;

	while (n > 0 && (p = strstr(p, w)) != NULL) {
		if ((p == list || p[-1] == ' ') &&
		    (p[n] == ' ' || p[n] == '\0'))
			return true;
		p += n;
	}
	return false;
}

int
store_mentor_state(
    struct store *st, long long id, const char *from, const char *to)
{
	char state[8] = "", now[21];
	int rc;

	rc = store_q(st, "mentor state get",
	    "SELECT state FROM mentorships WHERE id = ?1", SQ_INT(id),
	    SQ_OUT_TEXT(state, sizeof state));
	if (rc != 0)
		return rc;
	if (!word_in(state, from))
		return E_PERM;
	store_now(now);
	return store_q(st, "mentor state",
	    "UPDATE mentorships SET state = ?2, next_at = CASE ?2 WHEN 'active'"
	    " THEN '' ELSE next_at END, ended = CASE ?2 WHEN 'ended' THEN ?3"
	    " ELSE ended END, pace = CASE WHEN ?2 = 'active' AND pace ="
	    " 'pause' THEN '' ELSE pace END WHERE id = ?1",
	    SQ_INT(id), SQ_TEXT(to), SQ_TEXT(now));
}

/* set_text - one text column of pair id (sql: ?1 the id, ?2 the value). */
static int
set_text(struct store *st, const char *what, const char *sql, long long id,
    const char *v)
{
	return store_q(st, what, sql, SQ_INT(id), SQ_TEXT(v));
}

int
store_mentor_pace(struct store *st, long long id, const char *pace)
{
	return set_text(st, "mentor pace",
	    "UPDATE mentorships SET pace = ?2 WHERE id = ?1", id, pace);
}

int
store_mentor_next(struct store *st, long long id, const char *next_at)
{
	return set_text(st, "mentor next",
	    "UPDATE mentorships SET next_at = ?2 WHERE id = ?1", id, next_at);
}

int
store_mentor_health(struct store *st, long long id, const char *health)
{
	return set_text(st, "mentor health",
	    "UPDATE mentorships SET health = ?2 WHERE id = ?1", id, health);
}

int
store_mentor_announced(struct store *st, long long id, const char *at)
{
	return set_text(st, "mentor announced",
	    "UPDATE mentorships SET announced = ?2 WHERE id = ?1", id, at);
}

int
store_mentor_nudged(struct store *st, long long id, const char *at)
{
	return set_text(st, "mentor nudged",
	    "UPDATE mentorships SET nudged = ?2 WHERE id = ?1", id, at);
}

int
store_mentor_move(
    struct store *st, long long id, long long shift, const char *hold)
{
	return store_q(st, "mentor move",
	    "UPDATE mentorships SET shift = ?2, hold = ?3, next_at = ''"
	    " WHERE id = ?1",
	    SQ_INT(id), SQ_INT(shift), SQ_TEXT(hold));
}

int
store_mentor_closeout(struct store *st, long long id, const char *at)
{
	return set_text(st, "mentor closeout",
	    "UPDATE mentorships SET closeout = ?2 WHERE id = ?1", id, at);
}

int
store_mentor_onboarded(
    struct store *st, long long id, const char *at, bool *first)
{
	long long got = 0;
	int rc;

	rc = store_q(st, "mentor onboarded",
	    "UPDATE mentorships SET onboarded = ?2 WHERE id = ?1"
	    " AND onboarded IS NULL RETURNING id",
	    SQ_INT(id), SQ_TEXT(at), SQ_OUT_I64(&got));
	*first = rc == 0;
	return rc == E_NOTFOUND ? 0 : rc;
}

/* DRIFT - the active inactive pairs of ?1 not reported since a reply. */
#define DRIFT                                                                    \
	" FROM mentorships p WHERE p.state = 'active' AND p.health = 'inactive'" \
	" AND (p.alerted IS NULL OR p.alerted < coalesce((SELECT"                \
	" max(replied_at) FROM prompts x WHERE x.mentorship_id = p.id), ''))"

static void
drift_read(sqlite3_stmt *s, void *rec)
{
	struct mentor_drift *d = rec;

	store_cols(s, SQ_OUT_I64(&d->id),
	    SQ_OUT_TEXT(d->mentor, sizeof d->mentor),
	    SQ_OUT_TEXT(d->mentee, sizeof d->mentee),
	    SQ_OUT_TEXT(d->last, sizeof d->last));
}

int
store_mentor_drifting(
    struct store *st, long long list_id, struct mentor_drift **out, size_t *n)
{
	static const struct store_rowkind drift_kind = {
	    sizeof(struct mentor_drift), drift_read, NULL};
	void *p;
	int rc;

	rc = store_select(st, "mentor drifting", &drift_kind, &p, n,
	    "SELECT p.id, (SELECT email FROM members WHERE id = p.mentor_id),"
	    " (SELECT email FROM members WHERE id = p.mentee_id),"
	    " (SELECT coalesce(max(replied_at), '') FROM prompts x"
	    " WHERE x.mentorship_id = p.id)" DRIFT " AND p.list_id = ?1"
	    " ORDER BY p.id",
	    SQ_INT(list_id));
	*out = p;
	return rc;
}

int
store_mentor_drift_lists(struct store *st, long long **out, size_t *n)
{
	return store_select_ids(st, "mentor drift lists", out, n,
	    "SELECT DISTINCT p.list_id" DRIFT " ORDER BY p.list_id", SQ_NONE);
}

int
store_mentor_alerted(struct store *st, long long list_id, const char *at)
{
	return store_q(st, "mentor alerted",
	    "UPDATE mentorships SET alerted = ?2 WHERE id IN (SELECT p.id" DRIFT
	    " AND p.list_id = ?1)",
	    SQ_INT(list_id), SQ_TEXT(at));
}

int
store_mentor_gone(struct store *st, long long **out, size_t *n)
{
	return store_select_ids(st, "mentor gone", out, n,
	    "SELECT id FROM mentorships WHERE state = 'ended'"
	    " AND ended IS NULL ORDER BY id",
	    SQ_NONE);
}

int
store_mentor_ended(struct store *st, long long id, const char *at)
{
	return set_text(st, "mentor ended",
	    "UPDATE mentorships SET ended = ?2 WHERE id = ?1", id, at);
}

int
store_mentor_due(
    struct store *st, const char *now, size_t max, long long **out, size_t *n)
{
	return store_select_ids(st, "mentor due", out, n,
	    "SELECT id FROM mentorships WHERE state = 'active'"
	    " AND next_at <= ?1 ORDER BY next_at, id LIMIT ?2",
	    SQ_TEXT(now), SQ_INT((long long)max));
}

int
store_mentor_counts(struct store *st, long long list_id, const char *from,
    const char *to, struct mentor_counts *out)
{
	memset(out, 0, sizeof *out);
	return store_q(st, "mentor counts",
	    "SELECT count(*), coalesce(sum(state = 'active' AND health ="
	    " 'on track'), 0), coalesce(sum(state = 'active' AND health ="
	    " 'needs a check-in'), 0), coalesce(sum(state = 'active' AND"
	    " health = 'inactive'), 0), coalesce(sum(state = 'active' AND"
	    " health = 'too early'), 0), coalesce(sum(state = 'paused'), 0),"
	    " (SELECT count(*) FROM prompts WHERE list_id = ?1 AND kind ="
	    " 'reflection' AND sent_at >= ?2 AND sent_at < ?3),"
	    " (SELECT count(*) FROM prompts WHERE list_id = ?1 AND kind ="
	    " 'reflection' AND replied_at >= ?2 AND replied_at < ?3)"
	    " FROM mentorships WHERE list_id = ?1 AND state != 'ended'",
	    SQ_INT(list_id), SQ_TEXT(from), SQ_TEXT(to), SQ_OUT_INT(&out->open),
	    SQ_OUT_INT(&out->on_track), SQ_OUT_INT(&out->needs),
	    SQ_OUT_INT(&out->inactive), SQ_OUT_INT(&out->early),
	    SQ_OUT_INT(&out->paused), SQ_OUT_INT(&out->checkins),
	    SQ_OUT_INT(&out->answered));
}

int
store_prompt_add(struct store *st, const struct prompt_rec *p, long long *id)
{
	return store_q(st, "prompt add",
	    "INSERT INTO prompts(kind, member_id, list_id, mentorship_id,"
	    " sent_at, week, object_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
	    " RETURNING id",
	    SQ_TEXT(p->kind), SQ_INT(p->member_id), SQ_INT(p->list_id),
	    SQ_ID(p->mentorship_id), SQ_TEXT(p->sent_at), SQ_INT(p->week),
	    SQ_ID(p->object_id), SQ_OUT_I64(id));
}

#define PROMPT_COLS                                                            \
	"SELECT id, list_id, member_id, coalesce(mentorship_id, 0), kind,"     \
	" sent_at, coalesce(replied_at, ''), week, coalesce(pulse, 0),"        \
	" coalesce(fit, ''), coalesce(pace, ''), coalesce(object_id, 0)"       \
	" FROM prompts "

/* prompt_outs - the outputs that read PROMPT_COLS into p. */
#define PROMPT_OUTS(p)                                                         \
	SQ_OUT_I64(&(p)->id), SQ_OUT_I64(&(p)->list_id),                       \
	    SQ_OUT_I64(&(p)->member_id), SQ_OUT_I64(&(p)->mentorship_id),      \
	    SQ_OUT_TEXT((p)->kind, sizeof(p)->kind),                           \
	    SQ_OUT_TEXT((p)->sent_at, sizeof(p)->sent_at),                     \
	    SQ_OUT_TEXT((p)->replied_at, sizeof(p)->replied_at),               \
	    SQ_OUT_INT(&(p)->week), SQ_OUT_INT(&(p)->pulse),                   \
	    SQ_OUT_TEXT((p)->fit, sizeof(p)->fit),                             \
	    SQ_OUT_TEXT((p)->pace, sizeof(p)->pace),                           \
	    SQ_OUT_I64(&(p)->object_id)

int
store_prompt_get(struct store *st, long long id, struct prompt_rec *out)
{
	memset(out, 0, sizeof *out);
	return store_q(st, "prompt get", PROMPT_COLS "WHERE id = ?1",
	    SQ_INT(id), PROMPT_OUTS(out));
}

int
store_prompt_find(struct store *st, long long pair, const char *kind, int week,
    long long member, bool *found, struct prompt_rec *out)
{
	int rc;

	memset(out, 0, sizeof *out);
	rc = store_q(st, "prompt find",
	    PROMPT_COLS "WHERE mentorship_id = ?1 AND kind = ?2 AND week = ?3"
	                " AND member_id = ?4 ORDER BY id LIMIT 1",
	    SQ_INT(pair), SQ_TEXT(kind), SQ_INT(week), SQ_INT(member),
	    PROMPT_OUTS(out));
	*found = rc == 0;
	return rc == E_NOTFOUND ? 0 : rc;
}

int
store_prompt_reply(struct store *st, long long id, const struct prompt_reply *r)
{
	return store_q(st, "prompt reply",
	    "UPDATE prompts SET replied_at = ?2, answer = ?3, pulse = ?4,"
	    " fit = ?5, pace = ?6 WHERE id = ?1",
	    SQ_INT(id), SQ_TEXT(r->replied_at), SQ_TEXT(r->answer),
	    SQ_ID(r->pulse), SQ_TEXT(r->fit), SQ_TEXT(r->pace));
}

/* history_pulses - the three latest pulses of pair into h. */
static int
history_pulses(struct store *st, long long pair, struct mentor_history *h)
{
	sqlite3_stmt *s;
	int rc, i = 0;

	rc = store_stmt(st, &s,
	    "SELECT pulse FROM prompts WHERE mentorship_id = ?1 AND pulse IS"
	    " NOT NULL ORDER BY replied_at DESC, id DESC LIMIT 3",
	    SQ_INT(pair));
	if (rc != 0)
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && i < 3)
		store_cols(s, SQ_OUT_INT(&h->pulses[i++]));
	return store_end(st, s, rc, "mentor pulses");
}

int
store_mentor_history(struct store *st, long long pair, const char *window_end,
    struct mentor_history *out)
{
	int rc;

	memset(out, 0, sizeof *out);
	rc = store_q(st, "mentor history",
	    "SELECT count(*), coalesce(sum(sent_at < ?2), 0),"
	    " coalesce(max(sent_at), ''), coalesce(min(sent_at), ''),"
	    " (SELECT coalesce(max(replied_at), '') FROM prompts"
	    " WHERE mentorship_id = ?1), (SELECT coalesce(fit, '') FROM prompts"
	    " WHERE mentorship_id = ?1 AND fit IS NOT NULL"
	    " ORDER BY replied_at DESC, id DESC LIMIT 1),"
	    " coalesce(sum(sent_at < ?2 AND replied_at IS NOT NULL), 0)"
	    " FROM prompts WHERE mentorship_id = ?1 AND kind = 'reflection'",
	    SQ_INT(pair), SQ_TEXT(window_end), SQ_OUT_INT(&out->checkins),
	    SQ_OUT_INT(&out->in_window),
	    SQ_OUT_TEXT(out->last_checkin, sizeof out->last_checkin),
	    SQ_OUT_TEXT(out->first_checkin, sizeof out->first_checkin),
	    SQ_OUT_TEXT(out->last_reply, sizeof out->last_reply),
	    SQ_OUT_TEXT(out->fit, sizeof out->fit), SQ_OUT_INT(&out->answered));
	if (rc == 0)
		rc = history_pulses(st, pair, out);
	return rc;
}

int
store_prompt_last_answer(
    struct store *st, long long pair, long long member, char **out)
{
	int rc;

	*out = NULL;
	rc = store_q(st, "prompt last answer",
	    "SELECT answer FROM prompts WHERE mentorship_id = ?1"
	    " AND member_id = ?2 AND kind = 'reflection' AND answer IS NOT NULL"
	    " ORDER BY replied_at DESC, id DESC LIMIT 1",
	    SQ_INT(pair), SQ_INT(member), SQ_OUT_DUP(out));
	if (rc == E_NOTFOUND) {
		*out = xstrdup("");
		rc = 0;
	}
	return rc;
}

int
store_learning_mails_since(
    struct store *st, long long member_id, const char *since, int *n)
{
	return store_q(st, "learning mails since",
	    "SELECT (SELECT count(*) FROM quiz_sends WHERE member_id = ?1"
	    " AND sent_at >= ?2) + (SELECT count(*) FROM quiz_learners"
	    " WHERE member_id = ?1 AND welcomed >= ?2) + (SELECT count(*)"
	    " FROM prompts WHERE member_id = ?1 AND sent_at >= ?2"
	    " AND kind != 'relay')",
	    SQ_INT(member_id), SQ_TEXT(since), SQ_OUT_INT(n));
}

/*
 * store_digest.c - the weekly digest's SQL (see store_digest.h and
 * docs/digest.md).  Selection statistics are computed here in SQL; the
 * ranking formula itself is in digest/select.c.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conf.h"
#include "err.h"
#include "store_digest.h"
#include "store_priv.h"
#include "xmalloc.h"

#define LIST_COLS                                                              \
	"SELECT id, name, title, timezone, moderated, digest_weekday,"         \
	" digest_hour, digest_draft_hours, digest_approval,"                   \
	" digest_quiet_note, digest_max_items FROM lists"

static void
list_row(sqlite3_stmt *s, void *rec)
{
	struct digest_list *d = rec;

	memset(d, 0, sizeof *d);
	store_cols(s, SQ_OUT_I64(&d->list.id), SQ_OUT_DUP(&d->list.name),
	    SQ_OUT_DUP(&d->list.title), SQ_OUT_DUP(&d->list.timezone),
	    SQ_OUT_BOOL(&d->list.moderated), SQ_OUT_INT(&d->weekday),
	    SQ_OUT_INT(&d->hour), SQ_OUT_INT(&d->draft_hours),
	    SQ_OUT_BOOL(&d->approval), SQ_OUT_BOOL(&d->quiet_note),
	    SQ_OUT_INT(&d->max_items));
}

static void
list_drop(void *rec)
{
	list_rec_release(&((struct digest_list *)rec)->list);
}

static const struct store_rowkind list_kind = {
    sizeof(struct digest_list), list_row, list_drop};

void
digest_lists_free(struct digest_list *l, size_t n)
{
	store_rows_free(l, n, &list_kind);
}

int
store_digest_lists(struct store *st, struct digest_list **out, size_t *n)
{
	void *p;
	int rc;

	rc = store_select(st, "digest lists", &list_kind, &p, n,
	    LIST_COLS " ORDER BY id", SQ_NONE);
	*out = p;
	return rc;
}

int
store_digest_list(struct store *st, long long list_id, struct digest_list *out)
{
	sqlite3_stmt *s;
	int rc;

	memset(out, 0, sizeof *out);
	rc = store_stmt(st, &s, LIST_COLS " WHERE id = ?1", SQ_INT(list_id));
	if (rc != 0)
		return rc;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		list_row(s, out);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_end(st, s, rc, "digest list");
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : E_NOGROUP;
}

void
digest_rec_release(struct digest_rec *d)
{
	free(d->note);
	memset(d, 0, sizeof *d);
}

int
store_digest_find(
    struct store *st, long long list_id, const char *send_at, long long *id)
{
	return store_q(st, "digest find",
	    "SELECT id FROM digests WHERE list_id = ?1 AND send_at = ?2",
	    SQ_INT(list_id), SQ_TEXT(send_at), SQ_OUT_I64(id));
}

int
store_digest_get(struct store *st, long long id, struct digest_rec *out)
{
	memset(out, 0, sizeof *out);
	return store_q(st, "digest get",
	    "SELECT id, list_id, send_at, period_start, period_end, state,"
	    " approved, note, version, n_posts, n_threads, n_people, n_joined,"
	    " due_at"
	    " FROM digests WHERE id = ?1",
	    SQ_INT(id), SQ_OUT_I64(&out->id), SQ_OUT_I64(&out->list_id),
	    SQ_OUT_TEXT(out->send_at, sizeof out->send_at),
	    SQ_OUT_TEXT(out->period_start, sizeof out->period_start),
	    SQ_OUT_TEXT(out->period_end, sizeof out->period_end),
	    SQ_OUT_TEXT(out->state, sizeof out->state),
	    SQ_OUT_BOOL(&out->approved), SQ_OUT_DUP(&out->note),
	    SQ_OUT_I64(&out->version), SQ_OUT_INT(&out->n_posts),
	    SQ_OUT_INT(&out->n_threads), SQ_OUT_INT(&out->n_people),
	    SQ_OUT_INT(&out->n_joined),
	    SQ_OUT_TEXT(out->due_at, sizeof out->due_at));
}

int
store_digest_last_end(
    struct store *st, long long list_id, const char *fallback, char out[21])
{
	return store_q(st, "digest last",
	    "SELECT coalesce(max(period_end), ?2) FROM digests"
	    " WHERE list_id = ?1",
	    SQ_INT(list_id), SQ_TEXT(fallback), SQ_OUT_TEXT(out, 21));
}

/*
 * JOINED_NEW - a membership (of list ?1) that a digest announces as new:
 * the member subscribed by mail (event subscribe.confirm), or was added
 * after the list's first week.  The people an owner imports or adds while
 * setting the list up are not news (issue 17: the first digest named
 * every imported member).
 */
#define JOINED_NEW                                                             \
	"(memberships.joined >= (SELECT strftime('%Y-%m-%dT%H:%M:%SZ',"        \
	" l.created, '+7 days') FROM lists l WHERE l.id = ?1)"                 \
	" OR EXISTS (SELECT 1 FROM events e WHERE e.list_id = ?1"              \
	" AND e.member_id = memberships.member_id"                             \
	" AND e.kind = 'subscribe.confirm'))"

int
store_digest_create(struct store *st, const struct digest_rec *d, long long *id)
{
	char now[21];

	store_now(now);
	return store_q(st, "digest create",
	    "INSERT INTO digests(list_id, send_at, due_at, period_start,"
	    " period_end, note, created, n_posts, n_threads, n_people, n_joined)"
	    " SELECT ?1, ?2, ?2, ?3, ?4, ?5, ?6, count(*), count(DISTINCT"
	    " thread_id), count(DISTINCT lower(author)),"
	    " (SELECT count(*) FROM memberships WHERE list_id = ?1"
	    "  AND status = 'active' AND joined >= ?3 AND joined < ?4"
	    "  AND " JOINED_NEW ")"
	    " FROM messages WHERE list_id = ?1 AND status = 'posted'"
	    " AND date >= ?3 AND date < ?4 RETURNING id",
	    SQ_INT(d->list_id), SQ_TEXT(d->send_at), SQ_TEXT(d->period_start),
	    SQ_TEXT(d->period_end), SQ_TEXT(d->note != NULL ? d->note : ""),
	    SQ_TEXT(now), SQ_OUT_I64(id));
}

int
store_digest_due(struct store *st, long long list_id, bool approval,
    const char *now, long long **out, size_t *n)
{
	return store_select_ids(st, "digest due", out, n,
	    "SELECT id FROM digests WHERE list_id = ?1 AND state IN ('draft',"
	    " 'sending') AND due_at <= ?2 AND (approved = 1 OR ?3 = 0"
	    " OR state = 'sending') ORDER BY due_at",
	    SQ_INT(list_id), SQ_TEXT(now), SQ_INT(approval));
}

int
store_digest_lapse(struct store *st, long long list_id, const char *before)
{
	return store_q(st, "digest lapse",
	    "UPDATE digests SET state = 'lapsed' WHERE list_id = ?1"
	    " AND state = 'draft' AND send_at < ?2",
	    SQ_INT(list_id), SQ_TEXT(before));
}

int
store_digest_set(struct store *st, const struct digest_rec *d)
{
	char now[21];

	store_now(now);
	return store_q(st, "digest set",
	    "UPDATE digests SET state = ?2, approved = ?3, note = ?4,"
	    " due_at = ?5, version = version + 1,"
	    " sent_at = CASE WHEN ?2 = 'sent' THEN ?6 ELSE sent_at END"
	    " WHERE id = ?1",
	    SQ_INT(d->id), SQ_TEXT(d->state), SQ_INT(d->approved),
	    SQ_TEXT(d->note != NULL ? d->note : ""), SQ_TEXT(d->due_at),
	    SQ_TEXT(now));
}

static void
cand_read(sqlite3_stmt *s, void *rec)
{
	struct digest_cand *c = rec;

	store_cols(s, SQ_OUT_I64(&c->thread_id), SQ_OUT_I64(&c->upto),
	    SQ_OUT_INT(&c->in_period), SQ_OUT_INT(&c->replies),
	    SQ_OUT_INT(&c->participants), SQ_OUT_BOOL(&c->question),
	    SQ_OUT_BOOL(&c->answered), SQ_OUT_TEXT(c->last, sizeof c->last));
	c->active = c->in_period > 0;
}

int
store_digest_candidates(struct store *st, long long list_id, const char *start,
    const char *end, const char *qsince, struct digest_cand **out, size_t *n)
{
	static const struct store_rowkind cand_kind = {
	    sizeof(struct digest_cand), cand_read, NULL};
	void *p;
	int rc;

	rc = store_select(st, "digest candidates", &cand_kind, &p, n,
	    "SELECT th.id, max(m.id),"
	    " sum(m.date >= ?2), count(*) - 1, count(DISTINCT lower(m.author)),"
	    " (r.subject LIKE '%?%' OR r.text LIKE '%?%'),"
	    " sum(lower(m.author) <> lower(r.author)) > 0, max(m.date)"
	    " FROM threads th JOIN messages r ON r.id = th.root_id"
	    " JOIN messages m ON m.thread_id = th.id AND m.status = 'posted'"
	    "  AND m.date < ?3"
	    " WHERE th.list_id = ?1 AND th.last_activity >= min(?2, ?4)"
	    " AND r.status = 'posted'"
	    " GROUP BY th.id"
	    " HAVING sum(m.date >= ?2) > 0 OR (r.date >= ?4"
	    "  AND (r.subject LIKE '%?%' OR r.text LIKE '%?%')"
	    "  AND sum(lower(m.author) <> lower(r.author)) = 0)"
	    " ORDER BY th.id",
	    SQ_INT(list_id), SQ_TEXT(start), SQ_TEXT(end), SQ_TEXT(qsince));
	*out = p;
	return rc;
}

int
store_digest_joined(struct store *st, long long list_id, const char *start,
    const char *end, long long **out, size_t *n)
{
	return store_select_ids(st, "digest joined", out, n,
	    "SELECT member_id FROM memberships WHERE list_id = ?1"
	    " AND status = 'active' AND joined >= ?2 AND joined < ?3"
	    " AND " JOINED_NEW " ORDER BY joined, member_id",
	    SQ_INT(list_id), SQ_TEXT(start), SQ_TEXT(end));
}

static void
item_read(sqlite3_stmt *s, void *rec)
{
	struct digest_item *it = rec;

	store_cols(s, SQ_OUT_I64(&it->id), SQ_OUT_I64(&it->number),
	    SQ_OUT_I64(&it->thread_id), SQ_OUT_I64(&it->member_id),
	    SQ_OUT_I64(&it->upto), SQ_OUT_TEXT(it->section, sizeof it->section),
	    SQ_OUT_BOOL(&it->pinned), SQ_OUT_BOOL(&it->dropped),
	    SQ_OUT_BOOL(&it->titled), SQ_OUT_REAL(&it->position),
	    SQ_OUT_REAL(&it->score), SQ_OUT_DUP(&it->title),
	    SQ_OUT_INT(&it->replies));
}

static void
item_drop(void *rec)
{
	struct digest_item *it = rec;

	free(it->title);
	free(it->people);
	free(it->excerpt);
	free(it->excerpt_by);
}

static const struct store_rowkind item_kind = {
    sizeof(struct digest_item), item_read, item_drop};

void
digest_items_free(struct digest_item *it, size_t n)
{
	store_rows_free(it, n, &item_kind);
}

int
store_digest_item_add(
    struct store *st, long long digest_id, const struct digest_item *it)
{
	return store_q(st, "digest item add",
	    "INSERT INTO digest_items(digest_id, number, section, thread_id,"
	    " member_id, position, pinned, dropped, title, score, upto)"
	    " VALUES (?1, ?2, ?3, nullif(?4, 0), nullif(?5, 0), ?6, ?7, ?8,"
	    " ?9, ?10, ?11)",
	    SQ_INT(digest_id), SQ_INT(it->number), SQ_TEXT(it->section),
	    SQ_INT(it->thread_id), SQ_INT(it->member_id), SQ_REAL(it->position),
	    SQ_INT(it->pinned), SQ_INT(it->dropped),
	    SQ_TEXT(it->titled ? it->title : NULL), SQ_REAL(it->score),
	    SQ_INT(it->upto));
}

/*
 * item_excerpt - an item's excerpt: for a thread the best answer (the
 * reply by someone other than the starter that drew the most replies
 * itself, the earliest on a tie), else the first post; for a question the
 * question; for a new member their introduction (the profile's three
 * answers, docs/connect.md), if any.
 */
static int
item_excerpt(struct store *st, struct digest_item *it)
{
	int rc;

	if (strcmp(it->section, "joined") == 0)
		rc = store_q(st, "digest excerpt",
		    "SELECT trim(CASE p.works_on WHEN '' THEN '' ELSE"
		    " 'Works on: ' || p.works_on || '; ' END"
		    " || CASE p.can_help WHEN '' THEN '' ELSE"
		    " 'can help with: ' || p.can_help || '; ' END"
		    " || CASE p.want_learn WHEN '' THEN '' ELSE"
		    " 'wants to learn: ' || p.want_learn END, '; '),"
		    " coalesce(nullif(b.name, ''), b.email)"
		    " FROM profiles p JOIN digest_items i ON i.id = ?1"
		    " JOIN digests d ON d.id = i.digest_id"
		    " JOIN members b ON b.id = i.member_id"
		    " WHERE p.member_id = i.member_id AND p.list_id = d.list_id",
		    SQ_INT(it->id), SQ_OUT_DUP(&it->excerpt),
		    SQ_OUT_DUP(&it->excerpt_by));
	else
		rc = store_q(st, "digest excerpt",
		    "SELECT m.text, coalesce(nullif(m.author_name, ''),"
		    " m.author) FROM messages m JOIN threads th"
		    " ON th.id = m.thread_id JOIN messages r ON r.id = th.root_id"
		    " WHERE m.thread_id = ?1 AND m.status = 'posted'"
		    " ORDER BY (?2 = 'thread' AND lower(m.author) <>"
		    " lower(r.author)) DESC, (SELECT count(*) FROM messages c"
		    " WHERE c.parent_id = m.id AND c.status = 'posted') DESC,"
		    " m.id LIMIT 1",
		    SQ_INT(it->thread_id), SQ_TEXT(it->section),
		    SQ_OUT_DUP(&it->excerpt), SQ_OUT_DUP(&it->excerpt_by));
	if (rc != 0) {
		it->excerpt = xstrdup("");
		it->excerpt_by = xstrdup("");
	}
	return rc == E_NOTFOUND ? 0 : rc;
}

/* item_people - the names of the people of an item's thread. */
static int
item_people(struct store *st, struct digest_item *it)
{
	struct buf b = BUF_INIT(64 * 1024);
	sqlite3_stmt *s;
	int rc;

	rc = store_stmt(st, &s,
	    "SELECT coalesce(nullif(max(author_name), ''), min(author))"
	    " FROM messages WHERE thread_id = ?1 AND status = 'posted'"
	    " GROUP BY lower(author) ORDER BY min(id)",
	    SQ_INT(it->thread_id));
	if (rc != 0)
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		buf_addf(&b, "%s%s", b.len > 0 ? "\n" : "",
		    sqlite3_column_text(s, 0));
	it->people = xstrdup(buf_cstr(&b));
	buf_release(&b);
	return store_end(st, s, rc, "digest people");
}

int
store_digest_items(struct store *st, long long digest_id, bool with_dropped,
    struct digest_item **out, size_t *n)
{
	void *p;
	size_t i;
	int rc;

	rc = store_select(st, "digest items", &item_kind, &p, n,
	    "SELECT i.id, i.number, coalesce(i.thread_id, 0),"
	    " coalesce(i.member_id, 0), i.upto, i.section, i.pinned, i.dropped,"
	    " i.title IS NOT NULL, i.position, i.score,"
	    " CASE WHEN i.title IS NOT NULL THEN i.title"
	    "  WHEN i.section = 'joined' THEN coalesce(nullif(b.name, ''),"
	    "  b.email) ELSE th.subject END,"
	    " (SELECT count(*) - 1 FROM messages m WHERE m.thread_id ="
	    "  i.thread_id AND m.status = 'posted')"
	    " FROM digest_items i LEFT JOIN threads th ON th.id = i.thread_id"
	    " LEFT JOIN members b ON b.id = i.member_id"
	    " WHERE i.digest_id = ?1 AND (?2 OR i.dropped = 0)"
	    " ORDER BY CASE i.section WHEN 'thread' THEN 0 WHEN 'question'"
	    " THEN 1 ELSE 2 END, i.dropped, i.pinned DESC, i.position, i.number",
	    SQ_INT(digest_id), SQ_INT(with_dropped));
	*out = p;
	for (i = 0; rc == 0 && i < *n; i++) {
		rc = item_excerpt(st, &(*out)[i]);
		if (rc == 0)
			rc = item_people(st, &(*out)[i]);
	}
	if (rc != 0) {
		digest_items_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

int
store_digest_item_set(struct store *st, const struct digest_item *it)
{
	return store_q(st, "digest item set",
	    "UPDATE digest_items SET pinned = ?2, dropped = ?3, position = ?4,"
	    " title = ?5 WHERE id = ?1",
	    SQ_INT(it->id), SQ_INT(it->pinned), SQ_INT(it->dropped),
	    SQ_REAL(it->position), SQ_TEXT(it->titled ? it->title : NULL));
}

int
store_digest_thread_ok(
    struct store *st, long long list_id, long long thread_id, long long *upto)
{
	long long last = 0;
	int rc;

	rc = store_q(st, "digest thread",
	    "SELECT coalesce(max(m.id), 0) FROM threads th JOIN messages m"
	    " ON m.thread_id = th.id AND m.status = 'posted'"
	    " WHERE th.id = ?1 AND th.list_id = ?2",
	    SQ_INT(thread_id), SQ_INT(list_id), SQ_OUT_I64(&last));
	if (rc == 0 && last == 0)
		rc = E_NOTFOUND;
	if (rc == 0)
		*upto = last;
	return rc;
}

static void
person_read(sqlite3_stmt *s, void *rec)
{
	struct digest_person *p = rec;

	store_cols(s, SQ_OUT_I64(&p->id), SQ_OUT_DUP(&p->email),
	    SQ_OUT_DUP(&p->name), SQ_OUT_BOOL(&p->each));
}

static void
person_drop(void *rec)
{
	struct digest_person *p = rec;

	free(p->email);
	free(p->name);
}

static const struct store_rowkind person_kind = {
    sizeof(struct digest_person), person_read, person_drop};

void
digest_people_free(struct digest_person *p, size_t n)
{
	store_rows_free(p, n, &person_kind);
}

/* people - run s (already bound) into *out. */
static int
people(struct store *st, sqlite3_stmt *s, struct digest_person **out, size_t *n)
{
	void *p;
	int rc;

	rc = store_rows(st, s, "digest people", &person_kind, &p, n);
	*out = p;
	return rc;
}

int
store_digest_moderators(
    struct store *st, long long list_id, struct digest_person **out, size_t *n)
{
	sqlite3_stmt *s;
	int rc;

	*out = NULL;
	*n = 0;
	rc = store_stmt(st, &s,
	    "SELECT b.id, b.email, b.name, m.delivery = 'each' FROM"
	    " memberships m JOIN members b"
	    " ON b.id = m.member_id WHERE m.list_id = ?1 AND m.status ="
	    " 'active' AND m.role IN ('moderator', 'owner') ORDER BY b.id",
	    SQ_INT(list_id));
	return rc != 0 ? rc : people(st, s, out, n);
}

int
store_digest_rcpts_next(struct store *st, long long list_id, long long d,
    size_t limit, struct digest_person **out, size_t *n)
{
	sqlite3_stmt *s;
	int rc;

	*out = NULL;
	*n = 0;
	rc = store_stmt(st, &s,
	    "SELECT b.id, b.email, b.name, m.delivery = 'each' FROM"
	    " memberships m JOIN members b"
	    " ON b.id = m.member_id WHERE m.list_id = ?1 AND m.status ="
	    " 'active' AND m.delivery IN ('each', 'digest')"
	    " AND m.digest_optout = 0 AND NOT EXISTS (SELECT 1 FROM"
	    " digest_rcpts r WHERE r.member_id = b.id AND r.digest_id = ?2)"
	    " ORDER BY b.id LIMIT ?3",
	    SQ_INT(list_id), SQ_INT(d), SQ_INT(limit));
	return rc != 0 ? rc : people(st, s, out, n);
}

int
store_digest_rcpt_done(
    struct store *st, long long d, long long member, int items)
{
	return store_q(st, "digest rcpt",
	    "INSERT INTO digest_rcpts(digest_id, member_id, items)"
	    " VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
	    SQ_INT(d), SQ_INT(member), SQ_INT(items));
}

int
store_digest_seen(struct store *st, long long list_id, long long member,
    long long d, const long long *threads, size_t n, long long *upto)
{
	sqlite3_stmt *s;
	long long t, max;
	size_t i;
	int rc;

	for (i = 0; i < n; i++)
		upto[i] = 0;
	rc = store_stmt(st, &s,
	    "SELECT i.thread_id, max(i.upto) FROM digest_rcpts r"
	    " JOIN digests g ON g.id = r.digest_id AND g.list_id = ?2"
	    " JOIN digest_items i ON i.digest_id = r.digest_id"
	    " WHERE r.member_id = ?1 AND r.items > 0 AND r.digest_id <> ?3"
	    " AND i.dropped = 0 AND i.thread_id IS NOT NULL"
	    " GROUP BY i.thread_id",
	    SQ_INT(member), SQ_INT(list_id), SQ_INT(d));
	if (rc != 0)
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		store_cols(s, SQ_OUT_I64(&t), SQ_OUT_I64(&max));
		for (i = 0; i < n; i++)
			if (threads[i] == t)
				upto[i] = max;
	}
	return store_end(st, s, rc, "digest seen");
}

int
store_digest_optout(struct store *st, long long list_id, long long member_id,
    bool off, bool *changed)
{
	bool was = false;
	int rc;

	rc = store_q(st, "digest optout get",
	    "SELECT digest_optout FROM memberships WHERE list_id = ?1"
	    " AND member_id = ?2",
	    SQ_INT(list_id), SQ_INT(member_id), SQ_OUT_BOOL(&was));
	if (rc == 0 && was != off)
		rc = store_q(st, "digest optout",
		    "UPDATE memberships SET digest_optout = ?3 WHERE list_id = ?1"
		    " AND member_id = ?2",
		    SQ_INT(list_id), SQ_INT(member_id), SQ_INT(off));
	if (changed != NULL)
		*changed = rc == 0 && was != off;
	return rc;
}

void
store_digest_msgid(long long d, long long member, struct buf *out)
{
	buf_addf(out, "stoa.digest.%lld.%lld@%s", d, member, conf_domain);
}

/* digits - parse a decimal id at *p up to stop; advance past stop. */
static bool
digits(const char **p, char stop, long long *out)
{
	long long v = 0;
	const char *s = *p;

	if (*s < '0' || *s > '9')
		return false;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > (0x7fffffffffffffffLL - 9) / 10)
			return false;
		v = v * 10 + (*s - '0');
	}
	if (*s != stop)
		return false;
	*p = s + 1;
	*out = v;
	return true;
}

int
store_digest_is_digest_msgid(struct store *st, const char *msgid, bool *yes)
{
	static const char prefix[] = "stoa.digest.";
	struct buf id = BUF_INIT(1024), key = BUF_INIT(128);
	const char *p;
	long long d, m;
	int rc = 0;

	*yes = false;
	if (msgid == NULL)
		return 0;
	if (*msgid == '<')
		msgid++;
	buf_adds(&id, msgid);
	if (id.len > 0 && id.data[id.len - 1] == '>')
		buf_truncate(&id, id.len - 1);
	p = buf_cstr(&id);
	if (buf_error(&id) != 0 || strncasecmp(p, prefix, sizeof prefix - 1))
		goto out;
	p += sizeof prefix - 1;
	if (!digits(&p, '.', &d) || !digits(&p, '@', &m))
		goto out;
	buf_addf(&key, "digest:%lld:member:%lld", d, m);
	rc = store_q(st, "digest msgid",
	    "SELECT EXISTS (SELECT 1 FROM outbox WHERE dedupe_key = ?1"
	    " AND message_id = ?2 COLLATE NOCASE)",
	    SQ_TEXT(buf_cstr(&key)), SQ_TEXT(buf_cstr(&id)), SQ_OUT_BOOL(yes));
out:
	buf_release(&id);
	buf_release(&key);
	return rc;
}

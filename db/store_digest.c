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

/* col_iso - copy an ISO time column into out[21]. */
static void
col_iso(sqlite3_stmt *s, int i, char out[21])
{
	const unsigned char *t = sqlite3_column_text(s, i);

	snprintf(out, 21, "%s", t != NULL ? (const char *)t : "");
}

void
digest_lists_free(struct digest_list *l, size_t n)
{
	size_t i;

	for (i = 0; l != NULL && i < n; i++)
		list_rec_release(&l[i].list);
	free(l);
}

#define LIST_COLS                                                              \
	"SELECT id, name, title, timezone, moderated, digest_weekday,"         \
	" digest_hour, digest_draft_hours, digest_approval,"                   \
	" digest_quiet_note, digest_max_items FROM lists"

static void
list_row(sqlite3_stmt *s, struct digest_list *d)
{
	memset(d, 0, sizeof *d);
	d->list.id = sqlite3_column_int64(s, 0);
	d->list.name = store_col_dup(s, 1);
	d->list.title = store_col_dup(s, 2);
	d->list.timezone = store_col_dup(s, 3);
	d->list.moderated = sqlite3_column_int(s, 4) != 0;
	d->weekday = sqlite3_column_int(s, 5);
	d->hour = sqlite3_column_int(s, 6);
	d->draft_hours = sqlite3_column_int(s, 7);
	d->approval = sqlite3_column_int(s, 8) != 0;
	d->quiet_note = sqlite3_column_int(s, 9) != 0;
	d->max_items = sqlite3_column_int(s, 10);
}

int
store_digest_lists(struct store *st, struct digest_list **out, size_t *n)
{
	sqlite3_stmt *s;
	size_t cap = 8;
	int rc;

	*out = NULL;
	*n = 0;
	rc = store_prep(st, LIST_COLS " ORDER BY id", &s);
	if (rc != 0)
		return rc;
	*out = xreallocarray(NULL, cap, sizeof **out);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap *= 2;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		list_row(s, &(*out)[(*n)++]);
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return 0;
	digest_lists_free(*out, *n);
	*out = NULL;
	*n = 0;
	return store_err(st, rc, "digest lists");
}

int
store_digest_list(struct store *st, long long list_id, struct digest_list *out)
{
	sqlite3_stmt *s;
	int rc;

	memset(out, 0, sizeof *out);
	rc = store_prep(st, LIST_COLS " WHERE id = ?1", &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, list_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		list_row(s, out);
		rc = 0;
	} else
		rc = rc == SQLITE_DONE ? E_NOGROUP
		                       : store_err(st, rc, "digest list");
	sqlite3_finalize(s);
	return rc;
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
	sqlite3_stmt *s;
	int rc;

	rc = store_prep(st,
	    "SELECT id FROM digests WHERE list_id = ?1 AND send_at = ?2", &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, list_id);
	store_bind_text(s, 2, send_at);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		rc = 0;
	} else
		rc = rc == SQLITE_DONE ? E_NOTFOUND
		                       : store_err(st, rc, "digest find");
	sqlite3_finalize(s);
	return rc;
}

int
store_digest_get(struct store *st, long long id, struct digest_rec *out)
{
	sqlite3_stmt *s;
	int rc;

	memset(out, 0, sizeof *out);
	rc = store_prep(st,
	    "SELECT id, list_id, send_at, period_start, period_end, state,"
	    " approved, note, version, n_posts, n_threads, n_people, n_joined,"
	    " due_at"
	    " FROM digests WHERE id = ?1",
	    &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(s, 0);
		out->list_id = sqlite3_column_int64(s, 1);
		col_iso(s, 2, out->send_at);
		col_iso(s, 3, out->period_start);
		col_iso(s, 4, out->period_end);
		snprintf(out->state, sizeof out->state, "%s",
		    sqlite3_column_text(s, 5));
		out->approved = sqlite3_column_int(s, 6) != 0;
		out->note = store_col_dup(s, 7);
		out->version = sqlite3_column_int64(s, 8);
		out->n_posts = sqlite3_column_int(s, 9);
		out->n_threads = sqlite3_column_int(s, 10);
		out->n_people = sqlite3_column_int(s, 11);
		out->n_joined = sqlite3_column_int(s, 12);
		col_iso(s, 13, out->due_at);
		rc = 0;
	} else
		rc = rc == SQLITE_DONE ? E_NOTFOUND
		                       : store_err(st, rc, "digest get");
	sqlite3_finalize(s);
	return rc;
}

int
store_digest_last_end(
    struct store *st, long long list_id, const char *fallback, char out[21])
{
	sqlite3_stmt *s;
	int rc;

	rc = store_prep(
	    st, "SELECT max(period_end) FROM digests WHERE list_id = ?1", &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, list_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		if (sqlite3_column_type(s, 0) == SQLITE_NULL)
			snprintf(out, 21, "%s", fallback);
		else
			col_iso(s, 0, out);
		rc = 0;
	} else
		rc = store_err(st, rc, "digest last");
	sqlite3_finalize(s);
	return rc;
}

int
store_digest_create(struct store *st, const struct digest_rec *d, long long *id)
{
	sqlite3_stmt *s;
	char now[21];
	int rc;

	rc = store_prep(st,
	    "INSERT INTO digests(list_id, send_at, due_at, period_start,"
	    " period_end, note, created, n_posts, n_threads, n_people, n_joined)"
	    " SELECT ?1, ?2, ?2, ?3, ?4, ?5, ?6, count(*), count(DISTINCT"
	    " thread_id), count(DISTINCT lower(author)),"
	    " (SELECT count(*) FROM memberships WHERE list_id = ?1"
	    "  AND status = 'active' AND joined >= ?3 AND joined < ?4)"
	    " FROM messages WHERE list_id = ?1 AND status = 'posted'"
	    " AND date >= ?3 AND date < ?4",
	    &s);
	if (rc != 0)
		return rc;
	store_now(now);
	sqlite3_bind_int64(s, 1, d->list_id);
	store_bind_text(s, 2, d->send_at);
	store_bind_text(s, 3, d->period_start);
	store_bind_text(s, 4, d->period_end);
	store_bind_text(s, 5, d->note != NULL ? d->note : "");
	store_bind_text(s, 6, now);
	rc = store_step_done(st, s, "digest create");
	if (rc == 0)
		*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

int
store_digest_due(struct store *st, long long list_id, bool approval,
    const char *now, long long **out, size_t *n)
{
	sqlite3_stmt *s;
	size_t cap = 4;
	int rc;

	*out = xreallocarray(NULL, cap, sizeof **out);
	*n = 0;
	rc = store_prep(st,
	    "SELECT id FROM digests WHERE list_id = ?1 AND state IN ('draft',"
	    " 'sending') AND due_at <= ?2 AND (approved = 1 OR ?3 = 0"
	    " OR state = 'sending') ORDER BY due_at",
	    &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, list_id);
	store_bind_text(s, 2, now);
	sqlite3_bind_int(s, 3, approval ? 1 : 0);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap *= 2;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		(*out)[(*n)++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_err(st, rc, "digest due");
}

int
store_digest_lapse(struct store *st, long long list_id, const char *before)
{
	sqlite3_stmt *s;
	int rc;

	rc = store_prep(st,
	    "UPDATE digests SET state = 'lapsed' WHERE list_id = ?1"
	    " AND state = 'draft' AND send_at < ?2",
	    &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, list_id);
	store_bind_text(s, 2, before);
	return store_step_done(st, s, "digest lapse");
}

int
store_digest_set(struct store *st, const struct digest_rec *d)
{
	sqlite3_stmt *s;
	char now[21];
	int rc;

	rc = store_prep(st,
	    "UPDATE digests SET state = ?2, approved = ?3, note = ?4,"
	    " due_at = ?5, version = version + 1,"
	    " sent_at = CASE WHEN ?2 = 'sent' THEN ?6 ELSE sent_at END"
	    " WHERE id = ?1",
	    &s);
	if (rc != 0)
		return rc;
	store_now(now);
	sqlite3_bind_int64(s, 1, d->id);
	store_bind_text(s, 2, d->state);
	sqlite3_bind_int(s, 3, d->approved ? 1 : 0);
	store_bind_text(s, 4, d->note != NULL ? d->note : "");
	store_bind_text(s, 5, d->due_at);
	store_bind_text(s, 6, now);
	return store_step_done(st, s, "digest set");
}

int
store_digest_candidates(struct store *st, long long list_id, const char *start,
    const char *end, const char *qsince, struct digest_cand **out, size_t *n)
{
	sqlite3_stmt *s;
	size_t cap = 16;
	int rc;

	*out = xreallocarray(NULL, cap, sizeof **out);
	*n = 0;
	rc = store_prep(st,
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
	    &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, list_id);
	store_bind_text(s, 2, start);
	store_bind_text(s, 3, end);
	store_bind_text(s, 4, qsince);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct digest_cand *c;

		if (*n == cap) {
			cap *= 2;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		c = &(*out)[(*n)++];
		memset(c, 0, sizeof *c);
		c->thread_id = sqlite3_column_int64(s, 0);
		c->upto = sqlite3_column_int64(s, 1);
		c->in_period = sqlite3_column_int(s, 2);
		c->replies = sqlite3_column_int(s, 3);
		c->participants = sqlite3_column_int(s, 4);
		c->question = sqlite3_column_int(s, 5) != 0;
		c->answered = sqlite3_column_int(s, 6) != 0;
		c->active = c->in_period > 0;
		col_iso(s, 7, c->last);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_err(st, rc, "digest candidates");
}

int
store_digest_joined(struct store *st, long long list_id, const char *start,
    const char *end, long long **out, size_t *n)
{
	sqlite3_stmt *s;
	size_t cap = 8;
	int rc;

	*out = xreallocarray(NULL, cap, sizeof **out);
	*n = 0;
	rc = store_prep(st,
	    "SELECT member_id FROM memberships WHERE list_id = ?1"
	    " AND status = 'active' AND joined >= ?2 AND joined < ?3"
	    " ORDER BY joined, member_id",
	    &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, list_id);
	store_bind_text(s, 2, start);
	store_bind_text(s, 3, end);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap *= 2;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		(*out)[(*n)++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_err(st, rc, "digest joined");
}

void
digest_items_free(struct digest_item *it, size_t n)
{
	size_t i;

	for (i = 0; it != NULL && i < n; i++) {
		free(it[i].title);
		free(it[i].people);
		free(it[i].excerpt);
		free(it[i].excerpt_by);
	}
	free(it);
}

int
store_digest_item_add(
    struct store *st, long long digest_id, const struct digest_item *it)
{
	sqlite3_stmt *s;
	int rc;

	rc = store_prep(st,
	    "INSERT INTO digest_items(digest_id, number, section, thread_id,"
	    " member_id, position, pinned, dropped, title, score, upto)"
	    " VALUES (?1, ?2, ?3, nullif(?4, 0), nullif(?5, 0), ?6, ?7, ?8,"
	    " ?9, ?10, ?11)",
	    &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, digest_id);
	sqlite3_bind_int64(s, 2, it->number);
	store_bind_text(s, 3, it->section);
	sqlite3_bind_int64(s, 4, it->thread_id);
	sqlite3_bind_int64(s, 5, it->member_id);
	sqlite3_bind_double(s, 6, it->position);
	sqlite3_bind_int(s, 7, it->pinned ? 1 : 0);
	sqlite3_bind_int(s, 8, it->dropped ? 1 : 0);
	store_bind_text(s, 9, it->titled ? it->title : NULL);
	sqlite3_bind_double(s, 10, it->score);
	sqlite3_bind_int64(s, 11, it->upto);
	return store_step_done(st, s, "digest item add");
}

/*
 * item_detail - the people of an item's thread, and its excerpt: for a
 * thread the best answer (the reply by someone other than the starter
 * that drew the most replies itself, the earliest on a tie), else the
 * first post; for a question the question; for a new member their first
 * post in the list (the introduction), if any.
 */
static int
item_detail(struct store *st, struct digest_item *it)
{
	struct buf b = BUF_INIT(64 * 1024);
	sqlite3_stmt *s;
	int rc;

	if (strcmp(it->section, "joined") == 0) {
		rc = store_prep(st,
		    "SELECT m.text, coalesce(nullif(b.name, ''), b.email)"
		    " FROM messages m JOIN digest_items i ON i.id = ?1"
		    " JOIN digests d ON d.id = i.digest_id"
		    " JOIN members b ON b.id = i.member_id"
		    " WHERE m.author_id = i.member_id AND m.list_id = d.list_id"
		    " AND m.status = 'posted' ORDER BY m.id LIMIT 1",
		    &s);
	} else {
		rc = store_prep(st,
		    "SELECT m.text, coalesce(nullif(m.author_name, ''),"
		    " m.author) FROM messages m JOIN threads th"
		    " ON th.id = m.thread_id JOIN messages r ON r.id = th.root_id"
		    " WHERE m.thread_id = ?2 AND m.status = 'posted'"
		    " ORDER BY (?3 = 'thread' AND lower(m.author) <>"
		    " lower(r.author)) DESC, (SELECT count(*) FROM messages c"
		    " WHERE c.parent_id = m.id AND c.status = 'posted') DESC,"
		    " m.id LIMIT 1",
		    &s);
	}
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, it->id);
	sqlite3_bind_int64(s, 2, it->thread_id);
	store_bind_text(s, 3, it->section);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		it->excerpt = store_col_dup(s, 0);
		it->excerpt_by = store_col_dup(s, 1);
		rc = SQLITE_DONE;
	} else {
		it->excerpt = xstrdup("");
		it->excerpt_by = xstrdup("");
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_err(st, rc, "digest excerpt");
	rc = store_prep(st,
	    "SELECT coalesce(nullif(max(author_name), ''), min(author))"
	    " FROM messages WHERE thread_id = ?1 AND status = 'posted'"
	    " GROUP BY lower(author) ORDER BY min(id)",
	    &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, it->thread_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		buf_addf(&b, "%s%s", b.len > 0 ? "\n" : "",
		    sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	it->people = xstrdup(buf_cstr(&b));
	buf_release(&b);
	return rc == SQLITE_DONE ? 0 : store_err(st, rc, "digest people");
}

int
store_digest_items(struct store *st, long long digest_id, bool with_dropped,
    struct digest_item **out, size_t *n)
{
	sqlite3_stmt *s;
	size_t cap = 16, i;
	int rc;

	*out = xreallocarray(NULL, cap, sizeof **out);
	*n = 0;
	rc = store_prep(st,
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
	    &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, digest_id);
	sqlite3_bind_int(s, 2, with_dropped ? 1 : 0);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct digest_item *it;

		if (*n == cap) {
			cap *= 2;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		it = &(*out)[(*n)++];
		memset(it, 0, sizeof *it);
		it->id = sqlite3_column_int64(s, 0);
		it->number = sqlite3_column_int64(s, 1);
		it->thread_id = sqlite3_column_int64(s, 2);
		it->member_id = sqlite3_column_int64(s, 3);
		it->upto = sqlite3_column_int64(s, 4);
		snprintf(it->section, sizeof it->section, "%s",
		    sqlite3_column_text(s, 5));
		it->pinned = sqlite3_column_int(s, 6) != 0;
		it->dropped = sqlite3_column_int(s, 7) != 0;
		it->titled = sqlite3_column_int(s, 8) != 0;
		it->position = sqlite3_column_double(s, 9);
		it->score = sqlite3_column_double(s, 10);
		it->title = store_col_dup(s, 11);
		it->replies = sqlite3_column_int(s, 12);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		rc = store_err(st, rc, "digest items");
	else
		rc = 0;
	for (i = 0; rc == 0 && i < *n; i++)
		rc = item_detail(st, &(*out)[i]);
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
	sqlite3_stmt *s;
	int rc;

	rc = store_prep(st,
	    "UPDATE digest_items SET pinned = ?2, dropped = ?3, position = ?4,"
	    " title = ?5 WHERE id = ?1",
	    &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, it->id);
	sqlite3_bind_int(s, 2, it->pinned ? 1 : 0);
	sqlite3_bind_int(s, 3, it->dropped ? 1 : 0);
	sqlite3_bind_double(s, 4, it->position);
	store_bind_text(s, 5, it->titled ? it->title : NULL);
	return store_step_done(st, s, "digest item set");
}

int
store_digest_thread_ok(
    struct store *st, long long list_id, long long thread_id, long long *upto)
{
	sqlite3_stmt *s;
	int rc;

	rc = store_prep(st,
	    "SELECT max(m.id) FROM threads th JOIN messages m"
	    " ON m.thread_id = th.id AND m.status = 'posted'"
	    " WHERE th.id = ?1 AND th.list_id = ?2",
	    &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, thread_id);
	sqlite3_bind_int64(s, 2, list_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL) {
		*upto = sqlite3_column_int64(s, 0);
		rc = 0;
	} else
		rc = rc == SQLITE_ROW || rc == SQLITE_DONE
		    ? E_NOTFOUND
		    : store_err(st, rc, "digest thread");
	sqlite3_finalize(s);
	return rc;
}

void
digest_people_free(struct digest_person *p, size_t n)
{
	size_t i;

	for (i = 0; p != NULL && i < n; i++) {
		free(p[i].email);
		free(p[i].name);
	}
	free(p);
}

/* people - run s (already bound) into *out. */
static int
people(struct store *st, sqlite3_stmt *s, struct digest_person **out, size_t *n)
{
	size_t cap = 16;
	int rc;

	*out = xreallocarray(NULL, cap, sizeof **out);
	*n = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct digest_person *p;

		if (*n == cap) {
			cap *= 2;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		p = &(*out)[(*n)++];
		p->id = sqlite3_column_int64(s, 0);
		p->email = store_col_dup(s, 1);
		p->name = store_col_dup(s, 2);
		p->each = sqlite3_column_int(s, 3) != 0;
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return 0;
	digest_people_free(*out, *n);
	*out = NULL;
	*n = 0;
	return store_err(st, rc, "digest people");
}

int
store_digest_moderators(
    struct store *st, long long list_id, struct digest_person **out, size_t *n)
{
	sqlite3_stmt *s;
	int rc;

	*out = NULL;
	*n = 0;
	rc = store_prep(st,
	    "SELECT b.id, b.email, b.name, m.delivery = 'each' FROM"
	    " memberships m JOIN members b"
	    " ON b.id = m.member_id WHERE m.list_id = ?1 AND m.status ="
	    " 'active' AND m.role IN ('moderator', 'owner') ORDER BY b.id",
	    &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, list_id);
	return people(st, s, out, n);
}

int
store_digest_rcpts_next(struct store *st, long long list_id, long long d,
    size_t limit, struct digest_person **out, size_t *n)
{
	sqlite3_stmt *s;
	int rc;

	*out = NULL;
	*n = 0;
	rc = store_prep(st,
	    "SELECT b.id, b.email, b.name, m.delivery = 'each' FROM"
	    " memberships m JOIN members b"
	    " ON b.id = m.member_id WHERE m.list_id = ?1 AND m.status ="
	    " 'active' AND m.delivery IN ('each', 'digest')"
	    " AND m.digest_optout = 0 AND NOT EXISTS (SELECT 1 FROM"
	    " digest_rcpts r WHERE r.member_id = b.id AND r.digest_id = ?2)"
	    " ORDER BY b.id LIMIT ?3",
	    &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, list_id);
	sqlite3_bind_int64(s, 2, d);
	sqlite3_bind_int64(s, 3, (long long)limit);
	return people(st, s, out, n);
}

int
store_digest_rcpt_done(
    struct store *st, long long d, long long member, int items)
{
	sqlite3_stmt *s;
	int rc;

	rc = store_prep(st,
	    "INSERT INTO digest_rcpts(digest_id, member_id, items)"
	    " VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
	    &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, d);
	sqlite3_bind_int64(s, 2, member);
	sqlite3_bind_int(s, 3, items);
	return store_step_done(st, s, "digest rcpt");
}

int
store_digest_seen(struct store *st, long long list_id, long long member,
    long long d, const long long *threads, size_t n, long long *upto)
{
	sqlite3_stmt *s;
	size_t i;
	int rc;

	for (i = 0; i < n; i++)
		upto[i] = 0;
	rc = store_prep(st,
	    "SELECT i.thread_id, max(i.upto) FROM digest_rcpts r"
	    " JOIN digests g ON g.id = r.digest_id AND g.list_id = ?2"
	    " JOIN digest_items i ON i.digest_id = r.digest_id"
	    " WHERE r.member_id = ?1 AND r.items > 0 AND r.digest_id <> ?3"
	    " AND i.dropped = 0 AND i.thread_id IS NOT NULL"
	    " GROUP BY i.thread_id",
	    &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, member);
	sqlite3_bind_int64(s, 2, list_id);
	sqlite3_bind_int64(s, 3, d);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		long long t = sqlite3_column_int64(s, 0);

		for (i = 0; i < n; i++)
			if (threads[i] == t)
				upto[i] = sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_err(st, rc, "digest seen");
}

int
store_digest_optout(
    struct store *st, long long list_id, long long member_id, bool off)
{
	sqlite3_stmt *s;
	int rc;

	rc = store_prep(st,
	    "UPDATE memberships SET digest_optout = ?3 WHERE list_id = ?1"
	    " AND member_id = ?2",
	    &s);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s, 1, list_id);
	sqlite3_bind_int64(s, 2, member_id);
	sqlite3_bind_int(s, 3, off ? 1 : 0);
	rc = store_step_done(st, s, "digest optout");
	if (rc == 0 && sqlite3_changes(st->db) == 0)
		rc = E_NOTFOUND;
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
	sqlite3_stmt *s;
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
	rc = store_prep(st,
	    "SELECT 1 FROM outbox WHERE dedupe_key = ?1 AND message_id = ?2"
	    " COLLATE NOCASE",
	    &s);
	if (rc != 0)
		goto out;
	store_bind_text(s, 1, buf_cstr(&key));
	store_bind_text(s, 2, buf_cstr(&id));
	rc = sqlite3_step(s);
	*yes = rc == SQLITE_ROW;
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE
	    ? 0
	    : store_err(st, rc, "digest msgid");
	sqlite3_finalize(s);
out:
	buf_release(&id);
	buf_release(&key);
	return rc;
}

/*
 * store_wiki.c - wiki pages, revisions and watches (see store_wiki.h).
 * A page's head points at its current live revision; revision numbers
 * are dense per page (1, 2, ...), given when a revision goes live.
 */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "store_priv.h"
#include "store_wiki.h"
#include "xmalloc.h"

void
wiki_page_release(struct wiki_page *p)
{
	if (p == NULL)
		return;
	free(p->slug);
	free(p->title);
	free(p->text);
	free(p->updated);
	free(p->list_name);
	memset(p, 0, sizeof *p);
}

static void
page_drop(void *rec)
{
	wiki_page_release(rec);
}

void
wiki_rev_release(struct wiki_rev *r)
{
	if (r == NULL)
		return;
	free(r->author);
	free(r->author_name);
	free(r->mode);
	free(r->text);
	free(r->status);
	free(r->created);
	memset(r, 0, sizeof *r);
}

static void
rev_drop(void *rec)
{
	wiki_rev_release(rec);
}

static void
due_read(sqlite3_stmt *s, void *rec)
{
	struct wiki_due *d = rec;

	store_cols(s, SQ_OUT_I64(&d->page_id), SQ_OUT_I64(&d->member_id),
	    SQ_OUT_I64(&d->list_id), SQ_OUT_INT(&d->seen), SQ_OUT_INT(&d->head),
	    SQ_OUT_DUP(&d->email), SQ_OUT_DUP(&d->name));
}

static void
due_drop(void *rec)
{
	struct wiki_due *d = rec;

	free(d->email);
	free(d->name);
}

static const struct store_rowkind due_kind = {
    sizeof(struct wiki_due), due_read, due_drop};

void
wiki_dues_free(struct wiki_due *d, size_t n)
{
	store_rows_free(d, n, &due_kind);
}

#define PAGE_COLS                                                                \
	"SELECT p.id, p.list_id, p.slug, p.title, coalesce(p.head, 0),"          \
	" coalesce(r.number, 0), coalesce(r.text, ''), coalesce(r.created, '')," \
	" l.name FROM wiki_pages p JOIN lists l ON l.id = p.list_id"             \
	" LEFT JOIN wiki_revisions r ON r.id = p.head"

static void
page_row(sqlite3_stmt *s, struct wiki_page *p, bool with_text)
{
	memset(p, 0, sizeof *p);
	p->id = sqlite3_column_int64(s, 0);
	p->list_id = sqlite3_column_int64(s, 1);
	p->slug = store_col_dup(s, 2);
	p->title = store_col_dup(s, 3);
	p->head = sqlite3_column_int64(s, 4);
	p->number = sqlite3_column_int(s, 5);
	p->text = with_text ? store_col_dup(s, 6) : xstrdup("");
	p->updated = store_col_dup(s, 7);
	p->list_name = store_col_dup(s, 8);
}

static void
page_read(sqlite3_stmt *s, void *rec)
{
	page_row(s, rec, true);
}

static void
page_read_short(sqlite3_stmt *s, void *rec)
{
	page_row(s, rec, false);
}

static const struct store_rowkind page_kind = {
    sizeof(struct wiki_page), page_read, page_drop};
static const struct store_rowkind page_short_kind = {
    sizeof(struct wiki_page), page_read_short, page_drop};

void
wiki_pages_free(struct wiki_page *p, size_t n)
{
	store_rows_free(p, n, &page_kind);
}

/* one_page - step s once into out; E_NOTFOUND when no row. */
static int
one_page(struct store *st, sqlite3_stmt *s, struct wiki_page *out)
{
	int rc = sqlite3_step(s);

	memset(out, 0, sizeof *out);
	if (rc == SQLITE_ROW) {
		page_row(s, out, true);
		rc = 0;
	} else
		rc = rc == SQLITE_DONE ? E_NOTFOUND
		                       : store_err(st, rc, "wiki page");
	sqlite3_finalize(s);
	return rc;
}

int
store_wiki_page_get(struct store *st, long long list_id, const char *slug,
    struct wiki_page *out)
{
	sqlite3_stmt *s;
	int rc;

	memset(out, 0, sizeof *out);
	rc = store_stmt(st, &s,
	    PAGE_COLS " WHERE p.list_id = ?1 AND p.slug = ?2", SQ_INT(list_id),
	    SQ_TEXT(slug));
	return rc != 0 ? rc : one_page(st, s, out);
}

int
store_wiki_page_get_id(
    struct store *st, long long page_id, struct wiki_page *out)
{
	sqlite3_stmt *s;
	int rc;

	memset(out, 0, sizeof *out);
	rc = store_stmt(st, &s, PAGE_COLS " WHERE p.id = ?1", SQ_INT(page_id));
	return rc != 0 ? rc : one_page(st, s, out);
}

int
store_wiki_page_create(struct store *st, long long list_id, const char *slug,
    const char *title, long long *id)
{
	char now[21];

	store_now(now);
	return store_q(st, "wiki page create",
	    "INSERT INTO wiki_pages(list_id, slug, title, created)"
	    " VALUES (?1, ?2, ?3, ?4) RETURNING id",
	    SQ_INT(list_id), SQ_TEXT(slug), SQ_TEXT(title), SQ_TEXT(now),
	    SQ_OUT_I64(id));
}

int
store_wiki_pages(struct store *st, long long list_id, bool with_text,
    struct wiki_page **out, size_t *n)
{
	void *p;
	int rc;

	rc = store_select(st, "wiki pages",
	    with_text ? &page_kind : &page_short_kind, &p, n,
	    PAGE_COLS " WHERE ?1 = 0 OR p.list_id = ?1 ORDER BY l.name, p.slug",
	    SQ_INT(list_id));
	*out = p;
	return rc;
}

/* next_number - the number the next live revision of page gets. */
static int
next_number(struct store *st, long long page_id, int *number)
{
	return store_q(st, "wiki next number",
	    "SELECT coalesce(max(number), 0) + 1 FROM wiki_revisions"
	    " WHERE page_id = ?1",
	    SQ_INT(page_id), SQ_OUT_INT(number));
}

/* set_head - page's head is revision id. */
static int
set_head(struct store *st, long long page_id, long long id)
{
	return store_q(st, "wiki head",
	    "UPDATE wiki_pages SET head = ?2 WHERE id = ?1", SQ_INT(page_id),
	    SQ_INT(id));
}

int
store_wiki_rev_add(
    struct store *st, const struct wiki_rev_in *r, long long *id, int *number)
{
	char now[21];
	int rc;

	*number = 0;
	if (!r->pending) {
		rc = next_number(st, r->page_id, number);
		if (rc != 0)
			return rc;
	}
	store_now(now);
	rc = store_q(st, "wiki revision add",
	    "INSERT INTO wiki_revisions(page_id, number, base, author_id,"
	    " author, mode, text, status, created)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
	    SQ_INT(r->page_id), SQ_ID(*number), SQ_INT(r->base),
	    SQ_ID(r->author_id), SQ_TEXT(r->author), SQ_TEXT(r->mode),
	    SQ_TEXT(r->text), SQ_TEXT(r->pending ? "pending" : "live"),
	    SQ_TEXT(now), SQ_OUT_I64(id));
	if (rc == 0 && !r->pending)
		rc = set_head(st, r->page_id, *id);
	return rc;
}

int
store_wiki_rev_confirm(struct store *st, long long id, int *number)
{
	struct wiki_rev r;
	int rc;

	rc = store_wiki_rev_get(st, id, &r);
	if (rc == 0 && strcmp(r.status, "pending") != 0)
		rc = E_NOTFOUND;
	if (rc == 0)
		rc = next_number(st, r.page_id, number);
	if (rc == 0)
		rc = store_q(st, "wiki confirm",
		    "UPDATE wiki_revisions SET status = 'live', number = ?2"
		    " WHERE id = ?1 AND status = 'pending'",
		    SQ_INT(id), SQ_INT(*number));
	if (rc == 0)
		rc = set_head(st, r.page_id, id);
	wiki_rev_release(&r);
	return rc;
}

#define REV_COLS                                                               \
	"SELECT r.id, r.page_id, coalesce(r.author_id, 0),"                    \
	" coalesce(r.number, 0), r.base, r.author, coalesce(m.name, ''),"      \
	" r.mode, r.text, r.status, r.created FROM wiki_revisions r"           \
	" LEFT JOIN members m ON m.id = r.author_id"

static void
rev_row(sqlite3_stmt *s, struct wiki_rev *r, bool with_text)
{
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(s, 0);
	r->page_id = sqlite3_column_int64(s, 1);
	r->author_id = sqlite3_column_int64(s, 2);
	r->number = sqlite3_column_int(s, 3);
	r->base = sqlite3_column_int(s, 4);
	r->author = store_col_dup(s, 5);
	r->author_name = store_col_dup(s, 6);
	r->mode = store_col_dup(s, 7);
	r->text = with_text ? store_col_dup(s, 8) : xstrdup("");
	r->status = store_col_dup(s, 9);
	r->created = store_col_dup(s, 10);
}

static void
rev_read(sqlite3_stmt *s, void *rec)
{
	rev_row(s, rec, true);
}

static void
rev_read_short(sqlite3_stmt *s, void *rec)
{
	rev_row(s, rec, false);
}

static const struct store_rowkind rev_kind = {
    sizeof(struct wiki_rev), rev_read, rev_drop};
static const struct store_rowkind rev_short_kind = {
    sizeof(struct wiki_rev), rev_read_short, rev_drop};

void
wiki_revs_free(struct wiki_rev *r, size_t n)
{
	store_rows_free(r, n, &rev_kind);
}

static int
one_rev(struct store *st, sqlite3_stmt *s, struct wiki_rev *out)
{
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW) {
		rev_row(s, out, true);
		rc = 0;
	} else {
		memset(out, 0, sizeof *out);
		rc = rc == SQLITE_DONE ? E_NOTFOUND
		                       : store_err(st, rc, "wiki revision");
	}
	sqlite3_finalize(s);
	return rc;
}

int
store_wiki_rev_get(struct store *st, long long id, struct wiki_rev *out)
{
	sqlite3_stmt *s;
	int rc;

	memset(out, 0, sizeof *out);
	rc = store_stmt(st, &s, REV_COLS " WHERE r.id = ?1", SQ_INT(id));
	return rc != 0 ? rc : one_rev(st, s, out);
}

int
store_wiki_rev_number(
    struct store *st, long long page_id, int number, struct wiki_rev *out)
{
	sqlite3_stmt *s;
	int rc;

	memset(out, 0, sizeof *out);
	rc = store_stmt(st, &s,
	    REV_COLS " WHERE r.page_id = ?1 AND r.number = ?2"
	             " AND r.status = 'live'",
	    SQ_INT(page_id), SQ_INT(number));
	return rc != 0 ? rc : one_rev(st, s, out);
}

int
store_wiki_history(struct store *st, long long page_id, size_t max,
    bool with_text, struct wiki_rev **out, size_t *n)
{
	void *p;
	int rc;

	rc = store_select(st, "wiki history",
	    with_text ? &rev_kind : &rev_short_kind, &p, n,
	    REV_COLS " WHERE r.page_id = ?1 AND r.status = 'live'"
	             " ORDER BY r.number DESC LIMIT ?2",
	    SQ_INT(page_id), SQ_INT(max > 0 ? (long long)max : -1));
	*out = p;
	return rc;
}

int
store_wiki_watch(
    struct store *st, long long page_id, long long member_id, int seen)
{
	return store_q(st, "wiki watch",
	    "INSERT OR IGNORE INTO wiki_watches(page_id, member_id, seen)"
	    " VALUES (?1, ?2, ?3)",
	    SQ_INT(page_id), SQ_INT(member_id), SQ_INT(seen));
}

int
store_wiki_unwatch(struct store *st, long long page_id, long long member_id)
{
	int rc;

	rc = store_q(st, "wiki unwatch",
	    "DELETE FROM wiki_watches WHERE page_id = ?1 AND member_id = ?2",
	    SQ_INT(page_id), SQ_INT(member_id));
	if (rc == 0 && sqlite3_changes(st->db) == 0)
		rc = E_NOTFOUND;
	return rc;
}

int
store_wiki_due(struct store *st, const char *before, size_t max,
    struct wiki_due **out, size_t *n)
{
	void *p;
	int rc;

	rc = store_select(st, "wiki due", &due_kind, &p, n,
	    "SELECT w.page_id, w.member_id, p.list_id, w.seen, r.number,"
	    " b.email, b.name FROM wiki_watches w"
	    " JOIN wiki_pages p ON p.id = w.page_id"
	    " JOIN wiki_revisions r ON r.id = p.head"
	    " JOIN members b ON b.id = w.member_id"
	    " JOIN memberships m ON m.member_id = w.member_id"
	    "  AND m.list_id = p.list_id AND m.status = 'active'"
	    " WHERE r.number > w.seen"
	    " AND (w.notified IS NULL OR w.notified <= ?1)"
	    " ORDER BY w.page_id, w.member_id LIMIT ?2",
	    SQ_TEXT(before), SQ_INT(max));
	*out = p;
	return rc;
}

int
store_wiki_others(struct store *st, long long page_id, int after, int upto,
    long long member_id, int *count)
{
	return store_q(st, "wiki others",
	    "SELECT count(*) FROM wiki_revisions WHERE page_id = ?1"
	    " AND status = 'live' AND number > ?2 AND number <= ?3"
	    " AND coalesce(author_id, 0) != ?4",
	    SQ_INT(page_id), SQ_INT(after), SQ_INT(upto), SQ_INT(member_id),
	    SQ_OUT_INT(count));
}

int
store_wiki_seen(struct store *st, long long page_id, long long member_id,
    int number, const char *at)
{
	return store_q(st, "wiki seen",
	    "UPDATE wiki_watches SET seen = max(seen, ?3),"
	    " notified = coalesce(?4, notified)"
	    " WHERE page_id = ?1 AND member_id = ?2",
	    SQ_INT(page_id), SQ_INT(member_id), SQ_INT(number), SQ_TEXT(at));
}

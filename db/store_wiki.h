/*
 * store_wiki.h - wiki pages, revisions and watches (db/store_wiki.c,
 * schema db/0008-wiki.sql, docs/wiki.md).
 *
 * Writes run inside the caller's transaction.  Strings in the records
 * are owned copies; release with the matching _release/_free.
 */
#ifndef STOA_STORE_WIKI_H
#define STOA_STORE_WIKI_H

#include <stddef.h>

#include "store.h"

struct wiki_page {
	long long id, list_id;
	char *slug, *title;
	long long head;  /* current revision id, 0 before the first */
	int number;      /* its number, 0 before the first */
	char *text;      /* the current text, "" before the first */
	char *updated;   /* when the current revision was made, or "" */
	char *list_name; /* set by store_wiki_pages_all() only */
};
void wiki_page_release(struct wiki_page *p);
void wiki_pages_free(struct wiki_page *p, size_t n);

struct wiki_rev {
	long long id, page_id, author_id;
	int number; /* 0 while pending */
	int base;
	char *author, *author_name, *mode, *text, *status, *created;
};
void wiki_rev_release(struct wiki_rev *r);
void wiki_revs_free(struct wiki_rev *r, size_t n);

/* store_wiki_page_get - page slug of list; E_NOTFOUND. */
int store_wiki_page_get(struct store *st, long long list_id, const char *slug,
    struct wiki_page *out);
/* store_wiki_page_get_id - the same by id. */
int store_wiki_page_get_id(
    struct store *st, long long page_id, struct wiki_page *out);
/* store_wiki_page_create - a page without revisions; *id. */
int store_wiki_page_create(struct store *st, long long list_id,
    const char *slug, const char *title, long long *id);
/*
 * store_wiki_pages - every page of list (list_id 0: of all lists, with
 * list_name set), by list then slug, with the current text when
 * with_text, into *out (*n records; free with wiki_pages_free()).
 */
int store_wiki_pages(struct store *st, long long list_id, bool with_text,
    struct wiki_page **out, size_t *n);

/* A revision to add. */
struct wiki_rev_in {
	long long page_id, author_id; /* author_id 0: not a member */
	const char *author;
	const char *mode;
	const char *text;
	int base;
	bool pending; /* a conflict waiting for confirmation */
};
/*
 * store_wiki_rev_add - insert a revision.  A live one gets the next
 * number and becomes the page's head; *id and *number (0 when pending).
 */
int store_wiki_rev_add(
    struct store *st, const struct wiki_rev_in *r, long long *id, int *number);
/*
 * store_wiki_rev_confirm - make pending revision id live (next number,
 * head); E_NOTFOUND when it is not pending any more.
 */
int store_wiki_rev_confirm(struct store *st, long long id, int *number);
/* store_wiki_rev_get - revision by id; E_NOTFOUND. */
int store_wiki_rev_get(struct store *st, long long id, struct wiki_rev *out);
/* store_wiki_rev_number - live revision `number` of page; E_NOTFOUND. */
int store_wiki_rev_number(
    struct store *st, long long page_id, int number, struct wiki_rev *out);
/*
 * store_wiki_history - live revisions of a page, newest first, at most
 * max (0: all), texts included when with_text; free wiki_revs_free().
 */
int store_wiki_history(struct store *st, long long page_id, size_t max,
    bool with_text, struct wiki_rev **out, size_t *n);

/* store_wiki_watch - member watches page from revision seen (kept if set). */
int store_wiki_watch(
    struct store *st, long long page_id, long long member_id, int seen);
/* store_wiki_unwatch - E_NOTFOUND when not watching. */
int store_wiki_unwatch(
    struct store *st, long long page_id, long long member_id);

/* One watch with changes to tell. */
struct wiki_due {
	long long page_id, member_id, list_id;
	int seen, head;
	char *email, *name;
};
void wiki_dues_free(struct wiki_due *d, size_t n);
/*
 * store_wiki_due - watches of active members whose page moved past what
 * they saw and who got no notice for it after `before` (ISO); at most max.
 */
int store_wiki_due(struct store *st, const char *before, size_t max,
    struct wiki_due **out, size_t *n);
/*
 * store_wiki_others - live revisions of page after number `after` up to
 * `upto` not written by member: *count.
 */
int store_wiki_others(struct store *st, long long page_id, int after, int upto,
    long long member_id, int *count);
/* store_wiki_seen - the member saw page up to number; notified = at or NULL. */
int store_wiki_seen(struct store *st, long long page_id, long long member_id,
    int number, const char *at);

#endif

/*
 * store_site.h - what `stoa site build` reads (docs/archive.md): the
 * threads of a list with what decides whether a page must be rebuilt,
 * and the posted messages of one thread.
 */
#ifndef STOA_STORE_SITE_H
#define STOA_STORE_SITE_H

#include <stddef.h>

#include "store.h"

struct site_thread {
	long long id;
	char subject[512];
	char created[21], last[21]; /* ISO-8601 UTC */
	long long count, max_id;    /* posted messages, the newest id */
	char *author;               /* the first post's name (owned) */
	char *snippet;              /* its first words (owned) */
};

struct site_msg {
	long long id, parent_id;
	char *name, *subject, *date, *text, *quoted; /* owned */
};

#define SITE_SNIPPET 200 /* bytes of a first post in the search index */

/*
 * store_site_threads - the threads of list_id with at least one posted
 * message, oldest first, into a new array (site_threads_free()).
 */
int store_site_threads(
    struct store *st, long long list_id, struct site_thread **out, size_t *n);
void site_threads_free(struct site_thread *t, size_t n);

/* store_site_msgs - the posted messages of thread, in order. */
int store_site_msgs(
    struct store *st, long long thread, struct site_msg **out, size_t *n);
void site_msgs_free(struct site_msg *m, size_t n);

struct site_badge {
	char *name;  /* the member's display name (owned) */
	char *badge; /* the slug (owned) */
	char awarded[21];
};

/*
 * store_site_badges - list_id's awards that are not revoked, by member
 * name then date; a member who left only when the list keeps their
 * badges (archive_left_badges).  A new array (site_badges_free()).
 */
int store_site_badges(
    struct store *st, long long list_id, struct site_badge **out, size_t *n);
void site_badges_free(struct site_badge *b, size_t n);

#endif

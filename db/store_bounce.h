/*
 * store_bounce.h - bounce scores and delivery suspension (db/
 * store_bounce.c, migration 0006; docs/bounces.md).  Every function runs
 * inside the caller's transaction.
 */
#ifndef STOA_STORE_BOUNCE_H
#define STOA_STORE_BOUNCE_H

#include <stdbool.h>
#include <stddef.h>

#include "store.h"

/* A membership as bounce handling needs it. */
struct bounce_member {
	long long member_id;
	char *email;     /* owned */
	char *name;      /* owned, "" when none */
	char status[16]; /* active, pending, disabled, removed */
};
void bounce_member_release(struct bounce_member *m);

/* store_bounce_member - member id's membership of list; E_NOTFOUND. */
int store_bounce_member(struct store *st, long long list_id,
    long long member_id, struct bounce_member *out);
/* store_bounce_member_by_email - the same by address (no case); E_NOTFOUND. */
int store_bounce_member_by_email(struct store *st, long long list_id,
    const char *email, struct bounce_member *out);

/*
 * store_bounce_sent_to - the distinct recipients (at most max) of outbox
 * rows of list whose envelope sender is `sender` (no case).  *out is an
 * array of *n owned strings; free with bounce_strings_free().
 */
int store_bounce_sent_to(struct store *st, long long list_id,
    const char *sender, size_t max, char ***out, size_t *n);
void bounce_strings_free(char **v, size_t n);

/* One scored bounce. */
struct bounce_rec {
	long long list_id, member_id;
	const char *kind; /* "hard" or "soft" */
	double score;
	const char *status;    /* "5.1.1" or "" */
	const char *recipient; /* failed address reported, or "" */
	const char *diag;      /* one line, or "" */
};
/*
 * store_bounce_add - record b at the current time (store_now()).  *added
 * is false when the member already has a bounce that UTC day in that list
 * (nothing changes: one scored bounce per member, list and day).
 */
int store_bounce_add(struct store *st, const struct bounce_rec *b, bool *added);
/*
 * store_bounce_score - the sum of the member's scores in list at or after
 * `since` (ISO-8601), ignoring rows cleared by a suspension.
 */
int store_bounce_score(struct store *st, long long list_id, long long member_id,
    const char *since, double *sum);
/*
 * store_bounce_suspend - set the membership 'disabled' (only when it is
 * 'active'; *changed says whether it was) and clear the member's scores
 * in list.
 */
int store_bounce_suspend(
    struct store *st, long long list_id, long long member_id, bool *changed);

#endif

/*
 * store_lists.h - a list's settings as `stoa list show|set|rename|delete`
 * sees them (db/store_lists.c): the lists row and its quiz_settings row.
 *
 * Non-goals: validating values (admin/lists.c does; the CHECK constraints
 * of the migrations are the last line).
 */
#ifndef STOA_STORE_LISTS_H
#define STOA_STORE_LISTS_H

#include <stdio.h>

#include "store.h"

/*
 * store_list_settings_show - "key = value" per setting of list, in the
 * words `stoa list set` takes (yes/no, sun..sat), the quiz ones only
 * when the list has quiz settings.
 */
int store_list_settings_show(struct store *st, long long list_id, FILE *f);

/*
 * store_list_setting_set - set key (a name of the table in
 * store_lists.c, e.g. "held_days", "quiz_hour") to value, bound as text
 * (column affinity converts it).  E_NOTFOUND for an unknown key or, for a
 * quiz key, a list without quiz settings; E_PARSE when a CHECK refuses.
 */
int store_list_setting_set(
    struct store *st, long long list_id, const char *key, const char *value);

/*
 * store_list_posts_per_hour - the list's rate limit for a member's posts:
 * its own posts_per_hour, or dflt (the config's) when it has none.
 */
int store_list_posts_per_hour(
    struct store *st, long long list_id, long long dflt, long long *out);

/* store_list_rename - E_DUP when the new name is taken. */
int store_list_rename(struct store *st, long long list_id, const char *name);

/*
 * store_list_delete - the list and every row that belongs to it (posts,
 * threads, wiki, quizzes, digests, outbox, events, memberships); member
 * rows stay.  Inside the caller's transaction.
 */
int store_list_delete(struct store *st, long long list_id);

#endif

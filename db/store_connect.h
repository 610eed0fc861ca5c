/*
 * store_connect.h - introductions, profiles and question routing
 * (db/store_connect.c; schema db/0013-prompt-kinds.sql, db/0014-connect.sql;
 * docs/connect.md).  Writes run inside the caller's transaction.  Times
 * are ISO-8601 UTC text.  The terms and scores are not here
 * (learn/terms.h, learn/route.h).
 */
#ifndef STOA_STORE_CONNECT_H
#define STOA_STORE_CONNECT_H

#include <stdbool.h>
#include <stddef.h>

#include "bounds.h"
#include "store.h"

/* A list's connecting settings. */
struct connect_settings {
	bool intros;     /* the welcome invites an introduction */
	int route_hours; /* working hours before routing; 0 = never */
};
/* store_connect_settings - the settings of list. */
int store_connect_settings(
    struct store *st, long long list_id, struct connect_settings *out);

/* A member as the connecting mails name them. */
struct connect_member {
	long long id;
	char email[MAX_EMAIL + 1];
	char name[MAX_NAME + 1];
};
/* store_connect_member - member id (any status), E_NOTFOUND. */
int store_connect_member(
    struct store *st, long long id, struct connect_member *out);
/* store_connect_active - member id is an active member of list. */
int store_connect_active(
    struct store *st, long long list_id, long long id, bool *active);

/* A member's introduction on a list (owned strings). */
struct profile_rec {
	long long member_id, list_id, message_id, thread_id;
	char *works_on, *can_help, *want_learn;
	char updated[21];
};
void profile_rec_release(struct profile_rec *p);
/* store_profile_set - insert or replace (thread_id ignored). */
int store_profile_set(struct store *st, const struct profile_rec *p);
/* store_profile_message - the profile's "Meet NAME" post is msg. */
int store_profile_message(
    struct store *st, long long list_id, long long member, long long msg);
/* store_profile_get - E_NOTFOUND when the member has not introduced. */
int store_profile_get(struct store *st, long long list_id, long long member,
    struct profile_rec *out);

/*
 * store_intro_due - the intro prompts of list sent before `before`,
 * unanswered, to active members without a profile who never had an
 * intro_reminder on this list: prompt id and member into new arrays.
 */
int store_intro_due(struct store *st, long long list_id, const char *before,
    long long **prompts, long long **members, size_t *n);
/* store_connect_lists - ids of lists with intros on or routing on. */
int store_connect_lists(struct store *st, long long **out, size_t *n);

/* store_help_set - the member's "help off" (true) or "help on". */
int store_help_set(
    struct store *st, long long list_id, long long member, bool off);
/* store_help_off - the member's choice (false when not a member). */
int store_help_off(
    struct store *st, long long list_id, long long member, bool *off);

/* A question waiting for an answer (owned strings). */
struct route_question {
	long long thread_id, author_id;
	char *subject, *text, *message_id, *author_name;
	char posted[21];
};
void route_questions_free(struct route_question *q, size_t n);
/*
 * store_route_questions - threads of list started in [since, before)
 * that the router has not looked at, whose first post is posted and no
 * one else has posted in: into a new array.
 */
int store_route_questions(struct store *st, long long list_id,
    const char *since, const char *before, struct route_question **out,
    size_t *n);
/* store_route_mark - the router looked at thread (asked: how many). */
int store_route_mark(struct store *st, long long list_id, long long thread,
    const char *at, int asked);

/* One piece of expertise (owned strings); src as enum route_src. */
struct route_item {
	long long member;
	int src;
	char *title, *text;
	char at[21];
	bool thanked;
};
void route_items_free(struct route_item *it, size_t n);
/*
 * store_route_items - the expertise of the members of list who may be
 * asked at now: active, not "help off", not on pause (quiz pause), not
 * asked to help since `asked_since`; by member id.  member 0: all such
 * members, else only that one (whatever their choices: for stoa member
 * show).
 */
int store_route_items(struct store *st, long long list_id, long long member,
    const char *now, const char *asked_since, struct route_item **out,
    size_t *n);
/*
 * store_route_open - the unanswered expert prompt about thread sent to
 * member: *prompt, 0 when none.
 */
int store_route_open(
    struct store *st, long long thread, long long member, long long *prompt);
/* store_prompt_done - prompt answered at `at` (its answer: what). */
int store_prompt_done(
    struct store *st, long long prompt, const char *at, const char *what);

#endif

/*
 * store_sub.h - subscriptions by mail (db/store_sub.c): the confirmations
 * of double opt-in (table confirmations, 0004) and the membership changes
 * the commands at LIST+request@ make.
 *
 * A confirmation row is created when its mail is queued, so "created" is
 * also when it was mailed.  It is carried out at most once (used).  The
 * caller holds a transaction (store_begin) around every write.
 */
#ifndef STOA_STORE_SUB_H
#define STOA_STORE_SUB_H

#include <stdbool.h>

#include "bounds.h"
#include "store.h"

struct confirm_rec {
	long long id;
	long long list_id;
	char email[MAX_EMAIL + 1];
	char action[16];  /* "subscribe" | "unsubscribe" */
	char delivery[8]; /* "each" | "digest" | "none" */
	char created[21];
	char expires[21];
	bool used;
};

/*
 * store_confirm_recent - is there an unused, unexpired confirmation for
 * email in list created after `since` (ISO)?  0 with *id set (the
 * newest), or E_NOTFOUND.
 */
int store_confirm_recent(struct store *st, long long list_id, const char *email,
    const char *since, long long *id);
/*
 * store_confirm_add - a new confirmation, created now, expiring at
 * `expires` (ISO).  action and delivery as in struct confirm_rec; *id
 * gets the row id.
 */
int store_confirm_add(struct store *st, long long list_id, const char *email,
    const char *action, const char *delivery, const char *expires,
    long long *id);
/* store_confirm_get - row id; E_NOTFOUND when there is none. */
int store_confirm_get(struct store *st, long long id, struct confirm_rec *out);
/* store_confirm_use - mark row id used now; E_DUP when it already was
 * (or there is no such row). */
int store_confirm_use(struct store *st, long long id);

/* A membership as the commands see it. */
struct sub_rec {
	long long member_id;
	char role[16];    /* member, moderator, mentor, owner */
	char delivery[8]; /* each, digest, none */
	char status[16];  /* active, pending, disabled */
};

/*
 * store_sub_lookup - the membership of email (compared without case) in
 * list, unless removed; E_NOTFOUND when there is none.
 */
int store_sub_lookup(struct store *st, long long list_id, const char *email,
    struct sub_rec *out);
/* store_sub_member_id - the members.id of email, or E_NOTFOUND. */
int store_sub_member_id(struct store *st, const char *email, long long *id);
/*
 * store_sub_activate - make email an active member of list with delivery:
 * creates the member (with name when it is new or has none) and the
 * membership, or revives a removed, pending or disabled one (role kept,
 * or "member" for a removed one).  *member_id gets the member's id.
 */
int store_sub_activate(struct store *st, long long list_id, const char *email,
    const char *name, const char *delivery, long long *member_id);
/* store_sub_delivery - set the delivery; E_NOTFOUND without membership. */
int store_sub_delivery(struct store *st, long long list_id, long long member_id,
    const char *delivery);
/* store_sub_remove - mark the membership removed; E_NOTFOUND if none. */
int store_sub_remove(struct store *st, long long list_id, long long member_id);

/* One line of the member list for "who". */
struct sub_member {
	const char *email; /* borrowed for the callback's duration */
	const char *name;
	const char *role;
	const char *delivery;
	const char *status;
};
/*
 * store_sub_members - call fn for every active or disabled membership of
 * list, ordered by address; a non-zero return from fn stops and is
 * returned.
 */
int store_sub_members(struct store *st, long long list_id,
    int (*fn)(void *arg, const struct sub_member *m), void *arg);

#endif

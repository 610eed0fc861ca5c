/*
 * store_groups.h - small groups: lists of their own under a parent list
 * (db/store_groups.c; schema db/0015-groups.sql; docs/connect-groups.md),
 * and the extra CSV columns of a member import (member_fields).
 *
 * Writes run inside the caller's transaction.  A group copies its
 * parent's settings (time zone, moderation, digest day and hour); its
 * parent's moderators and owners are copied into it as memberships of
 * their role with delivery 'none' (they moderate, they get no copies).
 * Events (list: the parent, object: the group's lists.id):
 * group.create, group.join (member), group.merge (detail: the group
 * merged in), group.dissolve.
 */
#ifndef STOA_STORE_GROUPS_H
#define STOA_STORE_GROUPS_H

#include <stdbool.h>
#include <stddef.h>

#include "bounds.h"
#include "store.h"

#define GROUP_NAME_MAX 128 /* display names are cut to this */

/* One member to place in a group. */
struct group_member {
	long long id;
	unsigned key; /* rank of the field's value (1 = "", no value) */
	char email[MAX_EMAIL + 1];
	char delivery[8]; /* in the parent list */
};

/*
 * store_group_candidates - the active members (role member or mentor) of
 * list by member id, with the rank of their value of field (NULL: all
 * 1) into a new array (free()); *nvalues the distinct values seen.
 */
int store_group_candidates(struct store *st, long long list_id,
    const char *field, struct group_member **out, size_t *n, size_t *nvalues);

/* One group as `stoa group list` shows it. */
struct group_rec {
	long long id, parent_id;
	char name[MAX_LIST_NAME + 1];
	char parent[MAX_LIST_NAME + 1];
	int members; /* active, without the copied moderators */
	char created[21];
	char dissolved[21]; /* "" while active */
};

/* store_group_get - the group named name; E_NOGROUP when not a group. */
int store_group_get(struct store *st, const char *name, struct group_rec *out);
/*
 * store_groups - the groups of parent by id (dissolved too when all),
 * into a new array (free()).
 */
int store_groups(struct store *st, long long parent, bool all,
    struct group_rec **out, size_t *n);
/* store_group_total - every group parent ever had (names are numbered). */
int store_group_total(struct store *st, long long parent, size_t *n);
/* store_list_parent - the parent of list, 0 when it is no group. */
int store_list_parent(struct store *st, long long list_id, long long *parent);

/*
 * store_group_create - a new group list of parent named name with title;
 * its moderators copied; event group.create.  E_DUP (why) when the name
 * is taken.
 */
int store_group_create(struct store *st, const struct list_rec *parent,
    const char *name, const char *title, long long *id, struct buf *why);
/*
 * store_group_join - member joins group (delivery as given); event
 * group.join.  A removed membership comes back.
 */
int store_group_join(struct store *st, long long parent, long long group,
    long long member, const char *delivery);
/*
 * store_group_move - the active members (not the copied moderators) of
 * from join into; *ids (new array, free()) and *n say who moved.
 */
int store_group_move(struct store *st, long long parent, long long from,
    long long into, long long **ids, size_t *n);
/*
 * store_group_dissolve - every membership of group removed, the group
 * marked dissolved (its posts stay); event group.dissolve (detail).
 * E_PERM when it is dissolved already.
 */
int store_group_dissolve(
    struct store *st, const struct group_rec *g, const char *detail);

/* A group's member as the mail about the group shows them. */
struct group_peer {
	long long id;
	char email[MAX_EMAIL + 1];
	char name[GROUP_NAME_MAX];
	char *works_on, *can_help, *want_learn; /* owned, "" when none */
};
/*
 * store_group_peers - the active members of group (not the copied
 * moderators) by name, with their introduction on the parent list when
 * there is one, into a new array (group_peers_free()).
 */
int store_group_peers(struct store *st, long long group, long long parent,
    struct group_peer **out, size_t *n);
void group_peers_free(struct group_peer *p, size_t n);

/*
 * store_member_field_set - the import column name of member email (any
 * list) is value; an empty value deletes it.
 */
int store_member_field_set(
    struct store *st, const char *email, const char *name, const char *value);

#endif

/*
 * groupmail.h - the mail that tells a member their small group and its
 * members with their introductions (docs/connect-groups.md), from the
 * group's own list so that a reply goes to the group.
 */
#ifndef STOA_GROUPMAIL_H
#define STOA_GROUPMAIL_H

#include "store.h"
#include "token.h"

/* What to tell (borrowed). */
struct groupmail {
	const struct list_rec *group, *parent;
	const long long *only; /* tell only these members, or NULL: all */
	size_t n_only;
	const char *why; /* the dedupe key's tail: "split", "merge-7" ... */
};

/*
 * groupmail_tell - one mail (template group-welcome) to each active
 * member of the group, or to those of g->only, listing every member with
 * their introduction on the parent list when they wrote one.  *sent
 * counts the mails queued.  0 or an enum err (logged).
 */
int groupmail_tell(struct store *st, const struct token_keys *keys,
    const struct groupmail *g, size_t *sent);

#endif

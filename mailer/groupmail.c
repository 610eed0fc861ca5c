/*
 * groupmail.c - telling members their group (groupmail.h).  The members'
 * list is built once per group and shared by every recipient's mail; the
 * HTML part escapes every introduction (the renderer escapes by default).
 */
#include <stdio.h>
#include <stdlib.h>

#include "err.h"
#include "groupmail.h"
#include "log.h"
#include "mailout.h"
#include "store_groups.h"

/* peer_name - a member's name, else the address. */
static const char *
peer_name(const struct group_peer *p)
{
	return p->name[0] != '\0' ? p->name : p->email;
}

/* members_vars - the "members" loop of v. */
static void
members_vars(struct vars *v, const struct group_peer *p, size_t n)
{
	size_t i;

	vars_set_list(v, "members");
	for (i = 0; i < n; i++) {
		struct vars *it = vars_add_item(v, "members");

		vars_set(it, "name", peer_name(&p[i]));
		vars_set(it, "email", p[i].email);
		vars_set(it, "works_on", p[i].works_on);
		vars_set(it, "can_help", p[i].can_help);
		vars_set(it, "want_learn", p[i].want_learn);
		vars_set_bool(it, "has_intro",
		    p[i].works_on[0] != '\0' || p[i].can_help[0] != '\0' ||
		        p[i].want_learn[0] != '\0');
	}
	vars_setf(v, "member_count", "%zu", n);
}

/* wanted - member id is one of g->only (or g->only is NULL). */
static bool
wanted(const struct groupmail *g, long long id)
{
	size_t i;

	for (i = 0; g->only != NULL && i < g->n_only; i++)
		if (g->only[i] == id)
			return true;
	return g->only == NULL;
}

/* one - the mail to peer p. */
static int
one(struct store *st, const struct token_keys *keys, const struct groupmail *g,
    const struct group_peer *p, struct vars *v, bool *queued)
{
	struct buf key = BUF_INIT(128), why = BUF_INIT(1024);
	struct mailout m;
	int rc;

	buf_addf(&key, "group:%lld:%s:%lld", g->group->id, g->why, p->id);
	vars_set(v, "recipient_name", peer_name(p));
	m = (struct mailout){g->group, "group", "group-welcome", p->email,
	    p->name, p->id, buf_cstr(&key), NULL, NULL, true, v};
	rc = mailout_queue(st, keys, &m, queued, &why);
	if (rc != 0)
		log_err("group mail error=%s reason=%s", err_name(rc),
		    buf_cstr(&why));
	buf_release(&key);
	buf_release(&why);
	return rc;
}

int
groupmail_tell(struct store *st, const struct token_keys *keys,
    const struct groupmail *g, size_t *sent)
{
	struct group_peer *p = NULL;
	struct vars *v = vars_new();
	size_t n = 0, i;
	bool queued;
	int rc;

	*sent = 0;
	rc = store_group_peers(st, g->group->id, g->parent->id, &p, &n);
	if (rc == 0)
		members_vars(v, p, n);
	vars_set(v, "parent_name", g->parent->name);
	for (i = 0; rc == 0 && i < n; i++) {
		if (!wanted(g, p[i].id))
			continue;
		rc = one(st, keys, g, &p[i], v, &queued);
		*sent += rc == 0 && queued;
	}
	group_peers_free(p, n);
	vars_free(v);
	return rc == E_PARSE ? E_INTERNAL : rc;
}

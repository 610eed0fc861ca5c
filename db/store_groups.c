/*
 * store_groups.c - small groups and member fields (store_groups.h).
 * A group is a row of lists with parent_id set, so every path that
 * serves a list (posts, digests, moderation, Postfix maps) serves a
 * group with no special case.
 */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "store_groups.h"
#include "store_priv.h"
#include "xmalloc.h"

/* candidate_read - a row (id, rank, email, delivery). */
static void
candidate_read(sqlite3_stmt *s, void *rec)
{
	struct group_member *g = rec;
	int key = 0;

	store_cols(s, SQ_OUT_I64(&g->id), SQ_OUT_INT(&key),
	    SQ_OUT_TEXT(g->email, sizeof g->email),
	    SQ_OUT_TEXT(g->delivery, sizeof g->delivery));
	g->key = (unsigned)key;
}

static const struct store_rowkind candidate_kind = {
    sizeof(struct group_member), candidate_read, NULL};

int
store_group_candidates(struct store *st, long long list_id, const char *field,
    struct group_member **out, size_t *n, size_t *nvalues)
{
	sqlite3_stmt *s;
	void *p = NULL;
	size_t i;
	int rc;

	*n = 0;
	*nvalues = 0;
	rc = store_stmt(st, &s,
	    "SELECT b.id, dense_rank() OVER (ORDER BY coalesce(f.value, '')),"
	    " b.email, m.delivery FROM memberships m"
	    " JOIN members b ON b.id = m.member_id"
	    " LEFT JOIN member_fields f ON f.member_id = b.id AND f.name = ?2"
	    " WHERE m.list_id = ?1 AND m.status = 'active'"
	    " AND m.role IN ('member', 'mentor') ORDER BY b.id",
	    SQ_INT(list_id), SQ_TEXT(field != NULL ? field : ""));
	if (rc == 0)
		rc = store_rows(
		    st, s, "group candidates", &candidate_kind, &p, n);
	*out = p;
	for (i = 0; i < *n; i++)
		if ((*out)[i].key > *nvalues)
			*nvalues = (*out)[i].key;
	return rc;
}

#define GROUP_COLS                                                             \
	"SELECT g.id, g.parent_id, g.name, p.name, (SELECT count(*) FROM"      \
	" memberships m WHERE m.list_id = g.id AND m.status = 'active'"        \
	" AND m.role IN ('member', 'mentor')), g.created,"                     \
	" coalesce(g.dissolved, '') FROM lists g JOIN lists p"                 \
	" ON p.id = g.parent_id "

/* group_read - a GROUP_COLS row. */
static void
group_read(sqlite3_stmt *s, void *rec)
{
	struct group_rec *g = rec;

	store_cols(s, SQ_OUT_I64(&g->id), SQ_OUT_I64(&g->parent_id),
	    SQ_OUT_TEXT(g->name, sizeof g->name),
	    SQ_OUT_TEXT(g->parent, sizeof g->parent), SQ_OUT_INT(&g->members),
	    SQ_OUT_TEXT(g->created, sizeof g->created),
	    SQ_OUT_TEXT(g->dissolved, sizeof g->dissolved));
}

static const struct store_rowkind group_kind = {
    sizeof(struct group_rec), group_read, NULL};

int
store_group_get(struct store *st, const char *name, struct group_rec *out)
{
	struct group_rec *g;
	sqlite3_stmt *s;
	void *p;
	size_t n;
	int rc;

	memset(out, 0, sizeof *out);
	rc = store_stmt(st, &s, GROUP_COLS "WHERE g.name = ?1", SQ_TEXT(name));
	if (rc == 0)
		rc = store_rows(st, s, "groups", &group_kind, &p, &n);
	if (rc != 0)
		return rc;
	g = p;
	if (n == 1)
		*out = g[0];
	free(g);
	return n == 1 ? 0 : E_NOGROUP;
}

int
store_groups(struct store *st, long long parent, bool all,
    struct group_rec **out, size_t *n)
{
	void *p;
	int rc;

	rc = store_select(st, "groups", &group_kind, &p, n,
	    GROUP_COLS "WHERE g.parent_id = ?1 AND (?2 OR g.dissolved IS NULL)"
	               " ORDER BY g.id",
	    SQ_INT(parent), SQ_INT(all));
	*out = p;
	return rc;
}

int
store_group_total(struct store *st, long long parent, size_t *n)
{
	long long c = 0;
	int rc;

	rc = store_q(st, "group total",
	    "SELECT count(*) FROM lists WHERE parent_id = ?1", SQ_INT(parent),
	    SQ_OUT_I64(&c));
	*n = (size_t)c;
	return rc;
}

int
store_list_parent(struct store *st, long long list_id, long long *parent)
{
	*parent = 0;
	return store_q(st, "list parent",
	    "SELECT coalesce(parent_id, 0) FROM lists WHERE id = ?1",
	    SQ_INT(list_id), SQ_OUT_I64(parent));
}

int
store_group_create(struct store *st, const struct list_rec *parent,
    const char *name, const char *title, long long *id, struct buf *why)
{
	char now[21];
	int rc;

	store_now(now);
	rc = store_q(st, "group create",
	    "INSERT INTO lists(name, title, timezone, moderated, digest_weekday,"
	    " digest_hour, held_days, digest_draft_hours, digest_approval,"
	    " digest_quiet_note, digest_max_items, created, parent_id)"
	    " SELECT ?2, ?3, timezone, moderated, digest_weekday, digest_hour,"
	    " held_days, digest_draft_hours, digest_approval, digest_quiet_note,"
	    " digest_max_items, ?4, id FROM lists WHERE id = ?1 RETURNING id",
	    SQ_INT(parent->id), SQ_TEXT(name), SQ_TEXT(title), SQ_TEXT(now),
	    SQ_OUT_I64(id));
	if (rc == E_DUP)
		buf_addf(why, "a list named %s already exists", name);
	if (rc == 0)
		rc = store_q(st, "group moderators",
		    "INSERT INTO memberships(list_id, member_id, role, delivery,"
		    " status, joined) SELECT ?2, member_id, role, 'none',"
		    " 'active', ?3 FROM memberships WHERE list_id = ?1"
		    " AND status = 'active' AND role IN ('moderator', 'owner')",
		    SQ_INT(parent->id), SQ_INT(*id), SQ_TEXT(now));
	if (rc == 0)
		rc = store_event(st, parent->id, 0, "group.create", *id, name);
	return rc;
}

int
store_group_join(struct store *st, long long parent, long long group,
    long long member, const char *delivery)
{
	char now[21];
	int rc;

	store_now(now);
	rc = store_q(st, "group join",
	    "INSERT INTO memberships(list_id, member_id, role, delivery, status,"
	    " joined) VALUES (?1, ?2, 'member', ?3, 'active', ?4)"
	    " ON CONFLICT(list_id, member_id) DO UPDATE SET role = 'member',"
	    " delivery = ?3, status = 'active', joined = ?4",
	    SQ_INT(group), SQ_INT(member), SQ_TEXT(delivery), SQ_TEXT(now));
	if (rc == 0)
		rc = store_event(st, parent, member, "group.join", group, "");
	return rc;
}

/* mover_read - a row (member id, delivery). */
static void
mover_read(sqlite3_stmt *s, void *rec)
{
	struct group_member *m = rec;

	store_cols(s, SQ_OUT_I64(&m->id),
	    SQ_OUT_TEXT(m->delivery, sizeof m->delivery));
}

static const struct store_rowkind mover_kind = {
    sizeof(struct group_member), mover_read, NULL};

int
store_group_move(struct store *st, long long parent, long long from,
    long long into, long long **ids, size_t *n)
{
	struct group_member *m;
	size_t nm, i;
	void *p;
	int rc;

	*ids = NULL;
	*n = 0;
	rc = store_select(st, "group move", &mover_kind, &p, &nm,
	    "SELECT member_id, delivery FROM memberships WHERE list_id = ?1"
	    " AND status = 'active' AND role IN ('member', 'mentor')"
	    " ORDER BY member_id",
	    SQ_INT(from));
	m = p;
	if (rc == 0 && nm > 0)
		*ids = xreallocarray(NULL, nm, sizeof **ids);
	for (i = 0; rc == 0 && i < nm; i++) {
		rc = store_group_join(st, parent, into, m[i].id, m[i].delivery);
		(*ids)[(*n)++] = m[i].id;
	}
	free(m);
	return rc;
}

int
store_group_dissolve(
    struct store *st, const struct group_rec *g, const char *detail)
{
	char now[21];
	int rc;

	if (g->dissolved[0] != '\0')
		return E_PERM;
	store_now(now);
	rc = store_q(st, "group dissolve",
	    "UPDATE lists SET dissolved = ?2 WHERE id = ?1", SQ_INT(g->id),
	    SQ_TEXT(now));
	if (rc == 0)
		rc = store_q(st, "group members",
		    "UPDATE memberships SET status = 'removed' WHERE list_id = ?1",
		    SQ_INT(g->id));
	if (rc == 0)
		rc = store_event(
		    st, g->parent_id, 0, "group.dissolve", g->id, detail);
	return rc;
}

static void
peer_drop(void *rec)
{
	struct group_peer *g = rec;

	free(g->works_on);
	free(g->can_help);
	free(g->want_learn);
}

static void
peer_read(sqlite3_stmt *s, void *rec)
{
	struct group_peer *g = rec;

	store_cols(s, SQ_OUT_I64(&g->id),
	    SQ_OUT_TEXT(g->email, sizeof g->email),
	    SQ_OUT_TEXT(g->name, sizeof g->name), SQ_OUT_DUP(&g->works_on),
	    SQ_OUT_DUP(&g->can_help), SQ_OUT_DUP(&g->want_learn));
}

static const struct store_rowkind peer_kind = {
    sizeof(struct group_peer), peer_read, peer_drop};

void
group_peers_free(struct group_peer *p, size_t n)
{
	store_rows_free(p, n, &peer_kind);
}

int
store_group_peers(struct store *st, long long group, long long parent,
    struct group_peer **out, size_t *n)
{
	void *p;
	int rc;

	rc = store_select(st, "group peers", &peer_kind, &p, n,
	    "SELECT b.id, b.email, b.name, p.works_on, p.can_help, p.want_learn"
	    " FROM memberships m JOIN members b ON b.id = m.member_id"
	    " LEFT JOIN profiles p ON p.member_id = b.id AND p.list_id = ?2"
	    " WHERE m.list_id = ?1 AND m.status = 'active'"
	    " AND m.role IN ('member', 'mentor')"
	    " ORDER BY CASE b.name WHEN '' THEN b.email ELSE b.name END, b.id",
	    SQ_INT(group), SQ_INT(parent));
	*out = p;
	return rc;
}

int
store_member_field_set(
    struct store *st, const char *email, const char *name, const char *value)
{
	if (value == NULL || value[0] == '\0')
		return store_q(st, "field delete",
		    "DELETE FROM member_fields WHERE name = ?2 AND member_id ="
		    " (SELECT id FROM members WHERE email = ?1)",
		    SQ_TEXT(email), SQ_TEXT(name));
	return store_q(st, "field set",
	    "INSERT INTO member_fields(member_id, name, value)"
	    " SELECT id, ?2, ?3 FROM members WHERE email = ?1"
	    " ON CONFLICT(member_id, name) DO UPDATE SET value = ?3",
	    SQ_TEXT(email), SQ_TEXT(name), SQ_TEXT(value));
}

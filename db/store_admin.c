/*
 * store_admin.c - lists, members and memberships, and the JSON export.
 * Callers wrap writes in store_begin()/store_commit().
 */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "store_priv.h"
#include "xmalloc.h"

void
list_rec_release(struct list_rec *l)
{
	free(l->name);
	free(l->title);
	free(l->timezone);
	memset(l, 0, sizeof *l);
}

int
store_list_create(struct store *st, const struct list_rec *l, struct buf *why)
{
	long long id = 0;
	char now[21];
	int rc;

	store_now(now);
	rc = store_q(st, "list create",
	    "INSERT INTO lists(name, title, timezone, moderated, created)"
	    " VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
	    SQ_TEXT(l->name), SQ_TEXT(l->title), SQ_TEXT(l->timezone),
	    SQ_INT(l->moderated), SQ_TEXT(now), SQ_OUT_I64(&id));
	if (rc == E_DUP)
		buf_addf(why, "a list named %s already exists", l->name);
	if (rc == 0)
		rc = store_event(st, id, 0, "list.create", 0, l->name);
	return rc;
}

/* list_get - one list by name (name != NULL) or by id. */
static int
list_get(struct store *st, const char *name, long long id, struct list_rec *out)
{
	int rc;

	memset(out, 0, sizeof *out);
	rc = store_q(st, "list get",
	    "SELECT id, name, title, timezone, moderated FROM lists"
	    " WHERE name = ?1 OR id = ?2",
	    SQ_TEXT(name), SQ_INT(name != NULL ? -1 : id), SQ_OUT_I64(&out->id),
	    SQ_OUT_DUP(&out->name), SQ_OUT_DUP(&out->title),
	    SQ_OUT_DUP(&out->timezone), SQ_OUT_BOOL(&out->moderated));
	return rc == E_NOTFOUND ? E_NOGROUP : rc;
}

int
store_list_get(struct store *st, const char *name, struct list_rec *out)
{
	return list_get(st, name, 0, out);
}

int
store_list_get_id(struct store *st, long long id, struct list_rec *out)
{
	return list_get(st, NULL, id, out);
}

int
store_list_show(struct store *st, FILE *f)
{
	sqlite3_stmt *s;
	int rc;

	rc = store_stmt(st, &s,
	    "SELECT l.name, l.title, l.timezone,"
	    " CASE l.moderated WHEN 1 THEN 'moderated' ELSE 'open' END,"
	    " (SELECT count(*) FROM memberships m WHERE m.list_id = l.id"
	    "  AND m.status = 'active')"
	    " FROM lists l ORDER BY l.name",
	    SQ_NONE);
	if (rc != 0)
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		fprintf(f, "%s\t%s\t%s\t%s\t%lld members\n",
		    sqlite3_column_text(s, 0), sqlite3_column_text(s, 1),
		    sqlite3_column_text(s, 2), sqlite3_column_text(s, 3),
		    (long long)sqlite3_column_int64(s, 4));
	return store_end(st, s, rc, "list show");
}

/* store_list_names - append "NAME\n" per list, by name, to out. */
int
store_list_names(struct store *st, struct buf *out)
{
	sqlite3_stmt *s;
	int rc;

	rc =
	    store_stmt(st, &s, "SELECT name FROM lists ORDER BY name", SQ_NONE);
	if (rc != 0)
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		buf_addf(out, "%s\n", (const char *)sqlite3_column_text(s, 0));
	rc = store_end(st, s, rc, "list names");
	if (rc == 0 && buf_error(out) != 0)
		rc = E_LIMIT;
	return rc;
}

/* member_id - the members.id for email, creating the row; 0 or enum err. */
static int
member_id(struct store *st, const struct member_rec *m, long long *id)
{
	char now[21];
	int rc;

	rc = store_q(st, "member find",
	    "SELECT id FROM members WHERE email = ?1", SQ_TEXT(m->email),
	    SQ_OUT_I64(id));
	if (rc != E_NOTFOUND)
		return rc;
	store_now(now);
	return store_q(st, "member insert",
	    "INSERT INTO members(email, name, created) VALUES (?1, ?2, ?3)"
	    " RETURNING id",
	    SQ_TEXT(m->email), SQ_TEXT(m->name != NULL ? m->name : ""),
	    SQ_TEXT(now), SQ_OUT_I64(id));
}

/* existing - describe an existing membership of email in list into why. */
static int
existing(struct store *st, long long list_id, long long mid, struct buf *why)
{
	sqlite3_stmt *s;
	int rc;

	rc = store_stmt(st, &s,
	    "SELECT b.email, b.name, m.role, m.status FROM memberships m"
	    " JOIN members b ON b.id = m.member_id"
	    " WHERE m.list_id = ?1 AND m.member_id = ?2",
	    SQ_INT(list_id), SQ_INT(mid));
	if (rc != 0)
		return rc;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		if (strcmp((const char *)sqlite3_column_text(s, 3),
		        "removed") == 0)
			rc = E_NOTFOUND;
		else {
			buf_addf(why, "%s is already a member (%s%s%s, %s)",
			    sqlite3_column_text(s, 0),
			    sqlite3_column_text(s, 1),
			    *sqlite3_column_text(s, 1) ? ", " : "",
			    sqlite3_column_text(s, 2),
			    sqlite3_column_text(s, 3));
			rc = E_DUP;
		}
	} else
		rc = rc == SQLITE_DONE ? 0 : store_err(st, rc, "member check");
	sqlite3_finalize(s);
	return rc;
}

int
store_member_add(struct store *st, long long list_id,
    const struct member_rec *m, struct buf *why)
{
	long long mid = 0;
	char now[21];
	int rc, prior;

	rc = member_id(st, m, &mid);
	if (rc != 0)
		return rc;
	prior = existing(st, list_id, mid, why);
	if (prior == E_DUP || (prior != 0 && prior != E_NOTFOUND))
		return prior;
	/* a removed membership comes back as a fresh one */
	store_now(now);
	rc = store_q(st, "membership insert",
	    "INSERT INTO memberships(list_id, member_id, role, delivery, status,"
	    " joined) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
	    " ON CONFLICT(list_id, member_id) DO UPDATE SET role = ?3,"
	    " delivery = ?4, status = ?5, joined = ?6",
	    SQ_INT(list_id), SQ_INT(mid),
	    SQ_TEXT(m->role != NULL ? m->role : "member"),
	    SQ_TEXT(m->delivery != NULL ? m->delivery : "each"),
	    SQ_TEXT(m->status != NULL ? m->status : "active"), SQ_TEXT(now));
	if (rc == 0 && m->name != NULL && *m->name != '\0')
		rc = store_member_set(st, list_id,
		    &(struct member_rec){m->email, m->name, NULL, NULL, NULL},
		    why);
	if (rc == 0)
		rc = store_event(st, list_id, mid, "member.add", 0, "");
	return rc;
}

int
store_member_set(struct store *st, long long list_id,
    const struct member_rec *m, struct buf *why)
{
	int rc;

	rc = store_q(st, "member set",
	    "UPDATE memberships SET role = coalesce(?3, role),"
	    " delivery = coalesce(?4, delivery), status = coalesce(?5, status)"
	    " WHERE list_id = ?1 AND status != 'removed' AND member_id ="
	    " (SELECT id FROM members WHERE email = ?2)",
	    SQ_INT(list_id), SQ_TEXT(m->email), SQ_TEXT(m->role),
	    SQ_TEXT(m->delivery), SQ_TEXT(m->status));
	if (rc != 0)
		return rc;
	if (sqlite3_changes(st->db) == 0) {
		buf_addf(why, "%s is not a member of this list", m->email);
		return E_NOTFOUND;
	}
	if (m->name == NULL)
		return 0;
	return store_q(st, "member name",
	    "UPDATE members SET name = ?2 WHERE email = ?1", SQ_TEXT(m->email),
	    SQ_TEXT(m->name));
}

int
store_member_remove(
    struct store *st, long long list_id, const char *email, struct buf *why)
{
	struct member_rec m = {email, NULL, NULL, NULL, "removed"};
	int rc;

	rc = store_member_set(st, list_id, &m, why);
	if (rc == 0)
		rc = store_event(st, list_id, 0, "member.remove", 0, email);
	return rc;
}

/* Each export kind is one query producing one JSON object per row. */
struct export_kind {
	const char *kind;
	const char *sql;
};

static const struct export_kind exports[] = {
    {"lists",
        "SELECT json_object('name', name, 'address', name || '@' || ?1, 'title', title,"
        " 'timezone', timezone, 'moderated', json(CASE moderated WHEN 1 THEN"
        " 'true' ELSE 'false' END), 'digest_weekday', digest_weekday,"
        " 'digest_hour', digest_hour, 'created', created)"
        " FROM lists ORDER BY name"},
    {"members",
        "SELECT json_object('email', b.email, 'name', b.name, 'list', l.name,"
        " 'role', m.role, 'delivery', m.delivery, 'status', m.status,"
        " 'joined', m.joined)"
        " FROM memberships m JOIN members b ON b.id = m.member_id"
        " JOIN lists l ON l.id = m.list_id ORDER BY l.name, b.email"},
    {"messages",
        "SELECT json_object('id', m.id, 'message_id', m.message_id,"
        " 'list', l.name, 'thread_id', m.thread_id, 'parent_id', m.parent_id,"
        " 'parent_message_id', p.message_id, 'author', m.author,"
        " 'author_name', m.author_name, 'subject', m.subject, 'date', m.date,"
        " 'text', m.text, 'quoted', m.quoted, 'status', m.status,"
        " 'flags', m.flags, 'attachments',"
        " (SELECT count(*) FROM attachments a WHERE a.message = m.id))"
        " FROM messages m JOIN lists l ON l.id = m.list_id"
        " LEFT JOIN messages p ON p.id = m.parent_id ORDER BY m.id"},
    {"threads",
        "SELECT json_object('id', t.id, 'list', l.name, 'subject', t.subject,"
        " 'root_message_id', r.message_id, 'message_count', t.message_count,"
        " 'last_activity', t.last_activity)"
        " FROM threads t JOIN lists l ON l.id = t.list_id"
        " LEFT JOIN messages r ON r.id = t.root_id ORDER BY t.id"},
    {"outbox",
        "SELECT json_object('id', id, 'message_id', message_id, 'kind', kind,"
        " 'recipient', recipient, 'state', state, 'attempts', attempts,"
        " 'dedupe_key', dedupe_key, 'next_attempt', next_attempt,"
        " 'sent_at', sent_at, 'last_code', last_code, 'last_error', last_error)"
        " FROM outbox ORDER BY id"},
    {"wiki",
        "SELECT json_object('list', l.name, 'page', p.slug, 'title', p.title,"
        " 'revision', r.number, 'author', r.author, 'text', r.text,"
        " 'updated', r.created, 'revisions', (SELECT json_group_array("
        "json_object('revision', x.number, 'author', x.author, 'mode', x.mode,"
        " 'date', x.created)) FROM (SELECT * FROM wiki_revisions"
        " WHERE page_id = p.id AND status = 'live' ORDER BY number) x))"
        " FROM wiki_pages p JOIN lists l ON l.id = p.list_id"
        " JOIN wiki_revisions r ON r.id = p.head ORDER BY l.name, p.slug"},
    {"questions",
        "SELECT json_object('id', q.id, 'list', l.name, 'text', v.text,"
        " 'kind', v.kind, 'status', q.status, 'author', q.author,"
        " 'title', v.title, 'topic', v.topic, 'version', v.version,"
        " 'explanation', v.general, 'answers', (SELECT json_group_array("
        "json_object('text', a.text, 'right', json(CASE a.is_right WHEN 1"
        " THEN 'true' ELSE 'false' END), 'feedback', a.feedback)) FROM"
        " (SELECT * FROM quiz_answers WHERE version_id = v.id ORDER BY pos) a),"
        " 'created', q.created)"
        " FROM quiz_questions q JOIN lists l ON l.id = q.list_id"
        " JOIN quiz_versions v ON v.id = q.current ORDER BY q.id"},
    {"reviews",
        "SELECT json_object('id', x.id, 'member', m.email, 'list', l.name,"
        " 'question', x.question_id, 'version', v.version,"
        " 'sent_at', x.sent_at, 'answered_at', x.answered_at,"
        " 'result', x.result, 'late', json(CASE x.late WHEN 1 THEN 'true'"
        " ELSE 'false' END), 'answer', x.reply, 'grade', CASE x.verdict"
        " WHEN 'correct' THEN 3 WHEN 'wrong' THEN 1 END,"
        " 'scheduler', x.scheduler, 'stability', x.s, 'difficulty', x.d,"
        " 'retrievability', x.r, 'interval', x.interval_days, 'due', x.due)"
        " FROM quiz_sends x JOIN members m ON m.id = x.member_id"
        " JOIN lists l ON l.id = x.list_id"
        " JOIN quiz_versions v ON v.id = x.version_id ORDER BY x.id"},
    {"mentorships",
        "SELECT json_object('id', p.id, 'list', l.name, 'mentor', a.email,"
        " 'mentee', b.email, 'started', p.started, 'track', p.track,"
        " 'goal', p.goal, 'state', p.state, 'pace', p.pace, 'checkins',"
        " (SELECT count(*) FROM prompts x WHERE x.mentorship_id = p.id"
        " AND x.kind = 'reflection'), 'replies', (SELECT count(*)"
        " FROM prompts x WHERE x.mentorship_id = p.id AND x.replied_at"
        " IS NOT NULL), 'health', p.health, 'ended', p.ended)"
        " FROM mentorships p JOIN lists l ON l.id = p.list_id"
        " JOIN members a ON a.id = p.mentor_id"
        " JOIN members b ON b.id = p.mentee_id ORDER BY p.id"},
    {"prompts",
        "SELECT json_object('id', x.id, 'kind', x.kind, 'member', m.email,"
        " 'list', l.name, 'mentorship', x.mentorship_id, 'week', x.week,"
        " 'sent_at', x.sent_at, 'replied_at', x.replied_at,"
        " 'pulse', x.pulse, 'fit', x.fit, 'pace', x.pace)"
        " FROM prompts x JOIN members m ON m.id = x.member_id"
        " JOIN lists l ON l.id = x.list_id ORDER BY x.id"},
    {"profiles",
        "SELECT json_object('list', l.name, 'email', b.email, 'name', b.name,"
        " 'works_on', p.works_on, 'can_help', p.can_help,"
        " 'want_learn', p.want_learn, 'thread_id', m.thread_id,"
        " 'message_id', m.message_id, 'updated', p.updated,"
        " 'help', CASE s.help_off WHEN 1 THEN 'off' ELSE 'on' END)"
        " FROM profiles p JOIN lists l ON l.id = p.list_id"
        " JOIN members b ON b.id = p.member_id"
        " LEFT JOIN memberships s ON s.list_id = p.list_id"
        " AND s.member_id = p.member_id"
        " LEFT JOIN messages m ON m.id = p.message_id ORDER BY l.name, b.email"},
    {"groups",
        "SELECT json_object('list', g.name, 'address', g.name || '@' || ?1,"
        " 'parent', p.name, 'title', g.title, 'created', g.created,"
        " 'dissolved', g.dissolved, 'members', (SELECT json_group_array(e)"
        " FROM (SELECT b.email AS e FROM memberships m JOIN members b"
        " ON b.id = m.member_id WHERE m.list_id = g.id AND m.status = 'active'"
        " AND m.role IN ('member', 'mentor') ORDER BY b.email)))"
        " FROM lists g JOIN lists p ON p.id = g.parent_id ORDER BY g.id"},
    {"badges",
        "SELECT json_object('id', a.id, 'member', m.email, 'list', l.name,"
        " 'badge', a.badge, 'awarded_at', a.awarded_at, 'awarded_by',"
        " a.awarded_by, 'reason', a.reason, 'announced', a.announced,"
        " 'revoked', json(CASE WHEN a.revoked_at IS NULL THEN 'false'"
        " ELSE 'true' END), 'revoked_at', a.revoked_at, 'revoke_reason',"
        " a.revoke_reason) FROM badge_awards a"
        " JOIN members m ON m.id = a.member_id"
        " JOIN lists l ON l.id = a.list_id ORDER BY a.id"},
    {"events",
        "SELECT json_object('id', e.id, 'at', e.at, 'list', l.name,"
        " 'member', m.email, 'kind', e.kind, 'object', e.object_id,"
        " 'detail', e.detail) FROM events e"
        " LEFT JOIN lists l ON l.id = e.list_id"
        " LEFT JOIN members m ON m.id = e.member_id ORDER BY e.id"},
};
#define NEXPORTS (sizeof exports / sizeof exports[0])

const char *
store_export_kinds(void)
{
	return "lists members messages threads outbox wiki questions reviews"
	       " mentorships prompts profiles groups badges events";
}

int
store_export(struct store *st, const char *kind, const char *domain, FILE *f,
    struct buf *why)
{
	sqlite3_stmt *s;
	size_t i;
	int rc;

	for (i = 0; i < NEXPORTS; i++)
		if (strcmp(exports[i].kind, kind) == 0)
			break;
	if (i == NEXPORTS) {
		buf_addf(why, "unknown export kind \"%s\" (known: %s)", kind,
		    store_export_kinds());
		return E_NOTFOUND;
	}
	rc = store_prep(st, exports[i].sql, &s);
	if (rc != 0)
		return rc;
	if (sqlite3_bind_parameter_count(s) >= 1)
		store_bind_text(s, 1, domain);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		fprintf(f, "%s\n", sqlite3_column_text(s, 0));
	return store_end(st, s, rc, "export");
}

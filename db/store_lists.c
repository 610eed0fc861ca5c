/*
 * store_lists.c - a list's settings, rename and delete (store_lists.h).
 * Column names never come from input: each settable key has its own
 * fixed statement, and the value is bound.
 */
#include <string.h>

#include "err.h"
#include "store_lists.h"
#include "store_priv.h"

static const struct setting {
	const char *key;
	const char *sql; /* ?1 list id, ?2 value; ?3 now for quiz_ keys */
} settings[] = {
    {"title", "UPDATE lists SET title = ?2 WHERE id = ?1"},
    {"timezone", "UPDATE lists SET timezone = ?2 WHERE id = ?1"},
    {"moderated", "UPDATE lists SET moderated = ?2 WHERE id = ?1"},
    {"held_days", "UPDATE lists SET held_days = ?2 WHERE id = ?1"},
    {"posts_per_hour",
        "UPDATE lists SET posts_per_hour = nullif(?2, 'default')"
        " WHERE id = ?1"},
    {"digest_weekday", "UPDATE lists SET digest_weekday = ?2 WHERE id = ?1"},
    {"digest_hour", "UPDATE lists SET digest_hour = ?2 WHERE id = ?1"},
    {"digest_draft_hours",
        "UPDATE lists SET digest_draft_hours = ?2 WHERE id = ?1"},
    {"digest_approval", "UPDATE lists SET digest_approval = ?2 WHERE id = ?1"},
    {"digest_quiet_note",
        "UPDATE lists SET digest_quiet_note = ?2 WHERE id = ?1"},
    {"digest_max_items",
        "UPDATE lists SET digest_max_items = ?2 WHERE id = ?1"},
    {"intros", "UPDATE lists SET intros = ?2 WHERE id = ?1"},
    {"route_hours", "UPDATE lists SET route_hours = ?2 WHERE id = ?1"},
    {"badges", "UPDATE lists SET badges = ?2 WHERE id = ?1"},
    {"archive_left_badges",
        "UPDATE lists SET archive_left_badges = ?2 WHERE id = ?1"},
    {"quiz_scheduler",
        "UPDATE quiz_settings SET scheduler = ?2, updated = ?3"
        " WHERE list_id = ?1"},
    {"quiz_every_days",
        "UPDATE quiz_settings SET every_days = ?2,"
        " updated = ?3 WHERE list_id = ?1"},
    {"quiz_per_batch",
        "UPDATE quiz_settings SET per_batch = ?2,"
        " updated = ?3 WHERE list_id = ?1"},
    {"quiz_hour",
        "UPDATE quiz_settings SET hour = ?2, updated = ?3"
        " WHERE list_id = ?1"},
    {"quiz_expiry_days",
        "UPDATE quiz_settings SET expiry_days = ?2,"
        " updated = ?3 WHERE list_id = ?1"},
    {"quiz_retention",
        "UPDATE quiz_settings SET retention = ?2,"
        " updated = ?3 WHERE list_id = ?1"},
};
#define N_SETTINGS (sizeof settings / sizeof settings[0])

int
store_list_setting_set(
    struct store *st, long long list_id, const char *key, const char *value)
{
	char now[21];
	size_t i;
	int rc;

	for (i = 0; i < N_SETTINGS && strcmp(settings[i].key, key) != 0; i++)
		;
	if (i == N_SETTINGS)
		return E_NOTFOUND;
	store_now(now);
	if (strncmp(key, "quiz_", 5) == 0)
		rc = store_q(st, "list set", settings[i].sql, SQ_INT(list_id),
		    SQ_TEXT(value), SQ_TEXT(now));
	else
		rc = store_q(st, "list set", settings[i].sql, SQ_INT(list_id),
		    SQ_TEXT(value));
	if (rc == 0 && sqlite3_changes(st->db) == 0)
		rc = E_NOTFOUND;
	return rc;
}

int
store_list_settings_show(struct store *st, long long list_id, FILE *f)
{
	sqlite3_stmt *s;
	int rc;

	rc = store_stmt(st, &s,
	    "SELECT 'name', name FROM lists WHERE id = ?1"
	    " UNION ALL SELECT 'title', title FROM lists WHERE id = ?1"
	    " UNION ALL SELECT 'timezone', timezone FROM lists WHERE id = ?1"
	    " UNION ALL SELECT 'created', created FROM lists WHERE id = ?1"
	    " UNION ALL SELECT key, value FROM lists l, json_each(json_object("
	    "  'moderated', CASE l.moderated WHEN 1 THEN 'yes' ELSE 'no' END, 'held_days', l.held_days,"
	    "  'posts_per_hour', coalesce(l.posts_per_hour, 'default'),"
	    "  'digest_weekday', substr('sunmontuewedthufrisat',"
	    "  l.digest_weekday * 3 + 1, 3), 'digest_hour', l.digest_hour,"
	    "  'digest_draft_hours', l.digest_draft_hours,"
	    "  'digest_approval', CASE l.digest_approval WHEN 1 THEN 'yes' ELSE 'no' END,"
	    "  'digest_quiet_note', CASE l.digest_quiet_note WHEN 1 THEN 'yes' ELSE 'no' END,"
	    "  'digest_max_items', l.digest_max_items,"
	    "  'intros', CASE l.intros WHEN 1 THEN 'yes' ELSE 'no' END,"
	    "  'route_hours', l.route_hours,"
	    "  'badges', CASE l.badges WHEN 1 THEN 'yes' ELSE 'no' END,"
	    "  'archive_left_badges', CASE l.archive_left_badges WHEN 1"
	    "  THEN 'yes' ELSE 'no' END))"
	    " WHERE l.id = ?1"
	    " UNION ALL SELECT key, value FROM quiz_settings q,"
	    "  json_each(json_object('quiz_enabled',"
	    "  CASE q.enabled WHEN 1 THEN 'yes' ELSE 'no' END,"
	    "  'quiz_scheduler', q.scheduler, 'quiz_every_days', q.every_days,"
	    "  'quiz_per_batch', q.per_batch, 'quiz_hour', q.hour,"
	    "  'quiz_expiry_days', q.expiry_days,"
	    "  'quiz_retention', q.retention)) WHERE q.list_id = ?1",
	    SQ_INT(list_id));
	if (rc != 0)
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		fprintf(f, "%s = %s\n", sqlite3_column_text(s, 0),
		    sqlite3_column_text(s, 1));
	return store_end(st, s, rc, "list settings");
}

int
store_list_posts_per_hour(
    struct store *st, long long list_id, long long dflt, long long *out)
{
	*out = dflt;
	return store_q(st, "list rate",
	    "SELECT coalesce(posts_per_hour, ?2) FROM lists WHERE id = ?1",
	    SQ_INT(list_id), SQ_INT(dflt), SQ_OUT_I64(out));
}

int
store_list_rename(struct store *st, long long list_id, const char *name)
{
	bool taken = false;
	int rc;

	rc = store_q(st, "list name taken",
	    "SELECT EXISTS (SELECT 1 FROM lists WHERE name = ?1)",
	    SQ_TEXT(name), SQ_OUT_BOOL(&taken));
	if (rc == 0 && taken)
		return E_DUP;
	if (rc == 0)
		rc = store_q(st, "list rename",
		    "UPDATE lists SET name = ?2 WHERE id = ?1", SQ_INT(list_id),
		    SQ_TEXT(name));
	return rc;
}

/* What belongs to a list, children before parents (foreign keys). */
static const char *const deletes[] = {
    "DELETE FROM quiz_sends WHERE list_id = ?1",
    "DELETE FROM quiz_cards WHERE question_id IN"
    " (SELECT id FROM quiz_questions WHERE list_id = ?1)",
    "DELETE FROM quiz_answers WHERE version_id IN (SELECT v.id FROM"
    " quiz_versions v JOIN quiz_questions q ON q.id = v.question_id"
    " WHERE q.list_id = ?1)",
    "DELETE FROM quiz_versions WHERE question_id IN"
    " (SELECT id FROM quiz_questions WHERE list_id = ?1)",
    "DELETE FROM quiz_questions WHERE list_id = ?1",
    "DELETE FROM quiz_learners WHERE list_id = ?1",
    "DELETE FROM quiz_settings WHERE list_id = ?1",
    "DELETE FROM wiki_watches WHERE page_id IN"
    " (SELECT id FROM wiki_pages WHERE list_id = ?1)",
    "DELETE FROM wiki_revisions WHERE page_id IN"
    " (SELECT id FROM wiki_pages WHERE list_id = ?1)",
    "DELETE FROM wiki_pages WHERE list_id = ?1",
    "DELETE FROM digests WHERE list_id = ?1",
    "DELETE FROM moderations WHERE list_id = ?1",
    "DELETE FROM deliveries WHERE list_id = ?1",
    "DELETE FROM msgids WHERE list_id = ?1",
    "DELETE FROM messages WHERE list_id = ?1",
    "DELETE FROM threads WHERE list_id = ?1",
    "DELETE FROM events WHERE list_id = ?1",
    "DELETE FROM outbox WHERE list_id = ?1",
    "DELETE FROM confirmations WHERE list_id = ?1",
    "DELETE FROM bounces WHERE list_id = ?1",
    "DELETE FROM badge_awards WHERE list_id = ?1",
    "DELETE FROM badge_grants WHERE list_id = ?1",
    "DELETE FROM badge_marks WHERE list_id = ?1",
    "DELETE FROM lists WHERE id = ?1",
};

int
store_list_delete(struct store *st, long long list_id)
{
	size_t i;
	int rc = 0;

	for (i = 0; rc == 0 && i < sizeof deletes / sizeof deletes[0]; i++)
		rc = store_q(st, "list delete", deletes[i], SQ_INT(list_id));
	return rc;
}

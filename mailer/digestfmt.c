/*
 * digestfmt.c - wording shared by the digest and its draft (see
 * digestfmt.h).  The draft mail is rendered here so that stoa-digest (the
 * first draft) and stoa-hook (the draft returned after each curation
 * reply) send the same thing.
 */
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "conf.h"
#include "digestfmt.h"
#include "err.h"
#include "mailout.h"
#include "store_mentor.h"

void
digestfmt_excerpt(const char *text, size_t max, struct buf *out)
{
	struct buf b = BUF_INIT(max + 8);
	size_t cut = 0;
	bool space = false, over = false;
	const char *p;

	for (p = text; *p != '\0'; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			space = b.len > 0;
			continue;
		}
		if (space) {
			if (b.len + 1 > max) {
				over = true;
				break;
			}
			cut = b.len;
			buf_addc(&b, ' ');
			space = false;
		}
		if (b.len + 1 > max) {
			over = true;
			break;
		}
		buf_addc(&b, *p);
	}
	if (over) {
		buf_truncate(&b, cut);
		buf_adds(&b, " ...");
	}
	buf_adds(out, buf_cstr(&b));
	buf_release(&b);
}

void
digestfmt_people(const char *names, struct buf *out)
{
	const char *p = names, *nl;
	size_t total = 0, i = 0;

	if (*names == '\0')
		return;
	for (p = names; p != NULL; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		total++;
	for (p = names; p != NULL && i < DIGESTFMT_NAMES; i++) {
		nl = strchr(p, '\n');
		if (i > 0)
			buf_adds(out,
			    i + 1 == total && total <= DIGESTFMT_NAMES ? " and "
			                                               : ", ");
		buf_add(out, p, nl != NULL ? (size_t)(nl - p) : strlen(p));
		p = nl != NULL ? nl + 1 : NULL;
	}
	if (total > DIGESTFMT_NAMES)
		buf_addf(out, " and %zu other%s", total - DIGESTFMT_NAMES,
		    total - DIGESTFMT_NAMES == 1 ? "" : "s");
}

void
digestfmt_when(const char *iso, const char *tz, struct buf *out)
{
	static const char *const days[] = {"Sunday", "Monday", "Tuesday",
	    "Wednesday", "Thursday", "Friday", "Saturday"};
	static const char *const months[] = {"January", "February", "March",
	    "April", "May", "June", "July", "August", "September", "October",
	    "November", "December"};
	struct tm tm;
	long long t;

	if (time_parse_iso(iso, &t) != 0 || time_to_local(t, tz, &tm) != 0) {
		buf_addf(out, "%s", iso);
		return;
	}
	buf_addf(out, "%s %d %s %d, %02d:%02d (%s)", days[tm.tm_wday],
	    tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour,
	    tm.tm_min, tz);
}

void
digestfmt_counts(const struct digest_rec *d, struct buf *out)
{
	size_t start = out->len;

	if (d->n_posts > 0)
		buf_addf(out, "%d post%s in %d thread%s from %d %s", d->n_posts,
		    d->n_posts == 1 ? "" : "s", d->n_threads,
		    d->n_threads == 1 ? "" : "s", d->n_people,
		    d->n_people == 1 ? "person" : "people");
	if (d->n_joined > 0)
		buf_addf(out, "%s%d new member%s", out->len > start ? "; " : "",
		    d->n_joined, d->n_joined == 1 ? "" : "s");
}

const char *
digestfmt_section(const char *section)
{
	if (strcmp(section, "question") == 0)
		return "Can you help?";
	if (strcmp(section, "joined") == 0)
		return "New members";
	return "Threads";
}

/* add_lines - one item {line} per "\n"-separated line of s in list key. */
static void
add_lines(struct vars *v, const char *key, const char *has, const char *s)
{
	const char *p = s, *nl;

	vars_set_list(v, key);
	vars_set_bool(v, has, s != NULL && *s != '\0');
	while (p != NULL && *p != '\0') {
		struct vars *it = vars_add_item(v, key);
		char *line;

		nl = strchr(p, '\n');
		line = str_dup(
		    (struct str){p, nl != NULL ? (size_t)(nl - p) : strlen(p)});
		vars_set(it, "line", line);
		free(line);
		p = nl != NULL ? nl + 1 : NULL;
	}
}

/* state_line - what will happen to the draft, in one sentence. */
static void
state_line(const struct digest_rec *g, const struct digest_list *dl, bool empty,
    struct buf *out)
{
	struct buf when = BUF_INIT(256);

	digestfmt_when(g->send_at, dl->list.timezone, &when);
	if (strcmp(g->state, "held") == 0)
		buf_adds(out,
		    "Held: it will not go out this week. Reply \"send\""
		    " to send it after all.");
	else if (strcmp(g->state, "draft") != 0)
		buf_addf(out, "This digest is closed (%s).", g->state);
	else if (g->approved)
		buf_adds(out,
		    "A moderator said \"send\": it goes out within"
		    " minutes.");
	else if (dl->approval)
		buf_addf(out,
		    "It goes out only when a moderator replies "
		    "\"send\" (due %s).",
		    buf_cstr(&when));
	else if (empty && !dl->quiet_note)
		buf_addf(out,
		    "Quiet week: nothing is planned, so nothing goes out"
		    " on %s unless you add something or reply \"send\""
		    " (a one-line quiet-week note).",
		    buf_cstr(&when));
	else
		buf_addf(out,
		    "It goes out on %s unless a moderator replies "
		    "\"hold\".",
		    buf_cstr(&when));
	buf_release(&when);
}

/* item_vars - one item of the draft. */
static void
item_vars(struct vars *v, const struct digest_item *it, const char *key)
{
	struct vars *x = vars_add_item(v, key);
	struct buf b = BUF_INIT(4096);

	vars_setf(x, "number", "%lld", it->number);
	vars_set(x, "section", digestfmt_section(it->section));
	vars_set(x, "title", it->title);
	vars_set_bool(x, "pinned", it->pinned);
	vars_set_bool(x, "is_thread", it->thread_id > 0);
	vars_setf(x, "thread_id", "%lld", it->thread_id);
	vars_setf(x, "replies", "%d repl%s", it->replies,
	    it->replies == 1 ? "y" : "ies");
	digestfmt_people(it->people, &b);
	vars_set(x, "people", buf_cstr(&b));
	buf_reset(&b);
	digestfmt_excerpt(it->excerpt, DIGESTFMT_EXCERPT / 2, &b);
	vars_set(x, "excerpt", buf_cstr(&b));
	buf_release(&b);
}

/* mentoring - the list's pairs by health and the period's check-ins. */
static int
mentoring(struct store *st, const struct digest_rec *g, struct vars *v)
{
	struct mentor_counts c;
	struct buf b = BUF_INIT(256);
	const struct {
		const int *n;
		const char *what;
	} parts[] = {{&c.on_track, "on track"},
	    {&c.needs, "needing a check-in"}, {&c.inactive, "inactive"},
	    {&c.early, "too early"}, {&c.paused, "paused"}};
	size_t i;
	int rc;

	rc = store_mentor_counts(
	    st, g->list_id, g->period_start, g->period_end, &c);
	for (i = 0; rc == 0 && i < sizeof parts / sizeof parts[0]; i++)
		if (*parts[i].n > 0)
			buf_addf(&b, "%s%d %s", b.len > 0 ? ", " : "",
			    *parts[i].n, parts[i].what);
	vars_set_bool(v, "has_mentoring", rc == 0 && c.open > 0);
	vars_setf(
	    v, "mentor_open", "%d pair%s", c.open, c.open == 1 ? "" : "s");
	vars_set(v, "mentor_health", buf_cstr(&b));
	vars_setf(v, "mentor_checkins", "%d", c.checkins);
	vars_setf(v, "mentor_answered", "%d", c.answered);
	buf_release(&b);
	return rc;
}

/* draft_vars - everything the draft template shows. */
static int
draft_vars(struct store *st, const struct digestfmt_draft *d,
    const struct digest_rec *g, struct vars *v, struct buf *why)
{
	struct digest_list dl;
	struct digest_item *it = NULL;
	struct buf b = BUF_INIT(4096);
	size_t n = 0, i, live = 0;
	int rc;

	rc = store_digest_list(st, g->list_id, &dl);
	if (rc == 0)
		rc = store_digest_items(st, g->id, true, &it, &n);
	if (rc != 0) {
		buf_addf(why, "digest %lld: cannot load the draft", g->id);
		list_rec_release(&dl.list);
		return rc;
	}
	vars_set_list(v, "items");
	vars_set_list(v, "dropped");
	for (i = 0; i < n; i++) {
		item_vars(v, &it[i], it[i].dropped ? "dropped" : "items");
		live += it[i].dropped ? 0 : 1;
	}
	vars_set_bool(v, "has_items", live > 0);
	vars_set_bool(v, "has_dropped", n > live);
	vars_set(v, "recipient_name",
	    d->to->name[0] != '\0' ? d->to->name : d->to->email);
	vars_setf(v, "digest_id", "%lld", g->id);
	vars_setf(v, "version", "%lld", g->version);
	vars_setf(v, "item_count", "%zu", live);
	digestfmt_when(g->send_at, dl.list.timezone, &b);
	vars_set(v, "when", buf_cstr(&b));
	buf_reset(&b);
	state_line(g, &dl, live == 0 && g->note[0] == '\0', &b);
	vars_set(v, "state_line", buf_cstr(&b));
	buf_reset(&b);
	digestfmt_counts(g, &b);
	vars_set(v, "counts", buf_cstr(&b));
	rc = mentoring(st, g, v);
	vars_set(v, "note", g->note);
	vars_set_bool(v, "has_note", g->note[0] != '\0');
	add_lines(v, "changes", "has_changes", d->changes);
	add_lines(v, "not_understood", "has_not_understood", d->not_understood);
	digest_items_free(it, n);
	list_rec_release(&dl.list);
	buf_release(&b);
	if (rc != 0)
		buf_addf(why, "digest %lld: cannot count the pairs", g->id);
	return rc;
}

int
digestfmt_draft_queue(struct store *st, const struct token_keys *keys,
    const struct digestfmt_draft *d, struct buf *why)
{
	struct digest_rec g;
	struct vars *v = vars_new();
	struct buf reply = BUF_INIT(512);
	char tok[MAX_TOKEN_CHARS + 1];
	struct token t;
	struct mailout m;
	long long send;
	bool queued;
	int rc;

	rc = store_digest_get(st, d->digest_id, &g);
	if (rc == 0 && time_parse_iso(g.send_at, &send) != 0)
		rc = E_INTERNAL;
	if (rc == 0) {
		t = (struct token){'d', (unsigned long long)g.id,
		    (unsigned long long)d->to->id, send + 86400};
		rc = token_issue(keys, &t, tok);
	}
	if (rc == 0)
		rc = draft_vars(st, d, &g, v, why);
	if (rc != 0)
		goto out;
	mailout_address(d->list->name, 'm', tok, &reply);
	vars_set(v, "curate_address", buf_cstr(&reply));
	memset(&m, 0, sizeof m);
	m.list = d->list;
	m.kind = "digest-draft";
	m.tmpl = "digest-draft";
	m.to = d->to->email;
	m.to_name = d->to->name[0] != '\0' ? d->to->name : NULL;
	m.member_id = d->to->id;
	m.dedupe_key = d->dedupe_key;
	m.in_reply_to = d->in_reply_to;
	m.reply_to = buf_cstr(&reply);
	m.vars = v;
	rc = mailout_queue(st, keys, &m, &queued, why);
out:
	digest_rec_release(&g);
	vars_free(v);
	buf_release(&reply);
	return rc;
}

int
digestfmt_change_queue(struct store *st, const struct token_keys *keys,
    const struct list_rec *list, const struct digest_person *to,
    const char *dedupe_key, const char *who, const char *what, struct buf *why)
{
	struct vars *v = vars_new();
	struct mailout m;
	bool queued;
	int rc;

	vars_set(v, "who", who);
	vars_set(v, "what", what);
	memset(&m, 0, sizeof m);
	m.list = list;
	m.kind = "digest-draft";
	m.tmpl = "digest-draft-change";
	m.to = to->email;
	m.to_name = to->name[0] != '\0' ? to->name : NULL;
	m.member_id = to->id;
	m.dedupe_key = dedupe_key;
	m.vars = v;
	rc = mailout_queue(st, keys, &m, &queued, why);
	vars_free(v);
	return rc;
}

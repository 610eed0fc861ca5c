/*
 * wiki_edit.c - the wiki's edit engine and the answers to "wiki ..."
 * commands (see wiki.h, docs/wiki.md).
 *
 * An edit names a mode and, when it came from a page mail, the revision
 * the author saw (base).  Append and capture always apply to the current
 * text: adding at the end cannot undo anyone's work.  Replace and section
 * from the current revision apply directly.  From an older revision the
 * edit is applied to that revision and merged section by section with
 * the current text (wikitext_merge); when both sides changed the same
 * section the edit is kept as a pending revision for its author to
 * confirm.  Uses only the store and the text module.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conf.h"
#include "err.h"
#include "store_wiki.h"
#include "wiki_edit.h"
#include "wikitext.h"
#include "xmalloc.h"

#define MAX_CLOSE   5  /* close names offered for an unknown page */
#define MAX_EDITORS 5  /* last editors shown with a page */
#define MAX_HISTORY 50 /* revisions listed by "wiki history" */

/* apply_mode - the text after applying edit e to text. */
static int
apply_mode(const struct wiki_edit *e, const char *text, struct buf *out)
{
	if (strcmp(e->mode, "append") == 0 || strcmp(e->mode, "capture") == 0)
		return wikitext_append(text, e->text, out);
	if (strcmp(e->mode, "section") == 0)
		return wikitext_section(text, e->heading, e->text, out);
	return wikitext_append("", e->text, out);
}

/* page_open - the page of e, created (without revisions) when missing. */
static int
page_open(struct store *st, const struct wiki_edit *e, struct wiki_page *p)
{
	long long id;
	int rc;

	rc = store_wiki_page_get(st, e->list_id, e->slug, p);
	if (rc != E_NOTFOUND)
		return rc;
	rc = store_wiki_page_create(st, e->list_id, e->slug,
	    e->title != NULL && e->title[0] != '\0' ? e->title : e->slug, &id);
	if (rc == 0)
		rc = store_wiki_page_get_id(st, id, p);
	return rc;
}

int
wiki_apply(struct store *st, const struct wiki_edit *e, struct wiki_result *r,
    struct buf *why)
{
	struct wiki_page p;
	struct wiki_rev base;
	struct buf text = BUF_INIT(WIKI_MAX_OUTPUT),
	           ours = BUF_INIT(WIKI_MAX_OUTPUT);
	struct wiki_rev_in in;
	bool conflict = false, stale;
	int rc;

	memset(r, 0, sizeof *r);
	memset(&base, 0, sizeof base);
	rc = page_open(st, e, &p);
	if (rc != 0)
		return rc;
	r->page_id = p.id;
	r->head = p.number;
	stale = e->base > 0 && e->base < p.number &&
	    strcmp(e->mode, "append") != 0 && strcmp(e->mode, "capture") != 0;
	if (!stale) {
		rc = apply_mode(e, p.text, &text);
		r->outcome = WIKI_SAVED;
	} else {
		rc = store_wiki_rev_number(st, p.id, e->base, &base);
		if (rc == 0)
			rc = apply_mode(e, base.text, &ours);
		if (rc == 0)
			rc = wikitext_merge(base.text, p.text, buf_cstr(&ours),
			    &text, &conflict);
		r->outcome = conflict ? WIKI_PENDING : WIKI_MERGED;
	}
	if (rc == 0 && (text.len > WIKI_MAX_TEXT || ours.len > WIKI_MAX_TEXT)) {
		buf_addf(why, "the page would be longer than %d KB",
		    WIKI_MAX_TEXT / 1024);
		rc = E_LIMIT;
	}
	if (rc == E_LIMIT && why->len == 0)
		buf_adds(why, "the page is too long");
	if (rc != 0)
		goto out;
	if (!conflict && strcmp(buf_cstr(&text), p.text) == 0) {
		r->outcome = WIKI_UNCHANGED;
		goto out;
	}
	in = (struct wiki_rev_in){p.id, e->author_id, e->author,
	    strcmp(e->mode, "append") == 0 && stale ? "merge" : e->mode,
	    conflict ? buf_cstr(&ours) : buf_cstr(&text),
	    e->base > 0 ? e->base : p.number, conflict};
	if (r->outcome == WIKI_MERGED)
		in.mode = "merge";
	rc = store_wiki_rev_add(st, &in, &r->rev_id, &r->number);
	if (rc == 0 && e->author_id > 0 && !conflict)
		rc = store_wiki_watch(st, p.id, e->author_id, r->number);
	if (rc == 0)
		rc = store_event(st, e->list_id, e->author_id,
		    conflict ? "wiki.pending" : "wiki.edit", r->rev_id,
		    e->slug);
out:
	buf_release(&text);
	buf_release(&ours);
	wiki_rev_release(&base);
	wiki_page_release(&p);
	return rc;
}

/* near - how close slug is to want: lower is closer, < 0 not close. */
static int
near(const char *slug, const char *want)
{
	int d;

	if (strstr(slug, want) != NULL || strstr(want, slug) != NULL)
		return 0;
	d = wikitext_distance(slug, want);
	return d <= 2 || (size_t)d * 3 <= strlen(want) ? d : -1;
}

int
wiki_close_names(
    struct store *st, long long list_id, const char *slug, struct buf *out)
{
	struct wiki_page *p;
	size_t n, i, shown = 0;
	int rc, d, want;

	rc = store_wiki_pages(st, list_id, false, &p, &n);
	if (rc != 0)
		return rc;
	for (want = 0; want < 100 && shown < MAX_CLOSE; want++)
		for (i = 0; i < n && shown < MAX_CLOSE; i++) {
			d = near(p[i].slug, slug);
			if (d != want)
				continue;
			buf_addf(out, "%s%s", shown > 0 ? ", " : "", p[i].slug);
			shown++;
		}
	wiki_pages_free(p, n);
	return buf_error(out);
}

bool
wiki_mode_line(struct str line, const char **mode, char **heading)
{
	struct str l = str_trim(line);

	*heading = NULL;
	if (l.n > 0 && l.p[l.n - 1] == ':')
		l.n--;
	if (str_ieq(l, "append")) {
		*mode = "append";
		return true;
	}
	if (str_ieq(l, "replace")) {
		*mode = "replace";
		return true;
	}
	l = str_trim(line);
	if (l.n > 8 && strncasecmp(l.p, "section:", 8) == 0) {
		struct str h = str_trim((struct str){l.p + 8, l.n - 8});

		if (h.n == 0)
			return false;
		*mode = "section";
		*heading = str_dup(h);
		return true;
	}
	return false;
}

/* editors - "Name <addr> (rev N, date)" of the last revisions. */
static int
editors(struct store *st, long long page_id, struct buf *out)
{
	struct wiki_rev *r;
	size_t n, i;
	int rc;

	rc = store_wiki_history(st, page_id, MAX_EDITORS, false, &r, &n);
	if (rc != 0)
		return rc;
	for (i = 0; i < n; i++)
		buf_addf(out, "  revision %d, %.10s, %s%s%s%s (%s)\n",
		    r[i].number, r[i].created, r[i].author_name,
		    r[i].author_name[0] != '\0' ? " <" : "", r[i].author,
		    r[i].author_name[0] != '\0' ? ">" : "", r[i].mode);
	wiki_revs_free(r, n);
	return 0;
}

static void
how_to_edit(const struct list_rec *list, const char *slug, struct buf *out)
{
	buf_addf(out,
	    "To change it, reply to the page mail, or write the new text to\n"
	    "%s+wiki-%s@%s (first line \"append\" to add at the end,\n"
	    "or \"section: HEADING\" to replace one section).\n",
	    list->name, slug, conf_domain);
}

/* wc_get - the page as text, or close names. */
static int
wc_get(struct store *st, const struct list_rec *list, const char *name,
    struct buf *reply, struct wiki_cmd_out *out)
{
	struct wiki_page p;
	char slug[WIKI_MAX_SLUG + 1];
	int rc;

	if (wikitext_slug(name, slug) != 0) {
		buf_addf(reply, "wiki get: \"%s\" is not a page name.\n", name);
		return 0;
	}
	rc = store_wiki_page_get(st, list->id, slug, &p);
	if (rc == 0 && p.number == 0)
		rc = E_NOTFOUND;
	if (rc == E_NOTFOUND) {
		struct buf close = BUF_INIT(1024);

		wiki_page_release(&p);
		rc = wiki_close_names(st, list->id, slug, &close);
		buf_addf(reply, "wiki get: there is no page \"%s\" in %s.\n",
		    slug, list->name);
		if (rc == 0 && close.len > 0)
			buf_addf(reply, "Close names: %s\n", buf_cstr(&close));
		buf_addf(reply,
		    "Send \"wiki list\" for every page; write to %s+wiki-%s@%s"
		    " to start this one.\n",
		    list->name, slug, conf_domain);
		buf_release(&close);
		return rc;
	}
	if (rc != 0)
		return rc;
	buf_addf(reply, "wiki get: %s (%s), revision %d of %.10s\n\n", p.title,
	    p.slug, p.number, p.updated);
	buf_adds(reply, p.text);
	buf_adds(reply, "\nLast editors:\n");
	rc = editors(st, p.id, reply);
	how_to_edit(list, p.slug, reply);
	buf_adds(reply, "The page also comes in a message of its own.\n");
	out->page_id = p.id;
	wiki_page_release(&p);
	return rc;
}

static int
wc_list(struct store *st, const struct list_rec *list, struct buf *reply)
{
	struct wiki_page *p;
	size_t n, i, shown = 0;
	int rc;

	rc = store_wiki_pages(st, list->id, false, &p, &n);
	if (rc != 0)
		return rc;
	for (i = 0; i < n; i++)
		if (p[i].number > 0)
			shown++;
	buf_addf(reply, "wiki list: %zu page%s in %s\n", shown,
	    shown == 1 ? "" : "s", list->name);
	for (i = 0; i < n; i++)
		if (p[i].number > 0)
			buf_addf(reply, "  %s - %s (revision %d, %.10s)\n",
			    p[i].slug, p[i].title, p[i].number, p[i].updated);
	wiki_pages_free(p, n);
	return 0;
}

/* page_of - the page named by name, or a reply line and E_NOTFOUND. */
static int
page_of(struct store *st, const struct list_rec *list, const char *cmd,
    const char *name, struct buf *reply, struct wiki_page *p)
{
	char slug[WIKI_MAX_SLUG + 1];
	int rc = E_NOTFOUND;

	memset(p, 0, sizeof *p);
	if (wikitext_slug(name, slug) == 0)
		rc = store_wiki_page_get(st, list->id, slug, p);
	if (rc == 0 && p->number == 0) {
		wiki_page_release(p);
		rc = E_NOTFOUND;
	}
	if (rc == E_NOTFOUND)
		buf_addf(reply,
		    "wiki %s: there is no page \"%s\"; \"wiki list\" shows"
		    " them all.\n",
		    cmd, name);
	return rc;
}

static int
wc_history(struct store *st, const struct list_rec *list, const char *name,
    struct buf *reply)
{
	struct wiki_page p;
	struct wiki_rev *r;
	size_t n, i;
	int rc;

	rc = page_of(st, list, "history", name, reply, &p);
	if (rc != 0)
		return rc == E_NOTFOUND ? 0 : rc;
	rc = store_wiki_history(st, p.id, MAX_HISTORY, false, &r, &n);
	if (rc == 0) {
		buf_addf(reply, "wiki history: %s (%s)\n", p.title, p.slug);
		for (i = 0; i < n; i++)
			buf_addf(reply, "  revision %d, %s, %s, %s\n",
			    r[i].number, r[i].created, r[i].author, r[i].mode);
		wiki_revs_free(r, n);
	}
	wiki_page_release(&p);
	return rc;
}

/* number - a revision number word, or 0. */
static int
number(const char *w)
{
	long v = 0;

	if (*w == '\0' || strlen(w) > 9)
		return 0;
	for (; *w != '\0'; w++) {
		if (*w < '0' || *w > '9')
			return 0;
		v = v * 10 + (*w - '0');
	}
	return (int)v;
}

static int
wc_diff(struct store *st, const struct list_rec *list, char *args,
    struct buf *reply)
{
	struct wiki_page p;
	struct wiki_rev a, b;
	char *sp1, *sp2;
	int na, nb, rc;

	sp2 = strrchr(args, ' ');
	if (sp2 != NULL) {
		*sp2 = '\0';
		sp1 = strrchr(args, ' ');
	} else
		sp1 = NULL;
	if (sp1 == NULL || (na = number(sp1 + 1)) == 0 ||
	    (nb = number(sp2 + 1)) == 0) {
		buf_adds(reply,
		    "wiki diff: write \"wiki diff PAGE N M\" with"
		    " two revision numbers.\n");
		return 0;
	}
	*sp1 = '\0';
	rc = page_of(st, list, "diff", args, reply, &p);
	if (rc != 0)
		return rc == E_NOTFOUND ? 0 : rc;
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	rc = store_wiki_rev_number(st, p.id, na, &a);
	if (rc == 0)
		rc = store_wiki_rev_number(st, p.id, nb, &b);
	if (rc == E_NOTFOUND) {
		buf_addf(reply, "wiki diff: %s has revisions 1 to %d.\n",
		    p.slug, p.number);
		rc = 0;
	} else if (rc == 0) {
		buf_addf(reply, "wiki diff: %s, revision %d to %d\n", p.slug,
		    na, nb);
		rc = wikitext_diff(a.text, b.text, reply);
		if (strcmp(a.text, b.text) == 0)
			buf_adds(reply, "(no difference)\n");
	}
	wiki_rev_release(&a);
	wiki_rev_release(&b);
	wiki_page_release(&p);
	return rc;
}

static int
wc_watch(struct store *st, const struct list_rec *list, long long member,
    const char *name, bool on, struct buf *reply)
{
	struct wiki_page p;
	const char *cmd = on ? "watch" : "unwatch";
	int rc;

	if (member == 0) {
		buf_addf(reply,
		    "wiki %s: only members of %s can watch pages.\n", cmd,
		    list->name);
		return 0;
	}
	rc = page_of(st, list, cmd, name, reply, &p);
	if (rc != 0)
		return rc == E_NOTFOUND ? 0 : rc;
	if (on) {
		rc = store_wiki_watch(st, p.id, member, p.number);
		if (rc == 0)
			buf_addf(reply,
			    "wiki watch: you will get the changes to %s (at"
			    " most one mail an hour).\n",
			    p.slug);
	} else {
		rc = store_wiki_unwatch(st, p.id, member);
		if (rc == 0 || rc == E_NOTFOUND)
			buf_addf(reply,
			    "wiki unwatch: no more change mail for %s.\n",
			    p.slug);
		if (rc == E_NOTFOUND)
			rc = 0;
	}
	wiki_page_release(&p);
	return rc;
}

int
wiki_command(struct store *st, const struct list_rec *list, long long member,
    const char *line, struct buf *reply, struct wiki_cmd_out *out)
{
	struct str l = str_trim(str_from(line));
	char *copy, *sub, *args;
	size_t i;
	int rc = 0;

	memset(out, 0, sizeof *out);
	if (l.n < 5 || strncasecmp(l.p, "wiki", 4) != 0 ||
	    (l.p[4] != ' ' && l.p[4] != '\t'))
		return 0;
	out->handled = true;
	copy = str_dup(str_trim((struct str){l.p + 5, l.n - 5}));
	for (i = 0; copy[i] != '\0'; i++)
		if (copy[i] == '\t')
			copy[i] = ' ';
	sub = copy;
	args = strchr(copy, ' ');
	if (args != NULL) {
		*args++ = '\0';
		while (*args == ' ')
			args++;
	} else
		args = copy + strlen(copy);
	if (member == 0 && strcasecmp(sub, "watch") != 0 &&
	    strcasecmp(sub, "unwatch") != 0)
		buf_addf(reply, "wiki %s: the wiki of %s is for its members.\n",
		    sub, list->name);
	else if (strcasecmp(sub, "list") == 0)
		rc = wc_list(st, list, reply);
	else if (*args == '\0')
		buf_addf(reply,
		    "wiki: write \"wiki get PAGE\", \"wiki list\", \"wiki"
		    " history PAGE\", \"wiki diff PAGE N M\", \"wiki watch"
		    " PAGE\" or \"wiki unwatch PAGE\".\n");
	else if (strcasecmp(sub, "get") == 0)
		rc = wc_get(st, list, args, reply, out);
	else if (strcasecmp(sub, "history") == 0)
		rc = wc_history(st, list, args, reply);
	else if (strcasecmp(sub, "diff") == 0)
		rc = wc_diff(st, list, args, reply);
	else if (strcasecmp(sub, "watch") == 0)
		rc = wc_watch(st, list, member, args, true, reply);
	else if (strcasecmp(sub, "unwatch") == 0)
		rc = wc_watch(st, list, member, args, false, reply);
	else
		buf_addf(reply,
		    "wiki: \"%s\" is not a wiki command; try \"wiki get"
		    " PAGE\", \"wiki list\", \"wiki history PAGE\", \"wiki"
		    " diff PAGE N M\", \"wiki watch PAGE\".\n",
		    sub);
	free(copy);
	return rc != 0 ? rc : buf_error(reply);
}

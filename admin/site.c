/*
 * site.c - `stoa site build OUTDIR [--list LIST]`: the static archive
 * (docs/archive.md).  Per list: LIST/index.html (the months),
 * LIST/YYYY-MM.html (the threads started that month), LIST/t/ID.html (one
 * thread: each post's trimmed text, the quoted part folded in a
 * <details>), LIST/search.json (subject, first words, author, link per
 * thread) and the wiki under OUTDIR/wiki/ (wiki_build_list()).  No
 * script; every value escaped; a Content-Security-Policy forbids
 * scripts and remote loads anyway.  Members-only by default: every page
 * says noindex and OUTDIR/robots.txt disallows everything; the operator
 * puts the directory behind their own authentication.
 *
 * Incremental: LIST/.manifest keeps each thread's post count and newest
 * post id; a thread whose pair is unchanged (and whose page exists) is
 * not even read again, and every other file is written only when its
 * bytes change (outdir_write()), so after one new post only that
 * thread's page, its month, the list index and search.json change.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "admin.h"
#include "badges.h"
#include "err.h"
#include "htmlpage.h"
#include "json.h"
#include "outdir.h"
#include "store_site.h"
#include "wiki_build.h"
#include "wikitext.h"
#include "xmalloc.h"

#define SITE_VERSION  "stoa-site 1" /* bump when the pages change shape */
#define SITE_MAX_PAGE (64 * 1024 * 1024)

#define HEAD          "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n" HTML_PAGE_META

#define STYLE                                                                  \
	"<style>body{font-family:sans-serif;max-width:44em;margin:0 auto;"     \
	"padding:8px;line-height:1.5}.t{white-space:pre-wrap;overflow-wrap:"   \
	"anywhere}.m{color:#555;font-size:.9em}article{border-top:1px solid "  \
	"#ddd;padding:.4em 0}details pre{white-space:pre-wrap;color:#555}"     \
	"</style>\n</head>\n<body>\n"

struct site {
	struct store *st;
	const char *out;
	bool public;
	size_t written, kept; /* files */
};

static void
esc(struct buf *b, const char *s)
{
	wikitext_escape(b, s, strlen(s));
}

static void
head(struct site *s, struct buf *b, const char *title)
{
	buf_adds(b, HEAD);
	if (!s->public)
		buf_adds(b,
		    "<meta name=\"robots\" content=\"noindex, "
		    "nofollow\">\n");
	buf_adds(b, "<title>");
	esc(b, title);
	buf_adds(b, "</title>\n" STYLE);
}

/* put - write b as dir/name (unless unchanged) and count it. */
static int
put(struct site *s, const char *dir, const char *name, const struct buf *b,
    struct buf *why)
{
	bool wrote;
	int rc;

	if (buf_error(b) != 0) {
		buf_addf(why, "%s/%s is too large", dir, name);
		return E_LIMIT;
	}
	rc = outdir_write(dir, name, b, &wrote, why);
	if (wrote)
		s->written++;
	else
		s->kept++;
	return rc;
}

/* post - one message of a thread page. */
static void
post(struct buf *b, const struct site_msg *m, const struct site_msg *all,
    size_t n)
{
	size_t i;

	buf_addf(b, "<article id=\"m%lld\">\n<p class=\"m\"><strong>", m->id);
	esc(b, m->name);
	buf_adds(b, "</strong> &middot; ");
	esc(b, m->date);
	for (i = 0; i < n && m->parent_id != 0; i++)
		if (all[i].id == m->parent_id) {
			buf_addf(b, " &middot; in reply to <a href=\"#m%lld\">",
			    all[i].id);
			esc(b, all[i].name);
			buf_adds(b, "</a>");
			break;
		}
	buf_adds(b, "</p>\n<div class=\"t\">");
	esc(b, m->text);
	buf_adds(b, "</div>\n");
	if (m->quoted[0] != '\0') {
		buf_adds(b, "<details><summary>quoted text</summary><pre>");
		esc(b, m->quoted);
		buf_adds(b, "</pre></details>\n");
	}
	buf_adds(b, "</article>\n");
}

/* thread_page - LIST/t/ID.html. */
static int
thread_page(struct site *s, const char *dir, const struct site_thread *t,
    struct buf *why)
{
	struct buf b = BUF_INIT(SITE_MAX_PAGE), name = BUF_INIT(64);
	struct site_msg *m;
	size_t n, i;
	int rc;

	rc = store_site_msgs(s->st, t->id, &m, &n);
	if (rc != 0)
		return rc;
	head(s, &b, t->subject);
	buf_addf(&b, "<p><a href=\"../%.7s.html\">", t->created);
	buf_addf(&b, "%.7s</a></p>\n<h1>", t->created);
	esc(&b, t->subject);
	buf_adds(&b, "</h1>\n");
	for (i = 0; i < n; i++)
		post(&b, &m[i], m, n);
	buf_adds(&b, "</body>\n</html>\n");
	buf_addf(&name, "%lld.html", t->id);
	rc = put(s, dir, buf_cstr(&name), &b, why);
	site_msgs_free(m, n);
	buf_release(&b);
	buf_release(&name);
	return rc;
}

/* One line of LIST/.manifest: a thread as it was last built. */
struct seen {
	long long id, count, max_id;
};

static int
cmp_seen(const void *a, const void *b)
{
	const struct seen *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

/*
 * manifest_read - dir/.manifest into a sorted array; none (or another
 * version's) is an empty one, so everything is built.
 */
static struct seen *
manifest_read(const char *dir, size_t *n)
{
	struct buf path = BUF_INIT(4096);
	struct seen *v = NULL;
	size_t cap = 0;
	char line[128], *p, *end;
	FILE *f;

	*n = 0;
	buf_addf(&path, "%s/.manifest", dir);
	f = fopen(buf_cstr(&path), "r");
	buf_release(&path);
	if (f == NULL)
		return NULL;
	if (fgets(line, sizeof line, f) == NULL ||
	    strcmp(line, SITE_VERSION "\n") != 0) {
		fclose(f);
		return NULL;
	}
	while (fgets(line, sizeof line, f) != NULL) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 1024;
			v = xreallocarray(v, cap, sizeof *v);
		}
		p = line;
		v[*n].id = strtoll(p, &end, 10);
		v[*n].count = strtoll(end, &p, 10);
		v[*n].max_id = strtoll(p, &end, 10);
		if (end != p && *end == '\n')
			(*n)++;
	}
	fclose(f);
	if (v != NULL)
		qsort(v, *n, sizeof *v, cmp_seen);
	return v;
}

/* unchanged - t was built as it is now and its page is still there. */
static bool
unchanged(const char *tdir, const struct site_thread *t, const struct seen *v,
    size_t n)
{
	struct seen key = {t->id, 0, 0}, *hit;
	struct buf path = BUF_INIT(4096);
	struct stat sb;
	bool ok;

	hit = n > 0 ? bsearch(&key, v, n, sizeof *v, cmp_seen) : NULL;
	if (hit == NULL || hit->count != t->count || hit->max_id != t->max_id)
		return false;
	buf_addf(&path, "%s/%lld.html", tdir, t->id);
	ok = lstat(buf_cstr(&path), &sb) == 0 && S_ISREG(sb.st_mode);
	buf_release(&path);
	return ok;
}

/* month_page - LIST/YYYY-MM.html: threads t[from, to), all that month. */
static int
month_page(struct site *s, const char *dir, const char *list,
    const struct site_thread *t, size_t from, size_t to, struct buf *why)
{
	struct buf b = BUF_INIT(SITE_MAX_PAGE), name = BUF_INIT(64);
	size_t i;
	int rc;

	buf_addf(&name, "%.7s", t[from].created);
	head(s, &b, buf_cstr(&name));
	buf_adds(&b, "<p><a href=\"index.html\">");
	esc(&b, list);
	buf_addf(&b, "</a></p>\n<h1>%.7s</h1>\n<ul>\n", t[from].created);
	for (i = from; i < to; i++) {
		buf_addf(&b, "<li><a href=\"t/%lld.html\">", t[i].id);
		esc(&b,
		    t[i].subject[0] != '\0' ? t[i].subject : "(no subject)");
		buf_adds(&b, "</a> &middot; ");
		esc(&b, t[i].author);
		buf_addf(&b, " &middot; %lld post%s, last %.10s</li>\n",
		    t[i].count, t[i].count == 1 ? "" : "s", t[i].last);
	}
	buf_adds(&b, "</ul>\n</body>\n</html>\n");
	buf_adds(&name, ".html");
	rc = put(s, dir, buf_cstr(&name), &b, why);
	buf_release(&b);
	buf_release(&name);
	return rc;
}

/* search_entry - one thread of LIST/search.json. */
static void
search_entry(struct buf *b, const struct site_thread *t, bool first)
{
	buf_addf(b,
	    "%s{\"url\":\"t/%lld.html\",\"subject\":", first ? "" : ",\n",
	    t->id);
	json_str(b, t->subject);
	buf_adds(b, ",\"author\":");
	json_str(b, t->author);
	buf_addf(b, ",\"date\":\"%.10s\",\"posts\":%lld,\"text\":", t->created,
	    t->count);
	json_str(b, t->snippet);
	buf_adds(b, "}");
}

/* list_index - LIST/index.html (months, newest first) and search.json. */
static int
list_index(struct site *s, const char *dir, const char *list,
    const struct site_thread *t, size_t n, bool wiki, bool badges,
    struct buf *why)
{
	struct buf b = BUF_INIT(SITE_MAX_PAGE), j = BUF_INIT(SITE_MAX_PAGE);
	size_t i, k;
	int rc;

	head(s, &b, list);
	buf_adds(&b, "<p><a href=\"../index.html\">All lists</a></p>\n<h1>");
	esc(&b, list);
	buf_adds(&b, "</h1>\n");
	if (wiki) {
		buf_adds(&b, "<p><a href=\"../wiki/");
		esc(&b, list);
		buf_adds(&b, "/index.html\">The wiki</a></p>\n");
	}
	if (badges)
		buf_adds(&b, "<p><a href=\"badges.html\">Badges</a></p>\n");
	buf_adds(&b, "<ul>\n");
	for (i = n; i > 0; i = k) {
		for (k = i - 1; k > 0 &&
		     strncmp(t[k - 1].created, t[i - 1].created, 7) == 0;
		     k--)
			;
		buf_addf(&b,
		    "<li><a href=\"%.7s.html\">%.7s</a> (%zu thread%s)"
		    "</li>\n",
		    t[k].created, t[k].created, i - k, i - k == 1 ? "" : "s");
	}
	buf_adds(&b, "</ul>\n</body>\n</html>\n");
	rc = put(s, dir, "index.html", &b, why);
	buf_adds(&j, "[");
	for (i = 0; i < n; i++)
		search_entry(&j, &t[i], i == 0);
	buf_adds(&j, "]\n");
	if (rc == 0)
		rc = put(s, dir, "search.json", &j, why);
	buf_release(&b);
	buf_release(&j);
	return rc;
}

/* badge_rows - the table rows of b[0..n) into out. */
static void
badge_rows(struct buf *out, const struct site_badge *b, size_t n)
{
	const struct badge_rule *r;
	size_t i;

	for (i = 0; i < n; i++) {
		r = badge_find(b[i].badge);
		buf_adds(out, "<tr><td>");
		esc(out, b[i].name);
		buf_adds(out, "</td><td>");
		esc(out, r != NULL ? r->name : b[i].badge);
		buf_addf(out, "</td><td>%.10s</td></tr>\n", b[i].awarded);
	}
}

/*
 * badge_page - LIST/badges.html when the list has awards to show (see
 * store_site_badges), else no such file; *shown says which.
 */
static int
badge_page(struct site *s, const char *dir, const struct list_rec *l,
    bool *shown, struct buf *why)
{
	struct buf b = BUF_INIT(SITE_MAX_PAGE), path = BUF_INIT(4096);
	struct site_badge *v = NULL;
	size_t n = 0;
	int rc;

	rc = store_site_badges(s->st, l->id, &v, &n);
	*shown = rc == 0 && n > 0;
	if (rc == 0 && n == 0) {
		buf_addf(&path, "%s/badges.html", dir);
		if (unlink(buf_cstr(&path)) != 0 && errno != ENOENT) {
			buf_addf(why, "cannot remove %s", buf_cstr(&path));
			rc = E_PERM;
		}
	} else if (rc == 0) {
		head(s, &b, l->name);
		buf_adds(&b, "<p><a href=\"index.html\">");
		esc(&b, l->name);
		buf_adds(&b,
		    "</a></p>\n<h1>Badges</h1>\n<table>\n"
		    "<tr><th>Member</th><th>Badge</th><th>Since</th>"
		    "</tr>\n");
		badge_rows(&b, v, n);
		buf_adds(&b, "</table>\n</body>\n</html>\n");
		rc = put(s, dir, "badges.html", &b, why);
	}
	site_badges_free(v, n);
	buf_release(&b);
	buf_release(&path);
	return rc;
}

/* pages - thread pages (the changed ones) and month pages. */
static int
pages(struct site *s, const char *dir, const char *list,
    const struct site_thread *t, size_t n, struct buf *why)
{
	struct buf tdir = BUF_INIT(4096);
	struct seen *v;
	size_t nv, i, from;
	int rc;

	buf_addf(&tdir, "%s/t", dir);
	rc = outdir_mkdir(buf_cstr(&tdir), why);
	v = manifest_read(dir, &nv);
	for (i = 0; rc == 0 && i < n; i++) {
		if (unchanged(buf_cstr(&tdir), &t[i], v, nv))
			s->kept++;
		else
			rc = thread_page(s, buf_cstr(&tdir), &t[i], why);
	}
	for (i = 0; rc == 0 && i < n;) {
		from = i;
		while (i < n && strncmp(t[i].created, t[from].created, 7) == 0)
			i++;
		rc = month_page(s, dir, list, t, from, i, why);
	}
	free(v);
	buf_release(&tdir);
	return rc;
}

/* manifest_write - dir/.manifest for the threads just built. */
static int
manifest_write(struct site *s, const char *dir, const struct site_thread *t,
    size_t n, struct buf *why)
{
	struct buf b = BUF_INIT(SITE_MAX_PAGE);
	size_t i;
	int rc;

	buf_adds(&b, SITE_VERSION "\n");
	for (i = 0; i < n; i++)
		buf_addf(
		    &b, "%lld %lld %lld\n", t[i].id, t[i].count, t[i].max_id);
	rc = put(s, dir, ".manifest", &b, why);
	buf_release(&b);
	return rc;
}

/* build_list - everything of one list under OUT/LIST. */
static int
build_list(struct site *s, const struct list_rec *l, struct buf *why)
{
	struct buf dir = BUF_INIT(4096), wiki = BUF_INIT(4096);
	struct site_thread *t = NULL;
	struct stat sb;
	size_t n = 0;
	bool badges = false;
	int rc;

	buf_addf(&dir, "%s/%s", s->out, l->name);
	buf_addf(&wiki, "%s/wiki/%s/index.html", s->out, l->name);
	rc = outdir_mkdir(buf_cstr(&dir), why);
	if (rc == 0)
		rc = store_site_threads(s->st, l->id, &t, &n);
	if (rc == 0)
		rc = pages(s, buf_cstr(&dir), l->name, t, n, why);
	if (rc == 0)
		rc = badge_page(s, buf_cstr(&dir), l, &badges, why);
	if (rc == 0)
		rc = list_index(s, buf_cstr(&dir), l->name, t, n,
		    stat(buf_cstr(&wiki), &sb) == 0, badges, why);
	if (rc == 0)
		rc = manifest_write(s, buf_cstr(&dir), t, n, why);
	site_threads_free(t, n);
	buf_release(&dir);
	buf_release(&wiki);
	return rc;
}

/* top_index - OUT/index.html and, members-only, OUT/robots.txt. */
static int
top_index(struct site *s, const char *names, struct buf *why)
{
	struct buf b = BUF_INIT(1024 * 1024), r = BUF_INIT(64);
	const char *p, *nl;
	int rc;

	head(s, &b, "Archive");
	buf_adds(&b, "<h1>Archive</h1>\n<ul>\n");
	for (p = names; *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		buf_adds(&b, "<li><a href=\"");
		wikitext_escape(&b, p, (size_t)(nl - p));
		buf_adds(&b, "/index.html\">");
		wikitext_escape(&b, p, (size_t)(nl - p));
		buf_adds(&b, "</a></li>\n");
	}
	buf_adds(&b,
	    "</ul>\n<p><a href=\"wiki/index.html\">Wiki</a></p>\n"
	    "</body>\n</html>\n");
	rc = put(s, s->out, "index.html", &b, why);
	buf_adds(&r, "User-agent: *\nDisallow: /\n");
	if (rc == 0 && !s->public)
		rc = put(s, s->out, "robots.txt", &r, why);
	buf_release(&b);
	buf_release(&r);
	return rc;
}

/* build - the lists named in names ("a\nb\n"), their wikis, the index. */
static int
build(struct site *s, const char *names, long long only, struct buf *why)
{
	struct buf wdir = BUF_INIT(4096), one = BUF_INIT(256);
	struct list_rec l;
	const char *p, *nl;
	int rc;

	buf_addf(&wdir, "%s/wiki", s->out);
	rc = outdir_mkdir(s->out, why);
	if (rc == 0)
		rc = wiki_build_list(s->st, buf_cstr(&wdir), only, why);
	for (p = names; rc == 0 && *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		buf_reset(&one);
		buf_add(&one, p, (size_t)(nl - p));
		if (!outdir_safe_name(buf_cstr(&one)))
			continue;
		memset(&l, 0, sizeof l);
		rc = store_list_get(s->st, buf_cstr(&one), &l);
		if (rc == 0)
			rc = build_list(s, &l, why);
		list_rec_release(&l);
	}
	if (rc == 0)
		rc = top_index(s, names, why);
	buf_release(&wdir);
	buf_release(&one);
	return rc;
}

int
cmd_site(struct ctx *c, int argc, char **argv)
{
	struct opt opts[] = {
	    {"list", 1, NULL}, {"public", 0, NULL}, {NULL, 0, NULL}};
	const char *pos[2];
	struct buf why = BUF_INIT(1024), names = BUF_INIT(1024 * 1024);
	struct site s = {NULL, NULL, false, 0, 0};
	struct list_rec l;
	int rc;

	memset(&l, 0, sizeof l);
	rc = opts_parse(argc, argv, opts, pos, 2, 2,
	    "stoa site build OUTDIR [--list LIST] [--public]");
	if (rc != 0)
		return rc;
	if (strcmp(pos[0], "build") != 0) {
		fprintf(stderr,
		    "stoa: usage: stoa site build OUTDIR "
		    "[--list LIST] [--public]\n");
		return EX_USAGE;
	}
	s.out = pos[1];
	s.public = opts[1].value != NULL;
	if (opts[0].value != NULL) {
		rc = admin_open_list(c, opts[0].value, &l);
		buf_addf(&names, "%s\n", opts[0].value);
	} else {
		rc = ctx_open(c);
		if (rc == 0 && store_list_names(c->st, &names) != 0)
			rc = die_rc(E_TEMP, "cannot read the lists");
	}
	s.st = c->st;
	if (rc == 0)
		rc = build(&s, buf_cstr(&names), l.id, &why);
	if (rc < 0)
		rc = die_rc(rc, why.len ? buf_cstr(&why) : "build failed");
	if (rc == 0)
		printf("site %s: %zu files written, %zu unchanged\n", s.out,
		    s.written, s.kept);
	list_rec_release(&l);
	buf_release(&why);
	buf_release(&names);
	return rc;
}

/*
 * wiki.c - `stoa wiki build OUTDIR`: a static HTML rendering of every
 * wiki page and its history, for an intranet web server (docs/wiki.md).
 *
 * Every value from the database is escaped (wikitext_escape) or rendered
 * by wikitext_html, which escapes everything that is not its own markup;
 * each page carries a Content-Security-Policy that forbids scripts,
 * frames, forms and remote loads, as a second line of defence.  Files are
 * written 0644 and directories 0755 so a web server can read them;
 * symbolic links in the way are not followed.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "err.h"
#include "store_wiki.h"
#include "wiki_build.h"
#include "wikitext.h"

#define HEAD                                                                   \
	"<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"          \
	"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "  \
	"'none'; style-src 'unsafe-inline'; form-action 'none'; "              \
	"frame-ancestors 'none'\">\n"                                          \
	"<meta name=\"viewport\" content=\"width=device-width, "               \
	"initial-scale=1\">\n"

#define STYLE                                                                  \
	"<style>body{font-family:sans-serif;max-width:44em;margin:0 auto;"     \
	"padding:8px;line-height:1.5}pre{background:#f4f4f4;padding:8px;"      \
	"white-space:pre-wrap}</style>\n</head>\n<body>\n"

static void
esc(struct buf *b, const char *s)
{
	wikitext_escape(b, s, strlen(s));
}

/* admin_write_file - b into dir/name, mode 0644, not through a symlink. */
int
admin_write_file(
    const char *dir, const char *name, const struct buf *b, struct buf *why)
{
	struct buf path = BUF_INIT(4096);
	ssize_t w;
	size_t off = 0;
	int fd, rc = 0;

	buf_addf(&path, "%s/%s", dir, name);
	fd = open(
	    buf_cstr(&path), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0644);
	if (fd < 0 || fchmod(fd, 0644) != 0) {
		buf_addf(why, "cannot write %s: %s", buf_cstr(&path),
		    strerror(errno));
		rc = E_PERM;
	}
	while (rc == 0 && off < b->len) {
		w = write(fd, b->data + off, b->len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			buf_addf(why, "cannot write %s: %s", buf_cstr(&path),
			    strerror(errno));
			rc = E_TEMP;
		} else
			off += (size_t)w;
	}
	if (fd >= 0 && close(fd) != 0 && rc == 0) {
		buf_addf(why, "cannot write %s", buf_cstr(&path));
		rc = E_TEMP;
	}
	buf_release(&path);
	return rc;
}

/* admin_make_dir - dir with mode 0755 (an existing directory is fine). */
int
admin_make_dir(const char *dir, struct buf *why)
{
	struct stat sb;

	if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
		buf_addf(why, "cannot create %s: %s", dir, strerror(errno));
		return E_PERM;
	}
	if (lstat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		buf_addf(why, "%s is not a directory", dir);
		return E_PERM;
	}
	(void)chmod(dir, 0755);
	return 0;
}

/* safe_name - a list name usable as a directory name. */
static bool
safe_name(const char *s)
{
	return s[0] != '\0' && s[0] != '.' && strchr(s, '/') == NULL;
}

/* page_html - SLUG.html: the current page. */
static int
page_html(const char *dir, const struct wiki_page *p, struct buf *why)
{
	struct buf b = BUF_INIT(WIKI_MAX_OUTPUT + 65536), name = BUF_INIT(128);
	int rc;

	buf_adds(&b, HEAD "<title>");
	esc(&b, p->title);
	buf_adds(&b, "</title>\n" STYLE "<p><a href=\"index.html\">");
	esc(&b, p->list_name);
	buf_adds(&b, " wiki</a></p>\n<h1>");
	esc(&b, p->title);
	buf_addf(&b, "</h1>\n<p>Revision %d of ", p->number);
	esc(&b, p->updated);
	buf_adds(&b, " &middot; <a href=\"");
	esc(&b, p->slug);
	buf_adds(&b, ".history.html\">history</a></p>\n");
	wikitext_html(p->text, ".html", &b);
	buf_adds(&b, "</body>\n</html>\n");
	buf_addf(&name, "%s.html", p->slug);
	rc = buf_error(&b);
	if (rc != 0)
		buf_addf(why, "page %s is too large to render", p->slug);
	else
		rc = admin_write_file(dir, buf_cstr(&name), &b, why);
	buf_release(&b);
	buf_release(&name);
	return rc;
}

/* history_html - SLUG.history.html: every revision with its diff. */
static int
history_html(struct store *st, const char *dir, const struct wiki_page *p,
    struct buf *why)
{
	struct buf b = BUF_INIT(64 * 1024 * 1024), name = BUF_INIT(128);
	struct buf diff = BUF_INIT(WIKI_MAX_OUTPUT);
	struct wiki_rev *r;
	size_t n, i;
	int rc;

	rc = store_wiki_history(st, p->id, 0, true, &r, &n);
	if (rc != 0)
		return rc;
	buf_adds(&b, HEAD "<title>History: ");
	esc(&b, p->title);
	buf_adds(&b, "</title>\n" STYLE "<p><a href=\"");
	esc(&b, p->slug);
	buf_adds(&b, ".html\">back to the page</a></p>\n<h1>History: ");
	esc(&b, p->title);
	buf_adds(&b, "</h1>\n");
	for (i = 0; i < n; i++) {
		buf_addf(&b, "<h2>Revision %d</h2>\n<p>", r[i].number);
		esc(&b, r[i].created);
		buf_adds(&b, " &middot; ");
		esc(&b,
		    r[i].author_name[0] != '\0' ? r[i].author_name
		                                : r[i].author);
		buf_adds(&b, " &middot; ");
		esc(&b, r[i].mode);
		buf_adds(&b, "</p>\n<pre>");
		buf_reset(&diff);
		wikitext_diff(i + 1 < n ? r[i + 1].text : "", r[i].text, &diff);
		esc(&b, buf_cstr(&diff));
		buf_adds(&b, "</pre>\n");
	}
	buf_adds(&b, "</body>\n</html>\n");
	buf_addf(&name, "%s.history.html", p->slug);
	rc = buf_error(&b);
	if (rc != 0)
		buf_addf(why, "the history of %s is too large", p->slug);
	else
		rc = admin_write_file(dir, buf_cstr(&name), &b, why);
	wiki_revs_free(r, n);
	buf_release(&b);
	buf_release(&name);
	buf_release(&diff);
	return rc;
}

/* list_index - LIST/index.html, pages [from, to) of one list. */
static int
list_index(const char *dir, const struct wiki_page *p, size_t from, size_t to,
    struct buf *why)
{
	struct buf b = BUF_INIT(16 * 1024 * 1024);
	size_t i;
	int rc;

	buf_adds(&b, HEAD "<title>");
	esc(&b, p[from].list_name);
	buf_adds(&b,
	    " wiki</title>\n" STYLE "<p><a href=\"../index.html\">"
	    "All lists</a></p>\n<h1>");
	esc(&b, p[from].list_name);
	buf_adds(&b, " wiki</h1>\n<ul>\n");
	for (i = from; i < to; i++) {
		buf_adds(&b, "<li><a href=\"");
		esc(&b, p[i].slug);
		buf_adds(&b, ".html\">");
		esc(&b, p[i].title);
		buf_addf(&b, "</a> (revision %d, ", p[i].number);
		esc(&b, p[i].updated);
		buf_adds(&b, ")</li>\n");
	}
	buf_adds(&b, "</ul>\n</body>\n</html>\n");
	if (buf_error(&b) == 0)
		rc = admin_write_file(dir, "index.html", &b, why);
	else {
		buf_adds(why, "the page index is too large");
		rc = E_LIMIT;
	}
	buf_release(&b);
	return rc;
}

int
wiki_build(struct store *st, const char *outdir, struct buf *why)
{
	struct wiki_page *p;
	struct buf top = BUF_INIT(1024 * 1024), dir = BUF_INIT(4096);
	size_t n, i, k, from;
	int rc;

	rc = admin_make_dir(outdir, why);
	if (rc == 0)
		rc = store_wiki_pages(st, 0, true, &p, &n);
	if (rc != 0)
		return rc;
	buf_adds(
	    &top, HEAD "<title>Wiki</title>\n" STYLE "<h1>Wiki</h1>\n<ul>\n");
	for (i = 0; i < n && rc == 0;) {
		from = i;
		while (i < n && strcmp(p[i].list_name, p[from].list_name) == 0)
			i++;
		if (!safe_name(p[from].list_name))
			continue;
		buf_reset(&dir);
		buf_addf(&dir, "%s/%s", outdir, p[from].list_name);
		rc = admin_make_dir(buf_cstr(&dir), why);
		for (k = from; k < i && rc == 0; k++) {
			if (p[k].number == 0)
				continue;
			rc = page_html(buf_cstr(&dir), &p[k], why);
			if (rc == 0)
				rc = history_html(
				    st, buf_cstr(&dir), &p[k], why);
		}
		if (rc == 0)
			rc = list_index(buf_cstr(&dir), p, from, i, why);
		buf_adds(&top, "<li><a href=\"");
		esc(&top, p[from].list_name);
		buf_adds(&top, "/index.html\">");
		esc(&top, p[from].list_name);
		buf_addf(&top, "</a> (%zu pages)</li>\n", i - from);
	}
	buf_adds(&top, "</ul>\n</body>\n</html>\n");
	if (rc == 0)
		rc = admin_write_file(outdir, "index.html", &top, why);
	wiki_pages_free(p, n);
	buf_release(&top);
	buf_release(&dir);
	return rc;
}

int
cmd_wiki(struct ctx *c, int argc, char **argv)
{
	struct buf why = BUF_INIT(1024);
	int rc;

	if (argc != 2 || strcmp(argv[0], "build") != 0) {
		fprintf(stderr, "stoa: usage: stoa wiki build OUTDIR\n");
		return EX_USAGE;
	}
	rc = ctx_open(c);
	if (rc != 0)
		return rc;
	rc = wiki_build(c->st, argv[1], &why);
	if (rc != 0)
		rc = die_rc(
		    rc, why.len > 0 ? buf_cstr(&why) : "wiki build failed");
	buf_release(&why);
	return rc;
}

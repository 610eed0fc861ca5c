/*
 * wikitext.c - page names, markup to HTML, line diff and section merge.
 *
 * Everything works on lines: a text is cut into struct str slices at
 * "\n" (a trailing "\r" is dropped).  The HTML renderer is a one-pass
 * line classifier with three block states (paragraph, list, code); inline
 * markup is scanned left to right and every byte that is not markup is
 * escaped.  The diff is a longest-common-subsequence table over the
 * changed middle of the two texts (common prefix and suffix cut first),
 * capped by WIKI_DIFF_CELLS.  The merge compares sections, not lines,
 * because that is what people edit by mail: "my part of the page".
 */
#include <sys/types.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "err.h"
#include "html.h"
#include "wikitext.h"
#include "xmalloc.h"

/* A text cut into lines (slices into the original). */
struct lines {
	struct str *l;
	size_t n;
};

static void
lines_split(const char *text, struct lines *out)
{
	const char *p = text != NULL ? text : "", *nl;
	size_t cap = 16;

	out->n = 0;
	out->l = xreallocarray(NULL, cap, sizeof *out->l);
	while (*p != '\0') {
		size_t n;

		nl = strchr(p, '\n');
		n = nl != NULL ? (size_t)(nl - p) : strlen(p);
		if (out->n == cap) {
			cap *= 2;
			out->l = xreallocarray(out->l, cap, sizeof *out->l);
		}
		out->l[out->n].p = p;
		out->l[out->n].n = n > 0 && p[n - 1] == '\r' ? n - 1 : n;
		out->n++;
		if (nl == NULL)
			break;
		p = nl + 1;
	}
}

static void
lines_free(struct lines *l)
{
	free(l->l);
	l->l = NULL;
	l->n = 0;
}

static bool
is_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

int
wikitext_slug(const char *name, char out[WIKI_MAX_SLUG + 1])
{
	size_t n = 0;
	bool dash = false;

	for (; name != NULL && *name != '\0' && n < WIKI_MAX_SLUG; name++) {
		int c = (unsigned char)*name;

		if (!is_alnum(c)) {
			dash = n > 0;
			continue;
		}
		if (dash) {
			out[n++] = '-';
			dash = false;
			if (n == WIKI_MAX_SLUG)
				break;
		}
		out[n++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	while (n > 0 && out[n - 1] == '-')
		n--;
	out[n] = '\0';
	return n > 0 ? 0 : E_PARSE;
}

void
wikitext_escape(struct buf *out, const char *s, size_t n)
{
	size_t i, start = 0;

	for (i = 0; i < n; i++) {
		const char *rep = s[i] == '\0' ? "" : html_entity(s[i]);

		if (rep != NULL) {
			buf_add(out, s + start, i - start);
			buf_adds(out, rep);
			start = i + 1;
		}
	}
	buf_add(out, s + start, n - start);
}

/* heading_level - 1..6 for "# text" lines, else 0; *text the rest. */
static int
heading_level(struct str l, struct str *text)
{
	size_t i = 0;

	while (i < l.n && i < 7 && l.p[i] == '#')
		i++;
	if (i == 0 || i > 6 || i >= l.n || l.p[i] != ' ')
		return 0;
	if (text != NULL) {
		*text = str_trim((struct str){l.p + i + 1, l.n - i - 1});
		while (text->n > 0 && text->p[text->n - 1] == '#')
			text->n--;
		*text = str_trim(*text);
	}
	return (int)i;
}

static bool
is_fence(struct str l)
{
	return l.n >= 3 && memcmp(l.p, "```", 3) == 0;
}

static bool
has_prefix(const char *p, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k && strncasecmp(p, prefix, k) == 0;
}

/* url_len - the length of a safe URL at p (http, https, mailto), or 0. */
static size_t
url_len(const char *p, size_t n, bool bare)
{
	size_t i;

	if (!has_prefix(p, n, "https://") && !has_prefix(p, n, "http://") &&
	    !has_prefix(p, n, "mailto:"))
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c <= ' ' || c == '<' || c == '>' || c == '"' || c == '\'' ||
		    c == '`' || c == 0x7f || (!bare && c == ')'))
			break;
	}
	while (bare && i > 0 && strchr(".,;:!?)", p[i - 1]) != NULL)
		i--;
	return strchr(p, ':') != NULL && i > 8 ? i : 0;
}

/* find - the first occurrence of s in p[0..n), or NULL. */
static const char *
find(const char *p, size_t n, const char *s)
{
	size_t k = strlen(s), i;

	for (i = 0; i + k <= n; i++)
		if (memcmp(p + i, s, k) == 0)
			return p + i;
	return NULL;
}

static void
link_open(struct buf *out, const char *url, size_t n)
{
	buf_adds(out, "<a href=\"");
	wikitext_escape(out, url, n);
	buf_adds(out, "\">");
}

/* inline_html - one line of inline markup, escaped. */
static void
inline_html(struct str s, const char *link_suffix, struct buf *out)
{
	const char *p = s.p, *end = s.p + s.n, *q;
	size_t n;

	while (p < end) {
		size_t left = (size_t)(end - p);

		if (*p == '`' && (q = find(p + 1, left - 1, "`")) != NULL) {
			buf_adds(out, "<code>");
			wikitext_escape(out, p + 1, (size_t)(q - p - 1));
			buf_adds(out, "</code>");
			p = q + 1;
		} else if (left > 4 && memcmp(p, "**", 2) == 0 &&
		    (q = find(p + 2, left - 2, "**")) != NULL && q > p + 2) {
			buf_adds(out, "<strong>");
			wikitext_escape(out, p + 2, (size_t)(q - p - 2));
			buf_adds(out, "</strong>");
			p = q + 2;
		} else if (left > 4 && memcmp(p, "[[", 2) == 0 &&
		    (q = find(p + 2, left - 2, "]]")) != NULL && q > p + 2) {
			char *name =
			    str_dup((struct str){p + 2, (size_t)(q - p - 2)});
			char slug[WIKI_MAX_SLUG + 1];

			if (link_suffix != NULL &&
			    wikitext_slug(name, slug) == 0) {
				buf_adds(out, "<a href=\"");
				wikitext_escape(out, slug, strlen(slug));
				wikitext_escape(
				    out, link_suffix, strlen(link_suffix));
				buf_adds(out, "\">");
				wikitext_escape(out, name, strlen(name));
				buf_adds(out, "</a>");
			} else {
				buf_adds(out, "<em>");
				wikitext_escape(out, name, strlen(name));
				buf_adds(out, "</em>");
			}
			free(name);
			p = q + 2;
		} else if (*p == '[' &&
		    (q = find(p + 1, left - 1, "](")) != NULL &&
		    (n = url_len(q + 2, (size_t)(end - q - 2), false)) > 0 &&
		    q + 2 + n < end && q[2 + n] == ')') {
			link_open(out, q + 2, n);
			wikitext_escape(out, p + 1, (size_t)(q - p - 1));
			buf_adds(out, "</a>");
			p = q + 3 + n;
		} else if ((n = url_len(p, left, true)) > 0 &&
		    (p == s.p || !is_alnum((unsigned char)p[-1]))) {
			link_open(out, p, n);
			wikitext_escape(out, p, n);
			buf_adds(out, "</a>");
			p += n;
		} else {
			wikitext_escape(out, p, 1);
			p++;
		}
	}
}

enum block { B_NONE, B_PARA, B_UL, B_OL, B_FENCE, B_INDENT };

static void
block_close(struct buf *out, enum block *b)
{
	static const char *const close[] = {"", "</p>\n", "</ul>\n", "</ol>\n",
	    "</code></pre>\n", "</code></pre>\n"};

	buf_adds(out, close[*b]);
	*b = B_NONE;
}

static void
block_open(struct buf *out, enum block *b, enum block want)
{
	static const char *const open[] = {
	    "", "<p>", "<ul>\n", "<ol>\n", "<pre><code>", "<pre><code>"};

	if (*b == want)
		return;
	block_close(out, b);
	buf_adds(out, open[want]);
	*b = want;
}

/* list_item - "- x", "* x" (ul) or "12. x" (ol): the kind and the text. */
static enum block
list_item(struct str l, struct str *text)
{
	size_t i = 0;

	if (l.n >= 2 && (l.p[0] == '-' || l.p[0] == '*') && l.p[1] == ' ') {
		*text = str_trim((struct str){l.p + 2, l.n - 2});
		return B_UL;
	}
	while (i < l.n && i < 9 && l.p[i] >= '0' && l.p[i] <= '9')
		i++;
	if (i > 0 && i + 1 < l.n && l.p[i] == '.' && l.p[i + 1] == ' ') {
		*text = str_trim((struct str){l.p + i + 2, l.n - i - 2});
		return B_OL;
	}
	return B_NONE;
}

int
wikitext_html(const char *text, const char *link_suffix, struct buf *out)
{
	struct lines ls;
	enum block b = B_NONE, li;
	struct str t;
	size_t i;
	int level;

	lines_split(text, &ls);
	for (i = 0; i < ls.n && buf_error(out) == 0; i++) {
		struct str l = ls.l[i];

		if (b == B_FENCE) {
			if (is_fence(l))
				block_close(out, &b);
			else {
				wikitext_escape(out, l.p, l.n);
				buf_addc(out, '\n');
			}
			continue;
		}
		if (is_fence(l)) {
			block_close(out, &b);
			block_open(out, &b, B_FENCE);
			continue;
		}
		if ((l.n > 0 && l.p[0] == '\t') ||
		    (l.n >= 4 && memcmp(l.p, "    ", 4) == 0)) {
			size_t skip = l.p[0] == '\t' ? 1 : 4;

			if (b != B_INDENT && b != B_NONE && b != B_PARA)
				block_close(out, &b);
			if (b ==
			    B_PARA) /* an indented line inside a paragraph */
				goto para;
			block_open(out, &b, B_INDENT);
			wikitext_escape(out, l.p + skip, l.n - skip);
			buf_addc(out, '\n');
			continue;
		}
		if (str_trim(l).n == 0) {
			block_close(out, &b);
			continue;
		}
		level = heading_level(l, &t);
		if (level > 0) {
			block_close(out, &b);
			level = level + 1 > 6 ? 6 : level + 1;
			buf_addf(out, "<h%d>", level);
			inline_html(t, link_suffix, out);
			buf_addf(out, "</h%d>\n", level);
			continue;
		}
		li = list_item(l, &t);
		if (li != B_NONE) {
			block_open(out, &b, li);
			buf_adds(out, "<li>");
			inline_html(t, link_suffix, out);
			buf_adds(out, "</li>\n");
			continue;
		}
	para:
		if (b == B_PARA)
			buf_adds(out, "<br>\n");
		else
			block_open(out, &b, B_PARA);
		inline_html(str_trim(l), link_suffix, out);
	}
	block_close(out, &b);
	lines_free(&ls);
	return buf_error(out);
}

/* add_trimmed - s without trailing blank lines and spaces, plus "\n". */
static void
add_trimmed(struct buf *out, const char *s)
{
	size_t n = strlen(s);

	while (n > 0 &&
	    (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\t' ||
	        s[n - 1] == '\r'))
		n--;
	while (n > 0 && (*s == '\n' || *s == '\r')) {
		s++;
		n--;
	}
	if (n > 0) {
		buf_add(out, s, n);
		buf_addc(out, '\n');
	}
}

int
wikitext_append(const char *text, const char *add, struct buf *out)
{
	size_t before = out->len;

	add_trimmed(out, text);
	if (out->len > before)
		buf_addc(out, '\n');
	add_trimmed(out, add);
	return buf_error(out);
}

/* One section: a key (heading text, lower case, with an occurrence
 * number) and its lines [start, end). */
struct section {
	char *key;
	size_t start, end;
};

struct sections {
	struct lines ls;
	struct section *s;
	size_t n;
};

static char *
section_key(struct str heading, size_t occurrence)
{
	struct buf b = BUF_INIT(WIKI_MAX_TEXT);
	char *k;

	buf_add(&b, heading.p, heading.n);
	buf_addf(&b, "\n%zu", occurrence);
	k = buf_detach(&b);
	str_lower(k);
	return k;
}

/* sections_split - the preamble (key "") and one section per heading. */
static void
sections_split(const char *text, struct sections *out)
{
	bool fence = false;
	size_t i, j;
	struct str h;

	lines_split(text, &out->ls);
	out->s = xreallocarray(NULL, out->ls.n + 1, sizeof *out->s);
	out->n = 1;
	out->s[0] = (struct section){xstrdup(""), 0, 0};
	for (i = 0; i < out->ls.n; i++) {
		struct str l = out->ls.l[i];

		if (is_fence(l))
			fence = !fence;
		if (!fence && heading_level(l, &h) > 0) {
			size_t occ = 0;
			char *k;

			out->s[out->n - 1].end = i;
			k = section_key(h, 0);
			for (j = 1; j < out->n; j++)
				if (strncmp(out->s[j].key, k, strlen(k) - 1) ==
				    0)
					occ++;
			free(k);
			out->s[out->n++] =
			    (struct section){section_key(h, occ), i, i};
		}
	}
	out->s[out->n - 1].end = out->ls.n;
}

static void
sections_free(struct sections *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->s[i].key);
	free(s->s);
	lines_free(&s->ls);
}

/* section_text - the lines of section i, each ending in "\n", trimmed. */
static char *
section_text(const struct sections *s, size_t i)
{
	struct buf b = BUF_INIT(WIKI_MAX_OUTPUT);
	size_t j;

	for (j = s->s[i].start; j < s->s[i].end; j++) {
		buf_add(&b, s->ls.l[j].p, s->ls.l[j].n);
		buf_addc(&b, '\n');
	}
	while (b.len > 0 && b.data[b.len - 1] == '\n' &&
	    (b.len == 1 || b.data[b.len - 2] == '\n'))
		b.len--;
	if (b.data != NULL)
		b.data[b.len] = '\0';
	return buf_detach(&b);
}

static ssize_t
section_find(const struct sections *s, const char *key)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->s[i].key, key) == 0)
			return (ssize_t)i;
	return -1;
}

/* join - sections as text: blank line between, preamble first. */
static void
join(struct buf *out, char **parts, size_t n)
{
	size_t i, before = out->len;

	for (i = 0; i < n; i++) {
		if (parts[i] == NULL || parts[i][0] == '\0')
			continue;
		if (out->len > before)
			buf_addc(out, '\n');
		add_trimmed(out, parts[i]);
	}
}

int
wikitext_section(
    const char *text, const char *heading, const char *body, struct buf *out)
{
	struct sections s;
	struct lines bl;
	struct str want = str_trim(str_from(heading)), h;
	char **parts;
	size_t i, hit = 0;
	bool body_heading;

	while (want.n > 0 && want.p[0] == '#') {
		want.p++;
		want.n--;
	}
	want = str_trim(want);
	sections_split(text, &s);
	lines_split(body, &bl);
	body_heading = bl.n > 0 && heading_level(bl.l[0], NULL) > 0;
	lines_free(&bl);
	parts = xreallocarray(NULL, s.n + 1, sizeof *parts);
	for (i = 0; i < s.n; i++) {
		parts[i] = section_text(&s, i);
		if (i == 0 || hit != 0)
			continue;
		heading_level(s.ls.l[s.s[i].start], &h);
		if (h.n == want.n && strncasecmp(h.p, want.p, h.n) == 0)
			hit = i;
	}
	if (hit != 0) {
		struct buf b = BUF_INIT(WIKI_MAX_OUTPUT);

		if (!body_heading) {
			struct str hl = s.ls.l[s.s[hit].start];

			buf_add(&b, hl.p, hl.n);
			buf_adds(&b, "\n\n");
		}
		add_trimmed(&b, body);
		free(parts[hit]);
		parts[hit] = buf_detach(&b);
		join(out, parts, s.n);
	} else {
		struct buf b = BUF_INIT(WIKI_MAX_OUTPUT);

		if (!body_heading) {
			buf_adds(&b, "## ");
			buf_add(&b, want.p, want.n);
			buf_adds(&b, "\n\n");
		}
		add_trimmed(&b, body);
		parts[s.n] = buf_detach(&b);
		join(out, parts, s.n + 1);
	}
	for (i = 0; i <= s.n; i++)
		if (i < s.n || hit == 0)
			free(parts[i]);
	free(parts);
	sections_free(&s);
	return buf_error(out);
}

/* same - two optional section texts are equal. */
static bool
same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* pick - merge one section; *conflict when both sides changed it. */
static const char *
pick(const char *b, const char *t, const char *o, bool *conflict)
{
	if (same(t, o))
		return t;
	if (same(b, t))
		return o;
	if (same(b, o))
		return t;
	*conflict = true;
	return t;
}

int
wikitext_merge(const char *base, const char *theirs, const char *ours,
    struct buf *out, bool *conflict)
{
	struct sections sb, st, so;
	char **bt, **tt, **ot, **res;
	const char **keys;
	size_t i, n = 0, cap;
	ssize_t k;

	*conflict = false;
	sections_split(base, &sb);
	sections_split(theirs, &st);
	sections_split(ours, &so);
	bt = xreallocarray(NULL, sb.n, sizeof *bt);
	tt = xreallocarray(NULL, st.n, sizeof *tt);
	ot = xreallocarray(NULL, so.n, sizeof *ot);
	for (i = 0; i < sb.n; i++)
		bt[i] = section_text(&sb, i);
	for (i = 0; i < st.n; i++)
		tt[i] = section_text(&st, i);
	for (i = 0; i < so.n; i++)
		ot[i] = section_text(&so, i);
	cap = st.n + so.n;
	res = xreallocarray(NULL, cap, sizeof *res);
	keys = xreallocarray(NULL, cap, sizeof *keys);
	/* theirs, in their order */
	for (i = 0; i < st.n && !*conflict; i++) {
		const char *b = NULL, *o = NULL, *r;

		k = section_find(&sb, st.s[i].key);
		if (k >= 0)
			b = bt[k];
		k = section_find(&so, st.s[i].key);
		if (k >= 0)
			o = ot[k];
		r = pick(b, tt[i], o, conflict);
		if (r != NULL) {
			keys[n] = st.s[i].key;
			res[n++] = (char *)r;
		}
	}
	/* sections only ours has: new ones go after their predecessor */
	for (i = 0; i < so.n && !*conflict; i++) {
		size_t at = 0, j;
		ssize_t prev;

		if (section_find(&st, so.s[i].key) >= 0)
			continue;
		k = section_find(&sb, so.s[i].key);
		if (k >= 0) { /* theirs deleted it */
			if (!same(bt[k], ot[i]))
				*conflict = true;
			continue;
		}
		for (prev = (ssize_t)i - 1; prev >= 0; prev--) {
			for (j = 0; j < n; j++)
				if (strcmp(keys[j], so.s[prev].key) == 0)
					break;
			if (j < n) {
				at = j + 1;
				break;
			}
		}
		memmove(res + at + 1, res + at, (n - at) * sizeof *res);
		memmove(keys + at + 1, keys + at, (n - at) * sizeof *keys);
		res[at] = ot[i];
		keys[at] = so.s[i].key;
		n++;
	}
	if (!*conflict)
		join(out, res, n);
	for (i = 0; i < sb.n; i++)
		free(bt[i]);
	for (i = 0; i < st.n; i++)
		free(tt[i]);
	for (i = 0; i < so.n; i++)
		free(ot[i]);
	free(bt);
	free(tt);
	free(ot);
	free(res);
	free(keys);
	sections_free(&sb);
	sections_free(&st);
	sections_free(&so);
	return buf_error(out);
}

static bool
line_eq(struct str a, struct str b)
{
	return a.n == b.n && memcmp(a.p, b.p, a.n) == 0;
}

/* One step of an edit script: '=', '-' or '+', and the line. */
struct op {
	char kind;
	size_t a, b; /* line numbers (0-based) in a and b */
};

/* script - the edit script for a[pre..na-suf) and b[pre..nb-suf). */
static size_t
script(const struct lines *a, const struct lines *b, size_t pre, size_t suf,
    struct op *ops)
{
	size_t n = a->n - pre - suf, m = b->n - pre - suf, i, j, k = 0;

	for (i = 0; i < pre; i++)
		ops[k++] = (struct op){'=', i, i};
	if (n > 0 && m > 0 && (n + 1) * (m + 1) <= WIKI_DIFF_CELLS) {
		uint32_t *t = xreallocarray(NULL, (n + 1) * (m + 1), sizeof *t);

#define T(x, y) t[(x) * (m + 1) + (y)]
		for (i = n + 1; i-- > 0;)
			for (j = m + 1; j-- > 0;) {
				if (i == n || j == m)
					T(i, j) = 0;
				else if (line_eq(a->l[pre + i], b->l[pre + j]))
					T(i, j) = T(i + 1, j + 1) + 1;
				else
					T(i, j) = T(i + 1, j) > T(i, j + 1)
					    ? T(i + 1, j)
					    : T(i, j + 1);
			}
		i = 0;
		j = 0;
		while (i < n || j < m) {
			if (i < n && j < m &&
			    line_eq(a->l[pre + i], b->l[pre + j])) {
				ops[k++] = (struct op){'=', pre + i, pre + j};
				i++;
				j++;
			} else if (i < n &&
			    (j == m || T(i + 1, j) >= T(i, j + 1)))
				ops[k++] = (struct op){'-', pre + i++, pre + j};
			else
				ops[k++] = (struct op){'+', pre + i, pre + j++};
		}
#undef T
		free(t);
	} else {
		for (i = 0; i < n; i++)
			ops[k++] = (struct op){'-', pre + i, pre};
		for (j = 0; j < m; j++)
			ops[k++] = (struct op){'+', pre + n, pre + j};
	}
	for (i = 0; i < suf; i++)
		ops[k++] = (struct op){'=', pre + n + i, pre + m + i};
	return k;
}

int
wikitext_diff(const char *a, const char *b, struct buf *out)
{
	struct lines la, lb;
	struct op *ops;
	size_t pre = 0, suf = 0, n, i, j, last = (size_t)-1;
	const size_t ctx = 2;

	lines_split(a, &la);
	lines_split(b, &lb);
	while (pre < la.n && pre < lb.n && line_eq(la.l[pre], lb.l[pre]))
		pre++;
	while (suf < la.n - pre && suf < lb.n - pre &&
	    line_eq(la.l[la.n - 1 - suf], lb.l[lb.n - 1 - suf]))
		suf++;
	ops = xreallocarray(NULL, la.n + lb.n + 1, sizeof *ops);
	n = script(&la, &lb, pre, suf, ops);
	for (i = 0; i < n && buf_error(out) == 0; i++) {
		bool near = false;

		for (j = i >= ctx ? i - ctx : 0; j < n && j <= i + ctx; j++)
			if (ops[j].kind != '=')
				near = true;
		if (!near)
			continue;
		if (last == (size_t)-1 || i != last + 1)
			buf_addf(out, "@@ line %zu @@\n", ops[i].a + 1);
		last = i;
		if (ops[i].kind == '+') {
			buf_adds(out, "+ ");
			buf_add(out, lb.l[ops[i].b].p, lb.l[ops[i].b].n);
		} else {
			buf_adds(out, ops[i].kind == '-' ? "- " : "  ");
			buf_add(out, la.l[ops[i].a].p, la.l[ops[i].a].n);
		}
		buf_addc(out, '\n');
	}
	free(ops);
	lines_free(&la);
	lines_free(&lb);
	return buf_error(out);
}

int
wikitext_distance(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b), i, j;
	int row[65], prev, tmp, best;

	if (na > 64)
		na = 64;
	if (nb > 64)
		nb = 64;
	for (j = 0; j <= nb; j++)
		row[j] = (int)j;
	for (i = 1; i <= na; i++) {
		prev = row[0];
		row[0] = (int)i;
		for (j = 1; j <= nb; j++) {
			tmp = row[j];
			best = prev + (a[i - 1] == b[j - 1] ? 0 : 1);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = tmp;
		}
	}
	return row[nb] > 99 ? 99 : row[nb];
}

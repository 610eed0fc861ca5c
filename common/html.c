/*
 * html.c - HTML to readable text, in one forward pass.
 *
 * The scanner alternates between text runs and tags.  Text has its
 * whitespace collapsed (except inside <pre>) and entities decoded.  Block
 * tags ask for a line or paragraph break, which is only written before the
 * next visible text, so breaks never pile up at the end or the start.
 * <script>, <style>, <head>, <title> and <template> are skipped up to their
 * closing tag; comments, doctypes and processing instructions are dropped.
 * A link remembers where its text began, and on </a> appends " <url>" when
 * the url adds something.
 *
 * Non-goals: CSS, tables laid out as grids, a DOM.  Invariant: out only
 * ever receives valid UTF-8; invalid input bytes become U+FFFD.
 */
#include <stdbool.h>
#include <string.h>

#include "err.h"
#include "html.h"

#define HTML_MAX_TAG   64   /* bytes of a tag name kept */
#define HTML_MAX_HREF  2048 /* bytes of a link target kept */
#define HTML_MAX_LISTS 16   /* list nesting tracked */

struct hstate {
	struct buf *out;
	size_t start;     /* out->len when we began: our output starts here */
	int pend;         /* line breaks wanted before the next text (0-2) */
	bool space;       /* a collapsed space is pending */
	int pre;          /* <pre> depth */
	const char *item; /* list marker to write before the next text */
	int nlist;        /* open lists */
	int ordinal[HTML_MAX_LISTS]; /* 0 for <ul>, else next number */
	char marker[32];
	char href[HTML_MAX_HREF];
	size_t href_len;
	size_t link_at; /* out->len at <a>, or (size_t)-1 */
};

/* lc - ASCII lower case. */
static int
lc(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static bool
is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

/* trailing_nl - number of '\n' at the end of our output (0-2). */
static int
trailing_nl(const struct hstate *s)
{
	size_t i = s->out->len;
	int n = 0;

	while (i > s->start && n < 2 && s->out->data[i - 1] == '\n') {
		i--;
		n++;
	}
	return n;
}

/* chop_spaces - drop spaces at the end of the current output line. */
static void
chop_spaces(struct hstate *s)
{
	size_t n = s->out->len;

	while (n > s->start && s->out->data[n - 1] == ' ')
		n--;
	buf_truncate(s->out, n);
}

/* brk - ask for n line breaks before the next text. */
static void
brk(struct hstate *s, int n)
{
	if (s->pend < n)
		s->pend = n;
	s->space = false;
}

/* flush - write pending breaks, list marker and space before text. */
static void
flush(struct hstate *s)
{
	int have;

	if (s->out->len > s->start && s->pend > 0) {
		chop_spaces(s);
		have = trailing_nl(s);
		while (have < s->pend) {
			buf_addc(s->out, '\n');
			have++;
		}
		s->space = false;
	}
	s->pend = 0;
	if (s->item != NULL) {
		buf_adds(s->out, s->item);
		s->item = NULL;
		s->space = false;
	}
	if (s->space && s->out->len > s->start &&
	    s->out->data[s->out->len - 1] != '\n')
		buf_addc(s->out, ' ');
	s->space = false;
}

static const struct {
	const char *name;
	unsigned long cp;
} entities[] = {{"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'},
    {"apos", '\''}, {"nbsp", ' '}, {"copy", 0xa9}, {"reg", 0xae},
    {"trade", 0x2122}, {"hellip", 0x2026}, {"mdash", 0x2014}, {"ndash", 0x2013},
    {"lsquo", 0x2018}, {"rsquo", 0x2019}, {"ldquo", 0x201c}, {"rdquo", 0x201d},
    {"laquo", 0xab}, {"raquo", 0xbb}, {"euro", 0x20ac}, {"pound", 0xa3},
    {"yen", 0xa5}, {"cent", 0xa2}, {"sect", 0xa7}, {"para", 0xb6},
    {"deg", 0xb0}, {"plusmn", 0xb1}, {"times", 0xd7}, {"divide", 0xf7},
    {"middot", 0xb7}, {"bull", 0x2022}, {"iexcl", 0xa1}, {"iquest", 0xbf},
    {"shy", 0xad}, {"zwnj", 0x200c}, {"zwj", 0x200d}, {"thinsp", 0x2009},
    {"ensp", 0x2002}, {"emsp", 0x2003}, {"agrave", 0xe0}, {"aacute", 0xe1},
    {"acirc", 0xe2}, {"auml", 0xe4}, {"ccedil", 0xe7}, {"egrave", 0xe8},
    {"eacute", 0xe9}, {"ecirc", 0xea}, {"euml", 0xeb}, {"iacute", 0xed},
    {"icirc", 0xee}, {"ntilde", 0xf1}, {"oacute", 0xf3}, {"ocirc", 0xf4},
    {"ouml", 0xf6}, {"uacute", 0xfa}, {"ugrave", 0xf9}, {"ucirc", 0xfb},
    {"uuml", 0xfc}, {"szlig", 0xdf}, {"Agrave", 0xc0}, {"Aacute", 0xc1},
    {"Auml", 0xc4}, {"Ccedil", 0xc7}, {"Eacute", 0xc9}, {"Egrave", 0xc8},
    {"Ouml", 0xd6}, {"Uuml", 0xdc}, {"Ntilde", 0xd1}, {"oslash", 0xf8},
    {"aring", 0xe5}, {"aelig", 0xe6}, {"Oslash", 0xd8}, {"Aring", 0xc5},
    {"AElig", 0xc6}};

/*
 * entity - decode the entity at p[0] == '&' into *cp; returns the bytes it
 * spans, or 0 when it is not an entity we know (the '&' is then literal).
 */
static size_t
entity(const char *p, const char *end, unsigned long *cp)
{
	const char *q = p + 1;
	unsigned long v = 0;
	size_t i, n, digits = 0;

	if (q < end && *q == '#') {
		q++;
		if (q < end && lc((unsigned char)*q) == 'x') {
			for (q++; q < end && digits < 8; q++, digits++) {
				int c = lc((unsigned char)*q);
				if (c >= '0' && c <= '9')
					v = v * 16 + (unsigned long)(c - '0');
				else if (c >= 'a' && c <= 'f')
					v = v * 16 +
					    (unsigned long)(c - 'a' + 10);
				else
					break;
			}
		} else {
			for (; q < end && digits < 8 && *q >= '0' && *q <= '9';
			     q++, digits++)
				v = v * 10 + (unsigned long)(*q - '0');
		}
		if (digits == 0)
			return 0;
		if (q < end && *q == ';')
			q++;
		if (v >= 0x80 && v < 0xa0)
			v = 0xfffd; /* C1 controls: no readable meaning */
		*cp = v;
		return (size_t)(q - p);
	}
	for (n = 0; q + n < end && n < 8 &&
	     ((q[n] >= 'a' && q[n] <= 'z') || (q[n] >= 'A' && q[n] <= 'Z'));
	     n++)
		;
	if (n == 0 || q + n >= end || q[n] != ';')
		return 0;
	for (i = 0; i < sizeof(entities) / sizeof(entities[0]); i++) {
		if (strlen(entities[i].name) == n &&
		    memcmp(entities[i].name, q, n) == 0) {
			*cp = entities[i].cp;
			return n + 2;
		}
	}
	return 0;
}

/* text - write the text run p[0..end) with entities decoded. */
static void
text(struct hstate *s, const char *p, const char *end)
{
	unsigned long cp;
	size_t k;

	while (p < end) {
		unsigned char c = (unsigned char)*p;

		if (c == 0) {
			p++;
			continue;
		}
		if (is_ws(c) && s->pre == 0) {
			s->space = true;
			p++;
			continue;
		}
		if (c == '\r') {
			p++;
			continue;
		}
		if (c == '\n') {
			flush(s);
			buf_addc(s->out, '\n');
			p++;
			continue;
		}
		if (c == '&') {
			k = entity(p, end, &cp);
			if (k > 0) {
				p += k;
				if (cp != 0 && (cp < 0x20 || cp == 0x7f)) {
					/* &#13; and friends: at most a space */
					if (s->pre != 0 &&
					    (cp == '\t' || cp == '\n')) {
						flush(s);
						buf_addc(s->out, (int)cp);
					} else if (s->pre == 0) {
						s->space = true;
					}
				} else if (cp == ' ' && s->pre == 0) {
					s->space = true;
				} else if (cp != 0xad) {
					flush(s);
					buf_add_utf8(
					    s->out, cp == 0 ? 0xfffd : cp);
				}
				continue;
			}
		}
		flush(s);
		k = utf8_char_len((const unsigned char *)p, (size_t)(end - p));
		if (k == 0) {
			buf_add_utf8(s->out, 0xfffd);
			p++;
		} else {
			buf_add(s->out, p, k);
			p += k;
		}
	}
}

/* skip_to_close - from p, find "</name" (any case); returns the '<' or end. */
static const char *
skip_to_close(const char *p, const char *end, const char *name)
{
	size_t n = strlen(name), i;

	for (; p + 2 + n <= end; p++) {
		if (p[0] != '<' || p[1] != '/')
			continue;
		for (i = 0; i < n; i++)
			if (lc((unsigned char)p[2 + i]) != name[i])
				break;
		if (i == n)
			return p;
	}
	return end;
}

/*
 * attr - find attribute name in the tag body p[0..end) and copy its
 * entity-decoded value into dst (cap bytes, NUL-terminated); returns its
 * length, 0 when absent or empty.
 */
static size_t
attr(const char *p, const char *end, const char *name, char *dst, size_t cap)
{
	const char *ns, *ne, *vs, *ve;
	size_t n = strlen(name), len, k, i;
	unsigned long cp;
	char q;

	while (p < end) {
		while (p < end && (is_ws((unsigned char)*p) || *p == '/'))
			p++;
		ns = p;
		while (p < end && !is_ws((unsigned char)*p) && *p != '=' &&
		    *p != '/')
			p++;
		ne = p;
		while (p < end && is_ws((unsigned char)*p))
			p++;
		vs = ve = p;
		if (p < end && *p == '=') {
			p++;
			while (p < end && is_ws((unsigned char)*p))
				p++;
			q = 0;
			if (p < end && (*p == '"' || *p == '\''))
				q = *p++;
			vs = p;
			while (p < end &&
			    (q != 0 ? *p != q : !is_ws((unsigned char)*p)))
				p++;
			ve = p;
			if (q != 0 && p < end)
				p++;
		} else if (ne == ns) {
			p++; /* a stray character: step over it */
			continue;
		}
		if ((size_t)(ne - ns) != n)
			continue;
		for (i = 0; i < n; i++)
			if (lc((unsigned char)ns[i]) != name[i])
				break;
		if (i != n)
			continue;
		len = 0;
		while (vs < ve && len + 1 < cap) {
			if (*vs == '&') {
				k = entity(vs, ve, &cp);
				if (k > 0 && cp < 0x80 && cp != 0) {
					dst[len++] = (char)cp;
					vs += k;
					continue;
				}
			}
			dst[len++] = *vs++;
		}
		dst[len] = '\0';
		return len;
	}
	return 0;
}

/* list_item - break the line and set the "- " or "N. " marker for a new list
 * item. */
static void
list_item(struct hstate *s)
{
	int level = s->nlist > 0 ? s->nlist - 1 : 0;
	struct buf m = BUF_INIT(sizeof(s->marker) - 1);
	int i;

	brk(s, 1);
	for (i = 0; i < level && i < 8; i++)
		buf_adds(&m, "  ");
	if (s->nlist > 0 && s->nlist <= HTML_MAX_LISTS &&
	    s->ordinal[s->nlist - 1] > 0)
		buf_addf(&m, "%d. ", s->ordinal[s->nlist - 1]++);
	else
		buf_adds(&m, "- ");
	memcpy(s->marker, buf_cstr(&m), m.len + 1);
	buf_release(&m);
	s->item = s->marker;
}

/* is_name - whether the tag name tn equals one of the words in list. */
static bool
is_name(const char *tn, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(tn, *list) == 0)
			return true;
	return false;
}

static const char *const para_tags[] = {"p", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "table", "pre", "hr", "ul", "ol", "dl", "address", "figure",
    NULL};
static const char *const line_tags[] = {"div", "tr", "section", "article",
    "header", "footer", "nav", "aside", "main", "form", "center", "dt", "dd",
    "caption", "fieldset", "details", "summary", "tbody", "thead", "tfoot",
    "body", "html", "li", "option", "legend", NULL};
static const char *const skip_tags[] = {"script", "style", "head", "title",
    "template", "noscript", "xml", "svg", NULL};

/*
 * tag - handle the tag whose name is tn and whose attributes are in
 * a[0..ae); closing says "</...>".  Returns where scanning resumes when the
 * tag starts a skipped element, else NULL.
 */
static const char *
tag(struct hstate *s, const char *tn, bool closing, const char *a,
    const char *ae, const char *resume, const char *end)
{
	char alt[256];
	const char *r;
	size_t n;

	if (!closing && is_name(tn, skip_tags)) {
		r = skip_to_close(resume, end, tn);
		/* an unclosed <head> hides nothing: its parts skip themselves
		 */
		if (r == end && strcmp(tn, "head") == 0)
			return NULL;
		return r;
	}
	if (strcmp(tn, "br") == 0) {
		s->pend = 0;
		chop_spaces(s);
		if (trailing_nl(s) < 2 && s->out->len > s->start)
			buf_addc(s->out, '\n');
		s->space = false;
		return NULL;
	}
	if (strcmp(tn, "pre") == 0)
		s->pre += closing ? (s->pre > 0 ? -1 : 0) : 1;
	if (strcmp(tn, "ul") == 0 || strcmp(tn, "ol") == 0) {
		if (closing) {
			if (s->nlist > 0)
				s->nlist--;
		} else {
			if (s->nlist < HTML_MAX_LISTS)
				s->ordinal[s->nlist] = tn[0] == 'o' ? 1 : 0;
			s->nlist++;
		}
		brk(s, s->nlist > (closing ? 0 : 1) ? 1 : 2);
		return NULL;
	}
	if (strcmp(tn, "li") == 0 && !closing) {
		list_item(s);
		return NULL;
	}
	if (is_name(tn, para_tags)) {
		brk(s, 2);
		return NULL;
	}
	if (is_name(tn, line_tags)) {
		brk(s, 1);
		return NULL;
	}
	if (strcmp(tn, "td") == 0 || strcmp(tn, "th") == 0) {
		if (!closing)
			s->space = true;
		return NULL;
	}
	if (strcmp(tn, "img") == 0 && !closing) {
		n = attr(a, ae, "alt", alt, sizeof(alt));
		if (n > 0)
			text(s, alt, alt + n);
		return NULL;
	}
	if (strcmp(tn, "a") == 0) {
		if (!closing) {
			s->href_len =
			    attr(a, ae, "href", s->href, sizeof(s->href));
			if (s->href_len > 0 &&
			    !str_ihas_prefix(s->href, "http:") &&
			    !str_ihas_prefix(s->href, "https:") &&
			    !str_ihas_prefix(s->href, "mailto:") &&
			    !str_ihas_prefix(s->href, "ftp:"))
				s->href_len = 0;
			s->link_at = s->out->len;
			return NULL;
		}
		if (s->href_len > 0 && s->link_at != (size_t)-1 &&
		    s->link_at <= s->out->len) {
			struct str shown = {s->out->data + s->link_at,
			    s->out->len - s->link_at};
			const char *h = s->href;

			shown = str_trim(shown);
			if (str_ihas_prefix(h, "mailto:"))
				h += strlen("mailto:");
			if (!str_eq(shown, h) && !str_eq(shown, s->href)) {
				flush(s);
				if (shown.n > 0)
					buf_addc(s->out, ' ');
				buf_addc(s->out, '<');
				text(s, s->href, s->href + s->href_len);
				buf_addc(s->out, '>');
			}
		}
		s->href_len = 0;
		s->link_at = (size_t)-1;
	}
	return NULL;
}

int
html_to_text(const char *html, size_t len, struct buf *out)
{
	struct hstate s;
	const char *p = html, *end = html + len, *t, *a, *ae, *r;
	char tn[HTML_MAX_TAG];
	size_t n;
	bool closing;

	memset(&s, 0, sizeof(s));
	s.out = out;
	s.start = out->len;
	s.link_at = (size_t)-1;
	while (p < end && buf_error(out) == 0) {
		t = memchr(p, '<', (size_t)(end - p));
		if (t == NULL)
			t = end;
		text(&s, p, t);
		if (t == end)
			break;
		p = t + 1;
		if (p < end && *p == '!') {
			if (end - p >= 3 && p[1] == '-' && p[2] == '-') {
				for (r = p + 3; r + 3 <= end; r++)
					if (r[0] == '-' && r[1] == '-' &&
					    r[2] == '>')
						break;
				p = r + 3 <= end ? r + 3 : end;
				continue;
			}
			r = memchr(p, '>', (size_t)(end - p));
			p = r != NULL ? r + 1 : end;
			continue;
		}
		if (p < end && *p == '?') {
			r = memchr(p, '>', (size_t)(end - p));
			p = r != NULL ? r + 1 : end;
			continue;
		}
		closing = p < end && *p == '/';
		if (closing)
			p++;
		if (p >= end ||
		    !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))) {
			text(&s, t, p); /* a literal '<' (or "</") */
			continue;
		}
		n = 0;
		while (p < end && !is_ws((unsigned char)*p) && *p != '>' &&
		    *p != '/') {
			if (n + 1 < sizeof(tn))
				tn[n++] = (char)lc((unsigned char)*p);
			p++;
		}
		tn[n] = '\0';
		a = p;
		/* find the '>' that ends the tag, stepping over quoted values
		 */
		while (p < end && *p != '>') {
			if (*p == '"' || *p == '\'') {
				r = memchr(p + 1, *p, (size_t)(end - p - 1));
				p = r != NULL ? r + 1 : end;
			} else {
				p++;
			}
		}
		ae = p;
		if (p < end)
			p++;
		r = tag(&s, tn, closing, a, ae, p, end);
		if (r != NULL)
			p = r;
	}
	chop_spaces(&s);
	n = out->len;
	while (n > s.start && out->data[n - 1] == '\n')
		n--;
	buf_truncate(out, n);
	if (n > s.start)
		buf_addc(out, '\n');
	return buf_error(out);
}

/*
 * mime.c - inbound message parsing; the only file that includes libetpan.
 *
 * A parse has four steps:
 *
 *   1. prescan: one linear pass over the raw bytes, before libetpan sees
 *      them.  It measures the top-level header block (bytes, fields, NUL
 *      bytes, addresses) and follows Content-Type boundaries to measure
 *      MIME depth and part count, noting multiparts that never close
 *      (MSG_F_TRUNCATED) or have no usable boundary (MSG_F_BAD_MIME).
 *      libetpan is quadratic in nesting (STACK-NOTES 3.3), so over-deep
 *      input is refused here, quickly.
 *   2. copy: the bytes go into one buffer with MIME_PAD NUL bytes after
 *      them, because libetpan's QP decoder reads up to 2 bytes past a part
 *      ending in "=X" (STACK-NOTES 3.6.2).  The libetpan tree points into
 *      this copy, which lives until mailmime_free().
 *   3. headers: we split and unfold the top-level header block ourselves,
 *      so every header is kept in order, folded References and Message-IDs
 *      survive (libetpan drops them, 3.6.4), and 8-bit bytes get a
 *      charset chosen by UTF-8 validity.  libetpan decodes RFC 2047 words,
 *      addresses and the date.
 *   4. body: mailmime_parse() builds the tree; we walk it, pick the text
 *      (text/plain, else HTML via html.c), and collect attachments.  Every
 *      text is converted to UTF-8 by our own code (utf-8, ascii, latin-1,
 *      windows-1252) or iconv with replacement, never by charconv, which
 *      hides invalid bytes behind '?'.
 *
 * mailmime_extract_boundary() is redefined below to fix the boundary="\""
 * heap overflow (3.6.1): libetpan.so calls it through its PLT, so the
 * definition in the executable wins.  That only holds when libetpan is a
 * shared library; linking libetpan.a would fail with a duplicate symbol.
 *
 * Invariant: every string handed out is valid UTF-8 without NUL.
 */
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libetpan/libetpan.h>

#include "bounds.h"
#include "err.h"
#include "html.h"
#include "mime.h"
#include "xmalloc.h"

#define MIME_PAD          16   /* NUL bytes after the copy (QP over-read) */
#define MIME_MAX_BOUNDARY 200  /* boundary bytes the prescan compares */
#define MIME_MAX_CTYPE    2048 /* bytes of a Content-Type the prescan reads */
#define MIME_MAX_MSGID    998  /* bytes of one msg-id */
#define MIME_MAX_CHARSET  64   /* bytes of a charset name */
#define MIME_MAX_NAME     1024 /* bytes of an attachment name */

/*
 * mailmime_extract_boundary - libetpan's own copies b+1 for len-2 bytes
 * when the boundary parameter starts with a quote, so a one-byte value
 * '"' writes SIZE_MAX bytes.  Same contract: malloc'd copy without the
 * surrounding quotes, or NULL.
 */
char *mailmime_extract_boundary(struct mailmime_content *ct);

char *
mailmime_extract_boundary(struct mailmime_content *ct)
{
	char *b, *nb;
	size_t len;

	b = mailmime_content_param_get(ct, "boundary");
	if (b == NULL)
		return NULL;
	len = strlen(b);
	nb = malloc(len + 1); /* libetpan frees it with free() */
	if (nb == NULL)
		return NULL;
	if (len >= 2 && b[0] == '"' && b[len - 1] == '"') {
		memcpy(nb, b + 1, len - 2);
		nb[len - 2] = '\0';
	} else {
		memcpy(nb, b, len + 1);
	}
	return nb;
}

void
mime_limits_default(struct mime_limits *l)
{
	l->max_bytes = DEF_MESSAGE_BYTES;
	l->max_header_bytes = DEF_HEADER_BYTES;
	l->max_headers = DEF_HEADERS;
	l->max_addresses = DEF_ADDRESSES;
	l->max_depth = DEF_MIME_DEPTH;
	l->max_parts = DEF_MIME_PARTS;
	l->max_attachment_bytes = DEF_ATTACHMENT_BYTES;
}

/* ---- small helpers -------------------------------------------------- */

static int
lc(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static bool
is_wsp(int c)
{
	return c == ' ' || c == '\t';
}

/* mem_ieq - case-insensitive compare of p[0..n) with the C string s. */
static bool
mem_ieq(const char *p, size_t n, const char *s)
{
	struct str a = {p, n};

	return str_ieq(a, s);
}

/* mem_iprefix - whether p[0..n) starts with s, any case. */
static bool
mem_iprefix(const char *p, size_t n, const char *s)
{
	size_t k = strlen(s);

	return n >= k && mem_ieq(p, k, s);
}

/* next_line - end of the line at p (past its LF), or end. */
static const char *
next_line(const char *p, const char *end)
{
	const char *q = memchr(p, '\n', (size_t)(end - p));

	return q != NULL ? q + 1 : end;
}

/* is_blank_line - whether p[0..e) is "\n", "\r\n" or empty. */
static bool
is_blank_line(const char *p, const char *e)
{
	if (p < e && *p == '\r')
		p++;
	return p == e || (p + 1 == e && *p == '\n');
}

/* fail - set the one-line reason, when the caller wants one. */
static int
fail(struct buf *why, int rc, const char *reason)
{
	if (why != NULL)
		buf_sets(why, reason);
	return rc;
}

/* ---- UTF-8 output ------------------------------------------------------ */

/* windows-1252 bytes 0x80-0x9f; the five holes map to C1 as WHATWG does. */
static const unsigned short cp1252_hi[32] = {0x20ac, 0x81, 0x201a, 0x192,
    0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d,
    0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
    0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178};

static void
put_cp1252(struct buf *b, unsigned char c)
{
	if (c < 0x80)
		buf_add(b, &c, 1);
	else if (c < 0xa0)
		buf_add_utf8(b, cp1252_hi[c - 0x80]);
	else
		buf_add_utf8(b, c);
}

/* utf8_ok - p[0..n) is well-formed UTF-8 (NUL allowed: removed later). */
static bool
utf8_ok(const char *p, size_t n)
{
	size_t i, k;

	for (i = 0; i < n; i += k) {
		k = utf8_char_len((const unsigned char *)p + i, n - i);
		if (k == 0)
			return false;
	}
	return true;
}

/*
 * add_guess - append p[0..n) keeping well-formed UTF-8 sequences and
 * reading every other byte as windows-1252.  Output is always valid.
 */
static void
add_guess(struct buf *b, const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t i = 0, k, run;

	while (i < n && buf_error(b) == 0) {
		run = i;
		while (i < n && u[i] >= 0x20 && u[i] < 0x80)
			i++;
		if (i > run)
			buf_add(b, p + run, i - run);
		if (i >= n)
			break;
		k = utf8_char_len(u + i, n - i);
		if (k == 0) {
			put_cp1252(b, u[i]);
			i++;
		} else {
			buf_add(b, p + i, k);
			i += k;
		}
	}
}

/* add_latin - append p[0..n) read as windows-1252 (latin-1 superset). */
static void
add_latin(struct buf *b, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n && buf_error(b) == 0; i++)
		put_cp1252(b, (unsigned char)p[i]);
}

/* charset kinds we decode ourselves */
enum cs { CS_UTF8, CS_ASCII, CS_LATIN, CS_OTHER };

/* cs_kind - classify a lower-cased charset name. */
static enum cs
cs_kind(const char *cs)
{
	static const char *const utf8[] = {
	    "utf-8", "utf8", "unicode-1-1-utf-8", NULL};
	static const char *const ascii[] = {
	    "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "us", "", NULL};
	static const char *const latin[] = {"iso-8859-1", "iso8859-1",
	    "iso_8859-1", "latin1", "l1", "windows-1252", "cp1252", "x-cp1252",
	    "cp819", "ibm819", NULL};
	const char *const *p;

	for (p = utf8; *p != NULL; p++)
		if (strcmp(cs, *p) == 0)
			return CS_UTF8;
	for (p = ascii; *p != NULL; p++)
		if (strcmp(cs, *p) == 0)
			return CS_ASCII;
	for (p = latin; *p != NULL; p++)
		if (strcmp(cs, *p) == 0)
			return CS_LATIN;
	return CS_OTHER;
}

/* iconv_name - the name glibc knows for a MIME charset (libetpan's aliases). */
static const char *
iconv_name(const char *cs)
{
	if (strcmp(cs, "gb2312") == 0)
		return "GBK";
	if (strcmp(cs, "ks_c_5601-1987") == 0)
		return "EUC-KR";
	if (strcmp(cs, "iso-2022-jp") == 0)
		return "ISO-2022-JP-2";
	return cs;
}

/*
 * add_iconv - convert p[0..n) from cs with iconv, replacing each invalid
 * byte by U+FFFD.  Returns false when iconv does not know cs (nothing
 * written); *bad is set when bytes were replaced.
 */
static bool
add_iconv(struct buf *b, const char *cs, const char *p, size_t n, bool *bad)
{
	iconv_t cd;
	char tmp[4096], *in = (char *)(uintptr_t)p, *o;
	size_t inleft = n, oleft, r;

	cd = iconv_open("UTF-8", iconv_name(cs));
	if (cd == (iconv_t)-1)
		return false;
	while (inleft > 0 && buf_error(b) == 0) {
		o = tmp;
		oleft = sizeof(tmp);
		r = iconv(cd, &in, &inleft, &o, &oleft);
		buf_add(b, tmp, sizeof(tmp) - oleft);
		if (r != (size_t)-1)
			continue;
		if (errno == E2BIG)
			continue;
		/* EILSEQ or EINVAL (cut short): replace one byte, go on */
		*bad = true;
		buf_add_utf8(b, 0xfffd);
		in++;
		inleft--;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	o = tmp;
	oleft = sizeof(tmp);
	iconv(cd, NULL, NULL, &o, &oleft); /* flush shift state */
	buf_add(b, tmp, sizeof(tmp) - oleft);
	iconv_close(cd);
	return true;
}

/*
 * add_text - append p[0..n), declared as charset cs (any case; NULL for
 * none), to b as UTF-8.  Sets MSG_F_CHARSET_GUESS in *flags when cs is
 * unknown or the bytes do not fit it.
 */
static void
add_text(
    struct buf *b, const char *p, size_t n, const char *cs, unsigned *flags)
{
	char name[MIME_MAX_CHARSET];
	size_t i, k, start;
	bool bad = false;
	enum cs kind;

	k = 0;
	if (cs != NULL) {
		while (is_wsp((unsigned char)*cs) || *cs == '"')
			cs++;
		for (i = 0;
		     cs[i] != '\0' && cs[i] != '"' && k + 1 < sizeof(name); i++)
			name[k++] = (char)lc((unsigned char)cs[i]);
	}
	while (k > 0 && is_wsp((unsigned char)name[k - 1]))
		k--;
	name[k] = '\0';
	kind = cs_kind(name);
	switch (kind) {
	case CS_UTF8:
	case CS_ASCII:
		/* libetpan would turn invalid bytes into '?': check them */
		for (i = 0; i < n; i += k) {
			k = utf8_char_len((const unsigned char *)p + i, n - i);
			if (k == 0)
				break;
			if (k > 1 && kind == CS_ASCII)
				bad = true; /* 8-bit UTF-8 declared as ASCII */
		}
		if (i == n) {
			buf_add(b, p, n);
			break;
		}
		bad = true;
		add_guess(b, p, n);
		break;
	case CS_LATIN:
		add_latin(b, p, n);
		break;
	case CS_OTHER:
		start = b->len;
		if (!add_iconv(b, name, p, n, &bad)) {
			bad = true;
			add_guess(b, p, n);
		} else if (b->len > start &&
		    !utf8_ok(b->data + start, b->len - start)) {
			/* glibc passes e.g. F4 90 80 80 (> U+10FFFF) through */
			char *tmp = xmemdup(b->data + start, b->len - start);
			size_t tn = b->len - start;

			buf_truncate(b, start);
			add_guess(b, tmp, tn);
			free(tmp);
			bad = true;
		}
		break;
	}
	if (bad)
		*flags |= MSG_F_CHARSET_GUESS;
}

/*
 * normalise - in b from offset start: CRLF and lone CR become LF, NUL
 * bytes go.  Works in place (the text only shrinks).
 */
static void
normalise(struct buf *b, size_t start)
{
	char *d = b->data;
	size_t i, j;

	if (d == NULL)
		return;
	for (i = j = start; i < b->len; i++) {
		if (d[i] == '\0')
			continue;
		if (d[i] == '\r') {
			d[j++] = '\n';
			if (i + 1 < b->len && d[i + 1] == '\n')
				i++;
			continue;
		}
		d[j++] = d[i];
	}
	buf_truncate(b, j);
}

/* clean_line - in place: controls (CR, LF, TAB ...) become spaces, trim. */
static void
clean_line(char *s)
{
	size_t i, j = 0, n = strlen(s);

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			s[i] = ' ';
	i = 0;
	while (i < n && s[i] == ' ')
		i++;
	while (n > i && s[n - 1] == ' ')
		n--;
	if (i > 0)
		memmove(s, s + i, n - i);
	j = n - i;
	s[j] = '\0';
}

/* ---- prescan ------------------------------------------------------------ */

struct level {
	char b[MIME_MAX_BOUNDARY + 1]; /* boundary (truncated) */
	size_t n;
	bool seen; /* a delimiter line of it was found */
};

struct scan {
	const struct mime_limits *lim;
	struct level *lv; /* open multiparts, max_depth + 1 of them */
	size_t nlv;
	size_t parts;    /* delimiter lines */
	size_t ct_lines; /* Content-Type lines anywhere */
	size_t chain;    /* Content-Type lines since the last delimiter */
	size_t hdr_end;  /* offset where the top-level header block ends */
	size_t body;     /* offset of the top-level body */
	unsigned flags;
};

/*
 * ct_param - find parameter name in the Content-Type value v[0..n) and
 * copy its unquoted value to dst (cap bytes); returns true when present.
 */
static bool
ct_param(const char *v, size_t n, const char *name, char *dst, size_t cap,
    size_t *len)
{
	const char *p = v, *end = v + n, *ns;
	size_t k;
	bool q;

	while (p < end) {
		p = memchr(p, ';', (size_t)(end - p));
		if (p == NULL)
			return false;
		p++;
		while (p < end &&
		    (is_wsp((unsigned char)*p) || *p == '\r' || *p == '\n'))
			p++;
		ns = p;
		while (p < end && *p != '=' && *p != ';' &&
		    !is_wsp((unsigned char)*p))
			p++;
		if (!mem_ieq(ns, (size_t)(p - ns), name))
			continue;
		while (p < end && is_wsp((unsigned char)*p))
			p++;
		if (p >= end || *p != '=')
			continue;
		p++;
		while (p < end && is_wsp((unsigned char)*p))
			p++;
		q = p < end && *p == '"';
		if (q)
			p++;
		k = 0;
		while (p < end) {
			if (q && *p == '"')
				break;
			if (!q &&
			    (*p == ';' || is_wsp((unsigned char)*p) ||
			        *p == '\r' || *p == '\n'))
				break;
			if (q && *p == '\\' && p + 1 < end)
				p++;
			if (k + 1 < cap)
				dst[k++] = *p;
			p++;
		}
		dst[k] = '\0';
		*len = k;
		return true;
	}
	return false;
}

/* ct_type - which kind of container a Content-Type value declares. */
enum ctkind { CT_LEAF, CT_MULTI, CT_MESSAGE };

static enum ctkind
ct_kind(const char *v, size_t n)
{
	while (
	    n > 0 && (is_wsp((unsigned char)*v) || *v == '\r' || *v == '\n')) {
		v++;
		n--;
	}
	if (mem_iprefix(v, n, "multipart/"))
		return CT_MULTI;
	if (mem_iprefix(v, n, "message/rfc822") ||
	    mem_iprefix(v, n, "message/global"))
		return CT_MESSAGE;
	return CT_LEAF;
}

/* delimiter - index+1 of the open level whose boundary starts line p, or 0. */
static size_t
delimiter(const struct scan *s, const char *p, const char *e, bool *close)
{
	size_t i, n = (size_t)(e - p);

	if (n < 3 || p[0] != '-' || p[1] != '-')
		return 0;
	for (i = s->nlv; i > 0; i--) {
		const struct level *l = &s->lv[i - 1];

		if (n - 2 >= l->n && memcmp(p + 2, l->b, l->n) == 0) {
			*close = n - 2 - l->n >= 2 && p[2 + l->n] == '-' &&
			    p[3 + l->n] == '-';
			return i;
		}
	}
	return 0;
}

/*
 * scan_headers - read a header block at *pp (a MIME part's or a message's)
 * and act on its Content-Type: push a multipart level or report a message.
 * depth is the nesting of this block.  Returns 0, or E_LIMIT.
 */
static int
scan_headers(struct scan *s, const char **pp, const char *end, size_t depth,
    enum ctkind *kind, struct buf *why)
{
	char ct[MIME_MAX_CTYPE];
	size_t ctn = 0, blen;
	const char *p = *pp, *e;
	bool in_ct = false, have_ct = false;
	struct level *l;

	while (p < end) {
		bool close;

		e = next_line(p, end);
		if (is_blank_line(p, e)) {
			p = e;
			break;
		}
		if (delimiter(s, p, e, &close) != 0)
			break; /* an empty part: leave the line to the caller */
		if (is_wsp((unsigned char)*p)) {
			if (!in_ct) {
				p = e;
				continue;
			}
		} else {
			in_ct =
			    mem_iprefix(p, (size_t)(e - p), "content-type:");
			if (in_ct) {
				if (have_ct) {
					in_ct = false; /* first one wins */
				} else {
					have_ct = true;
					s->ct_lines++;
					s->chain++;
					p += strlen("content-type:");
				}
			}
		}
		if (in_ct) {
			blen = (size_t)(e - p);
			if (blen > sizeof(ct) - 1 - ctn)
				blen = sizeof(ct) - 1 - ctn;
			memcpy(ct + ctn, p, blen);
			ctn += blen;
		}
		p = e;
	}
	*pp = p;
	*kind = have_ct ? ct_kind(ct, ctn) : CT_LEAF;
	if (*kind == CT_LEAF)
		return 0;
	if (depth + 1 > s->lim->max_depth)
		return fail(why, E_LIMIT, "MIME nesting deeper than max_depth");
	if (*kind == CT_MESSAGE)
		return 0;
	l = &s->lv[s->nlv];
	if (!ct_param(ct, ctn, "boundary", l->b, sizeof(l->b), &l->n) ||
	    l->n == 0) {
		s->flags |= MSG_F_BAD_MIME; /* libetpan: one single part */
		*kind = CT_LEAF;
		return 0;
	}
	l->seen = false;
	s->nlv++;
	return 0;
}

/*
 * scan_mime - follow the MIME structure of raw[body..len): part headers,
 * delimiters, nested messages.  Linear in len times max_depth.
 */
static int
scan_mime(struct scan *s, const char *raw, size_t len, enum ctkind top,
    struct buf *why)
{
	const char *p = raw + s->body, *end = raw + len, *e;
	enum ctkind kind = top;
	size_t k, depth = 0;
	bool close;
	int rc;

	if (kind == CT_MULTI)
		depth = 1;
	while (kind == CT_MESSAGE) {
		rc = scan_headers(s, &p, end, ++depth, &kind, why);
		if (rc != 0)
			return rc;
		if (kind == CT_MULTI)
			depth++;
	}
	while (p < end) {
		e = next_line(p, end);
		if (mem_iprefix(p, (size_t)(e - p), "content-type:")) {
			s->ct_lines++;
			s->chain++;
		}
		if (s->chain > s->lim->max_depth + 1)
			return fail(
			    why, E_LIMIT, "MIME nesting deeper than max_depth");
		if (s->ct_lines > s->lim->max_parts)
			return fail(
			    why, E_LIMIT, "more MIME parts than max_parts");
		k = delimiter(s, p, e, &close);
		p = e;
		if (k == 0)
			continue;
		s->chain = 0;
		if (k < s->nlv)
			s->flags |=
			    MSG_F_TRUNCATED; /* inner ones never closed */
		s->nlv = k;
		s->lv[k - 1].seen = true;
		if (close) {
			s->nlv--;
			continue;
		}
		if (++s->parts > s->lim->max_parts)
			return fail(
			    why, E_LIMIT, "more MIME parts than max_parts");
		depth = s->nlv;
		do {
			rc = scan_headers(s, &p, end, depth, &kind, why);
			if (rc != 0)
				return rc;
			depth++;
		} while (kind == CT_MESSAGE);
	}
	for (k = 0; k < s->nlv; k++) {
		if (!s->lv[k].seen)
			s->flags |= MSG_F_BAD_MIME;
		s->flags |= MSG_F_TRUNCATED;
	}
	return 0;
}

/* addr_header - whether a field name (with its colon) holds addresses. */
static bool
addr_header(const char *p, size_t n)
{
	static const char *const names[] = {"from:", "to:", "cc:", "bcc:",
	    "reply-to:", "sender:", "resent-from:", "resent-to:", "resent-cc:",
	    "resent-bcc:", "resent-sender:", NULL};
	const char *const *q;

	for (q = names; *q != NULL; q++)
		if (mem_iprefix(p, n, *q))
			return true;
	return false;
}

/*
 * prescan - check every limit on raw[0..len) before libetpan sees it.
 * Fills s (header block extent, flags).  Returns 0, E_LIMIT or E_PARSE.
 */
static int
prescan(struct scan *s, const char *raw, size_t len, struct buf *why)
{
	const char *p = raw, *end = raw + len, *e, *c;
	size_t fields = 0, addrs = 0, commas = 0, ats = 0;
	bool in_addr = false;
	enum ctkind top;
	int rc;

	if (len > s->lim->max_bytes)
		return fail(why, E_LIMIT, "message larger than max_bytes");
	while (p < end) {
		e = next_line(p, end);
		if (is_blank_line(p, e))
			break;
		if (memchr(p, '\0', (size_t)(e - p)) != NULL)
			return fail(
			    why, E_PARSE, "NUL byte in the header block");
		if ((size_t)(e - raw) > s->lim->max_header_bytes)
			return fail(why, E_LIMIT,
			    "header block larger than max_header_bytes");
		if (!is_wsp((unsigned char)*p)) {
			if (in_addr)
				addrs += commas + 1 > ats ? commas + 1 : ats;
			commas = ats = 0;
			if (++fields > s->lim->max_headers)
				return fail(why, E_LIMIT,
				    "more header fields than max_headers");
			in_addr = addr_header(p, (size_t)(e - p));
		}
		if (in_addr) {
			for (c = p; c < e; c++) {
				if (*c == ',')
					commas++;
				else if (*c == '@')
					ats++;
			}
		}
		if (addrs > s->lim->max_addresses ||
		    (in_addr && addrs + commas > s->lim->max_addresses))
			return fail(
			    why, E_LIMIT, "more addresses than max_addresses");
		p = e;
	}
	if (in_addr)
		addrs += commas + 1 > ats ? commas + 1 : ats;
	if (addrs > s->lim->max_addresses)
		return fail(why, E_LIMIT, "more addresses than max_addresses");
	s->hdr_end = (size_t)(p - raw);
	if (p < end)
		p = next_line(p, end);
	s->body = (size_t)(p - raw);
	if (fields == 0 && s->hdr_end == 0)
		return fail(why, E_PARSE, "no header fields");

	/* the top-level Content-Type, then the body */
	p = raw;
	rc = scan_headers(s, &p, raw + s->hdr_end, 0, &top, why);
	if (rc != 0)
		return rc;
	return scan_mime(s, raw, len, top, why);
}

/* ---- headers ------------------------------------------------------------ */

/*
 * decode_value - unfolded header value v to valid UTF-8 (caller frees):
 * RFC 2047 words decoded by libetpan, raw 8-bit bytes read as UTF-8 when
 * valid, else windows-1252.
 */
static char *
decode_value(const char *v)
{
	struct buf b;
	char *out = NULL;
	size_t idx = 0, n = strlen(v);
	const char *def;
	unsigned f = 0; /* raw 8-bit in a header is common: no flag */

	buf_init(&b, 4 * n + 16);
	if (strstr(v, "=?") != NULL) {
		def = utf8_valid(v, n) ? "utf-8" : "windows-1252";
		if (mailmime_encoded_phrase_parse(
		        def, v, n, &idx, "utf-8", &out) == MAILIMF_NO_ERROR &&
		    out != NULL) {
			add_text(&b, out, strlen(out), "utf-8", &f);
			free(out);
			out = buf_detach(&b);
			clean_line(out);
			return out;
		}
		free(out);
	}
	add_text(&b, v, n, "utf-8", &f);
	out = buf_detach(&b);
	clean_line(out);
	return out;
}

/*
 * unfold - copy a header value p[0..n) without its CR and LF bytes (the
 * folding); the whitespace after them stays.
 */
static char *
unfold(const char *p, size_t n)
{
	char *s = xmalloc(n + 1);
	size_t i, j = 0;

	for (i = 0; i < n; i++)
		if (p[i] != '\r' && p[i] != '\n')
			s[j++] = p[i];
	s[j] = '\0';
	return s;
}

/* field_name_ok - printable ASCII without space or colon, not empty. */
static bool
field_name_ok(const char *p, size_t n)
{
	size_t i;

	if (n == 0)
		return false;
	for (i = 0; i < n; i++)
		if ((unsigned char)p[i] <= 32 || (unsigned char)p[i] >= 127 ||
		    p[i] == ':')
			return false;
	return true;
}

struct rawhdr {
	char *name;
	char *value; /* unfolded, not decoded */
};

/*
 * split_headers - the fields of the header block raw[0..n), unfolded, in
 * order.  Lines without a colon are skipped.
 */
static struct rawhdr *
split_headers(const char *raw, size_t n, size_t *count)
{
	const char *p = raw, *end = raw + n, *e, *f, *colon;
	struct rawhdr *h = NULL;
	size_t nh = 0, cap = 0, nl;

	while (p < end) {
		f = p;
		e = next_line(p, end);
		while (e < end && is_wsp((unsigned char)*e))
			e = next_line(e, end);
		p = e;
		if (is_wsp((unsigned char)*f))
			continue; /* continuation without a field */
		colon = memchr(f, ':', (size_t)(e - f));
		if (colon == NULL)
			continue;
		nl = (size_t)(colon - f);
		while (nl > 0 && is_wsp((unsigned char)f[nl - 1]))
			nl--;
		if (!field_name_ok(f, nl))
			continue;
		if (nh == cap) {
			cap = cap == 0 ? 32 : cap * 2;
			h = xreallocarray(h, cap, sizeof(*h));
		}
		h[nh].name = xstrndup(f, nl);
		h[nh].value = unfold(colon + 1, (size_t)(e - colon - 1));
		nh++;
	}
	*count = nh;
	return h;
}

/* raw_get - first unfolded raw value of header name, or NULL. */
static const char *
raw_get(const struct rawhdr *h, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcasecmp(h[i].name, name) == 0)
			return h[i].value;
	return NULL;
}

/*
 * extract_ids - every "<...>" msg-id of v, whitespace inside removed (a
 * folded id survives), without the brackets; when v has no '<' at all,
 * its space-separated words containing '@'.  first_only stops at one.
 * need_at drops bracketed ids without '@' (RFC 5322 requires one): such
 * a token, e.g. <yes> from "git send-email --in-reply-to yes", would
 * merge unrelated threads.
 */
static void
extract_ids(
    const char *v, bool first_only, bool need_at, char ***ids, size_t *n)
{
	char id[MIME_MAX_MSGID + 1];
	const char *p = v, *q;
	size_t k, cap = 0;
	bool ok;

	*ids = NULL;
	*n = 0;
	if (strchr(v, '<') == NULL) {
		while (*p != '\0') {
			while (*p == ' ' || *p == '\t' || *p == ',')
				p++;
			q = p;
			while (
			    *q != '\0' && *q != ' ' && *q != '\t' && *q != ',')
				q++;
			k = (size_t)(q - p);
			if (k > 0 && k <= MIME_MAX_MSGID && memchr(p, '@', k) &&
			    utf8_valid(p, k)) {
				if (*n == cap) {
					cap = cap == 0 ? 8 : cap * 2;
					*ids = xreallocarray(
					    *ids, cap, sizeof(**ids));
				}
				(*ids)[(*n)++] = xstrndup(p, k);
				if (first_only)
					return;
			}
			p = q;
		}
		return;
	}
	while ((p = strchr(p, '<')) != NULL) {
		p++;
		k = 0;
		ok = true;
		for (q = p; *q != '\0' && *q != '>'; q++) {
			if (*q == '<')
				break;
			if (is_wsp((unsigned char)*q))
				continue;
			if ((unsigned char)*q < 33 || (unsigned char)*q > 126)
				ok = false;
			if (k < MIME_MAX_MSGID)
				id[k++] = *q;
			else
				ok = false;
		}
		if (*q != '>') {
			p = q;
			continue; /* no closing '>' or a new '<' */
		}
		p = q + 1;
		if (!ok || k == 0 || (need_at && memchr(id, '@', k) == NULL))
			continue;
		if (*n == cap) {
			cap = cap == 0 ? 8 : cap * 2;
			*ids = xreallocarray(*ids, cap, sizeof(**ids));
		}
		(*ids)[(*n)++] = xstrndup(id, k);
		if (first_only)
			return;
	}
}

/* first_id - the first msg-id of v (with '@' if need_at), or NULL. */
static char *
first_id(const char *v, bool need_at)
{
	char **ids, *r = NULL;
	size_t n;

	if (v == NULL)
		return NULL;
	extract_ids(v, true, need_at, &ids, &n);
	if (n > 0)
		r = ids[0];
	free(ids);
	return r;
}

/* days_from_civil - days since 1970-01-01 (Howard Hinnant's algorithm). */
static long long
days_from_civil(long long y, unsigned m, unsigned d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* parse_date - Date: value to Unix seconds, or -1. */
static long long
parse_date(const char *v)
{
	struct mailimf_date_time *dt = NULL;
	size_t idx = 0;
	long long t, y;
	int z;

	if (v == NULL ||
	    mailimf_date_time_parse(v, strlen(v), &idx, &dt) !=
	        MAILIMF_NO_ERROR ||
	    dt == NULL)
		return -1;
	y = dt->dt_year;
	if (y >= 0 && y < 50)
		y += 2000; /* RFC 5322 4.3 obsolete two-digit years */
	else if (y >= 50 && y < 1000)
		y += 1900;
	if (y < 1970 || y > 9999 || dt->dt_month < 1 || dt->dt_month > 12 ||
	    dt->dt_day < 1 || dt->dt_day > 31 || dt->dt_hour < 0 ||
	    dt->dt_hour > 23 || dt->dt_min < 0 || dt->dt_min > 59 ||
	    dt->dt_sec < 0 || dt->dt_sec > 60 || dt->dt_zone < -9959 ||
	    dt->dt_zone > 9959) {
		mailimf_date_time_free(dt);
		return -1;
	}
	z = dt->dt_zone < 0 ? -dt->dt_zone : dt->dt_zone;
	t = days_from_civil(y, (unsigned)dt->dt_month, (unsigned)dt->dt_day) *
	        86400 +
	    dt->dt_hour * 3600 + dt->dt_min * 60 + dt->dt_sec;
	t -= (dt->dt_zone < 0 ? -1 : 1) * ((z / 100) * 3600 + (z % 100) * 60);
	mailimf_date_time_free(dt);
	return t < 0 ? -1 : t;
}

/*
 * norm_email - a usable copy of addr-spec a with the domain lower-cased,
 * or NULL (no '@', empty side, controls, brackets, too long, bad UTF-8).
 */
static char *
norm_email(const char *a)
{
	const char *at;
	char *r;
	size_t n, i;

	if (a == NULL)
		return NULL;
	n = strlen(a);
	at = strrchr(a, '@');
	if (n == 0 || n > MAX_EMAIL || at == NULL || at == a || at[1] == '\0' ||
	    !utf8_valid(a, n))
		return NULL;
	for (i = 0; i < n; i++)
		if ((unsigned char)a[i] < 33 || a[i] == '<' || a[i] == '>' ||
		    a[i] == 0x7f)
			return NULL;
	r = xstrdup(a);
	str_lower(r + (at - a));
	return r;
}

/* fallback_addr - the last "<x@y>" of v, or its first word with '@'. */
static char *
fallback_addr(const char *v)
{
	const char *lt = strrchr(v, '<'), *gt, *p, *q;
	char *tmp, *r;

	gt = lt != NULL ? strchr(lt, '>') : NULL;
	if (gt != NULL) {
		tmp = xstrndup(lt + 1, (size_t)(gt - lt - 1));
		r = norm_email(tmp);
		free(tmp);
		return r;
	}
	for (p = v; *p != '\0'; p = q) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		q = p;
		while (*q != '\0' && *q != ' ' && *q != '\t' && *q != ',')
			q++;
		while (p < q && *p == '<')
			p++;
		if (q > p && memchr(p, '@', (size_t)(q - p)) != NULL) {
			tmp = xstrndup(p,
			    (size_t)(q - p > 0 && q[-1] == '>' ? q - p - 1
			                                       : q - p));
			r = norm_email(tmp);
			free(tmp);
			return r;
		}
	}
	return NULL;
}

struct addrs {
	struct mime_addr *a;
	size_t n, cap, max;
};

/* addrs_add - keep one mailbox when its address is usable. */
static void
addrs_add(struct addrs *as, const struct mailimf_mailbox *mb)
{
	char *email;

	if (mb == NULL || as->n >= as->max)
		return;
	email = norm_email(mb->mb_addr_spec);
	if (email == NULL)
		return;
	if (as->n == as->cap) {
		as->cap = as->cap == 0 ? 8 : as->cap * 2;
		as->a = xreallocarray(as->a, as->cap, sizeof(*as->a));
	}
	as->a[as->n].email = email;
	as->a[as->n].name = mb->mb_display_name != NULL
	    ? decode_value(mb->mb_display_name)
	    : xstrdup("");
	as->n++;
}

/* add_mailbox_list - every mailbox of a libetpan mailbox list. */
static void
add_mailbox_list(struct addrs *as, struct mailimf_mailbox_list *l)
{
	clistiter *it;

	if (l == NULL || l->mb_list == NULL)
		return;
	for (it = clist_begin(l->mb_list); it != NULL; it = clist_next(it))
		addrs_add(as, clist_content(it));
}

/* parse_addresses - To/Cc style value v appended to as (groups flattened). */
static void
parse_addresses(struct addrs *as, const char *v)
{
	struct mailimf_address_list *al = NULL;
	struct mailimf_address *ad;
	struct mailimf_mailbox mb;
	size_t idx = 0;
	clistiter *it;
	char *e;

	if (mailimf_address_list_parse(v, strlen(v), &idx, &al) ==
	        MAILIMF_NO_ERROR &&
	    al != NULL) {
		for (it = clist_begin(al->ad_list); it != NULL;
		     it = clist_next(it)) {
			ad = clist_content(it);
			if (ad->ad_type == MAILIMF_ADDRESS_MAILBOX)
				addrs_add(as, ad->ad_data.ad_mailbox);
			else if (ad->ad_type == MAILIMF_ADDRESS_GROUP &&
			    ad->ad_data.ad_group != NULL)
				add_mailbox_list(
				    as, ad->ad_data.ad_group->grp_mb_list);
		}
		mailimf_address_list_free(al);
		return;
	}
	e = fallback_addr(v);
	if (e != NULL) {
		mb.mb_display_name = NULL;
		mb.mb_addr_spec = e;
		addrs_add(as, &mb);
		free(e);
	}
}

/* parse_from - the first mailbox of From into *a (email NULL if none). */
static void
parse_from(struct mime_addr *a, const char *v)
{
	struct mailimf_mailbox_list *ml = NULL;
	struct addrs as = {NULL, 0, 0, 1};
	size_t idx = 0;

	a->name = NULL;
	a->email = NULL;
	if (v != NULL) {
		if (mailimf_mailbox_list_parse(v, strlen(v), &idx, &ml) ==
		        MAILIMF_NO_ERROR &&
		    ml != NULL) {
			add_mailbox_list(&as, ml);
			mailimf_mailbox_list_free(ml);
		}
		if (as.n == 1) {
			*a = as.a[0];
		} else {
			a->email = fallback_addr(v);
		}
		free(as.a);
	}
	if (a->name == NULL)
		a->name = xstrdup("");
}

/* do_headers - fill the header-derived fields of m. */
static void
do_headers(
    struct msg *m, const char *raw, size_t hlen, const struct mime_limits *lim)
{
	struct rawhdr *h;
	struct addrs as = {NULL, 0, 0, lim->max_addresses};
	const char *v;
	size_t n, i;

	h = split_headers(raw, hlen, &n);
	m->hdr = xcalloc(n > 0 ? n : 1, sizeof(*m->hdr));
	for (i = 0; i < n; i++) {
		m->hdr[i].name = h[i].name;
		m->hdr[i].value = decode_value(h[i].value);
	}
	m->n_hdr = n;
	m->message_id = first_id(raw_get(h, n, "Message-ID"), false);
	if (m->message_id == NULL)
		m->flags |= MSG_F_NO_MSGID;
	m->in_reply_to = first_id(raw_get(h, n, "In-Reply-To"), true);
	v = raw_get(h, n, "References");
	if (v != NULL)
		extract_ids(v, false, true, &m->references, &m->n_references);
	v = msg_header(m, "Subject");
	m->subject = xstrdup(v != NULL ? v : "");
	parse_from(&m->from, raw_get(h, n, "From"));
	for (i = 0; i < n; i++)
		if (strcasecmp(h[i].name, "To") == 0 ||
		    strcasecmp(h[i].name, "Cc") == 0)
			parse_addresses(&as, h[i].value);
	m->to = as.a;
	m->n_to = as.n;
	m->date = parse_date(raw_get(h, n, "Date"));
	for (i = 0; i < n; i++)
		free(h[i].value); /* names moved to m->hdr */
	free(h);
}

/* ---- body ---------------------------------------------------------------- */

struct walk {
	const struct mime_limits *lim;
	struct msg *m;
	struct buf text; /* text/plain parts, concatenated */
	bool have_plain;
	struct buf html; /* the first text/html part */
	bool have_html;
	size_t natt, capatt;
	size_t nodes;
	int rc;
};

/* ctype_str - lower-case "type/subtype" of ct (text/plain when NULL). */
static char *
ctype_str(const struct mailmime_content *ct)
{
	struct buf b = BUF_INIT(512);
	const char *t = "application", *st;
	char *r;

	if (ct == NULL || ct->ct_type == NULL)
		return xstrdup("text/plain");
	if (ct->ct_type->tp_type == MAILMIME_TYPE_DISCRETE_TYPE) {
		const struct mailmime_discrete_type *d =
		    ct->ct_type->tp_data.tp_discrete_type;

		switch (d->dt_type) {
		case MAILMIME_DISCRETE_TYPE_TEXT:
			t = "text";
			break;
		case MAILMIME_DISCRETE_TYPE_IMAGE:
			t = "image";
			break;
		case MAILMIME_DISCRETE_TYPE_AUDIO:
			t = "audio";
			break;
		case MAILMIME_DISCRETE_TYPE_VIDEO:
			t = "video";
			break;
		case MAILMIME_DISCRETE_TYPE_EXTENSION:
			if (d->dt_extension != NULL)
				t = d->dt_extension;
			break;
		default:
			break;
		}
	} else if (ct->ct_type->tp_type == MAILMIME_TYPE_COMPOSITE_TYPE) {
		const struct mailmime_composite_type *c =
		    ct->ct_type->tp_data.tp_composite_type;

		if (c->ct_type == MAILMIME_COMPOSITE_TYPE_MESSAGE)
			t = "message";
		else if (c->ct_type == MAILMIME_COMPOSITE_TYPE_MULTIPART)
			t = "multipart";
		else if (c->ct_token != NULL)
			t = c->ct_token;
	}
	st = ct->ct_subtype != NULL ? ct->ct_subtype : "octet-stream";
	buf_addf(&b, "%s/%s", t, st);
	if (buf_error(&b) != 0 || !utf8_valid(b.data, b.len)) {
		buf_release(&b);
		return xstrdup("application/octet-stream");
	}
	r = buf_detach(&b);
	str_lower(r);
	clean_line(r);
	return r;
}

/* part_disposition - the Content-Disposition of a part, or NULL. */
static const struct mailmime_disposition *
part_disposition(const struct mailmime *mm)
{
	clistiter *it;
	const struct mailmime_field *f;

	if (mm->mm_mime_fields == NULL)
		return NULL;
	for (it = clist_begin(mm->mm_mime_fields->fld_list); it != NULL;
	     it = clist_next(it)) {
		f = clist_content(it);
		if (f->fld_type == MAILMIME_FIELD_DISPOSITION)
			return f->fld_data.fld_disposition;
	}
	return NULL;
}

/* is_attachment - Content-Disposition: attachment. */
static bool
is_attachment(const struct mailmime *mm)
{
	const struct mailmime_disposition *d = part_disposition(mm);

	return d != NULL && d->dsp_type != NULL &&
	    d->dsp_type->dsp_type == MAILMIME_DISPOSITION_TYPE_ATTACHMENT;
}

/* pct_decode - RFC 2231 %XX decoding of s appended to b (raw bytes). */
static void
pct_decode(struct buf *b, const char *s)
{
	int hi, lo;

	for (; *s != '\0'; s++) {
		if (s[0] == '%' && isxdigit((unsigned char)s[1]) &&
		    isxdigit((unsigned char)s[2])) {
			hi = lc((unsigned char)s[1]);
			lo = lc((unsigned char)s[2]);
			hi = hi <= '9' ? hi - '0' : hi - 'a' + 10;
			lo = lo <= '9' ? lo - '0' : lo - 'a' + 10;
			buf_addc(b, hi * 16 + lo);
			s += 2;
		} else {
			buf_addc(b, *s);
		}
	}
}

struct param {
	const char *name;
	const char *value;
};

/*
 * rfc2231 - the value of parameter base among ps[0..n) as UTF-8, joining
 * RFC 2231 continuations (base*0*, base*1 ...) and decoding base*=
 * charset'lang'%XX; a plain base= is RFC 2047-decoded.  NULL if absent.
 */
static char *
rfc2231(const struct param *ps, size_t n, const char *base, unsigned *flags)
{
	struct buf raw = BUF_INIT(MIME_MAX_NAME * 4);
	struct buf out = BUF_INIT(MIME_MAX_NAME * 4);
	char cs[MIME_MAX_CHARSET] = "", want[32], *r;
	const char *v, *q;
	size_t bl = strlen(base), i, seg, k;
	bool found = false, encoded = false;

	for (seg = 0; seg < 64; seg++) {
		bool got = false;

		for (i = 0; i < n && !got; i++) {
			const char *nm = ps[i].name;

			if (strncasecmp(nm, base, bl) != 0 || nm[bl] != '*')
				continue;
			nm += bl + 1;
			if (seg == 0 && strcmp(nm, "") == 0) {
				encoded = true; /* base*= : one encoded value */
			} else {
				struct buf w = BUF_INIT(sizeof(want) - 1);

				buf_addf(&w, "%zu", seg);
				memcpy(want, buf_cstr(&w), w.len + 1);
				buf_release(&w);
				k = strlen(want);
				if (strncmp(nm, want, k) != 0 ||
				    (nm[k] != '\0' && strcmp(nm + k, "*") != 0))
					continue;
				encoded = nm[k] == '*';
			}
			v = ps[i].value;
			if (encoded && seg == 0) {
				q = strchr(v, '\'');
				if (q != NULL && strchr(q + 1, '\'') != NULL) {
					k = (size_t)(q - v);
					if (k >= sizeof(cs))
						k = sizeof(cs) - 1;
					memcpy(cs, v, k);
					cs[k] = '\0';
					v = strchr(q + 1, '\'') + 1;
				}
			}
			if (encoded)
				pct_decode(&raw, v);
			else
				buf_adds(&raw, v);
			got = found = true;
			if (strcmp(nm, "") == 0)
				seg = 64; /* no continuations after base*= */
		}
		if (!got)
			break;
	}
	if (found) {
		add_text(&out, raw.data != NULL ? raw.data : "", raw.len,
		    cs[0] != '\0' ? cs : "utf-8", flags);
		buf_release(&raw);
		r = buf_detach(&out);
		clean_line(r);
		return r;
	}
	buf_release(&raw);
	buf_release(&out);
	for (i = 0; i < n; i++)
		if (strcasecmp(ps[i].name, base) == 0)
			return decode_value(ps[i].value);
	return NULL;
}

/* collect_params - Content-Disposition then Content-Type parameters. */
static struct param *
collect_params(const struct mailmime *mm, size_t *n)
{
	const struct mailmime_disposition *d = part_disposition(mm);
	struct param *ps = NULL;
	size_t cap = 0;
	clistiter *it;

	*n = 0;
	if (d != NULL && d->dsp_parms != NULL) {
		for (it = clist_begin(d->dsp_parms); it != NULL;
		     it = clist_next(it)) {
			const struct mailmime_disposition_parm *dp =
			    clist_content(it);
			struct param p = {NULL, NULL};

			if (dp->pa_type == MAILMIME_DISPOSITION_PARM_FILENAME) {
				p.name = "filename";
				p.value = dp->pa_data.pa_filename;
			} else if (dp->pa_type ==
			    MAILMIME_DISPOSITION_PARM_PARAMETER) {
				p.name = dp->pa_data.pa_parameter->pa_name;
				p.value = dp->pa_data.pa_parameter->pa_value;
			}
			if (p.name == NULL || p.value == NULL)
				continue;
			if (*n == cap) {
				cap = cap == 0 ? 8 : cap * 2;
				ps = xreallocarray(ps, cap, sizeof(*ps));
			}
			ps[(*n)++] = p;
		}
	}
	if (mm->mm_content_type != NULL &&
	    mm->mm_content_type->ct_parameters != NULL) {
		for (it = clist_begin(mm->mm_content_type->ct_parameters);
		     it != NULL; it = clist_next(it)) {
			const struct mailmime_parameter *pp = clist_content(it);

			if (pp->pa_name == NULL || pp->pa_value == NULL)
				continue;
			if (*n == cap) {
				cap = cap == 0 ? 8 : cap * 2;
				ps = xreallocarray(ps, cap, sizeof(*ps));
			}
			ps[*n].name = pp->pa_name;
			ps[*n].value = pp->pa_value;
			(*n)++;
		}
	}
	return ps;
}

/* att_name - filename (or name) of a part, decoded, without any path. */
static char *
att_name(const struct mailmime *mm, unsigned *flags)
{
	struct param *ps;
	size_t n;
	char *r, *s;

	ps = collect_params(mm, &n);
	r = rfc2231(ps, n, "filename", flags);
	if (r == NULL)
		r = rfc2231(ps, n, "name", flags);
	free(ps);
	if (r == NULL)
		return xstrdup("");
	s = strrchr(r, '/');
	if (s == NULL || (strrchr(r, '\\') != NULL && strrchr(r, '\\') > s))
		s = strrchr(r, '\\');
	if (s != NULL)
		memmove(r, s + 1, strlen(s + 1) + 1);
	if (strlen(r) > MIME_MAX_NAME) {
		size_t k = MIME_MAX_NAME;

		while (k > 0 && ((unsigned char)r[k] & 0xc0) == 0x80)
			k--;
		r[k] = '\0';
	}
	return r;
}

/*
 * decoded - the transfer-decoded bytes of a single part: either a slice of
 * the tree (7bit, 8bit, binary: *own NULL) or an MMAPString the caller
 * releases with mmap_string_unref(*own).
 */
static void
decoded(const struct mailmime_data *d, const char **p, size_t *n, char **own)
{
	size_t idx = 0;
	char *out = NULL;
	size_t outlen = 0;

	*own = NULL;
	*p = "";
	*n = 0;
	if (d == NULL || d->dt_type != MAILMIME_DATA_TEXT)
		return;
	if (!d->dt_encoded ||
	    (d->dt_encoding != MAILMIME_MECHANISM_BASE64 &&
	        d->dt_encoding != MAILMIME_MECHANISM_QUOTED_PRINTABLE)) {
		*p = d->dt_data.dt_text.dt_data;
		*n = d->dt_data.dt_text.dt_length;
		return;
	}
	if (mailmime_part_parse(d->dt_data.dt_text.dt_data,
	        d->dt_data.dt_text.dt_length, &idx, d->dt_encoding, &out,
	        &outlen) != MAILIMF_NO_ERROR ||
	    out == NULL)
		return;
	*own = out;
	*p = out;
	*n = outlen;
}

/* add_attachment - keep a part as an attachment. */
static void
add_attachment(struct walk *w, const struct mailmime *mm, char *type,
    const struct mailmime_data *d)
{
	struct mime_attachment *a;
	const char *p;
	size_t n;
	char *own;

	if (w->natt == w->capatt) {
		w->capatt = w->capatt == 0 ? 4 : w->capatt * 2;
		w->m->att =
		    xreallocarray(w->m->att, w->capatt, sizeof(*w->m->att));
	}
	a = &w->m->att[w->natt++];
	w->m->n_att = w->natt;
	a->type = type;
	a->name = att_name(mm, &w->m->flags);
	decoded(d, &p, &n, &own);
	a->size = n;
	a->data = NULL;
	if (n <= w->lim->max_attachment_bytes) {
		a->data = xmalloc(n + 1);
		memcpy(a->data, p, n);
		a->data[n] = '\0';
	} else {
		w->m->flags |= MSG_F_ATT_CUT;
	}
	if (own != NULL)
		mmap_string_unref(own);
}

/* add_body - a text part's decoded content to b as UTF-8 with LF. */
static void
add_body(struct walk *w, struct buf *b, const struct mailmime *mm,
    const struct mailmime_data *d)
{
	const char *p, *cs = NULL;
	size_t n, start = b->len;
	char *own;

	if (mm->mm_content_type != NULL)
		cs = mailmime_content_param_get(mm->mm_content_type, "charset");
	decoded(d, &p, &n, &own);
	add_text(b, p, n, cs, &w->m->flags);
	if (own != NULL)
		mmap_string_unref(own);
	normalise(b, start);
}

static void walk(struct walk *w, const struct mailmime *mm, bool alt_loser);

/* walk_single - classify one leaf part. */
static void
walk_single(struct walk *w, const struct mailmime *mm, bool alt_loser)
{
	const struct mailmime_data *d = mm->mm_data.mm_single;
	char *type = ctype_str(mm->mm_content_type);
	bool attach = is_attachment(mm);

	if (str_has_prefix(type, "multipart/")) {
		/* no boundary (STACK-NOTES 3.3): the body is all we have */
		w->m->flags |= MSG_F_BAD_MIME;
		if (!w->have_plain) {
			add_body(w, &w->text, mm, d);
			w->have_plain = true;
		}
		free(type);
		return;
	}
	if (!attach && strcmp(type, "text/plain") == 0) {
		if (alt_loser)
			goto out;
		if (w->have_plain && w->text.len > 0 &&
		    w->text.data[w->text.len - 1] != '\n')
			buf_addc(&w->text, '\n');
		add_body(w, &w->text, mm, d);
		w->have_plain = true;
		goto out;
	}
	if (!attach && strcmp(type, "text/html") == 0) {
		if (!w->have_html) {
			add_body(w, &w->html, mm, d);
			w->have_html = true;
		}
		goto out;
	}
	add_attachment(w, mm, type, d);
	return;
out:
	free(type);
}

/* walk_alternative - prefer the text/plain child; others give HTML. */
static void
walk_alternative(struct walk *w, const struct mailmime *mm, bool alt_loser)
{
	clistiter *it;
	bool chosen = alt_loser;

	for (it = clist_begin(mm->mm_data.mm_multipart.mm_mp_list); it != NULL;
	     it = clist_next(it)) {
		const struct mailmime *c = clist_content(it);
		char *t = c->mm_type == MAILMIME_SINGLE
		    ? ctype_str(c->mm_content_type)
		    : NULL;
		bool plain = t != NULL && strcmp(t, "text/plain") == 0 &&
		    !is_attachment(c);

		free(t);
		if (plain && !chosen) {
			walk(w, c, false);
			chosen = true;
		} else {
			walk(w, c, true);
		}
	}
}

/* walk - visit a node of the libetpan tree. */
static void
walk(struct walk *w, const struct mailmime *mm, bool alt_loser)
{
	clistiter *it;

	if (mm == NULL || w->rc != 0)
		return;
	if (++w->nodes > w->lim->max_parts * 2 + 8) {
		w->rc = E_LIMIT; /* the prescan should have caught this */
		return;
	}
	switch (mm->mm_type) {
	case MAILMIME_SINGLE:
		walk_single(w, mm, alt_loser);
		break;
	case MAILMIME_MULTIPLE:
		if (mm->mm_content_type != NULL &&
		    mm->mm_content_type->ct_subtype != NULL &&
		    strcasecmp(
		        mm->mm_content_type->ct_subtype, "alternative") == 0) {
			walk_alternative(w, mm, alt_loser);
			break;
		}
		for (it = clist_begin(mm->mm_data.mm_multipart.mm_mp_list);
		     it != NULL; it = clist_next(it))
			walk(w, clist_content(it), alt_loser);
		break;
	case MAILMIME_MESSAGE:
		if (mm->mm_parent == NULL) {
			walk(w, mm->mm_data.mm_message.mm_msg_mime, alt_loser);
			break;
		}
		/* an attached message: keep its raw bytes */
		add_attachment(w, mm, xstrdup("message/rfc822"), mm->mm_body);
		break;
	default:
		break;
	}
}

/* ---- entry points ---------------------------------------------------------
 */

void
msg_free(struct msg *m)
{
	size_t i;

	if (m == NULL)
		return;
	free(m->message_id);
	free(m->in_reply_to);
	for (i = 0; i < m->n_references; i++)
		free(m->references[i]);
	free(m->references);
	free(m->subject);
	free(m->from.name);
	free(m->from.email);
	for (i = 0; i < m->n_to; i++) {
		free(m->to[i].name);
		free(m->to[i].email);
	}
	free(m->to);
	free(m->text);
	free(m->html);
	for (i = 0; i < m->n_att; i++) {
		free(m->att[i].name);
		free(m->att[i].type);
		free(m->att[i].data);
	}
	free(m->att);
	for (i = 0; i < m->n_hdr; i++) {
		free(m->hdr[i].name);
		free(m->hdr[i].value);
	}
	free(m->hdr);
	free(m);
}

const char *
msg_header(const struct msg *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->n_hdr; i++)
		if (strcasecmp(m->hdr[i].name, name) == 0)
			return m->hdr[i].value;
	return NULL;
}

int
mime_parse(const char *raw, size_t len, const struct mime_limits *lim,
    struct msg **out, struct buf *why)
{
	struct mime_limits def;
	struct scan s;
	struct walk w;
	struct mailmime *tree = NULL;
	struct msg *m;
	char *copy;
	size_t idx = 0, tmax;
	int rc;

	*out = NULL;
	if (lim == NULL) {
		mime_limits_default(&def);
		lim = &def;
	}
	memset(&s, 0, sizeof(s));
	s.lim = lim;
	if (lim->max_depth > 1000)
		return fail(why, E_LIMIT, "max_depth above 1000");
	s.lv = xcalloc(lim->max_depth + 2, sizeof(*s.lv));
	rc = prescan(&s, raw, len, why);
	free(s.lv);
	if (rc != 0)
		return rc;

	m = xcalloc(1, sizeof(*m));
	m->flags = s.flags;
	do_headers(m, raw, s.hdr_end, lim);

	/* STACK-NOTES 3.6.2: padding makes the QP over-read harmless */
	copy = xmalloc(len + MIME_PAD);
	memcpy(copy, raw, len);
	memset(copy + len, 0, MIME_PAD);
	if (mailmime_parse(copy, len, &idx, &tree) != MAILIMF_NO_ERROR ||
	    tree == NULL) {
		free(copy);
		msg_free(m);
		return fail(
		    why, E_PARSE, "libetpan could not parse the message");
	}
	memset(&w, 0, sizeof(w));
	w.lim = lim;
	w.m = m;
	tmax = len > SIZE_MAX / 4 - 64 ? SIZE_MAX / 4 : len * 4 + 64;
	buf_init(&w.text, tmax);
	buf_init(&w.html, tmax);
	walk(&w, tree, false);
	mailmime_free(tree);
	free(copy);
	rc = w.rc;
	if (rc == 0)
		rc = buf_error(&w.text) != 0 ? buf_error(&w.text)
		                             : buf_error(&w.html);
	if (rc == 0 && !w.have_plain && w.have_html) {
		m->flags |= MSG_F_HTML_ONLY;
		rc = html_to_text(buf_cstr(&w.html), w.html.len, &w.text);
	}
	if (rc == 0 && w.text.len > 0 && w.text.data[w.text.len - 1] != '\n')
		rc = buf_addc(&w.text, '\n'); /* text ends with a line end */
	if (rc != 0) {
		buf_release(&w.text);
		buf_release(&w.html);
		msg_free(m);
		return fail(why, rc,
		    w.rc != 0 ? "more MIME parts than max_parts"
		              : "message text over its size limit");
	}
	m->text = buf_detach(&w.text);
	m->html = w.have_html ? buf_detach(&w.html) : NULL;
	buf_release(&w.html);
	*out = m;
	return 0;
}

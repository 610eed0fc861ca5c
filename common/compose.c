/*
 * compose.c - the outgoing-mail writer (see compose.h for the contract).
 *
 * Headers go through one small writer (struct hw) that knows the current
 * column and takes "tokens": a run of whitespace followed by text that
 * must not be split.  It folds before a token (the whitespace then starts
 * the continuation line) when the token would pass COMPOSE_FOLD, so a
 * line is only longer than 78 when one token is; tokens are kept short
 * enough (encoded words, ids, addresses) that no line reaches 998.
 *
 * Every value is first cleaned (clean_value): CR, LF (and NUL, which a C
 * string cannot carry past its end) are refused, invalid UTF-8 refused,
 * other control characters and the Unicode line separators replaced by a
 * space.  Only then is it written plain or as encoded words, so an
 * encoded word never carries a line break.
 *
 * Bodies: normalised to CRLF, then 7bit when every line is printable
 * ASCII of at most 998 octets, else quoted-printable (lines <= 76) or
 * base64 (lines of 76), whichever is shorter, ties to quoted-printable.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bounds.h"
#include "compose.h"
#include "crypto.h"
#include "err.h"
#include "xmalloc.h"

#define ENC_WORD_MAX 75 /* RFC 2047 section 2 */
#define ENC_MIN_ROOM 20 /* fold rather than start a word in less room */
#define ENC_PREFIX   10 /* "=?UTF-8?Q?" */
#define ENC_OVERHEAD 12 /* prefix and "?=" */
#define QP_LINE      76
#define B64_LINE     76

/* ---- the header writer ----------------------------------------------- */

struct hw {
	struct buf *out;
	size_t col;  /* column of the next byte on the current line */
	size_t min;  /* never fold while col <= min ("Name:") */
	bool fold;   /* false: one long line (compose_address alone) */
	bool spaced; /* the last byte written was whitespace */
};

static bool
is_wsp(int c)
{
	return c == ' ' || c == '\t';
}

/*
 * hw_token - write p[0..n) (leading whitespace, then text), folding
 * before it when it would pass COMPOSE_FOLD.
 */
static void
hw_token(struct hw *w, const char *p, size_t n)
{
	if (w->fold && n > 0 && is_wsp((unsigned char)p[0]) &&
	    w->col > w->min && w->col + n > COMPOSE_FOLD) {
		buf_add(w->out, "\r\n", 2);
		w->col = 0;
	}
	buf_add(w->out, p, n);
	w->col += n;
}

static void
hw_start(struct hw *w, struct buf *out, const char *name)
{
	w->out = out;
	w->fold = true;
	buf_adds(out, name);
	buf_addc(out, ':');
	w->col = strlen(name) + 1;
	w->min = w->col;
}

static void
hw_end(struct hw *w)
{
	buf_add(w->out, "\r\n", 2);
}

/* ---- cleaning -------------------------------------------------------- */

/*
 * clean_value - copy s into c with control characters and Unicode line
 * separators replaced by a space; CR/LF and bad UTF-8 are E_PARSE.
 */
static int
clean_value(const char *field, const char *s, struct buf *c, struct buf *why)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i;

	if (strpbrk(s, "\r\n") != NULL)
		return buf_why(
		    why, E_PARSE, "%s: line break in a header value", field);
	if (!utf8_valid(s, n))
		return buf_why(why, E_PARSE, "%s: not valid UTF-8", field);
	buf_reset(c);
	if (buf_reserve(c, n) != 0)
		return buf_why(why, E_LIMIT, "%s: value too long", field);
	for (i = 0; i < n; i++) {
		size_t run = i;

		while (run < n && p[run] >= 0x20 && p[run] < 0x7f)
			run++; /* plain ASCII, copied as one piece */
		if (run > i) {
			buf_add(c, s + i, run - i);
			i = run - 1;
			continue;
		}
		if (p[i] < 0x20 || p[i] == 0x7f) {
			buf_addc(c, ' ');
		} else if (p[i] == 0xc2 && i + 1 < n && p[i + 1] >= 0x80 &&
		    p[i + 1] <= 0x9f) {
			buf_addc(c, ' '); /* C1 controls, U+0085 among them */
			i++;
		} else if (p[i] == 0xe2 && i + 2 < n && p[i + 1] == 0x80 &&
		    (p[i + 2] == 0xa8 || p[i + 2] == 0xa9)) {
			buf_addc(c, ' '); /* U+2028, U+2029 */
			i += 2;
		} else
			buf_addc(c, p[i]);
	}
	if (buf_error(c) != 0)
		return buf_why(why, E_LIMIT, "%s: value too long", field);
	return 0;
}

/* ---- RFC 2047 -------------------------------------------------------- */

/* q_literal - bytes written as themselves in a Q word (phrase-safe). */
static bool
q_literal(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '!' || c == '*' || c == '+' ||
	    c == '-' || c == '/';
}

static size_t
q_cost(int c)
{
	return q_literal(c) || c == ' ' ? 1 : 3;
}

static size_t
utf8_len(const unsigned char *p, size_t n)
{
	size_t k = 1;

	if (p[0] >= 0xf0)
		k = 4;
	else if (p[0] >= 0xe0)
		k = 3;
	else if (p[0] >= 0xc0)
		k = 2;
	return k > n ? n : k;
}

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void
b64_chunk(struct buf *out, const unsigned char *p, size_t n)
{
	unsigned v;
	char q[4];

	while (n > 0) {
		v = (unsigned)p[0] << 16;
		if (n > 1)
			v |= (unsigned)p[1] << 8;
		if (n > 2)
			v |= p[2];
		q[0] = b64[(v >> 18) & 63];
		q[1] = b64[(v >> 12) & 63];
		q[2] = n > 1 ? b64[(v >> 6) & 63] : '=';
		q[3] = n > 2 ? b64[v & 63] : '=';
		buf_add(out, q, 4);
		if (n < 3)
			break;
		p += 3;
		n -= 3;
	}
}

/*
 * encode_words - write s[0..n) as space-separated encoded words, each
 * filling the room left on its line (at most ENC_WORD_MAX), whole UTF-8
 * sequences only.  Q when it is no longer than B overall.
 */
static void
encode_words(struct hw *w, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	struct buf word = BUF_INIT(2 * ENC_WORD_MAX);
	size_t i, qlen = 0, room, start, k, cost, j;
	bool useq;
	char hex[4];

	for (i = 0; i < n; i++)
		qlen += q_cost(p[i]);
	useq = qlen <= (n + 2) / 3 * 4;
	i = 0;
	while (i < n) {
		room = ENC_WORD_MAX;
		if (w->fold) {
			if (w->col + 1 + ENC_MIN_ROOM > COMPOSE_FOLD) {
				buf_add(w->out, "\r\n", 2);
				w->col = 0;
			}
			if (COMPOSE_FOLD - w->col - 1 < room)
				room = COMPOSE_FOLD - w->col - 1;
		}
		buf_reset(&word);
		buf_adds(&word, useq ? " =?UTF-8?Q?" : " =?UTF-8?B?");
		start = i;
		cost = 0;
		while (i < n) {
			k = utf8_len(p + i, n - i);
			if (useq) {
				for (j = 0; j < k; j++)
					cost += q_cost(p[i + j]);
			} else
				cost = (i + k - start + 2) / 3 * 4;
			if (ENC_OVERHEAD + cost > room && i > start)
				break;
			i += k;
		}
		if (useq) {
			for (j = start; j < i; j++) {
				if (p[j] == ' ')
					buf_addc(&word, '_');
				else if (q_literal(p[j]))
					buf_addc(&word, p[j]);
				else {
					snprintf(
					    hex, sizeof hex, "=%02X", p[j]);
					buf_add(&word, hex, 3);
				}
			}
		} else
			b64_chunk(&word, p + start, i - start);
		buf_add(&word, "?=", 2);
		hw_token(w, word.data, word.len);
	}
	buf_release(&word);
}

/* ---- header values --------------------------------------------------- */

/*
 * needs_encoding - non-ASCII, something a reader would decode ("=?"), or
 * a run of text too long to fold under the hard line limit.
 */
static bool
needs_encoding(const char *s, size_t n)
{
	size_t i, run = 0;

	for (i = 0; i < n; i++) {
		if ((unsigned char)s[i] >= 0x80)
			return true;
		if (s[i] == '=' && i + 1 < n && s[i + 1] == '?')
			return true;
		run = s[i] == ' ' ? 0 : run + 1;
		if (run > COMPOSE_MAX_LINE - 100)
			return true;
	}
	return false;
}

/* write_plain - ASCII text as tokens at its own whitespace. */
static void
write_plain(struct hw *w, const char *s, size_t n, bool lead_space)
{
	size_t i = 0, start;

	if (lead_space) {
		/* the space after "Name:" goes with the first word */
		buf_addc(w->out, ' ');
		w->col++;
	}
	while (i < n) {
		start = i;
		while (i < n && is_wsp((unsigned char)s[i]))
			i++;
		while (i < n && !is_wsp((unsigned char)s[i]))
			i++;
		hw_token(w, s + start, i - start);
	}
}

static bool
header_name_valid(const char *name)
{
	const char *p;

	if (name == NULL || *name == '\0' || strlen(name) > 76)
		return false;
	for (p = name; *p != '\0'; p++)
		if (*p <= 32 || *p >= 127 || *p == ':')
			return false;
	return true;
}

int
compose_header(
    struct buf *out, const char *name, const char *value, struct buf *why)
{
	struct buf c = BUF_INIT(MAX_SMALL_TEXT);
	struct hw w;
	int rc;

	if (!header_name_valid(name))
		return buf_why(why, E_PARSE, "bad header name");
	if (value == NULL)
		return buf_why(why, E_PARSE, "%s: no value", name);
	rc = clean_value(name, value, &c, why);
	if (rc != 0) {
		buf_release(&c);
		return rc;
	}
	hw_start(&w, out, name);
	if (c.len == 0) {
		/* nothing */
	} else if (needs_encoding(c.data, c.len))
		encode_words(&w, c.data, c.len);
	else
		write_plain(&w, c.data, c.len, true);
	hw_end(&w);
	buf_release(&c);
	return buf_error(out);
}

/* ---- addresses and ids ----------------------------------------------- */

static bool
atext(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') ||
	    (c != 0 && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL);
}

bool
compose_addr_valid(const char *addr)
{
	const char *at, *p, *label;
	size_t n;

	if (addr == NULL)
		return false;
	n = strlen(addr);
	at = strchr(addr, '@');
	if (n == 0 || n > MAX_EMAIL || at == NULL ||
	    strchr(at + 1, '@') != NULL)
		return false;
	/* local part: dot-atom */
	if (at == addr || (size_t)(at - addr) > MAX_LOCAL_PART ||
	    addr[0] == '.' || at[-1] == '.')
		return false;
	for (p = addr; p < at; p++) {
		if (*p == '.') {
			if (p[1] == '.')
				return false;
		} else if (!atext((unsigned char)*p))
			return false;
	}
	/* domain: LDH labels */
	label = at + 1;
	if (*label == '\0')
		return false;
	for (p = label;; p++) {
		if (*p == '.' || *p == '\0') {
			if (p == label || p - label > 63 || label[0] == '-' ||
			    p[-1] == '-')
				return false;
			if (*p == '\0')
				break;
			label = p + 1;
			continue;
		}
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		        (*p >= '0' && *p <= '9') || *p == '-'))
			return false;
	}
	return true;
}

/* phrase_kind - 0: atoms, 1: needs a quoted string, 2: needs encoding. */
static int
phrase_kind(const char *s, size_t n)
{
	size_t i;
	int kind = 0;

	if (needs_encoding(s, n))
		return 2;
	if (n == 0 || s[0] == ' ' || s[n - 1] == ' ')
		kind = 1;
	for (i = 0; i < n; i++) {
		if (s[i] == ' ') {
			if (i + 1 < n && s[i + 1] == ' ')
				kind = 1;
		} else if (!atext((unsigned char)s[i]))
			kind = 1;
	}
	return kind;
}

/* put_quoted - c as a quoted string ("\"" and "\\" escaped), as tokens. */
static void
put_quoted(struct hw *w, const struct buf *c)
{
	struct buf q = BUF_INIT(MAX_SMALL_TEXT);
	size_t i;

	buf_addc(&q, '"');
	for (i = 0; i < c->len; i++) {
		if (c->data[i] == '"' || c->data[i] == '\\')
			buf_addc(&q, '\\');
		buf_addc(&q, c->data[i]);
	}
	buf_addc(&q, '"');
	write_plain(w, q.data, q.len, false);
	buf_release(&q);
}

/* put_encoded - c as encoded words; standalone, without a leading space. */
static void
put_encoded(struct hw *w, const struct buf *c, bool lead)
{
	size_t at = w->out->len;

	encode_words(w, c->data, c->len);
	if (!lead && w->out->len > at && w->out->data[at] == ' ') {
		memmove(w->out->data + at, w->out->data + at + 1,
		    w->out->len - at - 1);
		buf_truncate(w->out, w->out->len - 1);
	}
}

/*
 * put_phrase - name (non-empty) as a display-name phrase: atoms, a quoted
 * string or encoded words, whichever it needs.  lead: a space first.
 */
static int
put_phrase(struct hw *w, const char *name, bool lead, const char *field,
    struct buf *why)
{
	struct buf c = BUF_INIT(MAX_SMALL_TEXT);
	int rc, kind;

	rc = clean_value(field, name, &c, why);
	if (rc == 0 && c.len > MAX_NAME * 4)
		rc = buf_why(why, E_PARSE, "%s: display name too long", field);
	if (rc != 0) {
		buf_release(&c);
		return rc;
	}
	kind = phrase_kind(c.data, c.len);
	if (lead && kind != 2) {
		buf_addc(w->out, ' ');
		w->col++;
	}
	if (kind == 0)
		write_plain(w, c.data, c.len, false);
	else if (kind == 1)
		put_quoted(w, &c);
	else
		put_encoded(w, &c, lead);
	buf_release(&c);
	return 0;
}

/* put_angle - " <text>" as one token. */
static void
put_angle(struct hw *w, const char *text, bool space)
{
	struct buf q = BUF_INIT(MAX_SMALL_TEXT);

	buf_addf(&q, "%s<%s>", space ? " " : "", text);
	hw_token(w, q.data, q.len);
	buf_release(&q);
}

/* list_label_valid - a List-Id label (RFC 2919): dot-atom-text, <= 255. */
static bool
list_label_valid(const char *id)
{
	size_t n = id != NULL ? strlen(id) : 0, i;

	if (n == 0 || n > 255 || id[0] == '.' || id[n - 1] == '.')
		return false;
	for (i = 0; i < n; i++) {
		if (id[i] == '.') {
			if (id[i + 1] == '.')
				return false;
		} else if (!atext((unsigned char)id[i]))
			return false;
	}
	return true;
}

/*
 * put_list_id - the List-Id header: the title as a phrase (atoms, quoted
 * string or encoded words, as a display name), then <label>, so that
 * nothing in a title can look like a second list id.
 */
static int
put_list_id(const struct outmsg *m, struct buf *out, struct buf *why)
{
	struct hw w;
	int rc = 0;

	if (!list_label_valid(m->list_id))
		return buf_why(why, E_PARSE, "List-Id: invalid list label");
	hw_start(&w, out, "List-Id");
	if (m->list_title != NULL && *m->list_title != '\0')
		rc = put_phrase(&w, m->list_title, true, "List-Id", why);
	if (rc != 0)
		return rc;
	put_angle(&w, m->list_id, true);
	hw_end(&w);
	return 0;
}

/* put_address - the display name (if any) and address as tokens. */
static int
put_address(struct hw *w, const char *name, const char *addr, bool lead,
    const char *field, struct buf *why)
{
	int rc;

	if (!compose_addr_valid(addr))
		return buf_why(why, E_PARSE, "%s: invalid address", field);
	if (name == NULL || *name == '\0') {
		struct buf q = BUF_INIT(MAX_SMALL_TEXT);

		buf_addf(&q, "%s%s", lead ? " " : "", addr);
		hw_token(w, q.data, q.len);
		buf_release(&q);
		return 0;
	}
	rc = put_phrase(w, name, lead, field, why);
	if (rc == 0)
		put_angle(w, addr, true);
	return rc;
}

int
compose_address(
    struct buf *out, const char *name, const char *addr, struct buf *why)
{
	struct hw w;

	memset(&w, 0, sizeof w);
	w.out = out;
	w.fold = false;
	return put_address(&w, name, addr, false, "address", why);
}

/* id_valid - a Message-ID without <>: dot-atom-text "@" dot-atom-text. */
static bool
id_valid(const char *id, size_t n)
{
	size_t i, ats = 0;

	if (n == 0 || n > COMPOSE_MAX_ID)
		return false;
	for (i = 0; i < n; i++) {
		if (id[i] == '@')
			ats++;
		else if (id[i] != '.' && !atext((unsigned char)id[i]))
			return false;
	}
	return ats == 1 && id[0] != '@' && id[n - 1] != '@';
}

bool
compose_id_valid(const char *id)
{
	return id != NULL && id_valid(id, strlen(id));
}

int
compose_id_canonical(const char *id, const char *domain, struct buf *out)
{
	char hex[CRYPTO_SHA256_HEX];
	size_t start = out->len;

	if (compose_id_valid(id))
		return buf_adds(out, id) != 0 ? E_LIMIT : 0;
	if (crypto_sha256_hex(id, strlen(id), hex) != 0)
		return E_INTERNAL;
	hex[32] = '\0';
	buf_addf(out, "stoa.id.%s@%s", hex, domain);
	if (buf_error(out) != 0 || out->len - start > COMPOSE_MAX_ID) {
		buf_truncate(out, start);
		return E_LIMIT;
	}
	return 0;
}

/* put_ids - one or more ids, each written " <id>", from a list. */
static int
put_ids(struct hw *w, const char *field, const char *list, bool many,
    struct buf *why)
{
	struct buf t = BUF_INIT(COMPOSE_MAX_ID + 4);
	const char *p = list, *e;
	size_t n, count = 0;

	if (strpbrk(list, "\r\n") != NULL)
		return buf_why(
		    why, E_PARSE, "%s: line break in a header value", field);
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		e = p;
		while (*e != '\0' && *e != ' ' && *e != '\t')
			e++;
		n = (size_t)(e - p);
		if (n >= 2 && p[0] == '<' && p[n - 1] == '>') {
			p++;
			n -= 2;
		}
		if (!id_valid(p, n) || (count > 0 && !many)) {
			buf_release(&t);
			return buf_why(
			    why, E_PARSE, "%s: invalid message id", field);
		}
		buf_reset(&t);
		buf_addf(&t, " <%.*s>", (int)n, p);
		hw_token(w, t.data, t.len);
		count++;
		p = e;
	}
	buf_release(&t);
	if (count == 0)
		return buf_why(why, E_PARSE, "%s: no message id", field);
	return 0;
}

/* ---- date ------------------------------------------------------------ */

int
compose_date(struct buf *out, long long t)
{
	static const char *const days[] = {
	    "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	struct tm tm;
	time_t tt;

	/* years 1970..9999: four digits, as RFC 5322 wants */
	if (t < 0 || t > 253402300799LL)
		return E_PARSE;
	tt = (time_t)t;
	if (gmtime_r(&tt, &tm) == NULL)
		return E_PARSE;
	return buf_addf(out, "%s, %02d %s %04d %02d:%02d:%02d +0000",
	    days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900,
	    tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* ---- bodies ---------------------------------------------------------- */

enum cte { CTE_7BIT, CTE_QP, CTE_B64 };

/* normalise - s with every line ending CRLF, ending with CRLF. */
static int
normalise(const char *field, const char *s, struct buf *o, struct buf *why)
{
	size_t n = strlen(s), i;

	if (!utf8_valid(s, n))
		return buf_why(why, E_PARSE, "%s: not valid UTF-8", field);
	buf_reserve(o, n + n / 32 + 2); /* most lines end in a bare LF */
	for (i = 0; i < n; i++) {
		size_t run = strcspn(s + i, "\r\n"); /* copied as one piece */

		buf_add(o, s + i, run);
		i += run;
		if (i == n)
			break;
		if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
			i++;
		buf_add(o, "\r\n", 2);
	}
	if (o->len < 2 || memcmp(o->data + o->len - 2, "\r\n", 2) != 0)
		buf_add(o, "\r\n", 2);
	if (buf_error(o) != 0)
		return buf_why(why, buf_error(o), "%s: body too long", field);
	return 0;
}

/* is_7bit - printable ASCII (and tab) in CRLF lines of at most 998 octets. */
static bool
is_7bit(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	const unsigned char *nl, *e, *q;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		e = nl != NULL ? nl : end;
		if (nl != NULL && (e == p || e[-1] != '\r'))
			return false; /* a bare LF */
		if (nl != NULL)
			e--; /* the CR of the CRLF */
		if ((size_t)(e - p) > COMPOSE_MAX_LINE)
			return false;
		for (q = p; q < e; q++)
			if ((*q < 0x20 && *q != '\t') || *q >= 0x7f)
				return false;
		p = nl != NULL ? nl + 1 : end;
	}
	return true;
}

/* qp_encode - quoted-printable of CRLF text, lines at most 76. */
static void
qp_encode(const char *s, size_t n, struct buf *o)
{
	size_t i = 0, col, eol, k;
	unsigned char c;
	char tok[4];
	size_t tn;
	bool last;

	while (i < n) {
		eol = i;
		while (eol + 1 < n && !(s[eol] == '\r' && s[eol + 1] == '\n'))
			eol++;
		if (eol + 1 >= n)
			eol = n;
		col = 0;
		for (k = i; k < eol; k++) {
			c = (unsigned char)s[k];
			last = k + 1 == eol;
			if ((c >= 33 && c <= 126 && c != '=' &&
			        !(k == i && c == 'F' && eol - k >= 5 &&
			            memcmp(s + k, "From ", 5) == 0) &&
			        !(k == i && c == '.')) ||
			    (is_wsp(c) && !last)) {
				tok[0] = (char)c;
				tn = 1;
			} else {
				tok[0] = '=';
				tok[1] = "0123456789ABCDEF"[c >> 4];
				tok[2] = "0123456789ABCDEF"[c & 15];
				tn = 3;
			}
			if (col + tn > (last ? QP_LINE : QP_LINE - 1)) {
				buf_add(o, "=\r\n", 3);
				col = 0;
			}
			buf_add(o, tok, tn);
			col += tn;
		}
		buf_add(o, "\r\n", 2);
		i = eol + 2;
	}
}

/* b64_len - the length b64_encode() gives n bytes. */
static size_t
b64_len(size_t n)
{
	size_t per = B64_LINE / 4 * 3, rest = n % per;

	return n / per * (B64_LINE + 2) +
	    (rest > 0 ? (rest + 2) / 3 * 4 + 2 : 0);
}

static void
b64_encode(const char *s, size_t n, struct buf *o)
{
	size_t i, k;

	for (i = 0; i < n; i += B64_LINE / 4 * 3) {
		k = n - i < B64_LINE / 4 * 3 ? n - i : B64_LINE / 4 * 3;
		b64_chunk(o, (const unsigned char *)s + i, k);
		buf_add(o, "\r\n", 2);
	}
}

/*
 * encode_body - the body as its chosen transfer encoding into enc.
 */
static int
encode_body(const char *field, const char *s, struct buf *enc, enum cte *cte,
    struct buf *why)
{
	struct buf norm = BUF_INIT(enc->max), alt = BUF_INIT(enc->max);
	int rc;

	rc = normalise(field, s, &norm, why);
	if (rc != 0)
		goto out;
	if (is_7bit(norm.data, norm.len)) {
		*cte = CTE_7BIT;
		buf_add(enc, norm.data, norm.len);
	} else {
		qp_encode(norm.data, norm.len, enc);
		*cte = CTE_QP;
		/* base64 only when it is shorter: its length is known */
		if (buf_error(enc) != 0 || b64_len(norm.len) < enc->len)
			b64_encode(norm.data, norm.len, &alt);
		if (alt.len > 0 && buf_error(&alt) == 0 &&
		    (buf_error(enc) != 0 || alt.len < enc->len)) {
			*cte = CTE_B64;
			buf_reset(enc);
			buf_add(enc, alt.data, alt.len);
		}
	}
	if (buf_error(enc) != 0)
		rc = buf_why(why, buf_error(enc), "%s: body too long", field);
out:
	buf_release(&norm);
	buf_release(&alt);
	return rc;
}

static const char *
cte_name(enum cte c)
{
	switch (c) {
	case CTE_7BIT:
		return "7bit";
	case CTE_QP:
		return "quoted-printable";
	case CTE_B64:
		return "base64";
	}
	return "8bit";
}

/*
 * make_boundary - "=_" + the id's safe characters + "_" + a counter,
 * the first that occurs in neither encoded body.  "=_" cannot appear in
 * quoted-printable or base64, so the counter only moves for 7bit text.
 */
static int
make_boundary(
    const char *id, const struct buf *a, const struct buf *b, struct buf *bd)
{
	unsigned k;
	size_t i;
	char ch;

	for (k = 0; k < 1000; k++) {
		buf_reset(bd);
		buf_adds(bd, "=_");
		for (i = 0; id[i] != '\0' && i < 40; i++) {
			ch = id[i];
			if (!((ch >= 'a' && ch <= 'z') ||
			        (ch >= 'A' && ch <= 'Z') ||
			        (ch >= '0' && ch <= '9') || ch == '-'))
				ch = '.';
			buf_addc(bd, ch);
		}
		buf_addf(bd, "_%u", k);
		if (strstr(buf_cstr(a), buf_cstr(bd)) == NULL &&
		    strstr(buf_cstr(b), buf_cstr(bd)) == NULL)
			return 0;
	}
	return E_INTERNAL;
}

/* ---- the message ----------------------------------------------------- */

static const char *const own_headers[] = {"From", "To", "Cc", "Bcc", "Date",
    "Subject", "Message-ID", "In-Reply-To", "References", "Reply-To",
    "MIME-Version", "Sender", "Return-Path", "List-Id", NULL};

static bool
own_header(const char *name)
{
	size_t i;

	if (str_ihas_prefix(name, "Content-"))
		return true;
	for (i = 0; own_headers[i] != NULL; i++)
		if (str_ieq(str_from(name), own_headers[i]))
			return true;
	return false;
}

static int
write_headers(const struct outmsg *m, struct buf *out, struct buf *why)
{
	struct hw w;
	size_t i;
	int rc;

	hw_start(&w, out, "Date");
	buf_addc(out, ' ');
	if (compose_date(out, m->date) != 0)
		return buf_why(why, E_PARSE, "Date: out of range");
	hw_end(&w);

	hw_start(&w, out, "From");
	rc = put_address(&w, m->from_name, m->from_addr, true, "From", why);
	if (rc != 0)
		return rc;
	hw_end(&w);

	hw_start(&w, out, "To");
	rc = put_address(&w, m->to_name, m->to_addr, true, "To", why);
	if (rc != 0)
		return rc;
	hw_end(&w);

	if (m->reply_to != NULL) {
		hw_start(&w, out, "Reply-To");
		rc = put_address(&w, NULL, m->reply_to, true, "Reply-To", why);
		if (rc != 0)
			return rc;
		hw_end(&w);
	}

	if (m->subject == NULL)
		return buf_why(why, E_PARSE, "Subject: missing");
	rc = compose_header(out, "Subject", m->subject, why);
	if (rc != 0)
		return rc;

	if (m->message_id == NULL)
		return buf_why(why, E_PARSE, "Message-ID: missing");
	hw_start(&w, out, "Message-ID");
	rc = put_ids(&w, "Message-ID", m->message_id, false, why);
	if (rc != 0)
		return rc;
	hw_end(&w);

	if (m->in_reply_to != NULL && *m->in_reply_to != '\0') {
		hw_start(&w, out, "In-Reply-To");
		rc = put_ids(&w, "In-Reply-To", m->in_reply_to, false, why);
		if (rc != 0)
			return rc;
		hw_end(&w);
	}
	if (m->references != NULL && *m->references != '\0') {
		hw_start(&w, out, "References");
		rc = put_ids(&w, "References", m->references, true, why);
		if (rc != 0)
			return rc;
		hw_end(&w);
	}

	if (m->list_id != NULL) {
		rc = put_list_id(m, out, why);
		if (rc != 0)
			return rc;
	}
	for (i = 0; i < m->n_extra; i++) {
		if (m->extra[i].name == NULL || own_header(m->extra[i].name))
			return buf_why(why, E_PARSE,
			    "extra header %.40s: written by compose itself",
			    m->extra[i].name != NULL ? m->extra[i].name
			                             : "(null)");
		rc = compose_header(
		    out, m->extra[i].name, m->extra[i].value, why);
		if (rc != 0)
			return rc;
	}
	buf_adds(out, "MIME-Version: 1.0\r\n");
	return 0;
}

/* part_type_valid - a part's Content-Type value we are willing to write. */
static bool
part_type_valid(const char *t)
{
	size_t i;

	if (t == NULL || strchr(t, '/') == NULL || strlen(t) > 200)
		return false;
	for (i = 0; t[i] != '\0'; i++)
		if (!isalnum((unsigned char)t[i]) &&
		    strchr("!#$&^_.+-/;= ", t[i]) == NULL)
			return false;
	return true;
}

/* put_part - one extra part after delimiter bd, base64. */
static int
put_part(
    const struct out_part *p, const char *bd, struct buf *out, struct buf *why)
{
	size_t i;

	if (!part_type_valid(p->type))
		return buf_why(why, E_PARSE, "part: bad type");
	buf_addf(out, "\r\n--%s\r\nContent-Type: %s\r\n", bd, p->type);
	buf_adds(out, "Content-Transfer-Encoding: base64\r\n");
	if (p->filename != NULL) {
		buf_adds(
		    out, "Content-Disposition: attachment;\r\n filename=\"");
		for (i = 0; p->filename[i] != '\0' && i < 100; i++)
			buf_addc(out,
			    isalnum((unsigned char)p->filename[i]) ||
			            strchr("._-", p->filename[i]) != NULL
			        ? p->filename[i]
			        : '_');
		buf_adds(out, i == 0 ? "file\"\r\n" : "\"\r\n");
	}
	buf_adds(out, "\r\n");
	b64_encode(p->data != NULL ? p->data : "", p->size, out);
	return 0;
}

/*
 * put_mixed - the opening of a multipart/mixed message around the body:
 * its boundary is "=_m" + the body's own (inner) boundary's tail, neither
 * a prefix of the other, and found in neither body.
 */
static int
put_mixed(const struct outmsg *m, const struct buf *text,
    const struct buf *html, struct buf *mb, struct buf *out)
{
	struct buf in = BUF_INIT(128);
	int rc;

	rc = make_boundary(m->message_id, text, html, &in);
	buf_adds(mb, "=_m");
	buf_adds(mb, buf_cstr(&in) + 2);
	buf_release(&in);
	if (rc != 0)
		return rc;
	if (strstr(buf_cstr(text), buf_cstr(mb)) != NULL ||
	    strstr(buf_cstr(html), buf_cstr(mb)) != NULL)
		return E_INTERNAL;
	buf_addf(out,
	    "Content-Type: multipart/mixed;\r\n boundary=\"%s\"\r\n\r\n"
	    "--%s\r\n",
	    buf_cstr(mb), buf_cstr(mb));
	return 0;
}

int
compose_message(const struct outmsg *m, struct buf *out, struct buf *why)
{
	struct buf text = BUF_INIT(out->max), html = BUF_INIT(out->max);
	struct buf bd = BUF_INIT(128), mb = BUF_INIT(128);
	enum cte tc = CTE_7BIT, hc = CTE_7BIT;
	size_t start = out->len, i;
	int rc;

	if (buf_error(out) != 0)
		return buf_error(out);
	if (m->text == NULL) {
		rc = buf_why(why, E_PARSE, "text body missing");
		goto out;
	}
	rc = write_headers(m, out, why);
	if (rc == 0)
		rc = encode_body("text", m->text, &text, &tc, why);
	if (rc == 0 && m->html != NULL)
		rc = encode_body("html", m->html, &html, &hc, why);
	if (rc == 0 && m->n_parts > 0 && put_mixed(m, &text, &html, &mb, out))
		rc = buf_why(why, E_INTERNAL, "no usable MIME boundary");
	if (rc != 0)
		goto out;
	if (m->html == NULL) {
		buf_adds(out, "Content-Type: text/plain; charset=utf-8\r\n");
		buf_addf(
		    out, "Content-Transfer-Encoding: %s\r\n\r\n", cte_name(tc));
		buf_add(out, text.data, text.len);
	} else {
		rc = make_boundary(m->message_id, &text, &html, &bd);
		if (rc != 0) {
			rc = buf_why(why, rc, "no usable MIME boundary");
			goto out;
		}
		buf_addf(out,
		    "Content-Type: multipart/alternative;\r\n"
		    " boundary=\"%s\"\r\n\r\n",
		    buf_cstr(&bd));
		buf_addf(out,
		    "--%s\r\nContent-Type: text/plain; charset=utf-8\r\n"
		    "Content-Transfer-Encoding: %s\r\n\r\n",
		    buf_cstr(&bd), cte_name(tc));
		buf_add(out, text.data, text.len);
		buf_addf(out,
		    "--%s\r\nContent-Type: text/html; charset=utf-8\r\n"
		    "Content-Transfer-Encoding: %s\r\n\r\n",
		    buf_cstr(&bd), cte_name(hc));
		buf_add(out, html.data, html.len);
		buf_addf(out, "--%s--\r\n", buf_cstr(&bd));
	}
	for (i = 0; rc == 0 && i < m->n_parts; i++)
		rc = put_part(&m->parts[i], buf_cstr(&mb), out, why);
	if (rc == 0 && m->n_parts > 0)
		buf_addf(out, "\r\n--%s--\r\n", buf_cstr(&mb));
	if (rc == 0 && buf_error(out) != 0)
		rc = buf_why(
		    why, buf_error(out), "message over %zu bytes", out->max);
out:
	if (rc != 0) {
		/* a full buf keeps its sticky error; only cut back the bytes */
		if (out->data != NULL)
			buf_truncate(out, start);
	}
	buf_release(&text);
	buf_release(&html);
	buf_release(&bd);
	buf_release(&mb);
	return rc;
}

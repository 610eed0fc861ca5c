/*
 * buf.c - growable strings with a hard maximum and a sticky error.
 * Invariant: when data != NULL, data[len] == '\0' and len < cap.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

#include "buf.h"
#include "err.h"
#include "xmalloc.h"

void
buf_init(struct buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max;
	b->err = 0;
}

void
buf_release(struct buf *b)
{
	if (b == NULL)
		return;
	free(b->data);
	buf_init(b, b->max);
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	b->err = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

/* grow - make room for n more bytes plus the NUL; sets the sticky error. */
static int
grow(struct buf *b, size_t n)
{
	size_t need, ncap;

	if (b->err != 0)
		return b->err;
	if (n > b->max || b->len > b->max - n) {
		b->err = E_LIMIT;
		return b->err;
	}
	need = b->len + n + 1;
	if (need <= b->cap)
		return 0;
	ncap = b->cap < 64 ? 64 : b->cap;
	while (ncap < need)
		ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
	if (ncap > b->max + 1)
		ncap = b->max + 1;
	b->data = xreallocarray(b->data, ncap, 1);
	b->cap = ncap;
	return 0;
}

int
buf_reserve(struct buf *b, size_t n)
{
	size_t need;

	if (b->err != 0)
		return b->err;
	if (n > b->max || b->len > b->max - n) {
		b->err = E_LIMIT;
		return b->err;
	}
	need = b->len + n + 1;
	if (need > b->cap) {
		b->data = xreallocarray(b->data, need, 1);
		b->cap = need;
	}
	return 0;
}

int
buf_add(struct buf *b, const void *p, size_t n)
{
	if (grow(b, n) != 0)
		return b->err;
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int
buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

int
buf_addc(struct buf *b, int c)
{
	char ch = (char)c;

	return buf_add(b, &ch, 1);
}

int
buf_add_utf8(struct buf *b, unsigned long cp)
{
	char u[4];

	if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	if (cp < 0x80) {
		u[0] = (char)cp;
		return buf_add(b, u, 1);
	}
	if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		return buf_add(b, u, 2);
	}
	if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		return buf_add(b, u, 3);
	}
	u[0] = (char)(0xf0 | (cp >> 18));
	u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	u[3] = (char)(0x80 | (cp & 0x3f));
	return buf_add(b, u, 4);
}

/* add_num - the decimal digits of v (negative when neg). */
static void
add_num(struct buf *b, unsigned long long v, bool neg)
{
	char d[24];
	size_t i = sizeof d;

	do
		d[--i] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	if (neg)
		d[--i] = '-';
	buf_add(b, d + i, sizeof d - i);
}

/* add_signed - v, which may be negative, as decimal. */
static void
add_signed(struct buf *b, long long v)
{
	add_num(b, v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v,
	    v < 0);
}

/*
 * fast_addf - buf_addf() without vsnprintf (about 2,000 instructions a
 * call in glibc) for the conversions most callers use: %s %c %d %i %u
 * with l, ll or z, and %%.  E_NOTFOUND, with nothing added, for any
 * other conversion (flags, widths, precisions, %x, %f ...).
 */
static int
fast_addf(struct buf *b, const char *fmt, va_list ap)
{
	size_t start = b->len, run;
	const char *p = fmt;
	int len;

	while (*p != '\0' && b->err == 0) {
		run = strcspn(p, "%");
		buf_add(b, p, run);
		p += run;
		if (*p == '\0')
			break;
		p++;
		len = 0;
		while (*p == 'l' && len < 2) {
			len++;
			p++;
		}
		if (len == 0 && *p == 'z') {
			len = 3;
			p++;
		}
		switch (*p) {
		case 's':
			if (len == 0) {
				const char *v = va_arg(ap, const char *);

				buf_adds(b, v != NULL ? v : "(null)");
				break;
			}
			goto slow;
		case 'c':
			if (len != 0)
				goto slow;
			buf_addc(b, va_arg(ap, int));
			break;
		case 'd':
		case 'i':
			if (len == 3)
				goto slow;
			add_signed(b,
			    len == 0       ? va_arg(ap, int)
			        : len == 1 ? va_arg(ap, long)
			                   : va_arg(ap, long long));
			break;
		case 'u':
			add_num(b,
			    len == 0       ? va_arg(ap, unsigned)
			        : len == 1 ? va_arg(ap, unsigned long)
			        : len == 2 ? va_arg(ap, unsigned long long)
			                   : va_arg(ap, size_t),
			    false);
			break;
		case '%':
			if (len != 0)
				goto slow;
			buf_addc(b, '%');
			break;
		default:
			goto slow;
		}
		p++;
	}
	if (b->err != 0)
		buf_truncate(b, start); /* all or nothing, as vsnprintf */
	return b->err;
slow:
	buf_truncate(b, start);
	return E_NOTFOUND;
}

/* slow_addf - vsnprintf into the room there is, else grow and again. */
static int
slow_addf(struct buf *b, const char *fmt, va_list ap)
{
	size_t room = b->cap > b->len ? b->cap - b->len : 0;
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(room > 0 ? b->data + b->len : NULL, room, fmt, cp);
	va_end(cp);
	if (n < 0)
		b->err = E_INTERNAL;
	else if ((size_t)n >= room) {
		if (grow(b, (size_t)n) == 0)
			vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	} else
		(void)grow(b, (size_t)n); /* the max still applies */
	if (b->err != 0) {
		if (room > 0)
			b->data[b->len] = '\0'; /* what was cut off goes */
		return b->err;
	}
	b->len += (size_t)n;
	return 0;
}

int
buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int rc;

	if (b->err != 0)
		return b->err;
	va_copy(cp, ap);
	rc = fast_addf(b, fmt, cp);
	va_end(cp);
	return rc != E_NOTFOUND ? rc : slow_addf(b, fmt, ap);
}

int
buf_add_pct(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned char c;

	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~", c) != NULL)
			buf_add(b, s, 1);
		else
			buf_addf(b, "%%%c%c", hex[c >> 4], hex[c & 15]);
	}
	return buf_error(b);
}

int
buf_add_json(struct buf *b, const char *s)
{
	unsigned char c;

	buf_adds(b, "\"");
	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			buf_addf(b, "\\%c", c);
		else if (c < 0x20 || c == 0x7f || strchr("<>&", c) != NULL)
			buf_addf(b, "\\u%04x", c);
		else
			buf_add(b, s, 1);
	}
	return buf_adds(b, "\"");
}

int
buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = buf_vaddf(b, fmt, ap);
	va_end(ap);
	return rc;
}

int
buf_why(struct buf *why, int rc, const char *fmt, ...)
{
	va_list ap;

	if (why != NULL) {
		buf_reset(why);
		va_start(ap, fmt);
		buf_vaddf(why, fmt, ap);
		va_end(ap);
	}
	return rc;
}

int
buf_sets(struct buf *b, const char *s)
{
	buf_reset(b);
	return buf_adds(b, s);
}

void
buf_truncate(struct buf *b, size_t n)
{
	if (n < b->len) {
		b->len = n;
		b->data[n] = '\0';
	}
}

int
buf_error(const struct buf *b)
{
	return b->err;
}

const char *
buf_cstr(const struct buf *b)
{
	return b->data != NULL ? b->data : "";
}

char *
buf_detach(struct buf *b)
{
	char *p;

	p = b->data != NULL ? b->data : xstrdup("");
	buf_init(b, b->max);
	return p;
}

struct str
str_from(const char *s)
{
	struct str r;

	r.p = s;
	r.n = s != NULL ? strlen(s) : 0;
	return r;
}

bool
str_eq(struct str a, const char *s)
{
	return strlen(s) == a.n && memcmp(a.p, s, a.n) == 0;
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

bool
str_ieq(struct str a, const char *s)
{
	size_t i;

	if (strlen(s) != a.n)
		return false;
	for (i = 0; i < a.n; i++)
		if (lower((unsigned char)a.p[i]) != lower((unsigned char)s[i]))
			return false;
	return true;
}

bool
str_has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool
str_ihas_prefix(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);
	struct str head;

	if (strlen(s) < n)
		return false;
	head.p = s;
	head.n = n;
	return str_ieq(head, prefix);
}

static bool
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
	    c == '\v';
}

struct str
str_trim(struct str s)
{
	while (s.n > 0 && is_space((unsigned char)s.p[0])) {
		s.p++;
		s.n--;
	}
	while (s.n > 0 && is_space((unsigned char)s.p[s.n - 1]))
		s.n--;
	return s;
}

char *
str_dup(struct str s)
{
	return xstrndup(s.p, s.n);
}

void
str_lower(char *s)
{
	for (; *s != '\0'; s++)
		*s = (char)lower((unsigned char)*s);
}

size_t
utf8_char_len(const unsigned char *p, size_t n)
{
	unsigned c = p[0];
	size_t len, i;
	unsigned long cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, cp = c & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

bool
utf8_valid(const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t i = 0, k;

	while (i < n) {
		if (u[i] != 0 && u[i] < 0x80) { /* ASCII: most of any mail */
			i++;
			continue;
		}
		k = u[i] == 0 ? 0 : utf8_char_len(u + i, n - i);
		if (k == 0)
			return false;
		i += k;
	}
	return true;
}

int
parse_u64(const char *s, unsigned long long max, unsigned long long *out)
{
	unsigned long long v;
	char *end;

	if (s == NULL || *s < '0' || *s > '9')
		return E_PARSE;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || v > max)
		return E_PARSE;
	*out = v;
	return 0;
}

int
parse_i64(const char *s, long long min, long long max, long long *out)
{
	long long v;
	char *end;

	if (s == NULL || *s == '\0' || *s == ' ' || *s == '+')
		return E_PARSE;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return E_PARSE;
	*out = v;
	return 0;
}

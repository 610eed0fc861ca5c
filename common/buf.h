/*
 * buf.h - a growable, length-tracked, NUL-terminated byte string.
 *
 * Every buf has a hard maximum fixed at init.  Errors are sticky: once an
 * append fails (over max, or out of memory) later appends do nothing, so a
 * caller may append many times and check buf_error() once.  data is always
 * NUL-terminated (after buf_init it may be NULL; use buf_cstr()).
 */
#ifndef STOA_BUF_H
#define STOA_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct buf {
	char *data;
	size_t len;
	size_t cap;
	size_t max;
	int err; /* 0 or a negative enum err, sticky */
};

/* struct str - a borrowed slice of bytes, not NUL-terminated. */
struct str {
	const char *p;
	size_t n;
};

#define BUF_INIT(m)                                                            \
	{                                                                      \
		NULL, 0, 0, (m), 0                                             \
	}

void buf_init(struct buf *b, size_t max);
/* buf_release - free the storage; b may be reused after buf_init. */
void buf_release(struct buf *b);
/* buf_reset - empty b and clear its error, keeping the storage. */
void buf_reset(struct buf *b);
int buf_add(struct buf *b, const void *p, size_t n);
int buf_adds(struct buf *b, const char *s);
int buf_addc(struct buf *b, int c);
/* buf_add_utf8 - code point cp as UTF-8 (U+FFFD for surrogates, > U+10FFFF). */
int buf_add_utf8(struct buf *b, unsigned long cp);
int buf_addf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int buf_vaddf(struct buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* buf_sets - replace the contents with s (clears a previous error). */
int buf_sets(struct buf *b, const char *s);
/*
 * buf_why - replace why (when not NULL) with a printf line and return rc:
 * `return buf_why(why, E_PARSE, "line %d: ...", n);`
 */
int buf_why(struct buf *why, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/*
 * buf_reserve - make room for n more bytes now (one allocation instead of
 * doubling: keeps the peak size of big buffers near what they hold).
 */
int buf_reserve(struct buf *b, size_t n);
/* buf_truncate - cut to n bytes (n <= len). */
void buf_truncate(struct buf *b, size_t n);
int buf_error(const struct buf *b);
/*
 * buf_add_pct - s percent-encoded (RFC 3986: all but unreserved ASCII
 * letters, digits and -._~), for a URI query or a mailto (RFC 6068).
 */
int buf_add_pct(struct buf *b, const char *s);
/*
 * buf_add_json - s as a JSON string with its quotes (RFC 8259: '"', '\'
 * and control characters escaped; '<', '>', '&' as \u00XX too, so the
 * text is also safe inside HTML).  s is UTF-8.
 */
int buf_add_json(struct buf *b, const char *s);
/* buf_cstr - the contents, "" when empty; borrowed. */
const char *buf_cstr(const struct buf *b);
/* buf_detach - hand the storage to the caller (never NULL); b is reset. */
char *buf_detach(struct buf *b);

/* str_* - small helpers on slices and C strings. */
struct str str_from(const char *s);
bool str_eq(struct str a, const char *s);
bool str_ieq(struct str a, const char *s);
bool str_has_prefix(const char *s, const char *prefix);
bool str_ihas_prefix(const char *s, const char *prefix);
/* str_trim - slice without leading and trailing ASCII space. */
struct str str_trim(struct str s);
/* str_dup - NUL-terminated heap copy of a slice; caller frees. */
char *str_dup(struct str s);
/* str_lower - lower-case ASCII letters in place. */
void str_lower(char *s);
/*
 * utf8_char_len - the length of the well-formed UTF-8 character at p
 * (n > 0 bytes available; 1 for ASCII, NUL included), or 0 when the bytes
 * there are not one (overlong, surrogate, over U+10FFFF, truncated).
 */
size_t utf8_char_len(const unsigned char *p, size_t n);
/* utf8_valid - true when p[0..n) is well-formed UTF-8 with no NUL. */
bool utf8_valid(const char *p, size_t n);

/* parse_u64/parse_i64 - whole-string decimal with range checks; 0 or E_PARSE.
 */
int parse_u64(const char *s, unsigned long long max, unsigned long long *out);
int parse_i64(const char *s, long long min, long long max, long long *out);

#endif

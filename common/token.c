/*
 * token.c - capability tokens and the server secret file (see token.h
 * for the format and the contract, docs/tokens.md for the reasoning).
 *
 * A token is built in a small byte array, MACed, then base32-encoded.
 * Verification reverses this strictly: base32 must be canonical (no
 * stray bits in the last character), varints must be shortest-form, and
 * the byte count must come out exactly, so that each token has one
 * spelling (apart from letter case) and a changed character is always an
 * error rather than an alias.
 *
 * The MAC input starts with the label "stoa-token-v2" (not sent), so that
 * a MAC made with the same secret for another purpose can never pass as a
 * token, and a future format can change the label.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crypto.h"
#include "err.h"
#include "rfile.h"
#include "token.h"
#include "xmalloc.h"

#define TOKEN_LABEL      "stoa-token-v2"
#define VARINT_MAX_BYTES 5 /* 35 bits: TOKEN_ID_MAX */
#define EXPIRY_BYTES     3 /* hours since 1970: until the year 3883 */
#define EXPIRY_HOURS_MAX 0xffffffLL
#define TOKEN_MAX_BYTES                                                        \
	(1 + 2 * VARINT_MAX_BYTES + EXPIRY_BYTES + TOKEN_MAC_BYTES)
#define TOKEN_MIN_BYTES (1 + 1 + 1 + EXPIRY_BYTES + TOKEN_MAC_BYTES)
_Static_assert(MAX_LIST_NAME + 3 + MAX_TOKEN_CHARS <= MAX_LOCAL_PART,
    "LIST+x-TOKEN must fit a local part");

#define KEYFILE_MAX 512 /* bytes; a valid file has at most 156 */
#define KEY_HEX     (2 * TOKEN_KEY_BYTES)

/* base32 - RFC 4648 alphabet in lower case. */
static const char b32[] = "abcdefghijklmnopqrstuvwxyz234567";

_Static_assert((TOKEN_MAX_BYTES * 8 + 4) / 5 <= MAX_TOKEN_CHARS,
    "MAX_TOKEN_CHARS too small for the longest token");

static void why_set(struct buf *why, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* why_set - replace why (may be NULL) with a one-line reason. */
static void
why_set(struct buf *why, const char *fmt, ...)
{
	va_list ap;

	if (why == NULL)
		return;
	buf_reset(why);
	va_start(ap, fmt);
	buf_vaddf(why, fmt, ap);
	va_end(ap);
}

/* b32_encode - n bytes into ceil(8n/5) characters and a NUL. */
static void
b32_encode(const unsigned char *p, size_t n, char *out)
{
	unsigned int acc = 0;
	int bits = 0;
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		acc = (acc << 8) | p[i];
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			out[o++] = b32[(acc >> bits) & 31];
		}
	}
	if (bits > 0)
		out[o++] = b32[(acc << (5 - bits)) & 31];
	out[o] = '\0';
}

/* b32_value - the 5-bit value of c (either case), or -1. */
static int
b32_value(char c)
{
	if (c >= 'a' && c <= 'z')
		return c - 'a';
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= '2' && c <= '7')
		return c - '2' + 26;
	return -1;
}

/*
 * b32_decode - the inverse of b32_encode() into out (cap bytes).  The
 * length must be one an encoding can have and the unused low bits of the
 * last character must be zero.  Returns the byte count or -1.
 */
static int
b32_decode(const char *s, size_t n, unsigned char *out, size_t cap)
{
	unsigned int acc = 0;
	int bits = 0;
	size_t i, o = 0;
	int v;

	switch (n % 8) {
	case 1:
	case 3:
	case 6:
		return -1; /* no byte count encodes to this length */
	}
	for (i = 0; i < n; i++) {
		v = b32_value(s[i]);
		if (v < 0)
			return -1;
		acc = ((acc << 5) | (unsigned int)v) & 0xfff;
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			if (o == cap)
				return -1;
			out[o++] = (unsigned char)(acc >> bits);
		}
	}
	if ((acc & ((1u << bits) - 1)) != 0)
		return -1; /* stray bits: not canonical */
	return (int)o;
}

/* varint_put - unsigned LEB128 of v at p; returns the byte count. */
static size_t
varint_put(unsigned char *p, unsigned long long v)
{
	size_t n = 0;

	do {
		p[n] = (unsigned char)(v & 0x7f);
		v >>= 7;
		if (v != 0)
			p[n] |= 0x80;
		n++;
	} while (v != 0);
	return n;
}

/*
 * varint_get - a canonical LEB128 value of at most 5 bytes from
 * p[*i..n); advances *i.  Returns 0 or -1.
 */
static int
varint_get(const unsigned char *p, size_t n, size_t *i, unsigned long long *out)
{
	unsigned long long v = 0;
	size_t k;

	for (k = 0; k < VARINT_MAX_BYTES && *i + k < n; k++) {
		unsigned char c = p[*i + k];

		v |= (unsigned long long)(c & 0x7f) << (7 * k);
		if ((c & 0x80) == 0) {
			if ((c == 0 && k > 0) || v > TOKEN_ID_MAX)
				return -1; /* overlong or too large */
			*i += k + 1;
			*out = v;
			return 0;
		}
	}
	return -1;
}

/* token_mac - the truncated MAC of body[0..n) under key. */
static int
token_mac(const unsigned char key[TOKEN_KEY_BYTES], const unsigned char *body,
    size_t n, unsigned char mac[TOKEN_MAC_BYTES])
{
	unsigned char in[sizeof TOKEN_LABEL - 1 + TOKEN_MAX_BYTES];
	unsigned char full[CRYPTO_SHA256_LEN];
	int rc;

	CHECK(n <= TOKEN_MAX_BYTES);
	memcpy(in, TOKEN_LABEL, sizeof TOKEN_LABEL - 1);
	memcpy(in + sizeof TOKEN_LABEL - 1, body, n);
	rc = crypto_hmac_sha256(
	    key, TOKEN_KEY_BYTES, in, sizeof TOKEN_LABEL - 1 + n, full);
	if (rc == 0)
		memcpy(mac, full, TOKEN_MAC_BYTES);
	explicit_bzero(full, sizeof full);
	return rc;
}

int
token_issue(const struct token_keys *k, const struct token *t,
    char out[MAX_TOKEN_CHARS + 1])
{
	unsigned char b[TOKEN_MAX_BYTES];
	unsigned long long hours;
	size_t n = 0;
	int rc;

	out[0] = '\0';
	if (t->kind < 'a' || t->kind > 'z')
		return E_PARSE;
	if (t->object > TOKEN_ID_MAX || t->member > TOKEN_ID_MAX)
		return E_LIMIT;
	if (t->expires <= 0 || t->expires > EXPIRY_HOURS_MAX * 3600)
		return E_LIMIT;
	hours = ((unsigned long long)t->expires + 3599) / 3600;
	b[n++] = (unsigned char)t->kind;
	n += varint_put(b + n, t->object);
	n += varint_put(b + n, t->member);
	b[n++] = (unsigned char)(hours >> 16);
	b[n++] = (unsigned char)(hours >> 8);
	b[n++] = (unsigned char)hours;
	rc = token_mac(k->cur, b, n, b + n);
	if (rc != 0)
		return rc;
	n += TOKEN_MAC_BYTES;
	CHECK((n * 8 + 4) / 5 <= MAX_TOKEN_CHARS);
	b32_encode(b, n, out);
	return 0;
}

int
token_verify(
    const struct token_keys *k, const char *s, long long now, struct token *out)
{
	unsigned char b[TOKEN_MAX_BYTES];
	unsigned char mac[TOKEN_MAC_BYTES];
	unsigned long long object, member, hours;
	size_t len, i = 1, body;
	bool ok;
	int n;

	if (s == NULL)
		return E_PARSE;
	len = strnlen(s, MAX_TOKEN_CHARS + 1);
	if (len > MAX_TOKEN_CHARS)
		return E_PARSE;
	n = b32_decode(s, len, b, sizeof b);
	if (n < TOKEN_MIN_BYTES)
		return E_PARSE;
	if (b[0] < 'a' || b[0] > 'z')
		return E_PARSE;
	if (varint_get(b, (size_t)n, &i, &object) != 0 ||
	    varint_get(b, (size_t)n, &i, &member) != 0)
		return E_PARSE;
	if ((size_t)n - i != EXPIRY_BYTES + TOKEN_MAC_BYTES)
		return E_PARSE;
	hours = (unsigned long long)b[i] << 16 |
	    (unsigned long long)b[i + 1] << 8 | b[i + 2];
	body = i + EXPIRY_BYTES;
	if (token_mac(k->cur, b, body, mac) != 0)
		return E_PARSE;
	ok = crypto_equal(mac, b + body, TOKEN_MAC_BYTES);
	if (!ok && k->has_prev && now < k->prev_until) {
		if (token_mac(k->prev, b, body, mac) != 0)
			return E_PARSE;
		ok = crypto_equal(mac, b + body, TOKEN_MAC_BYTES);
	}
	if (!ok)
		return E_PARSE;
	out->kind = (char)b[0];
	out->object = object;
	out->member = member;
	out->expires = (long long)hours * 3600;
	if (now >= out->expires)
		return E_PERM;
	return 0;
}

void
token_keys_clear(struct token_keys *k)
{
	if (k != NULL)
		explicit_bzero(k, sizeof *k);
	crypto_hmac_forget();
}

/* hex_put - n bytes as lower-case hex into out (2n characters, no NUL). */
static void
hex_put(const unsigned char *p, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 0x0f];
	}
}

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* hex_key - exactly KEY_HEX hex digits at s into key; 0 or -1. */
static int
hex_key(const char *s, size_t n, unsigned char key[TOKEN_KEY_BYTES])
{
	size_t i;
	int hi, lo;

	if (n != KEY_HEX)
		return -1;
	for (i = 0; i < TOKEN_KEY_BYTES; i++) {
		hi = hex_value(s[2 * i]);
		lo = hex_value(s[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		key[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

/*
 * parse_keyfile - the text p[0..n) (NUL-terminated) into *k.  Returns 0
 * or -1 with a reason in why.
 */
static int
parse_keyfile(const char *p, size_t n, struct token_keys *k, const char *path,
    struct buf *why)
{
	const char *end = p + n;
	const char *nl, *sp;
	unsigned long long until;
	char num[24];

	if (memchr(p, '\0', n) != NULL) {
		why_set(why, "secret file %s: contains a NUL byte", path);
		return -1;
	}
	nl = memchr(p, '\n', n);
	if (nl == NULL)
		nl = end;
	if (hex_key(p, (size_t)(nl - p), k->cur) != 0) {
		why_set(why,
		    "secret file %s: line 1 is not a key of %d hex digits",
		    path, KEY_HEX);
		return -1;
	}
	if (nl == end || nl + 1 == end)
		return 0;
	/* line 2: "prev HEX UNTIL" */
	p = nl + 1;
	nl = memchr(p, '\n', (size_t)(end - p));
	if (nl == NULL)
		nl = end;
	if (nl != end && nl + 1 != end) {
		why_set(
		    why, "secret file %s: unexpected text after line 2", path);
		return -1;
	}
	if ((size_t)(nl - p) < 5 + KEY_HEX + 2 || memcmp(p, "prev ", 5) != 0 ||
	    hex_key(p + 5, KEY_HEX, k->prev) != 0 || p[5 + KEY_HEX] != ' ') {
		why_set(why,
		    "secret file %s: line 2 is not \"prev HEX UNTIL\" with a key of %d hex digits",
		    path, KEY_HEX);
		return -1;
	}
	sp = p + 5 + KEY_HEX + 1;
	if ((size_t)(nl - sp) >= sizeof num) {
		why_set(why, "secret file %s: line 2: bad UNTIL time", path);
		return -1;
	}
	memcpy(num, sp, (size_t)(nl - sp));
	num[nl - sp] = '\0';
	if (parse_u64(num, LLONG_MAX, &until) != 0) {
		why_set(why, "secret file %s: line 2: bad UNTIL time", path);
		return -1;
	}
	k->has_prev = true;
	k->prev_until = (long long)until;
	return 0;
}

/* dir_of - the directory part of path ("." or "/" at the ends); owned. */
static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/*
 * owner_trusted - a key file owned by uid may be used: uid is this user or
 * root (as ssh requires), or the service user whose key it is, which shows
 * in its directory: owned by uid and writable by nobody else.  A file that
 * another user planted in a shared (world-writable) directory fails.
 */
static bool
owner_trusted(const char *path, uid_t uid)
{
	struct stat d;
	char *dir;
	int rc;

	if (uid == geteuid() || uid == 0)
		return true;
	dir = dir_of(path);
	rc = stat(dir, &d);
	free(dir);
	return rc == 0 && S_ISDIR(d.st_mode) && d.st_uid == uid &&
	    (d.st_mode & 022) == 0;
}

/*
 * read_keyfile - open path, check type, mode and owner (owner_trusted: a
 * key planted by another user is never adopted), read it whole into p
 * (cap bytes, NUL-terminated).  Optionally returns its stat.  Returns 0
 * or E_CONFIG with why.
 */
static int
read_keyfile(const char *path, char *p, size_t cap, size_t *len,
    struct stat *stp, struct buf *why)
{
	struct stat st;
	size_t n = 0;
	ssize_t r;
	int fd, rc = E_CONFIG;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd == -1) {
		why_set(why, "secret file %s: %s", path, strerror(errno));
		return E_CONFIG;
	}
	if (fstat(fd, &st) != 0) {
		why_set(why, "secret file %s: %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		why_set(why, "secret file %s: not a regular file", path);
		goto out;
	}
	if ((st.st_mode & 077) != 0) {
		why_set(why,
		    "secret file %s: mode %04o is open to group or others (chmod 600)",
		    path, (unsigned int)(st.st_mode & 07777));
		goto out;
	}
	if (!owner_trusted(path, st.st_uid)) {
		why_set(why,
		    "secret file %s: owned by uid %lu, not by this user, root "
		    "or the owner of a directory only it can write",
		    path, (unsigned long)st.st_uid);
		goto out;
	}
	for (;;) {
		r = read(fd, p + n, cap - 1 - n);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			why_set(
			    why, "secret file %s: %s", path, strerror(errno));
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n == cap - 1) {
			why_set(why, "secret file %s: larger than %zu bytes",
			    path, cap - 2);
			goto out;
		}
	}
	p[n] = '\0';
	*len = n;
	if (stp != NULL)
		*stp = st;
	rc = 0;
out:
	close(fd);
	return rc;
}

/* load_stat - token_keys_load() that also returns the file's stat. */
static int
load_stat(
    const char *path, struct token_keys *k, struct stat *st, struct buf *why)
{
	char text[KEYFILE_MAX];
	size_t n = 0;
	int rc;

	memset(k, 0, sizeof *k);
	rc = read_keyfile(path, text, sizeof text, &n, st, why);
	if (rc == 0 && parse_keyfile(text, n, k, path, why) != 0)
		rc = E_CONFIG;
	if (rc != 0)
		token_keys_clear(k);
	explicit_bzero(text, sizeof text);
	return rc;
}

int
token_keys_load(const char *path, struct token_keys *k, struct buf *why)
{
	return load_stat(path, k, NULL, why);
}

/* sync_dir - fsync the directory holding path, so a rename is durable. */
static int
sync_dir(const char *path)
{
	char *dir;
	int fd, rc;

	dir = dir_of(path);
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	if (fd == -1)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

int
token_keys_create(const char *path, struct buf *why)
{
	unsigned char key[TOKEN_KEY_BYTES];
	char text[KEY_HEX + 1];
	int fd, rc = 0;

	if (crypto_random(key, sizeof key) != 0) {
		why_set(why, "secret file %s: no random bytes", path);
		return E_INTERNAL;
	}
	hex_put(key, sizeof key, text);
	text[KEY_HEX] = '\n';
	explicit_bzero(key, sizeof key);
	fd = open(
	    path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd == -1) {
		rc = errno == EEXIST ? E_DUP : E_CONFIG;
		why_set(why, "secret file %s: %s", path, strerror(errno));
		goto out;
	}
	if (fchmod(fd, 0600) != 0 ||
	    rfile_write_all(fd, text, sizeof text) != 0 || fsync(fd) != 0) {
		why_set(why, "secret file %s: %s", path, strerror(errno));
		rc = E_TEMP;
	}
	if (close(fd) != 0 && rc == 0) {
		why_set(why, "secret file %s: %s", path, strerror(errno));
		rc = E_TEMP;
	}
	if (rc != 0)
		unlink(path);
	else if (sync_dir(path) != 0) {
		why_set(why, "secret file %s: sync directory: %s", path,
		    strerror(errno));
		rc = E_TEMP;
	}
out:
	explicit_bzero(text, sizeof text);
	return rc;
}

int
token_keys_rotate(const char *path, long long grace_until, struct buf *why)
{
	struct token_keys old;
	struct stat st;
	unsigned char key[TOKEN_KEY_BYTES];
	struct buf tmp = BUF_INIT(PATH_MAX);
	char text[KEYFILE_MAX];
	size_t n = 0;
	bool made_tmp = false;
	int fd = -1, rc, w;

	if (grace_until < 0) {
		why_set(why, "secret file %s: negative grace time", path);
		return E_LIMIT;
	}
	rc = load_stat(path, &old, &st, why);
	if (rc != 0)
		return rc;
	if (crypto_random(key, sizeof key) != 0) {
		why_set(why, "secret file %s: no random bytes", path);
		rc = E_INTERNAL;
		goto out;
	}
	/* "NEWHEX\nprev OLDHEX UNTIL\n" */
	hex_put(key, sizeof key, text);
	n = KEY_HEX;
	memcpy(text + n, "\nprev ", 6);
	n += 6;
	hex_put(old.cur, sizeof old.cur, text + n);
	n += KEY_HEX;
	w = snprintf(text + n, sizeof text - n, " %lld\n", grace_until);
	if (w < 0 || (size_t)w >= sizeof text - n) {
		rc = E_INTERNAL; /* cannot happen: text has room */
		goto out;
	}
	n += (size_t)w;
	buf_addf(&tmp, "%s.tmpXXXXXX", path);
	if (buf_error(&tmp) != 0) {
		why_set(why, "secret file %s: path too long", path);
		rc = E_CONFIG;
		goto out;
	}
	fd = mkstemp(tmp.data);
	if (fd == -1) {
		why_set(why, "secret file %s: temporary file: %s", path,
		    strerror(errno));
		rc = E_CONFIG;
		goto out;
	}
	made_tmp = true;
	if (fchmod(fd, 0600) != 0 ||
	    ((st.st_uid != geteuid() || st.st_gid != getegid()) &&
	        fchown(fd, st.st_uid, st.st_gid) != 0)) {
		why_set(why, "secret file %s: set mode or owner: %s", path,
		    strerror(errno));
		rc = E_CONFIG;
		goto out;
	}
	if (rfile_write_all(fd, text, n) != 0 || fsync(fd) != 0) {
		why_set(
		    why, "secret file %s: write: %s", path, strerror(errno));
		rc = E_TEMP;
		goto out;
	}
	w = close(fd);
	fd = -1;
	if (w != 0) {
		why_set(
		    why, "secret file %s: write: %s", path, strerror(errno));
		rc = E_TEMP;
		goto out;
	}
	if (rename(tmp.data, path) != 0) {
		why_set(
		    why, "secret file %s: rename: %s", path, strerror(errno));
		rc = E_CONFIG;
		goto out;
	}
	made_tmp = false; /* it is the secret file now */
	if (sync_dir(path) != 0) {
		why_set(why, "secret file %s: sync directory: %s", path,
		    strerror(errno));
		rc = E_TEMP;
	}
out:
	if (fd != -1)
		close(fd);
	if (made_tmp)
		unlink(tmp.data);
	explicit_bzero(key, sizeof key);
	explicit_bzero(text, sizeof text);
	token_keys_clear(&old);
	buf_release(&tmp);
	return rc;
}

/*
 * t_token.c - token issue/verify (round trips, tampering, expiry, case,
 * rotation, canonical encodings) and the secret file (create, load,
 * rotate, modes, bad contents).  The known-answer tokens were computed
 * independently with Python's hmac and base64 modules.
 */
#include <dirent.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bounds.h"
#include "buf.h"
#include "crypto.h"
#include "err.h"
#include "t.h"
#include "token.h"

#define NOW  1795463704LL /* 2026-11-23T19:55:04Z */
#define HOUR 3600LL

static const char b32[] = "abcdefghijklmnopqrstuvwxyz234567";

/* fixed_keys - cur = 00 01 .. 1f, no prev. */
static void
fixed_keys(struct token_keys *k)
{
	int i;

	memset(k, 0, sizeof *k);
	for (i = 0; i < TOKEN_KEY_BYTES; i++)
		k->cur[i] = (unsigned char)i;
}

static void
test_known_answers(void)
{
	struct token_keys k;
	struct token t = {'r', 42, 7, NOW};
	struct token u = {'m', TOKEN_ID_MAX, TOKEN_ID_MAX, NOW};
	struct token v = {'c', 300, (1u << 21) - 1, 1795464000LL};
	char s[MAX_TOKEN_CHARS + 1];

	fixed_keys(&k);
	T_INT("kat small", token_issue(&k, &t, s), 0);
	T_STR("kat small", s, "oivaob44gri2i4dwn25cbgsgyu");
	T_INT("kat max ids", token_issue(&k, &u, s), 0);
	T_STR("kat max ids", s, "nx777777p7777777p4dzynekupvtgxmzmt3wt6a");
	T_INT("kat max ids length", (long long)strlen(s), MAX_TOKEN_CHARS);
	T_INT("kat 2^21-1", token_issue(&k, &v, s), 0);
	T_STR("kat 2^21-1", s, "mowaf777p4dzynac2yrb76l2u22qxca");
}

static void
test_round_trip(void)
{
	static const char kinds[] = "rcmubw";
	static const unsigned long long ids[] = {0, 1, 127, 128, 16383, 16384,
	    (1ull << 21) - 1, 1ull << 21, 1ull << 28, (1ull << 34),
	    TOKEN_ID_MAX - 1, TOKEN_ID_MAX};
	struct token_keys k;
	struct token t, got;
	char s[MAX_TOKEN_CHARS + 1];
	char name[128];
	size_t i, j, c, len;
	int bad_chars = 0;

	fixed_keys(&k);
	for (c = 0; c < sizeof kinds - 1; c++) {
		for (i = 0; i < sizeof ids / sizeof ids[0]; i++) {
			j = (i * 5 + c) % (sizeof ids / sizeof ids[0]);
			t.kind = kinds[c];
			t.object = ids[i];
			t.member = ids[j];
			t.expires = NOW + (long long)(c + i + 1) * HOUR * 24;
			t.expires -= t.expires % HOUR; /* hour-aligned */
			snprintf(name, sizeof name, "round trip %c %llu %llu",
			    t.kind, t.object, t.member);
			T_INT(name, token_issue(&k, &t, s), 0);
			len = strlen(s);
			T_OK(name, len >= 26 && len <= MAX_TOKEN_CHARS);
			bad_chars += (int)(strspn(s, b32) != len);
			memset(&got, 0, sizeof got);
			T_INT(name, token_verify(&k, s, NOW, &got), 0);
			T_INT(name, got.kind, t.kind);
			T_OK(name, got.object == t.object);
			T_OK(name, got.member == t.member);
			T_INT(name, got.expires, t.expires);
		}
	}
	T_INT("only lower-case base32 characters", bad_chars, 0);
	/* expiry is rounded up to the hour, never down */
	t.kind = 'r';
	t.object = 1;
	t.member = 2;
	t.expires = NOW; /* 19:55:04 */
	T_INT("round up", token_issue(&k, &t, s), 0);
	T_INT("round up", token_verify(&k, s, NOW, &got), 0);
	T_INT("round up to 20:00", got.expires, 1795464000LL);
	/* the largest ids fit a 64-byte local part with the longest list */
	t.object = TOKEN_ID_MAX;
	t.member = TOKEN_ID_MAX;
	T_INT("largest ids", token_issue(&k, &t, s), 0);
	T_OK("MAX_LIST_NAME + \"+r-\" + token <= 64",
	    MAX_LIST_NAME + 3 + strlen(s) <= MAX_LOCAL_PART);
}

static void
test_tamper(void)
{
	struct token_keys k;
	struct token t = {'r', 123456, 789, NOW + 30 * 24 * HOUR};
	struct token got;
	char s[MAX_TOKEN_CHARS + 1], m[MAX_TOKEN_CHARS + 2];
	size_t i, j, len;
	int accepted = 0, wrong_code = 0, tried = 0;

	fixed_keys(&k);
	T_INT("tamper issue", token_issue(&k, &t, s), 0);
	len = strlen(s);
	/* every other base32 character in every position */
	for (i = 0; i < len; i++) {
		for (j = 0; j < 32; j++) {
			if (b32[j] == s[i])
				continue;
			memcpy(m, s, len + 1);
			m[i] = b32[j];
			tried++;
			memset(&got, 0, sizeof got);
			switch (token_verify(&k, m, NOW, &got)) {
			case 0:
				accepted++;
				break;
			case E_PARSE:
				break;
			default:
				wrong_code++;
			}
		}
	}
	T_INT("tampered tokens tried", tried, (int)len * 31);
	T_INT("tampered tokens accepted", accepted, 0);
	T_INT("tampered tokens not E_PARSE", wrong_code, 0);
	/* upper case, whole or per character, is the same token */
	for (i = 0; i < len; i++) {
		memcpy(m, s, len + 1);
		if (m[i] >= 'a' && m[i] <= 'z')
			m[i] = (char)(m[i] - 'a' + 'A');
		if (token_verify(&k, m, NOW, &got) != 0)
			accepted--;
	}
	T_INT("one char upper-cased", accepted, 0);
	for (i = 0; i <= len; i++)
		m[i] = (s[i] >= 'a' && s[i] <= 'z') ? (char)(s[i] - 32) : s[i];
	memset(&got, 0, sizeof got);
	T_INT("all upper-cased", token_verify(&k, m, NOW, &got), 0);
	T_OK("all upper-cased fields",
	    got.kind == 'r' && got.object == 123456 && got.member == 789);
	/* shape errors */
	memcpy(m, s, len + 1);
	m[len - 1] = '\0';
	T_INT("truncated", token_verify(&k, m, NOW, &got), E_PARSE);
	memcpy(m, s, len + 1);
	m[len] = 'a';
	m[len + 1] = '\0';
	T_INT("extended", token_verify(&k, m, NOW, &got), E_PARSE);
	T_INT("empty", token_verify(&k, "", NOW, &got), E_PARSE);
	T_INT("NULL", token_verify(&k, NULL, NOW, &got), E_PARSE);
	T_INT("too short", token_verify(&k, "aaaaaaaa", NOW, &got), E_PARSE);
	T_INT("too long",
	    token_verify(&k,
	        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	        NOW, &got),
	    E_PARSE);
	{
		static const char bad[] = "0189=-_ .\n";

		for (i = 0; bad[i] != '\0'; i++) {
			memcpy(m, s, len + 1);
			m[len / 2] = bad[i];
			T_INT("bad character", token_verify(&k, m, NOW, &got),
			    E_PARSE);
		}
	}
	memcpy(m, s, len + 1);
	m[3] = '\0'; /* embedded NUL ends the string: a short token */
	T_INT("embedded NUL", token_verify(&k, m, NOW, &got), E_PARSE);
	/* a different key */
	k.cur[0] ^= 1;
	T_INT("other key", token_verify(&k, s, NOW, &got), E_PARSE);
	k.cur[0] ^= 1;
	T_INT("key restored", token_verify(&k, s, NOW, &got), 0);
}

/*
 * forge - build a token from raw body bytes with a correct MAC under k,
 * the way token.c does; lets us test what only the parser can reject.
 */
static void
forge(
    const struct token_keys *k, const unsigned char *body, size_t n, char *out)
{
	unsigned char in[64], full[32], all[64];
	unsigned int acc = 0;
	size_t i, o = 0;
	int bits = 0;

	memcpy(in, "stoa-token-v2", 13);
	memcpy(in + 13, body, n);
	crypto_hmac_sha256(k->cur, TOKEN_KEY_BYTES, in, 13 + n, full);
	memcpy(all, body, n);
	memcpy(all + n, full, TOKEN_MAC_BYTES);
	n += TOKEN_MAC_BYTES;
	for (i = 0; i < n; i++) {
		acc = (acc << 8) | all[i];
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

static void
test_canonical(void)
{
	/* hours 498740 = 0x079c34 */
	static const unsigned char ok[] = {'r', 42, 7, 0x07, 0x9c, 0x34};
	static const unsigned char overlong[] = {
	    'r', 0xaa, 0x00, 7, 0x07, 0x9c, 0x34};
	static const unsigned char upper_kind[] = {
	    'R', 42, 7, 0x07, 0x9c, 0x34};
	static const unsigned char extra[] = {
	    'r', 42, 7, 0x07, 0x9c, 0x34, 0x00};
	static const unsigned char short_exp[] = {'r', 42, 7, 0x9c, 0x34};
	static const unsigned char six_bytes[] = {
	    'r', 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 7, 0x07, 0x9c, 0x34};
	static const unsigned char five_bytes[] = {
	    'r', 0xff, 0xff, 0xff, 0xff, 0x7f, 7, 0x07, 0x9c, 0x34};
	struct token_keys k;
	struct token got;
	char s[80];

	fixed_keys(&k);
	forge(&k, ok, sizeof ok, s);
	T_STR("forge agrees with token_issue", s, "oivaob44gri2i4dwn25cbgsgyu");
	T_INT("forged canonical", token_verify(&k, s, NOW, &got), 0);
	forge(&k, overlong, sizeof overlong, s);
	T_INT("overlong varint", token_verify(&k, s, NOW, &got), E_PARSE);
	forge(&k, upper_kind, sizeof upper_kind, s);
	T_INT("kind not a-z", token_verify(&k, s, NOW, &got), E_PARSE);
	forge(&k, extra, sizeof extra, s);
	T_INT("extra byte", token_verify(&k, s, NOW, &got), E_PARSE);
	forge(&k, short_exp, sizeof short_exp, s);
	T_INT("2-byte expiry", token_verify(&k, s, NOW, &got), E_PARSE);
	forge(&k, six_bytes, sizeof six_bytes, s);
	T_INT("6-byte varint", token_verify(&k, s, NOW, &got), E_PARSE);
	forge(&k, five_bytes, sizeof five_bytes, s);
	T_INT(
	    "5-byte varint = TOKEN_ID_MAX", token_verify(&k, s, NOW, &got), 0);
	T_OK("5-byte varint value", got.object == TOKEN_ID_MAX);
}

static void
test_expiry(void)
{
	struct token_keys k;
	struct token t = {'c', 5, 6, NOW - NOW % HOUR + HOUR};
	struct token got;
	char s[MAX_TOKEN_CHARS + 1];

	fixed_keys(&k);
	T_INT("expiry issue", token_issue(&k, &t, s), 0);
	T_INT("one second before", token_verify(&k, s, t.expires - 1, &got), 0);
	memset(&got, 0, sizeof got);
	T_INT("at expiry", token_verify(&k, s, t.expires, &got), E_PERM);
	T_OK("E_PERM still fills out",
	    got.kind == 'c' && got.object == 5 && got.member == 6 &&
	        got.expires == t.expires);
	T_INT("long after",
	    token_verify(&k, s, t.expires + 365 * 24 * HOUR, &got), E_PERM);
	/* a bad MAC wins over expiry: forgeries never learn E_PERM */
	s[5] = s[5] == 'a' ? 'b' : 'a';
	memset(&got, 0, sizeof got);
	T_INT("bad MAC and expired", token_verify(&k, s, t.expires, &got),
	    E_PARSE);
	T_INT("E_PARSE leaves out alone", got.kind, 0);
}

static void
test_issue_errors(void)
{
	struct token_keys k;
	struct token t;
	char s[MAX_TOKEN_CHARS + 1];
	static const char bad_kinds[] = {'R', '0', '-', '\0', '{', '`'};
	size_t i;

	fixed_keys(&k);
	for (i = 0; i < sizeof bad_kinds; i++) {
		t = (struct token){bad_kinds[i], 1, 2, NOW};
		s[0] = 'x';
		T_INT("bad kind", token_issue(&k, &t, s), E_PARSE);
		T_STR("bad kind empties out", s, "");
	}
	t = (struct token){'r', TOKEN_ID_MAX + 1, 2, NOW};
	T_INT("object > TOKEN_ID_MAX", token_issue(&k, &t, s), E_LIMIT);
	t = (struct token){'r', 1, ULLONG_MAX, NOW};
	T_INT("member ULLONG_MAX", token_issue(&k, &t, s), E_LIMIT);
	t = (struct token){'r', 1, 2, 0};
	T_INT("expires 0", token_issue(&k, &t, s), E_LIMIT);
	t = (struct token){'r', 1, 2, -HOUR};
	T_INT("expires negative", token_issue(&k, &t, s), E_LIMIT);
	t = (struct token){'r', 1, 2, 0xffffffLL * HOUR};
	T_INT("expires last hour", token_issue(&k, &t, s), 0);
	t = (struct token){'r', 1, 2, 0xffffffLL * HOUR + 1};
	T_INT("expires past 2^24 hours", token_issue(&k, &t, s), E_LIMIT);
	t = (struct token){'r', 1, 2, 1};
	T_INT("expires 1 s", token_issue(&k, &t, s), 0);
}

static void
test_prev_key(void)
{
	struct token_keys a, b;
	struct token t = {'r', 9, 10, NOW + 24 * HOUR};
	struct token got;
	char s[MAX_TOKEN_CHARS + 1];

	fixed_keys(&a);
	T_INT("prev issue", token_issue(&a, &t, s), 0);
	memset(&b, 0, sizeof b);
	memset(b.cur, 0x42, sizeof b.cur);
	T_INT("new key alone", token_verify(&b, s, NOW, &got), E_PARSE);
	memcpy(b.prev, a.cur, sizeof b.prev);
	b.has_prev = true;
	b.prev_until = NOW + HOUR;
	T_INT("prev in grace", token_verify(&b, s, NOW, &got), 0);
	T_INT("prev last second", token_verify(&b, s, NOW + HOUR - 1, &got), 0);
	T_INT("prev at grace end", token_verify(&b, s, NOW + HOUR, &got),
	    E_PARSE);
	b.has_prev = false;
	T_INT("prev without has_prev", token_verify(&b, s, NOW, &got), E_PARSE);
	token_keys_clear(&b);
	T_OK("clear wipes", b.cur[0] == 0 && b.prev[0] == 0 && !b.has_prev);
	token_keys_clear(NULL);
}

/* mode_of - permission bits of path, or -1. */
static int
mode_of(const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return -1;
	return (int)(st.st_mode & 07777);
}

/* write_mode - t_write() then chmod; returns the path (static). */
static const char *
write_mode(const char *name, const char *content, mode_t mode)
{
	const char *p = t_write(name, content);

	chmod(p, mode);
	return p;
}

/* tmp_left - true when a "*.tmp*" file is in the test directory. */
static bool
tmp_left(void)
{
	DIR *d = opendir(t_tmpdir());
	struct dirent *e;
	bool found = false;

	if (d == NULL)
		return true;
	while ((e = readdir(d)) != NULL)
		if (strstr(e->d_name, ".tmp") != NULL)
			found = true;
	closedir(d);
	return found;
}

#define K1 "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
#define K2 "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100"

/*
 * key_in - a 0600 key file owned by nobody in t_tmpdir()/dir, the
 * directory made with the given owner and mode; returns its path (static).
 */
static const char *
key_in(const char *dir, uid_t dir_uid, mode_t dir_mode)
{
	char d[600], name[64];
	const char *p;

	snprintf(d, sizeof d, "%s/%s", t_tmpdir(), dir);
	snprintf(name, sizeof name, "%s/secret", dir);
	T_OK("key dir",
	    mkdir(d, 0700) == 0 && chown(d, dir_uid, 0) == 0 &&
	        chmod(d, dir_mode) == 0);
	p = write_mode(name, K1 "\n", 0600);
	T_OK("key owned by nobody", chown(p, 65534, 65534) == 0);
	return p;
}

/*
 * test_keyfile_owner - a key owned by another user is used only when that
 * user owns its directory and nobody else can write there (the service
 * user's key, read by root); one planted in a shared directory is refused
 * (r11).  Needs root to chown, so only root runs it.
 */
static void
test_keyfile_owner(struct buf *why)
{
	static const struct {
		const char *name, *dir;
		uid_t uid;
		mode_t mode;
		int want;
	} t[] = {
	    {"planted in a shared dir", "shared", 0, 01777, E_CONFIG},
	    {"planted in root's dir", "rootdir", 0, 0700, E_CONFIG},
	    {"service dir open to all", "svc-open", 65534, 01777, E_CONFIG},
	    {"service user's own dir", "svc", 65534, 0700, 0},
	};
	struct token_keys k;
	size_t i;

	if (geteuid() != 0)
		return;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		buf_reset(why);
		T_INT(t[i].name,
		    token_keys_load(
		        key_in(t[i].dir, t[i].uid, t[i].mode), &k, why),
		    t[i].want);
		if (t[i].want != 0)
			T_OK(t[i].name,
			    strstr(buf_cstr(why), "owned by") != NULL);
		token_keys_clear(&k);
	}
}

static void
test_keyfile(void)
{
	static const struct {
		const char *name;
		const char *text;
	} bad[] = {
	    {"empty", ""},
	    {"newline only", "\n"},
	    {"63 digits",
	        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1\n"},
	    {"65 digits", K1 "0\n"},
	    {"not hex",
	        "g00102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n"},
	    {"leading space", " " K1 "\n"},
	    {"CRLF", K1 "\r\n"},
	    {"blank line 2", K1 "\n\n"},
	    {"prev without until", K1 "\nprev " K2 "\n"},
	    {"prev with space only", K1 "\nprev " K2 " \n"},
	    {"prev negative until", K1 "\nprev " K2 " -5\n"},
	    {"prev bad until", K1 "\nprev " K2 " 12x\n"},
	    {"prev plus until", K1 "\nprev " K2 " +12\n"},
	    {"prev huge until", K1 "\nprev " K2 " 99999999999999999999999\n"},
	    {"prev bad key", K1 "\nprev " K1 "x 5\n"},
	    {"prev short key", K1 "\nprev 0011 5\n"},
	    {"prv", K1 "\nprv " K2 " 5\n"},
	    {"two spaces", K1 "\nprev  " K2 " 5\n"},
	    {"line 3", K1 "\nprev " K2 " 5\nmore\n"},
	    {"line 3 blank", K1 "\nprev " K2 " 5\n\n"},
	};
	struct token_keys k;
	struct buf why = BUF_INIT(1024);
	char big[700], name[64];
	const char *p;
	size_t i;
	int rc;

	/* good files */
	p = write_mode("good1", K1 "\n", 0600);
	T_INT("load one key", token_keys_load(p, &k, &why), 0);
	T_OK("load one key value", k.cur[0] == 0 && k.cur[31] == 0x1f);
	T_OK("load one key no prev", !k.has_prev);
	p = write_mode("good2", K1, 0600);
	T_INT("no final newline", token_keys_load(p, &k, &why), 0);
	p = write_mode("good3",
	    "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F\n",
	    0400);
	T_INT("upper-case hex, mode 0400", token_keys_load(p, &k, &why), 0);
	T_OK("upper-case hex value", k.cur[10] == 0x0a);
	p = write_mode("good4", K1 "\nprev " K2 " 1795467304\n", 0600);
	T_INT("with prev", token_keys_load(p, &k, &why), 0);
	T_OK("with prev value",
	    k.has_prev && k.prev[0] == 0xff && k.prev[31] == 0x00 &&
	        k.prev_until == 1795467304LL);
	p = write_mode("good5", K1 "\nprev " K2 " 0", 0600);
	T_INT("prev until 0, no newline", token_keys_load(p, &k, &why), 0);
	T_OK("prev until 0", k.has_prev && k.prev_until == 0);

	/* bad contents */
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(name, sizeof name, "bad%zu", i);
		p = write_mode(name, bad[i].text, 0600);
		buf_reset(&why);
		memset(&k, 0x55, sizeof k);
		rc = token_keys_load(p, &k, &why);
		T_INT(bad[i].name, rc, E_CONFIG);
		T_OK(bad[i].name, strstr(buf_cstr(&why), p) != NULL);
		T_OK("bad file zeroes keys", k.cur[0] == 0 && !k.has_prev);
	}
	memcpy(big, K1 "\n", 65);
	memset(big + 65, 'x', sizeof big - 66);
	big[sizeof big - 1] = '\0';
	p = write_mode("big", big, 0600);
	T_INT("too large", token_keys_load(p, &k, &why), E_CONFIG);
	T_OK("too large why", strstr(buf_cstr(&why), "larger") != NULL);
	{
		/* a NUL inside the key line */
		char nul[] = K1 "\n";
		FILE *f;

		p = write_mode("nul", "", 0600);
		nul[10] = '\0';
		f = fopen(p, "w");
		if (f != NULL) {
			fwrite(nul, 1, sizeof nul - 1, f);
			fclose(f);
		}
		T_INT("NUL byte", token_keys_load(p, &k, &why), E_CONFIG);
	}

	/* modes and types */
	p = write_mode("mode644", K1 "\n", 0644);
	buf_reset(&why);
	T_INT("mode 0644 refused", token_keys_load(p, &k, &why), E_CONFIG);
	T_OK("mode 0644 why", strstr(buf_cstr(&why), "0644") != NULL);
	p = write_mode("mode640", K1 "\n", 0640);
	T_INT("mode 0640 refused", token_keys_load(p, &k, &why), E_CONFIG);
	p = write_mode("mode604", K1 "\n", 0604);
	T_INT("mode 0604 refused", token_keys_load(p, &k, &why), E_CONFIG);
	p = write_mode("mode602", K1 "\n", 0602);
	T_INT("mode 0602 refused", token_keys_load(p, &k, &why), E_CONFIG);
	test_keyfile_owner(&why);
	T_INT("directory", token_keys_load(t_tmpdir(), &k, &why), E_CONFIG);
	T_OK("directory why",
	    strstr(buf_cstr(&why), "not a regular file") != NULL);
	snprintf(big, sizeof big, "%s/missing", t_tmpdir());
	buf_reset(&why);
	T_INT("missing file", token_keys_load(big, &k, &why), E_CONFIG);
	T_OK("missing file why", strstr(buf_cstr(&why), "missing") != NULL);
	T_INT(
	    "missing file, why NULL", token_keys_load(big, &k, NULL), E_CONFIG);
	buf_release(&why);
}

static void
test_create_rotate(void)
{
	struct token_keys k1, k2, k3;
	struct token t = {'u', 77, 88, NOW + 48 * HOUR};
	struct token got;
	struct buf why = BUF_INIT(1024);
	char path[512], other[512], s[MAX_TOKEN_CHARS + 1],
	    s2[MAX_TOKEN_CHARS + 1];
	mode_t old_umask;

	snprintf(path, sizeof path, "%s/secret", t_tmpdir());
	old_umask = umask(0); /* create must not depend on the umask */
	T_INT("create", token_keys_create(path, &why), 0);
	umask(old_umask);
	T_INT("create mode", mode_of(path), 0600);
	T_INT("create load", token_keys_load(path, &k1, &why), 0);
	T_OK("create no prev", !k1.has_prev);
	buf_reset(&why);
	T_INT("create again", token_keys_create(path, &why), E_DUP);
	T_OK("create again why", strstr(buf_cstr(&why), path) != NULL);
	T_INT("create again keeps key", token_keys_load(path, &k2, &why), 0);
	T_OK("create again keeps key",
	    memcmp(k1.cur, k2.cur, sizeof k1.cur) == 0);
	snprintf(other, sizeof other, "%s/secret2", t_tmpdir());
	T_INT("create other", token_keys_create(other, NULL), 0);
	T_INT("create other load", token_keys_load(other, &k3, NULL), 0);
	T_OK("two keys differ", memcmp(k1.cur, k3.cur, sizeof k1.cur) != 0);
	snprintf(other, sizeof other, "%s/no/such/dir/secret", t_tmpdir());
	T_INT(
	    "create in missing dir", token_keys_create(other, &why), E_CONFIG);
	snprintf(other, sizeof other, "%s/link", t_tmpdir());
	T_INT("symlink for create", symlink(path, other), 0);
	T_INT("create over a symlink", token_keys_create(other, &why), E_DUP);

	/* rotation */
	T_INT("issue before rotate", token_issue(&k1, &t, s), 0);
	T_INT("rotate", token_keys_rotate(path, NOW + HOUR, &why), 0);
	T_INT("rotate mode", mode_of(path), 0600);
	T_OK("rotate leaves no temp file", !tmp_left());
	T_INT("load rotated", token_keys_load(path, &k2, &why), 0);
	T_OK("rotated cur is new", memcmp(k1.cur, k2.cur, sizeof k1.cur) != 0);
	T_OK("rotated prev is old cur",
	    k2.has_prev && memcmp(k1.cur, k2.prev, sizeof k1.cur) == 0);
	T_INT("rotated prev_until", k2.prev_until, NOW + HOUR);
	T_INT("old token in grace", token_verify(&k2, s, NOW, &got), 0);
	T_OK("old token fields", got.kind == 'u' && got.object == 77);
	T_INT("old token after grace", token_verify(&k2, s, NOW + HOUR, &got),
	    E_PARSE);
	T_INT("issue after rotate", token_issue(&k2, &t, s2), 0);
	T_OK("new token differs", strcmp(s, s2) != 0);
	T_INT("new token", token_verify(&k2, s2, NOW + HOUR, &got), 0);
	T_INT("new token, old keys", token_verify(&k1, s2, NOW, &got), E_PARSE);
	/* a second rotation drops the first key */
	T_INT("rotate twice", token_keys_rotate(path, NOW + 2 * HOUR, &why), 0);
	T_INT("load rotated twice", token_keys_load(path, &k3, &why), 0);
	T_OK(
	    "rotated twice prev", memcmp(k3.prev, k2.cur, sizeof k3.prev) == 0);
	T_INT("first key gone", token_verify(&k3, s, NOW, &got), E_PARSE);
	T_INT("second key in grace", token_verify(&k3, s2, NOW, &got), 0);
	/* rotate errors */
	snprintf(other, sizeof other, "%s/absent", t_tmpdir());
	T_INT("rotate missing", token_keys_rotate(other, NOW, &why), E_CONFIG);
	chmod(path, 0644);
	T_INT("rotate bad mode", token_keys_rotate(path, NOW, &why), E_CONFIG);
	chmod(path, 0600);
	T_INT("rotate negative grace", token_keys_rotate(path, -1, &why),
	    E_LIMIT);
	T_INT("rotate, why NULL", token_keys_rotate(path, 0, NULL), 0);
	T_INT("rotate grace 0 loads", token_keys_load(path, &k1, &why), 0);
	T_INT(
	    "prev dead at grace 0", token_verify(&k1, s2, NOW, &got), E_PARSE);
	T_OK("no temp file at the end", !tmp_left());
	token_keys_clear(&k1);
	token_keys_clear(&k2);
	token_keys_clear(&k3);
	buf_release(&why);
}

int
main(void)
{
	test_known_answers();
	test_round_trip();
	test_tamper();
	test_canonical();
	test_expiry();
	test_issue_errors();
	test_prev_key();
	test_keyfile();
	test_create_rotate();
	return t_done();
}

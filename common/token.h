/*
 * token.h - capability tokens (DESIGN §3) and the server secret file.
 *
 * Purpose: every action that matters arrives at an address such as
 * learn+r-TOKEN@ or learn+c-TOKEN@.  A token names its kind, an object
 * (a thread, a confirmation, a held post ...), the member it was issued to
 * and an expiry, and carries a MAC under the server secret, so it cannot
 * be forged or altered.  This module issues and verifies tokens and
 * manages the secret file; docs/tokens.md has the details.
 *
 * Token format (bytes, then base32):
 *	kind	  1 byte, 'a'..'z' ('r' reply, 'c' confirm, 'm' moderate,
 *		  'u' unsubscribe, 'b' bounce, 'w' wiki ...)
 *	object	  unsigned LEB128, canonical (shortest), 0 .. TOKEN_ID_MAX
 *	member	  unsigned LEB128, canonical, 0 .. TOKEN_ID_MAX
 *	expiry	  3 bytes big-endian: hours since 1970-01-01T00:00Z
 *	mac	  first 10 bytes (80 bits) of
 *		  HMAC-SHA256(key, "stoa-token-v2" || all bytes above)
 * encoded as RFC 4648 base32 in lower case without padding.  Ids stop at
 * 2^35 - 1 (34 billion rows), so the longest token is 24 bytes = 39
 * characters = MAX_TOKEN_CHARS, and LIST+x-TOKEN always fits the 64
 * characters of a local part (MAX_LIST_NAME).
 * Secret file format (text, mode 0600, owner the service user):
 *	line 1:  the current key, 64 hex digits
 *	line 2:  optional "prev HEX UNTIL": the previous key, still accepted
 *		 while now < UNTIL (Unix seconds, decimal)
 * Each line ends in "\n" (the last one may omit it); nothing else.
 *
 * Non-goals, left to callers (the store): single use (remember used
 * tokens until they expire), checking that the From address belongs to
 * token.member, and that token.kind matches the address ("r-" etc.).
 *
 * Invariants: a MAC is only compared with crypto_equal(); malformed and
 * forged tokens get the same answer (E_PARSE); keys are wiped from
 * temporary buffers.
 */
#ifndef STOA_TOKEN_H
#define STOA_TOKEN_H

#include <stdbool.h>

#include "bounds.h"
#include "buf.h"

#define TOKEN_KEY_BYTES 32                 /* HMAC key length */
#define TOKEN_MAC_BYTES 10                 /* MAC truncated to 80 bits */
#define TOKEN_ID_MAX    ((1ULL << 35) - 1) /* largest object or member id */

struct token_keys {
	unsigned char cur[TOKEN_KEY_BYTES]; /* issues and verifies */
	unsigned char
	    prev[TOKEN_KEY_BYTES]; /* verifies only, until prev_until */
	bool has_prev;
	long long prev_until; /* Unix seconds; prev valid while now < this */
};

struct token {
	char kind;                 /* 'a'..'z' */
	unsigned long long object; /* 0 .. INT64_MAX */
	unsigned long long member; /* 0 .. INT64_MAX */
	long long expires;         /* Unix seconds; invalid from this instant */
};

/*
 * token_keys_create - write a new secret file at path: 32 random bytes as
 * hex, mode 0600 (whatever the umask), created with O_EXCL and synced.
 * The file is owned by the calling user: run as the service user or chown
 * it.  Returns 0; E_DUP when path exists (never overwritten); E_CONFIG
 * when it cannot be created; E_TEMP when writing fails (the partial file
 * is removed); E_INTERNAL when the random generator fails.
 */
int token_keys_create(const char *path, struct buf *why);

/*
 * token_keys_load - read the secret file at path into *k.  Like ssh with
 * private keys, a file readable or writable by group or others is
 * refused, and so is one owned by a user other than the caller or root.
 * Returns 0, or E_CONFIG with a reason in why (missing, unreadable, not
 * a regular file, bad mode or owner, too large, bad format); *k is
 * then zeroed.
 */
int token_keys_load(const char *path, struct token_keys *k, struct buf *why);

/*
 * token_keys_rotate - replace the secret file with a new random current
 * key, keeping the old current key as "prev" until grace_until (Unix
 * seconds; a previous prev is dropped).  Written atomically: a temporary
 * file in the same directory (mode 0600, same owner and group as the old
 * file), fsync, rename, fsync of the directory.  Processes that loaded
 * the old file keep issuing with the old key until they reload, which the
 * grace period covers.  Not safe against two concurrent rotations.
 * Returns 0; E_CONFIG when the current file does not load or the new one
 * cannot be written there; E_TEMP on a write or sync failure; E_LIMIT
 * when grace_until < 0; E_INTERNAL when the random generator fails.
 */
int token_keys_rotate(const char *path, long long grace_until, struct buf *why);

/* token_keys_clear - wipe *k (explicit_bzero); use before it goes away. */
void token_keys_clear(struct token_keys *k);

/*
 * token_issue - encode t under k->cur into out (at most MAX_TOKEN_CHARS
 * lower-case characters and a NUL).  t->expires is rounded up to a whole
 * hour (validity is never shortened).  Returns 0; E_PARSE when t->kind is
 * not 'a'..'z'; E_LIMIT when an id is above TOKEN_ID_MAX or t->expires is
 * not in 1 .. 2^24 - 1 hours after the epoch; E_INTERNAL on a GnuTLS
 * failure.  out is "" on error.
 */
int token_issue(const struct token_keys *k, const struct token *t,
    char out[MAX_TOKEN_CHARS + 1]);

/*
 * token_verify - decode and check s (case-insensitive: some MTAs fold
 * local parts).  The MAC is checked under k->cur, then under k->prev when
 * k->has_prev and now < k->prev_until.  Returns:
 *	0	  valid; *out filled (expires is the hour boundary from the
 *		  token)
 *	E_PARSE	  malformed, or a MAC that matches no usable key (one code
 *		  for both, so a forger learns nothing); *out untouched
 *	E_PERM	  authentic but now >= expires; *out is filled so a caller
 *		  can say what expired
 * Single use, From and kind-vs-address checks are the caller's.
 */
int token_verify(const struct token_keys *k, const char *s, long long now,
    struct token *out);

#endif

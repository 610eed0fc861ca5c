/*
 * crypto.h - the one wrapper around Nettle (GnuTLS's crypto library):
 * SHA-256, HMAC-SHA256, random bytes from the kernel and a constant-time
 * compare.
 *
 * Purpose: give the rest of Stoa the few primitives it needs (Message-ID
 * dedup hashes, token MACs, secrets) without any Nettle type or header
 * leaving common/crypto.c.
 * Non-goals: TLS (libcurl does its own), encryption, key derivation.
 * Invariants: no hash or MAC is implemented here; Nettle does the work.
 * Nothing needs initialising, so there is no crypto_init().
 */
#ifndef STOA_CRYPTO_H
#define STOA_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>

#define CRYPTO_SHA256_LEN 32                          /* bytes in a digest */
#define CRYPTO_SHA256_HEX (2 * CRYPTO_SHA256_LEN + 1) /* hex text and NUL */

/*
 * crypto_sha256 - SHA-256 of p[0..n) into out.  p may be NULL when n is 0.
 * Returns 0 (the int is kept for callers that check it).
 */
int crypto_sha256(
    const void *p, size_t n, unsigned char out[CRYPTO_SHA256_LEN]);

/*
 * crypto_sha256_hex - the same digest as 64 lower-case hex digits and a
 * NUL.  Returns 0 or E_INTERNAL (out is then "").
 */
int crypto_sha256_hex(const void *p, size_t n, char out[CRYPTO_SHA256_HEX]);

/*
 * crypto_hmac_sha256 - HMAC-SHA256 (RFC 2104) of data[0..n) under
 * key[0..keylen) into out.  Returns 0 or E_INTERNAL.
 */
int crypto_hmac_sha256(const void *key, size_t keylen, const void *data,
    size_t n, unsigned char out[CRYPTO_SHA256_LEN]);

/*
 * crypto_hmac_forget - wipe the keyed HMAC state crypto_hmac_sha256()
 * keeps for its last key (token_keys_clear calls it).
 */
void crypto_hmac_forget(void);

/*
 * crypto_random - fill p[0..n) with bytes fit for long-term keys
 * (getrandom(2)).  Returns 0, or E_INTERNAL when the kernel fails; p must
 * not be used then.
 */
int crypto_random(void *p, size_t n);

/*
 * crypto_equal - true when a[0..n) equals b[0..n).  The time taken depends
 * only on n, never on where the first difference is: use it for MACs.
 */
bool crypto_equal(const void *a, const void *b, size_t n);

#endif

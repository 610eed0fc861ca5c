/*
 * crypto.c - SHA-256, HMAC-SHA256, key-grade random bytes and a
 * constant-time compare, all on top of GnuTLS (see crypto.h).
 *
 * This is the only file that includes a GnuTLS header.  Every function
 * maps a GnuTLS failure to E_INTERNAL: they fail only when the library or
 * the system's entropy source is broken, which no caller can repair.
 */
#include <gnutls/crypto.h>

#include "crypto.h"
#include "err.h"

/* crypto_sha256 - one-shot digest; GnuTLS accepts NULL with length 0. */
int
crypto_sha256(const void *p, size_t n, unsigned char out[CRYPTO_SHA256_LEN])
{
	static const char empty[1];

	if (p == NULL)
		p = empty; /* some GnuTLS back ends dislike a NULL pointer */
	if (gnutls_hash_fast(GNUTLS_DIG_SHA256, p, n, out) < 0)
		return E_INTERNAL;
	return 0;
}

/* crypto_sha256_hex - digest, then lower-case hex by table. */
int
crypto_sha256_hex(const void *p, size_t n, char out[CRYPTO_SHA256_HEX])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char d[CRYPTO_SHA256_LEN];
	size_t i;
	int rc;

	out[0] = '\0';
	rc = crypto_sha256(p, n, d);
	if (rc != 0)
		return rc;
	for (i = 0; i < sizeof d; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 0x0f];
	}
	out[2 * sizeof d] = '\0';
	return 0;
}

/* crypto_hmac_sha256 - one-shot HMAC; the key may be any length. */
int
crypto_hmac_sha256(const void *key, size_t keylen, const void *data, size_t n,
    unsigned char out[CRYPTO_SHA256_LEN])
{
	static const char empty[1];

	if (key == NULL)
		key = empty;
	if (data == NULL)
		data = empty;
	if (gnutls_hmac_fast(GNUTLS_MAC_SHA256, key, keylen, data, n, out) < 0)
		return E_INTERNAL;
	return 0;
}

/* crypto_random - GNUTLS_RND_KEY: the level meant for long-term keys. */
int
crypto_random(void *p, size_t n)
{
	if (n == 0)
		return 0;
	if (gnutls_rnd(GNUTLS_RND_KEY, p, n) < 0)
		return E_INTERNAL;
	return 0;
}

/*
 * crypto_equal - OR together the XOR of every byte pair.  The accumulator
 * is volatile so that the compiler cannot stop at the first difference.
 */
bool
crypto_equal(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a;
	const unsigned char *y = b;
	volatile unsigned char acc = 0;
	size_t i;

	for (i = 0; i < n; i++)
		acc |= (unsigned char)(x[i] ^ y[i]);
	return acc == 0;
}

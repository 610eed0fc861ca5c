/*
 * crypto.c - SHA-256, HMAC-SHA256, key-grade random bytes and a
 * constant-time compare, all on top of GnuTLS (see crypto.h).
 *
 * This is the only file that includes a GnuTLS header.  Every function
 * maps a GnuTLS failure to E_INTERNAL: they fail only when the library or
 * the system's entropy source is broken, which no caller can repair.
 */
#include <gnutls/crypto.h>
#include <string.h>

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

/*
 * The HMAC state keyed with the last key used (at most 64 bytes), so a
 * run of tokens under one key pays the key schedule once: each MAC is a
 * copy of it (gnutls_hmac_copy).  crypto_hmac_forget() wipes it.
 */
static gnutls_hmac_hd_t hmac_keyed;
static unsigned char hmac_key[64];
static size_t hmac_keylen;

void
crypto_hmac_forget(void)
{
	volatile unsigned char *p = hmac_key;
	size_t i;

	if (hmac_keyed != NULL)
		gnutls_hmac_deinit(hmac_keyed, NULL);
	hmac_keyed = NULL;
	for (i = 0; i < sizeof hmac_key; i++)
		p[i] = 0;
	hmac_keylen = 0;
}

/* keyed - the cached state for key, made when the key changed; or NULL. */
static gnutls_hmac_hd_t
keyed(const void *key, size_t keylen)
{
	if (hmac_keyed != NULL && keylen == hmac_keylen &&
	    crypto_equal(key, hmac_key, keylen))
		return hmac_keyed;
	crypto_hmac_forget();
	if (keylen > sizeof hmac_key ||
	    gnutls_hmac_init(&hmac_keyed, GNUTLS_MAC_SHA256, key, keylen) < 0) {
		hmac_keyed = NULL;
		return NULL;
	}
	memcpy(hmac_key, key, keylen);
	hmac_keylen = keylen;
	return hmac_keyed;
}

/* crypto_hmac_sha256 - one HMAC; the key may be any length. */
int
crypto_hmac_sha256(const void *key, size_t keylen, const void *data, size_t n,
    unsigned char out[CRYPTO_SHA256_LEN])
{
	static const char empty[1];
	gnutls_hmac_hd_t k, h = NULL;
	int rc;

	if (key == NULL)
		key = empty;
	if (data == NULL)
		data = empty;
	k = keyed(key, keylen);
	if (k != NULL)
		h = gnutls_hmac_copy(k);
	if (h == NULL) {
		rc = gnutls_hmac_fast(
		    GNUTLS_MAC_SHA256, key, keylen, data, n, out);
		return rc < 0 ? E_INTERNAL : 0;
	}
	rc = gnutls_hmac(h, data, n);
	gnutls_hmac_deinit(h, out);
	return rc < 0 ? E_INTERNAL : 0;
}

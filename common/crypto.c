/*
 * crypto.c - SHA-256, HMAC-SHA256, key-grade random bytes and a
 * constant-time compare (see crypto.h): Nettle does the hashing, the
 * kernel (getrandom) the random bytes.
 *
 * This is the only file that includes a Nettle header.  Nettle is
 * GnuTLS's own crypto library and ships a static archive, so the hook
 * links it in and loads no crypto library at all (docs/bench.md).
 */
#include <errno.h>
#include <nettle/hmac.h>
#include <nettle/sha2.h>
#include <string.h>
#include <sys/random.h>

#include "crypto.h"
#include "err.h"

int
crypto_sha256(const void *p, size_t n, unsigned char out[CRYPTO_SHA256_LEN])
{
	struct sha256_ctx c;

	sha256_init(&c);
	if (n > 0)
		sha256_update(&c, n, p);
	sha256_digest(&c, CRYPTO_SHA256_LEN, out);
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

/*
 * crypto_random - getrandom(2) from the kernel's pool, which blocks only
 * until the pool is first seeded at boot.
 */
int
crypto_random(void *p, size_t n)
{
	unsigned char *q = p;
	ssize_t got;

	while (n > 0) {
		got = getrandom(q, n, 0);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return E_INTERNAL;
		q += got;
		n -= (size_t)got;
	}
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
 * run of tokens under one key pays the key schedule once: each MAC starts
 * from a copy of it.  crypto_hmac_forget() wipes it.
 */
static struct hmac_sha256_ctx hmac_keyed;
static unsigned char hmac_key[SHA256_BLOCK_SIZE];
static size_t hmac_keylen;
static bool hmac_ready;

void
crypto_hmac_forget(void)
{
	explicit_bzero(&hmac_keyed, sizeof hmac_keyed);
	explicit_bzero(hmac_key, sizeof hmac_key);
	hmac_keylen = 0;
	hmac_ready = false;
}

int
crypto_hmac_sha256(const void *key, size_t keylen, const void *data, size_t n,
    unsigned char out[CRYPTO_SHA256_LEN])
{
	static const unsigned char empty[1];
	struct hmac_sha256_ctx c;

	if (key == NULL)
		key = empty;
	if (data == NULL)
		data = empty;
	if (!hmac_ready || keylen != hmac_keylen ||
	    !crypto_equal(key, hmac_key, keylen)) {
		crypto_hmac_forget();
		hmac_sha256_set_key(&hmac_keyed, keylen, key);
		if (keylen <= sizeof hmac_key) {
			memcpy(hmac_key, key, keylen);
			hmac_keylen = keylen;
			hmac_ready = true;
		}
	}
	c = hmac_keyed;
	hmac_sha256_update(&c, n, data);
	hmac_sha256_digest(&c, CRYPTO_SHA256_LEN, out);
	explicit_bzero(&c, sizeof c);
	if (!hmac_ready) /* a long key: not kept */
		explicit_bzero(&hmac_keyed, sizeof hmac_keyed);
	return 0;
}

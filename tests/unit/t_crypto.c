/*
 * t_crypto.c - crypto.c against the FIPS 180-2 SHA-256 examples and the
 * RFC 4231 HMAC-SHA256 test cases, plus random bytes and crypto_equal().
 */
#include <stdio.h>
#include <string.h>

#include "crypto.h"
#include "err.h"
#include "t.h"

/* hex - lower-case hex of p[0..n) into a static buffer. */
static const char *
hex(const unsigned char *p, size_t n)
{
	static char out[2 * 64 + 1];
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n && i < 64; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 0x0f];
	}
	out[2 * i] = '\0';
	return out;
}

static void
test_sha256(void)
{
	static const struct {
		const char *name;
		const char *in;
		const char *want;
	} cases[] = {
	    {"fips empty", "",
	        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
	    {"fips abc", "abc",
	        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
	    {"fips 448 bits",
	        "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
	};
	unsigned char d[CRYPTO_SHA256_LEN];
	char h[CRYPTO_SHA256_HEX];
	static char million[1000000];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		T_INT(cases[i].name,
		    crypto_sha256(cases[i].in, strlen(cases[i].in), d), 0);
		T_STR(cases[i].name, hex(d, sizeof d), cases[i].want);
		T_INT(cases[i].name,
		    crypto_sha256_hex(cases[i].in, strlen(cases[i].in), h), 0);
		T_STR(cases[i].name, h, cases[i].want);
	}
	memset(million, 'a', sizeof million);
	T_INT(
	    "fips million a", crypto_sha256_hex(million, sizeof million, h), 0);
	T_STR("fips million a", h,
	    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	T_INT("sha256 NULL,0", crypto_sha256_hex(NULL, 0, h), 0);
	T_STR("sha256 NULL,0", h,
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	/* binary-safe: a NUL inside the input counts */
	T_INT("sha256 with NUL", crypto_sha256_hex("a\0b", 3, h), 0);
	T_OK("sha256 with NUL differs from \"a\"",
	    strcmp(h,
	        "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb") !=
	        0);
}

static void
test_hmac(void)
{
	unsigned char k[131], data[152], mac[CRYPTO_SHA256_LEN];
	size_t i;

	/* RFC 4231 test case 1 */
	memset(k, 0x0b, 20);
	T_INT("rfc4231 1", crypto_hmac_sha256(k, 20, "Hi There", 8, mac), 0);
	T_STR("rfc4231 1", hex(mac, sizeof mac),
	    "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
	/* 2: a key shorter than the output */
	T_INT("rfc4231 2",
	    crypto_hmac_sha256(
	        "Jefe", 4, "what do ya want for nothing?", 28, mac),
	    0);
	T_STR("rfc4231 2", hex(mac, sizeof mac),
	    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	/* 3: 50 bytes of 0xdd under 20 bytes of 0xaa */
	memset(k, 0xaa, 20);
	memset(data, 0xdd, 50);
	T_INT("rfc4231 3", crypto_hmac_sha256(k, 20, data, 50, mac), 0);
	T_STR("rfc4231 3", hex(mac, sizeof mac),
	    "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
	/* 4: key 0x01..0x19 */
	for (i = 0; i < 25; i++)
		k[i] = (unsigned char)(i + 1);
	memset(data, 0xcd, 50);
	T_INT("rfc4231 4", crypto_hmac_sha256(k, 25, data, 50, mac), 0);
	T_STR("rfc4231 4", hex(mac, sizeof mac),
	    "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
	/* 5: truncation to 128 bits (we compare the prefix) */
	memset(k, 0x0c, 20);
	T_INT("rfc4231 5",
	    crypto_hmac_sha256(k, 20, "Test With Truncation", 20, mac), 0);
	T_STR("rfc4231 5", hex(mac, 16), "a3b6167473100ee06e0c796c2955552b");
	/* 6 and 7: a key longer than the block size is hashed first */
	memset(k, 0xaa, sizeof k);
	T_INT("rfc4231 6",
	    crypto_hmac_sha256(k, 131,
	        "Test Using Larger Than Block-Size Key - Hash Key First", 54,
	        mac),
	    0);
	T_STR("rfc4231 6", hex(mac, sizeof mac),
	    "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
	memcpy(data,
	    "This is a test using a larger than block-size key and a larger "
	    "than block-size data. The key needs to be hashed before being "
	    "used by the HMAC algorithm.",
	    152);
	T_INT("rfc4231 7", crypto_hmac_sha256(k, 131, data, 152, mac), 0);
	T_STR("rfc4231 7", hex(mac, sizeof mac),
	    "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
	/* empty key and empty data are legal HMAC inputs */
	T_INT("hmac empty", crypto_hmac_sha256(NULL, 0, NULL, 0, mac), 0);
	T_STR("hmac empty", hex(mac, sizeof mac),
	    "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
	/* the keyed state is kept per key: case 1 again, then twice more */
	memset(k, 0x0b, 20);
	for (i = 0; i < 3; i++) {
		T_INT("rfc4231 1 again",
		    crypto_hmac_sha256(k, 20, "Hi There", 8, mac), 0);
		T_STR("rfc4231 1 again", hex(mac, sizeof mac),
		    "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
		if (i == 1)
			crypto_hmac_forget();
	}
	/* another key after a cached one */
	memset(k, 0xaa, 20);
	memset(data, 0xdd, 50);
	T_INT("rfc4231 3 again", crypto_hmac_sha256(k, 20, data, 50, mac), 0);
	T_STR("rfc4231 3 again", hex(mac, sizeof mac),
	    "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
	crypto_hmac_forget();
}

static void
test_random(void)
{
	unsigned char a[32], b[32], zero[32];

	memset(a, 0, sizeof a);
	memset(b, 0, sizeof b);
	memset(zero, 0, sizeof zero);
	T_INT("random a", crypto_random(a, sizeof a), 0);
	T_INT("random b", crypto_random(b, sizeof b), 0);
	T_OK("random not all zero", memcmp(a, zero, sizeof a) != 0);
	T_OK("random twice differs", memcmp(a, b, sizeof a) != 0);
	T_INT("random 0 bytes", crypto_random(a, 0), 0);
}

static void
test_equal(void)
{
	unsigned char a[12], b[12];
	size_t i;
	char name[64];

	memset(a, 0x5a, sizeof a);
	memcpy(b, a, sizeof b);
	T_OK("equal same", crypto_equal(a, b, sizeof a));
	T_OK("equal n=0", crypto_equal(a, "x", 0));
	/* a difference in any byte, any bit, is found */
	for (i = 0; i < sizeof a; i++) {
		b[i] ^= 0x80;
		snprintf(name, sizeof name, "differs at byte %zu high bit", i);
		T_OK(name, !crypto_equal(a, b, sizeof a));
		b[i] ^= 0x81;
		snprintf(name, sizeof name, "differs at byte %zu low bit", i);
		T_OK(name, !crypto_equal(a, b, sizeof a));
		b[i] ^= 0x01;
	}
	T_OK("equal restored", crypto_equal(a, b, sizeof a));
	T_OK("equal prefix only", crypto_equal("abcX", "abcY", 3));
	T_OK("not equal", !crypto_equal("abcX", "abcY", 4));
}

int
main(void)
{
	test_sha256();
	test_hmac();
	test_random();
	test_equal();
	return t_done();
}

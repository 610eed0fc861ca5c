/*
 * t_token_random.c - 10^5 random strings and 10^5 mutations of real
 * tokens are all refused by token_verify() (issue: forged reply, confirm,
 * moderator and bounce addresses must do nothing).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "t.h"
#include "token.h"

#define TRIES 100000

static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";

/* rnd - a small deterministic generator (xorshift), so failures repeat. */
static unsigned long long
rnd(void)
{
	static unsigned long long x = 0x9e3779b97f4a7c15ULL;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return x;
}

static void
random_strings(const struct token_keys *k)
{
	char s[MAX_TOKEN_CHARS + 1];
	struct token t;
	int i, accepted = 0;
	size_t n, j;

	for (i = 0; i < TRIES; i++) {
		n = 1 + rnd() % MAX_TOKEN_CHARS;
		for (j = 0; j < n; j++)
			s[j] = alphabet[rnd() % 32];
		s[n] = '\0';
		if (token_verify(k, s, 0, &t) == 0)
			accepted++;
	}
	T_INT("random strings accepted", accepted, 0);
}

static void
mutations(const struct token_keys *k)
{
	char good[MAX_TOKEN_CHARS + 1], s[MAX_TOKEN_CHARS + 1];
	struct token t = {'r', 0, 0, 2000000000LL}, out;
	int i, accepted = 0;
	size_t n, pos;
	char c;

	for (i = 0; i < TRIES; i++) {
		t.object = rnd() % 1000000;
		t.member = rnd() % 100000;
		if (token_issue(k, &t, good) != 0)
			continue;
		memcpy(s, good, sizeof s);
		n = strlen(s);
		pos = rnd() % n;
		do
			c = alphabet[rnd() % 32];
		while (c == s[pos]);
		s[pos] = c;
		if (rnd() % 4 == 0 && n > 1)
			s[n - 1 - rnd() % 2] = '\0'; /* and sometimes cut */
		if (token_verify(k, s, 0, &out) == 0)
			accepted++;
	}
	T_INT("mutated tokens accepted", accepted, 0);
	T_INT("the original still verifies", token_verify(k, good, 0, &out), 0);
}

int
main(void)
{
	struct token_keys k;
	struct buf why = BUF_INIT(256);
	char path[512];

	snprintf(path, sizeof path, "%s/secret", t_tmpdir());
	if (token_keys_create(path, &why) != 0 ||
	    token_keys_load(path, &k, &why) != 0) {
		printf("FAIL keys: %s\n", buf_cstr(&why));
		return 1;
	}
	random_strings(&k);
	mutations(&k);
	token_keys_clear(&k);
	buf_release(&why);
	return t_done();
}

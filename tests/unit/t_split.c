/*
 * t_split.c - group splits (learn/split.h): the generator's reference
 * values, group counts, balanced sizes in every mode, determinism by
 * seed, mixing and keeping together by key, and the refusals.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "split.h"
#include "t.h"

#define N 103

static struct split_item work[N];
static unsigned key[N], g1[N], g2[N];

/* sizes_ok - every group of k has n/k or n/k+1 members. */
static bool
sizes_ok(const unsigned *g, size_t n, size_t k)
{
	size_t cnt[N] = {0}, i;

	for (i = 0; i < n; i++) {
		if (g[i] >= k)
			return false;
		cnt[g[i]]++;
	}
	for (i = 0; i < k; i++)
		if (cnt[i] < n / k || cnt[i] > n / k + 1)
			return false;
	return true;
}

/* groups_of_key - how many groups hold a member with key v. */
static size_t
groups_of_key(const unsigned *g, size_t n, unsigned v)
{
	bool seen[N] = {false};
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		if (key[i] == v && !seen[g[i]]) {
			seen[g[i]] = true;
			c++;
		}
	return c;
}

static void
test_rand(void)
{
	uint64_t s = 0;

	/* splitmix64 from state 0: the published first outputs */
	T_OK("splitmix64 #1", split_rand(&s) == 0xe220a8397b1dcdafULL);
	T_OK("splitmix64 #2", split_rand(&s) == 0x6e789e6aa1b965f4ULL);
	s = 7;
	T_OK("below in range", split_below(&s, 3) < 3);
	T_OK("seed of text", split_seed_of("learn") == split_seed_of("learn"));
	T_OK("seeds differ", split_seed_of("learn") != split_seed_of("learm"));
}

static void
test_count(void)
{
	T_INT("100000 by 20", (long long)split_count(100000, 20), 5000);
	T_INT("900 by 20", (long long)split_count(900, 20), 45);
	T_INT("29 by 20 rounds to 1", (long long)split_count(29, 20), 1);
	T_INT("30 by 20 rounds to 2", (long long)split_count(30, 20), 2);
	T_INT("5 by 20: one group", (long long)split_count(5, 20), 1);
	T_INT("size 1 refused", (long long)split_count(10, 1), 0);
	T_INT("size 0 refused", (long long)split_count(10, 0), 0);
}

static void
test_modes(void)
{
	struct split_in in = {N, key, 5, SPLIT_PLAIN, 42};
	size_t i;
	int same = 1;

	for (i = 0; i < N; i++)
		key[i] = (unsigned)(i % 4); /* four teams of ~26 */
	T_INT("plain", split_assign(&in, work, g1), 0);
	T_OK("plain balanced", sizes_ok(g1, N, 5));
	T_INT("plain again", split_assign(&in, work, g2), 0);
	T_OK("same seed, same split", memcmp(g1, g2, sizeof g1) == 0);
	in.seed = 43;
	split_assign(&in, work, g2);
	T_OK("another seed, another split", memcmp(g1, g2, sizeof g1) != 0);
	in.mode = SPLIT_MIX;
	T_INT("mix", split_assign(&in, work, g1), 0);
	T_OK("mix balanced", sizes_ok(g1, N, 5));
	for (i = 0; i < 4; i++)
		same &= groups_of_key(g1, N, (unsigned)i) == 5;
	T_OK("mix: every team in every group", same);
	in.mode = SPLIT_GROUP;
	T_INT("group", split_assign(&in, work, g1), 0);
	T_OK("group balanced", sizes_ok(g1, N, 5));
	same = 1;
	for (i = 0; i < 4; i++)
		same &= groups_of_key(g1, N, (unsigned)i) <= 2;
	T_OK("group-by: each team in at most 2 groups", same);
	split_assign(&in, work, g2);
	T_OK("group: same seed, same split", memcmp(g1, g2, sizeof g1) == 0);
}

static void
test_refusals(void)
{
	struct split_in in = {3, key, 4, SPLIT_PLAIN, 1};

	T_INT("more groups than members", split_assign(&in, work, g1), -1);
	in.groups = 0;
	T_INT("no groups", split_assign(&in, work, g1), -1);
	in = (struct split_in){3, NULL, 2, SPLIT_MIX, 1};
	T_INT("mix without keys", split_assign(&in, work, g1), -1);
	in = (struct split_in){3, NULL, 3, SPLIT_PLAIN, 1};
	T_INT("one per group", split_assign(&in, work, g1), 0);
	T_OK("one per group balanced", sizes_ok(g1, 3, 3));
}

int
main(void)
{
	test_rand();
	test_count();
	test_modes();
	test_refusals();
	return t_done();
}

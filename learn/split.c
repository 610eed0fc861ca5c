/*
 * split.c - balanced, seeded group splits (split.h).
 */
#include <stdlib.h>

#include "split.h"

uint64_t
split_rand(uint64_t *s)
{
	uint64_t z;

	*s += 0x9e3779b97f4a7c15ULL;
	z = *s;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t
split_below(uint64_t *s, uint64_t bound)
{
	uint64_t limit = UINT64_MAX - UINT64_MAX % bound, r;

	do
		r = split_rand(s);
	while (r >= limit);
	return r % bound;
}

size_t
split_count(size_t n, size_t size)
{
	size_t k;

	if (size < SPLIT_MIN_SIZE)
		return 0;
	k = (n + size / 2) / size;
	return k > 0 ? k : 1;
}

uint64_t
split_seed_of(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

/* by_key - key, then shuffle rank: a total order, so qsort is stable. */
static int
by_key(const void *a, const void *b)
{
	const struct split_item *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->rank < y->rank ? -1 : x->rank > y->rank;
}

int
split_assign(
    const struct split_in *in, struct split_item *work, unsigned *group)
{
	uint64_t s = in->seed;
	struct split_item t;
	size_t i, j, n = in->n, k = in->groups;

	if (k == 0 || k > n || (in->mode != SPLIT_PLAIN && in->key == NULL))
		return -1;
	for (i = 0; i < n; i++)
		work[i] =
		    (struct split_item){in->key != NULL ? in->key[i] : 0, 0, i};
	for (i = n; i > 1; i--) { /* Fisher-Yates */
		j = (size_t)split_below(&s, i);
		t = work[i - 1];
		work[i - 1] = work[j];
		work[j] = t;
	}
	for (i = 0; i < n; i++)
		work[i].rank = i;
	if (in->mode != SPLIT_PLAIN)
		qsort(work, n, sizeof *work, by_key);
	for (i = 0; i < n; i++)
		group[work[i].idx] = in->mode == SPLIT_GROUP
		    ? (unsigned)((unsigned long long)i * k / n)
		    : (unsigned)(i % k);
	return 0;
}

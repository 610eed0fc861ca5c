/*
 * split.h - dividing a cohort into small groups (docs/connect-groups.md).
 *
 * Purpose: given n members (in a fixed order, e.g. by member id), an
 * optional key per member (a CSV field such as team, as small integers),
 * a number of groups k and a seed, say which group each member is in.
 * Sizes are balanced: any two groups differ by at most one member.
 *   - SPLIT_PLAIN: members shuffled, then dealt round-robin.
 *   - SPLIT_MIX (--by FIELD): shuffled, ordered by key (shuffle order
 *     within a key), then dealt round-robin: each key's members spread
 *     over as many groups as possible, evenly.
 *   - SPLIT_GROUP (--group-by FIELD): shuffled, ordered by key, then cut
 *     into k consecutive runs: each key's members stay together as far
 *     as the balanced sizes allow.
 * The shuffle is Fisher-Yates driven by splitmix64 from the seed, with
 * rejection sampling (no modulo bias): the same input and seed give the
 * same split on every platform.
 *
 * Non-goals: names, storage, member records.  Pure: no allocation, no
 * I/O, no clock.
 */
#ifndef STOA_SPLIT_H
#define STOA_SPLIT_H

#include <stddef.h>
#include <stdint.h>

#define SPLIT_MIN_SIZE 2 /* smallest group size asked for */

enum split_mode { SPLIT_PLAIN, SPLIT_MIX, SPLIT_GROUP };

/* What to split (borrowed). */
struct split_in {
	size_t n;            /* members */
	const unsigned *key; /* n keys, or NULL (PLAIN then) */
	size_t groups;       /* k, 1 <= k <= n */
	enum split_mode mode;
	uint64_t seed;
};

/* Scratch space: one per member, given by the caller. */
struct split_item {
	unsigned key;
	size_t rank; /* position after the shuffle */
	size_t idx;  /* the member */
};

/* splitmix64 - the next value of the generator whose state is *s. */
uint64_t split_rand(uint64_t *s);

/* split_below - a uniform value in [0, bound), bound > 0. */
uint64_t split_below(uint64_t *s, uint64_t bound);

/*
 * split_count - how many groups of about size for n members: n / size
 * rounded to nearest, at least 1.  0 when size < SPLIT_MIN_SIZE.
 */
size_t split_count(size_t n, size_t size);

/*
 * split_assign - group[i] (0 .. k-1) for each member i; work has n items.
 * Returns 0, or -1 when k is 0, k > n, or a keyed mode has no keys.
 */
int split_assign(
    const struct split_in *in, struct split_item *work, unsigned *group);

/* split_seed_of - a seed from text (FNV-1a 64), e.g. the list's name. */
uint64_t split_seed_of(const char *s);

#endif

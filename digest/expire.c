/*
 * expire.c - held posts that no moderator handled in time.
 * (Placeholder until moderation lands.)
 */
#include "sched.h"

int
expire_held(struct store *st, long long now)
{
	(void)st;
	(void)now;
	return 0;
}

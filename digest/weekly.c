/*
 * weekly.c - the weekly digest and its moderator draft.
 * (Placeholder until the digest lands.)
 */
#include "sched.h"

int
digest_weekly(struct store *st, long long now)
{
	(void)st;
	(void)now;
	return 0;
}

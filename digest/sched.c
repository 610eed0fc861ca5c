/*
 * sched.c - what is due at a given time: held posts that expire, then the
 * expansion of post deliveries.  Weekly digests, drafts and prompts join
 * here as they are built.  Each step is idempotent.
 */
#include "sched.h"

int
sched_run(struct store *st, long long now)
{
	int rc;

	rc = expire_held(st, now);
	if (rc == 0)
		rc = expand_posts(st, now);
	return rc;
}

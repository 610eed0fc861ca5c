/*
 * sched.c - what is due at a given time: held posts that expire, weekly
 * digests and their drafts; prompts join here as they are built.  Each
 * step is idempotent.  (Expanding posts into copies is part of delivery:
 * deliver.c.)
 */
#include "sched.h"

int
sched_run(struct store *st, long long now)
{
	int rc;

	rc = expire_held(st, now);
	if (rc == 0)
		rc = digest_weekly(st, now);
	return rc;
}

/*
 * sched.c - what is due at a given time: held posts that expire, weekly
 * digests and their drafts, wiki change notices (at most hourly per page);
 * prompts join here as they are built.  Each
 * step is idempotent.  (Expanding posts into copies is part of delivery:
 * deliver.c.)
 */
#include "sched.h"
#include "wiki_watch.h"

int
sched_run(struct store *st, long long now)
{
	int rc;

	rc = expire_held(st, now);
	if (rc == 0)
		rc = digest_weekly(st, now);
	if (rc == 0)
		rc = wiki_notify(st, now);
	return rc;
}

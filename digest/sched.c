/*
 * sched.c - what is due at a given time: today, held posts that expire.
 * Weekly digests, drafts and prompts join here as they are built.  Each
 * step is idempotent.  (Expanding posts into copies is part of delivery:
 * deliver.c.)
 */
#include "sched.h"

int
sched_run(struct store *st, long long now)
{
	return expire_held(st, now);
}

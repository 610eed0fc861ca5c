/*
 * sched.c - what is due at a given time.  Weekly digests, moderator
 * drafts and prompts are added here by later work; today a pass only
 * delivers the outbox (deliver.c).
 */
#include "sched.h"

int
sched_run(struct store *st, long long now)
{
	(void)st;
	(void)now;
	return 0;
}

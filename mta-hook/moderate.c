/*
 * moderate.c - moderator actions at LIST+m-TOKEN@.
 * (Placeholder until moderation lands: answered like an unknown address.)
 */
#include "inbound.h"

int
moderate_handle(struct inbound *in)
{
	return inbound_finish(
	    in, "dropped", "unknown address", "notice-unknown-address", NULL);
}

int
moderate_held(struct inbound *in, long long id, const char *reason)
{
	(void)in;
	(void)id;
	(void)reason;
	return 0;
}

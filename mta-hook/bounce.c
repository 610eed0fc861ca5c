/*
 * bounce.c - bounces at the VERP address LIST+b-TOKEN@.
 * (Placeholder until bounce scoring lands: stored as dropped, no reply.)
 */
#include "inbound.h"

int
bounce_handle(struct inbound *in)
{
	return inbound_finish(in, "dropped", "bounce", NULL, NULL);
}

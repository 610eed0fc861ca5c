/*
 * request.c - commands at LIST+request@ and the c-/u- token addresses.
 * (Placeholder until the commands land: answered like an unknown address.)
 */
#include "inbound.h"

int
request_handle(struct inbound *in)
{
	return inbound_finish(
	    in, "dropped", "unknown address", "notice-unknown-address", NULL);
}

int
request_confirm(struct inbound *in)
{
	return request_handle(in);
}

int
request_unsubscribe(struct inbound *in)
{
	return request_handle(in);
}

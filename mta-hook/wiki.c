/*
 * wiki.c - wiki contributions at LIST+wiki@ and LIST+wiki-PAGE@.
 * (Placeholder until the wiki lands: answered like an unknown address.)
 */
#include "inbound.h"

int
wiki_handle(struct inbound *in)
{
	return inbound_finish(
	    in, "dropped", "unknown address", "notice-unknown-address", NULL);
}

/*
 * inbound.h - deciding what one parsed message is and handing it to the
 * handler of its kind of address (inbound.c).  The context struct and the
 * helpers every handler shares are in inbound_ctx.h.
 */
#ifndef STOA_INBOUND_H
#define STOA_INBOUND_H

#include "inbound_ctx.h"

/* inbound_handle - everything after the list is known; 0 or deferral. */
int inbound_handle(struct inbound *in);

#endif

/*
 * inbound.h - deciding what one parsed message is and storing it: a post,
 * a held post, a quarantined or dropped message, with any notice.  The
 * context struct carries everything one delivery needs.
 */
#ifndef STOA_INBOUND_H
#define STOA_INBOUND_H

#include <stdbool.h>

#include "store.h"
#include "token.h"

struct msg;
struct trimmer;

struct inbound {
	struct store *st;
	struct list_rec list;
	const char *raw;
	size_t len;         /* bytes kept */
	size_t total;       /* bytes received */
	const char *sender; /* envelope sender */
	const char *ext;    /* address extension after '+', "" for posts */
	char raw_sha256[65];
	bool poison;     /* failed too often before */
	struct msg *msg; /* parsed, or NULL */
	struct token_keys keys;
	bool have_keys;
};

void inbound_init(struct inbound *in, const char *raw, size_t len, size_t total,
    const char *sender, const char *ext);
void inbound_release(struct inbound *in);
/* inbound_handle - everything after the list is known; 0 or deferral. */
int inbound_handle(struct inbound *in);

#endif

/*
 * inbound.h - deciding what one parsed message is and storing it: a post,
 * a held post, a quarantined or dropped message, with any notice.  The
 * context struct carries everything one delivery needs.
 */
#ifndef STOA_INBOUND_H
#define STOA_INBOUND_H

#include <stdbool.h>

#include "store.h"
#include "tmpl.h"
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

/*
 * Address-extension handlers (request.c, moderate.c, bounce.c).  Each is
 * called with a transaction open (store_begin done) and the message
 * parsed and not seen before; it does its effects and ends with
 * inbound_finish(), which commits, or returns an error (the caller's
 * exit-code table then defers).
 */
int request_handle(struct inbound *in);      /* LIST+request@ */
int request_confirm(struct inbound *in);     /* LIST+c-TOKEN@ */
int request_unsubscribe(struct inbound *in); /* LIST+u-TOKEN@ */
int moderate_handle(struct inbound *in);     /* LIST+m-TOKEN@ */
int bounce_handle(struct inbound *in);       /* LIST+b-TOKEN@ */
int wiki_handle(struct inbound *in);         /* LIST+wiki@, LIST+wiki-PAGE@ */
/*
 * moderate_held - called inside the transaction that stores a held post
 * (message row id, why it was held): tell the moderators.
 */
int moderate_held(struct inbound *in, long long id, const char *reason);

/*
 * inbound_finish - store the message itself (status "dropped" for a
 * command, with reason), an event, a notice from template tmpl to the
 * sender when tmpl is not NULL (v may be NULL), end the poison guard, and
 * commit.  Rolls back on error.
 */
int inbound_finish(struct inbound *in, const char *status, const char *reason,
    const char *tmpl, struct vars *v);
/*
 * inbound_notify - queue template tmpl to `to` (rate-limited per address,
 * never to bounces or our own addresses), inside the transaction.  Sets
 * the variables reason, subject, recipient_name and address; the list
 * variables come from mailout.
 */
int inbound_notify(struct inbound *in, const char *tmpl, const char *to,
    const char *reason, struct vars *v);
/* inbound_keys - the token keys, loaded once. */
int inbound_keys(struct inbound *in, const struct token_keys **out);
/* inbound_from - the sender's address: From, else the envelope sender. */
const char *inbound_from(const struct inbound *in);

#endif

/*
 * inbound_ctx.h - one inbound delivery and what every handler does with
 * it: the context struct, the token keys, the reply address, notices, and
 * storing the message itself (posted, held, quarantined or dropped) with
 * its event, notice and the end of the poison-guard count.
 *
 * The bottom of mta-hook/: the router (inbound.c) and every handler call
 * down into it; it calls no handler (only held.c, which asks the
 * moderators about a held message).
 */
#ifndef STOA_INBOUND_CTX_H
#define STOA_INBOUND_CTX_H

#include <stdbool.h>

#include "store.h"
#include "buf.h"
#include "tmpl.h"
#include "token.h"
#include "trim.h"

struct msg;

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

/* inbound_keys - the token keys, loaded once. */
int inbound_keys(struct inbound *in, const struct token_keys **out);
/* inbound_from - the sender's address: From, else the envelope sender. */
const char *inbound_from(const struct inbound *in);
/*
 * inbound_notify - queue template tmpl to `to` (rate-limited per address,
 * never to bounces or our own addresses), inside the transaction.  Sets
 * the variables reason, subject, recipient_name and address; the list
 * variables come from mailout.
 */
int inbound_notify(struct inbound *in, const char *tmpl, const char *to,
    const char *reason, struct vars *v);
/*
 * inbound_mod_sender - the sender of a moderator's reply by token of
 * member: refuse says why not when the member is unknown, the From
 * address is not theirs, or they are no longer an active moderator or
 * owner of the list (empty when all is well).  0 or an enum err.
 */
int inbound_mod_sender(
    struct inbound *in, long long member, struct buf *refuse);
/*
 * inbound_mod_refused - a moderator's reply about object did nothing:
 * event moderate.refused (detail why) and the moderate-refused notice to
 * the sender.  Inside the transaction; 0 or an enum err.
 */
int inbound_mod_refused(struct inbound *in, long long object, const char *why);
/*
 * inbound_notify_change - inbound_notify() for the announcement of a
 * change to a membership (delivery set, joined, left): counted on a
 * budget of its own (events 'notice.change', notices_per_day a day), so a
 * forger who used up the victim's ordinary notices cannot make the change
 * silent.
 */
int inbound_notify_change(struct inbound *in, const char *tmpl, const char *to,
    const char *reason, struct vars *v);

/*
 * inbound_finish - store the message itself (status "dropped" for a
 * command, with reason), an event, a notice from template tmpl to the
 * sender when tmpl is not NULL (v may be NULL), end the poison guard, and
 * commit.  A "held" message is also sent to the moderators (held.c).
 * Call with the transaction open; rolls back on error.
 */
int inbound_finish(struct inbound *in, const char *status, const char *reason,
    const char *tmpl, struct vars *v);
/*
 * inbound_refuse - a reply that does nothing: event `kind` (member, why),
 * notice tmpl to the sender (rate-limited), the mail stored dropped and
 * the transaction committed; rolls back on error.
 */
int inbound_refuse(struct inbound *in, long long member, const char *kind,
    const char *tmpl, const char *why);

/*
 * inbound_trimmed - the new text of the message body, as for a reply
 * (quotes, signature and our reply marker cut); *out is the caller's.
 * 0 or an enum err.
 */
int inbound_trimmed(struct inbound *in, char **out);

/* Everything stored about one message, filled step by step. */
struct inbound_outcome {
	const char *status; /* posted, held, quarantined, dropped */
	const char *reason; /* for the event and the notice */
	const char *tmpl;   /* notice template, or NULL */
	long long author_id;
	struct trim_result trim;
	char *base_subject;
	struct buf flags;
	char header_date[21]; /* the Date: header as ISO, or "" */
	long long thread_id;  /* set by an r- token: the thread to join */
	const char *subject;  /* instead of the message's, or NULL */
	bool fresh;           /* a new thread: its references are ignored */
	long long id;         /* the stored message, once stored */
	struct vars *vars;    /* notice variables, or NULL */
	long long msg_id;     /* the stored message, once stored */
	/*
	 * after - for a posted message, called inside the transaction once
	 * it is stored and queued (thread: the thread it joined), so the
	 * caller adds its own effects; NULL for none.
	 */
	int (*after)(struct inbound *in, const struct inbound_outcome *o,
	    long long thread);
};

void inbound_outcome_init(struct inbound_outcome *o);
void inbound_outcome_release(struct inbound_outcome *o);
/* inbound_record - store outcome o in a transaction of its own. */
int inbound_record(struct inbound *in, struct inbound_outcome *o);
/*
 * inbound_finish_post - store outcome o inside the transaction the
 * router opened (a handler that posts on the member's behalf, like an
 * introduction), then commit; rolls back on error.
 */
int inbound_finish_post(struct inbound *in, struct inbound_outcome *o);
/*
 * inbound_dedup_key - "LISTID/KIND ID": one key per list and kind of
 * address, so that Postfix's one delivery per recipient of a message to
 * two lists, or to a list and a wiki page, stores each (KIND: "" for
 * LIST@ and LIST+r-TOKEN@, else the extension in lower case).  ID is the
 * Message-ID, or sha256:HEX of the raw bytes when there is none or the
 * message could not be parsed (quarantine).  IDs have no space.
 */
void inbound_dedup_key(const struct inbound *in, struct buf *key);

/*
 * inbound_canonical_ids - give the parsed message ids we can send
 * (compose_id_canonical): its own Message-ID, or for a message without
 * one the stand-in for sha256:HEX of its raw bytes; and each id of
 * In-Reply-To and References, so that a reply naming an unusable id
 * finds the stand-in we stored.  In place; 0 or E_INTERNAL.
 */
int inbound_canonical_ids(struct inbound *in);

#endif

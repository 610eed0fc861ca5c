/*
 * mailout.h - turn a template and its variables into a queued mail: render
 * (tmpl), compose (RFC 5322), add the standard headers and the VERP
 * envelope sender, and write one outbox row (DESIGN §5, §7).  Used by the
 * hook for notices and by the scheduler for everything it sends.  Nothing
 * here talks to an MTA.
 */
#ifndef STOA_MAILOUT_H
#define STOA_MAILOUT_H

#include <stdbool.h>

#include "buf.h"
#include "compose.h"
#include "store.h"
#include "tmpl.h"
#include "token.h"

struct mailout {
	const struct list_rec *list;
	const char *kind;       /* outbox kind: "notice", "post", ... */
	const char *tmpl;       /* template base name, e.g. "notice-held" */
	const char *to;         /* recipient address */
	const char *to_name;    /* display name or NULL */
	long long member_id;    /* recipient's member id, 0 if none */
	const char *dedupe_key; /* unique per mail; also seeds the Message-ID */
	const char *in_reply_to; /* Message-ID we answer, or NULL */
	const char *reply_to;    /* Reply-To address or NULL */
	bool list_traffic; /* Precedence: list instead of Auto-Submitted */
	struct vars *vars; /* extra variables; the common ones are added */
};

/*
 * mailout_queue - render, compose and enqueue m.  *queued is false when
 * the dedupe key was already queued (nothing changes).  Returns 0 or an
 * enum err with why set (E_PARSE for a template or header problem;
 * E_TEMP when a template file is missing, so that the sender keeps the
 * mail until the templates are back).
 */
int mailout_queue(struct store *st, const struct token_keys *keys,
    const struct mailout *m, bool *queued, struct buf *why);

/* What list copies of posts need beyond a notice; NULL fields = default. */
struct mailout_ext {
	const char *message_id;         /* keep the original Message-ID */
	const char *from_name;          /* "Name via list" */
	const char *references;         /* space-separated ids */
	const struct out_header *extra; /* List-Post, List-Unsubscribe ... */
	size_t n_extra;
	bool text_only; /* leave out the HTML part even if a template has one */
	const struct out_part *parts; /* files after the body, or NULL */
	size_t n_parts;
};

/* mailout_queue_ext - mailout_queue() with the extras of x (may be NULL). */
int mailout_queue_ext(struct store *st, const struct token_keys *keys,
    const struct mailout *m, const struct mailout_ext *x, bool *queued,
    struct buf *why);

/*
 * mailout_send - mailout_queue_ext() for callers that only log: a failure
 * is logged as "WHAT error=NAME reason=WHY"; E_PARSE (a template or header
 * fault: the admin fixes it, the mail waits) comes back as E_INTERNAL.
 */
int mailout_send(struct store *st, const struct token_keys *keys,
    const struct mailout *m, const struct mailout_ext *x, const char *what);

#define MAILOUT_LIST_HDRS 6 /* headers mailout_list_headers() makes */
/*
 * mailout_list_headers - List-Post, List-Help, List-Owner (RFC 2369),
 * List-Unsubscribe (the member's u- token utok) with
 * List-Unsubscribe-Post (RFC 8058), and List-Archive when configured:
 * what every copy of list traffic carries.
 * The values live in b; h needs MAILOUT_LIST_HDRS slots.  Returns how many
 * were set (0 when b overflowed).
 */
size_t mailout_list_headers(const struct list_rec *list, const char *utok,
    struct out_header *h, struct buf *b);

/* mailout_list_vars - set the variables every template may use. */
void mailout_list_vars(struct vars *v, const struct list_rec *list);

/*
 * mailout_address - LIST+K-TOK@domain into out: the one shape of every
 * token address (a list name of at most MAX_LIST_NAME and a token of at
 * most MAX_TOKEN_CHARS keep its local part within 64 characters).
 */
void mailout_address(
    const char *list, char kind, const char *tok, struct buf *out);
/* mailout_token_address - issue t under keys, then mailout_address(). */
int mailout_token_address(const struct token_keys *keys, const char *list,
    const struct token *t, struct buf *out);
/*
 * mailout_prompt_address - LIST+p-TOKEN@ for prompt id sent to member at
 * now, valid ttl_days plus the config's token_ttl_days.
 */
int mailout_prompt_address(const struct token_keys *keys, const char *list,
    long long id, long long member, long long now, int ttl_days,
    struct buf *out);

/*
 * The member field of a b- (VERP) token: a member id below
 * MAILOUT_VERP_ADDR, else MAILOUT_VERP_ADDR | a 34-bit hash of the
 * recipient address (recipients that are no member: notices to strangers,
 * confirmations to newcomers), so every recipient has a bounce address of
 * its own (docs/bounces.md).
 */
#define MAILOUT_VERP_ADDR (1ULL << 34)
/*
 * mailout_verp_addr_id - MAILOUT_VERP_ADDR | the first 34 bits of
 * SHA-256("stoa-verp-v1" NUL lower-cased addr) into *id.  Returns 0,
 * E_LIMIT for an address over MAX_EMAIL, or E_INTERNAL.
 */
int mailout_verp_addr_id(const char *addr, unsigned long long *id);

/* mailout_message_id - the deterministic Message-ID for a dedupe key. */
void mailout_message_id(const char *dedupe_key, struct buf *out);

#endif

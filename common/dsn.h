/*
 * dsn.h - is this message a bounce, and of which kind?  A classifier over
 * a parsed message (struct msg from mime.h) for the VERP address
 * LIST+b-TOKEN@ (docs/bounces.md).
 *
 * Purpose: read RFC 3464 delivery status notifications (a
 * message/delivery-status part: per-recipient Action, Status,
 * Original-/Final-Recipient, Diagnostic-Code) and, for the many mailers
 * that send something else, fall back to heuristics on the subject, the
 * sender and the human-readable text ("User unknown", "550 5.1.1",
 * "mailbox full", "will continue trying" ...).  Vacation replies and
 * other auto-replies are recognised as such, never as bounces.
 *
 * Non-goals: deciding what a bounce does to a member (mta-hook/bounce.c),
 * verifying the VERP token, storing anything.
 *
 * Invariants: pure function of the message; every string in a result is
 * owned by it, NUL-terminated and at most MAX_EMAIL (addresses) or
 * DSN_MAX_DIAG bytes; at most DSN_MAX_RCPT addresses.
 */
#ifndef STOA_DSN_H
#define STOA_DSN_H

#include <stdbool.h>
#include <stddef.h>

struct msg;

#define DSN_MAX_RCPT   32          /* failed recipients kept per bounce */
#define DSN_MAX_DIAG   200         /* bytes of diagnostic text kept */
#define DSN_MAX_STATUS 16          /* "5.1.1" and a NUL, with room */
#define DSN_MAX_SCAN   (64 * 1024) /* bytes of text the heuristics read */

enum dsn_kind {
	DSN_NONE = 0,  /* not a bounce (an ordinary message) */
	DSN_AUTOREPLY, /* a vacation or other automatic reply */
	DSN_COMPLAINT, /* an ARF feedback report: never a bounce */
	DSN_DELAYED,   /* a delay warning: not failed yet */
	DSN_SOFT,      /* failed for a transient reason (4.x.x, full) */
	DSN_HARD       /* failed for good (5.x.x, unknown user) */
};

struct dsn_result {
	enum dsn_kind kind;
	bool rfc3464;                /* from a message/delivery-status part */
	char status[DSN_MAX_STATUS]; /* "5.1.1" or "" when none was found */
	char diag[DSN_MAX_DIAG + 1]; /* one line of reason, or "" */
	char **rcpt;                 /* failed recipients, lower case */
	size_t n_rcpt;
};

/*
 * dsn_classify - classify m into *out (which the caller releases with
 * dsn_result_release(), also after an error).  Returns 0; E_PARSE when m
 * is NULL.  Never fails for odd input: what it cannot read is DSN_NONE.
 */
int dsn_classify(const struct msg *m, struct dsn_result *out);

/*
 * dsn_from_reply - what a 4yz/5yz SMTP reply (code, and its text reply)
 * to the delivery of our mail to rcpt says, as if a DSN had said it:
 * the enhanced status in reply (else C.0.0 from code) decides the kind
 * as dsn_status_kind() does (552 is soft, like X.2.2), reply is the
 * diagnostic and rcpt the failed recipient.  Release out as usual.
 */
void dsn_from_reply(
    int code, const char *reply, const char *rcpt, struct dsn_result *out);

/* dsn_result_release - free what *r owns and zero it; NULL is fine. */
void dsn_result_release(struct dsn_result *r);

/*
 * dsn_kind_name - "none", "autoreply", "complaint", "delayed", "soft",
 * "hard".
 */
const char *dsn_kind_name(enum dsn_kind k);

/*
 * dsn_status_kind - the kind an RFC 3463 status code ("5.1.1") stands
 * for: class 5 hard, class 4 soft, X.2.2 (mailbox full) and X.2.3
 * (message too large for it) soft, anything else DSN_NONE.
 */
enum dsn_kind dsn_status_kind(const char *status);

#endif

/*
 * bounce.c - bounces at the VERP address LIST+b-TOKEN@ (docs/bounces.md).
 *
 * Everything Stoa sends has the envelope sender LIST+b-TOKEN@domain, the
 * token naming the list (object) and the recipient member.  A message
 * arriving there is checked and scored:
 *
 *   token	must verify under the server keys, be of kind 'b' and name
 *		this list; otherwise nothing changes (event bounce.forged
 *		for a token that does not verify, bounce.invalid for an
 *		expired or misdirected one).
 *   kind	dsn_classify(): a hard bounce scores BOUNCE_HARD, a soft one
 *		BOUNCE_SOFT; delay warnings, auto-replies and ordinary mail
 *		score nothing (events bounce.delayed, bounce.autoreply,
 *		bounce.unknown); an ARF complaint report is logged for the
 *		owner (bounce.complaint) and never scored.
 *   member	the token's member id; for anyone else the token names a
 *		hash of the recipient address (MAILOUT_VERP_ADDR and up),
 *		and the one recipient of the outbox rows sent with this
 *		exact envelope sender whose address has that hash is used
 *		(none, or two different ones: nobody).  What the bounce
 *		says failed never picks the member, so a forged bounce can
 *		only score the address the bounce address was made for.
 *   score	bounces_score() (mailer/bounces.c), which the outbox also
 *		uses for a 5xx at SMTP time: at most one scored bounce
 *		per member, list and UTC day;
 *		scores older than BOUNCE_WINDOW are forgotten; reaching
 *		BOUNCE_THRESHOLD queues the bounce-warning mail to the
 *		member and suspends delivery (memberships.status
 *		'disabled', event bounce.suspend).
 *
 * Never a reply to the bounce itself.  The message is stored as dropped
 * with reason "bounce" in the same transaction as its effects.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "bounces.h"
#include "clock.h"
#include "conf.h"
#include "dsn.h"
#include "err.h"
#include "handlers.h"
#include "inbound_ctx.h"
#include "log.h"
#include "mailout.h"
#include "mime.h"
#include "store_bounce.h"
#include "xmalloc.h"

#define BOUNCE_MAX_SENT 64 /* outbox recipients looked at per address */

/* finish - the one way out: an event (when kind), then the message row. */
static int
finish(
    struct inbound *in, long long member, const char *kind, const char *detail)
{
	int rc = 0;

	if (kind != NULL)
		rc = store_event(
		    in->st, in->list.id, member, kind, 0, detail ? detail : "");
	if (rc != 0) {
		store_rollback(in->st);
		return rc;
	}
	return inbound_finish(in, "dropped", "bounce", NULL, NULL);
}

/* fail - an error before inbound_finish(): roll back, pass rc on. */
static int
fail(struct inbound *in, int rc)
{
	store_rollback(in->st);
	return rc;
}

/*
 * check_token - 0 with *t filled for a valid b- token of this list;
 * E_PARSE (forged) or E_PERM (expired, another kind or list) with
 * *event set; other errors are the keys' or the clock's.
 */
static int
check_token(
    struct inbound *in, struct token *t, const char **event, const char **why)
{
	const struct token_keys *keys;
	int rc;

	rc = inbound_keys(in, &keys);
	if (rc != 0)
		return rc;
	rc = token_verify(keys, in->ext + 2, clock_now(), t);
	if (rc == E_PARSE) {
		*event = "bounce.forged";
		*why = "token does not verify";
	} else if (rc == E_PERM) {
		*event = "bounce.invalid";
		*why = "token expired";
	} else if (rc == 0 && t->kind != 'b') {
		*event = "bounce.invalid";
		*why = "not a bounce token";
		rc = E_PERM;
	} else if (rc == 0 && t->object != (unsigned long long)in->list.id) {
		*event = "bounce.invalid";
		*why = "token of another list";
		rc = E_PERM;
	}
	return rc;
}

/*
 * sent_address - for a token without a member id: the one address (any
 * case) our mail with this envelope sender went to whose VERP hash is
 * want (any address for a plain 0, as issued before addresses had their
 * own VERP).  NULL when there is none, or more than one: a shared or
 * colliding bounce address scores nobody.  Points into sent.
 */
static const char *
sent_address(char **sent, size_t n, unsigned long long want)
{
	unsigned long long id;
	const char *to = NULL;
	size_t i;

	for (i = 0; i < n; i++) {
		if (want != 0 &&
		    (mailout_verp_addr_id(sent[i], &id) != 0 || id != want))
			continue;
		if (to != NULL)
			return NULL;
		to = sent[i];
	}
	return to;
}

/*
 * find_member - the membership the bounce is about: the token's member,
 * else the one recipient of this exact envelope sender; E_NOTFOUND.
 */
static int
find_member(struct inbound *in, const struct token *t, struct bounce_member *bm)
{
	struct buf verp = BUF_INIT(MAX_EMAIL + 64);
	char **sent = NULL;
	const char *to;
	size_t n = 0;
	int rc;

	if (t->member != 0 && t->member < MAILOUT_VERP_ADDR)
		return store_bounce_member(
		    in->st, in->list.id, (long long)t->member, bm);
	buf_addf(&verp, "%s+%s@%s", in->list.name, in->ext, conf_domain);
	rc = store_bounce_sent_to(
	    in->st, in->list.id, buf_cstr(&verp), BOUNCE_MAX_SENT, &sent, &n);
	if (rc == 0) {
		to = sent_address(sent, n, t->member);
		rc = to == NULL
		    ? E_NOTFOUND
		    : store_bounce_member_by_email(in->st, in->list.id, to, bm);
	}
	bounce_strings_free(sent, n);
	buf_release(&verp);
	return rc;
}

/*
 * complaint - an ARF report: never scored, an event bounce.complaint for
 * the owner with the feedback type and the recipient who complained, on
 * the token's member.
 */
static int
complaint(struct inbound *in, const struct token *t, const struct dsn_result *d)
{
	struct buf detail = BUF_INIT(512);
	int rc;

	buf_addf(&detail, "type=%s rcpt=%s", d->diag[0] ? d->diag : "unknown",
	    d->n_rcpt > 0 ? d->rcpt[0] : "");
	rc = finish(
	    in, (long long)t->member, "bounce.complaint", buf_cstr(&detail));
	buf_release(&detail);
	return rc;
}

int
bounce_handle(struct inbound *in)
{
	const struct token_keys *keys;
	struct dsn_result d;
	struct bounce_member bm;
	struct token t;
	const char *event = NULL, *why = NULL;
	bool repeat = false;
	int rc;

	memset(&bm, 0, sizeof bm);
	memset(&d, 0, sizeof d);
	rc = check_token(in, &t, &event, &why);
	if (rc == E_PARSE || rc == E_PERM)
		return finish(in, 0, event, why);
	if (rc != 0)
		return fail(in, rc);
	rc = dsn_classify(in->msg, &d);
	if (rc != 0) {
		rc = fail(in, E_INTERNAL);
		goto out;
	}
	if (d.kind == DSN_COMPLAINT) {
		rc = complaint(in, &t, &d);
		goto out;
	}
	if (d.kind < DSN_SOFT) {
		rc = finish(in, 0,
		    d.kind == DSN_DELAYED         ? "bounce.delayed"
		        : d.kind == DSN_AUTOREPLY ? "bounce.autoreply"
		                                  : "bounce.unknown",
		    d.status);
		goto out;
	}
	rc = find_member(in, &t, &bm);
	if (rc == E_NOTFOUND) {
		rc = finish(
		    in, 0, "bounce.unmatched", d.n_rcpt > 0 ? d.rcpt[0] : "");
		goto out;
	}
	if (rc != 0) {
		rc = fail(in, rc);
		goto out;
	}
	if (strcmp(bm.status, "active") != 0) {
		rc = finish(in, bm.member_id, "bounce.inactive", bm.status);
		goto out;
	}
	rc = inbound_keys(in, &keys);
	if (rc == 0)
		rc = bounces_score(
		    in->st, keys, &in->list, &bm, &d, "dsn", &repeat);
	if (rc != 0)
		rc = fail(in, rc);
	else
		rc = finish(in, bm.member_id, repeat ? "bounce.repeat" : NULL,
		    dsn_kind_name(d.kind));
out:
	bounce_member_release(&bm);
	dsn_result_release(&d);
	return rc;
}

/*
 * poison.c - the poison guard (the contract is in poison.h).
 *
 * One row of hook_failures per raw message being delivered, keyed by its
 * SHA-256: count (deliveries that died in the parser) and a marker
 * (last_error = 'parsing' while a parse runs).  The marker is written in
 * its own short statement before the parse and cleared in another right
 * after it, so that what happens later - the message's transaction
 * failing on a full disk or a busy database, a kill while waiting for a
 * lock - leaves nothing that counts.  The message's own transaction
 * deletes the row (store_attempt_done).
 *
 * Invariant: at most one delivery is armed per process; the cleanup hook
 * (run by xmalloc when memory runs out, and by log_fatal) clears the
 * marker of the armed one, because an exit we chose is never a crash.
 */
#include <stdio.h>

#include "err.h"
#include "inbound_ctx.h"
#include "log.h"
#include "poison.h"
#include "store.h"
#include "tmpl.h"
#include "xmalloc.h"

static struct inbound *armed; /* the delivery whose marker is set */

/* clear_at_exit - the cleanup hook while armed: best effort. */
static void
clear_at_exit(void)
{
	if (armed != NULL)
		(void)store_guard_parsed(armed->st, armed->raw_sha256);
	armed = NULL;
}

static void
arm(struct inbound *in)
{
	armed = in;
	cleanup_set(clear_at_exit);
}

static void
disarm(void)
{
	armed = NULL;
	cleanup_set(NULL);
}

/*
 * stored - the same bytes are already a message at this address (the key
 * a message without a usable parse gets: LISTID/KIND sha256:HEX).
 */
static int
stored(struct inbound *in, bool *yes)
{
	struct buf key = BUF_INIT(128);
	bool same = false;
	int rc;

	inbound_dedup_key(in, &key);
	rc = store_msg_seen(in->st, buf_cstr(&key), in->raw_sha256, &same);
	*yes = rc == 0;
	buf_release(&key);
	return rc == E_NOTFOUND ? 0 : rc;
}

int
poison_begin(struct inbound *in, bool *done)
{
	bool parse = in->total <= in->len; /* else quarantined unparsed */
	int rc, crashes = 0;

	rc = stored(in, done);
	if (rc != 0 || *done) {
		if (*done)
			log_info("ingest list=%s duplicate=stored sha256=%s",
			    in->list.name, in->raw_sha256);
		return rc;
	}
	rc = store_guard_begin(in->st, in->raw_sha256, parse, &crashes);
	if (rc != 0)
		return rc;
	in->poison = crashes >= POISON_CRASHES;
	if (crashes > 0)
		log_warn("ingest list=%s sha256=%s parse_crashes=%d",
		    in->list.name, in->raw_sha256, crashes);
	if (parse && !in->poison)
		arm(in);
	return 0;
}

int
poison_parsed(struct inbound *in, int parse_rc)
{
	int rc;

	disarm();
	if (parse_rc == E_INTERNAL) { /* a failed CHECK: counts as a crash */
		log_err("ingest list=%s sha256=%s parse=internal",
		    in->list.name, in->raw_sha256);
		return parse_rc;
	}
	rc = store_guard_parsed(in->st, in->raw_sha256);
	if (rc != 0) /* go on: success deletes the row, marker and all */
		log_warn("ingest list=%s sha256=%s guard=%s", in->list.name,
		    in->raw_sha256, err_name(rc));
	return parse_rc;
}

/*
 * owner.c - a message to LIST+owner@ (RFC 2142's owner- address, which
 * templates print as {{owner_address}} and list copies name in
 * List-Owner): a copy to each active owner of the list through the
 * outbox, with Reply-To the sender so that an owner answers them
 * directly.  The message itself is stored as dropped, reason "to the
 * owners".
 *
 * Loops: the router drops automatic mail before this handler (bounces,
 * Auto-Submitted, Precedence, other lists' mail, our own X-Loop, From in
 * our own domain, and out-of-office replies: ROUTE_OOO), so our notices,
 * our forwards and bounces are never forwarded.  The copies carry our
 * X-Loop and Auto-Submitted: auto-generated, so an owner's vacation
 * responder stays silent and a copy that comes back is dropped.
 *
 * Non-goals: an administrator fallback (no such setting yet: a list
 * without owners logs a warning and tells nobody), forwarding the
 * attachments themselves (they are listed; the raw message is stored).
 */
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "conf.h"
#include "err.h"
#include "handlers.h"
#include "log.h"
#include "mailout.h"
#include "mime.h"

/* author - "Name <addr>" of the sender, or the bare address. */
static void
author(const struct inbound *in, struct buf *out)
{
	const char *name = in->msg->from.name;

	if (name != NULL && name[0] != '\0')
		buf_addf(out, "%s <%s>", name, inbound_from(in));
	else
		buf_adds(out, inbound_from(in));
}

/* forward_vars - what the owner-forward template says to owner o. */
static void
forward_vars(const struct inbound *in, const struct rcpt_rec *o, struct vars *v)
{
	struct buf who = BUF_INIT(2048);
	const struct msg *m = in->msg;
	size_t i;

	author(in, &who);
	vars_set(v, "recipient_name", o->name[0] != '\0' ? o->name : o->email);
	vars_set(v, "author", buf_cstr(&who));
	vars_set(v, "subject", m->subject);
	vars_set_cut(v, "text", m->text != NULL ? m->text : "", TMPL_MAX_TEXT);
	vars_set_list(v, "attachments");
	vars_set_bool(v, "has_attachments", m->n_att > 0);
	for (i = 0; i < m->n_att; i++)
		vars_set(vars_add_item(v, "attachments"), "line",
		    m->att[i].name[0] != '\0' ? m->att[i].name
		                              : m->att[i].type);
	buf_release(&who);
}

/* forward_one - the message to one owner, Reply-To the sender. */
static int
forward_one(struct inbound *in, const struct rcpt_rec *o)
{
	struct buf key = BUF_INIT(256);
	const struct token_keys *keys;
	const char *from = inbound_from(in);
	struct vars *v = vars_new();
	struct mailout m;
	int rc;

	rc = inbound_keys(in, &keys);
	if (rc != 0)
		goto out;
	buf_addf(&key, "owner:%lld:%s:member:%lld", in->list.id, in->raw_sha256,
	    o->member_id);
	forward_vars(in, o, v);
	m = (struct mailout){&in->list, "owner", "owner-forward", o->email,
	    o->name[0] != '\0' ? o->name : NULL, o->member_id, buf_cstr(&key),
	    in->msg->message_id, compose_addr_valid(from) ? from : NULL, false,
	    v};
	rc = mailout_send(in->st, keys, &m, NULL, "owner forward");
out:
	vars_free(v);
	buf_release(&key);
	return rc;
}

int
owner_handle(struct inbound *in)
{
	struct rcpt_rec *owners = NULL;
	size_t n = 0, i;
	int rc;

	rc = store_delivery_owners(in->st, in->list.id, &owners, &n);
	for (i = 0; rc == 0 && i < n; i++)
		rc = forward_one(in, &owners[i]);
	if (rc == 0 && n == 0)
		log_warn("owner list=%s owners=none", in->list.name);
	else if (rc == 0)
		log_info("owner list=%s forwarded=%zu", in->list.name, n);
	rcpt_recs_free(owners, n);
	if (rc != 0) {
		store_rollback(in->st);
		return rc;
	}
	return inbound_finish(in, "dropped",
	    n > 0 ? "to the owners" : "to the owners, but the list has none",
	    NULL, NULL);
}

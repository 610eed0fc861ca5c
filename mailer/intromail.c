/*
 * intromail.c - introduction invitations (intromail.h).
 */
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "conf.h"
#include "err.h"
#include "intromail.h"
#include "mailout.h"
#include "store_mentor.h"

const char *
intromail_delivery(const char *d)
{
	if (strcmp(d, "digest") == 0)
		return "a digest instead of every message";
	if (strcmp(d, "none") == 0)
		return "no mail from the list (you stay a member and may post)";
	return "every message as it is posted";
}

/* queue - the mail of prompt id with reply address addr. */
static int
queue(struct store *st, const struct token_keys *keys,
    const struct intromail *m, struct vars *v, long long id, const char *addr)
{
	struct buf key = BUF_INIT(128);
	const char *name = m->to->name[0] != '\0' ? m->to->name : m->to->email;
	struct mailout out;
	int rc;

	buf_addf(&key, "intro:prompt:%lld", id);
	vars_set(v, "recipient_name", name);
	vars_set(v, "member_name", name);
	vars_set(v, "recipient", m->to->email);
	vars_set(v, "reply_address", addr);
	vars_set_bool(v, "intro", true);
	out = (struct mailout){m->list, "notice", m->tmpl, m->to->email,
	    m->to->name, m->to->id, buf_cstr(&key), NULL, addr, false, v};
	rc = mailout_send(st, keys, &out, NULL, "intro mail");
	buf_release(&key);
	return rc;
}

int
intromail_send(struct store *st, const struct token_keys *keys,
    const struct intromail *m, struct vars *v, long long *id)
{
	struct buf addr = BUF_INIT(MAX_EMAIL + 1);
	struct prompt_rec p;
	int rc;

	memset(&p, 0, sizeof p);
	p.list_id = m->list->id;
	p.member_id = m->to->id;
	p.object_id = m->object;
	snprintf(p.kind, sizeof p.kind, "%s", m->kind);
	rc = time_format_iso(m->now, p.sent_at);
	if (rc == 0)
		rc = store_prompt_add(st, &p, id);
	if (rc == 0)
		rc = mailout_prompt_address(keys, m->list->name, *id, m->to->id,
		    m->now, INTRO_TTL_DAYS, &addr);
	if (rc == 0)
		rc = queue(st, keys, m, v, *id, buf_cstr(&addr));
	if (rc == 0)
		rc = store_event(st, m->list->id, m->to->id,
		    strcmp(m->kind, "intro") == 0 ? "intro.invite"
		                                  : "intro.remind",
		    *id, m->tmpl);
	buf_release(&addr);
	return rc;
}

int
intromail_welcome(struct store *st, const struct token_keys *keys,
    const struct list_rec *l, long long member, const char *delivery,
    long long now, bool *sent)
{
	struct connect_settings cs;
	struct connect_member who;
	struct intromail m = {l, &who, "intro", "welcome", 0, now};
	struct vars *v;
	long long id;
	int rc;

	*sent = false;
	rc = store_connect_settings(st, l->id, &cs);
	if (rc != 0 || !cs.intros)
		return rc;
	rc = store_connect_member(st, member, &who);
	if (rc != 0)
		return rc;
	v = vars_new();
	vars_set(v, "delivery", intromail_delivery(delivery));
	vars_set_bool(v, "already", false);
	vars_set_bool(v, "was_member", false);
	rc = intromail_send(st, keys, &m, v, &id);
	vars_free(v);
	*sent = rc == 0;
	return rc;
}

/*
 * badge.c - badges by mail (docs/badges.md): "leaderboard off|on" and a
 * moderator's "award ADDRESS BADGE" at LIST+request@, and the
 * moderator's reply that confirms an award.
 *
 * An award by mail takes two steps, because a From address proves
 * nothing (DESIGN §3): the request from a moderator's address stores a
 * pending grant and mails that moderator's stored address a confirmation
 * with a Reply-To of their own LIST+m-TOKEN@ (kind 'a', object the grant,
 * member the moderator, valid BADGE_GRANT_DAYS).  moderate.c hands such
 * tokens to badge_decide(): an empty reply or "award" gives the badge,
 * "cancel" drops it.  Only the hand-given badges (kudos, expert) can be
 * given this way; the rules give the others.
 *
 * Invariants: runs in the router's transaction; a grant is decided once
 * (UPDATE ... WHERE decided IS NULL), so the first reply wins.  Calls no
 * other handler.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "badgemail.h"
#include "badges.h"
#include "clock.h"
#include "err.h"
#include "handlers.h"
#include "log.h"
#include "mailout.h"
#include "store_badge.h"
#include "store_mod.h"

/* leaderboard - "leaderboard off|on": every list at once. */
static int
leaderboard(struct inbound *in, long long member, bool on, struct buf *reply)
{
	int rc;

	rc = store_leaderboard_set(in->st, member, on);
	if (rc == 0)
		rc = store_event(in->st, in->list.id, member,
		    on ? "leaderboard.on" : "leaderboard.off", 0, "");
	if (rc == 0 && on)
		buf_adds(reply, "your name may appear on leaderboards again.");
	else if (rc == 0)
		buf_adds(reply,
		    "your name is left out of every leaderboard and "
		    "team figure, in every list; \"leaderboard on\" "
		    "undoes it.");
	return rc;
}

/* confirm - the confirmation of grant g to moderator mod. */
static int
confirm(struct inbound *in, const struct badge_grant *g,
    const struct badge_rule *r, long long mod)
{
	const struct token_keys *keys;
	struct token t = {'a', (unsigned long long)g->id,
	    (unsigned long long)mod, clock_now() + BADGE_GRANT_DAYS * 86400LL};
	struct buf key = BUF_INIT(128), reply = BUF_INIT(512),
	           why = BUF_INIT(1024);
	char email[MAX_EMAIL + 1], tok[MAX_TOKEN_CHARS + 1];
	struct vars *v = vars_new();
	struct mailout m;
	bool queued;
	int rc;

	rc = inbound_keys(in, &keys);
	if (rc == 0)
		rc = store_member_email(in->st, mod, email);
	if (rc == 0)
		rc = token_issue(keys, &t, tok); /* kind a at an m- address */
	if (rc == 0)
		mailout_address(in->list.name, 'm', tok, &reply);
	buf_addf(&key, "badge:grant:%lld", g->id);
	vars_set(v, "recipient_name", email);
	vars_set(v, "badge_name", r->name);
	vars_set(v, "badge_description", r->description);
	vars_set(v, "member", g->email);
	vars_setf(v, "days", "%d", BADGE_GRANT_DAYS);
	m = (struct mailout){&in->list, "moderate", "badge-award-confirm",
	    email, NULL, mod, buf_cstr(&key), NULL, buf_cstr(&reply), false, v};
	if (rc == 0)
		rc = mailout_queue(in->st, keys, &m, &queued, &why);
	if (rc != 0)
		log_err("badge grant error=%s reason=%s", err_name(rc),
		    buf_cstr(&why));
	vars_free(v);
	buf_release(&key);
	buf_release(&reply);
	buf_release(&why);
	return rc == E_PARSE ? E_INTERNAL : rc;
}

/* award - "award ADDRESS BADGE" from member. */
static int
award(struct inbound *in, long long member, const char *addr, const char *slug,
    struct buf *reply)
{
	const struct badge_rule *r = badge_find(slug);
	struct badge_grant g;
	char role[16], at[21];
	bool mod = false;
	int rc;

	memset(&g, 0, sizeof g);
	rc = store_mod_is_moderator(in->st, in->list.id, member, &mod);
	if (rc != 0)
		return rc;
	if (!mod) {
		buf_adds(reply, "only the list's moderators can give badges.");
		return 0;
	}
	if (r == NULL || !badge_hand(r)) {
		buf_addf(reply,
		    "\"%.32s\" is not a badge moderators give "
		    "(kudos, expert).",
		    slug);
		return 0;
	}
	rc = store_member_lookup(in->st, in->list.id, addr, &g.member_id, role);
	if (rc == E_NOTFOUND) {
		buf_addf(reply, "%.100s is not a member of %s.", addr,
		    in->list.name);
		return 0;
	}
	g.list_id = in->list.id;
	g.moderator_id = member;
	snprintf(g.badge, sizeof g.badge, "%s", r->slug);
	snprintf(g.email, sizeof g.email, "%s", addr);
	time_format_iso(clock_now(), at);
	if (rc == 0)
		rc = store_badge_grant_add(in->st, &g, at, &g.id);
	if (rc == 0)
		rc = confirm(in, &g, r, member);
	if (rc == 0)
		buf_addf(reply,
		    "a confirmation is on its way to you: reply to "
		    "it to give %s to %s.",
		    r->name, addr);
	return rc;
}

int
badge_request(struct inbound *in, long long member, const char *line,
    struct buf *reply, bool *handled)
{
	char addr[MAX_EMAIL + 1], slug[BADGE_SLUG_MAX];
	int n = 0;

	*handled = true;
	if (strcmp(line, "leaderboard off") == 0)
		return leaderboard(in, member, false, reply);
	if (strcmp(line, "leaderboard on") == 0)
		return leaderboard(in, member, true, reply);
	if (strncmp(line, "award ", 6) == 0) {
		n = (int)strcspn(line + 6, " ");
		if (n > 0 && n <= MAX_EMAIL && line[6 + n] == ' ' &&
		    strlen(line + 7 + n) < sizeof slug &&
		    strchr(line + 7 + n, ' ') == NULL) {
			snprintf(addr, sizeof addr, "%.*s", n, line + 6);
			snprintf(slug, sizeof slug, "%s", line + 7 + n);
			return award(in, member, addr, slug, reply);
		}
	}
	*handled = false;
	return 0;
}

/* One moderator reply about a grant. */
struct decision {
	struct inbound *in;
	const struct token *tok;
	struct badge_grant g;
	bool give;
	struct buf refuse; /* why nothing is done; empty = act */
};

/* check - token, sender, moderator and grant; d->refuse when not. */
static int
check(struct decision *d)
{
	int rc;

	rc = store_badge_grant_get(d->in->st, (long long)d->tok->object, &d->g);
	if (rc == 0 &&
	    (d->g.list_id != d->in->list.id ||
	        d->g.moderator_id != (long long)d->tok->member))
		rc = E_NOTFOUND;
	if (rc == E_NOTFOUND) {
		buf_adds(&d->refuse, "this moderation address is not valid");
		return 0;
	}
	if (rc == 0)
		rc = inbound_mod_sender(d->in, d->g.moderator_id, &d->refuse);
	if (rc != 0 || d->refuse.len > 0)
		return rc;
	if (d->g.decided[0] != '\0')
		buf_adds(&d->refuse, "this award was decided already");
	else if (d->tok->expires <= clock_now())
		buf_adds(&d->refuse, "this moderation address has expired");
	return 0;
}

/* command - an empty reply, "award", "yes" give; "cancel", "no" drop. */
static int
command(struct decision *d)
{
	char *text = NULL;
	const char *p;
	size_t n;
	int rc;

	rc = inbound_trimmed(d->in, &text);
	if (rc != 0)
		return rc;
	p = text != NULL ? text : "";
	p += strspn(p, " \t\r\n");
	n = *p == '>' ? 0 : strcspn(p, " \t\r\n.!,"); /* only a quote */
	d->give = n == 0 || str_ieq((struct str){p, n}, "award") ||
	    str_ieq((struct str){p, n}, "yes");
	if (!d->give && !str_ieq((struct str){p, n}, "cancel") &&
	    !str_ieq((struct str){p, n}, "no"))
		buf_addf(&d->refuse,
		    "\"%.*s\" is not an answer to an award (reply with nothing, "
		    "\"award\" or \"cancel\")",
		    (int)(n < 40 ? n : 40), p);
	free(text);
	return 0;
}

/* act - give the badge (or not), close the grant, tell the moderator. */
static int
act(struct decision *d)
{
	const struct badge_rule *r = badge_find(d->g.badge);
	struct vars *v = vars_new();
	char at[21], by[MAX_EMAIL + 1];
	long long id = 0;
	bool added = false;
	int rc;

	time_format_iso(clock_now(), at);
	rc = store_member_email(d->in->st, d->g.moderator_id, by);
	if (rc == 0 && d->give)
		rc = store_badge_award(d->in->st, d->g.list_id, d->g.member_id,
		    d->g.badge, by, d->g.reason, at, &added, &id);
	if (rc == 0)
		rc = store_badge_grant_decide(
		    d->in->st, d->g.id, d->give ? "awarded" : "cancelled", at);
	CHECK(rc != E_PERM); /* checked as open in this transaction */
	vars_set(v, "badge_name", r != NULL ? r->name : d->g.badge);
	vars_set(v, "member", d->g.email);
	vars_set_bool(v, "given", added);
	vars_set_bool(v, "had", d->give && !added);
	if (rc == 0)
		rc = inbound_notify(d->in, "badge-award-done",
		    inbound_from(d->in), d->give ? "award" : "cancel", v);
	if (rc == 0)
		log_info("badge grant list=%s grant=%lld given=%d",
		    d->in->list.name, d->g.id, added);
	vars_free(v);
	return rc;
}

int
badge_decide(struct inbound *in, const struct token *t)
{
	struct decision d = {in, t, {0}, false, BUF_INIT(1024)};
	int rc;

	rc = check(&d);
	if (rc == 0 && d.refuse.len == 0)
		rc = command(&d);
	if (rc == 0 && d.refuse.len == 0)
		rc = act(&d);
	else if (rc == 0)
		rc = inbound_mod_refused(
		    in, (long long)t->object, buf_cstr(&d.refuse));
	buf_release(&d.refuse);
	if (rc != 0) {
		store_rollback(in->st);
		return rc == E_PARSE ? E_INTERNAL : rc;
	}
	return inbound_finish(in, "dropped", "moderation", NULL, NULL);
}

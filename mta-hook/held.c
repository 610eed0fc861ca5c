/*
 * held.c - when a post is held (non-member, moderated list, rate limit,
 * a non-member's wiki contribution), every active moderator and owner of
 * the list gets a copy with a Reply-To of their own LIST+m-TOKEN@
 * address: kind 'm', object = the held message, member = that
 * moderator, valid as long as the list keeps held posts.  Their replies
 * come to moderate.c.
 *
 * Non-goals: deciding (moderate.c), expiry (digest/expire.c).
 * Invariant: only queues mail (outbox), inside the caller's transaction.
 */
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "conf.h"
#include "err.h"
#include "held.h"
#include "log.h"
#include "mailout.h"
#include "moderation.h"

void
held_author(const struct held_rec *h, struct buf *out)
{
	if (h->author_name[0] != '\0')
		buf_addf(out, "%s <%s>", h->author_name, h->author);
	else
		buf_adds(out, h->author);
}

/* attachment_vars - the held post's attachments as a list of lines. */
static void
attachment_vars(struct store *st, long long id, struct vars *v)
{
	char *names = store_attachment_names(st, id);
	char *p = names, *nl;

	vars_set_list(v, "attachments");
	vars_set_bool(v, "has_attachments", *names != '\0');
	while (*p != '\0') {
		nl = strchr(p, '\n');
		if (nl != NULL)
			*nl = '\0';
		vars_set(vars_add_item(v, "attachments"), "line", p);
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	free(names);
}

/* One held message being sent to its moderators. */
struct ask {
	struct store *st;
	const struct list_rec *list;
	const struct token_keys *keys;
	struct held_rec h;
	const char *reason;
	long long expires;
};

/* ask_vars - what the moderate-request template says to moderator mod. */
static void
ask_vars(const struct ask *a, const struct rcpt_rec *mod, struct vars *v)
{
	struct buf author = BUF_INIT(2048);
	char when[CLOCK_ISO_LEN];

	held_author(&a->h, &author);
	if (time_format_iso(a->expires, when) != 0)
		when[0] = '\0';
	vars_set(
	    v, "recipient_name", mod->name[0] != '\0' ? mod->name : mod->email);
	vars_set(v, "recipient_address", mod->email);
	vars_set(v, "author", buf_cstr(&author));
	vars_set(v, "subject", a->h.subject);
	vars_set(v, "reason", a->reason != NULL ? a->reason : "held");
	vars_set(v, "expires", when);
	vars_set_cut(v, "text", a->h.text, TMPL_MAX_TEXT);
	moderation_vars(&a->h, v);
	attachment_vars(a->st, a->h.id, v);
	buf_release(&author);
}

/* request_one - the held post to one moderator, with their m- address. */
static int
request_one(const struct ask *a, const struct rcpt_rec *mod)
{
	struct buf key = BUF_INIT(256), reply = BUF_INIT(512);
	struct token t = {'m', (unsigned long long)a->h.id,
	    (unsigned long long)mod->member_id, a->expires};
	char tok[MAX_TOKEN_CHARS + 1];
	struct vars *v = vars_new();
	struct mailout m;
	int rc;

	rc = token_issue(a->keys, &t, tok);
	if (rc != 0)
		goto out;
	buf_addf(&key, "mod:%lld:member:%lld", a->h.id, mod->member_id);
	mailout_address(a->list->name, 'm', tok, &reply);
	ask_vars(a, mod, v);
	m = (struct mailout){a->list, "moderate", "moderate-request",
	    mod->email, mod->name[0] != '\0' ? mod->name : NULL, mod->member_id,
	    buf_cstr(&key), NULL, buf_cstr(&reply), false, v};
	rc = mailout_send(a->st, a->keys, &m, NULL, "moderate request");
out:
	vars_free(v);
	buf_release(&key);
	buf_release(&reply);
	return rc == E_PARSE ? E_INTERNAL : rc; /* token_issue's too */
}

int
held_ask(struct store *st, const struct list_rec *list,
    const struct token_keys *keys, long long id, const char *reason)
{
	struct ask a = {st, list, keys, {0}, reason, 0};
	struct rcpt_rec *mods = NULL;
	size_t n = 0, i;
	int rc;

	rc = store_mod_held_get(st, id, &a.h);
	if (rc == 0)
		rc = store_mod_moderators(st, list->id, &mods, &n);
	if (rc == 0 && n == 0)
		log_warn("moderate held=%lld list=%s moderators=none", id,
		    list->name);
	a.expires = clock_now() + (long long)a.h.held_days * 86400;
	for (i = 0; rc == 0 && i < n; i++)
		rc = request_one(&a, &mods[i]);
	if (rc == 0 && n > 0)
		log_info("moderate held=%lld list=%s moderators=%zu", id,
		    list->name, n);
	rcpt_recs_free(mods, n);
	held_rec_release(&a.h);
	return rc;
}

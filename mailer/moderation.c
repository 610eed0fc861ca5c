/*
 * moderation.c - the effects of a decision on a held post (see
 * moderation.h), moved here from mta-hook/moderate.c so that `stoa held`
 * does exactly what a moderator's reply does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "addr.h"
#include "bounds.h"
#include "compose.h"
#include "conf.h"
#include "err.h"
#include "log.h"
#include "mailout.h"
#include "moderation.h"
#include "subject.h"

#define MOD_SUBJECT_WINDOW (30LL * 86400) /* like the hook's fallback */

void
moderation_flag_vars(const char *flags, long long author_id, struct vars *v)
{
	char page[MAX_LOCAL_PART + 1];
	const char *w = flags != NULL ? strstr(flags, "wiki:") : NULL;
	size_t n;

	vars_set_bool(v, "not_member", author_id == 0);
	vars_set_bool(v, "wiki", w != NULL);
	page[0] = '\0';
	if (w != NULL && strncasecmp(w + 5, "wiki-", 5) == 0) {
		n = strcspn(w + 10, " ");
		if (n > MAX_LOCAL_PART)
			n = MAX_LOCAL_PART;
		memcpy(page, w + 10, n);
		page[n] = '\0';
	}
	vars_set(v, "wiki_page", page);
}

void
moderation_vars(const struct held_rec *h, struct vars *v)
{
	moderation_flag_vars(h->flags, h->author_id, v);
}

int
moderation_canonical_id(char **id)
{
	struct buf b = BUF_INIT(COMPOSE_MAX_ID + 1);
	int rc;

	if (compose_id_valid(*id))
		return 0;
	rc = compose_id_canonical(*id, conf_domain, &b);
	if (rc == 0) {
		free(*id);
		*id = buf_detach(&b);
	} else
		log_err("ingest error=canonical-id domain=%s", conf_domain);
	buf_release(&b);
	return rc == 0 ? 0 : E_INTERNAL;
}

int
moderation_canonical_refs(struct msg *m)
{
	size_t i;
	int rc = 0;

	if (m->in_reply_to != NULL)
		rc = moderation_canonical_id(&m->in_reply_to);
	for (i = 0; rc == 0 && i < m->n_references; i++)
		rc = moderation_canonical_id(&m->references[i]);
	return rc;
}

/* may_mail - a poster address we may write to: not a bounce or us. */
static bool
may_mail(const char *to)
{
	const char *at;

	if (to == NULL || !compose_addr_valid(to) ||
	    str_ihas_prefix(to, "mailer-daemon@"))
		return false;
	at = strrchr(to, '@');
	return at != NULL && !str_ieq(str_from(at + 1), conf_domain);
}

/* poster_notice - tell the author of the held post what happened. */
static int
poster_notice(struct moderation *m, const char *tmpl)
{
	const struct held_rec *h = m->held;
	struct buf key = BUF_INIT(256), why = BUF_INIT(1024);
	struct vars *v;
	struct mailout o;
	bool queued;
	int rc;

	if (!may_mail(h->author))
		return 0;
	v = vars_new();
	buf_addf(&key, "mod:%lld:poster:%s", h->id, m->action);
	vars_set(v, "recipient_name",
	    h->author_name[0] != '\0' ? h->author_name : h->author);
	vars_set(v, "subject", h->subject);
	vars_set(v, "reason", m->reason != NULL ? m->reason : "");
	vars_set_bool(v, "member_added", m->member_added);
	moderation_vars(h, v);
	o = (struct mailout){m->list, "notice", tmpl, h->author,
	    h->author_name[0] != '\0' ? h->author_name : NULL, m->author_id,
	    buf_cstr(&key), h->message_id, NULL, false, v};
	rc = mailout_queue(m->st, m->keys, &o, &queued, &why);
	if (rc == 0 && queued)
		rc = store_event(m->st, m->list->id, 0, "notice", 0, h->author);
	if (rc != 0)
		log_err("moderate notice error=%s reason=%s", err_name(rc),
		    buf_cstr(&why));
	vars_free(v);
	buf_release(&key);
	buf_release(&why);
	return rc == E_PARSE ? E_INTERNAL : rc;
}

/* add_author - "allow": make the poster an active member. */
static int
add_author(struct moderation *m)
{
	struct buf why = BUF_INIT(1024);
	char norm[MAX_EMAIL + 1], role[16];
	struct member_rec mr;
	int rc;

	rc = addr_normalise(m->held->author, norm, &why);
	if (rc != 0) {
		buf_addf(m->note, "The sender could not be added: %s.",
		    buf_cstr(&why));
		buf_release(&why);
		return 0;
	}
	mr = (struct member_rec){norm, m->held->author_name, NULL, NULL, NULL};
	rc = store_member_add(m->st, m->list->id, &mr, &why);
	if (rc == E_DUP) { /* pending or disabled: make it active */
		mr = (struct member_rec){norm, NULL, NULL, NULL, "active"};
		buf_reset(&why);
		rc = store_member_set(m->st, m->list->id, &mr, &why);
	}
	if (rc == 0)
		rc = store_member_lookup(
		    m->st, m->list->id, norm, &m->author_id, role);
	if (rc == 0)
		m->member_added = true;
	else
		log_err("moderate allow error=%s reason=%s", err_name(rc),
		    buf_cstr(&why));
	buf_release(&why);
	return rc;
}

/*
 * thread_post - link the approved post into a thread: by its
 * In-Reply-To/References (re-read from the raw message), else by base
 * subject within 30 days, else a new thread.
 */
static int
thread_post(struct moderation *m)
{
	const struct held_rec *h = m->held;
	struct buf why = BUF_INIT(512);
	struct msg *msg = NULL;
	struct thread_in ti;
	struct thread_out to = {0, 0, "new"};
	char *base = subject_base(h->subject);
	long long thread = 0;
	int rc;

	if (mime_parse(h->raw, h->raw_len, NULL, &msg, &why) != 0)
		msg = NULL; /* thread by subject only */
	/* the ids as stored: an unusable one by our stand-in */
	rc = msg != NULL ? moderation_canonical_refs(msg) : 0;
	memset(&ti, 0, sizeof ti);
	ti.message_id = h->message_id;
	ti.base_subject = base;
	ti.window = MOD_SUBJECT_WINDOW;
	if (msg != NULL) {
		ti.in_reply_to = msg->in_reply_to;
		ti.refs = (const char *const *)msg->references;
		ti.n_refs = msg->n_references;
	}
	if (rc == 0)
		rc = store_thread_resolve(m->st, m->list->id, &ti, &to);
	if (rc == 0)
		rc = store_mod_thread(
		    m->st, h, base, &to, m->author_id, &thread);
	if (rc == 0)
		log_info("moderate posted=%lld thread=%lld how=%s", h->id,
		    thread, to.how);
	msg_free(msg);
	free(base);
	buf_release(&why);
	return rc;
}

/* approve - onto the wiki page, or threaded and queued to the members. */
static int
approve(struct moderation *m)
{
	const char *wiki = strstr(m->held->flags, "wiki:");
	char ext[MAX_LOCAL_PART + 1];
	size_t n;
	int rc;

	if (wiki == NULL) {
		rc = thread_post(m);
		return rc != 0 ? rc : store_post_enqueue(m->st, m->held->id);
	}
	n = strcspn(wiki + 5, " ");
	if (n > MAX_LOCAL_PART)
		n = MAX_LOCAL_PART;
	memcpy(ext, wiki + 5, n);
	ext[n] = '\0';
	return m->wiki_apply(m->wiki_arg, m->held, ext);
}

int
moderation_act(struct moderation *m)
{
	const char *action = m->action;
	bool yes =
	    strcmp(action, "approve") == 0 || strcmp(action, "allow") == 0;
	char kind[32];
	int rc;

	if (yes && m->wiki_apply == NULL &&
	    strstr(m->held->flags, "wiki:") != NULL)
		return E_PERM;
	m->author_id = m->held->author_id;
	rc = store_mod_decide(
	    m->st, m->held->id, m->member_id, action, m->reason);
	if (rc == 0 && strcmp(action, "allow") == 0)
		rc = add_author(m);
	if (rc == 0 && yes)
		rc = approve(m);
	if (rc == 0 && yes)
		rc = poster_notice(m, "notice-approved");
	if (rc == 0 && strcmp(action, "reject") == 0)
		rc = poster_notice(m, "notice-rejected");
	snprintf(kind, sizeof kind, "moderate.%s", action);
	if (rc == 0)
		rc = store_event(m->st, m->list->id, m->member_id, kind,
		    m->held->id, m->reason != NULL ? m->reason : "");
	if (rc == 0)
		log_info("moderate list=%s msg=%lld action=%s member=%lld%s",
		    m->list->name, m->held->id, action, m->member_id,
		    m->member_id == 0 ? " by=operator" : "");
	return rc;
}

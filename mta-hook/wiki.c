/*
 * wiki.c - the wiki by mail: contributions and reads at LIST+wiki@ and
 * LIST+wiki-PAGE@, reply-to-edit at LIST+wiki-PAGE.TOKEN@, confirmation
 * of a conflicting edit at LIST+wiki-confirm.TOKEN@, the "wiki ..."
 * request commands and the capture of a thread answer (docs/wiki.md).
 *
 * Tokens: every page mail has Reply-To LIST+wiki-SLUG.TOKEN@, the token
 * of kind 'w' naming the revision shown (object) and the recipient
 * (member), so a reply says which revision its author edited.  A
 * conflict mail has Reply-To LIST+wiki-confirm.TOKEN@, kind 'k', naming
 * the pending revision.  Slugs never contain '.', base32 tokens never
 * contain '-', so the split is unambiguous.
 *
 * Invariants: like the other handlers, runs inside the dispatcher's
 * transaction and ends with inbound_finish() (commit) or rolls back and
 * returns the error; mail is only queued.  Non-members' contributions
 * are held like posts; their reads are refused with the not-a-member
 * notice.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clock.h"
#include "compose.h"
#include "conf.h"
#include "err.h"
#include "handlers.h"
#include "inbound_ctx.h"
#include "log.h"
#include "mailout.h"
#include "mime.h"
#include "store_wiki.h"
#include "subject.h"
#include "trim.h"
#include "wiki_edit.h"
#include "wikitext.h"
#include "xmalloc.h"

/* One wiki message, as parsed from its address, Subject and body. */
struct wmsg {
	struct inbound *in;
	const char *from;
	long long member; /* 0: not a member */
	char *name;       /* page name as written (address or Subject) */
	char *title;      /* title for a new page */
	const char *token;
	bool confirm;     /* LIST+k-TOKEN@ (or LIST+wiki-confirm.TOKEN@) */
	const char *bad;  /* why the reply address is refused, or NULL */
	const char *mode; /* replace, append, section */
	char *heading;
	char *text; /* the trimmed body without its mode line */
	char slug[WIKI_MAX_SLUG + 1];
	struct vars *v;
};

static void
wmsg_release(struct wmsg *w)
{
	free(w->name);
	free(w->title);
	free(w->heading);
	free(w->text);
	vars_free(w->v);
}

/* finish - store the message as dropped (reason), optional notice. */
static int
finish(struct wmsg *w, const char *reason, const char *tmpl)
{
	return inbound_finish(w->in, "dropped", reason, tmpl, w->v);
}

/* fail - roll back and pass a transient error up (defer). */
static int
fail(struct inbound *in, int rc)
{
	store_rollback(in->st);
	return rc == E_PARSE || rc == E_LIMIT || rc == E_NOTFOUND ? E_INTERNAL
	                                                          : rc;
}

/* token_address - LIST+K-TOKEN@ for kind/object/member. */
static int
token_address(struct inbound *in, char kind, long long object, long long member,
    struct buf *out)
{
	const struct token_keys *keys;
	struct token t;
	int rc;

	rc = inbound_keys(in, &keys);
	if (rc != 0)
		return rc;
	t = (struct token){kind, (unsigned long long)object,
	    (unsigned long long)member,
	    clock_now() + conf_token_ttl_days * 86400};
	return mailout_token_address(keys, in->list.name, &t, out);
}

/*
 * page_address - set new_address (and new_subject) in v: LIST+wiki-SLUG@
 * when its local part fits 64 characters, else LIST+wiki@ with the slug
 * as the subject, which reaches the same page.
 */
static void
page_address(const struct inbound *in, const char *slug, struct vars *v)
{
	if (strlen(in->list.name) + 6 + strlen(slug) <= MAX_LOCAL_PART) {
		vars_setf(v, "new_address", "%s+wiki-%s@%s", in->list.name,
		    slug, conf_domain);
		vars_set(v, "new_subject", "");
		return;
	}
	vars_setf(v, "new_address", "%s+wiki@%s", in->list.name, conf_domain);
	vars_set(v, "new_subject", slug);
}

/* queue - one wiki mail (tmpl) to `to` with Reply-To reply_to. */
static int
queue(struct inbound *in, const char *tmpl, const char *to, long long member,
    const char *key, const char *reply_to, struct vars *v)
{
	const struct token_keys *keys;
	struct buf k = BUF_INIT(512);
	struct mailout m;
	int rc;

	if (!compose_addr_valid(to))
		return 0;
	rc = inbound_keys(in, &keys);
	if (rc != 0)
		return rc;
	buf_addf(&k, "wiki:%s:%s:%s", key, in->raw_sha256, to);
	vars_set(v, "recipient", to);
	vars_set(v, "reply_marker", TRIM_REPLY_MARKER);
	vars_set(v, "recipient_name",
	    in->msg != NULL && in->msg->from.name != NULL &&
	            in->msg->from.name[0] != '\0'
	        ? in->msg->from.name
	        : to);
	m = (struct mailout){&in->list, "wiki", tmpl, to, NULL, member,
	    buf_cstr(&k), in->msg != NULL ? in->msg->message_id : NULL,
	    reply_to, false, v};
	rc = mailout_send(in->st, keys, &m, NULL, "wiki mail");
	buf_release(&k);
	return rc;
}

/* page_vars - what wiki-page.* show about page p. */
static int
page_vars(struct inbound *in, const struct wiki_page *p, struct vars *v)
{
	struct wiki_rev *r;
	struct buf html = BUF_INIT(WIKI_MAX_OUTPUT);
	size_t n, i;
	int rc;

	vars_set(v, "title", p->title);
	vars_set(v, "slug", p->slug);
	vars_setf(v, "revision", "%d", p->number);
	vars_setf(v, "date", "%.10s", p->updated);
	vars_set(v, "text", p->text);
	rc = wikitext_html(p->text, NULL, &html);
	if (rc == 0)
		vars_set_safe(v, "page_html", buf_cstr(&html));
	buf_release(&html);
	page_address(in, p->slug, v);
	vars_set(v, "reply_marker", TRIM_REPLY_MARKER);
	vars_set_list(v, "editors");
	if (rc == 0)
		rc = store_wiki_history(in->st, p->id, 5, false, &r, &n);
	if (rc != 0)
		return rc;
	for (i = 0; i < n; i++) {
		struct vars *it = vars_add_item(v, "editors");

		vars_setf(it, "revision", "%d", r[i].number);
		vars_setf(it, "date", "%.10s", r[i].created);
		vars_set(it, "author",
		    r[i].author_name[0] != '\0' ? r[i].author_name
		                                : r[i].author);
		vars_set(it, "mode", r[i].mode);
	}
	wiki_revs_free(r, n);
	return 0;
}

/*
 * send_page - the current page to `to` (member), Reply-To the edit
 * address of its head revision, with status (what just happened).
 */
static int
send_page(struct inbound *in, long long page_id, const char *to,
    long long member, const char *status)
{
	struct wiki_page p;
	struct buf addr = BUF_INIT(MAX_EMAIL + 1), key = BUF_INIT(128);
	struct vars *v = vars_new();
	int rc;

	rc = store_wiki_page_get_id(in->st, page_id, &p);
	if (rc == 0)
		rc = token_address(in, 'w', p.head, member, &addr);
	if (rc == 0)
		rc = page_vars(in, &p, v);
	if (rc == 0) {
		vars_set(v, "status", status);
		vars_set(v, "edit_address", buf_cstr(&addr));
		buf_addf(&key, "page:%lld:%d", p.id, p.number);
		rc = queue(in, "wiki-page", to, member, buf_cstr(&key),
		    buf_cstr(&addr), v);
	}
	wiki_page_release(&p);
	vars_free(v);
	buf_release(&addr);
	buf_release(&key);
	return rc;
}

/* send_conflict - the pending edit, the diff and the confirm address. */
static int
send_conflict(struct wmsg *w, const struct wiki_result *r)
{
	struct inbound *in = w->in;
	struct wiki_page p;
	struct wiki_rev mine;
	struct buf addr = BUF_INIT(MAX_EMAIL + 1),
	           diff = BUF_INIT(WIKI_MAX_OUTPUT);
	struct buf key = BUF_INIT(64);
	struct vars *v = vars_new();
	int rc;

	memset(&mine, 0, sizeof mine);
	rc = store_wiki_page_get_id(in->st, r->page_id, &p);
	if (rc == 0)
		rc = store_wiki_rev_get(in->st, r->rev_id, &mine);
	if (rc == 0)
		rc = token_address(in, 'k', r->rev_id, w->member, &addr);
	if (rc == 0)
		rc = wikitext_diff(p.text, mine.text, &diff);
	if (rc == 0) {
		vars_set(v, "title", p.title);
		vars_set(v, "slug", p.slug);
		vars_setf(v, "base", "%d", mine.base);
		vars_setf(v, "revision", "%d", p.number);
		vars_set(v, "diff", buf_cstr(&diff));
		vars_set(v, "confirm_address", buf_cstr(&addr));
		page_address(in, p.slug, v);
		buf_addf(&key, "conflict:%lld", r->rev_id);
		rc = queue(in, "wiki-conflict", w->from, w->member,
		    buf_cstr(&key), buf_cstr(&addr), v);
	}
	wiki_page_release(&p);
	wiki_rev_release(&mine);
	vars_free(v);
	buf_release(&addr);
	buf_release(&diff);
	buf_release(&key);
	return rc;
}

/*
 * subject_of - the page title of subject: reply prefixes and list tags
 * removed, after an optional mode prefix ("[append] Title", "[replace]
 * Title", "[section: H] Title") which sets w's mode.  Caller frees.
 */
static char *
subject_of(struct wmsg *w, const char *subject)
{
	struct str s = str_trim(str_from(subject));
	const char *close;

	for (;;) { /* "Re: Fwd: " before the mode */
		if (s.n >= 3 && strncasecmp(s.p, "re:", 3) == 0)
			s = str_trim((struct str){s.p + 3, s.n - 3});
		else if (s.n >= 4 && strncasecmp(s.p, "fwd:", 4) == 0)
			s = str_trim((struct str){s.p + 4, s.n - 4});
		else
			break;
	}
	if (s.n > 0 && s.p[0] == '[' &&
	    (close = memchr(s.p, ']', s.n)) != NULL &&
	    wiki_mode_line((struct str){s.p + 1, (size_t)(close - s.p - 1)},
	        &w->mode, &w->heading)) {
		char *rest = str_dup(
		    (struct str){close + 1, s.n - (size_t)(close + 1 - s.p)});
		char *base = subject_base(rest);

		free(rest);
		return base;
	}
	return subject_base(subject);
}

/* body_mode - a mode on the first line of text (removed from it). */
static void
body_mode(struct wmsg *w)
{
	const char *nl = strchr(w->text, '\n'), *mode = NULL;
	char *heading = NULL, *rest;
	size_t n = nl != NULL ? (size_t)(nl - w->text) : strlen(w->text);

	if (!wiki_mode_line((struct str){w->text, n}, &mode, &heading))
		return;
	free(w->heading);
	w->mode = mode;
	w->heading = heading;
	rest = xstrdup(nl != NULL ? nl + 1 : "");
	free(w->text);
	w->text = rest;
}

/* looks_like_token - base32 of a token's length (else part of a name). */
static bool
looks_like_token(const char *s)
{
	size_t n = strspn(
	    s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ234567");

	return n == strlen(s) && n >= 16 && n <= MAX_TOKEN_CHARS;
}

/*
 * token_page - for LIST+w-TOKEN@: the name of the page whose revision
 * the token names, or w->bad.  0 or an error to defer.
 */
static int
token_page(struct wmsg *w)
{
	const struct token_keys *keys;
	struct wiki_rev r;
	struct wiki_page p;
	struct token t;
	int rc;

	memset(&r, 0, sizeof r);
	memset(&p, 0, sizeof p);
	w->name = xstrdup("");
	rc = inbound_keys(w->in, &keys);
	if (rc != 0)
		return rc;
	rc = token_verify(keys, w->token, clock_now(), &t);
	if (rc == E_PARSE || (rc == 0 && t.kind != 'w'))
		w->bad = "the reply address is not valid";
	else if (rc == E_PERM)
		w->bad = "the reply address has expired; write to the page"
		         " address instead";
	if (rc != 0)
		return rc == E_PARSE || rc == E_PERM ? 0 : rc;
	rc = store_wiki_rev_get(w->in->st, (long long)t.object, &r);
	if (rc == 0)
		rc = store_wiki_page_get_id(w->in->st, r.page_id, &p);
	if (rc == 0 && p.list_id == w->in->list.id) {
		free(w->name);
		w->name = xstrdup(p.slug);
	} else if (rc == 0 || rc == E_NOTFOUND)
		w->bad = "the reply address is not valid";
	wiki_rev_release(&r);
	wiki_page_release(&p);
	return rc == E_NOTFOUND ? 0 : rc;
}

/* address_page - the page name (and token) from LIST+wiki-NAME[.TOKEN]@. */
static void
address_page(struct wmsg *w, const char *ext)
{
	const char *dot = strrchr(ext, '.');

	if (dot != NULL && looks_like_token(dot + 1)) {
		w->token = dot + 1;
		w->name = str_dup((struct str){ext, (size_t)(dot - ext)});
		w->confirm = str_ieq(str_from(w->name), "confirm");
	} else
		w->name = xstrdup(ext);
}

/* parse - address, Subject and body into w.  0 or an error to defer. */
static int
parse(struct wmsg *w)
{
	struct inbound *in = w->in;
	char role[16], *subject;
	int rc;

	w->from = inbound_from(in);
	rc =
	    store_member_lookup(in->st, in->list.id, w->from, &w->member, role);
	if (rc == E_NOTFOUND) {
		w->member = 0;
		rc = 0;
	} else if (rc != 0)
		return rc;
	w->mode = "replace";
	subject = subject_of(w, in->msg->subject);
	if (strncasecmp(in->ext, "k-", 2) == 0) {
		w->token = in->ext + 2;
		w->confirm = true;
		w->name = xstrdup("confirm");
	} else if (strncasecmp(in->ext, "w-", 2) == 0) {
		w->token = in->ext + 2;
		rc = token_page(w);
	} else if (in->ext[4] == '-')
		address_page(w, in->ext + 5);
	else
		w->name = xstrdup(subject);
	w->title = xstrdup(subject[0] != '\0' ? subject : w->name);
	free(subject);
	if (strlen(w->title) > WIKI_MAX_TITLE)
		w->title[WIKI_MAX_TITLE] = '\0';
	if (rc == 0)
		rc = inbound_trimmed(in, &w->text);
	if (rc == 0)
		body_mode(w);
	return rc;
}

/* empty - nothing but white space. */
static bool
empty(const char *s)
{
	return str_trim(str_from(s)).n == 0;
}

/* refuse - drop with the wiki-refused notice saying why. */
static int
refuse(struct wmsg *w, const char *why)
{
	vars_set(w->v, "slug", w->slug);
	store_event(
	    w->in->st, w->in->list.id, w->member, "wiki.refused", 0, why);
	return finish(w, why, "wiki-refused");
}

/* read_page - an empty message: the page, or close names. */
static int
read_page(struct wmsg *w)
{
	struct inbound *in = w->in;
	struct wiki_page p;
	struct buf close = BUF_INIT(1024);
	int rc;

	rc = store_wiki_page_get(in->st, in->list.id, w->slug, &p);
	if (rc == 0 && p.number == 0)
		rc = E_NOTFOUND;
	if (rc == 0)
		rc = send_page(in, p.id, w->from, w->member, "");
	wiki_page_release(&p);
	if (rc == 0)
		return finish(w, "wiki read", NULL);
	if (rc != E_NOTFOUND)
		return fail(in, rc);
	rc = wiki_close_names(in->st, in->list.id, w->slug, &close);
	if (rc != 0) {
		buf_release(&close);
		return fail(in, rc);
	}
	vars_set(w->v, "slug", w->slug);
	vars_set(w->v, "close", buf_cstr(&close));
	page_address(in, w->slug, w->v);
	buf_release(&close);
	return finish(w, "wiki read: no such page", "wiki-missing");
}

/* list_pages - LIST+wiki@ with nothing in it: the list of pages. */
static int
list_pages(struct wmsg *w)
{
	struct buf reply = BUF_INIT(MAX_SMALL_TEXT);
	struct wiki_cmd_out out;
	int rc;

	rc = wiki_command(
	    w->in->st, &w->in->list, w->member, "wiki list", &reply, &out);
	if (rc == 0) {
		vars_set(w->v, "answer", buf_cstr(&reply));
		vars_set(w->v, "slug", "");
	}
	buf_release(&reply);
	return rc != 0 ? fail(w->in, rc)
	               : finish(w, "wiki list", "wiki-answer");
}

/* base_of - the revision number the token of w names (0: none). */
static int
base_of(struct wmsg *w, long long page_id, int *base, const char **why)
{
	struct inbound *in = w->in;
	const struct token_keys *keys;
	struct wiki_rev r;
	struct token t;
	int rc;

	*base = 0;
	*why = NULL;
	if (w->token == NULL)
		return 0;
	rc = inbound_keys(in, &keys);
	if (rc != 0)
		return rc;
	rc = token_verify(keys, w->token, clock_now(), &t);
	if (rc == E_PARSE || (rc == 0 && t.kind != 'w')) {
		*why = "the reply address is not valid";
		return 0;
	}
	if (rc == E_PERM) {
		*why = "the reply address has expired; write to the page"
		       " address instead";
		return 0;
	}
	if (rc != 0)
		return rc;
	if ((long long)t.member != w->member) {
		*why = "the reply address belongs to someone else";
		return 0;
	}
	rc = store_wiki_rev_get(in->st, (long long)t.object, &r);
	if (rc == E_NOTFOUND || (rc == 0 && r.page_id != page_id))
		*why = "the reply address is for another page";
	else if (rc == 0)
		*base = r.number;
	wiki_rev_release(&r);
	return rc == E_NOTFOUND ? 0 : rc;
}

/* page_id_of - the id of w's page, 0 when it does not exist yet. */
static int
page_id_of(struct wmsg *w, long long *id)
{
	struct wiki_page p;
	int rc;

	*id = 0;
	rc = store_wiki_page_get(w->in->st, w->in->list.id, w->slug, &p);
	if (rc == 0)
		*id = p.id;
	wiki_page_release(&p);
	return rc == E_NOTFOUND ? 0 : rc;
}

/* edit - a member's contribution to w's page. */
static int
edit(struct wmsg *w)
{
	struct inbound *in = w->in;
	struct wiki_edit e;
	struct wiki_result r;
	struct buf why = BUF_INIT(256), status = BUF_INIT(256);
	const char *bad = NULL;
	long long page_id;
	int base = 0, rc;

	rc = page_id_of(w, &page_id);
	if (rc == 0)
		rc = base_of(w, page_id, &base, &bad);
	if (rc != 0)
		goto out;
	if (bad != NULL) {
		buf_release(&why);
		buf_release(&status);
		return refuse(w, bad);
	}
	e = (struct wiki_edit){in->list.id, w->slug, w->title, w->member,
	    w->from, w->mode, w->heading, w->text, base};
	rc = wiki_apply(in->st, &e, &r, &why);
	if (rc == E_LIMIT) {
		rc = refuse(w, buf_cstr(&why));
		buf_release(&why);
		buf_release(&status);
		return rc;
	}
	if (rc != 0)
		goto out;
	switch (r.outcome) {
	case WIKI_PENDING:
		rc = send_conflict(w, &r);
		break;
	case WIKI_UNCHANGED:
		rc = send_page(in, r.page_id, w->from, w->member,
		    "Your text is what the page already says: nothing"
		    " changed.");
		break;
	default:
		if (r.outcome == WIKI_MERGED)
			buf_addf(&status,
			    "Saved as revision %d. You edited revision %d; the"
			    " changes made since then (to other sections) are"
			    " kept.",
			    r.number, base);
		else
			buf_addf(&status, "Saved as revision %d.", r.number);
		rc = send_page(
		    in, r.page_id, w->from, w->member, buf_cstr(&status));
	}
out:
	buf_release(&why);
	buf_release(&status);
	if (rc != 0)
		return fail(in, rc);
	return finish(w,
	    r.outcome == WIKI_PENDING ? "wiki edit: conflict" : "wiki edit",
	    NULL);
}

/* confirm - LIST+wiki-confirm.TOKEN@: apply a pending revision. */
static int
confirm(struct wmsg *w)
{
	struct inbound *in = w->in;
	const struct token_keys *keys;
	struct wiki_rev r;
	struct wiki_page p;
	struct token t;
	struct buf status = BUF_INIT(128);
	const char *bad = NULL;
	int rc, number = 0;

	memset(&r, 0, sizeof r);
	memset(&p, 0, sizeof p);
	rc = inbound_keys(in, &keys);
	if (rc != 0)
		return fail(in, rc);
	rc = token_verify(keys, w->token, clock_now(), &t);
	if (rc == E_PARSE || (rc == 0 && t.kind != 'k'))
		bad = "the confirmation address is not valid";
	else if (rc == E_PERM)
		bad = "the confirmation address has expired";
	else if (rc != 0)
		return fail(in, rc);
	else if ((long long)t.member != w->member || w->member == 0)
		bad = "the confirmation address belongs to someone else";
	rc = 0; /* a bad token is refused below, never deferred */
	if (bad == NULL) {
		rc = store_wiki_rev_get(in->st, (long long)t.object, &r);
		if (rc == 0)
			rc = store_wiki_page_get_id(in->st, r.page_id, &p);
		if (rc == E_NOTFOUND || (rc == 0 && p.list_id != in->list.id))
			bad = "the confirmation address is not valid";
		else if (rc != 0)
			goto out;
		else if (strcmp(r.status, "pending") != 0)
			bad = "this edit was already applied";
		rc = 0;
	}
	if (bad == NULL) {
		memcpy(w->slug, p.slug, strlen(p.slug) + 1);
		rc = store_wiki_rev_confirm(in->st, r.id, &number);
		if (rc == 0)
			rc = store_event(in->st, in->list.id, w->member,
			    "wiki.confirm", r.id, p.slug);
		if (rc == 0)
			rc = store_wiki_watch(in->st, p.id, w->member, number);
		buf_addf(
		    &status, "Your edit is applied as revision %d.", number);
		if (rc == 0)
			rc = send_page(
			    in, p.id, w->from, w->member, buf_cstr(&status));
	}
out:
	wiki_rev_release(&r);
	wiki_page_release(&p);
	buf_release(&status);
	if (rc != 0)
		return fail(in, rc);
	if (bad != NULL)
		return refuse(w, bad);
	return finish(w, "wiki confirm", NULL);
}

int
wiki_handle(struct inbound *in)
{
	struct wmsg w;
	int rc;

	memset(&w, 0, sizeof w);
	w.in = in;
	w.v = vars_new();
	rc = parse(&w);
	if (rc != 0) {
		rc = fail(in, rc);
		goto out;
	}
	if (w.member == 0) {
		if (empty(w.text) || w.confirm)
			rc = finish(&w, "not a member", "notice-not-member");
		else
			rc = inbound_finish(
			    in, "held", "not a member", "notice-held", NULL);
		goto out;
	}
	if (w.bad != NULL) {
		rc = refuse(&w, w.bad);
		goto out;
	}
	if (w.confirm && w.token != NULL) {
		rc = confirm(&w);
		goto out;
	}
	if (empty(w.name) && empty(w.text)) {
		rc = list_pages(&w);
		goto out;
	}
	if (wikitext_slug(w.name, w.slug) != 0) {
		rc = refuse(&w,
		    empty(w.name)
		        ? "the page has no name: write to LIST+wiki-NAME@ or"
		          " put the title in the Subject"
		        : "the page name has no letters or digits");
		goto out;
	}
	if (empty(w.text) && strcmp(w.mode, "replace") == 0)
		rc = read_page(&w);
	else if (empty(w.text))
		rc = refuse(&w, "the message has no text to add");
	else
		rc = edit(&w);
out:
	wmsg_release(&w);
	return rc;
}

int
wiki_request(
    struct inbound *in, const char *line, struct buf *reply, bool *handled)
{
	struct wiki_cmd_out out;
	long long member = 0;
	char role[16];
	const char *from = inbound_from(in);
	int rc;

	rc = store_member_lookup(in->st, in->list.id, from, &member, role);
	if (rc == E_NOTFOUND)
		member = 0;
	else if (rc != 0)
		return rc;
	rc = wiki_command(in->st, &in->list, member, line, reply, &out);
	*handled = out.handled;
	if (rc == 0 && out.page_id != 0)
		rc = send_page(in, out.page_id, from, member, "");
	return rc;
}

int
wiki_capture(
    struct inbound *in, long long thread_id, const char *page, const char *text)
{
	struct wiki_edit e;
	struct wiki_result r;
	struct buf body = BUF_INIT(WIKI_MAX_OUTPUT), why = BUF_INIT(256);
	char slug[WIKI_MAX_SLUG + 1], role[16];
	long long member = 0;
	const char *from = inbound_from(in);
	int rc;

	if (wikitext_slug(page, slug) != 0)
		return 0; /* no usable name: the reply stays a plain post */
	rc = store_member_lookup(in->st, in->list.id, from, &member, role);
	if (rc == E_NOTFOUND)
		return 0; /* only members write the wiki */
	if (rc != 0)
		return rc;
	buf_adds(&body, text);
	buf_addf(&body, "\n\n(From the discussion \"%s\", thread %lld",
	    in->msg != NULL ? in->msg->subject : "", thread_id);
	if (conf_archive_url[0] != '\0')
		buf_addf(&body, ": %s", conf_archive_url);
	buf_adds(&body, ")\n");
	e = (struct wiki_edit){in->list.id, slug, page, member, from, "capture",
	    NULL, buf_cstr(&body), 0};
	rc = buf_error(&body);
	if (rc == 0)
		rc = wiki_apply(in->st, &e, &r, &why);
	if (rc == E_LIMIT) {
		log_warn("wiki capture list=%s refused=limit", in->list.name);
		rc = 0;
	}
	buf_release(&body);
	buf_release(&why);
	return rc;
}

/*
 * wiki_held_apply - a moderator approved a held wiki contribution (ext is
 * the address extension it was sent to, raw the stored message): apply it
 * to its page as a revision by its author (base: the current revision),
 * instead of posting it to the list.  Inside the moderator's transaction.
 */
int
wiki_held_apply(struct inbound *in, const char *ext, const char *raw,
    size_t raw_len, const char *author)
{
	struct inbound held = *in; /* shares st and list; never released */
	struct mime_limits lim;
	struct wmsg w;
	struct wiki_edit e;
	struct wiki_result r;
	struct buf why = BUF_INIT(256);
	int rc;

	memset(&w, 0, sizeof w);
	held.msg = NULL;
	held.ext = ext;
	held.sender = author;
	mime_limits_default(&lim);
	rc = mime_parse(raw, raw_len, &lim, &held.msg, &why);
	if (rc != 0)
		goto out;
	w.in = &held;
	w.v = vars_new();
	rc = parse(&w);
	if (rc == 0 && (wikitext_slug(w.name, w.slug) != 0 || empty(w.text))) {
		rc = store_event(in->st, in->list.id, 0, "wiki.unusable", 0,
		    w.name != NULL ? w.name : "");
		goto out;
	}
	e = (struct wiki_edit){in->list.id, w.slug, w.title, w.member, w.from,
	    w.mode, w.heading, w.text, 0};
	if (rc == 0)
		rc = wiki_apply(in->st, &e, &r, &why);
	if (rc == E_LIMIT)
		rc = store_event(
		    in->st, in->list.id, 0, "wiki.refused", 0, buf_cstr(&why));
	else if (rc == 0)
		rc = store_event(in->st, in->list.id, w.member, "wiki.approved",
		    r.rev_id, w.slug);
out:
	msg_free(held.msg);
	wmsg_release(&w);
	buf_release(&why);
	return rc == E_PARSE ? 0 : rc;
}

/*
 * moderate.c - moderation by reply (DESIGN §2, docs/moderation.md).
 *
 * When a post is held, held.c mails every active moderator and owner of
 * the list a copy with a Reply-To of their own LIST+m-TOKEN@ address.  A
 * reply to that address comes to moderate_handle(), which acts only when
 *	- the token is authentic, of kind 'm', for a message of this list;
 *	- the From address is the token's member's (without case);
 *	- that member is still an active moderator or owner;
 *	- the post is still held (the first moderator to act wins: the
 *	  decision is an UPDATE ... WHERE status = 'held' in this
 *	  transaction, so a used or late token changes nothing);
 *	- the token has not expired;
 * and the first line of the new (trimmed) text is a command: nothing or
 * "approve", "reject [reason]", "discard", "allow".  Anything else
 * changes nothing and the sender gets a notice saying why.
 *
 * Non-goals: commands at LIST+request@ (request.c), asking the moderators
 * (held.c), the effects of a decision (mailer/moderation.c, shared with
 * `stoa held`).  Calls, one way: digest-draft tokens go to digest_curate()
 * (curate.c), proposed quiz questions to propose_decide() (propose.c),
 * an approved wiki contribution to wiki_held_apply() (wiki.c).
 * Invariant: every path ends in inbound_finish() (the moderator's mail is
 * stored as dropped/"moderation") or rolls back and returns an error.
 */
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "clock.h"
#include "compose.h"
#include "conf.h"
#include "err.h"
#include "handlers.h"
#include "held.h"
#include "inbound_ctx.h"
#include "log.h"
#include "mailout.h"
#include "mime.h"
#include "moderation.h"
#include "store_mod.h"
#include "subject.h"
#include "wake.h"
#include "trim.h"
#include "xmalloc.h"

#define MOD_MAX_REASON 1000 /* bytes of a rejection reason */
#define MOD_MAX_WORD   40   /* bytes of an unknown command shown */

/* The commands, the action recorded and how it reads afterwards. */
static const struct mod_command {
	const char *word;
	const char *action;
	const char *done; /* "... has been DONE" */
} commands[] = {
    {"approve", "approve", "approved"},
    {"reject", "reject", "rejected"},
    {"discard", "discard", "discarded"},
    {"allow", "allow", "approved"},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

/* fail - roll back what the handler did and pass the error on. */
static int
fail(struct inbound *in, int rc)
{
	store_rollback(in->st);
	return rc == E_PARSE ? E_INTERNAL : rc;
}

/* The state of one moderator reply while it is checked and carried out. */
struct modreq {
	struct token tok;
	struct held_rec held;
	const struct mod_command *cmd;
	struct buf refuse; /* why nothing is done; empty = act */
	struct buf reason; /* the rejection reason */
	struct buf note;   /* for the moderator: what else happened */
	bool member_added;
	long long author_id;
};

static void
modreq_init(struct modreq *r)
{
	memset(r, 0, sizeof *r);
	buf_init(&r->refuse, 2048);
	buf_init(&r->reason, MOD_MAX_REASON + 8);
	buf_init(&r->note, 1024);
}

static void
modreq_release(struct modreq *r)
{
	held_rec_release(&r->held);
	buf_release(&r->refuse);
	buf_release(&r->reason);
	buf_release(&r->note);
}

/* done_phrase - how a decision reads: "approved", "rejected" ... */
static const char *
done_phrase(const char *action)
{
	size_t i;

	if (strcmp(action, "allow") == 0)
		return "approved and added the sender as a member";
	if (strcmp(action, "expire") == 0)
		return "expired";
	for (i = 0; i < N_COMMANDS; i++)
		if (strcmp(commands[i].action, action) == 0)
			return commands[i].done;
	return action;
}

/* handled - the post is no longer held: say who decided it and how. */
static int
handled(struct inbound *in, struct modreq *r)
{
	struct mod_decision d;
	int rc;

	rc = store_mod_decision(in->st, r->held.id, &d);
	if (rc == E_NOTFOUND) {
		buf_adds(&r->refuse,
		    "the post is no longer waiting for a "
		    "moderator");
		return 0;
	}
	if (rc != 0)
		return rc;
	if (d.member_id == 0 && strcmp(d.action, "expire") == 0)
		buf_addf(&r->refuse,
		    "the post expired on %s without a decision", d.at);
	else if (d.member_id == 0)
		buf_addf(&r->refuse,
		    "the post was already handled by the list's operator: %s "
		    "on %s",
		    done_phrase(d.action), d.at);
	else if (d.member_id == (long long)r->tok.member)
		buf_addf(&r->refuse,
		    "this moderation address was already used: you %s the "
		    "post on %s",
		    done_phrase(d.action), d.at);
	else
		buf_addf(&r->refuse,
		    "the post was already handled by %s%s<%s>: %s on %s",
		    d.name, d.name[0] != '\0' ? " " : "", d.email,
		    done_phrase(d.action), d.at);
	mod_decision_release(&d);
	return 0;
}

/*
 * check - the token, the sender, the moderator and the post; a reason in
 * r->refuse when any of them does not allow an action.
 */
static int
check(struct inbound *in, struct modreq *r)
{
	const struct token_keys *keys;
	char email[MAX_EMAIL + 1];
	const char *from = in->msg->from.email;
	bool expired, mod;
	int rc;

	rc = inbound_keys(in, &keys);
	if (rc != 0)
		return rc;
	rc = token_verify(keys, in->ext + 2, clock_now(), &r->tok);
	expired = rc == E_PERM;
	if ((rc != 0 && !expired) || r->tok.kind != 'm') {
		buf_adds(&r->refuse, "this moderation address is not valid");
		return 0;
	}
	rc = store_mod_held_get(in->st, (long long)r->tok.object, &r->held);
	if (rc == 0 && r->held.list_id != in->list.id)
		rc = E_NOTFOUND;
	if (rc == 0)
		rc =
		    store_member_email(in->st, (long long)r->tok.member, email);
	if (rc == E_NOTFOUND) {
		buf_adds(&r->refuse, "this moderation address is not valid");
		return 0;
	}
	if (rc != 0)
		return rc;
	if (from == NULL || !str_ieq(str_from(email), from)) {
		buf_addf(&r->refuse,
		    "this moderation address was made for another moderator, "
		    "not for %s",
		    from != NULL ? from : "a message without a From address");
		return 0;
	}
	rc = store_mod_is_moderator(
	    in->st, in->list.id, (long long)r->tok.member, &mod);
	if (rc != 0)
		return rc;
	if (!mod) {
		buf_addf(&r->refuse, "you are no longer a moderator of %s",
		    in->list.name);
		return 0;
	}
	if (strcmp(r->held.status, "held") != 0)
		return handled(in, r);
	if (expired)
		buf_adds(&r->refuse, "this moderation address has expired");
	return 0;
}

/* add_line - append the slice to b, cut at a UTF-8 boundary at b's cap. */
static void
add_capped(struct buf *b, const char *p, size_t n)
{
	size_t room = b->len < MOD_MAX_REASON ? MOD_MAX_REASON - b->len : 0;

	if (n > room) {
		n = room;
		while (n > 0 && ((unsigned char)p[n] & 0xC0) == 0x80)
			n--;
	}
	buf_add(b, p, n);
}

/*
 * command - the first line of the new text: nothing or a command word
 * and, for reject, a reason (the rest of the line and the lines after it
 * up to a blank one).  r->cmd NULL and r->refuse set when unknown.
 */
static int
command(struct inbound *in, struct modreq *r)
{
	struct trimmer *t = NULL;
	struct trim_result tr = {NULL, NULL, 0};
	const char *body = in->msg->text != NULL ? in->msg->text : "";
	const char *p, *eol, *w;
	size_t i, wn;
	int rc;

	rc = trimmer_new(&t, NULL);
	if (rc != 0)
		return E_INTERNAL;
	rc = trim_reply(t, body, strlen(body), 0, &tr);
	trimmer_free(t);
	if (rc == E_LIMIT) {
		buf_adds(&r->refuse,
		    "the reply is too long to read a command "
		    "from");
		rc = 0;
		goto out;
	}
	if (rc != 0)
		goto out;
	p = (tr.flags & TRIM_F_FALLBACK) ? "" : tr.text;
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	r->cmd = &commands[0]; /* an empty reply approves */
	if (*p == '\0')
		goto out;
	eol = strchr(p, '\n');
	if (eol == NULL)
		eol = p + strlen(p);
	for (w = p; w < eol && *w != ' ' && *w != '\t'; w++)
		;
	wn = (size_t)(w - p);
	while (wn > 0 && strchr(".!,:;", p[wn - 1]) != NULL)
		wn--; /* "Approve." */
	r->cmd = NULL;
	for (i = 0; i < N_COMMANDS; i++)
		if (str_ieq((struct str){p, wn}, commands[i].word))
			r->cmd = &commands[i];
	if (r->cmd == NULL) {
		buf_addf(&r->refuse,
		    "\"%.*s\" is not a moderation command (approve, reject "
		    "REASON, discard or allow)",
		    (int)(wn < MOD_MAX_WORD ? wn : MOD_MAX_WORD), p);
		goto out;
	}
	/* the reason: the rest of the line, then the paragraph under it */
	for (p = w; p < eol && (*p == ' ' || *p == '\t'); p++)
		;
	add_capped(&r->reason, p, (size_t)(eol - p));
	while (*eol == '\n' && eol[1] != '\n' && eol[1] != '\0') {
		p = eol + 1;
		eol = strchr(p, '\n');
		if (eol == NULL)
			eol = p + strlen(p);
		if (r->reason.len > 0)
			add_capped(&r->reason, "\n", 1);
		add_capped(&r->reason, p, (size_t)(eol - p));
	}
	if (buf_error(&r->reason) != 0)
		rc = E_NOMEM;
	if (strcmp(r->cmd->action, "reject") != 0)
		buf_reset(&r->reason); /* only a rejection has a reason */
out:
	trim_result_release(&tr);
	return rc;
}

/* wiki_approve - apply the held contribution sent to LIST+EXT@. */
static int
wiki_approve(void *arg, const struct held_rec *h, const char *ext)
{
	return wiki_held_apply(arg, ext, h->raw, h->raw_len, h->author);
}

/* act - carry out r->cmd on the held post (mailer/moderation.c). */
static int
act(struct inbound *in, struct modreq *r)
{
	const struct token_keys *keys;
	struct moderation m;
	int rc;

	rc = inbound_keys(in, &keys);
	if (rc != 0)
		return rc;
	memset(&m, 0, sizeof m);
	m = (struct moderation){in->st, &in->list, keys, &r->held,
	    (long long)r->tok.member, r->cmd->action, buf_cstr(&r->reason),
	    wiki_approve, in, false, 0, &r->note};
	rc = moderation_act(&m);
	CHECK(rc != E_DUP); /* checked as held in this transaction */
	r->member_added = m.member_added;
	r->author_id = m.author_id;
	return rc;
}

/* tell_moderator - what was done, to the moderator who did it. */
static int
tell_moderator(struct inbound *in, struct modreq *r)
{
	struct buf author = BUF_INIT(2048);
	struct vars *v = vars_new();
	int rc;

	held_author(&r->held, &author);
	vars_set(v, "post_subject", r->held.subject);
	vars_set(v, "author", buf_cstr(&author));
	vars_set(v, "action", r->cmd->done);
	vars_set_bool(v, "member_added", r->member_added);
	vars_set(v, "note", buf_cstr(&r->note));
	moderation_vars(&r->held, v);
	rc = inbound_notify(
	    in, "moderate-done", inbound_from(in), buf_cstr(&r->reason), v);
	vars_free(v);
	buf_release(&author);
	return rc;
}

/*
 * digest_token - m- addresses also carry digest-draft tokens (kind 'd'),
 * which go to digest_curate(), and proposed quiz questions' (kind 'o'),
 * which go to propose_decide(), and badge awards' (kind 'a'), which go to
 * badge_decide(); expired ones included so each can say so.
 * E_NOTFOUND for every other token.
 */
static int
digest_token(struct inbound *in)
{
	const struct token_keys *keys;
	struct token t;
	int rc;

	rc = inbound_keys(in, &keys);
	if (rc != 0)
		return rc;
	rc = token_verify(keys, in->ext + 2, clock_now(), &t);
	if ((rc == 0 || rc == E_PERM) && t.kind == 'd')
		return digest_curate(in, &t);
	if ((rc == 0 || rc == E_PERM) && t.kind == 'o')
		return propose_decide(in, &t); /* a proposed quiz question */
	if ((rc == 0 || rc == E_PERM) && t.kind == 'a')
		return badge_decide(in, &t); /* a moderator's badge award */
	return E_NOTFOUND;
}

int
moderate_handle(struct inbound *in)
{
	struct modreq r;
	struct vars *v;
	char q[LOG_Q_SIZE];
	int rc;

	rc = digest_token(in);
	if (rc != E_NOTFOUND)
		return rc; /* a digest draft's m- address: curation */
	modreq_init(&r);
	rc = check(in, &r);
	if (rc == 0 && r.refuse.len == 0)
		rc = command(in, &r);
	if (rc == 0 && r.refuse.len == 0) {
		rc = act(in, &r);
		if (rc == 0)
			rc = tell_moderator(in, &r);
	} else if (rc == 0) {
		log_info("moderate list=%s refused=%s", in->list.name,
		    log_q(q, buf_cstr(&r.refuse)));
		rc = store_event(in->st, in->list.id, 0, "moderate.refused",
		    r.held.id, buf_cstr(&r.refuse));
		v = vars_new();
		if (rc == 0)
			rc = inbound_notify(in, "moderate-refused",
			    inbound_from(in), buf_cstr(&r.refuse), v);
		vars_free(v);
	}
	modreq_release(&r);
	if (rc != 0)
		return fail(in, rc);
	return inbound_finish(in, "dropped", "moderation", NULL, NULL);
}

/* operator_open - the store, the held wiki contribution id and its list. */
static int
operator_open(struct inbound *in, long long id, struct held_rec *h)
{
	struct buf why = BUF_INIT(512);
	int rc;

	rc = store_open(conf_database, STORE_SYNC_FULL,
	    (int)conf_busy_timeout_ms, &in->st, &why);
	if (rc != 0)
		log_err("moderate error=store reason=%s", buf_cstr(&why));
	buf_release(&why);
	if (rc == 0)
		rc = store_mod_held_get(in->st, id, h);
	if (rc == 0 &&
	    (strcmp(h->status, "held") != 0 || h->flags == NULL ||
	        strstr(h->flags, "wiki:") == NULL))
		rc = E_PERM;
	if (rc == 0)
		rc = store_list_get_id(in->st, h->list_id, &in->list);
	return rc;
}

int
moderate_operator_wiki(long long id)
{
	struct inbound in;
	struct held_rec h;
	struct buf note = BUF_INIT(1024);
	const struct token_keys *keys;
	struct moderation m;
	int rc;

	memset(&h, 0, sizeof h);
	inbound_init(&in, "", 0, 0, "", "");
	rc = operator_open(&in, id, &h);
	if (rc == 0)
		rc = inbound_keys(&in, &keys);
	if (rc == 0)
		rc = store_begin(in.st);
	if (rc == 0) {
		m = (struct moderation){in.st, &in.list, keys, &h, 0, "approve",
		    "", wiki_approve, &in, false, 0, &note};
		rc = moderation_act(&m);
		if (rc == 0)
			rc = store_commit(in.st);
		else
			store_rollback(in.st);
	}
	if (rc == 0) {
		log_info(
		    "moderate held=%lld list=%s action=approve by=operator", id,
		    in.list.name);
		wake_touch();
	}
	held_rec_release(&h);
	inbound_release(&in);
	buf_release(&note);
	return rc;
}

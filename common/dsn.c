/*
 * dsn.c - bounce classification (dsn.h; docs/bounces.md).
 *
 * Two readers.  A message with a message/delivery-status part is read as
 * RFC 3464 says: the part is a series of header-like groups separated by
 * blank lines, the first about the message, each further one about one
 * recipient (Action, Status, Original-/Final-Recipient, Diagnostic-Code).
 * Everything else goes through heuristics in the style of Mailman's
 * "simple match" detectors: the sender and subject say whether it looks
 * like a bounce at all, phrases and status codes in the text say which
 * kind, and addresses in the explanatory text (before the returned copy
 * of our own message) are the failed recipients.
 *
 * Precedence: a delivery-status part wins; then an auto-reply marker on a
 * message that does not look like a bounce makes it an auto-reply; then
 * the text: a delay phrase without a failure is a delay warning, a
 * transient phrase or 4.x.x code is soft, a permanent one hard, and a
 * message that looks like a bounce but says nothing we know is hard
 * (failure notices are final unless they say otherwise).
 */
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bounds.h"
#include "buf.h"
#include "dsn.h"
#include "err.h"
#include "mime.h"
#include "xmalloc.h"

const char *
dsn_kind_name(enum dsn_kind k)
{
	switch (k) {
	case DSN_NONE:
		return "none";
	case DSN_AUTOREPLY:
		return "autoreply";
	case DSN_DELAYED:
		return "delayed";
	case DSN_SOFT:
		return "soft";
	case DSN_HARD:
		return "hard";
	}
	return "none";
}

void
dsn_result_release(struct dsn_result *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n_rcpt; i++)
		free(r->rcpt[i]);
	free(r->rcpt);
	memset(r, 0, sizeof *r);
}

/*
 * status_at - the RFC 3463 code "C.S.D" at p (C in 2, 4, 5; S and D one
 * to three digits) copied into out; its length, or 0 when there is none.
 */
static size_t
status_at(const char *p, const char *end, char out[DSN_MAX_STATUS])
{
	const char *q = p;
	int part, n;

	if (q >= end || (*q != '2' && *q != '4' && *q != '5'))
		return 0;
	q++;
	for (part = 0; part < 2; part++) {
		if (q >= end || *q != '.')
			return 0;
		q++;
		for (n = 0; q < end && n < 4 && isdigit((unsigned char)*q); n++)
			q++;
		if (n < 1 || n > 3)
			return 0;
	}
	if (q < end && (isalnum((unsigned char)*q) || *q == '.'))
		return 0;
	snprintf(out, DSN_MAX_STATUS, "%.*s", (int)(q - p), p);
	return (size_t)(q - p);
}

enum dsn_kind
dsn_status_kind(const char *status)
{
	char code[DSN_MAX_STATUS];
	size_t n;

	if (status == NULL)
		return DSN_NONE;
	n = status_at(status, status + strlen(status), code);
	if (n == 0)
		return DSN_NONE;
	if (strncmp(code + 1, ".2.2", 4) == 0 &&
	    !isdigit((unsigned char)code[5]))
		return DSN_SOFT; /* mailbox full */
	if (strncmp(code + 1, ".2.3", 4) == 0 &&
	    !isdigit((unsigned char)code[5]))
		return DSN_SOFT; /* message too big for the mailbox */
	if (code[0] == '5')
		return DSN_HARD;
	if (code[0] == '4')
		return DSN_SOFT;
	return DSN_NONE;
}

/* addr_char - a character of an address as the heuristics see it. */
static bool
addr_char(int c)
{
	return isalnum(c) || (c != 0 && strchr("._%+-=!#$&'*/?^`{|}~", c));
}

/*
 * clean_addr - the address in s[0..n) (angle brackets, quotes and
 * trailing dots stripped), lower-cased, or NULL when it is none.
 */
static char *
clean_addr(const char *s, size_t n)
{
	const char *b = s, *e = s + n, *at;
	char *r;

	while (b < e &&
	    (isspace((unsigned char)*b) || *b == '<' || *b == '"' ||
	        *b == '\''))
		b++;
	while (e > b &&
	    (isspace((unsigned char)e[-1]) || e[-1] == '>' || e[-1] == '"' ||
	        e[-1] == '\'' || e[-1] == '.' || e[-1] == ',' || e[-1] == ';' ||
	        e[-1] == ':' || e[-1] == ')'))
		e--;
	at = memchr(b, '@', (size_t)(e - b));
	if (at == NULL || at == b || e - at < 4 || (size_t)(e - b) > MAX_EMAIL)
		return NULL;
	if (memchr(at + 1, '.', (size_t)(e - at - 1)) == NULL ||
	    memchr(at + 1, '@', (size_t)(e - at - 1)) != NULL)
		return NULL;
	r = xstrndup(b, (size_t)(e - b));
	str_lower(r);
	return r;
}

/* rcpt_add_take - add a (owned) unless it is there already or full. */
static void
rcpt_add_take(struct dsn_result *r, char *a)
{
	size_t i;

	for (i = 0; a != NULL && i < r->n_rcpt; i++)
		if (strcmp(r->rcpt[i], a) == 0)
			break;
	if (a == NULL || i < r->n_rcpt || r->n_rcpt >= DSN_MAX_RCPT) {
		free(a);
		return;
	}
	r->rcpt = xreallocarray(r->rcpt, r->n_rcpt + 1, sizeof *r->rcpt);
	r->rcpt[r->n_rcpt++] = a;
}

/* set_diag - one line of reason: runs of white space become one space. */
static void
set_diag(struct dsn_result *r, const char *s, size_t n)
{
	size_t i, o = 0;

	for (i = 0; i < n && o < DSN_MAX_DIAG; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f || c == ' ') {
			if (o == 0 || r->diag[o - 1] == ' ')
				continue;
			c = ' ';
		}
		r->diag[o++] = (char)c;
	}
	while (o > 0 && r->diag[o - 1] == ' ')
		o--;
	/* never cut a UTF-8 sequence in two */
	while (o > 0 && !utf8_valid(r->diag, o))
		o--;
	r->diag[o] = '\0';
}

/* --- RFC 3464 --- */

/* One recipient group of a delivery-status part, as slices. */
struct rgroup {
	struct str action, status, orig, final, diag;
};

/* field - "Name: value" at line [p, e): set *v when the name matches. */
static void
field(struct rgroup *g, const char *p, const char *e)
{
	static const struct {
		const char *name;
		size_t off;
	} names[] = {
	    {"action", offsetof(struct rgroup, action)},
	    {"status", offsetof(struct rgroup, status)},
	    {"original-recipient", offsetof(struct rgroup, orig)},
	    {"final-recipient", offsetof(struct rgroup, final)},
	    {"diagnostic-code", offsetof(struct rgroup, diag)},
	};
	const char *colon = memchr(p, ':', (size_t)(e - p));
	size_t i, n;

	if (colon == NULL)
		return;
	n = (size_t)(colon - p);
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strlen(names[i].name) == n &&
		    strncasecmp(p, names[i].name, n) == 0) {
			struct str *v =
			    (struct str *)((char *)g + names[i].off);

			v->p = colon + 1;
			v->n = (size_t)(e - colon - 1);
			*v = str_trim(*v);
			return;
		}
	}
}

/* recipient - the address of "rfc822; user@example.org". */
static char *
recipient(struct str v)
{
	const char *semi;

	if (v.p == NULL)
		return NULL;
	semi = memchr(v.p, ';', v.n);
	if (semi != NULL)
		return clean_addr(semi + 1, (size_t)(v.p + v.n - semi - 1));
	return clean_addr(v.p, v.n);
}

/* group_kind - what one recipient group reports. */
static enum dsn_kind
group_kind(const struct rgroup *g, char status[DSN_MAX_STATUS])
{
	enum dsn_kind k;

	status[0] = '\0';
	if (g->status.p != NULL)
		status_at(g->status.p, g->status.p + g->status.n, status);
	k = dsn_status_kind(status);
	if (g->action.p != NULL) {
		struct str a = g->action;

		if (a.n >= 6 && strncasecmp(a.p, "failed", 6) == 0)
			return k == DSN_SOFT ? DSN_SOFT : DSN_HARD;
		if (a.n >= 7 && strncasecmp(a.p, "delayed", 7) == 0)
			return DSN_DELAYED;
		return DSN_NONE; /* delivered, relayed, expanded */
	}
	return k == DSN_SOFT && status[0] == '4' ? DSN_DELAYED : k;
}

/* The best recipient so far and the recipients of its kind. */
struct pick {
	enum dsn_kind kind;
	char status[DSN_MAX_STATUS];
	struct rgroup g;
	char *rcpt[DSN_MAX_RCPT];
	size_t n;
	bool success; /* a group said delivered, relayed or expanded */
};

static void
pick_release(struct pick *pk)
{
	size_t i;

	for (i = 0; i < pk->n; i++)
		free(pk->rcpt[i]);
	pk->n = 0;
}

/* group_done - fold one recipient group into the pick. */
static void
group_done(struct pick *pk, struct rgroup *g)
{
	char status[DSN_MAX_STATUS];
	enum dsn_kind k;
	char *a;

	if (g->orig.p == NULL && g->final.p == NULL)
		goto out; /* the per-message group */
	k = group_kind(g, status);
	if (k == DSN_NONE)
		pk->success = true;
	if (k == DSN_NONE || k < pk->kind)
		goto out;
	if (k > pk->kind) {
		pick_release(pk);
		pk->kind = k;
		memcpy(pk->status, status, sizeof status);
		pk->g = *g;
	}
	a = recipient(g->orig);
	if (a == NULL)
		a = recipient(g->final);
	if (a != NULL && pk->n < DSN_MAX_RCPT)
		pk->rcpt[pk->n++] = a;
	else
		free(a);
out:
	memset(g, 0, sizeof *g);
}

/*
 * read_status_part - the groups of one delivery-status body.  A field
 * runs on over continuation lines (starting with a space or tab).
 */
static void
read_status_part(struct pick *pk, const char *p, size_t n)
{
	const char *end = p + n, *e, *next;
	struct rgroup g;

	memset(&g, 0, sizeof g);
	while (p < end) {
		e = memchr(p, '\n', (size_t)(end - p));
		e = e == NULL ? end : e;
		next = e < end ? e + 1 : end;
		while (next < end && (*next == ' ' || *next == '\t')) {
			e = memchr(next, '\n', (size_t)(end - next));
			e = e == NULL ? end : e;
			next = e < end ? e + 1 : end;
		}
		while (e > p && (e[-1] == '\r' || e[-1] == ' '))
			e--;
		if (e == p)
			group_done(pk, &g);
		else
			field(&g, p, e);
		p = next;
	}
	group_done(pk, &g);
}

/*
 * rfc3464 - true when m has a delivery-status part that reports a
 * failure, a delay or only successes; fills r from it.  A part that
 * reports nothing readable leaves the message to the heuristics.
 */
static bool
rfc3464(const struct msg *m, struct dsn_result *r)
{
	struct pick pk;
	bool found = false;
	size_t i;

	memset(&pk, 0, sizeof pk);
	for (i = 0; i < m->n_att; i++) {
		const struct mime_attachment *a = &m->att[i];

		if (a->data == NULL ||
		    (strcmp(a->type, "message/delivery-status") != 0 &&
		        strcmp(a->type, "message/global-delivery-status") != 0))
			continue;
		found = true;
		read_status_part(&pk, a->data, a->size);
	}
	if (!found || (pk.kind == DSN_NONE && !pk.success))
		return false;
	r->rfc3464 = true;
	r->kind = pk.kind;
	memcpy(r->status, pk.status, sizeof r->status);
	if (pk.g.diag.p != NULL)
		set_diag(r, pk.g.diag.p, pk.g.diag.n);
	for (i = 0; i < pk.n; i++)
		rcpt_add_take(r, pk.rcpt[i]);
	pk.n = 0;
	return true;
}

/* --- heuristics --- */

/* any_of - does s (lower case) contain one of the needles? */
static const char *
any_of(const char *s, const char *const *needles)
{
	const char *hit;

	for (; *needles != NULL; needles++) {
		hit = strstr(s, *needles);
		if (hit != NULL)
			return hit;
	}
	return NULL;
}

static const char *const bounce_from[] = {"mailer-daemon", "postmaster",
    "mail delivery", "mail administrator", "mailadmin", "mail system",
    "mdaemon", "nobody@", NULL};

static const char *const bounce_subject[] = {"undeliver", "undelivered",
    "returned mail", "delivery fail", "delivery status", "failure notice",
    "non-deliver", "nondeliver", "delivery notification", "could not send",
    "not delivered", "delivery problem", "mail delivery", "delivery report",
    "message delayed", "delayed mail", "bounce", "rejected", "mail failure",
    "failed mail", "delivery error", "returned to sender", "error sending",
    "warning: message", "unzustellbar", "non remis", "no entregado", NULL};

static const char *const autoreply_subject[] = {"out of office",
    "out of the office", "auto reply", "autoreply", "auto-reply",
    "automatic reply", "automatische antwort", "vacation", "away from",
    "abwesen", "absence", "r\xc3\xa9ponse automatique", "auto:", NULL};

/* Delay warnings: the message has not failed yet. */
static const char *const delay_phrases[] = {"will continue trying",
    "will keep trying", "still trying", "has not yet been delivered",
    "has not been delivered yet", "not yet been delivered",
    "could not be delivered for", "could not send message for past",
    "will be retried", "will retry", "delivery attempts will continue",
    "this is a warning only", "this is only a warning", "no action is required",
    "message delayed", "delayed mail", "delivery is delayed",
    "has been delayed", "delivery delayed", "warning: could not send", NULL};

/* Transient failures: worth a soft score. */
static const char *const soft_phrases[] = {"mailbox full", "mailbox is full",
    "mail box full", "mailbox has exceeded", "quota exceeded", "over quota",
    "overquota", "exceeded storage", "exceeds the quota", "exceeded the quota",
    "disk quota", "insufficient system storage", "mailbox size limit",
    "temporarily unavailable", "temporary failure", "temporarily deferred",
    "try again later", "mailbox temporarily", NULL};

/* Permanent failures. */
static const char *const hard_phrases[] = {"user unknown", "unknown user",
    "no such user", "no such mailbox", "no such recipient", "unknown recipient",
    "recipient unknown", "recipient not found", "user not found",
    "unknown local part", "unknown local-part", "not a valid mailbox",
    "invalid mailbox", "invalid recipient", "invalid address",
    "address rejected", "mailbox unavailable", "mailbox not found",
    "mailbox does not exist", "does not exist", "doesn't exist", "no mailbox",
    "account has been disabled", "account is disabled", "account disabled",
    "account inactive", "account has expired", "unrouteable address",
    "unroutable address", "host unknown", "no such domain", "domain not found",
    "permanent error", "permanent fatal error", "fatal error", "permanently",
    "undeliverable", "could not be delivered", "couldn't be delivered",
    "delivery failed", "delivery has failed", "failed after",
    "retry timeout exceeded", "not listed in", "is not a known user",
    "no longer", "not our customer", "unknown address", "bad destination",
    "not found", "refused", "rejected", "did not reach", "could not deliver",
    "failure", NULL};

/* Lines after these (lower case) are the copy of our own message. */
static const char *const copy_markers[] = {"original message follows",
    "----- original message", "------ original message",
    "below this line is a copy", "this is a copy of the message",
    "unsent message below", "returned message follows",
    "----- returned message", "text of the original message",
    "header of the original message", "headers of the original message",
    "original message header", "message header follows", "your message reads",
    "----- message text follows", NULL};

/* Local parts that are never the failed recipient. */
static const char *const not_rcpt[] = {"mailer-daemon@", "postmaster@", "root@",
    "noreply@", "no-reply@", "abuse@", "mailer@", NULL};

/*
 * scan_text - the lower-case text the heuristics read: at most
 * DSN_MAX_SCAN bytes, ending before the copy of the original message
 * and before a header block (a line starting "Received:").
 */
static char *
scan_text(const char *text)
{
	size_t n = strnlen(text, DSN_MAX_SCAN), i = 0;
	char *s = xstrndup(text, n), *line;

	str_lower(s);
	while (i < n) {
		char *e = strchr(s + i, '\n');
		size_t len = e != NULL ? (size_t)(e - s - i) : n - i;
		char save = s[i + len];

		line = s + i;
		s[i + len] = '\0';
		if (any_of(line, copy_markers) != NULL ||
		    str_has_prefix(line, "received: ") ||
		    str_has_prefix(line, "return-path: ")) {
			s[i] = '\0';
			break;
		}
		s[i + len] = save;
		i += len + 1;
	}
	return s;
}

/* own_address - an address of the bounce's own headers. */
static bool
own_address(const struct msg *m, const char *a)
{
	size_t i;

	if (m->from.email != NULL && strcasecmp(m->from.email, a) == 0)
		return true;
	for (i = 0; i < m->n_to; i++)
		if (m->to[i].email != NULL &&
		    strcasecmp(m->to[i].email, a) == 0)
			return true;
	return false;
}

/* text_rcpts - addresses in the explanatory text s. */
static void
text_rcpts(const struct msg *m, const char *s, struct dsn_result *r)
{
	const char *p = s, *b, *e;
	char *a;

	while ((p = strchr(p, '@')) != NULL) {
		b = p;
		while (b > s && addr_char((unsigned char)b[-1]))
			b--;
		e = p + 1;
		while (*e != '\0' &&
		    (isalnum((unsigned char)*e) || *e == '.' || *e == '-'))
			e++;
		p = e;
		if (b > s && b[-1] == '@')
			continue;
		if (strncmp(b, "smtp=", 5) == 0 || strncmp(b, "smtp:", 5) == 0)
			b += 5; /* Exchange's "SMTP=user@host" */
		a = clean_addr(b, (size_t)(e - b));
		if (a == NULL || any_of(a, not_rcpt) == a ||
		    own_address(m, a) || strstr(a, "+b-") != NULL) {
			free(a);
			continue;
		}
		rcpt_add_take(r, a);
	}
}

/* text_status - the first enhanced status code in s, its kind. */
static enum dsn_kind
text_status(const char *s, struct dsn_result *r)
{
	const char *p, *end = s + strlen(s);
	char code[DSN_MAX_STATUS];

	for (p = s; p < end; p++) {
		if ((*p == '4' || *p == '5') &&
		    (p == s || !isalnum((unsigned char)p[-1])) &&
		    p[-1] != '.' && status_at(p, end, code) > 0) {
			memcpy(r->status, code, sizeof code);
			return dsn_status_kind(code);
		}
	}
	return DSN_NONE;
}

/* reply_code - a 3-digit SMTP reply 4yz/5yz as a word in s. */
static enum dsn_kind
reply_code(const char *s)
{
	const char *p;

	for (p = s; *p != '\0'; p++) {
		if ((*p != '4' && *p != '5') ||
		    (p > s && isalnum((unsigned char)p[-1])) ||
		    !isdigit((unsigned char)p[1]) ||
		    !isdigit((unsigned char)p[2]) || p[1] > '5' ||
		    (p[3] != ' ' && p[3] != '-'))
			continue;
		if (p[0] == '5' && p[1] == '5' && p[2] == '2')
			return DSN_SOFT; /* storage exceeded */
		return p[0] == '5' ? DSN_HARD : DSN_SOFT;
	}
	return DSN_NONE;
}

/* diag_line - the line around hit as the diagnostic (original case). */
static void
diag_line(
    const struct msg *m, const char *s, const char *hit, struct dsn_result *r)
{
	const char *b = hit, *e;
	size_t off;

	while (b > s && b[-1] != '\n')
		b--;
	e = strchr(hit, '\n');
	if (e == NULL)
		e = hit + strlen(hit);
	off = (size_t)(b - s);
	set_diag(r, m->text + off, (size_t)(e - b));
}

/* heuristic - classify a message that has no delivery-status part. */
static void
heuristic(const struct msg *m, struct dsn_result *r)
{
	char *subj = xstrdup(m->subject != NULL ? m->subject : "");
	char *from = xstrdup(m->from.email != NULL ? m->from.email : "");
	char *name = xstrdup(m->from.name != NULL ? m->from.name : "");
	char *s = scan_text(m->text != NULL ? m->text : "");
	const char *auto_hdr, *hit;
	enum dsn_kind code, reply;
	bool looks;

	str_lower(subj);
	str_lower(from);
	str_lower(name);
	looks = any_of(from, bounce_from) != NULL ||
	    any_of(name, bounce_from) != NULL ||
	    any_of(subj, bounce_subject) != NULL;
	auto_hdr = msg_header(m, "Auto-Submitted");
	if (!looks &&
	    ((auto_hdr != NULL &&
	         strncasecmp(auto_hdr, "auto-replied", 12) == 0) ||
	        msg_header(m, "X-Autoreply") != NULL ||
	        msg_header(m, "X-Autorespond") != NULL ||
	        any_of(subj, autoreply_subject) != NULL)) {
		r->kind = DSN_AUTOREPLY;
		goto out;
	}
	code = text_status(s, r);
	reply = reply_code(s);
	if (!looks &&
	    ((code == DSN_NONE && reply == DSN_NONE) ||
	        (any_of(s, hard_phrases) == NULL &&
	            any_of(s, soft_phrases) == NULL))) {
		r->status[0] = '\0'; /* phrases or numbers alone: no bounce */
		goto out;
	}
	hit = any_of(s, hard_phrases);
	if (code == DSN_HARD || (code == DSN_NONE && reply == DSN_HARD))
		r->kind = DSN_HARD;
	else if (code == DSN_SOFT || any_of(s, soft_phrases) != NULL) {
		r->kind = DSN_SOFT;
		hit = any_of(s, soft_phrases);
	} else if (any_of(s, delay_phrases) != NULL ||
	    any_of(subj, delay_phrases) != NULL) {
		r->kind = DSN_DELAYED;
		hit = any_of(s, delay_phrases);
	} else if (reply == DSN_SOFT)
		r->kind = DSN_SOFT;
	else
		r->kind = DSN_HARD;
	if (r->kind == DSN_HARD && code == DSN_NONE &&
	    (any_of(s, delay_phrases) != NULL ||
	        any_of(subj, delay_phrases) != NULL) &&
	    reply != DSN_HARD)
		r->kind = DSN_DELAYED;
	if (hit != NULL)
		diag_line(m, s, hit, r);
	text_rcpts(m, s, r);
out:
	free(subj);
	free(from);
	free(name);
	free(s);
}

int
dsn_classify(const struct msg *m, struct dsn_result *out)
{
	memset(out, 0, sizeof *out);
	if (m == NULL)
		return E_PARSE;
	if (rfc3464(m, out)) {
		if (out->kind == DSN_NONE)
			return 0; /* a success report */
		if (out->n_rcpt == 0 && m->text != NULL) {
			char *s = scan_text(m->text);

			text_rcpts(m, s, out);
			free(s);
		}
		return 0;
	}
	heuristic(m, out);
	return 0;
}

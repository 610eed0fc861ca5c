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
	case DSN_COMPLAINT:
		return "complaint";
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

/* word_start - can a code start at p (not inside a word or a number)? */
static bool
word_start(const char *s, const char *p)
{
	return p == s || (!isalnum((unsigned char)p[-1]) && p[-1] != '.');
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

/*
 * diag_status - the status code of a Diagnostic-Code when the Status
 * field has none or only a class (X.0.0): an enhanced code in it, else
 * its 4yz/5yz reply as X.0.0 (SendGrid writes "Diagnostic-Code: 550
 * 5.1.1 ..." and leaves Status empty).
 */
static void
diag_status(const struct rgroup *g, char status[DSN_MAX_STATUS])
{
	const char *p, *end;
	char code[DSN_MAX_STATUS];

	if (g->diag.p == NULL ||
	    (status[0] != '\0' && strcmp(status + 1, ".0.0") != 0))
		return;
	end = g->diag.p + g->diag.n;
	for (p = g->diag.p; p < end; p++) {
		if (word_start(g->diag.p, p) && status_at(p, end, code) > 0) {
			memcpy(status, code, sizeof code);
			return;
		}
	}
	for (p = g->diag.p; status[0] == '\0' && p + 3 < end; p++)
		if ((*p == '4' || *p == '5') &&
		    (p == g->diag.p || !isalnum((unsigned char)p[-1])) &&
		    isdigit((unsigned char)p[1]) &&
		    isdigit((unsigned char)p[2]) &&
		    (p[3] == ' ' || p[3] == '-'))
			snprintf(status, DSN_MAX_STATUS, "%c.0.0", *p);
}

/* Action values (RFC 3464 2.3.3, and what mailers write instead). */
enum action { ACT_NONE, ACT_FAILED, ACT_EXPIRED, ACT_DELAYED, ACT_SUCCESS };

static enum action
action_of(struct str a)
{
	static const struct {
		const char *word;
		enum action act;
	} words[] = {{"failed", ACT_FAILED}, {"failure", ACT_FAILED},
	    {"expired", ACT_EXPIRED}, {"delayed", ACT_DELAYED},
	    {"delivered", ACT_SUCCESS}, {"relayed", ACT_SUCCESS},
	    {"expanded", ACT_SUCCESS}};
	size_t i, n;

	for (i = 0; a.p != NULL && i < sizeof words / sizeof words[0]; i++) {
		n = strlen(words[i].word);
		if (a.n >= n && strncasecmp(a.p, words[i].word, n) == 0)
			return words[i].act;
	}
	return ACT_NONE; /* absent, or "error" (OpenSMTPD) and the like */
}

/*
 * group_kind - what one recipient group reports; *success when it says
 * delivered, relayed or expanded (or has only a 2.x.x status).  Failed
 * is hard unless the status is 4.x.x or X.2.2/X.2.3; expired (delivery
 * time ran out) is soft unless the status is 5.x.x; any other Action
 * lets the status decide, a 4.x.x without Action being a delay.
 */
static enum dsn_kind
group_kind(const struct rgroup *g, char status[DSN_MAX_STATUS], bool *success)
{
	enum action act = action_of(g->action);
	enum dsn_kind k;

	*success = false;
	status[0] = '\0';
	if (g->status.p != NULL)
		status_at(g->status.p, g->status.p + g->status.n, status);
	if (act != ACT_SUCCESS && act != ACT_DELAYED)
		diag_status(g, status);
	k = dsn_status_kind(status);
	switch (act) {
	case ACT_FAILED:
		return k == DSN_SOFT ? DSN_SOFT : DSN_HARD;
	case ACT_EXPIRED:
		return k == DSN_HARD ? DSN_HARD : DSN_SOFT;
	case ACT_DELAYED:
		return DSN_DELAYED;
	case ACT_SUCCESS:
		*success = true;
		return DSN_NONE;
	case ACT_NONE:
		break;
	}
	*success = status[0] == '2';
	return k == DSN_SOFT && status[0] == '4' && g->action.p == NULL
	    ? DSN_DELAYED
	    : k;
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
	bool success;
	char *a;

	if (g->orig.p == NULL && g->final.p == NULL)
		goto out; /* the per-message group */
	k = group_kind(g, status, &success);
	if (success)
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
 * pick_result - fill r from pk when it read a failure, a delay or only
 * successes; false (pk released) when it read nothing of use.
 */
static bool
pick_result(struct pick *pk, struct dsn_result *r)
{
	size_t i;

	if (pk->kind == DSN_NONE && !pk->success) {
		pick_release(pk);
		return false;
	}
	r->kind = pk->kind;
	memcpy(r->status, pk->status, sizeof r->status);
	if (pk->g.diag.p != NULL)
		set_diag(r, pk->g.diag.p, pk->g.diag.n);
	for (i = 0; i < pk->n; i++)
		rcpt_add_take(r, pk->rcpt[i]);
	pk->n = 0;
	return true;
}

/* is_type - is a an attachment of type t (with its data)? */
static bool
is_type(const struct mime_attachment *a, const char *t)
{
	return a->data != NULL && strcmp(a->type, t) == 0;
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
	size_t i;

	memset(&pk, 0, sizeof pk);
	for (i = 0; i < m->n_att; i++)
		if (is_type(&m->att[i], "message/delivery-status") ||
		    is_type(&m->att[i], "message/global-delivery-status"))
			read_status_part(&pk, m->att[i].data, m->att[i].size);
	r->rfc3464 = pick_result(&pk, r);
	return r->rfc3464;
}

/* --- reports that are not about delivery --- */

/* report_type - does the top-level Content-Type name report type t? */
static bool
report_type(const struct msg *m, const char *t)
{
	const char *ct = msg_header(m, "Content-Type");
	char *v;
	bool hit;

	if (ct == NULL)
		return false;
	v = xstrdup(ct);
	str_lower(v);
	hit = strstr(v, "multipart/report") != NULL && strstr(v, t) != NULL;
	free(v);
	return hit;
}

/*
 * part_value - the value of field name (with its colon) in a
 * header-like part, trimmed, into out; false when it is absent.
 */
static bool
part_value(
    const struct mime_attachment *a, const char *name, char *out, size_t cap)
{
	const char *p = a->data, *end = a->data + a->size, *e;
	size_t n = strlen(name);

	while (p < end) {
		e = memchr(p, '\n', (size_t)(end - p));
		e = e == NULL ? end : e;
		if ((size_t)(e - p) > n && strncasecmp(p, name, n) == 0) {
			struct str v = {p + n, (size_t)(e - p - n)};

			v = str_trim(v);
			while (v.n > 0 && v.p[v.n - 1] == '\r')
				v.n--;
			snprintf(out, cap, "%.*s", (int)v.n, v.p);
			return true;
		}
		p = e + 1;
	}
	return false;
}

/*
 * complaint - an ARF feedback report (RFC 5965): a recipient told their
 * provider our mail is unwanted.  Never a bounce; the Feedback-Type is
 * the diagnostic and Original-Rcpt-To the recipient.
 */
static bool
complaint(const struct msg *m, struct dsn_result *r)
{
	char v[DSN_MAX_DIAG + 1];
	size_t i;

	for (i = 0; i < m->n_att; i++) {
		const struct mime_attachment *a = &m->att[i];

		if (!is_type(a, "message/feedback-report"))
			continue;
		if (part_value(a, "Feedback-Type:", v, sizeof v))
			set_diag(r, v, strlen(v));
		if (part_value(a, "Original-Rcpt-To:", v, sizeof v))
			rcpt_add_take(r, clean_addr(v, strlen(v)));
		r->kind = DSN_COMPLAINT;
		return true;
	}
	if (!report_type(m, "feedback-report"))
		return false;
	r->kind = DSN_COMPLAINT; /* the part is missing or unreadable */
	return true;
}

/*
 * receipt - a read receipt or other disposition notification (RFC
 * 8098): never a bounce, unless its disposition is a refusal (Dovecot's
 * Sieve "reject" says "deleted"): that one is left to the heuristics.
 */
static bool
receipt(const struct msg *m)
{
	char v[DSN_MAX_DIAG + 1];
	size_t i;

	for (i = 0; i < m->n_att; i++) {
		if (!is_type(&m->att[i], "message/disposition-notification"))
			continue;
		if (!part_value(&m->att[i], "Disposition:", v, sizeof v))
			return true;
		str_lower(v);
		return strstr(v, "deleted") == NULL &&
		    strstr(v, "denied") == NULL && strstr(v, "failed") == NULL;
	}
	return false;
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

/*
 * Subjects of failure notices.  The Japanese ones: "undeliverable",
 * "delivery error" (two spellings), "send error", "returned mail",
 * "could not be delivered/sent", "delivery failure notice".
 */
static const char *const bounce_subject[] = {"undeliver", "undelivered",
    "returned mail", "delivery fail", "delivery status", "failure notice",
    "non-deliver", "nondeliver", "delivery notification", "could not send",
    "not delivered", "delivery problem", "mail delivery", "delivery report",
    "message delayed", "delayed mail", "bounce", "rejected", "mail failure",
    "failed mail", "delivery error", "returned to sender", "error sending",
    "warning: message", "unzustellbar", "non remis", "no entregado",
    "mail system error", "delivery delayed", "delivery warning",
    "\xe9\x85\x8d\xe4\xbf\xa1\xe4\xb8\x8d\xe8\x83\xbd",
    "\xe9\x85\x8d\xe9\x80\x81\xe3\x82\xa8\xe3\x83\xa9\xe3\x83\xbc",
    "\xe9\x85\x8d\xe4\xbf\xa1\xe3\x82\xa8\xe3\x83\xa9\xe3\x83\xbc",
    "\xe9\x80\x81\xe4\xbf\xa1\xe3\x82\xa8\xe3\x83\xa9\xe3\x83\xbc",
    "\xe8\xbf\x94\xe9\x80\x81",
    "\xe3\x81\xa7\xe3\x81\x8d\xe3\x81\xbe\xe3\x81\x9b\xe3\x82\x93\xe3\x81"
    "\xa7\xe3\x81\x97\xe3\x81\x9f",
    "\xe9\x85\x8d\xe9\x81\x94\xe4\xb8\x8d\xe8\x83\xbd", NULL};

/*
 * fml (a Japanese mailing-list manager) answering for an address that is
 * one of its lists: subjects and lines of its rejections and errors.
 */
static const char *const fml_subject[] = {"not member article from",
    "are not member", "reject mail", "fml system error message", "loop alert",
    "loop back warning", "security alert",
    "spam mail from a spammer is rejected", NULL};

static const char *const autoreply_subject[] = {"out of office",
    "out of the office", "auto reply", "autoreply", "auto-reply",
    "automatic reply", "automatische antwort", "vacation", "away from",
    "abwesen", "absence", "r\xc3\xa9ponse automatique", "auto:", NULL};

/*
 * Delay warnings: the message has not failed yet.  Japanese: "delivery
 * is delayed" (two forms), "not delivered yet", "will retry".
 */
static const char *const delay_phrases[] = {"will continue trying",
    "will keep trying", "still trying", "has not yet been delivered",
    "has not been delivered yet", "not yet been delivered",
    "hasn't been delivered yet", "could not be delivered for",
    "could not send message for past", "will be retried", "will retry",
    "delivery attempts will continue", "continue to try",
    "will continue to be attempted", "this is a warning only",
    "this is only a warning", "warning message only", "advisory-only",
    "no action is required", "message delayed", "delayed mail",
    "delivery is delayed", "has been delayed", "delivery delayed",
    "has been postponed", "warning: could not send", "action: delayed",
    "\xe9\x85\x8d\xe9\x80\x81\xe3\x81\x8c\xe9\x81\x85\xe5\xbb\xb6",
    "\xe9\x85\x8d\xe4\xbf\xa1\xe3\x81\x8c\xe9\x81\x85\xe5\xbb\xb6",
    "\xe3\x81\xbe\xe3\x81\xa0\xe9\x85\x8d\xe9\x80\x81\xe3\x81\x95\xe3\x82"
    "\x8c\xe3\x81\xa6\xe3\x81\x84\xe3\x81\xbe\xe3\x81\x9b\xe3\x82\x93",
    "\xe5\x86\x8d\xe9\x80\x81\xe3\x82\x92\xe8\xa9\xa6\xe3\x81\xbf", NULL};

/* A final verdict: beats the delay phrases a notice may also contain. */
static const char *const final_phrases[] = {"permanent", "gave up", "giving up",
    "not going to try again", "retry timeout exceeded", "failed permanently",
    "delivery has failed", "delivery failed", "action: failed", NULL};

/*
 * Success reports.  Only where no failure status or reply code is seen.
 */
static const char *const success_phrases[] = {"successfully delivered",
    "successful delivery", "delivered successfully",
    "delivery to these recipients or groups is complete",
    "delivery to the following recipients succeeded",
    "delivery to the following recipient succeeded",
    "relayed to non-dsn-aware mailer", "action: delivered", "action: relayed",
    "action: expanded", NULL};

static const char *const success_subject[] = {
    "delivered:", "relayed:", "return receipt", "successful mail delivery",
    "(success)", "(relay)", "delivery receipt", NULL};

/*
 * Transient failures: worth a soft score.  Japanese: "capacity",
 * "mailbox is full" (two forms), "temporarily".
 */
static const char *const soft_phrases[] = {"mailbox full", "mailbox is full",
    "mail box full", "mailbox has exceeded", "quota exceeded", "over quota",
    "overquota", "exceeded storage", "exceeds the quota", "exceeded the quota",
    "disk quota", "insufficient system storage", "mailbox size limit",
    "temporarily unavailable", "temporary failure", "temporarily deferred",
    "try again later", "mailbox temporarily", "exceeded the local limit",
    "loop alert", "loop back warning", "detected a loop",
    "duplicated message-id", "fml system error", "\xe5\xae\xb9\xe9\x87\x8f",
    "\xe3\x81\x84\xe3\x81\xa3\xe3\x81\xb1\xe3\x81\x84",
    "\xe6\xba\x80\xe6\x9d\xaf", "\xe4\xb8\x80\xe6\x99\x82\xe7\x9a\x84", NULL};

/*
 * Permanent failures.  Japanese: "does not exist", "address unknown",
 * "could not find", "sending failed", "could not send", "could not
 * deliver" (two forms), "refused".
 */
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
    "not a member of this mailing list", "are not member", "not member article",
    "reject mail", "reject spammers", "not able to be delivered", "failure",
    "\xe5\xad\x98\xe5\x9c\xa8\xe3\x81\x97\xe3\x81\xbe\xe3\x81\x9b\xe3\x82"
    "\x93",
    "\xe5\xae\x9b\xe5\x85\x88\xe4\xb8\x8d\xe6\x98\x8e",
    "\xe8\xa6\x8b\xe3\x81\xa4\xe3\x81\x8b\xe3\x82\x8a\xe3\x81\xbe\xe3\x81"
    "\x9b\xe3\x82\x93",
    "\xe9\x80\x81\xe4\xbf\xa1\xe3\x81\xab\xe5\xa4\xb1\xe6\x95\x97",
    "\xe9\x80\x81\xe4\xbf\xa1\xe3\x81\xa7\xe3\x81\x8d\xe3\x81\xbe\xe3\x81"
    "\x9b\xe3\x82\x93",
    "\xe9\x85\x8d\xe9\x80\x81\xe3\x81\xa7\xe3\x81\x8d\xe3\x81\xbe\xe3\x81"
    "\x9b\xe3\x82\x93",
    "\xe9\x85\x8d\xe4\xbf\xa1\xe3\x81\xa7\xe3\x81\x8d\xe3\x81\xbe\xe3\x81"
    "\x9b\xe3\x82\x93",
    "\xe6\x8b\x92\xe5\x90\xa6", NULL};

/*
 * Lines after these (lower case) are the copy of our own message.
 * Japanese: "original message".
 */
static const char *const copy_markers[] = {"original message follows",
    "----- original message", "------ original message",
    "-------original message", "-------original mail info",
    "original mail as follows", "below this line is a copy",
    "this is a copy of the message", "unsent message below",
    "returned message follows", "----- returned message",
    "text of the original message", "header of the original message",
    "headers of the original message", "original message header",
    "message header follows", "your message reads",
    "----- message text follows",
    "\xe5\x85\x83\xe3\x81\xae\xe3\x83\xa1\xe3\x83\x83\xe3\x82\xbb\xe3\x83"
    "\xbc\xe3\x82\xb8",
    NULL};

/* Local parts that are never the failed recipient. */
static const char *const not_rcpt[] = {"mailer-daemon@", "postmaster@", "root@",
    "noreply@", "no-reply@", "abuse@", "mailer@", NULL};

/* Ends of local parts of list robots (fml's -ctl, Mailman's -request). */
static const char *const robot_rcpt[] = {"-ctl@", "-admin@", "-request@", NULL};

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
		    any_of(a, robot_rcpt) != NULL || own_address(m, a) ||
		    strstr(a, "+b-") != NULL) {
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
		if ((*p == '4' || *p == '5') && word_start(s, p) &&
		    status_at(p, end, code) > 0) {
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

/* What the heuristics know about one message, lower case. */
struct clues {
	char *subj, *from, *name, *s; /* s: scan_text() */
	bool looks;                   /* From or Subject of a bounce */
	enum dsn_kind code, reply;    /* text_status(), reply_code() */
};

static void
clues_release(struct clues *c)
{
	free(c->subj);
	free(c->from);
	free(c->name);
	free(c->s);
}

/* lower_dup - a lower-case copy of s ("" for NULL). */
static char *
lower_dup(const char *s)
{
	char *r = xstrdup(s != NULL ? s : "");

	str_lower(r);
	return r;
}

/* fml - a rejection or error from an fml list (X-MLServer, -admin@). */
static bool
fml(const struct msg *m, const struct clues *c)
{
	return (msg_header(m, "X-MLServer") != NULL ||
	           strstr(c->from, "-admin@") != NULL) &&
	    any_of(c->subj, fml_subject) != NULL;
}

static void
clues_init(const struct msg *m, struct clues *c, struct dsn_result *r)
{
	c->subj = lower_dup(m->subject);
	c->from = lower_dup(m->from.email);
	c->name = lower_dup(m->from.name);
	c->s = scan_text(m->text != NULL ? m->text : "");
	c->looks = any_of(c->from, bounce_from) != NULL ||
	    any_of(c->name, bounce_from) != NULL ||
	    any_of(c->subj, bounce_subject) != NULL || fml(m, c);
	c->code = text_status(c->s, r);
	c->reply = reply_code(c->s);
}

/* autoreply - an auto-reply marker on a message that is no bounce. */
static bool
autoreply(const struct msg *m, const struct clues *c)
{
	const char *h = msg_header(m, "Auto-Submitted");

	return !c->looks &&
	    ((h != NULL && strncasecmp(h, "auto-replied", 12) == 0) ||
	        msg_header(m, "X-Autoreply") != NULL ||
	        msg_header(m, "X-Autorespond") != NULL ||
	        any_of(c->subj, autoreply_subject) != NULL);
}

/*
 * text_fields - delivery-status fields written into the text (mailers
 * that send no message/delivery-status part, or forward one inline):
 * read as a delivery-status part when a group has an Action or Status.
 */
static bool
text_fields(const struct msg *m, const struct clues *c, struct dsn_result *r)
{
	struct pick pk;

	if (strstr(c->s, "action:") == NULL && strstr(c->s, "status:") == NULL)
		return false;
	memset(&pk, 0, sizeof pk);
	read_status_part(&pk, m->text, strlen(c->s));
	return pick_result(&pk, r);
}

/* delayed - says it will retry, and gives no final verdict. */
static bool
delayed(const struct clues *c)
{
	return (any_of(c->s, delay_phrases) != NULL ||
	           any_of(c->subj, delay_phrases) != NULL) &&
	    any_of(c->s, final_phrases) == NULL;
}

/* succeeded - reports a delivery, and no failure code at all. */
static bool
succeeded(const struct clues *c)
{
	return (any_of(c->s, success_phrases) != NULL ||
	           any_of(c->subj, success_subject) != NULL) &&
	    c->code == DSN_NONE && c->reply == DSN_NONE &&
	    strstr(c->s, "fail") == NULL;
}

/*
 * text_kind - the kind the text says and the phrase that says it (*hit,
 * may stay NULL).  Order: a success, a delay, then the status code, the
 * transient phrases, the reply code; a bounce saying nothing we know is
 * hard.
 */
static enum dsn_kind
text_kind(const struct clues *c, const char **hit)
{
	*hit = any_of(c->s, hard_phrases);
	if (succeeded(c))
		return DSN_NONE;
	if (delayed(c)) {
		*hit = any_of(c->s, delay_phrases);
		return DSN_DELAYED;
	}
	if (c->code == DSN_HARD ||
	    (c->code == DSN_NONE && c->reply == DSN_HARD))
		return DSN_HARD;
	if (c->code == DSN_SOFT || any_of(c->s, soft_phrases) != NULL) {
		*hit = any_of(c->s, soft_phrases);
		return DSN_SOFT;
	}
	return c->reply == DSN_SOFT ? DSN_SOFT : DSN_HARD;
}

/* heuristic - classify a message that has no delivery-status part. */
static void
heuristic(const struct msg *m, struct dsn_result *r)
{
	struct clues c;
	const char *hit;

	clues_init(m, &c, r);
	if (autoreply(m, &c)) {
		r->kind = DSN_AUTOREPLY;
		r->status[0] = '\0';
	} else if (c.looks && text_fields(m, &c, r)) {
		r->rfc3464 = false; /* fields read from the text */
	} else if (!c.looks &&
	    ((c.code == DSN_NONE && c.reply == DSN_NONE) ||
	        (any_of(c.s, hard_phrases) == NULL &&
	            any_of(c.s, soft_phrases) == NULL))) {
		r->status[0] = '\0'; /* phrases or numbers alone: no bounce */
	} else {
		r->kind = text_kind(&c, &hit);
		if (r->kind == DSN_NONE)
			r->status[0] = '\0';
		if (hit != NULL)
			diag_line(m, c.s, hit, r);
		if (r->kind != DSN_NONE)
			text_rcpts(m, c.s, r);
	}
	clues_release(&c);
}

void
dsn_from_reply(
    int code, const char *reply, const char *rcpt, struct dsn_result *out)
{
	char *s = lower_dup(reply);

	memset(out, 0, sizeof *out);
	if (text_status(s, out) == DSN_NONE && code >= 400 && code <= 599)
		snprintf(out->status, sizeof out->status, "%d.%d.%d",
		    code / 100, code == 552 ? 2 : 0,
		    code == 552 ? 2 : 0); /* storage */
	out->kind = dsn_status_kind(out->status);
	set_diag(out, reply != NULL ? reply : "", reply ? strlen(reply) : 0);
	rcpt_add_take(
	    out, rcpt != NULL ? clean_addr(rcpt, strlen(rcpt)) : NULL);
	free(s);
}

int
dsn_classify(const struct msg *m, struct dsn_result *out)
{
	memset(out, 0, sizeof *out);
	if (m == NULL)
		return E_PARSE;
	if (complaint(m, out) || receipt(m))
		return 0;
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

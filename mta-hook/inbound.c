/*
 * inbound.c - the router: what happens to a message once its list is
 * known.  Over a limit or poisoned: quarantined.  Seen before: nothing.
 * Otherwise its address extension picks one row of routes[] and the
 * handler named there (handlers.h) takes it, after automatic mail
 * (auto-replies, bulk and list mail, bounces, loops) has been dropped.
 *
 * Dispatch runs one way: the router calls the handlers only through the
 * table and the shared helpers (inbound_ctx.h); no handler calls back.
 * Adding a kind of address is one row here and one handler file.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conf.h"
#include "err.h"
#include "handlers.h"
#include "inbound.h"
#include "log.h"
#include "mime.h"
#include "poison.h"
#include "subject.h"
#include "xmalloc.h"

/* How a row of routes[] matches and runs its handler. */
enum route_flag {
	ROUTE_EXACT = 1 << 0, /* the whole extension, else a prefix */
	ROUTE_TX = 1 << 1,    /* open the transaction first */
	ROUTE_EARLY = 1 << 2, /* before the automatic-mail filter */
	ROUTE_OOO = 1 << 3,   /* out-of-office replies are automatic */
};

/* One kind of address: its extension, its handler, how it is called. */
struct route {
	const char *ext;
	int (*handle)(struct inbound *in);
	unsigned flags;
};

/* The first row that matches wins. */
static const struct route routes[] = {
    {"", post_handle, ROUTE_EXACT},
    {"r-", post_handle, ROUTE_OOO},
    {"b-", bounce_handle, ROUTE_TX | ROUTE_EARLY},
    {"wiki", wiki_handle, ROUTE_EXACT | ROUTE_TX},
    {"wiki-", wiki_handle, ROUTE_TX},
    {"w-", wiki_handle, ROUTE_TX},
    {"k-", wiki_handle, ROUTE_TX},
    {"request", request_handle, ROUTE_EXACT | ROUTE_TX},
    {"owner", owner_handle, ROUTE_EXACT | ROUTE_TX | ROUTE_OOO},
    {"c-", request_confirm, ROUTE_TX},
    {"u-", request_unsubscribe, ROUTE_TX},
    {"m-", moderate_handle, ROUTE_TX},
    {"q-", quiz_handle, ROUTE_TX | ROUTE_OOO},
    {"quiz", quiz_propose, ROUTE_EXACT | ROUTE_TX | ROUTE_OOO},
    {"p-", prompt_handle, ROUTE_TX | ROUTE_OOO},
};

/* route_find - the row for extension ext (any case), or NULL. */
static const struct route *
route_find(const char *ext)
{
	size_t i, n;

	for (i = 0; i < sizeof routes / sizeof routes[0]; i++) {
		n = strlen(routes[i].ext);
		if (strncasecmp(ext, routes[i].ext, n) == 0 &&
		    (!(routes[i].flags & ROUTE_EXACT) || ext[n] == '\0'))
			return &routes[i];
	}
	return NULL;
}

/* route_run - the handler of r, inside a transaction when it asks. */
static int
route_run(struct inbound *in, const struct route *r)
{
	int rc;

	if (!(r->flags & ROUTE_TX))
		return r->handle(in);
	rc = store_begin(in->st);
	return rc != 0 ? rc : r->handle(in);
}

/* already_stored - a redelivery is a no-op; a conflicting one is logged. */
static int
already_stored(struct inbound *in, bool *done)
{
	struct buf key = BUF_INIT(1024);
	bool same = false;
	int rc;

	*done = false;
	inbound_dedup_key(in, &key);
	rc = store_msg_seen(in->st, buf_cstr(&key), in->raw_sha256, &same);
	if (rc == E_NOTFOUND) {
		buf_release(&key);
		return 0;
	}
	if (rc == 0) {
		*done = true;
		rc = store_begin(in->st);
		if (rc == 0 && !same)
			rc = store_event(in->st, in->list.id, 0,
			    "duplicate.conflict", 0, in->raw_sha256);
		if (rc == 0)
			rc = store_attempt_done(in->st, in->raw_sha256);
		if (rc == 0)
			rc = store_commit(in->st);
		if (rc != 0)
			store_rollback(in->st);
		if (!same)
			log_warn(
			    "ingest duplicate=conflict list=%s", in->list.name);
	}
	buf_release(&key);
	return rc;
}

/* first_word - the value up to the first ';', '(' or blank: "bulk; x". */
static struct str
first_word(const char *h)
{
	struct str v = str_trim(str_from(h));
	size_t n = strcspn(v.p, ";( \t\r\n");

	return (struct str){v.p, n < v.n ? n : v.n};
}

/*
 * header_is - header name is present with one of the values (any case,
 * first word only, so "Precedence: bulk; x" is bulk).
 */
static bool
header_is(const struct msg *m, const char *name, const char *const *values)
{
	const char *h = msg_header(m, name);

	if (h == NULL)
		return false;
	if (values == NULL)
		return true;
	for (; *values != NULL; values++)
		if (str_ieq(first_word(h), *values))
			return true;
	return false;
}

/* has_icase - needle occurs in h, ASCII letters compared without case. */
static bool
has_icase(const char *h, const char *needle)
{
	size_t n = strlen(needle);

	for (; *h != '\0'; h++)
		if (strncasecmp(h, needle, n) == 0)
			return true;
	return false;
}

/* Subjects of out-of-office replies, in the main languages (lower case). */
static const char *const ooo_subjects[] = {"out of office", "out of the office",
    "automatic reply", "automatic response", "auto reply", "auto-reply",
    "autoreply", "auto response", "abwesenheit", "automatische antwort",
    "réponse automatique", "absence du bureau", "respuesta automática",
    "fuera de la oficina", "risposta automatica", "fuori sede",
    "automatisch antwoord", "afwezig", "autosvar", "automatisk svar",
    "frånvaro", "automaattinen vastaus", "resposta automática", "ausente",
    "odpowiedź automatyczna", "automatyczna odpowiedź", "不在", "自動応答",
    "自动回复", NULL};

#define OOO_TAG_MAX 24 /* "Out of Office AutoReply:": phrase, words, ':' */

/*
 * ooo_tag - low (a lower-cased Subject) begins with one of the phrases and
 * a ':' follows within OOO_TAG_MAX bytes: "Out of Office: Re: Q",
 * "Automatic reply: Q", "Abwesenheitsnotiz: ...".
 */
static bool
ooo_tag(const char *low)
{
	const char *const *p;
	const char *colon;
	size_t n;

	low += strspn(low, " \t");
	colon = strchr(low, ':');
	for (p = ooo_subjects; *p != NULL && colon != NULL; p++) {
		n = strlen(*p);
		if (strncmp(low, *p, n) == 0 && colon >= low + n &&
		    colon - (low + n) <= OOO_TAG_MAX)
			return true;
	}
	return false;
}

/*
 * ooo_subject - an out-of-office Subject: anywhere in it when anywhere
 * (replies to r- addresses), else only as a leading tag (LIST@, where a
 * post may well talk about being out of the office).
 */
static bool
ooo_subject(const char *subject, bool anywhere)
{
	const char *const *p;
	char *low = xstrdup(subject);
	bool hit = false;

	str_lower(low);
	for (p = ooo_subjects; anywhere && *p != NULL && !hit; p++)
		hit = strstr(low, *p) != NULL;
	if (!hit)
		hit = ooo_tag(low);
	free(low);
	return hit;
}

/* auto_header - what the headers say about automatic mail, or NULL. */
static const char *
auto_header(const struct inbound *in)
{
	static const char *const bulk[] = {"bulk", "junk", "list", NULL};
	const struct msg *m = in->msg;
	const char *h;
	char loop[MAX_LIST_NAME + 300];

	h = msg_header(m, "Auto-Submitted");
	if (h != NULL && !str_ieq(str_trim(str_from(h)), "no"))
		return "auto-submitted";
	if (header_is(m, "Precedence", bulk))
		return "precedence";
	if (header_is(m, "X-Autoreply", NULL) ||
	    header_is(m, "X-Autorespond", NULL))
		return "auto-reply";
	snprintf(loop, sizeof loop, "%s@%s", in->list.name, conf_domain);
	h = msg_header(m, "X-Loop");
	if (h != NULL && has_icase(h, loop))
		return "loop";
	if (header_is(m, "List-Id", NULL) || header_is(m, "List-Post", NULL) ||
	    header_is(m, "List-Unsubscribe", NULL))
		return "list mail";
	h = msg_header(m, "Content-Type");
	if (h != NULL &&
	    str_ihas_prefix(str_trim(str_from(h)).p, "multipart/report"))
		return "bounce";
	return NULL;
}

/* daemon_addr - MAILER-DAEMON@ or postmaster@ (any case): a DSN's From. */
static bool
daemon_addr(const char *a)
{
	return a != NULL &&
	    (str_ihas_prefix(a, "mailer-daemon@") ||
	        str_ihas_prefix(a, "postmaster@"));
}

/*
 * is_automatic - mail that gets no post and no response: auto-replies,
 * bulk and list mail, bounces (also a DSN from postmaster@ with a normal
 * envelope sender), and our own mail looping back; out-of-office replies
 * by Subject (anywhere in it with ooo, else as a leading tag).
 */
static const char *
is_automatic(const struct inbound *in, bool ooo)
{
	const struct msg *m = in->msg;
	const char *kind = auto_header(in), *at;

	if (kind != NULL)
		return kind;
	if (*in->sender == '\0' || daemon_addr(in->sender) ||
	    daemon_addr(m->from.email))
		return "bounce";
	at = m->from.email != NULL ? strrchr(m->from.email, '@') : NULL;
	if (at != NULL && str_ieq(str_from(at + 1), conf_domain))
		return "from our own address";
	if (ooo_subject(m->subject, ooo))
		return "out of office";
	return NULL;
}

static void
limits(struct mime_limits *l)
{
	mime_limits_default(l);
	l->max_bytes = (size_t)conf_max_message_bytes;
	l->max_header_bytes = (size_t)conf_max_header_bytes;
	l->max_headers = (size_t)conf_max_headers;
	l->max_addresses = (size_t)conf_max_addresses;
	l->max_depth = (size_t)conf_max_mime_depth;
	l->max_parts = (size_t)conf_max_mime_parts;
	l->max_attachment_bytes = (size_t)conf_max_attachment_bytes;
}

/* quarantine - keep the raw message aside and tell the sender why. */
static int
quarantine(struct inbound *in, struct inbound_outcome *o, const char *reason)
{
	o->status = "quarantined";
	o->reason = reason;
	o->tmpl = in->poison ? NULL : "notice-limit";
	if (in->poison)
		log_err("ingest poison=quarantined list=%s sha256=%s",
		    in->list.name, in->raw_sha256);
	return inbound_record(in, o);
}

/* drop - store the message as dropped (reason), optional notice. */
static int
drop(struct inbound *in, struct inbound_outcome *o, const char *reason,
    const char *tmpl)
{
	o->status = "dropped";
	o->reason = reason;
	o->tmpl = tmpl;
	o->base_subject = subject_base(in->msg->subject);
	return inbound_record(in, o);
}

/* handle_parsed - a parsed message, not seen before. */
static int
handle_parsed(struct inbound *in, struct inbound_outcome *o)
{
	const struct route *r = route_find(in->ext);
	const char *auto_kind;
	bool done;
	int rc;

	rc = already_stored(in, &done);
	if (rc != 0 || done)
		return rc;
	if (r != NULL && (r->flags & ROUTE_EARLY))
		return route_run(in, r);
	auto_kind = is_automatic(in, r != NULL && (r->flags & ROUTE_OOO));
	if (auto_kind != NULL)
		return drop(in, o, auto_kind, NULL);
	if (r == NULL)
		return drop(in, o, "unknown address", "notice-unknown-address");
	return route_run(in, r);
}

int
inbound_handle(struct inbound *in)
{
	struct mime_limits lim;
	struct inbound_outcome o;
	struct buf why = BUF_INIT(512);
	int rc;

	inbound_outcome_init(&o);
	limits(&lim);
	if (in->poison)
		rc = quarantine(in, &o, "it failed to process several times");
	else if (in->total > in->len)
		rc = quarantine(in, &o, "the message is larger than allowed");
	else {
		rc = mime_parse(in->raw, in->len, &lim, &in->msg, &why);
		rc = poison_parsed(in, rc);
		if (rc == E_LIMIT || rc == E_PARSE) {
			in->msg = NULL;
			rc = quarantine(in, &o, buf_cstr(&why));
		} else if (rc == 0) {
			rc = inbound_canonical_ids(in);
			if (rc == 0)
				rc = handle_parsed(in, &o);
		}
	}
	inbound_outcome_release(&o);
	buf_release(&why);
	return rc;
}

/*
 * request.c - commands at LIST+request@ and the c-/u- token addresses
 * (DESIGN §2, docs/commands.md).
 *
 * A message to LIST+request@ is read as commands: the Subject (reply
 * prefixes and list tags removed), then the first lines of the body, one
 * command per line, skipping empty lines and stopping at a quote (">"),
 * a signature ("-- "), "end", or the first line that is not a command.
 * Words compare without case.  The sender gets ONE reply listing what was
 * done and what was not understood (with the help text when something was
 * not); when a command needs a confirmation, the confirmation request is
 * that reply.
 *
 * Double opt-in: subscribe and unsubscribe create a row in confirmations
 * and mail it with Reply-To LIST+c-TOKEN@, the token of kind 'c' naming
 * the row (object) and the member (0 for a newcomer), valid 7 days.  At
 * most one unused confirmation is mailed per address and list within 24
 * hours, so nobody can bomb a victim with requests; repeats are silent.
 * A reply to the c- address carries the request out once, and only when
 * it comes From the address the confirmation went to.
 *
 * One-click unsubscribe (RFC 8058 mailto): LIST+u-TOKEN@, the token of
 * kind 'u' with object = list id and member = member id, as issued by
 * the distribution code for List-Unsubscribe.  Immediate; the goodbye
 * goes to the member's own address whoever sent the message.
 *
 * Invariants: every handler runs inside the transaction the dispatcher
 * opened and ends with inbound_finish() (commit) or returns an error
 * after rolling back; mail is only queued (outbox), never sent here.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "clock.h"
#include "compose.h"
#include "conf.h"
#include "err.h"
#include "handlers.h"
#include "inbound_ctx.h"
#include "intromail.h"
#include "store_digest.h"
#include "log.h"
#include "mailout.h"
#include "mime.h"
#include "store_sub.h"
#include "subject.h"
#include "xmalloc.h"

#define CONFIRM_TTL    (7LL * 86400) /* a confirmation is valid this long */
#define CONFIRM_WINDOW 86400LL       /* one confirmation mail per address */
#define MAX_COMMANDS   20            /* commands read from one message */
#define MAX_WORDS      5    /* words in one command line: wiki diff PAGE N M */
#define MAX_SHOWN      200  /* bytes of a line quoted back */
#define MAX_WHO        5000 /* members listed in one reply */

/* One message's worth of commands and their reply. */
struct req {
	struct inbound *in;
	char from[MAX_EMAIL + 1]; /* the sender, normalised; "" if unusable */
	bool have_sub;            /* the sender's membership, if any */
	struct sub_rec sub;
	struct vars *v; /* reply variables */
	int n_loud;     /* results that deserve a reply */
	int n_unknown;
	int n_commands;
	bool stop;                /* "end" or too many commands */
	long long confirm_id;     /* a confirmation to mail, or 0 */
	const char *confirm_tmpl; /* its template */
	const char *confirm_delivery;
	bool show_help;
	bool has_who;
	bool changed;        /* a delivery setting changed: always announced */
	long long n_members; /* listed for "who" */
	struct buf seen; /* normalised command lines so far, "\n" after each */
};

/* A command line split into lower-case words. */
struct cmdline {
	char *line;  /* the normalised line: words joined by one space */
	char *words; /* the same words, each NUL-terminated */
	const char *word[MAX_WORDS];
	size_t n;
};

struct command {
	const char *name;
	size_t max_args;
	bool members_only;
	int (*fn)(struct req *r, const struct cmdline *c);
};

/* shown - a copy of s cut to MAX_SHOWN bytes on a UTF-8 boundary. */
static char *
shown(const char *s, size_t n)
{
	if (n > MAX_SHOWN) {
		n = MAX_SHOWN;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	return str_dup((struct str){s, n});
}

static void add_result(struct req *r, const char *command, bool quiet,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* add_result - one line of the reply: what a command did. */
static void
add_result(struct req *r, const char *command, bool quiet, const char *fmt, ...)
{
	struct vars *it = vars_add_item(r->v, "results");
	struct buf text = BUF_INIT(MAX_SMALL_TEXT);
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&text, fmt, ap);
	va_end(ap);
	vars_set(it, "command", command);
	vars_set(it, "text", buf_cstr(&text));
	buf_release(&text);
	if (!quiet)
		r->n_loud++;
}

/* add_unknown - a line that was not understood, and why. */
static void
add_unknown(struct req *r, const char *line, size_t n, const char *why)
{
	struct vars *it = vars_add_item(r->v, "unknown");
	char *s = shown(line, n);

	vars_set(it, "line", s);
	vars_set(it, "why", why);
	free(s);
	r->n_unknown++;
	r->show_help = true;
}

/* is_owner - the sender is an active owner of the list. */
static bool
is_owner(const struct req *r)
{
	return r->have_sub && strcmp(r->sub.role, "owner") == 0 &&
	    strcmp(r->sub.status, "active") == 0;
}

/* ours - an address at our own domain (never subscribed or mailed). */
static bool
ours(const char *addr)
{
	const char *at = strrchr(addr, '@');

	return at != NULL && str_ieq(str_from(at + 1), conf_domain);
}

/*
 * want_confirmation - create confirmation `action` for the sender unless
 * one is pending from the last 24 hours (then a quiet result), or the
 * sender has had all the automatic mail allowed today.
 */
static int
want_confirmation(struct req *r, const char *action, const char *delivery)
{
	char since[21], expires[21];
	long long id = 0;
	int rc, n = 0;

	if (r->confirm_id != 0) {
		add_result(r, action, false,
		    "this message already asks for a confirmation; send"
		    " \"%s\" again once you have replied to it.",
		    action);
		return 0;
	}
	if (ours(r->from) || !compose_addr_valid(r->from)) {
		add_result(r, action, false,
		    "we cannot send a confirmation to %s.",
		    r->from[0] != '\0' ? r->from : "your address");
		return 0;
	}
	time_format_iso(clock_now() - CONFIRM_WINDOW, since);
	rc = store_confirm_recent(
	    r->in->st, r->in->list.id, r->from, since, &id);
	if (rc == 0) {
		add_result(r, action, true,
		    "a confirmation request was already sent to %s in the"
		    " last 24 hours; please reply to that message.",
		    r->from);
		return 0;
	}
	if (rc != E_NOTFOUND)
		return rc;
	rc = store_notice_count(r->in->st, r->from, since, &n);
	if (rc != 0)
		return rc;
	if (n >= conf_notices_per_day) {
		add_result(r, action, true,
		    "no confirmation was sent: %s had all the automatic mail"
		    " we send in a day. Please try again tomorrow.",
		    r->from);
		return 0;
	}
	time_format_iso(clock_now() + CONFIRM_TTL, expires);
	rc = store_confirm_add(
	    r->in->st, r->in->list.id, r->from, action, delivery, expires, &id);
	if (rc == 0)
		rc = store_event(r->in->st, r->in->list.id,
		    r->have_sub ? r->sub.member_id : 0,
		    strcmp(action, "subscribe") == 0 ? "subscribe.request"
		                                     : "unsubscribe.request",
		    id, r->from);
	if (rc != 0)
		return rc;
	r->confirm_id = id;
	r->confirm_tmpl = strcmp(action, "subscribe") == 0
	    ? "confirm-subscribe"
	    : "confirm-unsubscribe";
	r->confirm_delivery = delivery;
	add_result(r, action, false,
	    "needs your confirmation: reply to this message (see above).");
	return 0;
}

static int member_cmd(struct req *r, const struct cmdline *c,
    int (*fn)(struct inbound *, long long, const char *, struct buf *, bool *),
    const char *hint);

/* cmd_connect - "intro", "help off|on" (connect.c). */
static int
cmd_connect(struct req *r, const struct cmdline *c)
{
	return member_cmd(r, c, connect_request,
	    "use \"intro\", \"help off\" or \"help on\"");
}

static int
cmd_help(struct req *r, const struct cmdline *c)
{
	if (c->n == 2 && !r->have_sub) {
		add_result(r, c->line, false,
		    "%s is not a member of %s, so there is nothing to change.",
		    r->from[0] != '\0' ? r->from : "your address",
		    r->in->list.name);
		return 0;
	}
	if (c->n == 2)
		return cmd_connect(r, c);
	r->show_help = true;
	add_result(r, "help", false, "the help text is below.");
	return 0;
}

static int
cmd_subscribe(struct req *r, const struct cmdline *c)
{
	const char *delivery = "each";

	if (c->n == 2 && strcmp(c->word[1], "digest") == 0)
		delivery = "digest";
	else if (c->n == 2 && strcmp(c->word[1], "each") != 0) {
		add_unknown(r, c->line, strlen(c->line),
		    "subscribe takes \"each\" or \"digest\", or nothing");
		return 0;
	}
	if (r->have_sub && strcmp(r->sub.status, "active") == 0) {
		add_result(r, "subscribe", false,
		    "%s is already a member, getting %s. To change that,"
		    " send \"each\", \"digest\" or \"nomail\".",
		    r->from, intromail_delivery(r->sub.delivery));
		return 0;
	}
	return want_confirmation(r, "subscribe", delivery);
}

static int
cmd_unsubscribe(struct req *r, const struct cmdline *c)
{
	(void)c;
	return want_confirmation(r, "unsubscribe", r->sub.delivery);
}

/* delivery_want - the delivery a command asks for; NULL if it is bad. */
static const char *
delivery_want(const struct cmdline *c)
{
	if (strcmp(c->word[0], "nomail") == 0)
		return "none";
	if (strcmp(c->word[0], "each") == 0)
		return "each";
	if (c->n == 1 || strcmp(c->word[1], "on") == 0)
		return "digest";
	if (strcmp(c->word[1], "off") == 0)
		return "each";
	return NULL;
}

/*
 * cmd_delivery - each, digest [on|off], nomail.  "digest off" also ends
 * the weekly digest and "digest [on]" brings it back: a change of that
 * flag alone is a change too.
 */
static int
cmd_delivery(struct req *r, const struct cmdline *c)
{
	const char *want = delivery_want(c);
	bool off, flag = false;
	int rc;

	if (want == NULL) {
		add_unknown(r, c->line, strlen(c->line),
		    "digest takes \"on\" or \"off\", or nothing");
		return 0;
	}
	off = c->n > 1 && strcmp(c->word[1], "off") == 0;
	if (strcmp(c->word[0], "digest") == 0) {
		rc = store_digest_optout(
		    r->in->st, r->in->list.id, r->sub.member_id, off, &flag);
		if (rc != 0)
			return rc;
	}
	if (strcmp(r->sub.delivery, want) == 0 && !flag) {
		add_result(r, c->line, false,
		    "nothing to change: you already get %s%s.",
		    intromail_delivery(want),
		    off ? " and no weekly digest" : "");
		return 0;
	}
	rc = 0;
	if (strcmp(r->sub.delivery, want) != 0)
		rc = store_sub_delivery(
		    r->in->st, r->in->list.id, r->sub.member_id, want);
	if (rc == 0)
		rc = store_event(r->in->st, r->in->list.id, r->sub.member_id,
		    "delivery.set", 0, want);
	if (rc != 0)
		return rc == E_NOTFOUND ? E_INTERNAL : rc;
	snprintf(r->sub.delivery, sizeof r->sub.delivery, "%s", want);
	r->changed = true;
	add_result(r, c->line, false, "done: from now on you get %s%s.",
	    intromail_delivery(want), off ? " and no weekly digest" : "");
	return 0;
}

/* who_item - one member into the reply's list. */
static int
who_item(void *arg, const struct sub_member *m)
{
	struct req *r = arg;
	struct vars *it;

	if (++r->n_members > MAX_WHO)
		return 0; /* counted, not listed: the reply stays small */
	it = vars_add_item(r->v, "members");
	vars_set(it, "email", m->email);
	vars_set(it, "name", m->name);
	vars_set(it, "role", m->role);
	vars_set(it, "delivery", m->delivery);
	vars_set_bool(it, "suspended", strcmp(m->status, "disabled") == 0);
	return 0;
}

static int
cmd_who(struct req *r, const struct cmdline *c)
{
	int rc;

	(void)c;
	if (!is_owner(r)) {
		add_result(r, "who", false,
		    "the member list is only for the owners of the list.");
		return 0;
	}
	if (r->has_who)
		return 0;
	rc = store_sub_members(r->in->st, r->in->list.id, who_item, r);
	if (rc != 0)
		return rc;
	r->has_who = true;
	vars_setf(r->v, "member_count", "%lld", r->n_members);
	if (r->n_members > MAX_WHO)
		vars_setf(r->v, "more_members", "%lld", r->n_members - MAX_WHO);
	rc = store_event(
	    r->in->st, r->in->list.id, r->sub.member_id, "who", 0, "");
	add_result(r, "who", false, "the member list is below.");
	return rc;
}

static int
cmd_end(struct req *r, const struct cmdline *c)
{
	(void)c;
	r->stop = true;
	return 0;
}

/* cmd_wiki - "wiki get|list|history|diff|watch|unwatch ..." (wiki.c). */
static int
cmd_wiki(struct req *r, const struct cmdline *c)
{
	struct buf reply = BUF_INIT(MAX_SMALL_TEXT);
	bool handled = false;
	int rc;

	rc = wiki_request(r->in, c->line, &reply, &handled);
	if (rc == 0 && handled)
		add_result(r, c->line, false, "%s", buf_cstr(&reply));
	else if (rc == 0)
		add_unknown(r, c->line, strlen(c->line),
		    "wiki takes get, list, history, diff, watch or unwatch");
	buf_release(&reply);
	return rc;
}

/*
 * member_cmd - a handler's command line at LIST+request@ (fn:
 * quiz_request, mentor_request); hint for a line it does not know.
 */
static int
member_cmd(struct req *r, const struct cmdline *c,
    int (*fn)(struct inbound *, long long, const char *, struct buf *, bool *),
    const char *hint)
{
	struct buf reply = BUF_INIT(MAX_SMALL_TEXT);
	bool handled = false;
	int rc;

	rc = fn(r->in, r->sub.member_id, c->line, &reply, &handled);
	if (rc == 0 && handled)
		add_result(r, c->line, false, "%s", buf_cstr(&reply));
	else if (rc == 0)
		add_unknown(r, c->line, strlen(c->line), hint);
	buf_release(&reply);
	return rc;
}

/* cmd_quiz - "quiz on|off", "pause 2w|10d|off", "stats" (quiz.c). */
static int
cmd_quiz(struct req *r, const struct cmdline *c)
{
	return member_cmd(r, c, quiz_request,
	    "use \"quiz on\", \"quiz off\", \"pause 2w\" (or 10d) or"
	    " \"stats\"");
}

/* cmd_mentor - "mentor pause|resume" (prompt.c). */
static int
cmd_mentor(struct req *r, const struct cmdline *c)
{
	return member_cmd(
	    r, c, mentor_request, "use \"mentor pause\" or \"mentor resume\"");
}

/* cmd_badge - "leaderboard off|on", "award ADDRESS BADGE" (badge.c). */
static int
cmd_badge(struct req *r, const struct cmdline *c)
{
	return member_cmd(r, c, badge_request,
	    "use \"leaderboard off\", \"leaderboard on\" or (moderators)"
	    " \"award ADDRESS BADGE\"");
}

static const struct command commands[] = {
    {"help", 1, false, cmd_help},
    {"wiki", 4, true, cmd_wiki},
    {"subscribe", 1, false, cmd_subscribe},
    {"unsubscribe", 0, true, cmd_unsubscribe},
    {"each", 0, true, cmd_delivery},
    {"digest", 1, true, cmd_delivery},
    {"nomail", 0, true, cmd_delivery},
    {"who", 0, false, cmd_who},
    {"quiz", 1, true, cmd_quiz},
    {"pause", 1, true, cmd_quiz},
    {"stats", 0, true, cmd_quiz},
    {"mentor", 1, true, cmd_mentor},
    {"intro", 0, true, cmd_connect},
    {"leaderboard", 1, true, cmd_badge},
    {"award", 2, true, cmd_badge},
    {"end", 0, false, cmd_end},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

/*
 * split - line p[0..n) into lower-case words in c (which the caller
 * releases with free(c->line)); false when there are too many.
 */
static bool
split(const char *p, size_t n, struct cmdline *c)
{
	char *l, *w;
	size_t i = 0;

	memset(c, 0, sizeof *c);
	c->line = xmalloc(2 * n + 2);
	c->words = c->line + n + 1;
	l = c->line;
	w = c->words;
	while (i < n) {
		while (i < n && (p[i] == ' ' || p[i] == '\t'))
			i++;
		if (i == n)
			break;
		if (c->n == MAX_WORDS)
			return false;
		if (c->n > 0)
			*l++ = ' ';
		c->word[c->n++] = w;
		while (i < n && p[i] != ' ' && p[i] != '\t') {
			*l++ = p[i];
			*w++ = p[i++];
		}
		*w++ = '\0';
	}
	*l = '\0';
	str_lower(c->line);
	for (i = 0; i < c->n; i++)
		str_lower((char *)c->word[i]);
	return true;
}

/*
 * find - the command named by line p[0..n), or NULL (also for lines
 * longer than MAX_SHOWN).  c gets the words; the caller frees c->line.
 */
static const struct command *
find(const char *p, size_t n, struct cmdline *c)
{
	size_t i;

	if (n > MAX_SHOWN) {
		memset(c, 0, sizeof *c);
		return NULL;
	}
	if (!split(p, n, c) || c->n == 0)
		return NULL;
	for (i = 0; i < NCOMMANDS; i++)
		if (strcmp(c->word[0], commands[i].name) == 0)
			return &commands[i];
	return NULL;
}

/*
 * run - carry out the command line p[0..n) if it is one: 0 with *was set,
 * or an error.  A repeated line in the same message is skipped.
 */
static int
run(struct req *r, const char *p, size_t n, bool *was)
{
	const struct command *cmd;
	struct cmdline c;
	struct buf key = BUF_INIT(MAX_SHOWN + 3);
	int rc = 0;

	cmd = find(p, n, &c);
	*was = cmd != NULL;
	if (cmd == NULL)
		goto out;
	buf_addf(&key, "\n%s\n", c.line);
	if (buf_error(&key) == 0 &&
	    strstr(buf_cstr(&r->seen), buf_cstr(&key)) != NULL)
		goto out; /* the same command twice: once is enough */
	buf_addf(&r->seen, "%s\n", c.line);
	r->n_commands++;
	if (c.n - 1 > cmd->max_args) {
		add_unknown(r, c.line, strlen(c.line),
		    "unexpected words after the command");
		goto out;
	}
	if (cmd->members_only && !r->have_sub) {
		add_result(r, cmd->name, false,
		    "%s is not a member of %s, so there is nothing to change.",
		    r->from[0] != '\0' ? r->from : "your address",
		    r->in->list.name);
		goto out;
	}
	rc = cmd->fn(r, &c);
	if (r->n_commands >= MAX_COMMANDS && !r->stop) {
		r->stop = true;
		add_unknown(r, "(more)", 6,
		    "too many commands in one message; the rest was not read");
	}
out:
	free(c.line);
	buf_release(&key);
	return rc;
}

/* body - the commands on the first lines of the body. */
static int
body(struct req *r, const char *text)
{
	const char *p = text, *nl, *end;
	size_t n;
	bool was;
	int rc;

	while (*p != '\0' && !r->stop) {
		nl = strchr(p, '\n');
		end = nl != NULL ? nl : p + strlen(p);
		n = (size_t)(end - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if ((n == 3 && memcmp(p, "-- ", 3) == 0) ||
		    (n == 2 && memcmp(p, "--", 2) == 0))
			break; /* signature */
		while (n > 0 && (*p == ' ' || *p == '\t')) {
			p++;
			n--;
		}
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n > 0 && *p == '>')
			break; /* a quote */
		if (n > 0) {
			rc = run(r, p, n, &was);
			if (rc != 0)
				return rc;
			if (!was) {
				if (r->n_commands == 0)
					add_unknown(r, p, n, "not a command");
				else {
					char *s = shown(p, n);

					vars_set(r->v, "stopped_at", s);
					free(s);
				}
				break;
			}
		}
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	return 0;
}

/* sender - the normalised sender address and membership. */
static int
sender(struct req *r)
{
	struct buf why = BUF_INIT(256);
	int rc;

	if (addr_normalise(inbound_from(r->in), r->from, &why) != 0)
		r->from[0] = '\0';
	buf_release(&why);
	if (r->from[0] == '\0')
		return 0;
	rc = store_sub_lookup(r->in->st, r->in->list.id, r->from, &r->sub);
	r->have_sub = rc == 0;
	return rc == E_NOTFOUND ? 0 : rc;
}

/* base_vars - what every reply template may use, set before commands. */
static void
base_vars(struct req *r)
{
	vars_set_list(r->v, "results");
	vars_set_list(r->v, "unknown");
	vars_set_list(r->v, "members");
	vars_set(r->v, "stopped_at", "");
	vars_set(r->v, "more_members", "");
}

/* final_vars - the booleans, once the commands have run. */
static void
final_vars(struct req *r)
{
	vars_set_bool(r->v, "has_unknown", r->n_unknown > 0);
	vars_set_bool(r->v, "show_help", r->show_help);
	vars_set_bool(r->v, "has_who", r->has_who);
}

/* recipient_name - the sender's display name, else the address. */
static const char *
recipient_name(const struct inbound *in, const char *to)
{
	const struct msg *m = in->msg;

	if (m != NULL && m->from.name != NULL && m->from.name[0] != '\0' &&
	    m->from.email != NULL && addr_same(m->from.email, to))
		return m->from.name;
	return to;
}

/*
 * send_confirmation - the confirmation request (with the other results)
 * to the sender, Reply-To LIST+c-TOKEN@; counts as an automatic notice.
 */
static int
send_confirmation(struct req *r)
{
	struct inbound *in = r->in;
	const struct token_keys *keys;
	struct buf why = BUF_INIT(1024), key = BUF_INIT(128);
	struct buf addr = BUF_INIT(MAX_EMAIL + 1);
	char tok[MAX_TOKEN_CHARS + 1], expires[21];
	long long member = r->have_sub ? r->sub.member_id : 0;
	struct token t;
	struct mailout m;
	bool queued = false;
	int rc;

	rc = inbound_keys(in, &keys);
	if (rc == 0 && member == 0) {
		rc = store_sub_member_id(in->st, r->from, &member);
		if (rc == E_NOTFOUND)
			rc = 0;
	}
	if (rc != 0)
		goto out;
	t = (struct token){'c', (unsigned long long)r->confirm_id,
	    (unsigned long long)member, clock_now() + CONFIRM_TTL};
	rc = token_issue(keys, &t, tok);
	if (rc != 0)
		goto out;
	mailout_address(in->list.name, 'c', tok, &addr);
	buf_addf(&key, "confirm:%lld", r->confirm_id);
	time_format_iso(clock_now() + CONFIRM_TTL, expires);
	expires[10] = '\0';
	vars_set(r->v, "recipient", r->from);
	vars_set(r->v, "recipient_name", recipient_name(in, r->from));
	vars_set(r->v, "confirm_address", buf_cstr(&addr));
	vars_set(r->v, "delivery", intromail_delivery(r->confirm_delivery));
	vars_set(r->v, "expires", expires);
	vars_set(r->v, "subject", in->msg->subject);
	vars_set_bool(r->v, "has_results", r->n_loud > 1 || r->n_unknown > 0);
	m = (struct mailout){&in->list, "confirm", r->confirm_tmpl, r->from,
	    NULL, member, buf_cstr(&key), in->msg->message_id, buf_cstr(&addr),
	    false, r->v};
	rc = mailout_queue(in->st, keys, &m, &queued, &why);
	if (rc == 0 && queued)
		rc = store_event(in->st, in->list.id, 0, "notice", 0, r->from);
	if (rc != 0)
		log_err(
		    "confirm error=%s reason=%s", err_name(rc), buf_cstr(&why));
out:
	buf_release(&why);
	buf_release(&key);
	buf_release(&addr);
	return rc == E_PARSE ? E_INTERNAL : rc;
}

/* commands_of - run the Subject and body commands of the message. */
static int
commands_of(struct req *r)
{
	char *subj = subject_base(r->in->msg->subject);
	bool was = false;
	int rc = 0;

	if (subj[0] != '\0')
		rc = run(r, subj, strlen(subj), &was);
	if (rc == 0 && !r->stop)
		rc = body(r, r->in->msg->text != NULL ? r->in->msg->text : "");
	/* a Subject that is no command matters when nothing else was one */
	if (rc == 0 && subj[0] != '\0' && !was && r->n_commands == 0)
		add_unknown(r, subj, strlen(subj), "not a command");
	if (rc == 0 && r->n_commands == 0 && r->n_unknown == 0) {
		r->show_help = true;
		add_result(r, "(no command)", false,
		    "the message was empty; the help text is below.");
	}
	free(subj);
	return rc;
}

int
request_handle(struct inbound *in)
{
	struct req r;
	int rc;

	memset(&r, 0, sizeof r);
	r.in = in;
	r.v = vars_new();
	buf_init(&r.seen, MAX_COMMANDS * (MAX_SHOWN + 2) + 2);
	buf_adds(&r.seen, "\n");
	base_vars(&r);
	rc = sender(&r);
	if (rc == 0)
		rc = commands_of(&r);
	if (rc == 0) {
		final_vars(&r);
		if (r.confirm_id != 0)
			rc = send_confirmation(&r);
		else if (r.changed)
			rc = inbound_notify_change(
			    in, "request-reply", inbound_from(in), NULL, r.v);
		else if (r.n_loud > 0 || r.n_unknown > 0)
			rc = inbound_notify(
			    in, "request-reply", inbound_from(in), NULL, r.v);
	}
	if (rc == 0)
		rc = inbound_finish(in, "dropped", "command", NULL, NULL);
	else
		store_rollback(in->st);
	vars_free(r.v);
	buf_release(&r.seen);
	return rc;
}

/*
 * refuse - a token that does nothing: an event, a notice to the sender
 * saying why, and the message stored as dropped.
 */
static int
refuse(struct inbound *in, const char *kind, const char *why)
{
	struct vars *v = vars_new();
	int rc;

	rc = store_event(in->st, in->list.id, 0, kind, 0, why);
	if (rc == 0)
		rc = inbound_notify(
		    in, "notice-bad-confirm", inbound_from(in), why, v);
	vars_free(v);
	if (rc != 0) {
		store_rollback(in->st);
		return rc;
	}
	return inbound_finish(in, "dropped", kind, NULL, NULL);
}

/* transient - errors that must defer the message rather than refuse. */
static bool
transient(int rc)
{
	return rc == E_TEMP || rc == E_NOMEM || rc == E_INTERNAL;
}

/* check_token - verify ext's token of `kind`; *why says what is wrong. */
static int
check_token(struct inbound *in, char kind, struct token *t, const char **why)
{
	const struct token_keys *keys;
	int rc;

	*why = NULL;
	memset(t, 0, sizeof *t);
	rc = inbound_keys(in, &keys);
	if (rc != 0)
		return rc;
	rc = token_verify(keys, in->ext + 2, clock_now(), t);
	if ((rc == 0 || rc == E_PERM) && t->kind != kind)
		*why = "this address is not valid";
	else if (rc == E_PERM)
		*why = "this address has expired";
	else if (rc == E_PARSE)
		*why = "this address is not valid";
	else if (rc != 0)
		return rc;
	return 0;
}

/*
 * notify_done - a welcome or goodbye to the member's own address, on the
 * budget of membership changes (inbound_notify_change).
 */
static int
notify_done(struct inbound *in, const char *tmpl, const char *email,
    const char *delivery, bool flag)
{
	struct vars *v = vars_new();
	int rc;

	vars_set(v, "recipient", email);
	vars_set(v, "delivery", intromail_delivery(delivery));
	vars_set_bool(v, "already", flag);
	vars_set_bool(v, "was_member", flag);
	vars_set_bool(v, "intro", false);
	rc = inbound_notify_change(in, tmpl, email, NULL, v);
	vars_free(v);
	return rc;
}

/*
 * welcome - the welcome of a new member: with the invitation to
 * introduce themselves when the list has introductions on (intromail.h).
 */
static int
welcome(struct inbound *in, long long member, const struct confirm_rec *c)
{
	const struct token_keys *keys;
	bool sent = false;
	int rc;

	rc = inbound_keys(in, &keys);
	if (rc == 0)
		rc = intromail_welcome(in->st, keys, &in->list, member,
		    c->delivery, clock_now(), &sent);
	if (rc == 0 && !sent)
		rc = notify_done(in, "welcome", c->email, c->delivery, false);
	return rc;
}

/* carry_out - the confirmed request of row c. */
static int
carry_out(struct inbound *in, const struct confirm_rec *c)
{
	struct sub_rec sub;
	const char *name = in->msg->from.name;
	long long mid = 0;
	int rc;

	rc = store_sub_lookup(in->st, in->list.id, c->email, &sub);
	if (rc != 0 && rc != E_NOTFOUND)
		return rc;
	if (strcmp(c->action, "subscribe") == 0) {
		if (rc == 0 && strcmp(sub.status, "active") == 0)
			return notify_done(
			    in, "welcome", c->email, sub.delivery, true);
		rc = store_sub_activate(
		    in->st, in->list.id, c->email, name, c->delivery, &mid);
		if (rc == 0)
			rc = store_event(in->st, in->list.id, mid,
			    "subscribe.confirm", c->id, c->delivery);
		if (rc == 0)
			rc = welcome(in, mid, c);
		return rc;
	}
	if (rc == E_NOTFOUND)
		return notify_done(in, "goodbye", c->email, "each", false);
	rc = store_sub_remove(in->st, in->list.id, sub.member_id);
	if (rc == 0)
		rc = store_event(in->st, in->list.id, sub.member_id,
		    "unsubscribe", c->id, "confirmed");
	if (rc == 0)
		rc = notify_done(in, "goodbye", c->email, sub.delivery, true);
	return rc == E_NOTFOUND ? E_INTERNAL : rc;
}

int
request_confirm(struct inbound *in)
{
	struct confirm_rec c;
	struct token t;
	const char *why;
	char from[MAX_EMAIL + 1], now[21];
	struct buf b = BUF_INIT(256);
	int rc;

	memset(&c, 0, sizeof c);
	rc = check_token(in, 'c', &t, &why);
	if (rc == 0 && why == NULL) {
		rc = store_confirm_get(in->st, (long long)t.object, &c);
		if (rc == E_NOTFOUND || (rc == 0 && c.list_id != in->list.id)) {
			why = "this address is not valid";
			rc = 0;
		}
	}
	if (rc != 0) {
		store_rollback(in->st);
		return rc;
	}
	time_format_iso(clock_now(), now);
	if (why == NULL && c.used)
		why = "this confirmation address has already been used";
	else if (why == NULL && strcmp(c.expires, now) <= 0)
		why = "this address has expired";
	if (why == NULL &&
	    (addr_normalise(inbound_from(in), from, &b) != 0 ||
	        !str_ieq(str_from(c.email), from)))
		why = "this confirmation was sent to another address; please"
		      " reply from the address that received it";
	buf_release(&b);
	if (why != NULL)
		return refuse(in, "confirm.refused", why);
	rc = store_confirm_use(in->st, c.id);
	if (rc == E_DUP)
		return refuse(in, "confirm.refused",
		    "this confirmation address has already been used");
	if (rc == 0)
		rc = carry_out(in, &c);
	if (rc != 0) {
		store_rollback(in->st);
		return transient(rc) ? rc : E_INTERNAL;
	}
	return inbound_finish(in, "dropped", "confirmation", NULL, NULL);
}

int
request_unsubscribe(struct inbound *in)
{
	struct token t;
	struct sub_rec sub;
	const char *why;
	char email[MAX_EMAIL + 1];
	int rc;

	rc = check_token(in, 'u', &t, &why);
	if (rc == 0 && why == NULL && (long long)t.object != in->list.id)
		why = "this address is not valid";
	if (rc == 0 && why == NULL) {
		rc = store_member_email(in->st, (long long)t.member, email);
		if (rc == E_NOTFOUND) {
			why = "this address is not valid";
			rc = 0;
		}
	}
	if (rc != 0) {
		store_rollback(in->st);
		return rc;
	}
	if (why != NULL)
		return refuse(in, "unsubscribe.refused", why);
	rc = store_sub_lookup(in->st, in->list.id, email, &sub);
	if (rc == E_NOTFOUND)
		rc = notify_done(in, "goodbye", email, "each", false);
	else if (rc == 0) {
		rc = store_sub_remove(in->st, in->list.id, sub.member_id);
		if (rc == 0)
			rc = store_event(in->st, in->list.id, sub.member_id,
			    "unsubscribe", 0, "one-click");
		if (rc == 0)
			rc = notify_done(
			    in, "goodbye", email, sub.delivery, true);
	}
	if (rc != 0) {
		store_rollback(in->st);
		return transient(rc) ? rc : E_INTERNAL;
	}
	return inbound_finish(in, "dropped", "unsubscribe", NULL, NULL);
}

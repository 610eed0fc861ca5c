/*
 * curate.c - digest curation commands at LIST+m-TOKEN@ ('d' tokens).
 *
 * The reply is trimmed (quotes, attribution, signature go), then read one
 * command per line.  Item numbers are the stable [N] labels of the draft:
 * they never change while moderators edit, so two moderators replying to
 * different versions of the draft cannot hit the wrong item.  Lines that
 * are not commands are listed back, never ignored silently.
 *
 * Non-goals: commands in the Subject; undo (a moderator re-adds a dropped
 * thread with "add" or re-pins).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clock.h"
#include "conf.h"
#include "handlers.h"
#include "inbound_ctx.h"
#include "digestfmt.h"
#include "err.h"
#include "log.h"
#include "mime.h"
#include "store_digest.h"
#include "trim.h"
#include "xmalloc.h"

#define CURATE_MAX_LINES 200 /* command lines read from one reply */
#define CURATE_ECHO      100 /* bytes of a line listed back */

/* One curation in progress. */
struct curation {
	struct inbound *in;
	struct digest_rec g;
	struct digest_item *it;
	size_t n;
	bool changed_digest;
	struct buf changes; /* "\n"-separated: what was done */
	struct buf unknown; /* "\n"-separated: lines not understood */
	struct buf summary; /* "; "-separated: for the other moderators */
};

/* did - record an accepted change. */
static void did(struct curation *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
did(struct curation *c, const char *fmt, ...)
{
	va_list ap;
	size_t start;

	if (c->changes.len > 0)
		buf_addc(&c->changes, '\n');
	if (c->summary.len > 0)
		buf_adds(&c->summary, "; ");
	start = c->changes.len;
	va_start(ap, fmt);
	buf_vaddf(&c->changes, fmt, ap);
	va_end(ap);
	buf_add(&c->summary, c->changes.data + start, c->changes.len - start);
}

/* unknown - list a line back, with why. */
static void
unknown(struct curation *c, struct str line, const char *why)
{
	if (c->unknown.len > 0)
		buf_addc(&c->unknown, '\n');
	buf_add(
	    &c->unknown, line.p, line.n > CURATE_ECHO ? CURATE_ECHO : line.n);
	if (why != NULL)
		buf_addf(&c->unknown, " (%s)", why);
}

/* number - parse a decimal number at *p (after spaces); advance. */
static bool
number(const char **p, const char *end, long long *out)
{
	long long v = 0;
	const char *s = *p;

	while (s < end && *s == ' ')
		s++;
	if (s < end && *s == '#')
		s++;
	if (s >= end || *s < '0' || *s > '9')
		return false;
	for (; s < end && *s >= '0' && *s <= '9'; s++) {
		if (v > 100000000000LL)
			return false;
		v = v * 10 + (*s - '0');
	}
	*p = s;
	*out = v;
	return true;
}

/* word - the keyword w (any case) followed by a space or the end. */
static bool
word(const char **p, const char *end, const char *w)
{
	size_t n = strlen(w);

	while (*p < end && **p == ' ')
		(*p)++;
	if ((size_t)(end - *p) < n || strncasecmp(*p, w, n) != 0)
		return false;
	if (*p + n < end && (*p)[n] != ' ' && (*p)[n] != ':')
		return false;
	*p += n;
	while (*p < end && **p == ' ')
		(*p)++;
	return true;
}

/* rest_empty - only spaces and a final '.' left. */
static bool
rest_empty(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '.' || *p == '!'))
		p++;
	return p == end;
}

/* find - the item labelled num, or NULL. */
static struct digest_item *
find(struct curation *c, long long num)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (c->it[i].number == num)
			return &c->it[i];
	return NULL;
}

/* live - the item labelled num that is in the draft, else why not. */
static struct digest_item *
live(struct curation *c, long long num, const char **why)
{
	struct digest_item *it = find(c, num);

	*why = it == NULL ? "there is no such item"
	    : it->dropped ? "that item was dropped; use add THREAD-ID"
	                  : NULL;
	return *why == NULL ? it : NULL;
}

static int
rank(const char *section)
{
	return strcmp(section, "thread") == 0  ? 0
	    : strcmp(section, "question") == 0 ? 1
	                                       : 2;
}

/* by_display - the draft's order: section, pinned first, position. */
static int
by_display(const void *a, const void *b)
{
	const struct digest_item *x = a, *y = b;

	if (rank(x->section) != rank(y->section))
		return rank(x->section) - rank(y->section);
	if (x->dropped != y->dropped)
		return x->dropped ? 1 : -1;
	if (x->pinned != y->pinned)
		return x->pinned ? -1 : 1;
	if (x->position != y->position)
		return x->position < y->position ? -1 : 1;
	return x->number < y->number ? -1 : 1;
}

/* pin - item first in its section. */
static void
pin(struct curation *c, struct digest_item *it)
{
	double min = it->position;
	size_t i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->it[i].section, it->section) == 0 &&
		    c->it[i].position < min)
			min = c->it[i].position;
	it->pinned = true;
	it->position = min - 1;
}

/*
 * move - item a where item b is: a takes b's pinned state and the
 * section is renumbered in display order with a just before b.
 */
static void
move(struct curation *c, struct digest_item *a, const struct digest_item *b)
{
	char section[sizeof a->section];
	double pos = 0;
	size_t i;

	memcpy(section, a->section, sizeof section);
	a->pinned = b->pinned;
	a->position = b->position - 0.5;
	qsort(c->it, c->n, sizeof *c->it, by_display); /* a, b now stale */
	for (i = 0; i < c->n; i++)
		if (strcmp(c->it[i].section, section) == 0 && !c->it[i].dropped)
			c->it[i].position = pos++;
}

/* add - a thread by id: a new item, or a dropped one back. */
static int
add(struct curation *c, long long thread, struct str line)
{
	struct digest_item *it = NULL, *grown;
	long long upto, max = 0;
	double last = 0;
	size_t i;
	int rc;

	rc = store_digest_thread_ok(c->in->st, c->in->list.id, thread, &upto);
	if (rc == E_NOTFOUND) {
		unknown(c, line, "no such thread in this list");
		return 0;
	}
	if (rc != 0)
		return rc;
	for (i = 0; i < c->n; i++) {
		if (c->it[i].number > max)
			max = c->it[i].number;
		if (strcmp(c->it[i].section, "thread") == 0 &&
		    c->it[i].position >= last)
			last = c->it[i].position + 1;
		if (c->it[i].thread_id == thread)
			it = &c->it[i];
	}
	if (it != NULL && !it->dropped) {
		unknown(c, line, "already in the draft");
		return 0;
	}
	if (it != NULL) {
		it->dropped = false;
		it->position = last;
		did(c, "brought back [%lld] %s", it->number, it->title);
		return 0;
	}
	grown = xreallocarray(c->it, c->n + 1, sizeof *c->it);
	c->it = grown;
	it = &c->it[c->n++];
	memset(it, 0, sizeof *it);
	it->number = max + 1;
	snprintf(it->section, sizeof it->section, "thread");
	it->thread_id = thread;
	it->position = last;
	it->upto = upto;
	rc = store_digest_item_add(c->in->st, c->g.id, it);
	it->id = -1; /* inserted; not to be saved again */
	if (rc == 0)
		did(c, "added thread %lld as [%lld]", thread, it->number);
	return rc;
}

/* note - "note: text" and the lines after it until a blank line. */
static void
note(struct curation *c, const char *p, const char *end, const char **next,
    const char *stop)
{
	struct buf b = BUF_INIT(16 * 1024);
	const char *nl;
	struct str s = str_trim((struct str){p, (size_t)(end - p)});

	buf_add(&b, s.p, s.n);
	for (p = *next; p < stop; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(stop - p));
		if (nl == NULL)
			nl = stop;
		s = str_trim((struct str){p, (size_t)(nl - p)});
		if (s.n == 0)
			break;
		if (b.len > 0)
			buf_addc(&b, '\n');
		buf_add(&b, s.p, s.n);
		if (nl == stop) {
			p = stop;
			break;
		}
	}
	*next = p < stop ? p : stop;
	free(c->g.note);
	c->g.note = xstrdup(buf_cstr(&b));
	c->changed_digest = true;
	did(c,
	    b.len > 0 ? "set the editor's note" : "removed the editor's note");
	buf_release(&b);
}

/* command - one line (without the newline); *next may skip note lines. */
static int
command(
    struct curation *c, struct str line, const char **next, const char *stop)
{
	const char *p = line.p, *end = line.p + line.n, *why = NULL, *start;
	struct digest_item *a, *b;
	long long x, y;
	char now[CLOCK_ISO_LEN];

	if (*p == '-' || *p == '*') /* a bullet */
		for (p++; p < end && *p == ' '; p++)
			;
	start = p;
	if (word(&p, end, "note") && p < end && *p == ':') {
		note(c, p + 1, end, next, stop);
		return 0;
	}
	if ((p = start, word(&p, end, "pin")) && number(&p, end, &x) &&
	    rest_empty(p, end)) {
		a = live(c, x, &why);
		if (a == NULL)
			unknown(c, line, why);
		else {
			pin(c, a);
			did(c, "pinned [%lld] %s", a->number, a->title);
		}
	} else if ((p = start, word(&p, end, "unpin")) && number(&p, end, &x) &&
	    rest_empty(p, end)) {
		a = live(c, x, &why);
		if (a == NULL)
			unknown(c, line, why);
		else {
			a->pinned = false;
			did(c, "unpinned [%lld] %s", a->number, a->title);
		}
	} else if ((p = start, word(&p, end, "drop")) && number(&p, end, &x) &&
	    rest_empty(p, end)) {
		a = live(c, x, &why);
		if (a == NULL)
			unknown(c, line, why);
		else {
			a->dropped = true;
			a->pinned = false;
			did(c, "dropped [%lld] %s", a->number, a->title);
		}
	} else if ((p = start, word(&p, end, "move")) && number(&p, end, &x) &&
	    word(&p, end, "to") && number(&p, end, &y) && rest_empty(p, end)) {
		a = live(c, x, &why);
		b = a != NULL ? live(c, y, &why) : NULL;
		if (a == NULL || b == NULL)
			unknown(c, line, why);
		else if (strcmp(a->section, b->section) != 0)
			unknown(c, line, "the items are in different sections");
		else if (a != b) {
			move(c, a, b);
			did(c, "moved [%lld] before [%lld]", x, y);
		}
	} else if ((p = start, word(&p, end, "title")) && number(&p, end, &x) &&
	    p < end && *p == ':') {
		struct str t =
		    str_trim((struct str){p + 1, (size_t)(end - p - 1)});

		a = live(c, x, &why);
		if (a == NULL || t.n == 0)
			unknown(
			    c, line, a == NULL ? why : "the title is empty");
		else {
			free(a->title);
			a->title = str_dup(t);
			a->titled = true;
			did(c, "retitled [%lld] \"%s\"", a->number, a->title);
		}
	} else if ((p = start, word(&p, end, "add")) &&
	    (word(&p, end, "thread"), true) && number(&p, end, &x) &&
	    rest_empty(p, end)) {
		return add(c, x, line);
	} else if ((p = start, word(&p, end, "send")) && rest_empty(p, end)) {
		time_format_iso(clock_now(), now);
		snprintf(c->g.state, sizeof c->g.state, "draft");
		c->g.approved = true;
		if (strcmp(now, c->g.due_at) < 0)
			snprintf(c->g.due_at, sizeof c->g.due_at, "%s", now);
		c->changed_digest = true;
		did(c, "asked to send the digest now");
	} else if ((p = start, word(&p, end, "hold")) && rest_empty(p, end)) {
		snprintf(c->g.state, sizeof c->g.state, "held");
		c->g.approved = false;
		c->changed_digest = true;
		did(c, "held the digest: it will not go out this week");
	} else
		unknown(c, line, NULL);
	return 0;
}

/* commands - every line of the trimmed reply. */
static int
commands(struct curation *c, const char *text)
{
	const char *p = text, *stop = text + strlen(text), *nl, *next;
	int lines = 0, rc = 0;

	while (rc == 0 && p < stop && lines < CURATE_MAX_LINES) {
		struct str line;

		nl = memchr(p, '\n', (size_t)(stop - p));
		if (nl == NULL)
			nl = stop;
		next = nl < stop ? nl + 1 : stop;
		line = str_trim((struct str){p, (size_t)(nl - p)});
		if (line.n > 0 && line.p[line.n - 1] == '\r')
			line.n--;
		if (line.n > 0 && line.p[0] != '>') {
			lines++;
			rc = command(c, line, &next, stop);
		}
		p = next;
	}
	return rc;
}

/* refuse - nothing changes; a notice says why. */
static int
refuse(struct inbound *in, const char *reason)
{
	log_info("curate list=%s refused=%s", in->list.name, reason);
	return inbound_finish(
	    in, "dropped", reason, "notice-digest-refused", NULL);
}

/* check - the token, the sender and the digest; *reason when refused. */
static int
check(struct curation *c, const struct token *t, const char **reason)
{
	char email[MAX_EMAIL + 1], role[16];
	const char *from = inbound_from(c->in);
	long long mid;
	int rc;

	*reason = NULL;
	if (t->kind != 'd') {
		*reason = "the address is not a digest curation address";
		return 0;
	}
	rc = store_member_email(c->in->st, (long long)t->member, email);
	if (rc == E_NOTFOUND || (rc == 0 && !str_ieq(str_from(email), from))) {
		*reason = "the address was made for another moderator";
		return 0;
	}
	if (rc == 0 && t->expires <= clock_now()) {
		*reason = "the curation address has expired";
		return 0;
	}
	if (rc == 0)
		rc = store_member_lookup(
		    c->in->st, c->in->list.id, email, &mid, role);
	if (rc == E_NOTFOUND ||
	    (rc == 0 && strcmp(role, "moderator") != 0 &&
	        strcmp(role, "owner") != 0)) {
		*reason = "you are no longer a moderator of this list";
		return 0;
	}
	if (rc == 0)
		rc = store_digest_get(c->in->st, (long long)t->object, &c->g);
	if (rc == E_NOTFOUND || (rc == 0 && c->g.list_id != c->in->list.id)) {
		*reason = "there is no such digest draft in this list";
		return 0;
	}
	if (rc == 0 && strcmp(c->g.state, "draft") != 0 &&
	    strcmp(c->g.state, "held") != 0)
		*reason = "this digest has already gone out (or closed)";
	return rc;
}

/* save - the digest and every item that existed before. */
static int
save(struct curation *c)
{
	size_t i;
	int rc = 0;

	for (i = 0; rc == 0 && i < c->n; i++)
		if (c->it[i].id > 0)
			rc = store_digest_item_set(c->in->st, &c->it[i]);
	if (rc == 0)
		rc = store_digest_set(c->in->st, &c->g); /* bumps the version */
	return rc;
}

/* answer - the updated draft to the sender, a line to the others. */
static int
answer(struct curation *c, long long member, struct buf *why)
{
	const struct token_keys *keys;
	struct digest_person *p = NULL, *me = NULL;
	struct buf key = BUF_INIT(512);
	size_t n = 0, i;
	int rc;

	rc = inbound_keys(c->in, &keys);
	if (rc == 0)
		rc = store_digest_moderators(c->in->st, c->in->list.id, &p, &n);
	for (i = 0; rc == 0 && i < n; i++)
		if (p[i].id == member)
			me = &p[i];
	if (rc != 0 || me == NULL)
		goto out;
	buf_addf(&key, "draft:%lld:member:%lld:reply:%s", c->g.id, member,
	    c->in->raw_sha256);
	{
		struct digestfmt_draft d = {&c->in->list, me, c->g.id,
		    buf_cstr(&key), c->in->msg->message_id,
		    buf_cstr(&c->changes), buf_cstr(&c->unknown)};

		rc = digestfmt_draft_queue(c->in->st, keys, &d, why);
	}
	for (i = 0; rc == 0 && c->summary.len > 0 && i < n; i++) {
		if (p[i].id == member)
			continue;
		buf_reset(&key);
		buf_addf(&key, "draft:%lld:member:%lld:change:%s", c->g.id,
		    p[i].id, c->in->raw_sha256);
		rc = digestfmt_change_queue(c->in->st, keys, &c->in->list,
		    &p[i], buf_cstr(&key),
		    me->name[0] != '\0' ? me->name : me->email,
		    buf_cstr(&c->summary), why);
	}
out:
	digest_people_free(p, n);
	buf_release(&key);
	return rc;
}

/* new_text - the reply without quotes and signature; caller frees. */
static int
new_text(struct inbound *in, char **out)
{
	struct trimmer *tr = NULL;
	struct trim_result r;
	const char *body = in->msg->text != NULL ? in->msg->text : "";
	int rc;

	memset(&r, 0, sizeof r);
	rc = trimmer_new(&tr, NULL);
	if (rc == 0)
		rc = trim_reply(tr, body, strlen(body), 0, &r);
	trimmer_free(tr);
	*out = xstrdup(rc == 0 && r.text != NULL ? r.text : body);
	trim_result_release(&r);
	return rc == E_LIMIT ? 0 : rc == 0 ? 0 : E_INTERNAL;
}

int
digest_curate(struct inbound *in, const struct token *t)
{
	struct curation c;
	struct buf why = BUF_INIT(1024);
	const char *reason;
	char *text = NULL;
	int rc;

	memset(&c, 0, sizeof c);
	c.in = in;
	buf_init(&c.changes, 64 * 1024);
	buf_init(&c.unknown, 64 * 1024);
	buf_init(&c.summary, 64 * 1024);
	rc = check(&c, t, &reason);
	if (rc == 0 && reason != NULL) {
		rc = refuse(in, reason);
		goto out;
	}
	if (rc == 0)
		rc = store_digest_items(in->st, c.g.id, true, &c.it, &c.n);
	if (rc == 0)
		rc = new_text(in, &text);
	if (rc == 0)
		rc = commands(&c, text);
	if (rc == 0 && c.changes.len > 0)
		rc = save(&c);
	if (rc == 0 && c.changes.len > 0)
		rc = store_event(in->st, in->list.id, (long long)t->member,
		    "digest.curate", c.g.id, buf_cstr(&c.summary));
	if (rc == 0)
		rc = answer(&c, (long long)t->member, &why);
	if (rc == 0) {
		log_info("curate list=%s digest=%lld changes=%s", in->list.name,
		    c.g.id, c.changes.len > 0 ? "yes" : "no");
		rc = inbound_finish(in, "dropped", "curation", NULL, NULL);
	} else {
		log_err("curate list=%s error=%s reason=%s", in->list.name,
		    err_name(rc), buf_cstr(&why));
		store_rollback(in->st);
		if (rc == E_PARSE)
			rc = E_INTERNAL;
	}
out:
	free(text);
	digest_items_free(c.it, c.n);
	digest_rec_release(&c.g);
	buf_release(&c.changes);
	buf_release(&c.unknown);
	buf_release(&c.summary);
	buf_release(&why);
	return rc;
}

/*
 * deliver.c - one delivery pass over the outbox (DESIGN §5).
 *
 * Only one pass runs at a time (an flock beside the database), so rows
 * left 'sending' can only be a crashed pass's: they are queued again.
 * Due rows are claimed ('sending') DELIVER_BATCH at a time in one
 * transaction, then sent one by one, each settled in a short transaction
 * of its own before the next is sent; the transport is opened when the
 * first row is due and its one connection reused for the rest.  A 5xx the relay
 * gives to RCPT or DATA for a member of the row's list is scored like a bounce,
 * in the settlement's transaction (mailer/bounces.c, docs/bounces.md).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bounces.h"
#include "clock.h"
#include "conf.h"
#include "bounds.h"
#include "dsn.h"
#include "err.h"
#include "log.h"
#include "sched.h"
#include "store_bounce.h"
#include "transport.h"

#define BACKOFF_FIRST    60                /* seconds before the first retry */
#define BACKOFF_MAX      (4 * 3600)        /* longest wait between retries */
#define DELIVER_BATCH    64                /* rows claimed per transaction */
#define DELIVER_MAX_BODY ((size_t)1 << 30) /* SQLite's own blob limit */

/*
 * pass_lock - an exclusive lock for this pass into *fd.  The lock file
 * sits beside the database, maybe in a directory others can write, so it
 * is never followed as a symlink (O_NOFOLLOW: a planted link must not make
 * us create its target) and must be a regular file.  Returns 0; E_DUP when
 * another pass holds it; E_CONFIG, logged, when it cannot be used.
 */
static int
pass_lock(int *fd)
{
	char path[4096], q[LOG_Q_SIZE];
	struct stat st;
	const char *bad = NULL;

	snprintf(path, sizeof path, "%s.deliver.lock", conf_database);
	*fd = open(
	    path, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0600);
	if (*fd < 0)
		bad = strerror(errno);
	else if (fstat(*fd, &st) != 0 || !S_ISREG(st.st_mode))
		bad = "not a regular file";
	else if (flock(*fd, LOCK_EX | LOCK_NB) == 0)
		return 0;
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
	if (bad == NULL)
		return E_DUP;
	log_err("deliver error=lock path=%s reason=%s", log_q(q, path), bad);
	return E_CONFIG;
}

/* backoff - seconds to wait after `attempts` failed tries. */
static long long
backoff(int attempts)
{
	long long d = BACKOFF_FIRST;

	while (--attempts > 0 && d < BACKOFF_MAX)
		d *= 2;
	return d < BACKOFF_MAX ? d : BACKOFF_MAX;
}

/*
 * score_member - score the refusal d of active member bm of the row's
 * list (the token keys sign the warning mail if it comes to that).
 */
static int
score_member(struct store *st, const struct outbox_rec *o,
    const struct bounce_member *bm, const struct dsn_result *d)
{
	struct list_rec list;
	struct token_keys keys;
	struct buf why = BUF_INIT(512);
	bool repeat;
	int rc;

	memset(&list, 0, sizeof list);
	rc = store_list_get_id(st, o->list_id, &list);
	if (rc == 0) {
		rc = token_keys_load(conf_secret_file, &keys, &why);
		if (rc != 0)
			log_err("deliver error=keys reason=%s", buf_cstr(&why));
	}
	if (rc == 0) {
		rc = bounces_score(st, &keys, &list, bm, d, "smtp", &repeat);
		token_keys_clear(&keys);
	}
	list_rec_release(&list);
	buf_release(&why);
	return rc;
}

/*
 * score_refusal - a 5xx to RCPT or DATA is the recipient's server (or
 * the relay for it) refusing the mail, as a DSN would: scored when the
 * recipient is an active member of the row's list.  A 5xx to MAIL is
 * about our sender, and other failures are local: nothing.
 */
static int
score_refusal(
    struct store *st, const struct outbox_rec *o, const struct send_result *r)
{
	struct bounce_member bm;
	struct dsn_result d;
	int rc;

	if (r->status != SEND_PERM || r->code < 500 || r->code > 599 ||
	    o->list_id <= 0 ||
	    (strcmp(r->verb, "RCPT") != 0 && strcmp(r->verb, "DATA") != 0))
		return 0;
	rc = store_bounce_member_by_email(st, o->list_id, o->recipient, &bm);
	if (rc == E_NOTFOUND)
		return 0;
	dsn_from_reply(r->code, r->reason, o->recipient, &d);
	if (rc == 0 && strcmp(bm.status, "active") == 0 && d.kind >= DSN_SOFT)
		rc = score_member(st, o, &bm, &d);
	dsn_result_release(&d);
	bounce_member_release(&bm);
	return rc;
}

const char *
sched_list_name(struct store *st, long long id)
{
	static long long last = -1;
	static char name[MAX_LIST_NAME + 1] = "-";
	struct list_rec l;

	if (st == NULL) /* a new pass: a list may have been renamed */
		last = -1;
	if (st == NULL || id == last)
		return name;
	memset(&l, 0, sizeof l);
	last = id;
	if (id > 0 && store_list_get_id(st, id, &l) == 0)
		snprintf(name, sizeof name, "%s", l.name);
	else
		snprintf(name, sizeof name, "-");
	list_rec_release(&l);
	return name;
}

/* settle - record the outcome of one send (inside a transaction). */
static int
settle(struct store *st, const struct outbox_rec *o,
    const struct send_result *r, long long now)
{
	long long created = now;
	char next[21];
	const char *state = "sent";
	int rc;

	time_parse_iso(o->created, &created);
	next[0] = '\0';
	if (r->status == SEND_PERM)
		state = "failed";
	else if (r->status == SEND_TEMP) {
		state =
		    now - created > conf_outbox_max_age ? "failed" : "deferred";
		time_format_iso(now + backoff(o->attempts), next);
	}
	log_info("deliver list=%s id=%lld kind=%s state=%s code=%d",
	    sched_list_name(st, o->list_id), o->id, o->kind, state, r->code);
	rc =
	    store_outbox_result(st, o->id, state, next[0] != '\0' ? next : NULL,
	        r->code, r->status == SEND_OK ? NULL : r->reason);
	return rc != 0 ? rc : score_refusal(st, o, r);
}

static int
open_transport(struct transport **t)
{
	struct transport_opts o = transport_conf_opts();
	struct buf why = BUF_INIT(512);
	int rc;

	rc = transport_open(conf_outbound, &o, t, &why);
	if (rc != 0)
		log_err("deliver error=transport reason=%s", buf_cstr(&why));
	buf_release(&why);
	return rc;
}

/* claim - up to DELIVER_BATCH due rows, in one transaction. */
static int
claim(struct store *st, struct outbox_rec *o, size_t *n)
{
	char t[21];
	size_t i;
	int rc;

	*n = 0;
	rc = store_begin(st);
	if (rc != 0)
		return rc;
	/* rows queued during this pass (expansion) are due too */
	time_format_iso(clock_now(), t);
	rc = store_outbox_claim(st, t, DELIVER_BATCH, o, n);
	if (rc == 0)
		rc = store_commit(st);
	if (rc != 0) {
		store_rollback(st);
		for (i = 0; i < *n; i++)
			outbox_rec_free(&o[i]);
		*n = 0;
	}
	return rc;
}

/*
 * settle_tx - settle one row in a transaction of its own, committed
 * before the next row is handed to the transport: a kill can then find
 * only this send in flight (one possible duplicate, DESIGN §5).
 */
static int
settle_tx(
    struct store *st, const struct outbox_rec *o, const struct send_result *r)
{
	int rc;

	rc = store_begin(st);
	if (rc == 0)
		rc = settle(st, o, r, clock_now());
	if (rc == 0)
		rc = store_commit(st);
	if (rc != 0)
		store_rollback(st);
	return rc;
}

/* send_one - read o's message into body, hand it over, settle it. */
static int
send_one(struct store *st, struct transport **t, const struct outbox_rec *o,
    struct buf *body)
{
	struct send_result r;
	int rc;

	memset(&r, 0, sizeof r);
	rc = store_outbox_body(st, o->id, body);
	if (rc == E_NOTFOUND) {
		r.status = SEND_PERM;
		snprintf(r.reason, sizeof r.reason, "no message stored");
	} else if (rc != 0)
		return rc; /* left sending: the next pass queues it again */
	else if (*t == NULL && open_transport(t) != 0) {
		r.status = SEND_TEMP;
		snprintf(r.reason, sizeof r.reason, "transport unavailable");
	} else
		transport_send(
		    *t, o->sender, o->recipient, buf_cstr(body), body->len, &r);
	return settle_tx(st, o, &r);
}

static int
recover(struct store *st)
{
	int rc, n = 0;

	rc = store_begin(st);
	if (rc == 0)
		rc = store_outbox_recover(st, &n);
	if (rc == 0)
		rc = store_commit(st);
	if (rc != 0)
		store_rollback(st);
	if (n > 0)
		log_warn("deliver recovered=%d (left sending by a crash)", n);
	return rc;
}

int
sched_deliver(struct store *st, long long now)
{
	struct transport *t = NULL;
	struct outbox_rec o[DELIVER_BATCH];
	struct buf body = BUF_INIT(DELIVER_MAX_BODY);
	size_t i, n = 0;
	int lock, rc, expanded = 0;

	sched_list_name(NULL, 0);
	rc = pass_lock(&lock);
	if (rc == E_DUP)
		log_info("deliver skipped=another pass is running");
	if (rc != 0)
		return rc == E_DUP ? 0 : rc;
	rc = recover(st);
	if (rc == 0)
		expanded = expand_posts(st, now);
	/* what is queued goes out even if expansion failed */
	while (rc == 0 && (rc = claim(st, o, &n)) == 0) {
		for (i = 0; rc == 0 && i < n; i++)
			rc = send_one(st, &t, &o[i], &body);
		for (i = 0; i < n; i++)
			outbox_rec_free(&o[i]);
	}
	transport_close(t);
	buf_release(&body);
	close(lock);
	if (rc == E_NOTFOUND)
		rc = 0;
	return rc != 0 ? rc : expanded;
}

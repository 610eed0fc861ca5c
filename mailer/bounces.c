/*
 * bounces.c - score a failed delivery and suspend at the threshold
 * (bounces.h; docs/bounces.md).
 *
 * One path for both ways Stoa learns that a member's address fails: a
 * bounce at LIST+b-TOKEN@ (the hook) and a 5xx from the relay while the
 * outbox sends (digest/deliver.c).  The rows live in db/store_bounce.c;
 * the warning mail goes through mailout like every other mail.
 */
#include <stdio.h>
#include <string.h>

#include "bounces.h"
#include "clock.h"
#include "err.h"
#include "log.h"
#include "mailout.h"

/* warn - queue the bounce-warning mail to the member being suspended. */
static int
warn(struct store *st, const struct token_keys *keys,
    const struct list_rec *list, const struct bounce_member *bm,
    const struct dsn_result *d, double total)
{
	struct buf key = BUF_INIT(512);
	struct vars *v = vars_new();
	struct mailout m;
	char now[21];
	int rc;

	time_format_iso(clock_now(), now);
	buf_addf(&key, "bounce-warning:%lld:%lld:%.10s", list->id,
	    bm->member_id, now);
	vars_set(
	    v, "recipient_name", bm->name[0] != '\0' ? bm->name : bm->email);
	vars_set(v, "address", bm->email);
	vars_setf(v, "score", "%.1f", total);
	vars_setf(v, "threshold", "%.1f", BOUNCE_THRESHOLD);
	vars_setf(v, "window_days", "%lld", BOUNCE_WINDOW / 86400);
	vars_set(v, "status", d->status);
	vars_set(v, "reason", d->diag);
	memset(&m, 0, sizeof m);
	m.list = list;
	m.kind = "notice";
	m.tmpl = "bounce-warning";
	m.to = bm->email;
	m.to_name = bm->name[0] != '\0' ? bm->name : NULL;
	m.member_id = bm->member_id;
	m.dedupe_key = buf_cstr(&key);
	m.vars = v;
	rc = mailout_send(st, keys, &m, NULL, "bounce warning");
	vars_free(v);
	buf_release(&key);
	return rc;
}

/* suspend - at the threshold: warn, disable, log. */
static int
suspend(struct store *st, const struct token_keys *keys,
    const struct list_rec *list, const struct bounce_member *bm,
    const struct dsn_result *d, double total)
{
	char detail[64];
	bool changed = false;
	int rc;

	rc = warn(st, keys, list, bm, d, total);
	if (rc == 0)
		rc =
		    store_bounce_suspend(st, list->id, bm->member_id, &changed);
	snprintf(detail, sizeof detail, "total=%.1f", total);
	if (rc == 0 && changed)
		rc = store_event(
		    st, list->id, bm->member_id, "bounce.suspend", 0, detail);
	if (rc == 0)
		log_info("bounce list=%s member=%lld suspended", list->name,
		    bm->member_id);
	return rc;
}

int
bounces_score(struct store *st, const struct token_keys *keys,
    const struct list_rec *list, const struct bounce_member *bm,
    const struct dsn_result *d, const char *via, bool *repeat)
{
	const char *kind = d->kind == DSN_HARD ? "hard" : "soft";
	struct bounce_rec b = {list->id, bm->member_id, kind,
	    d->kind == DSN_HARD ? BOUNCE_HARD : BOUNCE_SOFT, d->status,
	    d->n_rcpt > 0 ? d->rcpt[0] : "", d->diag};
	struct buf detail = BUF_INIT(1024);
	char since[21], q[LOG_Q_SIZE];
	double total = 0;
	bool added;
	int rc;

	rc = store_bounce_add(st, &b, &added);
	*repeat = rc == 0 && !added;
	if (rc != 0 || !added)
		return rc;
	time_format_iso(clock_now() - BOUNCE_WINDOW, since);
	rc = store_bounce_score(st, list->id, bm->member_id, since, &total);
	buf_addf(&detail, "score=%.1f total=%.1f status=%s rcpt=%s via=%s",
	    b.score, total, b.status, b.recipient, via);
	if (rc == 0)
		rc = store_event(st, list->id, bm->member_id,
		    d->kind == DSN_HARD ? "bounce.hard" : "bounce.soft", 0,
		    buf_cstr(&detail));
	if (rc == 0)
		log_info("bounce list=%s member=%lld kind=%s via=%s total=%.1f"
		         " rcpt=%s",
		    list->name, bm->member_id, kind, via, total,
		    log_q(q, b.recipient));
	if (rc == 0 && total >= BOUNCE_THRESHOLD)
		rc = suspend(st, keys, list, bm, d, total);
	buf_release(&detail);
	return rc;
}

/*
 * report.c - the scheduler's monthly report job (docs/report.md): from
 * the first day of a month (UTC) on, every list with an active owner
 * that existed during the previous month gets that month's report mailed
 * to its owners, once (a report.mail event with detail FROM..TO marks it
 * done; the outbox dedupe key guards a second pass as well).
 */
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "conf.h"
#include "err.h"
#include "log.h"
#include "reportfmt.h"
#include "sched.h"

/* last_month - the previous calendar month of now (UTC) into r. */
static int
last_month(long long now, struct report *r, char start[CLOCK_ISO_LEN])
{
	char iso[CLOCK_ISO_LEN], from[11], to[11];
	struct buf why = BUF_INIT(128);
	long long first;
	int rc;

	time_format_iso(now, iso);
	memcpy(iso + 8, "01T00:00:00Z", 13);
	rc = time_parse_iso(iso, &first);
	if (rc == 0)
		rc = time_format_iso(first - 86400, start);
	if (rc != 0)
		return rc;
	memcpy(to, start, 10);
	to[10] = '\0';
	memcpy(from, to, 8);
	memcpy(from + 8, "01", 3);
	memcpy(start, iso, CLOCK_ISO_LEN); /* the month's end, exclusive */
	rc = report_period(r, from, to, now, &why);
	buf_release(&why);
	return rc;
}

/* one_list - build and mail list id's report, in one transaction. */
static int
one_list(struct store *st, const struct token_keys *keys, long long id,
    long long now)
{
	struct buf why = BUF_INIT(1024);
	struct list_rec l;
	struct report r;
	char end[CLOCK_ISO_LEN];
	size_t sent = 0;
	int rc;

	memset(&l, 0, sizeof l);
	memset(&r, 0, sizeof r);
	rc = last_month(now, &r, end);
	if (rc == 0)
		rc = store_list_get_id(st, id, &l);
	if (rc == 0)
		rc = report_build(st, &l, &r);
	if (rc == 0)
		rc = store_begin(st);
	if (rc == 0) {
		rc = report_mail(st, keys, &l, &r, &sent, &why);
		if (rc == 0)
			rc = store_commit(st);
		if (rc != 0)
			store_rollback(st);
	}
	if (rc != 0)
		log_err("report error=%s list=%lld reason=%s", err_name(rc), id,
		    buf_cstr(&why));
	else
		log_info("report list=%s period=%s..%s sent=%zu", l.name,
		    r.from, r.to, sent);
	report_release(&r);
	list_rec_release(&l);
	buf_release(&why);
	return rc == E_PARSE ? E_INTERNAL : rc;
}

int
report_run(struct store *st, long long now)
{
	struct token_keys keys;
	struct buf why = BUF_INIT(1024), per = BUF_INIT(32);
	struct report r;
	char end[CLOCK_ISO_LEN];
	long long *ids = NULL;
	size_t n = 0, i;
	int rc;

	memset(&r, 0, sizeof r);
	if (last_month(now, &r, end) != 0)
		return E_INTERNAL;
	buf_addf(&per, "%s..%s", r.from, r.to);
	rc = store_report_due_lists(st, buf_cstr(&per), end, &ids, &n);
	buf_release(&per);
	if (rc != 0 || n == 0) {
		free(ids);
		return rc;
	}
	rc = token_keys_load(conf_secret_file, &keys, &why);
	if (rc != 0) {
		log_err("report error=keys reason=%s", buf_cstr(&why));
		rc = E_TEMP;
	}
	for (i = 0; rc == 0 && i < n; i++)
		rc = one_list(st, &keys, ids[i], now);
	token_keys_clear(&keys);
	free(ids);
	buf_release(&why);
	return rc;
}

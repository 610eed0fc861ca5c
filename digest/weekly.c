/*
 * weekly.c - the weekly digest's schedule (DESIGN §6, docs/digest.md).
 *
 * Each list has a weekday and hour in its own time zone: a "slot".  For
 * the next slot, digest_draft_hours before it, the digest is selected
 * (one digests row per list per slot, UNIQUE) and the draft mailed to the
 * moderators and owners.  At the slot the digest goes out unless a
 * moderator said "hold" (or the list requires approval and nobody said
 * "send"); "send" makes it go out at the next pass.  A slot the scheduler
 * missed by more than DIGEST_GRACE is skipped, not caught up.
 *
 * Every step is idempotent: the digests row, the draft's outbox dedupe
 * key draft:ID:member:MID, digest_rcpts and digest:ID:member:MID.
 */
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "conf.h"
#include "digest.h"
#include "digestfmt.h"
#include "err.h"
#include "log.h"
#include "sched.h"

/* slots - the next slot after now and the latest one at or before now. */
static int
slots(const struct digest_list *dl, long long now, long long *next,
    long long *last)
{
	long long t, n;
	int rc;

	rc = time_next_weekly(
	    now, dl->list.timezone, dl->weekday, dl->hour, next);
	if (rc == 0)
		rc = time_next_weekly(now - 8 * 86400LL, dl->list.timezone,
		    dl->weekday, dl->hour, &t);
	while (rc == 0) {
		rc = time_next_weekly(
		    t, dl->list.timezone, dl->weekday, dl->hour, &n);
		if (rc != 0 || n > now)
			break;
		t = n;
	}
	*last = t;
	return rc;
}

/* drafts - mail the first draft of digest id to every moderator. */
static int
drafts(struct store *st, const struct token_keys *keys,
    const struct digest_list *dl, long long id, struct buf *why)
{
	struct digest_person *p = NULL;
	struct buf key = BUF_INIT(256);
	size_t n = 0, i;
	int rc;

	rc = store_digest_moderators(st, dl->list.id, &p, &n);
	for (i = 0; rc == 0 && i < n; i++) {
		struct digestfmt_draft d = {
		    &dl->list, &p[i], id, NULL, NULL, "", ""};

		buf_reset(&key);
		buf_addf(&key, "draft:%lld:member:%lld", id, p[i].id);
		d.dedupe_key = buf_cstr(&key);
		rc = digestfmt_draft_queue(st, keys, &d, why);
	}
	digest_people_free(p, n);
	buf_release(&key);
	return rc;
}

/*
 * ensure - the digest of slot exists (selected now); with_draft mails the
 * draft.  One transaction; an existing digest changes nothing.
 */
static int
ensure(struct store *st, const struct token_keys *keys,
    const struct digest_list *dl, long long slot, long long now,
    bool with_draft, struct buf *why)
{
	char iso[CLOCK_ISO_LEN];
	long long id;
	int rc;

	rc = time_format_iso(slot, iso);
	if (rc == 0)
		rc = store_begin(st);
	if (rc != 0)
		return rc;
	rc = store_digest_find(st, dl->list.id, iso, &id);
	if (rc == 0) {
		store_rollback(st);
		return 0;
	}
	if (rc == E_NOTFOUND)
		rc = digest_select(st, dl, iso, now, &id);
	if (rc == 0 && with_draft)
		rc = drafts(st, keys, dl, id, why);
	if (rc == 0)
		rc = store_commit(st);
	if (rc != 0)
		store_rollback(st);
	else
		log_info("digest list=%s id=%lld slot=%s draft=%s",
		    dl->list.name, id, iso, with_draft ? "yes" : "no");
	return rc;
}

/* lapse - drafts of slots before last can no longer go out. */
static int
lapse(struct store *st, const struct digest_list *dl, long long last)
{
	char iso[CLOCK_ISO_LEN];
	int rc;

	rc = time_format_iso(last, iso);
	if (rc == 0)
		rc = store_begin(st);
	if (rc == 0)
		rc = store_digest_lapse(st, dl->list.id, iso);
	if (rc == 0)
		rc = store_commit(st);
	if (rc != 0)
		store_rollback(st);
	return rc;
}

/* list_pass - everything due for one list at now. */
static int
list_pass(struct store *st, const struct token_keys *keys,
    const struct digest_list *dl, long long now, struct buf *why)
{
	char iso[CLOCK_ISO_LEN];
	long long next, last, *due = NULL;
	size_t n = 0, i;
	int rc;

	rc = slots(dl, now, &next, &last);
	if (rc != 0) {
		buf_addf(why, "time zone %s", dl->list.timezone);
		return rc;
	}
	if (dl->draft_hours > 0 && now >= next - dl->draft_hours * 3600LL)
		rc = ensure(st, keys, dl, next, now, true, why);
	if (rc == 0)
		rc = lapse(st, dl, last);
	if (rc == 0 && now < last + DIGEST_GRACE)
		rc = ensure(st, keys, dl, last, now, false, why);
	if (rc == 0)
		rc = time_format_iso(now, iso);
	if (rc == 0)
		rc = store_digest_due(
		    st, dl->list.id, dl->approval, iso, &due, &n);
	for (i = 0; rc == 0 && i < n; i++)
		rc = digest_send(st, keys, dl, due[i]);
	free(due);
	return rc;
}

int
digest_weekly(struct store *st, long long now)
{
	struct digest_list *dl = NULL;
	struct token_keys keys;
	struct buf why = BUF_INIT(1024);
	size_t n = 0, i;
	int rc, r;

	rc = store_digest_lists(st, &dl, &n);
	if (rc != 0 || n == 0)
		goto out;
	rc = token_keys_load(conf_secret_file, &keys, &why);
	if (rc != 0) {
		log_err("digest error=keys reason=%s", buf_cstr(&why));
		goto out;
	}
	for (i = 0; i < n; i++) {
		buf_reset(&why);
		r = list_pass(st, &keys, &dl[i], now, &why);
		if (r == 0)
			continue;
		log_err("digest list=%s error=%s reason=%s", dl[i].list.name,
		    err_name(r), buf_cstr(&why));
		if (r == E_TEMP || r == E_NOMEM) {
			rc = r; /* the database: try the whole pass later */
			break;
		}
	}
	token_keys_clear(&keys);
out:
	digest_lists_free(dl, n);
	buf_release(&why);
	return rc;
}

/*
 * expire.c - held posts that no moderator handled in time.
 *
 * A held post whose list's held_days (migration 0005, default 7) have
 * passed since it arrived becomes 'rejected' with a moderations row of
 * action 'expire', an event 'moderate.expire', and a notice to the poster
 * (notice-expired; rate-limited like every automatic notice, and never to
 * a bounce address or to ourselves).  Batches of EXPIRE_BATCH posts, one
 * transaction each; the decision is made only while the post is still
 * held, so a pass at the same time as a moderator, or a second pass, does
 * nothing twice.  The token keys are loaded only when something expires.
 */
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "clock.h"
#include "compose.h"
#include "conf.h"
#include "err.h"
#include "log.h"
#include "mailout.h"
#include "moderation.h"
#include "sched.h"
#include "store_mod.h"

#define EXPIRE_BATCH 100

/*
 * may_mail - *ok when we may write to the poster: not a bounce address,
 * not ourselves, and under the daily notice limit.
 */
static int
may_mail(struct store *st, const char *to, long long now, bool *ok)
{
	const char *at;
	char since[CLOCK_ISO_LEN];
	int n = 0, rc;

	*ok = false;
	if (to == NULL || !compose_addr_valid(to) ||
	    str_ihas_prefix(to, "mailer-daemon@"))
		return 0;
	at = strrchr(to, '@');
	if (at == NULL || str_ieq(str_from(at + 1), conf_domain))
		return 0;
	if (time_format_iso(now - 86400, since) != 0)
		return E_INTERNAL;
	rc = store_notice_count(st, to, since, &n);
	*ok = rc == 0 && n < conf_notices_per_day;
	return rc;
}

/* notify - notice-expired to the poster of h. */
static int
notify(struct store *st, const struct token_keys *keys,
    const struct held_rec *h, long long now)
{
	struct list_rec l;
	struct buf key = BUF_INIT(256), why = BUF_INIT(1024);
	struct vars *v = NULL;
	struct mailout m;
	bool ok, queued;
	int rc;

	memset(&l, 0, sizeof l);
	rc = may_mail(st, h->author, now, &ok);
	if (rc != 0 || !ok)
		goto out;
	rc = store_list_get_id(st, h->list_id, &l);
	if (rc != 0)
		goto out;
	v = vars_new();
	buf_addf(&key, "mod:%lld:poster:expire", h->id);
	vars_set(v, "recipient_name",
	    h->author_name[0] != '\0' ? h->author_name : h->author);
	vars_set(v, "subject", h->subject);
	vars_setf(v, "days", "%d", h->held_days);
	moderation_vars(h, v);
	m = (struct mailout){&l, "notice", "notice-expired", h->author,
	    h->author_name[0] != '\0' ? h->author_name : NULL, h->author_id,
	    buf_cstr(&key), h->message_id, NULL, false, v};
	rc = mailout_queue(st, keys, &m, &queued, &why);
	if (rc == 0 && queued)
		rc = store_event(st, h->list_id, 0, "notice", 0, h->author);
	if (rc != 0)
		log_err("expire notice error=%s reason=%s", err_name(rc),
		    buf_cstr(&why));
out:
	vars_free(v);
	list_rec_release(&l);
	buf_release(&key);
	buf_release(&why);
	return rc;
}

/* expire_one - decide one held post as expired, inside the transaction. */
static int
expire_one(struct store *st, const struct token_keys *keys, long long id,
    long long now)
{
	struct held_rec h;
	int rc;

	rc = store_mod_held_get(st, id, &h);
	if (rc == 0)
		rc = store_mod_decide(st, id, 0, "expire", "expired");
	if (rc == E_DUP) { /* decided since the query: nothing to do */
		held_rec_release(&h);
		return 0;
	}
	if (rc == 0)
		rc = store_event(
		    st, h.list_id, 0, "moderate.expire", id, "expired");
	if (rc == 0)
		rc = notify(st, keys, &h, now);
	if (rc == 0)
		log_info("expire held=%lld list=%s", id,
		    sched_list_name(st, h.list_id));
	held_rec_release(&h);
	return rc;
}

/* expire_batch - up to EXPIRE_BATCH posts in one transaction. */
static int
expire_batch(struct store *st, struct token_keys *keys, bool *have_keys,
    long long now, size_t *n)
{
	struct buf why = BUF_INIT(1024);
	char iso[CLOCK_ISO_LEN];
	long long *ids = NULL;
	size_t i;
	int rc;

	*n = 0;
	if (time_format_iso(now, iso) != 0)
		return E_INTERNAL;
	rc = store_begin(st);
	if (rc == 0)
		rc = store_mod_expired(st, iso, EXPIRE_BATCH, &ids, n);
	if (rc == 0 && *n > 0 && !*have_keys) {
		rc = token_keys_load(conf_secret_file, keys, &why);
		if (rc != 0)
			log_err("expire keys error=%s", buf_cstr(&why));
		*have_keys = rc == 0;
	}
	for (i = 0; rc == 0 && i < *n; i++)
		rc = expire_one(st, keys, ids[i], now);
	if (rc == 0)
		rc = store_commit(st);
	if (rc != 0)
		store_rollback(st);
	free(ids);
	buf_release(&why);
	return rc;
}

int
expire_held(struct store *st, long long now)
{
	struct token_keys keys;
	bool have_keys = false;
	size_t n = EXPIRE_BATCH;
	int rc = 0;

	memset(&keys, 0, sizeof keys);
	while (rc == 0 && n == EXPIRE_BATCH)
		rc = expire_batch(st, &keys, &have_keys, now, &n);
	token_keys_clear(&keys);
	return rc == E_PARSE ? E_INTERNAL : rc;
}

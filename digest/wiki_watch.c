/*
 * wiki_watch.c - the scheduler's pass over wiki watches (wiki_watch.h).
 *
 * A watch row remembers the revision number its member last saw and
 * when the last notice went.  A pass takes the watches whose page is
 * ahead and whose last notice is at least an hour old, and for each one
 * either marks it seen (all the new revisions are the member's own:
 * authors never get their own edit) or queues one notice with the diff
 * from the seen revision to the current one and the names of the other
 * authors.  The dedupe key names page, member and revision, so a pass
 * run twice queues nothing twice.
 */
#include <string.h>

#include "clock.h"
#include "conf.h"
#include "err.h"
#include "log.h"
#include "mailout.h"
#include "store_wiki.h"
#include "trim.h"
#include "wiki_watch.h"
#include "wikitext.h"

#define WATCH_BATCH 500 /* watches handled in one pass */

/* authors - the other authors of revisions (seen, head], ", "-joined. */
static int
authors(struct store *st, const struct wiki_due *d, struct buf *out)
{
	struct wiki_rev *r;
	size_t n, i, k;
	int rc;

	rc = store_wiki_history(
	    st, d->page_id, (size_t)(d->head - d->seen), false, &r, &n);
	if (rc != 0)
		return rc;
	for (i = 0; i < n; i++) {
		bool dup = false;

		if (r[i].author_id == d->member_id)
			continue;
		for (k = 0; k < i; k++)
			if (strcmp(r[k].author, r[i].author) == 0 &&
			    r[k].author_id != d->member_id)
				dup = true;
		if (!dup)
			buf_addf(out, "%s%s", out->len > 0 ? ", " : "",
			    r[i].author_name[0] != '\0' ? r[i].author_name
			                                : r[i].author);
	}
	wiki_revs_free(r, n);
	return 0;
}

/* notice - queue the diff notice of one due watch. */
static int
notice(struct store *st, const struct token_keys *keys,
    const struct wiki_due *d, long long now)
{
	struct list_rec list;
	struct wiki_page p;
	struct wiki_rev old;
	struct buf diff = BUF_INIT(WIKI_MAX_OUTPUT), who = BUF_INIT(4096);
	struct buf key = BUF_INIT(128), addr = BUF_INIT(MAX_EMAIL + 1);
	struct buf why = BUF_INIT(1024);
	struct vars *v = vars_new();
	struct token t;
	struct mailout m;
	bool queued;
	int rc;

	memset(&list, 0, sizeof list);
	memset(&old, 0, sizeof old);
	rc = store_list_get_id(st, d->list_id, &list);
	if (rc == 0)
		rc = store_wiki_page_get_id(st, d->page_id, &p);
	if (rc != 0)
		goto out;
	if (d->seen > 0)
		rc = store_wiki_rev_number(st, d->page_id, d->seen, &old);
	if (rc == 0)
		rc = wikitext_diff(d->seen > 0 ? old.text : "", p.text, &diff);
	if (rc == 0)
		rc = authors(st, d, &who);
	t = (struct token){'w', (unsigned long long)p.head,
	    (unsigned long long)d->member_id,
	    now + conf_token_ttl_days * 86400};
	if (rc == 0)
		rc = mailout_token_address(keys, list.name, &t, &addr);
	if (rc != 0)
		goto out_page;
	buf_addf(
	    &key, "wiki-watch:%lld:%lld:%d", d->page_id, d->member_id, d->head);
	vars_set(v, "title", p.title);
	vars_set(v, "slug", p.slug);
	vars_setf(v, "seen", "%d", d->seen);
	vars_setf(v, "revision", "%d", d->head);
	vars_set(v, "diff", buf_cstr(&diff));
	vars_set(v, "authors", buf_cstr(&who));
	vars_set(v, "recipient_name", d->name[0] != '\0' ? d->name : d->email);
	vars_set(v, "reply_marker", TRIM_REPLY_MARKER);
	m = (struct mailout){&list, "wiki", "wiki-watch", d->email, d->name,
	    d->member_id, buf_cstr(&key), NULL, buf_cstr(&addr), false, v};
	rc = mailout_queue(st, keys, &m, &queued, &why);
	if (rc != 0)
		log_err("wiki notice error=%s reason=%s", err_name(rc),
		    buf_cstr(&why));
out_page:
	wiki_page_release(&p);
out:
	wiki_rev_release(&old);
	list_rec_release(&list);
	vars_free(v);
	buf_release(&diff);
	buf_release(&who);
	buf_release(&key);
	buf_release(&addr);
	buf_release(&why);
	return rc;
}

/* one - handle one due watch in its own transaction. */
static int
one(struct store *st, const struct token_keys *keys, const struct wiki_due *d,
    long long now)
{
	char at[21];
	int others = 0, rc;

	time_format_iso(now, at);
	rc = store_begin(st);
	if (rc != 0)
		return rc;
	rc = store_wiki_others(
	    st, d->page_id, d->seen, d->head, d->member_id, &others);
	if (rc == 0 && others > 0)
		rc = notice(st, keys, d, now);
	if (rc == 0)
		rc = store_wiki_seen(st, d->page_id, d->member_id, d->head,
		    others > 0 ? at : NULL);
	if (rc == 0)
		rc = store_commit(st);
	if (rc != 0)
		store_rollback(st);
	return rc;
}

int
wiki_notify(struct store *st, long long now)
{
	struct token_keys keys;
	struct buf why = BUF_INIT(1024);
	struct wiki_due *d;
	char before[21];
	size_t n, i;
	int rc;

	time_format_iso(now - 3600, before);
	rc = store_wiki_due(st, before, WATCH_BATCH, &d, &n);
	if (rc != 0 || n == 0) {
		wiki_dues_free(d, n);
		return rc;
	}
	rc = token_keys_load(conf_secret_file, &keys, &why);
	if (rc != 0) {
		log_err("wiki notify error=keys reason=%s", buf_cstr(&why));
		wiki_dues_free(d, n);
		buf_release(&why);
		return E_TEMP;
	}
	for (i = 0; i < n && rc == 0; i++)
		rc = one(st, &keys, &d[i], now);
	token_keys_clear(&keys);
	wiki_dues_free(d, n);
	buf_release(&why);
	return rc;
}

/*
 * badgemail.c - the badge mail and the hosted Open Badges URLs
 * (badgemail.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "badgemail.h"
#include "badges.h"
#include "clock.h"
#include "conf.h"
#include "err.h"
#include "mailout.h"

void
badgemail_url(const char *base, const char *path, struct buf *out)
{
	size_t n;

	if (base == NULL || base[0] == '\0')
		base = conf_badge_base_url;
	if (base == NULL || base[0] == '\0')
		return;
	n = strlen(base);
	buf_add(out, base, n);
	if (base[n - 1] != '/')
		buf_adds(out, "/");
	buf_adds(out, path);
}

void
badgemail_assertion_path(long long id, struct buf *out)
{
	buf_addf(out, "assertions/%04lld.json", id);
}

void
badgemail_linkedin(const struct badge_award *a, const char *badge_name,
    const char *url, struct buf *out)
{
	buf_adds(out,
	    "https://www.linkedin.com/profile/add?startTask="
	    "CERTIFICATION_NAME&name=");
	buf_add_pct(out, badge_name);
	buf_adds(out, "&organizationName=");
	buf_add_pct(out, conf_site_name);
	buf_addf(out, "&issueYear=%.4s&issueMonth=%d&certUrl=", a->awarded_at,
	    (a->awarded_at[5] - '0') * 10 + (a->awarded_at[6] - '0'));
	buf_add_pct(out, url);
	buf_adds(out, "&certId=");
	buf_add_pct(out, url);
}

int
badgemail_helpers(struct store *st, long long list_id, const char *since,
    const char *until, struct buf *out)
{
	struct badge_leader *b = NULL;
	size_t n = 0, i;
	bool on = false;
	int rc;

	rc = store_badge_enabled(st, list_id, &on);
	if (rc != 0 || !on)
		return rc;
	rc = store_badge_leaders(
	    st, list_id, since, until, BADGE_HELPERS_MAX, &b, &n);
	for (i = 0; rc == 0 && i < n; i++)
		buf_addf(
		    out, "%s%s (%ld)", i > 0 ? ", " : "", b[i].who, b[i].score);
	free(b);
	return rc;
}

/* item - the variables of award a in the mail's list. */
static void
item(struct vars *v, const struct badge_award *a)
{
	const struct badge_rule *r = badge_find(a->badge);
	struct vars *it = vars_add_item(v, "badges");
	struct buf path = BUF_INIT(64), url = BUF_INIT(1024),
	           li = BUF_INIT(4096);
	const char *name = r != NULL ? r->name : a->badge;

	vars_set(it, "name", name);
	vars_set(it, "tier", r != NULL ? r->tier : "");
	vars_set(it, "description", r != NULL ? r->description : "");
	vars_set(it, "criterion", r != NULL ? r->criterion : "");
	vars_set(it, "reason", a->reason);
	badgemail_assertion_path(a->id, &path);
	badgemail_url(NULL, buf_cstr(&path), &url);
	if (url.len > 0)
		badgemail_linkedin(a, name, buf_cstr(&url), &li);
	vars_set_bool(it, "has_url", url.len > 0);
	vars_set(it, "assertion_url", buf_cstr(&url));
	vars_set(it, "linkedin_url", buf_cstr(&li));
	buf_release(&path);
	buf_release(&url);
	buf_release(&li);
}

/* queue - render and queue the mail of a[0..n). */
static int
queue(struct store *st, const struct token_keys *keys,
    const struct list_rec *list, const struct badge_award *a, size_t n)
{
	struct buf key = BUF_INIT(128);
	const struct badge_rule *r = badge_find(a[0].badge);
	struct vars *v = vars_new();
	struct mailout m;
	size_t i;
	int rc;

	buf_addf(&key, "badge:announce:%lld", a[0].id);
	vars_set(
	    v, "recipient_name", a[0].name[0] != '\0' ? a[0].name : a[0].email);
	vars_set_bool(v, "one", n == 1);
	vars_setf(v, "count", "%zu", n);
	vars_set(v, "first_name", r != NULL ? r->name : a[0].badge);
	for (i = 0; i < n; i++)
		item(v, &a[i]);
	m = (struct mailout){list, "badge", "badge-awarded", a[0].email,
	    a[0].name, a[0].member_id, buf_cstr(&key), NULL, NULL, false, v};
	rc = mailout_send(st, keys, &m, NULL, "badge announce");
	vars_free(v);
	buf_release(&key);
	return rc;
}

int
badgemail_announce(struct store *st, const struct token_keys *keys,
    const struct list_rec *list, const struct badge_award *a, size_t n,
    long long now)
{
	struct buf slugs = BUF_INIT(1024);
	long long ids[64];
	char at[21];
	size_t i;
	int rc;

	if (n == 0)
		return 0;
	if (n > sizeof ids / sizeof ids[0])
		n = sizeof ids / sizeof ids[0]; /* the rest go the next day */
	for (i = 0; i < n; i++) {
		ids[i] = a[i].id;
		buf_addf(&slugs, "%s%s", i > 0 ? " " : "", a[i].badge);
	}
	rc = time_format_iso(now, at);
	if (rc == 0)
		rc = queue(st, keys, list, a, n);
	if (rc == 0)
		rc = store_badge_announced(st, ids, n, at);
	if (rc == 0)
		rc = store_event(st, list->id, a[0].member_id, "badge.announce",
		    a[0].id, buf_cstr(&slugs));
	buf_release(&slugs);
	return rc;
}

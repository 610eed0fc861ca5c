/*
 * badgerun.c - the badge job of a scheduler pass (badgerun.h).
 *
 * Evaluation: per list, one transaction reads the members with an event
 * since the list's mark, their counts (db/store_badge.c), applies every
 * rule (learn/badges.c) and awards what is earned; the award's UNIQUE key
 * makes a repeat a no-op, so a crash between award and mark is harmless.
 * Announcement: per earner, one transaction queues the mail, marks the
 * awards announced and writes badge.announce, whose time is the day's
 * limit.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "badgemail.h"
#include "badgerun.h"
#include "badges.h"
#include "clock.h"
#include "conf.h"
#include "err.h"
#include "log.h"
#include "quizmail.h"
#include "store_badge.h"

/* facts - the rules' counts from the store's. */
static void
facts(const struct badge_counts *c, long *f)
{
	f[BADGE_F_POSTS] = c->posts;
	f[BADGE_F_ANSWERS] = c->answers;
	f[BADGE_F_EMAIL_REPLIES] = c->email_replies;
	f[BADGE_F_THANKED] = c->thanked;
	f[BADGE_F_WIKI_EDITS] = c->wiki_edits;
	f[BADGE_F_QUIZ_STREAK] = badge_longest_run(c->answered, c->n_answered);
	f[BADGE_F_RETIRED] = c->retired;
	f[BADGE_F_CHECKINS] = c->checkins;
	f[BADGE_F_ONBOARDED] = c->onboarded;
	f[BADGE_F_INTROS] = c->intros;
	f[BADGE_F_ROUTED] = c->routed;
	f[BADGE_F_REVIVALS] = c->revivals;
}

/* member - every rule for member of list; awards at `at`. */
static int
member(struct store *st, long long list, long long id, const char *at)
{
	struct badge_counts c;
	long f[BADGE_NFACTS];
	long long award;
	bool added;
	size_t i;
	int rc;

	rc = store_badge_counts(st, list, id, BADGE_REVIVAL_DAYS, &c);
	if (rc != 0)
		return rc;
	facts(&c, f);
	for (i = 0; rc == 0 && i < badge_nrules; i++) {
		if (!badge_earned(&badge_rules[i], f))
			continue;
		rc = store_badge_award(st, list, id, badge_rules[i].slug,
		    "rule", "", at, &added, &award);
		if (rc == 0 && added)
			log_info("badge award list=%lld member=%lld badge=%s",
			    list, id, badge_rules[i].slug);
	}
	badge_counts_release(&c);
	return rc;
}

/* chunk - the rules for ids[0..n) of list, in one transaction. */
static int
chunk(struct store *st, long long list, const long long *ids, size_t n,
    const char *at)
{
	size_t i;
	int rc;

	rc = store_begin(st);
	for (i = 0; rc == 0 && i < n; i++)
		rc = member(st, list, ids[i], at);
	if (rc == 0)
		rc = store_commit(st);
	if (rc != 0)
		store_rollback(st);
	return rc;
}

/*
 * evaluate - the rules for list's members touched since its mark,
 * BADGE_BATCH to a transaction (the hook waits for none of them long);
 * the mark moves when all are done (a crash before only repeats work).
 */
static int
evaluate(struct store *st, long long list, const char *at)
{
	long long last, upto = 0, *ids = NULL;
	size_t n = 0, i;
	int rc;

	rc = store_badge_mark(st, list, &last);
	if (rc == 0)
		rc = store_badge_touched(st, list, last, &ids, &n, &upto);
	for (i = 0; rc == 0 && i < n; i += BADGE_BATCH)
		rc = chunk(st, list, ids + i,
		    n - i < BADGE_BATCH ? n - i : BADGE_BATCH, at);
	if (rc == 0 && upto != last) {
		rc = store_begin(st);
		if (rc == 0)
			rc = store_badge_mark_set(st, list, upto);
		if (rc == 0)
			rc = store_commit(st);
		if (rc != 0)
			store_rollback(st);
	}
	free(ids);
	return rc;
}

/*
 * open_hours - now is a time of day badge mails go in the list's zone;
 * *since the start of its local day (ISO).
 */
static int
open_hours(const struct list_rec *l, long long now, char *since, bool *open)
{
	struct tm tm;
	long long start;
	int rc;

	*open = false;
	rc = time_to_local(now, l->timezone, &tm);
	if (rc == 0)
		rc = quizmail_at(now, l->timezone, 0, 0, &start);
	if (rc == 0)
		rc = time_format_iso(start, since);
	*open = rc == 0 && tm.tm_hour >= BADGE_HOUR &&
	    tm.tm_hour < BADGE_QUIET_FROM;
	return rc;
}

/* announce - the mail of one earner's waiting awards, once a day. */
static int
announce(struct store *st, const struct token_keys *keys, long long list,
    long long id, long long now)
{
	struct list_rec l;
	struct badge_award *a = NULL;
	char since[21];
	size_t n = 0;
	bool open = false, sent = true;
	int rc;

	memset(&l, 0, sizeof l);
	rc = store_begin(st);
	if (rc == 0)
		rc = store_list_get_id(st, list, &l);
	if (rc == 0)
		rc = open_hours(&l, now, since, &open);
	if (rc == 0 && open)
		rc = store_badge_mailed_since(st, list, id, since, &sent);
	if (rc == 0 && open && !sent)
		rc = store_badge_awards(st, list, id, true, &a, &n);
	if (rc == 0 && n > 0)
		rc = badgemail_announce(st, keys, &l, a, n, now);
	if (rc == 0)
		rc = store_commit(st);
	if (rc != 0)
		store_rollback(st);
	free(a);
	list_rec_release(&l);
	return rc;
}

/* announce_all - every earner with awards not yet mailed. */
static int
announce_all(struct store *st, long long now)
{
	struct token_keys keys;
	struct buf why = BUF_INIT(1024);
	long long *lists = NULL, *members = NULL;
	size_t n = 0, i;
	int rc;

	rc = store_badge_waiting(st, BADGE_WAITING_MAX, &lists, &members, &n);
	if (rc == 0 && n > 0 &&
	    token_keys_load(conf_secret_file, &keys, &why) != 0) {
		log_err("badge error=keys reason=%s", buf_cstr(&why));
		rc = E_TEMP;
	} else if (rc == 0 && n > 0) {
		for (i = 0; rc == 0 && i < n; i++)
			rc = announce(st, &keys, lists[i], members[i], now);
		token_keys_clear(&keys);
	}
	free(lists);
	free(members);
	buf_release(&why);
	return rc;
}

int
badge_run(struct store *st, long long now)
{
	long long *lists = NULL;
	char at[21];
	size_t n = 0, i;
	int rc;

	rc = time_format_iso(now, at);
	if (rc == 0)
		rc = store_badge_lists(st, &lists, &n);
	for (i = 0; rc == 0 && i < n; i++)
		rc = evaluate(st, lists[i], at);
	free(lists);
	if (rc == 0)
		rc = announce_all(st, now);
	return rc;
}

/*
 * store_report.h - what `stoa report` reads (docs/report.md): counts and
 * plain rows for one list and one period [from, to), ISO-8601 UTC.  The
 * arithmetic (medians, shares, weeks) is learn/report.h's; this file only
 * reads events and the tables they name.
 */
#ifndef STOA_STORE_REPORT_H
#define STOA_STORE_REPORT_H

#include <stddef.h>

#include "store.h"

/* A name and a count (health buckets, badge slugs). */
struct rep_count {
	char name[64];
	long long n;
};

/* One quiz topic: first tries in the period, latest answers by the end. */
struct rep_topic {
	char name[128];
	long long first, first_right, now, now_right;
};

/* A thread started in the period; first_answer -1 when unanswered. */
struct rep_thread {
	long long root, first_answer; /* Unix seconds */
};

struct rep_dm {
	long day;
	long long member;
};

struct rep_card {
	double s;
	long long last;
};

struct rep_raw {
	/* participation */
	long long members, posts, replies;
	struct rep_dm *active; /* (day, member) of every member action */
	size_t n_active;
	struct rep_dm *post_days; /* (day, posts that day) */
	size_t n_post_days;
	struct rep_thread *threads;
	size_t n_threads;
	/* quizzes */
	char scheduler[16]; /* "classic", "adaptive", "" without quizzes */
	struct rep_topic *topics;
	size_t n_topics;
	long long retired_learnt, retired_admin, answered, missed;
	struct rep_card *cards; /* adaptive cards with a review */
	size_t n_cards;
	/* mentoring */
	long long pairs_active, pairs_paused, pairs_ended, mentor_replies;
	struct rep_count *health;
	size_t n_health;
	long long *checkins_90; /* per pair whose first 90 days are over */
	size_t n_checkins_90;
	long long pairs_in_window;
	/* connection */
	long long intros, routed, routed_answered, team_replies, cross_team;
	/* reflection */
	long long reflect_asked, reflect_answered;
	char **answers; /* newest first, at most STORE_REPORT_ANSWERS */
	size_t n_answers;
	/* badges */
	long long badges, badges_revoked, badge_members;
	struct rep_count *by_badge;
	size_t n_by_badge;
};

#define STORE_REPORT_ANSWERS 200 /* reflection answers read for quotes */

/*
 * store_report_read - fill *r (zeroed first) for list_id and [from, to);
 * release with rep_raw_release().  0 or an enum err.
 */
int store_report_read(struct store *st, long long list_id, const char *from,
    const char *to, struct rep_raw *r);
void rep_raw_release(struct rep_raw *r);

/*
 * store_report_due_lists - the lists with an active owner that have no
 * report.mail event with detail yet (the monthly mail) and were created
 * before the time before, by id, into a new array *out (free()).  0 or
 * an enum err.
 */
int store_report_due_lists(struct store *st, const char *detail,
    const char *before, long long **out, size_t *n);

#endif

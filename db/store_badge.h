/*
 * store_badge.h - badges: the counts the rules read, awards, the moderators'
 * pending grants, the leaderboard (db/store_badge.c; schema
 * db/0016-badges.sql; docs/badges.md).
 *
 * Writes run inside the caller's transaction.  Records hold fixed-size
 * copies.  Times are ISO-8601 UTC text.  Whether a count earns a badge is
 * not decided here (learn/badges.h).
 */
#ifndef STOA_STORE_BADGE_H
#define STOA_STORE_BADGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "bounds.h"
#include "store.h"

#define BADGE_REC_SLUG 32
#define BADGE_REC_TEXT 256 /* reasons are cut to this */
#define BADGE_REC_NAME 128

/* What the rules count for one member in one list (docs/badges.md). */
struct badge_counts {
	long posts, answers, email_replies, thanked, wiki_edits, retired;
	long checkins, onboarded, intros, routed, revivals;
	bool *answered; /* quiz sends in order: answered in time?  owned */
	size_t n_answered;
};
void badge_counts_release(struct badge_counts *c);

/* One award, with its member and list. */
struct badge_award {
	long long id, list_id, member_id;
	char list[MAX_LIST_NAME + 1];
	char email[MAX_EMAIL + 1];
	char name[BADGE_REC_NAME];
	char badge[BADGE_REC_SLUG];
	char awarded_at[21];
	char by[MAX_EMAIL + 1]; /* rule, admin, or a moderator's address */
	char reason[BADGE_REC_TEXT];
	char salt[40];
	char announced[21];  /* "" until mailed */
	char revoked_at[21]; /* "" unless revoked */
	char revoke_reason[BADGE_REC_TEXT];
};

/* store_badge_mark - the last event id list's rules have read (0). */
int store_badge_mark(struct store *st, long long list_id, long long *last);
/* store_badge_mark_set - remember last for list. */
int store_badge_mark_set(struct store *st, long long list_id, long long last);
/* store_badge_lists - the lists with badges on, into a new array (free()). */
int store_badge_lists(struct store *st, long long **ids, size_t *n);
/* store_badge_enabled - list has badges on (stoa list set LIST badges). */
int store_badge_enabled(struct store *st, long long list_id, bool *on);
/*
 * store_badge_touched - the active members of list with an event (other
 * than badge.*) after event id `after`, by id, into a new array *ids (the
 * caller frees); *upto the highest event id read.
 */
int store_badge_touched(struct store *st, long long list_id, long long after,
    long long **ids, size_t *n, long long *upto);
/* store_badge_counts - member's counts in list; revival_days for revivals. */
int store_badge_counts(struct store *st, long long list_id, long long member,
    int revival_days, struct badge_counts *out);

/*
 * store_badge_award - award badge to member in list at `at` by `by` (rule,
 * admin or an address), with a random salt, and event badge.award.
 * *added false (and nothing written) when the member has it already,
 * also a revoked one (revocation is final).  *id the award when added.
 */
int store_badge_award(struct store *st, long long list_id, long long member,
    const char *badge, const char *by, const char *reason, const char *at,
    bool *added, long long *id);
/*
 * store_badge_revoke - revoke member's badge in list (event badge.revoke):
 * E_NOTFOUND when not awarded, E_DUP when already revoked.
 */
int store_badge_revoke(struct store *st, long long list_id, long long member,
    const char *badge, const char *reason, const char *at);
/*
 * store_badge_awards - awards of list (0: all) and member (0: all) by id,
 * into a new array (free()).  unannounced: only those not yet mailed and
 * not revoked.
 */
int store_badge_awards(struct store *st, long long list_id, long long member,
    bool unannounced, struct badge_award **out, size_t *n);
/* store_badge_award_get - one award by id; E_NOTFOUND. */
int store_badge_award_get(
    struct store *st, long long id, struct badge_award *a);
/*
 * store_badge_waiting - the (list, member) pairs with awards not yet
 * mailed, at most max, into new arrays lists[] and members[] (free()).
 */
int store_badge_waiting(struct store *st, size_t max, long long **lists,
    long long **members, size_t *n);
/* store_badge_mailed_since - a badge mail went to member of list since. */
int store_badge_mailed_since(struct store *st, long long list_id,
    long long member, const char *since, bool *yes);
/* store_badge_announced - awards id[0..n) were mailed at `at`. */
int store_badge_announced(
    struct store *st, const long long *id, size_t n, const char *at);

/* A moderator's pending grant (award by reply). */
struct badge_grant {
	long long id, list_id, moderator_id, member_id;
	char badge[BADGE_REC_SLUG];
	char reason[BADGE_REC_TEXT];
	char email[MAX_EMAIL + 1]; /* the member's */
	char name[BADGE_REC_NAME];
	char decided[21]; /* "" while open */
};
/* store_badge_grant_add - a new pending grant; *id. */
int store_badge_grant_add(struct store *st, const struct badge_grant *g,
    const char *at, long long *id);
/* store_badge_grant_get - E_NOTFOUND. */
int store_badge_grant_get(
    struct store *st, long long id, struct badge_grant *g);
/*
 * store_badge_grant_decide - close an open grant with outcome (awarded,
 * cancelled); E_PERM when it was closed already.
 */
int store_badge_grant_decide(
    struct store *st, long long id, const char *outcome, const char *at);

/*
 * store_badge_thanked_answer - when message msg (posted) replies to an
 * answer - a posted message of another member than the one who started
 * the thread - and msg's author started it: *answer that message and
 * *author its author; else *answer 0.
 */
int store_badge_thanked_answer(
    struct store *st, long long msg, long long *answer, long long *author);

/* store_leaderboard_set - member's leaderboard choice (every list). */
int store_leaderboard_set(struct store *st, long long member, bool on);

/* One line of a leaderboard: a member or a team. */
struct badge_leader {
	char who[BADGE_REC_NAME]; /* name, else address; or the team */
	long thanked, routed, wiki, score;
	long members;   /* team lines: members counted */
	double average; /* team lines: score per member */
};
/*
 * store_badge_leaders - who helped most in list between since and until:
 * answers thanked + routed questions answered + wiki revisions, members
 * who have not opted out, score > 0, best first (then by name), at most
 * max, into a new array (free()).
 */
int store_badge_leaders(struct store *st, long long list_id, const char *since,
    const char *until, size_t max, struct badge_leader **out, size_t *n);
/*
 * store_badge_teams - the same per team (member_fields "team"): every
 * active member of the team who has not opted out counts, those with no
 * score as 0; best average first.
 */
int store_badge_teams(struct store *st, long long list_id, const char *since,
    const char *until, struct badge_leader **out, size_t *n);

#endif

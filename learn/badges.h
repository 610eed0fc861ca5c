/*
 * badges.h - the badge rules (docs/badges.md; ../shared/reference/
 * learning.md §3.4-3.6): each badge is earned when one count about a
 * member in a list reaches its threshold, and the thanks detector the
 * hook uses for the "helpful" badges.
 *
 * Non-goals: counting (db/store_badge.c reads the events and the tables
 * they name), awarding and mailing (digest/badges.c).  Pure: no SQL, no
 * I/O, no clock.  A rule only says "earned or not" for the counts it is
 * given; never awarding twice is the store's UNIQUE key.
 */
#ifndef STOA_BADGES_H
#define STOA_BADGES_H

#include <stdbool.h>
#include <stddef.h>

#define BADGE_REVIVAL_DAYS 14  /* a question unanswered this long */
#define BADGE_THANKS_MAX   400 /* bytes of a reply that can be a thank-you */
#define BADGE_SLUG_MAX     32  /* bytes of a slug, NUL included */

/* The counts a rule reads, per member and list (docs/badges.md). */
enum badge_fact {
	BADGE_F_POSTS,         /* messages posted */
	BADGE_F_ANSWERS,       /* replies in a thread someone else started */
	BADGE_F_EMAIL_REPLIES, /* replies by r- address to a digest item */
	BADGE_F_THANKED,       /* own answers the asker thanked */
	BADGE_F_WIKI_EDITS,    /* wiki revisions written */
	BADGE_F_QUIZ_STREAK,   /* longest run of quiz sends answered in time */
	BADGE_F_RETIRED,       /* quiz questions learnt (retired for them) */
	BADGE_F_CHECKINS,      /* mentor check-ins given (replies as mentor) */
	BADGE_F_ONBOARDED,     /* onboarding tracks completed as mentee */
	BADGE_F_INTROS,        /* introductions posted */
	BADGE_F_ROUTED,        /* routed questions answered */
	BADGE_F_REVIVALS,      /* first answers after BADGE_REVIVAL_DAYS */
	BADGE_NFACTS,
	BADGE_F_HAND = BADGE_NFACTS /* no rule: given by a moderator */
};

struct badge_rule {
	const char *slug;        /* file and command name, [a-z-] */
	const char *name;        /* as people read it */
	const char *tier;        /* bronze, silver, gold */
	const char *description; /* one sentence */
	const char *criterion;   /* the exact rule, for people */
	enum badge_fact fact;
	long min; /* earned when the count is at least this */
};

extern const struct badge_rule badge_rules[];
extern const size_t badge_nrules;

/* badge_find - the rule of slug, or NULL. */
const struct badge_rule *badge_find(const char *slug);

/* badge_earned - rule r holds for the counts facts[BADGE_NFACTS]. */
bool badge_earned(const struct badge_rule *r, const long *facts);

/* badge_hand - r is given by a moderator, never by a rule. */
bool badge_hand(const struct badge_rule *r);

/* badge_longest_run - the longest run of true in answered[0..n). */
long badge_longest_run(const bool *answered, size_t n);

/*
 * badge_is_thanks - the new (trimmed) text of a reply reads as a thank-you:
 * at most BADGE_THANKS_MAX bytes, naming "thank", "thx", "+1",
 * "this helped", "that helped", "helped me", "that worked", "this worked",
 * "works now" or "solved" (any case), and none of "not work", "n't work",
 * "not help", "n't help", "still", "no luck".
 */
bool badge_is_thanks(const char *text);

#endif

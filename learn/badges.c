/*
 * badges.c - the badge rules and the thanks detector (badges.h).
 *
 * The table is the single source of the rules: docs/badges.md, `stoa
 * badge rules`, the Open Badges criteria and the scheduler all read it.
 * Thresholds follow learning.md §3.6, scaled to a workplace list: a
 * first of each kind of contribution is bronze, a habit silver.
 */
#include <ctype.h>
#include <string.h>

#include "badges.h"

const struct badge_rule badge_rules[] = {
    {"first-post", "First post", "bronze",
        "Wrote to the list for the first time.",
        "At least 1 message of yours was posted to the list.", BADGE_F_POSTS,
        1},
    {"first-answer", "First answer", "bronze",
        "Answered a colleague's question on the list.",
        "At least 1 posted reply of yours in a thread another member "
        "started.",
        BADGE_F_ANSWERS, 1},
    {"first-reply-by-email", "First reply by email", "bronze",
        "Joined a discussion straight from the weekly digest.",
        "At least 1 posted reply sent to the reply address of an item of a "
        "digest you received.",
        BADGE_F_EMAIL_REPLIES, 1},
    {"helpful", "Helpful", "bronze", "An answer of yours helped the asker.",
        "At least 1 answer of yours was thanked by the member who asked "
        "(a reply from the asker saying thanks, +1 or that it helped).",
        BADGE_F_THANKED, 1},
    {"very-helpful", "Very helpful", "silver",
        "Answers of yours helped five askers.",
        "At least 5 different answers of yours were thanked by their "
        "askers.",
        BADGE_F_THANKED, 5},
    {"wiki-editor", "Wiki editor", "bronze",
        "Wrote in the list's wiki for the first time.",
        "At least 1 wiki revision of yours was saved.", BADGE_F_WIKI_EDITS, 1},
    {"wiki-gardener", "Wiki gardener", "silver",
        "Keeps the list's wiki growing and tidy.",
        "At least 10 wiki revisions of yours were saved.", BADGE_F_WIKI_EDITS,
        10},
    {"quiz-streak", "Steady learner", "silver",
        "Answered five quiz questions in a row in time.",
        "5 quiz questions mailed to you one after the other were each "
        "answered before they expired (a missed one starts the count "
        "again).",
        BADGE_F_QUIZ_STREAK, 5},
    {"quiz-retired", "Five learnt", "silver",
        "Learnt five quiz questions for good.",
        "At least 5 quiz questions were retired for you (answered right "
        "twice in a row).",
        BADGE_F_RETIRED, 5},
    {"mentor", "Mentor", "silver", "Gave five check-ins as a mentor.",
        "At least 5 replies of yours, as the mentor of a pair, to its "
        "check-in mails.",
        BADGE_F_CHECKINS, 5},
    {"mentee", "Onboarded", "silver",
        "Completed the onboarding track with a mentor.",
        "At least 1 mentoring pair of yours, as mentee, completed the "
        "onboarding track.",
        BADGE_F_ONBOARDED, 1},
    {"introduced", "Introduced", "bronze", "Introduced yourself to the list.",
        "At least 1 introduction of yours was posted to the list.",
        BADGE_F_INTROS, 1},
    {"connector", "Connector", "bronze",
        "Answered a question the list routed to you.",
        "At least 1 answer of yours to a question the list asked you to "
        "help with.",
        BADGE_F_ROUTED, 1},
    {"revival", "Revival", "silver",
        "Answered a question that had waited two weeks.",
        "At least 1 reply of yours was the first answer to a question "
        "that had been without one for 14 days or more.",
        BADGE_F_REVIVALS, 1},
    {"kudos", "Kudos", "bronze", "Recognised by the list's moderators.",
        "Given by a moderator of the list, by mail or by the "
        "administrator.",
        BADGE_F_HAND, 0},
    {"expert", "Subject expert", "gold",
        "Named a subject expert by the list's moderators.",
        "Given by a moderator of the list, by mail or by the "
        "administrator.",
        BADGE_F_HAND, 0},
};
const size_t badge_nrules = sizeof badge_rules / sizeof badge_rules[0];

const struct badge_rule *
badge_find(const char *slug)
{
	size_t i;

	for (i = 0; slug != NULL && i < badge_nrules; i++)
		if (strcmp(badge_rules[i].slug, slug) == 0)
			return &badge_rules[i];
	return NULL;
}

bool
badge_hand(const struct badge_rule *r)
{
	return r->fact == BADGE_F_HAND;
}

bool
badge_earned(const struct badge_rule *r, const long *facts)
{
	if (r == NULL || (int)r->fact < 0 || r->fact >= BADGE_NFACTS)
		return false;
	return facts[r->fact] >= r->min;
}

long
badge_longest_run(const bool *answered, size_t n)
{
	long run = 0, best = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		run = answered[i] ? run + 1 : 0;
		if (run > best)
			best = run;
	}
	return best;
}

/* has - text contains word, without case. */
static bool
has(const char *text, const char *word)
{
	size_t n = strlen(word), i, j;

	for (i = 0; text[i] != '\0'; i++) {
		for (j = 0; j < n && text[i + j] != '\0'; j++)
			if (tolower((unsigned char)text[i + j]) != word[j])
				break;
		if (j == n)
			return true;
	}
	return false;
}

static const char *const thanks_words[] = {"thank", "thx", "+1", "this helped",
    "that helped", "helped me", "that worked", "this worked", "works now",
    "solved"};
static const char *const not_words[] = {
    "not work", "n't work", "not help", "n't help", "still", "no luck"};

bool
badge_is_thanks(const char *text)
{
	size_t i;
	bool yes = false;

	if (text == NULL || strlen(text) > BADGE_THANKS_MAX)
		return false;
	for (i = 0; !yes && i < sizeof thanks_words / sizeof *thanks_words; i++)
		yes = has(text, thanks_words[i]);
	for (i = 0; yes && i < sizeof not_words / sizeof *not_words; i++)
		yes = !has(text, not_words[i]);
	return yes;
}

/*
 * badge.c - `stoa badge rules|list|award|revoke|leaderboard|export`
 * (docs/badges.md).  The rules and their criteria come from
 * learn/badges.c; awards from db/store_badge.c; the Open Badges files are
 * written by badge_ob.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "admin.h"
#include "badges.h"
#include "clock.h"
#include "err.h"
#include "store_badge.h"

#define LEADERS_MAX 5 /* names on a leaderboard */

/* rules - every badge with its tier and exact criterion. */
static int
rules(void)
{
	size_t i;

	for (i = 0; i < badge_nrules; i++)
		printf("%-22s %-7s %s%s: %s\n", badge_rules[i].slug,
		    badge_rules[i].tier, badge_rules[i].name,
		    badge_hand(&badge_rules[i]) ? " (by hand)" : "",
		    badge_rules[i].criterion);
	return 0;
}

/* print_award - one line of `stoa badge list`. */
static void
print_award(const struct badge_award *a)
{
	printf("%lld %s %s %s %s by %s", a->id, a->list, a->email, a->badge,
	    a->awarded_at, a->by);
	if (a->revoked_at[0] != '\0')
		printf(" revoked %s: %s", a->revoked_at, a->revoke_reason);
	else if (a->announced[0] == '\0')
		printf(" (not mailed yet)");
	printf("\n");
}

static int
list(struct ctx *c, int argc, char **argv)
{
	struct opt opts[] = {{"member", 1, NULL}, {NULL, 0, NULL}};
	const char *pos[1] = {NULL};
	struct list_rec l;
	struct badge_award *a = NULL;
	long long member = 0;
	char role[16];
	size_t n = 0, i;
	int rc;

	rc = opts_parse(argc, argv, opts, pos, 0, 1,
	    "stoa badge list [LIST] [--member EMAIL]");
	memset(&l, 0, sizeof l);
	if (rc == 0 && pos[0] != NULL)
		rc = admin_open_list(c, pos[0], &l);
	else if (rc == 0)
		rc = ctx_open(c);
	if (rc == 0 && opts[0].value != NULL && l.id == 0)
		rc = die_rc(E_PARSE, "--member needs the LIST");
	else if (rc == 0 && opts[0].value != NULL &&
	    store_member_lookup(c->st, l.id, opts[0].value, &member, role) != 0)
		rc = die_rc(E_NOTFOUND, "no such member in the list");
	if (rc == 0 && store_badge_awards(c->st, l.id, member, false, &a, &n))
		rc = die_rc(E_TEMP, "cannot read the awards");
	for (i = 0; rc == 0 && i < n; i++)
		print_award(&a[i]);
	free(a);
	list_rec_release(&l);
	return rc;
}

/* Arguments of award and revoke. */
struct change {
	struct list_rec l;
	long long member;
	const struct badge_rule *r;
	const char *email, *reason;
};

/* change_open - LIST EMAIL BADGE [--reason TEXT] into ch. */
static int
change_open(
    struct ctx *c, int argc, char **argv, const char *usage, struct change *ch)
{
	struct opt opts[] = {{"reason", 1, NULL}, {NULL, 0, NULL}};
	const char *pos[3];
	char role[16];
	int rc;

	memset(ch, 0, sizeof *ch);
	rc = opts_parse(argc, argv, opts, pos, 3, 3, usage);
	if (rc != 0)
		return rc;
	ch->r = badge_find(pos[2]);
	if (ch->r == NULL) {
		fprintf(stderr,
		    "stoa: no badge \"%s\" (see stoa badge rules)\n", pos[2]);
		return EX_DATAERR;
	}
	ch->email = pos[1];
	ch->reason = opts[0].value != NULL ? opts[0].value : "";
	if (!admin_text_ok(ch->reason, BADGE_REC_TEXT - 1))
		return die_rc(E_PARSE, "the reason must be one line of text");
	rc = admin_open_list(c, pos[0], &ch->l);
	if (rc == 0 &&
	    store_member_lookup(c->st, ch->l.id, pos[1], &ch->member, role))
		rc = die_rc(E_NOTFOUND, "no such member in the list");
	return rc;
}

static int
award(struct ctx *c, int argc, char **argv)
{
	struct change ch;
	struct buf why = BUF_INIT(256);
	char at[21];
	long long id = 0;
	bool added = false;
	int rc;

	rc = change_open(c, argc, argv,
	    "stoa badge award LIST EMAIL BADGE [--reason TEXT]", &ch);
	if (rc == 0) {
		time_format_iso(clock_now(), at);
		rc = store_begin(c->st);
		if (rc == 0)
			rc = store_badge_award(c->st, ch.l.id, ch.member,
			    ch.r->slug, "admin", ch.reason, at, &added, &id);
		if (rc == 0 && !added) {
			buf_adds(&why,
			    "the member has this badge already (or "
			    "it was revoked, which is final)");
			rc = E_DUP;
		}
		rc = admin_finish_tx(c, rc, &why, "cannot award the badge");
	}
	if (rc == 0)
		printf("award %lld: %s to %s in %s (mailed by the next "
		       "stoa-digest pass)\n",
		    id, ch.r->slug, ch.email, ch.l.name);
	list_rec_release(&ch.l);
	buf_release(&why);
	return rc;
}

static int
revoke(struct ctx *c, int argc, char **argv)
{
	struct change ch;
	struct buf why = BUF_INIT(256);
	char at[21];
	int rc;

	rc = change_open(c, argc, argv,
	    "stoa badge revoke LIST EMAIL BADGE --reason TEXT", &ch);
	if (rc == 0 && ch.reason[0] == '\0') {
		fprintf(stderr,
		    "stoa: revoke needs --reason (it is published "
		    "in the badge's hosted assertion)\n");
		rc = EX_USAGE;
	}
	if (rc == 0) {
		time_format_iso(clock_now(), at);
		rc = store_begin(c->st);
		if (rc == 0)
			rc = store_badge_revoke(c->st, ch.l.id, ch.member,
			    ch.r->slug, ch.reason, at);
		if (rc == E_NOTFOUND)
			buf_adds(&why, "the member does not have this badge");
		else if (rc == E_DUP)
			buf_adds(&why, "this badge was revoked already");
		rc = admin_finish_tx(c, rc, &why, "cannot revoke the badge");
	}
	if (rc == 0)
		printf("revoked: %s of %s in %s\n", ch.r->slug, ch.email,
		    ch.l.name);
	list_rec_release(&ch.l);
	buf_release(&why);
	return rc;
}

/* print_leaders - the lines of a leaderboard (teams: with averages). */
static void
print_leaders(const struct badge_leader *b, size_t n, bool teams)
{
	size_t i;

	if (n == 0)
		printf("nobody yet\n");
	for (i = 0; i < n; i++) {
		if (teams)
			printf(
			    "%-24s %5.2f per member (%ld members: %ld thanked, "
			    "%ld routed, %ld wiki)\n",
			    b[i].who, b[i].average, b[i].members, b[i].thanked,
			    b[i].routed, b[i].wiki);
		else
			printf(
			    "%-24s %3ld (%ld thanked, %ld routed, %ld wiki)\n",
			    b[i].who, b[i].score, b[i].thanked, b[i].routed,
			    b[i].wiki);
	}
}

static int
leaderboard(struct ctx *c, int argc, char **argv)
{
	struct opt opts[] = {
	    {"days", 1, NULL}, {"by", 1, NULL}, {NULL, 0, NULL}};
	const char *pos[1];
	struct list_rec l;
	struct badge_leader *b = NULL;
	char since[21], until[21];
	long long days = 7;
	size_t n = 0;
	bool teams;
	int rc;

	rc = opts_parse(argc, argv, opts, pos, 1, 1,
	    "stoa badge leaderboard LIST [--days N] [--by member|team]");
	if (rc != 0)
		return rc;
	if (opts[0].value != NULL &&
	    parse_i64(opts[0].value, 1, 3660, &days) != 0)
		return die_rc(E_PARSE, "--days takes 1 to 3660");
	teams = opts[1].value != NULL && strcmp(opts[1].value, "team") == 0;
	if (opts[1].value != NULL && !teams &&
	    strcmp(opts[1].value, "member") != 0)
		return die_rc(E_PARSE, "--by takes member or team");
	rc = admin_open_list(c, pos[0], &l);
	if (rc != 0)
		return rc;
	time_format_iso(clock_now() - days * 86400, since);
	time_format_iso(clock_now() + 1, until);
	rc = teams ? store_badge_teams(c->st, l.id, since, until, &b, &n)
	           : store_badge_leaders(
	                 c->st, l.id, since, until, LEADERS_MAX, &b, &n);
	if (rc != 0)
		rc = die_rc(rc, "cannot read the leaderboard");
	else
		print_leaders(b, n, teams);
	free(b);
	list_rec_release(&l);
	return rc;
}

int
cmd_badge(struct ctx *c, int argc, char **argv)
{
	if (argc == 1 && strcmp(argv[0], "rules") == 0)
		return rules();
	if (argc >= 1 && strcmp(argv[0], "list") == 0)
		return list(c, argc - 1, argv + 1);
	if (argc >= 1 && strcmp(argv[0], "award") == 0)
		return award(c, argc - 1, argv + 1);
	if (argc >= 1 && strcmp(argv[0], "revoke") == 0)
		return revoke(c, argc - 1, argv + 1);
	if (argc >= 1 && strcmp(argv[0], "leaderboard") == 0)
		return leaderboard(c, argc - 1, argv + 1);
	if (argc >= 1 && strcmp(argv[0], "export") == 0)
		return badge_export(c, argc - 1, argv + 1);
	fputs(badge_usage, stderr);
	return EX_USAGE;
}

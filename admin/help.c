/*
 * help.c - the texts of `stoa --help` and `stoa COMMAND --help`.  main.c
 * prints them before it reads the config, so asking for help never opens
 * the database or writes a file.
 */
#include <stdio.h>
#include <string.h>

#include "admin.h"

const char admin_usage[] =
    "usage: stoa [-c CONF] [-v] COMMAND [ARGS]\n"
    "\n"
    "Administer Stoa, the mailing list for learning from colleagues.\n"
    "\n"
    "Commands:\n"
    "  init                          create the database and the secret file\n"
    "  check                         test the installation: config, secret,\n"
    "                                templates, database, mail transport\n"
    "  list create NAME [--title T] [--timezone Z] [--moderated]\n"
    "  list show [LIST]              lists with their member counts, or every\n"
    "                                setting of one list\n"
    "  list set LIST KEY VALUE       change one setting (stoa list --help)\n"
    "  list rename LIST NEW --yes    rename a list (its addresses change)\n"
    "  list delete LIST --yes        delete a list and everything in it\n"
    "  member add LIST EMAIL [--name N] [--role R] [--delivery D]\n"
    "  member import LIST FILE.csv   header row: email,name,role,delivery\n"
    "  member set LIST EMAIL [--name N] [--role R] [--delivery D] [--status S]\n"
    "  member remove LIST EMAIL\n"
    "  held list [LIST]              posts waiting for a moderator, with ids\n"
    "  held show ID                  one held post\n"
    "  held approve|discard ID       as a moderator's reply would\n"
    "  held reject ID [REASON]       the sender is told the reason\n"
    "  export KIND --json            JSON Lines on stdout (lists, members,\n"
    "                                messages, threads, outbox, wiki,\n"
    "                                questions, reviews, mentorships,\n"
    "                                prompts, groups,\n"
    "                                badges, events)\n"
    "  backup FILE                   a consistent copy of the live database\n"
    "  wiki build OUTDIR             static HTML of every wiki page and its\n"
    "                                history, for an intranet web server\n"
    "  report LIST [--from DATE] [--to DATE] [--format F] [--mail]\n"
    "                                the learning report of a list: text,\n"
    "                                html, json or csv (docs/report.md)\n"
    "  site build OUTDIR [--list LIST] [--public]\n"
    "                                the static archive: threads by month,\n"
    "                                the wiki, a search index\n"
    "                                (docs/archive.md)\n"
    "  quiz import|list|retire|restore|enable|disable|stats ...\n"
    "                                quizzes answered by reply (stoa quiz\n"
    "                                --help)\n"
    "  mentor pair|import|list|end|pause|resume ...\n"
    "                                mentoring pairs and their check-ins\n"
    "                                (stoa mentor --help)\n"
    "  group split|list|merge|dissolve ...\n"
    "                                small groups, each a list of its own\n"
    "                                (stoa group --help)\n"
    "  reflect add|list|stop ...     reflection questions asked every N weeks\n"
    "                                (stoa reflect --help)\n"
    "  badge rules|list|award|revoke|leaderboard|export ...\n"
    "                                badges earned by mail, Open Badges 2.0\n"
    "                                files, the leaderboard (stoa badge\n"
    "                                --help)\n"
    "  postfix-maps DIR              DIR/transport and DIR/relay_recipients\n"
    "                                for Postfix (docs/postfix.md)\n"
    "  secret rotate                 new token key; the old one stays valid\n"
    "                                for secret_grace_days\n"
    "\n"
    "Roles: member, moderator, mentor, owner.  Delivery: each, digest, none.\n"
    "\n"
    "Options:\n"
    "  -c CONF     config file (default $STOA_CONFIG, else /etc/stoa/stoa.conf)\n"
    "  -v          log to stderr as well as syslog\n"
    "  --help      this text; after a command, that command's help\n"
    "  --version   the version\n"
    "Neither --help nor --version reads the config or changes anything.\n"
    "\n"
    "Exit status: 0 done, 64 usage, 65 bad input data, 67 no such list,\n"
    "75 try again later (database busy), 78 configuration error.\n"
    "See docs/admin.md and docs/export.md.\n";

static const char list_usage[] =
    "usage: stoa list create NAME [--title T] [--timezone Z] [--moderated]\n"
    "       stoa list show [LIST]\n"
    "       stoa list set LIST KEY VALUE\n"
    "       stoa list rename LIST NEWNAME --yes\n"
    "       stoa list delete LIST --yes\n"
    "\n"
    "Settings (stoa list show LIST prints them all):\n"
    "  title                 up to 200 bytes of text, no control characters\n"
    "  timezone              e.g. Europe/Berlin\n"
    "  moderated             yes|no: hold every post for a moderator\n"
    "  held_days             1-365: a held post expires after this\n"
    "  posts_per_hour        0-100000 posts by one member in an hour\n"
    "                        before the next is held (0 = no limit), or\n"
    "                        default: the config's posts_per_hour\n"
    "  digest_weekday        sun, mon ... sat\n"
    "  digest_hour           0-23, in the list's time zone\n"
    "  digest_draft_hours    0-144: the moderators' draft comes this long\n"
    "                        before the digest (0 = no draft)\n"
    "  digest_approval       yes|no: a moderator must answer the draft\n"
    "                        \"send\" before the digest goes out\n"
    "  digest_quiet_note     yes|no: a quiet week sends a one-line note\n"
    "  digest_max_items      1-100 threads in a weekly digest\n"
    "  intros                yes|no: the welcome asks for an introduction\n"
    "  route_hours           0-720: working hours a question waits before\n"
    "                        it goes to colleagues who may know (0 = never)\n"
    "  badges                yes|no: badges by mail and the digest's\n"
    "                        \"who helped most\" line (docs/badges.md)\n"
    "  archive_left_badges   yes|no: stoa site build shows the badges of\n"
    "                        members who left (docs/archive.md)\n"
    "  quiz_scheduler        classic|adaptive  (after stoa quiz enable)\n"
    "  quiz_every_days       1-60\n"
    "  quiz_per_batch        1-10\n"
    "  quiz_hour             6-19\n"
    "  quiz_expiry_days      1-60: an open question expires after this\n"
    "  quiz_retention        0.70-0.97: the adaptive scheduler's target\n"
    "\n"
    "rename and delete ask for --yes: a rename changes every address of\n"
    "the list (LIST@, LIST+request@ ...); delete removes its posts,\n"
    "members' subscriptions, wiki and quizzes.\n";

static const char member_usage[] =
    "usage: stoa member add LIST EMAIL [--name N] [--role R] [--delivery D]\n"
    "       stoa member import LIST FILE.csv\n"
    "       stoa member set LIST EMAIL [--name N] [--role R] [--delivery D]"
    " [--status S]\n"
    "       stoa member remove LIST EMAIL\n"
    "       stoa member show LIST EMAIL\n"
    "\n"
    "Roles: member, moderator, mentor, owner.  Delivery: each, digest, none.\n"
    "Status: active, disabled.  The CSV has a header row:\n"
    "email,name,role,delivery; any other column (team, location ...) is\n"
    "kept as a member field that stoa group split --by can use.  Good rows\n"
    "are added in one transaction and each bad row is reported as\n"
    "FILE:LINE.  show prints the membership, the introduction and the\n"
    "expertise terms (docs/connect.md).  With intros on, add and import\n"
    "send the welcome that asks for an introduction.\n";

static const char held_usage[] =
    "usage: stoa held list [LIST]\n"
    "       stoa held show ID\n"
    "       stoa held approve ID\n"
    "       stoa held reject ID [REASON]\n"
    "       stoa held discard ID\n"
    "\n"
    "The moderation queue: the same effects as a moderator's reply\n"
    "(docs/moderation.md), recorded as the operator.  approve posts it (a\n"
    "wiki contribution goes onto its page), reject tells the sender why,\n"
    "discard drops it silently.\n";

const char badge_usage[] =
    "usage: stoa badge rules\n"
    "       stoa badge list [LIST] [--member EMAIL]\n"
    "       stoa badge award LIST EMAIL BADGE [--reason TEXT]\n"
    "       stoa badge revoke LIST EMAIL BADGE --reason TEXT\n"
    "       stoa badge leaderboard LIST [--days N] [--by member|team]\n"
    "       stoa badge export DIR [--base-url URL]\n"
    "\n"
    "rules        every badge, its tier and its exact criterion\n"
    "list         awards (revoked ones say so)\n"
    "award        give a badge by hand; the earner is mailed by the next\n"
    "             stoa-digest pass\n"
    "revoke       take a badge back, for good; its hosted assertion then\n"
    "             says revoked, with the reason\n"
    "leaderboard  who helped most in the last N days (default 7): answers\n"
    "             thanked, routed questions answered, wiki edits; --by team\n"
    "             averages per member of each team (members' team field),\n"
    "             members with nothing counted as 0.  Members who sent\n"
    "             \"leaderboard off\" are left out.\n"
    "export       Open Badges 2.0 hosted files under DIR, to be served at\n"
    "             URL (default: badge_base_url of the config)\n"
    "See docs/badges.md.\n";

static const struct cmd_help {
	const char *cmd;
	const char *text;
} helps[] = {
    {"init",
        "usage: stoa init\n\n"
        "Create the database and the secret file, or check them; running\n"
        "it twice changes nothing.\n"},
    {"check",
        "usage: stoa check\n\n"
        "Test the installation without changing it: the config, the secret\n"
        "file, the templates, the database (opens, migrated) and the mail\n"
        "transport (a no-op SMTP session, or the sendmail binary).  One line\n"
        "per fault; exit 78 when there is one.\n"},
    {"list", list_usage},
    {"member", member_usage},
    {"held", held_usage},
    {"export",
        "usage: stoa export KIND --json\n\n"
        "JSON Lines on stdout.  KIND: lists, members, messages, threads,\n"
        "outbox, wiki, questions, reviews, mentorships, prompts, profiles,\n"
        "groups, badges, events (docs/export.md).\n"},
    {"backup",
        "usage: stoa backup FILE\n\n"
        "A consistent copy of the live database in FILE, which must not\n"
        "exist.  Keep the secret file with it (docs/admin.md).\n"},
    {"wiki",
        "usage: stoa wiki build OUTDIR\n\n"
        "Static HTML of every wiki page and its history.\n"},
    {"report",
        "usage: stoa report LIST [--from DATE] [--to DATE]"
        " [--format text|html|json|csv] [--mail]\n\n"
        "The learning report of LIST for the days FROM to TO (YYYY-MM-DD,\n"
        "UTC, both included; default the 30 days ending today): the five\n"
        "numbers that matter, then participation, quizzes, mentoring,\n"
        "connection, reflection and badges (docs/report.md).  --mail\n"
        "queues it to the list's owners instead of printing it.\n"},
    {"site",
        "usage: stoa site build OUTDIR [--list LIST] [--public]\n\n"
        "The static archive of every list (or LIST) under OUTDIR: an index\n"
        "by month, one page per thread, the wiki and a search index; no\n"
        "script.  A second build rewrites only what changed.  Pages say\n"
        "noindex and robots.txt disallows all unless --public; serve it\n"
        "behind your own login (docs/archive.md).\n"},
    {"quiz", quiz_usage},
    {"mentor", mentor_usage},
    {"group", group_usage},
    {"reflect", reflect_usage},
    {"badge", badge_usage},
    {"postfix-maps",
        "usage: stoa postfix-maps DIR\n\n"
        "Write DIR/transport and DIR/relay_recipients for every list, so\n"
        "Postfix refuses unknown recipients at SMTP time (docs/postfix.md).\n"},
    {"secret",
        "usage: stoa secret rotate\n\n"
        "A new token key; the old one stays valid for secret_grace_days.\n"},
};

const char *
admin_help(const char *cmd)
{
	size_t i;

	for (i = 0; i < sizeof helps / sizeof helps[0]; i++)
		if (strcmp(helps[i].cmd, cmd) == 0)
			return helps[i].text;
	return admin_usage;
}

/*
 * admin.h - shared by the `stoa` command files: the open context and the
 * option parser.  Commands return an exit code (sysexits).
 */
#ifndef STOA_ADMIN_H
#define STOA_ADMIN_H

#include "buf.h"
#include "store.h"

struct ctx {
	const char *conf_path;
	struct store *st;
};

/* A subcommand option: "--name VALUE" or a flag "--moderated". */
struct opt {
	const char *name;
	int has_value;
	const char *value; /* set by opts_parse; "" for a present flag */
};

/*
 * opts_parse - split argv into options (known names only) and positional
 * arguments (pos, at most npos_max).  Prints an error and returns EX_USAGE
 * on an unknown option, a missing value or the wrong positional count.
 */
int opts_parse(int argc, char **argv, struct opt *opts, const char **pos,
    int npos_min, int npos_max, const char *usage);
/* die_rc - print "stoa: MSG" and return the exit code for an enum err. */
int die_rc(int err, const char *msg);
/* ctx_open - open the database (migrating it); exit code or 0. */
int ctx_open(struct ctx *c);

/*
 * admin_text_ok - s is at most max bytes of UTF-8 without control
 * characters: names and titles go into headers (From, List-Id), where a
 * CR or LF would make every message of the list unsendable.
 */
bool admin_text_ok(const char *s, size_t max);
/*
 * admin_open_list - open the store and find list name (an error line
 * when there is none); exit code or 0.
 */
int admin_open_list(struct ctx *c, const char *name, struct list_rec *l);
/*
 * admin_finish_tx - end a write begun with store_begin(): commit when rc
 * is 0, else roll back and report why (or what); exit code or 0.
 */
int admin_finish_tx(struct ctx *c, int rc, struct buf *why, const char *what);
/* cmd_list_admin - `stoa list show LIST|set|rename|delete` (lists.c). */
int cmd_list_admin(struct ctx *c, int argc, char **argv);
int cmd_member(struct ctx *c, int argc, char **argv);
int cmd_list(struct ctx *c, int argc, char **argv);
/* cmd_quiz - `stoa quiz ...` (quiz.c). */
int cmd_quiz(struct ctx *c, int argc, char **argv);
/* cmd_mentor - `stoa mentor ...` (mentor.c). */
int cmd_mentor(struct ctx *c, int argc, char **argv);

/* cmd_group - `stoa group ...` (groups.c). */
int cmd_group(struct ctx *c, int argc, char **argv);
extern const char group_usage[];
/* cmd_reflect - `stoa reflect ...` (reflect.c). */
int cmd_reflect(struct ctx *c, int argc, char **argv);
extern const char reflect_usage[];

/* cmd_check - `stoa check` (check.c). */
int cmd_check(struct ctx *c, int argc, char **argv);
/* cmd_held - `stoa held ...` (held.c). */
int cmd_held(struct ctx *c, int argc, char **argv);

/* The help texts (help.c); admin_help("") is the whole usage. */
extern const char admin_usage[];
extern const char quiz_usage[];
extern const char mentor_usage[];
/* admin_help - the help of command cmd, else the whole usage. */
const char *admin_help(const char *cmd);
/* cmd_report - `stoa report LIST ...` (report.c). */
int cmd_report(struct ctx *c, int argc, char **argv);
/* cmd_site - `stoa site build OUTDIR [--list LIST]` (site.c). */
int cmd_site(struct ctx *c, int argc, char **argv);
/* cmd_badge - `stoa badge ...` (badge.c). */
int cmd_badge(struct ctx *c, int argc, char **argv);
/* badge_export - `stoa badge export DIR --base-url URL` (badge_ob.c). */
int badge_export(struct ctx *c, int argc, char **argv);
extern const char badge_usage[];
/* cmd_postfix_maps - `stoa postfix-maps DIR` (postfix_maps.c). */
int cmd_postfix_maps(struct ctx *c, int argc, char **argv);

#endif

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

int cmd_member(struct ctx *c, int argc, char **argv);
int cmd_list(struct ctx *c, int argc, char **argv);
/* cmd_quiz - `stoa quiz ...` (quiz.c). */
int cmd_quiz(struct ctx *c, int argc, char **argv);
/* cmd_postfix_maps - `stoa postfix-maps DIR` (postfix_maps.c). */
int cmd_postfix_maps(struct ctx *c, int argc, char **argv);

#endif

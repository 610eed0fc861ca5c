/*
 * main.c - stoa-hook: Postfix pipe(8) hands us one message on stdin.
 *
 *   stoa-hook [-c CONF] [-v] --recipient ADDR [--sender ADDR] < message
 *
 * This file owns the exit-code contract with the MTA (DESIGN §8) and
 * nothing else: 0 handled (stored, already stored, refused with a notice,
 * quarantined), 67 no such list, 75 anything transient or unexpected.
 * Never another code: Postfix bounces them.  stderr gets one fixed line,
 * never message content.
 */
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "cli.h"
#include "clock.h"
#include "conf.h"
#include "err.h"
#include "handlers.h"
#include "ingest.h"
#include "log.h"
#include "xmalloc.h"

static const char usage_text[] =
    "usage: stoa-hook [-c CONF] [-v] --recipient ADDR [--sender ADDR] < MESSAGE\n"
    "       stoa-hook [-c CONF] [-v] --approve-held ID\n"
    "\n"
    "Deliver one message from the MTA into Stoa.  Postfix runs it from a\n"
    "pipe(8) transport, one recipient per delivery (see docs/postfix.md).\n"
    "\n"
    "Exit status: 0 handled (stored, a duplicate, refused with a notice, or\n"
    "quarantined), 67 no such list, 75 try again later.  Nothing else.\n"
    "\n"
    "--approve-held ID puts held wiki contribution ID on its page, as a\n"
    "moderator's \"approve\" does, decided by the operator: what `stoa held\n"
    "approve ID` runs for a wiki contribution (the wiki engine lives in the\n"
    "hook).  Exit 0 done, 65 ID is not a held wiki contribution, 75 failed.\n"
    "\n"
    "--help prints this text and --version the version; neither reads the\n"
    "config or a message.\n";

/* exit_code - the one table from enum err to what Postfix sees. */
static int
exit_code(int rc)
{
	switch (rc) {
	case E_OK:
		return 0;
	case E_NOGROUP:
		return EX_NOUSER;
	default:
		return EX_TEMPFAIL;
	}
}

/* fail - the fixed stderr line for a deferral; content never included. */
static _Noreturn void
defer(const char *reason)
{
	fprintf(stderr, "stoa-hook: %s, will retry\n", reason);
	exit(EX_TEMPFAIL);
}

static void
on_alarm(int sig)
{
	static const char msg[] = "stoa-hook: deadline reached, will retry\n";

	(void)sig;
	(void)!write(2, msg, sizeof msg - 1);
	_exit(EX_TEMPFAIL);
}

/* fds_open - make sure 0, 1 and 2 exist so no file we open becomes one. */
static void
fds_open(void)
{
	int fd;

	do {
		fd = open("/dev/null", O_RDWR);
	} while (fd >= 0 && fd <= 2);
	if (fd > 2)
		close(fd);
}

static const char *approve_held; /* --approve-held ID */

static int
parse_args(int argc, char **argv, const char **conf, struct ingest_args *a,
    int *verbose)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-v") == 0) {
			*verbose = 1;
		} else if (i + 1 >= argc) {
			return -1;
		} else if (strcmp(argv[i], "-c") == 0) {
			*conf = argv[++i];
		} else if (strcmp(argv[i], "--recipient") == 0) {
			a->recipient = argv[++i];
		} else if (strcmp(argv[i], "--sender") == 0) {
			a->sender = argv[++i];
		} else if (strcmp(argv[i], "--approve-held") == 0) {
			approve_held = argv[++i];
		} else {
			return -1;
		}
	}
	return a->recipient != NULL || approve_held != NULL ? 0 : -1;
}

/* operator_approve - --approve-held ID: 0, 65 or 75 (see usage_text). */
static int
operator_approve(const char *arg)
{
	unsigned long long id;
	int rc;

	if (parse_u64(arg, (unsigned long long)LLONG_MAX, &id) != 0) {
		fprintf(stderr, "stoa-hook: bad held post id \"%s\"\n", arg);
		return EX_USAGE;
	}
	rc = moderate_operator_wiki((long long)id);
	if (rc == E_PERM || rc == E_DUP || rc == E_NOTFOUND)
		fprintf(stderr,
		    "stoa-hook: post %s is not a held wiki "
		    "contribution\n",
		    arg);
	return rc == 0                                        ? 0
	    : rc == E_PERM || rc == E_DUP || rc == E_NOTFOUND ? EX_DATAERR
	                                                      : EX_TEMPFAIL;
}

int
main(int argc, char **argv)
{
	struct ingest_args a = {NULL, "", NULL, 0, 0};
	struct buf why = BUF_INIT(1024);
	const char *confarg = NULL;
	int verbose = 0, rc;

	umask(077);
	fds_open();
	log_init("stoa-hook");
	xmem_set_exit(EX_TEMPFAIL);
	if (cli_info("stoa-hook", argc, argv, 1, usage_text))
		return 0;
	if (parse_args(argc, argv, &confarg, &a, &verbose) != 0)
		defer("bad arguments (see stoa-hook --help)");
	log_set_stderr(verbose != 0, verbose != 0);
	if (clock_init_from_env() != 0)
		defer("bad STOA_NOW");
	if (conf_load(conf_path(confarg), &why) != 0) {
		/* the admin's file, not message content: safe to show */
		log_err("config error=%s", buf_cstr(&why));
		fprintf(stderr, "stoa-hook: %s, will retry\n", buf_cstr(&why));
		exit(EX_TEMPFAIL);
	}
	buf_release(&why);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGALRM, on_alarm);
	alarm((unsigned)conf_hook_deadline);
	/* end of initialisation */
	if (approve_held != NULL) {
		rc = operator_approve(approve_held);
		conf_free();
		return rc;
	}
	rc = ingest_read(stdin, &a);
	if (rc == 0)
		rc = ingest_run(&a);
	ingest_args_release(&a);
	conf_free();
	if (exit_code(rc) == EX_TEMPFAIL)
		defer(rc == E_TEMP ? "temporary failure" : "internal error");
	return exit_code(rc);
}

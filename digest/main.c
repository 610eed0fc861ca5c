/*
 * main.c - stoa-digest: the scheduler and the only program that sends.
 *
 *   stoa-digest [-c CONF] [-v] run [--now YYYY-MM-DDTHH:MM[:SS][Z]]
 *   stoa-digest [-c CONF] [-v] deliver
 *
 * `run` enqueues whatever is due at --now and then delivers the outbox;
 * `deliver` only delivers.  A pass is idempotent.  Exit 0 after a pass
 * even when some sends failed (the outbox retries them), 78 for a bad
 * config, 75 when the database is unavailable.
 */
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
#include "log.h"
#include "sched.h"
#include "store.h"
#include "wake.h"
#include "xmalloc.h"

static const char usage_text[] =
    "usage: stoa-digest [-c CONF] [-v] run [--now TIME]\n"
    "       stoa-digest [-c CONF] [-v] deliver\n"
    "       stoa-digest [-c CONF] [-v] --daemon\n"
    "       stoa-digest [-c CONF] status\n"
    "\n"
    "run      enqueue what is due at TIME (default: now) - weekly digests,\n"
    "         moderator drafts, prompts - then deliver the outbox\n"
    "deliver  only deliver the outbox\n"
    "--daemon a run pass every minute, and at once when stoa-hook stores\n"
    "         mail (or on SIGUSR1), until SIGTERM (for a systemd service);\n"
    "         SIGHUP rereads the config file\n"
    "status   outbox rows per state and the age of the oldest waiting one\n"
    "\n"
    "TIME is ISO-8601 UTC, e.g. 2026-01-05T09:00:00Z.  Run it from cron\n"
    "every minute.  Exit status: 0 pass done (failed sends are retried\n"
    "later), 64 usage, 75 database unavailable, 78 configuration error.\n"
    "--help prints this text and --version the version, and do nothing\n"
    "else, after any command.\n";

#define DAEMON_INTERVAL 60 /* seconds between passes */
#define STATUS_CMD      1  /* parse_cmd: the status command */

static struct store *st;
static const char *conf_file; /* reread on SIGHUP */

static void
cleanup(void)
{
	store_close(st);
	st = NULL;
}

static volatile sig_atomic_t stopping, woken, reloading;

static void
on_signal(int sig)
{
	if (sig == SIGUSR1)
		woken = 1;
	else if (sig == SIGHUP)
		reloading = 1;
	else
		stopping = 1;
}

/*
 * reload - reread the config after SIGHUP, between passes.  A file with
 * errors is logged and the running configuration kept; a new database
 * path reopens the store.  Returns 0 or the store's error.
 */
static int
reload(void)
{
	struct buf why = BUF_INIT(1024);
	char *db = xstrdup(conf_database);
	int rc = 0;

	reloading = 0;
	if (conf_reload(conf_file, &why) != 0) {
		log_err("reload error=config reason=%s (keeping the running "
		        "configuration)",
		    buf_cstr(&why));
		goto out;
	}
	if (strcmp(db, conf_database) != 0) {
		store_close(st);
		st = NULL;
		buf_reset(&why);
		rc = store_open(
		    conf_database, 0, (int)conf_busy_timeout_ms, &st, &why);
		if (rc != 0)
			log_err("reload error=store reason=%s", buf_cstr(&why));
	}
	if (rc == 0)
		log_info(
		    "reload config=%s database=%s", conf_file, conf_database);
out:
	free(db);
	buf_release(&why);
	return rc;
}

/* nap - up to DAEMON_INTERVAL seconds, less when woken or stopped. */
static void
nap(void)
{
	long long stamp = wake_stamp();
	int i;

	for (i = 0; i < DAEMON_INTERVAL && !stopping && !woken && !reloading;
	     i++) {
		sleep(1);
		if (wake_stamp() != stamp)
			break;
	}
	woken = 0;
}

/*
 * pass - one scheduler pass (run) or delivery pass, ending with one line
 * that says what it did (mails queued, sent, failed, still waiting; on
 * stderr with -v).  The outbox is delivered even when scheduling failed;
 * the first error is returned.
 */
static int
pass(bool run)
{
	struct outbox_counts a, b;
	bool counted = store_outbox_counts(st, &a) == 0;
	int rc = run ? sched_run(st, clock_now()) : 0;
	int drc = sched_deliver(st, clock_now());

	if (counted && store_outbox_counts(st, &b) == 0)
		log_info(
		    "pass %s queued=%lld sent=%lld failed=%lld waiting=%lld",
		    run ? "run" : "deliver", b.last_id - a.last_id,
		    b.sent - a.sent, b.failed - a.failed, b.waiting);
	return rc != 0 ? rc : drc;
}

/*
 * run_daemon - a `run` pass every DAEMON_INTERVAL seconds, and at once when
 * the hook touches the wake file or SIGUSR1 arrives, until SIGTERM or
 * SIGINT; SIGHUP rereads the config first.  A busy database only skips a
 * pass.
 */
static int
run_daemon(void)
{
	struct sigaction sa;
	int rc;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	log_info("daemon start interval=%d", DAEMON_INTERVAL);
	while (!stopping) {
		if (reloading && reload() != 0)
			return E_TEMP;
		rc = pass(true);
		if (rc != 0 && rc != E_TEMP && rc != E_NOMEM)
			return rc;
		nap();
	}
	log_info("daemon stop");
	return 0;
}

/* parse_cmd - the command and --now; EX_USAGE on anything else. */
static int
parse_cmd(int argc, char **argv, int i, bool *run)
{
	long long t;

	if (i >= argc)
		return EX_USAGE;
	if (strcmp(argv[i], "status") == 0 && i + 1 == argc)
		return STATUS_CMD;
	if (strcmp(argv[i], "run") == 0)
		*run = true;
	else if (strcmp(argv[i], "deliver") == 0)
		*run = false;
	else
		return EX_USAGE;
	for (i++; i < argc; i++) {
		if (!*run || strcmp(argv[i], "--now") != 0 || i + 1 >= argc)
			return EX_USAGE;
		if (time_parse_iso(argv[++i], &t) != 0) {
			fprintf(stderr,
			    "stoa-digest: --now: not an ISO-8601 "
			    "time: %s\n",
			    argv[i]);
			return EX_USAGE;
		}
		clock_set_now(t);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct buf why = BUF_INIT(1024);
	const char *confarg = NULL;
	bool run = false, verbose = false, as_daemon = false, status = false;
	int i, rc;

	umask(077);
	log_init("stoa-digest");
	if (cli_info("stoa-digest", argc, argv, 1, usage_text))
		return 0;
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-c") == 0 && i + 1 < argc)
			confarg = argv[++i];
		else if (strcmp(argv[i], "-v") == 0)
			verbose = true;
		else if (strcmp(argv[i], "--daemon") == 0)
			as_daemon = true;
		else
			break;
	}
	log_set_stderr(verbose, verbose);
	if (clock_init_from_env() != 0) {
		fprintf(
		    stderr, "stoa-digest: STOA_NOW is not an ISO-8601 time\n");
		return EX_USAGE;
	}
	if (as_daemon && i == argc)
		i = argc; /* --daemon needs no command */
	else if ((rc = parse_cmd(argc, argv, i, &run)) == STATUS_CMD)
		status = true;
	else if (rc != 0) {
		fputs(usage_text, stderr);
		return EX_USAGE;
	}
	conf_file = conf_path(confarg);
	if (conf_load(conf_file, &why) != 0) {
		fprintf(stderr, "stoa-digest: %s\n", buf_cstr(&why));
		buf_release(&why);
		conf_free();
		return EX_CONFIG;
	}
	rc = store_open(conf_database, 0, (int)conf_busy_timeout_ms, &st, &why);
	if (rc != 0) {
		fprintf(stderr, "stoa-digest: %s\n", buf_cstr(&why));
		buf_release(&why);
		conf_free();
		return rc == E_CONFIG ? EX_CONFIG : EX_TEMPFAIL;
	}
	cleanup_set(cleanup);
	/* end of initialisation */
	if (status)
		rc = store_outbox_status(st, clock_now(), stdout);
	else
		rc = as_daemon ? run_daemon() : pass(run);
	if (rc == E_TEMP)
		fprintf(stderr, "stoa-digest: %s\n", store_temp_reason(st));
	else if (rc == E_NOMEM)
		fprintf(stderr, "stoa-digest: out of memory, try again\n");
	cleanup_run();
	buf_release(&why);
	conf_free();
	if (rc == E_TEMP || rc == E_NOMEM)
		return EX_TEMPFAIL;
	if (rc == E_CONFIG) {
		fprintf(
		    stderr, "stoa-digest: configuration error, see the log\n");
		return EX_CONFIG;
	}
	return rc == 0 ? 0 : EX_SOFTWARE;
}

/*
 * main.c - `stoa`, the administrator's command line: init, lists, members,
 * export, secret rotation.  Every error is one line on stderr,
 * "stoa: what went wrong", and a sysexits code.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "admin.h"
#include "cli.h"
#include "clock.h"
#include "conf.h"
#include "err.h"
#include "log.h"
#include "token.h"
#include "wiki_build.h"
#include "xmalloc.h"

int
die_rc(int err, const char *msg)
{
	fprintf(stderr, "stoa: %s\n", msg);
	switch (err) {
	case E_TEMP:
	case E_NOMEM:
		return EX_TEMPFAIL;
	case E_CONFIG:
		return EX_CONFIG;
	case E_NOGROUP:
		return EX_NOUSER;
	case E_PARSE:
	case E_DUP:
	case E_NOTFOUND:
	case E_LIMIT:
		return EX_DATAERR;
	case E_PERM:
		return EX_NOPERM;
	}
	return EX_SOFTWARE;
}

int
opts_parse(int argc, char **argv, struct opt *opts, const char **pos,
    int npos_min, int npos_max, const char *usage)
{
	int i, np = 0;
	struct opt *o;

	for (i = 0; i < argc; i++) {
		if (strncmp(argv[i], "--", 2) != 0 || argv[i][2] == '\0') {
			if (np >= npos_max)
				goto bad;
			pos[np++] = argv[i];
			continue;
		}
		for (o = opts; o != NULL && o->name != NULL; o++)
			if (strcmp(argv[i] + 2, o->name) == 0)
				break;
		if (o == NULL || o->name == NULL) {
			fprintf(stderr, "stoa: unknown option %s (usage: %s)\n",
			    argv[i], usage);
			return EX_USAGE;
		}
		if (!o->has_value) {
			o->value = "";
			continue;
		}
		if (i + 1 >= argc) {
			fprintf(stderr, "stoa: %s needs a value\n", argv[i]);
			return EX_USAGE;
		}
		o->value = argv[++i];
	}
	if (np >= npos_min)
		return 0;
bad:
	fprintf(stderr, "stoa: usage: %s\n", usage);
	return EX_USAGE;
}

int
ctx_open(struct ctx *c)
{
	struct buf why = BUF_INIT(1024);
	int rc;

	rc = store_open(
	    conf_database, 0, (int)conf_busy_timeout_ms, &c->st, &why);
	if (rc != 0) {
		if (why.len == 0)
			buf_addf(
			    &why, "cannot open database %s", conf_database);
		rc = die_rc(rc, buf_cstr(&why));
	}
	buf_release(&why);
	return rc;
}

/*
 * init_secret - create the secret file, or check the existing one as the
 * programs will (mode, owner, format): init is idempotent but never
 * adopts a key file it would later refuse, or one another user planted.
 */
static int
init_secret(struct buf *why)
{
	struct token_keys keys;
	int rc;

	rc = token_keys_create(conf_secret_file, why);
	if (rc != E_DUP)
		return rc;
	buf_reset(why);
	rc = token_keys_load(conf_secret_file, &keys, why);
	token_keys_clear(&keys);
	return rc;
}

static int
cmd_init(struct ctx *c)
{
	struct buf why = BUF_INIT(1024);
	int rc;

	rc = store_open(conf_database, STORE_CREATE, (int)conf_busy_timeout_ms,
	    &c->st, &why);
	if (rc == 0)
		rc = init_secret(&why);
	if (rc != 0) {
		rc = die_rc(rc, buf_cstr(&why));
	} else {
		printf("database %s ready; secret in %s\n", conf_database,
		    conf_secret_file);
	}
	buf_release(&why);
	return rc;
}

static int
cmd_export(struct ctx *c, int argc, char **argv)
{
	struct opt opts[] = {{"json", 0, NULL}, {NULL, 0, NULL}};
	const char *pos[1];
	struct buf why = BUF_INIT(1024);
	int rc;

	rc = opts_parse(argc, argv, opts, pos, 1, 1, "stoa export KIND --json");
	if (rc != 0)
		return rc;
	if (opts[0].value == NULL) {
		fprintf(
		    stderr, "stoa: export needs --json (the only format)\n");
		return EX_USAGE;
	}
	rc = ctx_open(c);
	if (rc != 0)
		return rc;
	rc = store_export(c->st, pos[0], conf_domain, stdout, &why);
	if (rc != 0)
		rc = die_rc(rc, why.len ? buf_cstr(&why) : "export failed");
	buf_release(&why);
	return rc;
}

static int
cmd_backup(struct ctx *c, int argc, char **argv)
{
	struct buf why = BUF_INIT(1024);
	struct stat sb;
	int rc;

	if (argc != 1) {
		fprintf(stderr, "stoa: usage: stoa backup FILE\n");
		return EX_USAGE;
	}
	if (stat(argv[0], &sb) == 0) {
		fprintf(
		    stderr, "stoa: %s exists; choose a new file\n", argv[0]);
		return EX_CANTCREAT;
	}
	rc = ctx_open(c);
	if (rc != 0)
		return rc;
	rc = store_backup(c->st, argv[0], &why);
	if (rc != 0)
		rc = die_rc(rc, buf_cstr(&why));
	else
		printf("backup written to %s\n", argv[0]);
	buf_release(&why);
	return rc;
}

static int
cmd_secret(int argc, char **argv)
{
	struct buf why = BUF_INIT(1024);
	long long until;
	int rc;

	if (argc != 1 || strcmp(argv[0], "rotate") != 0) {
		fprintf(stderr, "stoa: usage: stoa secret rotate\n");
		return EX_USAGE;
	}
	until = clock_now() + conf_secret_grace_days * 86400;
	rc = token_keys_rotate(conf_secret_file, until, &why);
	if (rc != 0)
		return die_rc(rc, buf_cstr(&why));
	printf("new secret in %s; the previous one is accepted for %lld days\n",
	    conf_secret_file, conf_secret_grace_days);
	buf_release(&why);
	return 0;
}

static int
dispatch(struct ctx *c, int argc, char **argv)
{
	const char *cmd = argv[0];

	if (strcmp(cmd, "init") == 0 && argc == 1)
		return cmd_init(c);
	if (strcmp(cmd, "check") == 0)
		return cmd_check(c, argc - 1, argv + 1);
	if (strcmp(cmd, "held") == 0)
		return cmd_held(c, argc - 1, argv + 1);
	if (strcmp(cmd, "list") == 0)
		return cmd_list(c, argc - 1, argv + 1);
	if (strcmp(cmd, "member") == 0)
		return cmd_member(c, argc - 1, argv + 1);
	if (strcmp(cmd, "export") == 0)
		return cmd_export(c, argc - 1, argv + 1);
	if (strcmp(cmd, "secret") == 0)
		return cmd_secret(argc - 1, argv + 1);
	if (strcmp(cmd, "backup") == 0)
		return cmd_backup(c, argc - 1, argv + 1);
	if (strcmp(cmd, "wiki") == 0)
		return cmd_wiki(c, argc - 1, argv + 1);
	if (strcmp(cmd, "quiz") == 0)
		return cmd_quiz(c, argc - 1, argv + 1);
	if (strcmp(cmd, "mentor") == 0)
		return cmd_mentor(c, argc - 1, argv + 1);
	if (strcmp(cmd, "group") == 0)
		return cmd_group(c, argc - 1, argv + 1);
	if (strcmp(cmd, "reflect") == 0)
		return cmd_reflect(c, argc - 1, argv + 1);
	if (strcmp(cmd, "report") == 0)
		return cmd_report(c, argc - 1, argv + 1);
	if (strcmp(cmd, "site") == 0)
		return cmd_site(c, argc - 1, argv + 1);
	if (strcmp(cmd, "badge") == 0)
		return cmd_badge(c, argc - 1, argv + 1);
	if (strcmp(cmd, "postfix-maps") == 0)
		return cmd_postfix_maps(c, argc - 1, argv + 1);
	if (strcmp(cmd, "help") == 0) {
		fputs(admin_usage, stdout);
		return 0;
	}
	fprintf(
	    stderr, "stoa: unknown command \"%s\" (try stoa --help)\n", cmd);
	return EX_USAGE;
}

/* command_index - where the command is, after -c CONF and -v. */
static int
command_index(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++)
		if (strcmp(argv[i], "-c") == 0)
			i++;
	return i;
}

static struct ctx ctx;

static void
cleanup(void)
{
	store_close(ctx.st);
	ctx.st = NULL;
}

int
main(int argc, char **argv)
{
	struct buf why = BUF_INIT(1024);
	const char *confarg = NULL;
	int i, rc, verbose = 0;

	umask(077);
	log_init("stoa");
	log_set_syslog(false);
	i = command_index(argc, argv);
	if (cli_info(
	        "stoa", argc, argv, 1, admin_help(i < argc ? argv[i] : "")))
		return 0;
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-c") == 0 && i + 1 < argc) {
			confarg = argv[++i];
		} else if (strcmp(argv[i], "-v") == 0) {
			verbose = 1;
		} else {
			fprintf(stderr,
			    "stoa: unknown option %s (try stoa --help)\n",
			    argv[i]);
			return EX_USAGE;
		}
	}
	log_set_stderr(verbose != 0, verbose != 0);
	if (i >= argc) {
		fputs(admin_usage, stderr);
		return EX_USAGE;
	}
	ctx.conf_path = conf_path(confarg);
	if (clock_init_from_env() != 0)
		return die_rc(E_CONFIG, "STOA_NOW is not an ISO-8601 time");
	rc = conf_load(ctx.conf_path, &why);
	if (rc != 0) {
		rc = die_rc(E_CONFIG, buf_cstr(&why));
		buf_release(&why);
		conf_free();
		return rc;
	}
	cleanup_set(cleanup);
	/* end of initialisation */
	rc = dispatch(&ctx, argc - i, argv + i);
	cleanup_run();
	conf_free();
	return rc;
}

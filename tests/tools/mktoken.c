/*
 * mktoken.c - issue one capability token for tests (case files).
 *
 *   mktoken -c CONF [-e SECONDS] KIND OBJECT MEMBER
 *
 * Loads the config (for secret_file) and the key, and prints the token of
 * KIND ('a'..'z') for OBJECT and MEMBER, valid until now + SECONDS
 * (default: token_ttl_days; negative for an expired token).  The clock
 * follows STOA_NOW like the programs.  Exit 0, or 2 with a one-line
 * reason on stderr.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "clock.h"
#include "conf.h"
#include "err.h"
#include "token.h"

static int
usage(void)
{
	fputs(
	    "usage: mktoken -c CONF [-e SECONDS] KIND OBJECT MEMBER\n", stderr);
	return 2;
}

int
main(int argc, char **argv)
{
	struct buf why = BUF_INIT(1024);
	struct token_keys k;
	struct token t;
	char out[MAX_TOKEN_CHARS + 1];
	const char *conf = NULL;
	unsigned long long object, member;
	long long ttl = 0;
	bool have_ttl = false;
	int i = 1, rc;

	for (; i + 1 < argc && argv[i][0] == '-'; i += 2) {
		if (strcmp(argv[i], "-c") == 0)
			conf = argv[i + 1];
		else if (strcmp(argv[i], "-e") == 0 &&
		    parse_i64(argv[i + 1], -(1LL << 40), 1LL << 40, &ttl) == 0)
			have_ttl = true;
		else
			return usage();
	}
	if (conf == NULL || argc - i != 3 || strlen(argv[i]) != 1 ||
	    parse_u64(argv[i + 1], INT64_MAX, &object) != 0 ||
	    parse_u64(argv[i + 2], INT64_MAX, &member) != 0)
		return usage();
	if (clock_init_from_env() != 0 || conf_load(conf, &why) != 0 ||
	    token_keys_load(conf_secret_file, &k, &why) != 0) {
		fprintf(stderr, "mktoken: %s\n", buf_cstr(&why));
		buf_release(&why);
		conf_free();
		return 2;
	}
	if (!have_ttl)
		ttl = conf_token_ttl_days * 86400;
	t = (struct token){argv[i][0], object, member, clock_now() + ttl};
	rc = token_issue(&k, &t, out);
	token_keys_clear(&k);
	conf_free();
	buf_release(&why);
	if (rc != 0) {
		fprintf(stderr, "mktoken: %s\n", err_name(rc));
		return 2;
	}
	printf("%s\n", out);
	return 0;
}

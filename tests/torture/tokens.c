/*
 * tokens.c - forged and mutated capability tokens through the hook's own
 * code, in one process (10^6 hook processes would take hours).
 *
 *   tokens -c CONF COUNT SEED
 *
 * Each round builds one address LIST+x-TOKEN@ (x one of r b w k c u m q)
 * whose TOKEN is a forgery: random base32 or random bytes, a genuine
 * token with characters substituted, inserted, deleted or cut off, a
 * genuine token of another kind, or a genuine token that has expired.
 * The message (From one of the members or a stranger, a body holding
 * every command word) goes through ingest_read + ingest_run exactly as
 * stoa-hook runs them, minus the process start.  A token that verifies
 * and fits its address is not a forgery and is not sent (counted as
 * "genuine").  Prints the rounds per result code; the effects on the
 * database are checked by tokens.py.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "clock.h"
#include "conf.h"
#include "err.h"
#include "ingest.h"
#include "log.h"
#include "token.h"
#include "xmalloc.h"

static const char addr_kinds[] = "rbwkcumq";
static const char b32[] = "abcdefghijklmnopqrstuvwxyz234567";
static const char *const froms[] = {"ana@example.com", "ben@example.com",
    "cleo@example.com", "eve@example.org"};

/* genuine - a real token of kind for small ids; expired when asked. */
static void
genuine(const struct token_keys *k, char kind, bool expired,
    char out[MAX_TOKEN_CHARS + 1])
{
	struct token t = {kind, (unsigned long long)(rand() % 6),
	    (unsigned long long)(rand() % 5),
	    clock_now() +
	        (expired ? -3600 * (1 + rand() % 100)
	                 : 86400 * (1 + rand() % 30))};

	if (token_issue(k, &t, out) != 0)
		out[0] = '\0';
}

static void
random_text(char *out, size_t max, bool bytes)
{
	size_t i, n = 1 + (size_t)rand() % max;

	for (i = 0; i < n; i++)
		out[i] = bytes ? (char)(33 + rand() % 94) : b32[rand() % 32];
	out[n] = '\0';
	if (bytes) /* no address syntax of its own */
		for (i = 0; i < n; i++)
			if (strchr("@<>\\\"(),;:[] ", out[i]) != NULL)
				out[i] = 'x';
}

/* mutate - edit a genuine token in place: substitute, insert, delete, cut. */
static void
mutate(char *s, size_t cap)
{
	size_t n = strlen(s), i = n > 0 ? (size_t)rand() % n : 0;
	int edits = 1 + rand() % 3;

	while (edits-- > 0 && n > 0) {
		i = (size_t)rand() % n;
		switch (rand() % 4) {
		case 0:
			s[i] = b32[rand() % 32];
			break;
		case 1:
			if (n + 1 < cap) {
				memmove(s + i + 1, s + i, n - i + 1);
				s[i] = b32[rand() % 32];
				n++;
			}
			break;
		case 2:
			memmove(s + i, s + i + 1, n - i);
			n--;
			break;
		default:
			s[i] = '\0';
			n = i;
		}
	}
}

/*
 * forge - one token for address kind x into tok; false when it is a
 * genuine, usable one (not sent).
 */
static bool
forge(const struct token_keys *k, char x, char *tok, size_t cap)
{
	struct token t;
	int how = rand() % 6, rc;
	char kind = x;

	if (how == 4) /* another kind's genuine token */
		while (kind == x || (x == 'm' && kind == 'd'))
			kind = "rbwkcumqdae"[rand() % 11];
	if (how == 0 || how == 1) {
		random_text(tok, cap - 1 < 45 ? cap - 1 : 45, how == 1);
	} else {
		genuine(k, kind, how == 5, tok);
		if (how != 4 && how != 5)
			mutate(tok, cap);
	}
	rc = token_verify(k, tok, clock_now(), &t);
	return !(rc == 0 && (t.kind == x || (x == 'm' && t.kind == 'd')));
}

static int
one(const char *list, char x, const char *tok, const char *from, long n)
{
	struct ingest_args a = {NULL, "", NULL, 0, 0};
	struct buf rcpt = BUF_INIT(256), msg = BUF_INIT(1024);
	FILE *f;
	int rc;

	buf_addf(&rcpt, "%s+%c-%s@learn.example", list, x, tok);
	buf_addf(&msg,
	    "From: <%s>\nTo: %s\nSubject: Re: forged %ld\n"
	    "Message-ID: <tok%ld@example.net>\n\n"
	    "approve\nconfirm\nyes\nunsubscribe\nB\n= Title =\nnew text\n",
	    from, buf_cstr(&rcpt), n, n);
	a.recipient = buf_cstr(&rcpt);
	a.sender = from;
	f = fmemopen(msg.data, msg.len, "r");
	rc = f != NULL ? ingest_read(f, &a) : E_NOMEM;
	if (f != NULL)
		fclose(f);
	if (rc == 0)
		rc = ingest_run(&a);
	ingest_args_release(&a);
	buf_release(&rcpt);
	buf_release(&msg);
	return rc;
}

int
main(int argc, char **argv)
{
	struct buf why = BUF_INIT(512);
	struct token_keys k;
	char tok[128];
	long i, count, results[16] = {0}, skipped = 0;
	char x;
	int rc;

	if (argc != 5 || strcmp(argv[1], "-c") != 0)
		return fputs("usage: tokens -c CONF COUNT SEED\n", stderr), 2;
	log_init("stoa-hook");
	log_set_syslog(false);
	count = strtol(argv[3], NULL, 10);
	srand((unsigned)strtoul(argv[4], NULL, 10));
	if (clock_init_from_env() != 0 || conf_load(argv[2], &why) != 0 ||
	    token_keys_load(conf_secret_file, &k, &why) != 0)
		return fprintf(stderr, "tokens: %s\n", buf_cstr(&why)), 2;
	for (i = 0; i < count; i++) {
		x = addr_kinds[rand() % (int)(sizeof addr_kinds - 1)];
		if (!forge(&k, x, tok, sizeof tok)) {
			skipped++;
			continue;
		}
		rc = one(rand() % 8 ? "learn" : "other", x, tok,
		    froms[rand() % 4], i);
		if (rc != 0 && getenv("TOKENS_DEBUG") != NULL)
			fprintf(stderr, "%c %s %s\n", x, tok, err_name(rc));
		results[-rc & 15]++;
	}
	printf("tokens: %ld rounds, %ld genuine (not sent)", count, skipped);
	for (i = 0; i < 16; i++)
		if (results[i] > 0)
			printf(", %s %ld", err_name((int)-i), results[i]);
	printf("\n");
	token_keys_clear(&k);
	conf_free();
	buf_release(&why);
	return 0;
}

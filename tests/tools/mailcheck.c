/*
 * mailcheck.c - parse delivered messages with Stoa's MIME layer (libetpan)
 * and print chosen headers, so tests assert on what members receive.
 *
 *   mailcheck [-r HEADER]... [-p HEADER]... FILE...
 *
 * -r: the header must be present (exit 1 and say which file lacks it);
 * -p: print "NAME: value" for each file (missing ones print nothing);
 * -H OUT: write the (decoded) HTML part of the last file to OUT;
 * -T OUT: the same for its text.
 * Every file must parse; the last line is "N passed, N failed".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mime.h"
#include "xmalloc.h"

#define MAX_ARGS 32

static char *
slurp(const char *path, size_t *len)
{
	struct buf b = BUF_INIT(64 * 1024 * 1024);
	char chunk[65536];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (f == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return buf_detach(&b);
}

/* check - one file; returns true when it parses and has every -r header. */
/* write_part - a decoded part (html or text) into path; false if none. */
static bool
write_part(const char *part, const char *path)
{
	FILE *f;
	bool ok;

	if (part == NULL)
		return false;
	f = fopen(path, "w");
	if (f == NULL)
		return false;
	ok = fputs(part, f) >= 0;
	return fclose(f) == 0 && ok;
}

static const char *html_out, *text_out;

static bool
check(const char *path, const char **req, int nreq, const char **pr, int npr)
{
	struct buf why = BUF_INIT(256);
	struct msg *m = NULL;
	size_t len = 0;
	char *raw = slurp(path, &len);
	bool ok = raw != NULL;
	int i;

	if (ok && mime_parse(raw, len, NULL, &m, &why) != 0) {
		printf("FAIL %s: does not parse: %s\n", path, buf_cstr(&why));
		ok = false;
	}
	for (i = 0; ok && i < nreq; i++)
		if (msg_header(m, req[i]) == NULL) {
			printf("FAIL %s: no %s header\n", path, req[i]);
			ok = false;
		}
	for (i = 0; ok && i < npr; i++)
		if (msg_header(m, pr[i]) != NULL)
			printf("%s: %s\n", pr[i], msg_header(m, pr[i]));
	if (ok && html_out != NULL && !write_part(m->html, html_out)) {
		printf("FAIL %s: no HTML part to write\n", path);
		ok = false;
	}
	if (ok && text_out != NULL && !write_part(m->text, text_out)) {
		printf("FAIL %s: no text to write\n", path);
		ok = false;
	}
	msg_free(m);
	free(raw);
	buf_release(&why);
	return ok;
}

int
main(int argc, char **argv)
{
	const char *req[MAX_ARGS], *pr[MAX_ARGS];
	int nreq = 0, npr = 0, i, pass = 0, fail = 0;

	for (i = 1; i + 1 < argc && argv[i][0] == '-'; i += 2) {
		if (strcmp(argv[i], "-r") == 0 && nreq < MAX_ARGS)
			req[nreq++] = argv[i + 1];
		else if (strcmp(argv[i], "-p") == 0 && npr < MAX_ARGS)
			pr[npr++] = argv[i + 1];
		else if (strcmp(argv[i], "-H") == 0)
			html_out = argv[i + 1];
		else if (strcmp(argv[i], "-T") == 0)
			text_out = argv[i + 1];
		else {
			fprintf(stderr,
			    "usage: mailcheck [-r H]... [-p H]... "
			    "FILE...\n");
			return 2;
		}
	}
	for (; i < argc; i++) {
		if (check(argv[i], req, nreq, pr, npr))
			pass++;
		else
			fail++;
	}
	printf("%d passed, %d failed\n", pass, fail);
	return fail != 0;
}

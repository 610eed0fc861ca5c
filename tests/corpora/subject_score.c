/*
 * subject_score.c - score subject.c against MailKit's (JWZ's) cases.
 *
 * Usage: subject_score [-v] DIR   (DIR = .../mailkit-threading)
 *
 * threadable-subject.tsv: each row passes when subject_base() and
 * subject_reply_depth() both equal the expected values.
 * case-subject.messages.tsv: the messages are threaded the way IMAP
 * ORDEREDSUBJECT does (RFC 5256: group by base subject, the first message
 * of a group is the parent of the others, arrival order), printed as
 * case-subject.expected.txt prints them, and compared line by line.
 * Prints "mailkit-subject: passed/total (pct%)".
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "subject.h"
#include "xmalloc.h"

#define MAX_ROWS 256
#define MAX_LINE 4096

static bool verbose;

/* field - the n-th tab-separated field of line, copied; "" when absent. */
static char *
field(const char *line, int n)
{
	const char *p = line, *q;

	while (n-- > 0) {
		p = strchr(p, '\t');
		if (p == NULL)
			return xstrdup("");
		p++;
	}
	q = p + strcspn(p, "\t\r\n");
	return xstrndup(p, (size_t)(q - p));
}

static int
threadable(const char *dir, int *pass, int *total)
{
	char path[MAX_LINE], line[MAX_LINE], *subj, *want, *depth, *got;
	FILE *f;
	unsigned long d;
	bool ok;

	snprintf(path, sizeof(path), "%s/threadable-subject.tsv", dir);
	f = fopen(path, "r");
	if (f == NULL)
		return -1;
	if (fgets(line, sizeof(line), f) == NULL) { /* header */
		fclose(f);
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		subj = field(line, 0);
		want = field(line, 1);
		depth = field(line, 2);
		got = subject_base(subj);
		d = strtoul(depth, NULL, 10);
		ok = strcmp(got, want) == 0 && subject_reply_depth(subj) == d;
		(*total)++;
		*pass += ok;
		if (!ok && verbose)
			printf("FAIL threadable \"%s\": got \"%s\" depth %u, "
			       "want \"%s\" depth %lu\n",
			    subj, got, subject_reply_depth(subj), want, d);
		free(subj);
		free(want);
		free(depth);
		free(got);
	}
	fclose(f);
	return 0;
}

static int
ordered_subject(const char *dir, int *pass, int *total)
{
	char path[MAX_LINE], line[MAX_LINE];
	char *subj[MAX_ROWS], *base[MAX_ROWS];
	bool done[MAX_ROWS];
	struct buf out = BUF_INIT(1 << 20);
	FILE *f;
	size_t n = 0, i, j;
	const char *p, *q, *e;

	snprintf(path, sizeof(path), "%s/case-subject.messages.tsv", dir);
	f = fopen(path, "r");
	if (f == NULL)
		return -1;
	if (fgets(line, sizeof(line), f) == NULL) {
		fclose(f);
		return -1;
	}
	while (n < MAX_ROWS && fgets(line, sizeof(line), f) != NULL) {
		subj[n] = field(line, 1);
		base[n] = subject_base(subj[n]);
		done[n] = false;
		n++;
	}
	fclose(f);
	for (i = 0; i < n; i++) {
		if (done[i])
			continue;
		buf_addf(&out, "%s\n", subj[i]);
		for (j = i + 1; j < n; j++) {
			if (!done[j] && strcmp(base[i], base[j]) == 0) {
				buf_addf(&out, "   %s\n", subj[j]);
				done[j] = true;
			}
		}
	}
	snprintf(path, sizeof(path), "%s/case-subject.expected.txt", dir);
	f = fopen(path, "r");
	if (f == NULL)
		return -1;
	p = buf_cstr(&out);
	while (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '\0')
			continue;
		q = strchr(p, '\n');
		e = q != NULL ? q : p + strlen(p);
		(*total)++;
		if ((size_t)(e - p) == strlen(line) &&
		    memcmp(p, line, strlen(line)) == 0)
			(*pass)++;
		else if (verbose)
			printf("FAIL case-subject: got \"%.*s\", want \"%s\"\n",
			    (int)(e - p), p, line);
		p = q != NULL ? q + 1 : e;
	}
	fclose(f);
	for (i = 0; i < n; i++) {
		free(subj[i]);
		free(base[i]);
	}
	buf_release(&out);
	return 0;
}

int
main(int argc, char **argv)
{
	int pass = 0, total = 0;

	if (argc > 1 && strcmp(argv[1], "-v") == 0) {
		verbose = true;
		argc--;
		argv++;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: subject_score [-v] DIR\n");
		return 2;
	}
	if (threadable(argv[1], &pass, &total) != 0 ||
	    ordered_subject(argv[1], &pass, &total) != 0) {
		fprintf(stderr, "subject_score: cannot read %s\n", argv[1]);
		return 2;
	}
	printf("mailkit-subject: %d/%d (%.1f%%)\n", pass, total,
	    total > 0 ? 100.0 * pass / total : 0.0);
	return 0;
}

/* t.c - the unit-test harness (see t.h). */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "t.h"

static int passed, failed;
static char tmpdir[256];

void
t_ok(const char *name, bool cond, const char *file, int line)
{
	if (cond) {
		passed++;
		return;
	}
	failed++;
	printf("FAIL %s (%s:%d)\n", name, file, line);
}

void
t_eq_int(
    const char *name, long long got, long long want, const char *file, int line)
{
	if (got == want) {
		passed++;
		return;
	}
	failed++;
	printf("FAIL %s: got %lld, want %lld (%s:%d)\n", name, got, want, file,
	    line);
}

void
t_eq_str(const char *name, const char *got, const char *want, const char *file,
    int line)
{
	if (got != NULL && want != NULL && strcmp(got, want) == 0) {
		passed++;
		return;
	}
	if (got == NULL && want == NULL) {
		passed++;
		return;
	}
	failed++;
	printf("FAIL %s: got \"%s\", want \"%s\" (%s:%d)\n", name,
	    got ? got : "(null)", want ? want : "(null)", file, line);
}

const char *
t_tmpdir(void)
{
	if (tmpdir[0] == '\0') {
		snprintf(tmpdir, sizeof tmpdir, "/tmp/stoa-unit-XXXXXX");
		if (mkdtemp(tmpdir) == NULL) {
			perror("mkdtemp");
			exit(2);
		}
	}
	return tmpdir;
}

const char *
t_write(const char *name, const char *content)
{
	static char path[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", t_tmpdir(), name);
	f = fopen(path, "w");
	if (f == NULL) {
		perror(path);
		exit(2);
	}
	fputs(content, f);
	fclose(f);
	return path;
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

int
t_done(void)
{
	if (tmpdir[0] != '\0' && failed == 0)
		nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}

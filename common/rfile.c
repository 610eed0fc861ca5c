/*
 * rfile.c - open a named input file only when it is a regular file of a
 * bounded size (see rfile.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "rfile.h"

/* check_type - 0 when st is a regular file of at most max bytes. */
static int
check_type(
    const char *path, const struct stat *st, long long max, struct buf *why)
{
	if (S_ISDIR(st->st_mode))
		buf_addf(why, "%s: is a directory", path);
	else if (!S_ISREG(st->st_mode))
		buf_addf(why, "%s: not a regular file", path);
	else if ((long long)st->st_size > max)
		buf_addf(why, "%s: larger than %lld bytes", path, max);
	else
		return 0;
	return E_PARSE;
}

int
rfile_open(const char *path, long long max, FILE **fp, struct buf *why)
{
	struct stat st;
	int fd, rc;

	*fp = NULL;
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd == -1) {
		buf_addf(why, "%s: %s", path, strerror(errno));
		return E_NOTFOUND;
	}
	if (fstat(fd, &st) != 0) {
		buf_addf(why, "%s: %s", path, strerror(errno));
		rc = E_NOTFOUND;
	} else
		rc = check_type(path, &st, max, why);
	/* a regular file never blocks; clear the flag for stdio anyway */
	if (rc == 0 && fcntl(fd, F_SETFL, 0) == -1) {
		buf_addf(why, "%s: %s", path, strerror(errno));
		rc = E_NOTFOUND;
	}
	if (rc == 0)
		*fp = fdopen(fd, "r");
	if (rc == 0 && *fp == NULL) {
		buf_addf(why, "%s: %s", path, strerror(errno));
		rc = E_NOTFOUND;
	}
	if (rc != 0)
		close(fd);
	return rc;
}

int
rfile_write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w == -1 && errno == EINTR)
			continue;
		if (w == -1)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/*
 * outdir.c - writing the files of a static site (outdir.h).  Writes go to
 * a temporary file renamed over the old one, so a reader never sees half
 * a page; an unchanged file is compared and kept.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "outdir.h"

/* same_bytes - path is a regular file holding exactly b. */
static bool
same_bytes(const char *path, const struct buf *b)
{
	char chunk[65536];
	struct stat sb;
	size_t off = 0;
	ssize_t r;
	bool same;
	int fd;

	fd = open(path, O_RDONLY | O_NOFOLLOW);
	if (fd < 0)
		return false;
	same = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    (size_t)sb.st_size == b->len;
	while (same && off < b->len) {
		r = read(fd, chunk, sizeof chunk);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0 || (size_t)r > b->len - off ||
		    memcmp(chunk, b->data + off, (size_t)r) != 0)
			same = false;
		else
			off += (size_t)r;
	}
	close(fd);
	return same;
}

/* write_all - b to fd; 0 or an errno. */
static int
write_all(int fd, const struct buf *b)
{
	size_t off = 0;
	ssize_t w;

	while (off < b->len) {
		w = write(fd, b->data + off, b->len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return w < 0 ? errno : EIO;
		off += (size_t)w;
	}
	return 0;
}

int
outdir_write(const char *dir, const char *name, const struct buf *b,
    bool *wrote, struct buf *why)
{
	struct buf path = BUF_INIT(4096), tmp = BUF_INIT(4096);
	int fd, e = 0, rc = 0;

	if (wrote != NULL)
		*wrote = false;
	buf_addf(&path, "%s/%s", dir, name);
	buf_addf(&tmp, "%s/.%s.tmp", dir, name);
	if (same_bytes(buf_cstr(&path), b))
		goto out;
	fd = open(
	    buf_cstr(&tmp), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0644);
	if (fd < 0 || fchmod(fd, 0644) != 0)
		e = errno;
	if (e == 0)
		e = write_all(fd, b);
	if (fd >= 0 && close(fd) != 0 && e == 0)
		e = errno;
	if (e == 0 && rename(buf_cstr(&tmp), buf_cstr(&path)) != 0)
		e = errno;
	if (e != 0) {
		(void)unlink(buf_cstr(&tmp));
		buf_addf(
		    why, "cannot write %s: %s", buf_cstr(&path), strerror(e));
		rc = e == ENOSPC || e == EIO ? E_TEMP : E_PERM;
	} else if (wrote != NULL)
		*wrote = true;
out:
	buf_release(&path);
	buf_release(&tmp);
	return rc;
}

int
outdir_mkdir(const char *dir, struct buf *why)
{
	struct stat sb;

	if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
		buf_addf(why, "cannot create %s: %s", dir, strerror(errno));
		return E_PERM;
	}
	if (lstat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		buf_addf(why, "%s is not a directory", dir);
		return E_PERM;
	}
	(void)chmod(dir, 0755);
	return 0;
}

bool
outdir_safe_name(const char *s)
{
	return s[0] != '\0' && s[0] != '.' && strchr(s, '/') == NULL;
}

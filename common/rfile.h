/*
 * rfile.h - open a file that a person named (a config file, a CSV import)
 * for reading, refusing what is not a regular file or is too large.
 *
 * fopen() on a FIFO blocks until a writer comes, and /dev/zero never
 * ends; a directory opens and then fails to read.  rfile_open() opens
 * without blocking, checks the type and size with fstat() on the open
 * descriptor (no race with a rename), and only then hands out a stdio
 * stream.  Non-goals: symlink policy (a link to a regular file is fine),
 * files that grow while read (the reader's own limits still apply).
 */
#ifndef STOA_RFILE_H
#define STOA_RFILE_H

#include <stdio.h>

#include "buf.h"

/*
 * rfile_open - open path for reading into *fp (caller fcloses).  Returns
 * 0; E_PARSE with "PATH: is a directory", "PATH: not a regular file" or
 * "PATH: larger than MAX bytes" in why; E_NOTFOUND with "PATH: strerror"
 * when it cannot be opened (missing, no permission).
 */
int rfile_open(const char *path, long long max, FILE **fp, struct buf *why);
/*
 * rfile_write_all - write p[0..n) to fd, retrying short writes and EINTR
 * (for the files Stoa writes whole: the secret, the Postfix maps).
 * Returns 0, or -1 with errno set.
 */
int rfile_write_all(int fd, const char *p, size_t n);

#endif

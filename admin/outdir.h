/*
 * outdir.h - files of a static site (`stoa wiki build`, `stoa site
 * build`): directories 0755, files 0644 so a web server can read them,
 * never through a symbolic link, and a file whose bytes would not change
 * is left alone (same inode and mtime), so a rebuild rewrites only what
 * changed.
 */
#ifndef STOA_ADMIN_OUTDIR_H
#define STOA_ADMIN_OUTDIR_H

#include <stdbool.h>

#include "buf.h"

/*
 * outdir_write - b into dir/name unless that file already holds exactly
 * b; *wrote (may be NULL) says whether it was written.  0 or an enum err
 * with why set.
 */
int outdir_write(const char *dir, const char *name, const struct buf *b,
    bool *wrote, struct buf *why);
/* outdir_mkdir - dir with mode 0755 (an existing directory is fine). */
int outdir_mkdir(const char *dir, struct buf *why);
/* outdir_safe_name - s is usable as one path component (no /, no dot). */
bool outdir_safe_name(const char *s);

#endif

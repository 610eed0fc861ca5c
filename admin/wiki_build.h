/*
 * wiki_build.h - `stoa wiki build OUTDIR`: the wiki as static HTML
 * (admin/wiki.c).
 */
#ifndef STOA_ADMIN_WIKI_BUILD_H
#define STOA_ADMIN_WIKI_BUILD_H

#include "admin.h"

/* cmd_wiki - "stoa wiki build OUTDIR"; returns an exit code. */
int cmd_wiki(struct ctx *c, int argc, char **argv);
/*
 * wiki_build - write OUTDIR/index.html, OUTDIR/LIST/index.html,
 * OUTDIR/LIST/SLUG.html and OUTDIR/LIST/SLUG.history.html for every page
 * (directories made as needed, files replaced).  0 or an enum err with
 * why set.
 */
int wiki_build(struct store *st, const char *outdir, struct buf *why);
/*
 * wiki_build_list - wiki_build() of one list's pages only (list_id 0: of
 * all).  Files whose bytes would not change are left alone.
 */
int wiki_build_list(
    struct store *st, const char *outdir, long long list_id, struct buf *why);

#endif

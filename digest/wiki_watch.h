/*
 * wiki_watch.h - change notices for watched wiki pages (docs/wiki.md).
 */
#ifndef STOA_WIKI_WATCH_H
#define STOA_WIKI_WATCH_H

#include "store.h"

/*
 * wiki_notify - for every watch whose page moved past what the member
 * saw and who had no notice for it in the last hour, queue one notice
 * with the diff (or, when every new revision is the member's own, just
 * mark it seen).  One transaction per notice.  0 or an enum err.
 */
int wiki_notify(struct store *st, long long now);

#endif

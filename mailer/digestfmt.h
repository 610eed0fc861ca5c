/*
 * digestfmt.h - what both stoa-digest (the first draft, the digest) and
 * stoa-hook (curation replies) need to put a weekly digest or its draft
 * into words: excerpts, "who took part" lines, the draft mail to one
 * moderator, the one-line change notice, and the list headers of
 * RFC 2369/8058.  docs/digest.md describes the mails.
 *
 * Non-goals: selection and scheduling (digest/), curation commands
 * (mta-hook/curate.c), SQL (db/store_digest.c).
 */
#ifndef STOA_DIGESTFMT_H
#define STOA_DIGESTFMT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "compose.h"
#include "store.h"
#include "store_digest.h"
#include "tmpl.h"
#include "token.h"

#define DIGESTFMT_EXCERPT 280 /* bytes of an item's excerpt */
#define DIGESTFMT_NAMES   3   /* names before "and N others" */

/*
 * digestfmt_excerpt - text with runs of white space made one space, cut
 * at a word boundary to at most max bytes with "..." appended when cut.
 * Appends to out.
 */
void digestfmt_excerpt(const char *text, size_t max, struct buf *out);

/*
 * digestfmt_people - "Ana", "Ana and Ben", "Ana, Ben and Chloe", "Ana,
 * Ben, Chloe and 2 others" from "\n"-separated names.  Appends to out.
 */
void digestfmt_people(const char *names, struct buf *out);

/*
 * digestfmt_when - send_at (ISO UTC) as local time in tz, e.g.
 * "Monday 12 January 2026, 09:00 (Europe/Berlin)".  Appends to out.
 */
void digestfmt_when(const char *iso, const char *tz, struct buf *out);

/*
 * digestfmt_counts - the "this week" line of d: "12 posts in 5 threads
 * from 7 people; 2 new members" ("" for an empty week).
 */
void digestfmt_counts(const struct digest_rec *d, struct buf *out);

/* digestfmt_section - the heading of a section: thread, question, joined. */
const char *digestfmt_section(const char *section);

/* What one draft mail says besides the draft itself. */
struct digestfmt_draft {
	const struct list_rec *list;
	const struct digest_person *to; /* a moderator or owner */
	long long digest_id;
	const char *dedupe_key;
	const char *in_reply_to;    /* the curation reply answered, or NULL */
	const char *changes;        /* "\n"-separated lines applied, or "" */
	const char *not_understood; /* "\n"-separated lines, or "" */
};

/*
 * digestfmt_draft_queue - render templates/digest-draft.* for d and queue
 * it to d->to with Reply-To LIST+m-TOKEN@ (a 'd' token: object the
 * digest, member the moderator, valid until a day after the send).
 * Returns 0 or an enum err (E_PARSE for a template problem).
 */
int digestfmt_draft_queue(struct store *st, const struct token_keys *keys,
    const struct digestfmt_draft *d, struct buf *why);

/*
 * digestfmt_change_queue - queue the one-line notice digest-draft-change
 * to moderator `to`: who (a name) changed what (one line).
 */
int digestfmt_change_queue(struct store *st, const struct token_keys *keys,
    const struct list_rec *list, const struct digest_person *to,
    const char *dedupe_key, const char *who, const char *what, struct buf *why);

#endif

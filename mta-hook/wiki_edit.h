/*
 * wiki_edit.h - the wiki's edit engine and the "wiki ..." command answers
 * (wiki_edit.c, docs/wiki.md).  They use only the store and the text
 * module, never a delivery, so the unit tests drive them directly.  The
 * handler that reads wiki mail (wiki.c) is declared in handlers.h.
 */
#ifndef STOA_WIKI_EDIT_H
#define STOA_WIKI_EDIT_H

#include <stdbool.h>

#include "buf.h"
#include "store.h"

enum wiki_outcome {
	WIKI_SAVED = 1, /* a new live revision */
	WIKI_MERGED,    /* saved, merged with changes made meanwhile */
	WIKI_PENDING,   /* conflict: kept pending for confirmation */
	WIKI_UNCHANGED, /* the text is what the page already says */
};

struct wiki_edit {
	long long list_id;
	const char *slug;
	const char *title;   /* for a new page */
	long long author_id; /* 0: not a member */
	const char *author;
	const char *mode;    /* replace, append, section, capture */
	const char *heading; /* for section */
	const char *text;
	int base; /* revision number edited, 0 = the current one */
};

struct wiki_result {
	enum wiki_outcome outcome;
	long long page_id, rev_id;
	int number; /* the new live number (0 when pending/unchanged) */
	int head;   /* the page's number when the edit arrived */
};

/* wiki_apply - carry out edit e (inside a transaction). */
int wiki_apply(struct store *st, const struct wiki_edit *e,
    struct wiki_result *r, struct buf *why);

/*
 * wiki_close_names - up to 5 page slugs of list near slug (prefix,
 * substring or small edit distance), ", "-joined into out.
 */
int wiki_close_names(
    struct store *st, long long list_id, const char *slug, struct buf *out);

/* What a command line asks besides its text answer. */
struct wiki_cmd_out {
	bool handled;
	long long page_id; /* "wiki get": the page to mail, else 0 */
};

/*
 * wiki_command - answer line ("wiki get PAGE", ...) for member (0: not a
 * member) of list into reply.  Inside a transaction (watch writes).
 */
int wiki_command(struct store *st, const struct list_rec *list,
    long long member_id, const char *line, struct buf *reply,
    struct wiki_cmd_out *out);

/* wiki_mode_line - "append", "replace", "section: H" (any case): mode. */
bool wiki_mode_line(struct str line, const char **mode, char **heading);

#endif

/*
 * wiki.h - the wiki by mail (docs/wiki.md).
 *
 * wiki.c: the LIST+wiki@ / LIST+wiki-PAGE@ / LIST+wiki-PAGE.TOKEN@ /
 * LIST+wiki-confirm.TOKEN@ handler (declared in inbound.h), the request
 * commands and the thread capture.  wiki_edit.c: the edit engine and the
 * command answers, which use only the store and the text module (so the
 * unit tests can drive them without a delivery).
 */
#ifndef STOA_WIKI_H
#define STOA_WIKI_H

#include <stdbool.h>

#include "buf.h"
#include "store.h"

struct inbound;

/*
 * wiki_request - one "wiki ..." command line sent to LIST+request@ (get,
 * list, history, diff, watch, unwatch).  Appends the answer to reply and
 * sets *handled when the line was a wiki command.  "wiki get" also
 * queues the page mail (text + HTML, reply-to-edit address).  Call inside
 * the request transaction; returns 0 or an enum err (defer).
 */
int wiki_request(
    struct inbound *in, const char *line, struct buf *reply, bool *handled);

/*
 * wiki_capture - a reply to thread_id whose first line was "wiki: PAGE":
 * append text (the rest of the reply) to PAGE with a link back to the
 * thread, as a revision by the sender.  Call inside the post's
 * transaction, after the post is stored.  0 or an enum err.
 */
int wiki_capture(struct inbound *in, long long thread_id, const char *page,
    const char *text);

/*
 * wiki_held_apply - a moderator approved a held contribution sent to
 * LIST+EXT@ (raw: the stored message): apply it to its page instead of
 * posting it.  Inside the moderator's transaction; 0 or an enum err.
 */
int wiki_held_apply(struct inbound *in, const char *ext, const char *raw,
    size_t raw_len, const char *author);

/* --- the engine (wiki_edit.c) --- */

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

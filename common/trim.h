/*
 * trim.h - split the new text of a reply from what it quotes.
 *
 * The only module that uses pcre2.  A struct trimmer holds the patterns
 * of a constant table, each compiled on first need (and JIT-compiled once
 * it has run often), so a short reply pays only for the few patterns its
 * lines can match.  It caches what it compiles: use one trimmer per
 * thread, for as many messages as you like.  trim_reply() works line by line on
 * the body of one text part (already decoded to UTF-8 by the MIME layer,
 * but any bytes are accepted):
 *
 *   - `>` quoted lines are removed wherever they are, so an answer written
 *     between quotes keeps its new lines;
 *   - an attribution ("On ... wrote:", "Am ... schrieb ...:", "Le ... a
 *     écrit :", "... 写道：" and their kin, also wrapped over up to three
 *     lines) is removed with the quote it introduces; one that is not
 *     followed by `>` lines starts an unquoted original: everything from
 *     it to the end is quoted;
 *   - "-----Original Message-----", Outlook "From:/Sent:/To:/Subject:"
 *     blocks (localised), forwarded-message markers and our own line
 *     "## Reply above this line ##" also cut to the end;
 *   - a signature ("-- ", "__", mobile lines such as "Sent from my
 *     iPhone") near the end of what is left is removed unless
 *     TRIM_KEEP_SIGNATURE is given.
 *
 * Non-goals: HTML (convert to text first), MIME decoding, learning.
 * Invariants: out->text is valid UTF-8 without NUL, LF line ends, no
 * trailing whitespace, and never empty when the body has any non-space
 * text (TRIM_F_FALLBACK then says that the full text was kept).
 */
#ifndef STOA_TRIM_H
#define STOA_TRIM_H

#include <stddef.h>

#include "buf.h"

struct trimmer;

/* trim_reply() options */
#define TRIM_KEEP_SIGNATURE 0x01u /* quotes only (mailgun/talon style) */

/* trim_result flags */
#define TRIM_F_FALLBACK  0x01u /* trimming left nothing: text is the body */
#define TRIM_F_QUOTE     0x02u /* `>` lines or an attribution were removed */
#define TRIM_F_ORIGINAL  0x04u /* an unquoted original was cut off */
#define TRIM_F_SIGNATURE 0x08u /* a signature was removed */
#define TRIM_F_MARKER    0x10u /* our "## Reply above this line ##" */
#define TRIM_F_INVALID   0x20u /* invalid UTF-8 or NUL was replaced */
#define TRIM_F_FORWARD   0x40u /* a forwarded message was cut off */

/* The marker line our outgoing mail carries; trim_reply cuts at it. */
#define TRIM_REPLY_MARKER "## Reply above this line ##"

struct trim_result {
	char *text;     /* the new text, UTF-8; owned */
	char *quoted;   /* what was removed, in order, "\n"-joined; owned */
	unsigned flags; /* TRIM_F_* */
};

/*
 * trimmer_new - a trimmer with nothing compiled yet.  Returns 0 and
 * *out, or E_NOMEM with a reason in why when why is not NULL.  Free with
 * trimmer_free().
 */
int trimmer_new(struct trimmer **out, struct buf *why);
/*
 * trimmer_compile_all - compile every pattern now (tests, and programs
 * that trim many messages and want no first-use cost).  Returns 0, or
 * E_CONFIG when a pattern does not compile (a bug; it would silently
 * never match in trim_reply), with the pattern and reason in why.
 */
int trimmer_compile_all(struct trimmer *t, struct buf *why);
/* trimmer_free - release t; NULL is fine. */
void trimmer_free(struct trimmer *t);

/*
 * trim_reply - split body[0..len) into new text and quote.  opts is 0 or
 * TRIM_KEEP_SIGNATURE.  out is overwritten; release it with
 * trim_result_release() whatever the return.  Returns 0, E_LIMIT when len
 * is over DEF_MESSAGE_BYTES, or E_NOMEM.  A pattern hitting its match
 * limit counts as no match.
 */
int trim_reply(struct trimmer *t, const char *body, size_t len, unsigned opts,
    struct trim_result *out);
/* trim_result_release - free text and quoted; r may be reused. */
void trim_result_release(struct trim_result *r);

#endif

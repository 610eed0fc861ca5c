/*
 * compose.h - write an outgoing message as RFC 5322 / MIME bytes.
 *
 * Output is deterministic for a given input (golden tests compare bytes):
 * CRLF line ends throughout, header lines folded at 78 columns where
 * possible and never over 998 octets, non-ASCII header text as RFC 2047
 * UTF-8 encoded words (B or Q, whichever is shorter, each at most 75
 * characters, never splitting a UTF-8 sequence), bodies as 7bit when
 * they are short-lined ASCII, else quoted-printable or base64, whichever
 * is shorter.  A MIME boundary is derived from the Message-ID and a
 * counter and checked against the encoded bodies.
 *
 * Header injection: a CR, LF or NUL in any value handed to this module is
 * refused with E_PARSE, never passed through or encoded; other control
 * characters and U+0085, U+2028, U+2029 become a space.  Text that looks
 * like an encoded word ("=?") is itself encoded, so that a reader never
 * decodes data into something we did not write.
 *
 * Extra parts (files, a calendar invite) make the message
 * multipart/mixed: the body first, then each part base64-encoded.
 *
 * Non-goals: parsing, DKIM signing, SMTPUTF8 addresses.
 */
#ifndef STOA_COMPOSE_H
#define STOA_COMPOSE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

#define COMPOSE_FOLD     78  /* preferred header line length */
#define COMPOSE_MAX_LINE 998 /* hard line limit, RFC 5322 2.1.1 */
#define COMPOSE_MAX_ID   250 /* bytes in one Message-ID */

struct out_header {
	const char *name;
	const char *value;
};

/*
 * struct out_part - one part after the body.  type is "type/subtype" with
 * parameters if any ("text/calendar; method=REQUEST; charset=utf-8"):
 * letters, digits and !#$&^_.+-/;= and spaces only.  filename (or NULL
 * for none) is written with every byte outside [A-Za-z0-9._-] as '_'.
 */
struct out_part {
	const char *type;
	const char *filename;
	const char *data;
	size_t size;
};

/*
 * struct outmsg - one recipient's copy.  Required: from_addr, to_addr,
 * subject, message_id, text.  Message ids are given without <>;
 * references is a space-separated list of such ids.  date is a Unix time
 * (UTC).  list_id (a dot-atom label without <>, or NULL for none) and
 * list_title (a phrase, may be NULL) make the List-Id header, the title
 * written like a display name.  extra headers (List-Unsubscribe,
 * Precedence, Auto-Submitted, X-Loop ...) are written after the standard
 * ones, in order, through compose_header(); they may not repeat a header
 * this module writes (From, To, Date, Subject, Message-ID, List-Id, MIME,
 * ...).
 * Bodies use "\n" or "\r\n" line ends and must be valid UTF-8.
 */
struct outmsg {
	const char *from_name, *from_addr;
	const char *to_name, *to_addr;
	const char *reply_to; /* an address, or NULL */
	const char *subject;
	const char *message_id;  /* without <> */
	const char *in_reply_to; /* without <>, or NULL */
	const char *references;  /* ids without <>, space-separated, or NULL */
	const char *list_title;  /* List-Id phrase, or NULL */
	const char *list_id;     /* List-Id label without <>, or NULL */
	long long date;
	const char *text;
	const char *html; /* NULL: a single text/plain part */
	const struct out_header *extra;
	size_t n_extra;
	const struct out_part *parts; /* after the body, or NULL */
	size_t n_parts;
};

/*
 * compose_message - append the whole message to out.  Returns 0; E_PARSE
 * for a bad value (CR/LF/NUL, bad UTF-8, bad address or id, a reserved
 * extra header) with why naming the field; E_LIMIT when out is full.
 * On error out is cut back to its length on entry.
 */
int compose_message(const struct outmsg *m, struct buf *out, struct buf *why);

/*
 * compose_header - append "Name: value" CRLF, value treated as
 * unstructured text: folded at COMPOSE_FOLD, RFC 2047-encoded when it has
 * non-ASCII bytes, control characters, "=?" or an unfoldable run.
 * Refuses CR, LF or NUL in value and a bad name (E_PARSE).
 */
int compose_header(
    struct buf *out, const char *name, const char *value, struct buf *why);

/*
 * compose_address - append an address field value (no CRLF): the bare
 * address when name is NULL or "", else `Name <addr>` with the display
 * name as atoms, a quoted string or encoded words as needed.  E_PARSE
 * for an invalid address (compose_addr_valid) or CR/LF/NUL in the name.
 */
int compose_address(
    struct buf *out, const char *name, const char *addr, struct buf *why);

/*
 * compose_addr_valid - envelope-safe address: printable ASCII, no
 * space, <, >, quotes or backslash, exactly one @, a dot-atom local part
 * of 1..64 bytes, a domain of LDH labels (each 1..63), 254 bytes in all.
 */
bool compose_addr_valid(const char *addr);

/*
 * compose_id_valid - id (without <>) can be written as a Message-ID:
 * dot-atom-text "@" dot-atom-text of 1..COMPOSE_MAX_ID bytes.  Domain
 * literals, quoted local parts, ids without '@' and non-ASCII ids are
 * legal or common in mail we receive, but not here.
 */
bool compose_id_valid(const char *id);

/*
 * compose_id_canonical - the id we use for a received id: id itself when
 * compose_id_valid(id), else our stand-in "stoa.id.HEX@domain", HEX the
 * first 32 hex digits of SHA-256(id).  Deterministic, so every copy and
 * every reply that names the unusable id maps to the same stand-in.
 * Appends to out; 0, E_INTERNAL (hash failed) or E_LIMIT (out full, or
 * the stand-in over COMPOSE_MAX_ID for a very long domain).
 */
int compose_id_canonical(const char *id, const char *domain, struct buf *out);

/*
 * compose_date - append an RFC 5322 date for Unix time t in UTC
 * ("Thu, 01 Jan 1970 00:00:00 +0000").  E_PARSE when out of range.
 */
int compose_date(struct buf *out, long long t);

#endif

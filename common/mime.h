/*
 * mime.h - parse one inbound RFC 5322 / MIME message into a plain struct.
 *
 * Purpose: turn the raw bytes Postfix pipes to stoa-hook into decoded,
 * valid UTF-8 fields: ids for threading, addresses, subject, a text body,
 * the HTML part and attachments.  This is the only module that speaks
 * libetpan; no libetpan type appears here.
 *
 * Non-goals: deciding what a message means (commands, replies, quotes),
 * storing anything, or producing mail.
 *
 * Invariants: every char * in a struct msg is NUL-terminated, valid UTF-8
 * with no NUL inside (attachment data excepted: binary, size bytes), and
 * owned by the msg.  Limits are checked on the raw bytes before libetpan
 * sees them (docs/mime.md).
 */
#ifndef STOA_MIME_H
#define STOA_MIME_H

#include <stddef.h>

#include "buf.h"

struct mime_limits {
	size_t max_bytes;            /* whole message */
	size_t max_header_bytes;     /* top-level header block */
	size_t max_headers;          /* top-level header fields */
	size_t max_addresses;        /* over From, To, Cc, Bcc, Reply-To ... */
	size_t max_depth;            /* nested multipart / message parts */
	size_t max_parts;            /* MIME parts in the whole tree */
	size_t max_attachment_bytes; /* bytes kept per attachment */
};

struct mime_addr {
	char *name;  /* decoded display name, "" if none */
	char *email; /* addr-spec with the domain lower-cased, or NULL */
};

struct mime_header {
	char *name;  /* as written, e.g. "Subject" */
	char *value; /* unfolded, RFC 2047-decoded, trimmed */
};

struct mime_attachment {
	char *name;  /* decoded file name without any path, "" if none */
	char *type;  /* lower-case "type/subtype" */
	size_t size; /* decoded size in bytes */
	char *data;  /* size bytes (+ a NUL), or NULL when size > the cap */
};

#define MSG_F_CHARSET_GUESS 0x01 /* unknown or lying charset, guessed */
#define MSG_F_HTML_ONLY     0x02 /* no text/plain: text derived from HTML */
#define MSG_F_NO_MSGID      0x04 /* no usable Message-ID */
#define MSG_F_TRUNCATED     0x08 /* a multipart lacks its closing boundary */
#define MSG_F_BAD_MIME      0x10 /* multipart without (findable) boundary */
#define MSG_F_ATT_CUT       0x20 /* an attachment was over the cap */

struct msg {
	char *message_id;  /* without <>, NULL if absent */
	char *in_reply_to; /* first msg-id with '@' of In-Reply-To, no <> */
	char **references; /* every <id> with '@' of References, no <> */
	size_t n_references;
	char *subject;         /* decoded, "" if none */
	struct mime_addr from; /* from.email NULL if no usable From */
	struct mime_addr *to;  /* To then Cc, groups flattened */
	size_t n_to;
	long long date; /* Date: as Unix seconds, -1 if absent or bad */
	char *text;     /* body text, LF line ends, "" if none */
	char *html;     /* the first text/html part as UTF-8, or NULL */
	struct mime_attachment *att;
	size_t n_att;
	struct mime_header *hdr; /* all top-level headers, in order */
	size_t n_hdr;
	unsigned flags; /* MSG_F_* */
};

/* mime_limits_default - fill l from the DEF_* values of bounds.h. */
void mime_limits_default(struct mime_limits *l);

/*
 * mime_parse - parse raw[0..len) (LF or CRLF line ends).  lim NULL means
 * the defaults.  On success *out is a new msg the caller frees with
 * msg_free().  Returns 0; E_LIMIT when the input is over a limit (why
 * names it); E_PARSE when it is hopeless (NUL in the header block, no
 * header at all).  raw is only read and need not outlive the call.
 */
int mime_parse(const char *raw, size_t len, const struct mime_limits *lim,
    struct msg **out, struct buf *why);

/* msg_free - free m and everything it owns; NULL is fine. */
void msg_free(struct msg *m);

/* msg_header - first value of header name (any case), or NULL; borrowed. */
const char *msg_header(const struct msg *m, const char *name);

#endif

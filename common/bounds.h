/*
 * bounds.h - every hard limit in one place.  Config keys may lower or
 * raise the inbound limits; these are their defaults.
 */
#ifndef STOA_BOUNDS_H
#define STOA_BOUNDS_H

#define MAX_CONF_LINE        4096   /* bytes in one config line */
#define MAX_CONF_VALUE       1024   /* bytes in one config value */
#define MAX_LOG_VALUE        200    /* untrusted bytes shown in a log line */
#define MAX_LOG_LINE         2048   /* bytes in one log line */
#define MAX_EMAIL            254    /* RFC 5321 path limit */
#define MAX_LOCAL_PART       64     /* RFC 5321 local part */
#define MAX_NAME             200    /* display name of a member */
#define MAX_LIST_NAME        22     /* list local part: LIST+x-TOKEN fits 64 */
#define MAX_CSV_LINE         4096   /* one line of an import file */
#define MAX_CSV_ROWS         100000 /* rows in one import */
#define MAX_SMALL_TEXT       (64 * 1024)        /* a notice, a subject line */
#define DEF_MESSAGE_BYTES    (10 * 1024 * 1024) /* whole inbound message */
#define MAX_TRIM_BYTES       (1024 * 1024)     /* longer texts are kept whole */
#define DEF_HEADER_BYTES     (256 * 1024)      /* header block */
#define DEF_HEADERS          500               /* header fields */
#define DEF_ADDRESSES        1000              /* addresses over all headers */
#define DEF_MIME_DEPTH       20                /* nested multiparts */
#define DEF_MIME_PARTS       500               /* parts in the tree */
#define DEF_ATTACHMENT_BYTES (5 * 1024 * 1024) /* bytes kept per attachment */
#define DEF_HOOK_DEADLINE    60   /* seconds; Postfix limit must be higher */
#define DEF_BUSY_TIMEOUT_MS  5000 /* SQLite busy_timeout */
#define DEF_OUTBOX_MAX_AGE   (5 * 24 * 3600) /* give up on a message after */
#define MAX_TOKEN_CHARS      39              /* base32 token in a local part */

/* files a person names: the config file, one CSV import (bytes) */
#define MAX_CONF_FILE (1024 * 1024)
#define MAX_CSV_FILE  (64LL * 1024 * 1024)
/* bytes of a post's subject in the copies we send (cut with "...") */
#define MAX_SUBJECT_OUT 400

#endif

/*
 * err.h - the error codes every Stoa function returns.
 *
 * Functions return 0 on success or one of these negative values.  An
 * optional struct buf *why receives a one-line reason for a person.
 * Only mta-hook/main.c turns these into exit codes.
 */
#ifndef STOA_ERR_H
#define STOA_ERR_H

enum err {
	E_OK = 0,
	E_NOMEM = -1,    /* out of memory */
	E_LIMIT = -2,    /* input over a configured limit */
	E_PARSE = -3,    /* malformed input */
	E_TEMP = -4,     /* transient: busy database, disk full, network */
	E_PERM = -5,     /* not allowed */
	E_NOGROUP = -6,  /* no such list */
	E_DUP = -7,      /* already exists / already done */
	E_INTERNAL = -8, /* a bug or an unexpected state */
	E_NOTFOUND = -9, /* no such object */
	E_CONFIG = -10   /* bad configuration */
};

/* err_name - short constant name for an error code ("E_TEMP"). */
const char *err_name(int rc);

/*
 * CHECK(c) - a "should never happen but survivable" condition.  Debug
 * builds abort; release builds make the function return E_INTERNAL.
 */
#ifdef STOA_DEBUG
#include <stdlib.h>
#define CHECK(c)                                                               \
	do {                                                                   \
		if (!(c))                                                      \
			abort();                                               \
	} while (0)
#else
#define CHECK(c)                                                               \
	do {                                                                   \
		if (!(c))                                                      \
			return E_INTERNAL;                                     \
	} while (0)
#endif

#endif

/*
 * addr.h - email addresses as Stoa stores them: trimmed, domain in lower
 * case, local part kept as written, dot-atom syntax only.  RFC 5321 lets
 * the local part be case-sensitive, but people do not mean it: like
 * Mailman, the database compares whole addresses without case.  Also the list
 * address scheme of DESIGN §2 (LIST+EXT@domain).
 */
#ifndef STOA_ADDR_H
#define STOA_ADDR_H

#include <stdbool.h>

#include "bounds.h"
#include "buf.h"

/*
 * addr_normalise - check in and write the normal form to out.  Returns 0
 * or E_PARSE with why saying what is wrong ("missing @", ...).
 */
int addr_normalise(const char *in, char out[MAX_EMAIL + 1], struct buf *why);
/* addr_same - equal addresses: local part exact, domain case-insensitive. */
bool addr_same(const char *a, const char *b);
/*
 * addr_domain_valid - a DNS name: labels of letters, digits and inner
 * '-', at most 63 bytes each, 253 in all; need_dot asks for two labels.
 */
bool addr_domain_valid(struct str d, bool need_dot);
/*
 * list_name_valid - a list local part: [a-z0-9][a-z0-9._-]*, no '+', no
 * ".." nor a final '.', at most MAX_LIST_NAME characters (then every
 * LIST+x-TOKEN address fits the 64 characters of a local part).
 */
bool list_name_valid(const char *name);

#endif

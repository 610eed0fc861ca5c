/*
 * json.h - writing JSON strings.  The escaping also covers <, > and &
 * (as \u003c ...), so a value can never end a <script> or a tag of a page
 * that embeds the JSON.
 */
#ifndef STOA_JSON_H
#define STOA_JSON_H

#include "buf.h"

/* json_str - s as a quoted JSON string, appended to out. */
void json_str(struct buf *out, const char *s);

#endif

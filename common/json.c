/*
 * json.c - JSON string escaping (json.h).  Bytes >= 0x80 pass as they
 * are: the callers' text is valid UTF-8 (the hook validates it).
 */
#include "json.h"

void
json_str(struct buf *out, const char *s)
{
	const unsigned char *p;

	buf_addc(out, '"');
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			buf_addf(out, "\\%c", *p);
		else if (*p < 0x20 || *p == '<' || *p == '>' || *p == '&' ||
		    *p == 0x7f)
			buf_addf(out, "\\u%04x", *p);
		else
			buf_addc(out, *p);
	}
	buf_addc(out, '"');
}

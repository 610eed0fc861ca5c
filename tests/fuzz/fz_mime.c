/*
 * fz_mime.c - libFuzzer target: mime_parse with the default limits on
 * arbitrary bytes, check the UTF-8 invariant of every string, free.
 * Any crash, sanitizer report, leak or abort is a bug; E_LIMIT and
 * E_PARSE are fine outcomes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mime.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* must_utf8 - abort when s is not valid UTF-8 (a mime.h invariant). */
static void
must_utf8(const char *s)
{
	if (s == NULL || !utf8_valid(s, strlen(s)))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf why = BUF_INIT(256);
	struct msg *m = NULL;
	size_t i;

	if (mime_parse((const char *)data, size, NULL, &m, &why) == 0) {
		must_utf8(m->text);
		must_utf8(m->subject);
		must_utf8(m->from.name);
		if (m->from.email != NULL)
			must_utf8(m->from.email);
		if (m->html != NULL)
			must_utf8(m->html);
		if (m->message_id != NULL)
			must_utf8(m->message_id);
		if (m->in_reply_to != NULL)
			must_utf8(m->in_reply_to);
		if (strchr(m->text, '\r') != NULL)
			abort();
		for (i = 0; i < m->n_references; i++)
			must_utf8(m->references[i]);
		for (i = 0; i < m->n_to; i++) {
			must_utf8(m->to[i].name);
			must_utf8(m->to[i].email);
		}
		for (i = 0; i < m->n_hdr; i++) {
			must_utf8(m->hdr[i].name);
			must_utf8(m->hdr[i].value);
		}
		for (i = 0; i < m->n_att; i++) {
			must_utf8(m->att[i].name);
			must_utf8(m->att[i].type);
			if (m->att[i].data != NULL)
				(void)memchr(m->att[i].data, 0, m->att[i].size);
		}
		(void)msg_header(m, "subject");
		msg_free(m);
	} else if (m != NULL) {
		abort(); /* an error must leave *out NULL */
	}
	buf_release(&why);
	return 0;
}

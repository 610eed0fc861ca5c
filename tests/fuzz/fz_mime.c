/*
 * fz_mime.c - libFuzzer target: mime_parse with the default limits on
 * arbitrary bytes, touch the result, free it.  Any crash, sanitizer report
 * or leak is a bug; E_LIMIT and E_PARSE are fine outcomes.
 */
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "mime.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf why = BUF_INIT(256);
	struct msg *m = NULL;
	size_t i, n = 0;

	if (mime_parse((const char *)data, size, NULL, &m, &why) == 0) {
		/* read every string so that a bad pointer shows up here */
		n +=
		    strlen(m->text) + strlen(m->subject) + strlen(m->from.name);
		for (i = 0; i < m->n_hdr; i++)
			n += strlen(m->hdr[i].value);
		for (i = 0; i < m->n_att; i++)
			n += strlen(m->att[i].name) + m->att[i].size;
		(void)msg_header(m, "subject");
		(void)n;
		msg_free(m);
	}
	buf_release(&why);
	return 0;
}

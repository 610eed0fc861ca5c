/*
 * fz_reply.c - libFuzzer target: trim_reply() (both modes) and the
 * subject functions on arbitrary bytes.  Checks the output contract:
 * text and quoted are valid UTF-8, text has no CR and no trailing
 * white space, and text is empty only when the input has no visible
 * character.  A broken contract aborts, which the fuzzer reports.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "subject.h"
#include "trim.h"
#include "xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct trimmer *trimmer; /* compiled once per process */

static void
free_trimmer(void)
{
	trimmer_free(trimmer);
}

static int
visible(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n')
			return 1;
	return 0;
}

static void
check(const struct trim_result *r, const uint8_t *data, size_t size)
{
	size_t n = strlen(r->text);

	if (!utf8_valid(r->text, n) ||
	    !utf8_valid(r->quoted, strlen(r->quoted)))
		abort();
	if (memchr(r->text, '\r', n) != NULL)
		abort();
	if (n > 0 &&
	    (r->text[n - 1] == ' ' || r->text[n - 1] == '\t' ||
	        r->text[n - 1] == '\n'))
		abort();
	if (n == 0 && visible(data, size))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct trim_result r;
	char *s, *b;
	unsigned opts;

	if (trimmer == NULL) {
		if (trimmer_new(&trimmer, NULL) != 0)
			abort();
		atexit(free_trimmer);
	}
	for (opts = 0; opts <= TRIM_KEEP_SIGNATURE; opts++) {
		if (trim_reply(trimmer, (const char *)data, size, opts, &r) ==
		    0)
			check(&r, data, size);
		trim_result_release(&r);
	}
	s = xstrndup((const char *)data, size);
	b = subject_base(s);
	if (strlen(b) > strlen(s))
		abort();
	(void)subject_is_reply(s);
	(void)subject_reply_depth(s);
	free(b);
	free(s);
	return 0;
}

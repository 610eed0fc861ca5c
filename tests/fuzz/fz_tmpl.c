/*
 * fz_tmpl.c - libFuzzer target: the input is a template source rendered
 * (as .txt and as .html) against a small fixed vars tree.  Any return
 * code is fine; crashes, leaks and sanitizer reports are not.  The output
 * must stay within its cap and be cut back on error.
 */
#include <stdint.h>
#include <stdlib.h>

#include "tmpl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct vars *
fixed_vars(void)
{
	struct vars *v = vars_new(), *it, *m;

	vars_set(v, "name", "Ana <a&b> \"q\"");
	vars_set(v, "list_name", "learn");
	vars_set(v, "empty", "");
	vars_set(v, "nl", "two\nlines");
	vars_set_bool(v, "yes", true);
	vars_set_bool(v, "no", false);
	vars_set_safe(v, "safe", "<b>ok</b>");
	vars_set_list(v, "none");
	it = vars_add_item(v, "items");
	vars_set(it, "title", "one");
	it = vars_add_item(v, "items");
	vars_set(it, "title", "two");
	vars_add_item(it, "sub");
	m = vars_set_map(v, "site");
	vars_set(m, "name", "Stoa");
	return v;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf out = BUF_INIT(64 * 1024), why = BUF_INIT(512);
	struct vars *v = fixed_vars();
	int rc;

	rc = tmpl_render_string((const char *)data, size, false, v, &out, &why);
	if (rc != 0 && out.len != 0)
		abort();
	buf_reset(&out);
	rc = tmpl_render_string((const char *)data, size, true, v, &out, &why);
	if (rc != 0 && out.len != 0)
		abort();
	if (out.len > out.max)
		abort();
	buf_reset(&out);
	/* the wrapper sees arbitrary bytes too */
	tmpl_wrap((const char *)data, size, 20, &out);
	vars_free(v);
	buf_release(&out);
	buf_release(&why);
	return 0;
}

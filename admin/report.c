/*
 * report.c - `stoa report LIST [--from DATE] [--to DATE] [--format F]
 * [--mail]`: the L&D report of one list (docs/report.md) on stdout, or
 * queued to the list's owners.  The work is mailer/reportfmt.c's.
 */
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "admin.h"
#include "clock.h"
#include "conf.h"
#include "err.h"
#include "reportfmt.h"
#include "token.h"

/* mail - queue r to the owners of l in one transaction. */
static int
mail(struct ctx *c, const struct list_rec *l, const struct report *r)
{
	struct token_keys keys;
	struct buf why = BUF_INIT(1024);
	size_t sent = 0;
	int rc;

	rc = token_keys_load(conf_secret_file, &keys, &why);
	if (rc != 0) {
		rc = die_rc(rc, buf_cstr(&why));
		buf_release(&why);
		return rc;
	}
	rc = store_begin(c->st);
	if (rc == 0)
		rc = report_mail(c->st, &keys, l, r, &sent, &why);
	rc = admin_finish_tx(c, rc, &why, "cannot queue the report");
	if (rc == 0)
		printf("report %s..%s queued for %zu owner(s) of %s\n", r->from,
		    r->to, sent, l->name);
	token_keys_clear(&keys);
	buf_release(&why);
	return rc;
}

int
cmd_report(struct ctx *c, int argc, char **argv)
{
	struct opt opts[] = {{"from", 1, NULL}, {"to", 1, NULL},
	    {"format", 1, NULL}, {"mail", 0, NULL}, {NULL, 0, NULL}};
	const char *pos[1];
	enum report_format f = REPORT_TEXT;
	struct buf why = BUF_INIT(256), out = BUF_INIT(REPORT_MAX_OUT);
	struct list_rec l;
	struct report r;
	int rc;

	memset(&r, 0, sizeof r);
	memset(&l, 0, sizeof l);
	rc = opts_parse(argc, argv, opts, pos, 1, 1,
	    "stoa report LIST [--from DATE] [--to DATE] [--format F] [--mail]");
	if (rc != 0)
		return rc;
	if (opts[2].value != NULL && !report_format_parse(opts[2].value, &f)) {
		fprintf(stderr, "stoa: --format is text, html, json or csv\n");
		return EX_USAGE;
	}
	if (report_period(
	        &r, opts[0].value, opts[1].value, clock_now(), &why) != 0) {
		fprintf(stderr, "stoa: %s\n", buf_cstr(&why));
		buf_release(&why);
		return EX_USAGE;
	}
	rc = admin_open_list(c, pos[0], &l);
	if (rc == 0 && report_build(c->st, &l, &r) != 0)
		rc = die_rc(E_TEMP, "cannot read the report's data");
	if (rc == 0 && opts[3].value != NULL)
		rc = mail(c, &l, &r);
	else if (rc == 0 && report_render(&r, f, &out) != 0)
		rc = die_rc(E_LIMIT, "the report is too large");
	else if (rc == 0)
		fwrite(out.data, 1, out.len, stdout);
	report_release(&r);
	list_rec_release(&l);
	buf_release(&why);
	buf_release(&out);
	return rc;
}

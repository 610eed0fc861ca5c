/*
 * reportfmt.h - the L&D report of one list over one period (docs/report.md):
 * read with store_report_read(), computed with learn/report.h, written as
 * text, HTML (inline SVG charts, no script), JSON or CSV, and mailed to
 * the list's owners.
 */
#ifndef STOA_REPORTFMT_H
#define STOA_REPORTFMT_H

#include <stdbool.h>

#include "buf.h"
#include "store.h"
#include "store_report.h"
#include "token.h"

#define REPORT_QUOTES   3                  /* quoted reflections shown */
#define REPORT_MAX_OUT  (16 * 1024 * 1024) /* bytes of one rendering */
#define REPORT_MAX_DAYS 3660               /* the longest period */

enum report_format { REPORT_TEXT, REPORT_HTML, REPORT_JSON, REPORT_CSV };

struct report_week {
	char start[11]; /* YYYY-MM-DD, a Monday */
	long long active, posts;
};

/* A report: the raw reads and what was computed from them (-1: none). */
struct report {
	char *list, *title;
	char from[11], to[11]; /* inclusive dates */
	long days;
	struct rep_raw raw;
	struct report_week *weeks;
	size_t n_weeks;
	long long active, answered;
	double active_share, active_week_mean, share_answered, median_hours;
	long long first, first_right, now, now_right;
	double baseline, proficiency, retention, completion;
	long long health[4]; /* on track, needs a check-in, inactive, early */
	long long pairs;
	double median_90, mean_90, share_10;
	double routed_share, cross_share, answer_rate;
	char *quotes[REPORT_QUOTES];
	size_t n_quotes, quotable;
};

/* The health buckets in struct report's order (learn/cadence.h names). */
extern const char *const report_health_names[4];

/*
 * report_period - from and to ("YYYY-MM-DD", inclusive, UTC; NULL for
 * the default: the 30 days ending with today) into r->from, r->to,
 * r->days.  E_PARSE with why for a bad date or an empty or too long
 * period.
 */
int report_period(struct report *r, const char *from, const char *to,
    long long now, struct buf *why);

/*
 * report_build - read and compute the report of list l over the period
 * set by report_period().  0 or an enum err (r released then).
 */
int report_build(struct store *st, const struct list_rec *l, struct report *r);
void report_release(struct report *r);

/* report_format_parse - "text", "html", "json", "csv"; false otherwise. */
bool report_format_parse(const char *s, enum report_format *f);

/* report_render - r in format f, appended to out; 0 or out's error. */
int report_render(
    const struct report *r, enum report_format f, struct buf *out);
/* report_html - the HTML form (reportfmt_html.c). */
int report_html(const struct report *r, struct buf *out);

/* report_pct - v as a whole percentage ("75%"), "-" when v < 0. */
void report_pct(struct buf *out, double v);
/* report_num - v rounded to 1 decimal ("3.5"), "-" when v < 0. */
void report_num(struct buf *out, double v);

/*
 * report_mail - queue r (text and HTML parts) to every active owner of l,
 * once per owner and period (outbox dedupe key report:LIST:FROM..TO:ID),
 * each with a report.mail event (detail FROM..TO); inside the caller's
 * transaction.  *sent counts the new mails.  0 or an enum err with why.
 */
int report_mail(struct store *st, const struct token_keys *keys,
    const struct list_rec *l, const struct report *r, size_t *sent,
    struct buf *why);

#endif

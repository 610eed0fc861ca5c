/*
 * report.h - the arithmetic of `stoa report` (docs/report.md): medians,
 * shares, weekly buckets of active members, mean predicted retention of
 * adaptive quiz cards, and the consent rule for quoting a reflection.
 *
 * Non-goals: SQL, formatting, the clock.  Pure: values in, values out.
 * Days are whole days since 1970-01-01 (UTC); weeks start on Monday and
 * are named by the day they start.
 */
#ifndef STOA_REPORT_H
#define STOA_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "fsrs.h"

#define REPORT_QUOTE_MAX 240 /* bytes of one quoted reflection */

/* One member doing something on one day. */
struct report_dm {
	long day;
	long long member;
};

/* One adaptive quiz card: stability (days) and last review (Unix s). */
struct report_card {
	double s;
	long long last;
};

/*
 * report_median - the median of v[0..n) (sorted in place; the mean of the
 * two middle values when n is even); -1 when n is 0.
 */
double report_median(double *v, size_t n);

/* report_share - num / den, or -1 when den is 0. */
double report_share(long long num, long long den);

/* report_week - the first day (a Monday) of the week of day. */
long report_week(long day);

/*
 * report_weeks - how many weeks from the week of first to the week of
 * last (days, last >= first), both counted; 0 when last < first.
 */
size_t report_weeks(long first, long last);

/*
 * report_active - sort dm[0..n) and count distinct members: per week
 * into per_week[0..nweeks) (week i starts report_week(first) + 7 i;
 * days outside are ignored) and overall, returned.
 */
long long report_active(struct report_dm *dm, size_t n, long first,
    long long *per_week, size_t nweeks);

/*
 * report_bucket_day - add count to per_week for day (same weeks as
 * report_active); days outside are ignored.
 */
void report_bucket_day(
    long day, long long count, long first, long long *per_week, size_t nweeks);

/*
 * report_retention - the mean retrievability at time now of cards
 * c[0..n) under p (elapsed whole days since each last review); -1 when n
 * is 0.
 */
double report_retention(const struct fsrs_params *p,
    const struct report_card *c, size_t n, long long now);

/*
 * report_quote - when answer gives consent (a line that is only "quote
 * ok" or "ok to quote", any case, an optional '.' or '!'), append the
 * rest of the answer to out as one line (runs of white space and control
 * characters made one space,
 * cut at REPORT_QUOTE_MAX bytes on a UTF-8 boundary with "..."), and
 * return true; else false and out untouched.
 */
bool report_quote(const char *answer, struct buf *out);

#endif

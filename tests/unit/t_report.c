/*
 * t_report.c - the report's arithmetic (learn/report.h): medians, shares,
 * weeks, distinct active members per week, mean retention and the
 * consent rule for quoting a reflection.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report.h"
#include "t.h"

#define MON 20458L /* 2026-01-05, a Monday */

static void
medians(void)
{
	double a[] = {5, 1, 3}, b[] = {4, 1, 3, 2}, c[] = {7};

	T_OK("median odd", report_median(a, 3) == 3);
	T_OK("median even", report_median(b, 4) == 2.5);
	T_OK("median one", report_median(c, 1) == 7);
	T_OK("median none", report_median(NULL, 0) == -1);
	T_OK("share", report_share(3, 4) == 0.75);
	T_OK("share of nothing", report_share(3, 0) == -1);
	T_OK("share zero", report_share(0, 5) == 0);
}

static void
weeks(void)
{
	T_INT("monday", report_week(MON), MON);
	T_INT("sunday", report_week(MON + 6), MON);
	T_INT("next monday", report_week(MON + 7), MON + 7);
	T_INT("thursday 1970", report_week(0), -3);
	T_INT("one week", (long long)report_weeks(MON, MON + 6), 1);
	T_INT("two weeks", (long long)report_weeks(MON + 6, MON + 7), 2);
	T_INT("none", (long long)report_weeks(MON + 1, MON), 0);
}

static void
active(void)
{
	struct report_dm dm[] = {{MON + 1, 7}, {MON + 2, 7}, {MON + 3, 8},
	    {MON + 8, 7}, {MON + 20, 9}, {MON - 1, 10}};
	long long w[3] = {0, 0, 0}, total;

	/* day MON - 1 is before the first day: not in a week, still a member */
	total = report_active(dm, 6, MON, w, 3);
	T_INT("active total", total, 4);
	T_INT("week 1", w[0], 2);
	T_INT("week 2", w[1], 1);
	T_INT("week 3", w[2], 1);
	memset(w, 0, sizeof w);
	report_bucket_day(MON + 13, 5, MON, w, 3);
	report_bucket_day(MON + 21, 5, MON, w, 3);
	T_INT("bucket in", w[1], 5);
	T_INT("bucket out", w[0] + w[2], 0);
}

static void
retention(void)
{
	struct fsrs_params p;
	struct report_card c[] = {{10, 0}, {10, 0}};
	double r;

	fsrs_params_default(&p);
	r = report_retention(&p, c, 2, 10 * FSRS_DAY);
	/* R(t = S) is the desired retention 0.9 by FSRS's construction */
	T_OK("retention at t = S", fabs(r - 0.9) < 1e-9);
	T_OK("retention of none", report_retention(&p, c, 0, 0) == -1);
	c[1].last = 10 * FSRS_DAY; /* just reviewed: R = 1 */
	r = report_retention(&p, c, 2, 10 * FSRS_DAY);
	T_OK("retention mean", fabs(r - 0.95) < 1e-9);
}

static const struct {
	const char *name, *in, *want; /* want NULL: no consent */
} quotes[] = {
    {"no consent", "I asked for review earlier.", NULL},
    {"quote ok", "I asked for review\nearlier.\nquote ok\n",
        "I asked for review earlier."},
    {"ok to quote", "OK to quote!\n  Pairing   helped.", "Pairing helped."},
    {"inside a line", "you may quote ok this", NULL},
    {"only consent", "quote ok", ""},
    {"control characters", "quote ok\nred\x1b[31m\x07 text", "red [31m text"},
};

static void
quoting(void)
{
	struct buf b = BUF_INIT(1024);
	char longer[600];
	size_t i;
	bool ok;

	for (i = 0; i < sizeof quotes / sizeof quotes[0]; i++) {
		buf_reset(&b);
		ok = report_quote(quotes[i].in, &b);
		T_OK(quotes[i].name, ok == (quotes[i].want != NULL));
		if (quotes[i].want != NULL)
			T_STR(quotes[i].name, buf_cstr(&b), quotes[i].want);
	}
	memset(longer, 'a', sizeof longer);
	memcpy(longer, "quote ok\n\xc3\xa9", 11);
	longer[sizeof longer - 1] = '\0';
	buf_reset(&b);
	T_OK("long", report_quote(longer, &b));
	T_INT("long cut", (long long)b.len, REPORT_QUOTE_MAX + 3);
	T_OK("long ellipsis", strcmp(b.data + b.len - 3, "...") == 0);
	buf_release(&b);
}

int
main(void)
{
	medians();
	weeks();
	active();
	retention();
	quoting();
	return t_done();
}

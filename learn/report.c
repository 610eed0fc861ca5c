/*
 * report.c - the arithmetic of `stoa report` (report.h).  Everything the
 * report shows as a median, a share or a weekly count is computed here,
 * from plain values the store read, so that the unit test pins it.
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double
report_median(double *v, size_t n)
{
	if (n == 0)
		return -1;
	qsort(v, n, sizeof *v, cmp_double);
	if (n % 2 == 1)
		return v[n / 2];
	return (v[n / 2 - 1] + v[n / 2]) / 2;
}

double
report_share(long long num, long long den)
{
	if (den <= 0)
		return -1;
	return (double)num / (double)den;
}

long
report_week(long day)
{
	long dow = ((day + 3) % 7 + 7) % 7; /* 1970-01-01 was a Thursday */

	return day - dow;
}

size_t
report_weeks(long first, long last)
{
	if (last < first)
		return 0;
	return (size_t)((report_week(last) - report_week(first)) / 7 + 1);
}

static int
cmp_dm(const void *a, const void *b)
{
	const struct report_dm *x = a, *y = b;
	long wx = report_week(x->day), wy = report_week(y->day);

	if (wx != wy)
		return (wx > wy) - (wx < wy);
	return (x->member > y->member) - (x->member < y->member);
}

static int
cmp_member(const void *a, const void *b)
{
	const struct report_dm *x = a, *y = b;

	return (x->member > y->member) - (x->member < y->member);
}

void
report_bucket_day(
    long day, long long count, long first, long long *per_week, size_t nweeks)
{
	long w0 = report_week(first), w = report_week(day);
	long i = (w - w0) / 7;

	if (day >= first && i >= 0 && (size_t)i < nweeks)
		per_week[i] += count;
}

long long
report_active(struct report_dm *dm, size_t n, long first, long long *per_week,
    size_t nweeks)
{
	long long total = 0;
	size_t i;

	qsort(dm, n, sizeof *dm, cmp_dm);
	for (i = 0; i < n; i++)
		if (i == 0 || cmp_dm(&dm[i - 1], &dm[i]) != 0)
			report_bucket_day(
			    dm[i].day, 1, first, per_week, nweeks);
	qsort(dm, n, sizeof *dm, cmp_member);
	for (i = 0; i < n; i++)
		if (i == 0 || dm[i - 1].member != dm[i].member)
			total++;
	return total;
}

double
report_retention(const struct fsrs_params *p, const struct report_card *c,
    size_t n, long long now)
{
	double sum = 0;
	size_t i;

	if (n == 0)
		return -1;
	for (i = 0; i < n; i++)
		sum += fsrs_retrievability(
		    p, (double)fsrs_elapsed_days(c[i].last, now), c[i].s);
	return sum / (double)n;
}

/* consent_line - s[0..n) is "quote ok" or "ok to quote" (+ '.' or '!'). */
static bool
consent_line(const char *s, size_t n)
{
	struct str t = str_trim((struct str){s, n});

	if (t.n > 0 && (t.p[t.n - 1] == '.' || t.p[t.n - 1] == '!'))
		t.n--;
	return str_ieq(t, "quote ok") || str_ieq(t, "ok to quote");
}

/*
 * add_words - s[0..n) to out, whitespace runs as one space, at most
 * REPORT_QUOTE_MAX bytes after start; false when it had to cut.
 */
static bool
add_words(struct buf *out, size_t start, const char *s, size_t n)
{
	size_t i, k;

	for (i = 0; i < n; i += k) {
		k = 1;
		if ((unsigned char)s[i] < 0x20 || s[i] == ' ' || s[i] == 0x7f) {
			if (out->len > start && out->data[out->len - 1] != ' ')
				buf_addc(out, ' ');
			continue;
		}
		k = utf8_char_len((const unsigned char *)s + i, n - i);
		if (k == 0)
			k = 1;
		if (out->len - start + k > REPORT_QUOTE_MAX)
			return false;
		buf_add(out, s + i, k);
	}
	return true;
}

bool
report_quote(const char *answer, struct buf *out)
{
	const char *p, *nl;
	size_t start = out->len;
	bool ok = false, whole = true;

	for (p = answer; *p != '\0'; p = *nl ? nl + 1 : nl) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		if (consent_line(p, (size_t)(nl - p)))
			ok = true;
	}
	if (!ok)
		return false;
	for (p = answer; *p != '\0'; p = *nl ? nl + 1 : nl) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		if (consent_line(p, (size_t)(nl - p)))
			continue;
		if (out->len > start && out->data[out->len - 1] != ' ')
			buf_addc(out, ' ');
		if (whole)
			whole = add_words(out, start, p, (size_t)(nl - p));
	}
	while (out->len > start && out->data[out->len - 1] == ' ')
		buf_truncate(out, out->len - 1);
	if (!whole)
		buf_adds(out, "...");
	return true;
}

/*
 * clock.c - the injectable clock, ISO-8601 parsing and formatting, and
 * local time through the system tz database (see clock.h).
 *
 * Calendar arithmetic uses Howard Hinnant's days_from_civil() and
 * civil_from_days() (proleptic Gregorian, exact for any year), so UTC
 * conversions never touch the C library's time-zone state.  Local time
 * does: TZ is pointed at ":/usr/share/zoneinfo/NAME" (a file, so TZDIR and
 * POSIX TZ strings play no part), tzset() runs, localtime_r() answers, and
 * the previous TZ is put back.
 *
 * The local -> UTC direction does not use mktime(): its guess for
 * tm_isdst = -1 in gaps and overlaps differs between C libraries.  Instead
 * we try the UTC offsets in force a day before and a day after the wall
 * time and keep the candidate that localtime_r() confirms (see
 * from_local_in()).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "err.h"
#include "xmalloc.h"

#define SECS_PER_DAY 86400LL

/* The injected time: the module's only mutable state (clock.h). */
static bool now_set;
static long long now_value;

long long
clock_now(void)
{
	if (now_set)
		return now_value;
	return (long long)time(NULL);
}

void
clock_set_now(long long t)
{
	now_value = t;
	now_set = true;
}

void
clock_reset(void)
{
	now_set = false;
	now_value = 0;
}

int
clock_init_from_env(void)
{
	const char *s = getenv("STOA_NOW");
	long long t;

	if (s == NULL)
		return 0;
	if (time_parse_iso(s, &t) != 0)
		return E_PARSE;
	clock_set_now(t);
	return 0;
}

/* floor_div - floor(a / b) for b > 0, also for negative a. */
static long long
floor_div(long long a, long long b)
{
	long long q = a / b;

	if (a % b != 0 && a < 0)
		q--;
	return q;
}

/* days_from_civil - days since 1970-01-01 of y-m-d (m 1..12, d 1..31). */
static long long
days_from_civil(long long y, int m, int d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = floor_div(y, 400);
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* civil_from_days - the inverse of days_from_civil(). */
static void
civil_from_days(long long z, long long *y, int *m, int *d)
{
	long long era, doe, yoe, doy, mp;

	z += 719468;
	era = floor_div(z, 146097);
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static bool
is_leap(long long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(long long y, int m)
{
	static const int dim[12] = {
	    31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m == 2 && is_leap(y))
		return 29;
	return dim[m - 1];
}

/*
 * digits - parse exactly n decimal digits at *cur into *out and advance;
 * E_PARSE (cur unchanged) otherwise.
 */
static int
digits(const char **cur, int n, int *out)
{
	const char *p = *cur;
	int v = 0;
	int i;

	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return E_PARSE;
		v = v * 10 + (p[i] - '0');
	}
	*cur = p + n;
	*out = v;
	return 0;
}

/* expect - consume the character c at *cur, or E_PARSE. */
static int
expect(const char **cur, char c)
{
	if (**cur != c)
		return E_PARSE;
	(*cur)++;
	return 0;
}

int
time_parse_iso(const char *s, long long *out)
{
	const char *p = s;
	int y, mo, d, h, mi, sec = 0, oh = 0, om = 0, sign = 0;
	long long t;

	if (s == NULL)
		return E_PARSE;
	if (digits(&p, 4, &y) != 0 || expect(&p, '-') != 0 ||
	    digits(&p, 2, &mo) != 0 || expect(&p, '-') != 0 ||
	    digits(&p, 2, &d) != 0)
		return E_PARSE;
	if (*p != 'T' && *p != ' ')
		return E_PARSE;
	p++;
	if (digits(&p, 2, &h) != 0 || expect(&p, ':') != 0 ||
	    digits(&p, 2, &mi) != 0)
		return E_PARSE;
	if (*p == ':') {
		p++;
		if (digits(&p, 2, &sec) != 0)
			return E_PARSE;
	}
	if (*p == 'Z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p == '+' ? 1 : -1;
		p++;
		if (digits(&p, 2, &oh) != 0 || expect(&p, ':') != 0 ||
		    digits(&p, 2, &om) != 0)
			return E_PARSE;
	}
	if (*p != '\0')
		return E_PARSE;
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
		return E_PARSE;
	if (h > 23 || mi > 59 || sec > 59 || oh > 23 || om > 59)
		return E_PARSE;
	t = days_from_civil(y, mo, d) * SECS_PER_DAY + h * 3600LL + mi * 60LL +
	    sec;
	t -= sign * (oh * 3600LL + om * 60LL);
	*out = t;
	return 0;
}

/* put_num - n decimal digits of v, zero-padded, at p. */
static void
put_num(char *p, long long v, int n)
{
	while (n-- > 0) {
		p[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

int
time_format_iso(long long t, char out[CLOCK_ISO_LEN])
{
	long long days, secs, y;
	int m, d;

	out[0] = '\0';
	/* 0000-01-01T00:00:00Z .. 9999-12-31T23:59:59Z */
	if (t < -62167219200LL || t > 253402300799LL)
		return E_LIMIT;
	days = floor_div(t, SECS_PER_DAY);
	secs = t - days * SECS_PER_DAY;
	civil_from_days(days, &y, &m, &d);
	put_num(out, y, 4);
	out[4] = '-';
	put_num(out + 5, m, 2);
	out[7] = '-';
	put_num(out + 8, d, 2);
	out[10] = 'T';
	put_num(out + 11, secs / 3600, 2);
	out[13] = ':';
	put_num(out + 14, secs / 60 % 60, 2);
	out[16] = ':';
	put_num(out + 17, secs % 60, 2);
	out[19] = 'Z';
	out[20] = '\0';
	return 0;
}

/* tz_name_ok - the lexical checks of tz_valid(), no file system. */
static bool
tz_name_ok(const char *name)
{
	size_t i, n;

	if (name == NULL)
		return false;
	n = strlen(name);
	if (n == 0 || n >= CLOCK_TZ_NAME_MAX)
		return false;
	if (name[0] == '/' || name[n - 1] == '/')
		return false;
	if (strstr(name, "..") != NULL || strstr(name, "//") != NULL)
		return false;
	for (i = 0; i < n; i++) {
		char c = name[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_' || c == '+' ||
		    c == '-' || c == '/')
			continue;
		return false;
	}
	return true;
}

bool
tz_valid(const char *name)
{
	char path[sizeof CLOCK_ZONEINFO + CLOCK_TZ_NAME_MAX + 1];
	char magic[4];
	struct stat st;
	size_t zl = strlen(CLOCK_ZONEINFO);
	size_t nl;
	ssize_t r;
	bool ok;
	int fd;

	if (!tz_name_ok(name))
		return false;
	nl = strlen(name);
	memcpy(path, CLOCK_ZONEINFO, zl);
	path[zl] = '/';
	memcpy(path + zl + 1, name, nl + 1);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd == -1)
		return false;
	ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
	if (ok) {
		do {
			r = read(fd, magic, sizeof magic);
		} while (r == -1 && errno == EINTR);
		ok = r == (ssize_t)sizeof magic &&
		    memcmp(magic, "TZif", sizeof magic) == 0;
	}
	close(fd);
	return ok;
}

/* struct tz_saved - the TZ value to put back after a local-time call. */
struct tz_saved {
	char *old; /* owned copy, NULL when TZ was unset */
};

/*
 * tz_enter - validate name and point TZ at its file.  On success the
 * caller must call tz_leave(s).  E_PARSE for a bad zone, E_NOMEM when
 * setenv() fails (TZ is then unchanged).
 */
static int
tz_enter(const char *name, struct tz_saved *s)
{
	char val[1 + sizeof CLOCK_ZONEINFO + CLOCK_TZ_NAME_MAX + 1];
	const char *old;
	size_t zl = strlen(CLOCK_ZONEINFO);

	s->old = NULL;
	if (!tz_valid(name))
		return E_PARSE;
	val[0] = ':';
	memcpy(val + 1, CLOCK_ZONEINFO, zl);
	val[1 + zl] = '/';
	memcpy(val + 2 + zl, name, strlen(name) + 1);
	old = getenv("TZ");
	if (old != NULL)
		s->old = xstrdup(old);
	if (setenv("TZ", val, 1) != 0) {
		free(s->old);
		s->old = NULL;
		return E_NOMEM;
	}
	tzset();
	return 0;
}

/* tz_leave - restore TZ as tz_enter() found it. */
static void
tz_leave(struct tz_saved *s)
{
	if (s->old != NULL) {
		if (setenv("TZ", s->old, 1) != 0)
			unsetenv("TZ"); /* cannot grow env: system default */
		free(s->old);
		s->old = NULL;
	} else {
		unsetenv("TZ");
	}
	tzset();
}

/*
 * wall_seconds - the fields of tm as seconds since 1970-01-01 00:00 of the
 * same wall clock, normalising months like mktime().  E_LIMIT outside
 * years 0000-9999.
 */
static int
wall_seconds(const struct tm *tm, long long *out)
{
	long long y = (long long)tm->tm_year + 1900;
	long long mon = tm->tm_mon;
	long long days, ny;
	int nm, nd;

	y += floor_div(mon, 12);
	mon -= floor_div(mon, 12) * 12;
	days = days_from_civil(y, (int)mon + 1, 1) + (long long)tm->tm_mday - 1;
	civil_from_days(days, &ny, &nm, &nd);
	if (ny < 0 || ny > 9999)
		return E_LIMIT;
	*out = days * SECS_PER_DAY + (long long)tm->tm_hour * 3600 +
	    (long long)tm->tm_min * 60 + tm->tm_sec;
	return 0;
}

/* local_in - localtime_r() of t with TZ already entered. */
static int
local_in(long long t, struct tm *out)
{
	time_t tt = (time_t)t;

	if ((long long)tt != t)
		return E_LIMIT;
	if (localtime_r(&tt, out) == NULL)
		return E_LIMIT;
	return 0;
}

/* offset_in - the UTC offset (seconds east) in force at t. */
static int
offset_in(long long t, long long *off)
{
	struct tm tm;
	long long w;
	int rc;

	rc = local_in(t, &tm);
	if (rc == 0)
		rc = wall_seconds(&tm, &w);
	if (rc == 0)
		*off = w - t;
	return rc;
}

/*
 * from_local_in - time_from_local() with TZ entered.  A wall time w maps
 * to w - o for an offset o that is in force at w - o.  Offsets differ
 * from UTC by at most a day, so those in force a day before and a day
 * after w cover every candidate unless a zone changed its offset twice in
 * two days (then the earlier offset wins, which is still a sane answer).
 */
static int
from_local_in(const struct tm *local, long long *out)
{
	long long w, o1, o2, c1, c2, chk;
	bool ok1, ok2;
	int rc;

	rc = wall_seconds(local, &w);
	if (rc == 0)
		rc = offset_in(w - SECS_PER_DAY, &o1);
	if (rc == 0)
		rc = offset_in(w + SECS_PER_DAY, &o2);
	if (rc != 0)
		return rc;
	c1 = w - o1;
	c2 = w - o2;
	rc = offset_in(c1, &chk);
	if (rc != 0)
		return rc;
	ok1 = chk == o1;
	rc = offset_in(c2, &chk);
	if (rc != 0)
		return rc;
	ok2 = chk == o2;
	if (ok1 && ok2)
		*out = c1 < c2 ? c1 : c2; /* overlap: the earlier instant */
	else if (ok1)
		*out = c1;
	else if (ok2)
		*out = c2;
	else
		*out = c1; /* gap: the offset before it moves us forward */
	return 0;
}

int
time_to_local(long long t, const char *tz, struct tm *out)
{
	struct tz_saved s;
	int rc;

	rc = tz_enter(tz, &s);
	if (rc != 0)
		return rc;
	rc = local_in(t, out);
	tz_leave(&s);
	return rc;
}

int
time_from_local(const struct tm *local, const char *tz, long long *out)
{
	struct tz_saved s;
	int rc;

	rc = tz_enter(tz, &s);
	if (rc != 0)
		return rc;
	rc = from_local_in(local, out);
	tz_leave(&s);
	return rc;
}

/*
 * next_weekly_in - time_next_weekly() with TZ entered: this week's
 * occurrence (counting from the local date of `after`), else next week's.
 */
static int
next_weekly_in(long long after, int weekday, int hour, long long *out)
{
	struct tm loc, want;
	long long t;
	int rc, i;

	rc = local_in(after, &loc);
	if (rc != 0)
		return rc;
	memset(&want, 0, sizeof want);
	want.tm_year = loc.tm_year;
	want.tm_mon = loc.tm_mon;
	want.tm_mday = loc.tm_mday + (weekday - loc.tm_wday + 7) % 7;
	want.tm_hour = hour;
	for (i = 0; i < 3; i++) {
		rc = from_local_in(&want, &t);
		if (rc != 0)
			return rc;
		if (t > after) {
			*out = t;
			return 0;
		}
		want.tm_mday += 7;
	}
	CHECK(!"a week later is not later");
	return E_INTERNAL;
}

int
time_next_weekly(
    long long after, const char *tz, int weekday, int hour, long long *out)
{
	struct tz_saved s;
	int rc;

	if (weekday < 0 || weekday > 6 || hour < 0 || hour > 23)
		return E_PARSE;
	rc = tz_enter(tz, &s);
	if (rc != 0)
		return rc;
	rc = next_weekly_in(after, weekday, hour, out);
	tz_leave(&s);
	return rc;
}

/*
 * t_clock.c - the injectable clock, ISO-8601 parsing and formatting,
 * tz_valid(), local conversions across DST changes and the weekly
 * schedule.  Expected instants were computed with GNU date(1).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "err.h"
#include "t.h"

/* iso - t formatted, or "(E_LIMIT)", in a rotating static buffer. */
static const char *
iso(long long t)
{
	static char out[4][CLOCK_ISO_LEN + 8];
	static int slot;
	char *p = out[slot++ % 4];

	if (time_format_iso(t, p) != 0)
		snprintf(p, CLOCK_ISO_LEN + 8, "(E_LIMIT)");
	return p;
}

static void
test_parse_ok(void)
{
	static const struct {
		const char *in;
		long long want;
	} cases[] = {
	    {"2026-11-23T19:55:04Z", 1795463704LL},
	    {"2026-11-23T19:55:04", 1795463704LL},
	    {"2026-11-23 19:55:04Z", 1795463704LL},
	    {"2026-11-23T19:55Z", 1795463700LL},
	    {"2026-11-23T19:55", 1795463700LL},
	    {"2026-11-23T20:55:04+01:00", 1795463704LL},
	    {"2026-11-23 14:55:04-05:00", 1795463704LL},
	    {"2026-11-24T01:25:04+05:30", 1795463704LL},
	    {"2026-11-23T19:55:04+00:00", 1795463704LL},
	    {"2026-11-23T19:55:04-00:00", 1795463704LL},
	    {"2026-11-23T19:55+23:59", 1795463700LL - 86340},
	    {"1970-01-01T00:00:00Z", 0},
	    {"1969-12-31T23:59:59Z", -1},
	    {"2000-02-29T12:00:00Z", 951825600LL},
	    {"0000-01-01T00:00:00Z", -62167219200LL},
	    {"9999-12-31T23:59:59Z", 253402300799LL},
	    {"2038-01-19T03:14:08Z", 2147483648LL},
	    {"2106-02-07T06:28:16Z", 4294967296LL},
	    {"1970-01-01T00:00:00+01:00", -3600},
	};
	size_t i;
	long long t;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		t = 12345;
		T_INT(cases[i].in, time_parse_iso(cases[i].in, &t), 0);
		T_INT(cases[i].in, t, cases[i].want);
	}
}

static void
test_parse_bad(void)
{
	static const char *bad[] = {
	    "", "2026", "2026-11-23", /* no time */
	    "2026-11-23T", "2026-11-23T19", "2026-11-23T19:5",
	    "2026-11-23T19:55:0", "2026-11-23T19:55:04ZZ", /* trailing junk */
	    "2026-11-23T19:55:04Z ", " 2026-11-23T19:55:04Z",
	    "2026-11-23T19:55:04.5Z", /* no fractions */
	    "2026-11-23t19:55:04Z",   /* lower-case t */
	    "2026-11-23T19:55:04z", "2026-11-23_19:55:04Z",
	    "2026-11-23T19:55:04+01", /* offset needs minutes */
	    "2026-11-23T19:55:04+0100", "2026-11-23T19:55:04+24:00",
	    "2026-11-23T19:55:04+01:60", "2026-11-23T19:55:04Z+01:00",
	    "26-11-23T19:55:04Z", "+2026-11-23T19:55:04Z",
	    "-2026-11-23T19:55:04Z", "20266-11-23T19:55:04Z",
	    "2026-1-23T19:55:04Z", "2026-11-3T19:55:04Z",
	    "2026/11/23T19:55:04Z", "2026-00-10T00:00Z", /* month 0 */
	    "2026-13-10T00:00Z", "2026-11-00T00:00Z",    /* day 0 */
	    "2026-11-31T00:00Z",                         /* November has 30 */
	    "2026-02-29T00:00Z",                         /* not a leap year */
	    "1900-02-29T00:00Z",                         /* century, not leap */
	    "2026-11-23T24:00Z", "2026-11-23T23:60Z",
	    "2026-11-23T23:59:60Z", /* no leap seconds */
	    "2026-11-23T1a:00Z", "2026-11-23T19:55:04\n",
	    "2026-11-23T19:55:04Z\n",
	    "２026-11-23T19:55Z", /* non-ASCII digit */
	};
	size_t i;
	long long t;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		t = 777;
		T_INT(bad[i], time_parse_iso(bad[i], &t), E_PARSE);
		T_INT(bad[i], t, 777); /* untouched on error */
	}
	T_INT("NULL", time_parse_iso(NULL, &t), E_PARSE);
	/* 2000 is a leap year, 2100 is not */
	T_INT("2000-02-29", time_parse_iso("2000-02-29T00:00Z", &t), 0);
	T_INT("2100-02-29", time_parse_iso("2100-02-29T00:00Z", &t), E_PARSE);
	T_INT("2024-02-29", time_parse_iso("2024-02-29T00:00Z", &t), 0);
}

static void
test_format(void)
{
	static const long long ts[] = {0, -1, 1, 951825600LL, 1795463704LL,
	    -62167219200LL, 253402300799LL, 4294967296LL, 1709208000LL,
	    -86400LL * 365 * 300};
	char out[CLOCK_ISO_LEN];
	long long back;
	size_t i;

	T_STR("format example", iso(1795463704LL), "2026-11-23T19:55:04Z");
	T_STR("format epoch", iso(0), "1970-01-01T00:00:00Z");
	T_STR("format -1", iso(-1), "1969-12-31T23:59:59Z");
	T_STR("format leap day", iso(951825600LL), "2000-02-29T12:00:00Z");
	T_STR("format min", iso(-62167219200LL), "0000-01-01T00:00:00Z");
	T_STR("format max", iso(253402300799LL), "9999-12-31T23:59:59Z");
	/* round trips */
	for (i = 0; i < sizeof ts / sizeof ts[0]; i++) {
		T_INT("format ok", time_format_iso(ts[i], out), 0);
		T_INT(out, (long long)strlen(out), CLOCK_ISO_LEN - 1);
		T_INT(out, time_parse_iso(out, &back), 0);
		T_INT(out, back, ts[i]);
	}
	/* every second of a day and every day of four years round-trip */
	for (i = 0; i < 4 * 366; i++) {
		long long t = 946684800LL + (long long)i * 86400 +
		    (long long)(i * 7919 % 86400);

		if (time_format_iso(t, out) != 0 ||
		    time_parse_iso(out, &back) != 0 || back != t) {
			T_STR("day round trip", out, "(round trip)");
			break;
		}
	}
	T_OK("four years round trip", i == 4 * 366);
	/* out of range */
	T_INT(
	    "format below 0000", time_format_iso(-62167219201LL, out), E_LIMIT);
	T_STR("format below 0000 empties out", out, "");
	T_INT(
	    "format above 9999", time_format_iso(253402300800LL, out), E_LIMIT);
	T_INT("format LLONG_MAX", time_format_iso(LLONG_MAX, out), E_LIMIT);
	T_INT("format LLONG_MIN", time_format_iso(LLONG_MIN, out), E_LIMIT);
}

static void
test_now(void)
{
	long long before, t;

	clock_reset();
	before = (long long)time(NULL);
	t = clock_now();
	T_OK("real clock", t >= before && t <= before + 5);
	clock_set_now(1795463704LL);
	T_INT("injected", clock_now(), 1795463704LL);
	T_INT("injected stays", clock_now(), 1795463704LL);
	clock_reset();
	T_OK("reset follows system", clock_now() >= before);

	unsetenv("STOA_NOW");
	T_INT("env unset", clock_init_from_env(), 0);
	T_OK("env unset keeps real clock", clock_now() >= before);
	setenv("STOA_NOW", "2026-11-23T19:55:04Z", 1);
	T_INT("env set", clock_init_from_env(), 0);
	T_INT("env set now", clock_now(), 1795463704LL);
	setenv("STOA_NOW", "2026-11-23 20:55+01:00", 1);
	T_INT("env offset", clock_init_from_env(), 0);
	T_INT("env offset now", clock_now(), 1795463700LL);
	setenv("STOA_NOW", "yesterday", 1);
	T_INT("env bad", clock_init_from_env(), E_PARSE);
	T_INT("env bad keeps old", clock_now(), 1795463700LL);
	setenv("STOA_NOW", "", 1);
	T_INT("env empty", clock_init_from_env(), E_PARSE);
	setenv("STOA_NOW", "1795463704", 1);
	T_INT("env epoch number", clock_init_from_env(), E_PARSE);
	unsetenv("STOA_NOW");
	clock_reset();
}

static void
test_tz_valid(void)
{
	static const struct {
		const char *name;
		bool want;
	} cases[] = {
	    {"Europe/Berlin", true},
	    {"America/New_York", true},
	    {"America/Argentina/Buenos_Aires", true},
	    {"UTC", true}, /* a symlink inside the database */
	    {"Etc/GMT+5", true},
	    {"Etc/GMT-14", true},
	    {"EST5EDT", true},
	    {"../../etc/passwd", false},
	    {"/etc/passwd", false},
	    {"/usr/share/zoneinfo/Europe/Berlin", false},
	    {"Europe/../Europe/Berlin", false},
	    {"Europe/..", false},
	    {"..", false},
	    {"Europe//Berlin", false},
	    {"Europe/Berlin/", false},
	    {"Europe/Berlin ", false},
	    {"Europe/Berlin\n", false},
	    {"./Europe/Berlin", false},
	    {"Europe\\Berlin", false},
	    {"Europe/Berlin;rm", false},
	    {"europe/berlin", false}, /* names are case-sensitive */
	    {"Mars/Olympus_Mons", false},
	    {"Europe", false},      /* a directory */
	    {"leapseconds", false}, /* a regular file, not TZif */
	    {"zone.tab", false},
	    {"", false},
	    {"CET5CEST,M3.5.0,M10.5.0/3", false}, /* POSIX TZ strings */
	    {":Europe/Berlin", false},
	};
	char longname[CLOCK_TZ_NAME_MAX + 10];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		T_OK(cases[i].name, tz_valid(cases[i].name) == cases[i].want);
	T_OK("NULL", !tz_valid(NULL));
	memset(longname, 'A', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	T_OK("too long", !tz_valid(longname));
}

/* tm_of - a struct tm for a wall time (year, month 1-12, ...). */
static struct tm
tm_of(int y, int mo, int d, int h, int mi, int s)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	tm.tm_isdst = -1;
	return tm;
}

static void
test_to_local(void)
{
	struct tm tm;
	long long t;

	/* Berlin, spring 2026: 01:00Z is 02:00 CET -> 03:00 CEST */
	T_INT("berlin before",
	    time_to_local(1774745999LL, "Europe/Berlin", &tm), 0);
	T_INT("berlin before hour", tm.tm_hour, 1);
	T_INT("berlin before min", tm.tm_min, 59);
	T_INT("berlin before isdst", tm.tm_isdst, 0);
	T_INT("berlin after", time_to_local(1774746000LL, "Europe/Berlin", &tm),
	    0);
	T_INT("berlin after hour", tm.tm_hour, 3);
	T_INT("berlin after min", tm.tm_min, 0);
	T_INT("berlin after isdst", tm.tm_isdst, 1);
	T_INT("berlin after wday", tm.tm_wday, 0);
	T_INT("berlin after mday", tm.tm_mday, 29);
	T_INT("berlin after mon", tm.tm_mon, 2);
	T_INT("berlin after year", tm.tm_year, 126);
	/* New York, autumn 2026: 01:30 happens twice */
	T_INT(
	    "ny edt", time_to_local(1793511000LL, "America/New_York", &tm), 0);
	T_INT("ny edt hour", tm.tm_hour, 1);
	T_INT("ny edt isdst", tm.tm_isdst, 1);
	T_INT(
	    "ny est", time_to_local(1793514600LL, "America/New_York", &tm), 0);
	T_INT("ny est hour", tm.tm_hour, 1);
	T_INT("ny est isdst", tm.tm_isdst, 0);
	/* the local date differs from the UTC date */
	T_INT("auckland", time_to_local(1795366800LL, "Pacific/Auckland", &tm),
	    0);
	T_INT("auckland mday", tm.tm_mday, 23);
	T_INT("auckland wday", tm.tm_wday, 1);
	T_INT("auckland hour", tm.tm_hour, 6);
	/* errors */
	T_INT("to_local bad tz", time_to_local(0, "../../etc/passwd", &tm),
	    E_PARSE);
	T_INT("to_local NULL tz", time_to_local(0, NULL, &tm), E_PARSE);
	T_INT("to_local huge", time_to_local(LLONG_MAX, "UTC", &tm), E_LIMIT);

	/* the inverse, and DST rules */
	tm = tm_of(2026, 11, 23, 20, 55, 4);
	T_INT("from berlin", time_from_local(&tm, "Europe/Berlin", &t), 0);
	T_STR("from berlin", iso(t), "2026-11-23T19:55:04Z");
	tm = tm_of(2026, 7, 1, 12, 0, 0);
	T_INT(
	    "from berlin summer", time_from_local(&tm, "Europe/Berlin", &t), 0);
	T_STR("from berlin summer", iso(t), "2026-07-01T10:00:00Z");
	tm = tm_of(2026, 3, 29, 1, 59, 59);
	T_INT(
	    "berlin before gap", time_from_local(&tm, "Europe/Berlin", &t), 0);
	T_STR("berlin before gap", iso(t), "2026-03-29T00:59:59Z");
	tm = tm_of(2026, 3, 29, 2, 30, 0);
	T_INT("berlin in gap", time_from_local(&tm, "Europe/Berlin", &t), 0);
	T_STR("berlin in gap -> 03:30 CEST", iso(t), "2026-03-29T01:30:00Z");
	tm = tm_of(2026, 3, 29, 3, 0, 0);
	T_INT("berlin after gap", time_from_local(&tm, "Europe/Berlin", &t), 0);
	T_STR("berlin after gap", iso(t), "2026-03-29T01:00:00Z");
	tm = tm_of(2026, 10, 25, 2, 30, 0);
	T_INT("berlin overlap", time_from_local(&tm, "Europe/Berlin", &t), 0);
	T_STR(
	    "berlin overlap -> earlier (CEST)", iso(t), "2026-10-25T00:30:00Z");
	tm = tm_of(2026, 10, 25, 3, 0, 0);
	T_INT("berlin after overlap", time_from_local(&tm, "Europe/Berlin", &t),
	    0);
	T_STR("berlin after overlap", iso(t), "2026-10-25T02:00:00Z");
	tm = tm_of(2026, 3, 8, 2, 30, 0);
	T_INT("ny in gap", time_from_local(&tm, "America/New_York", &t), 0);
	T_STR("ny in gap -> 03:30 EDT", iso(t), "2026-03-08T07:30:00Z");
	tm = tm_of(2026, 11, 1, 1, 30, 0);
	T_INT("ny overlap", time_from_local(&tm, "America/New_York", &t), 0);
	T_STR("ny overlap -> earlier (EDT)", iso(t), "2026-11-01T05:30:00Z");
	tm = tm_of(2026, 11, 1, 1, 30, 0);
	tm.tm_isdst = 0; /* ignored */
	T_INT("ny overlap isdst ignored",
	    time_from_local(&tm, "America/New_York", &t), 0);
	T_STR("ny overlap isdst ignored", iso(t), "2026-11-01T05:30:00Z");
	/* normalisation like mktime(): day 32, month 13, negative hours */
	tm = tm_of(2026, 12, 32, 0, 0, 0);
	T_INT("normalise mday", time_from_local(&tm, "UTC", &t), 0);
	T_STR("normalise mday", iso(t), "2027-01-01T00:00:00Z");
	tm = tm_of(2026, 13, 1, -1, 0, 0);
	T_INT("normalise mon", time_from_local(&tm, "UTC", &t), 0);
	T_STR("normalise mon", iso(t), "2026-12-31T23:00:00Z");
	tm = tm_of(2026, -1, 1, 0, 0, 0);
	T_INT("normalise negative mon", time_from_local(&tm, "UTC", &t), 0);
	T_STR("normalise negative mon", iso(t), "2025-11-01T00:00:00Z");
	/* round trip every hour of a year in New York */
	{
		long long u, start = 1767225600LL; /* 2026-01-01Z */
		int h, bad = 0;

		for (h = 0; h < 365 * 24; h++) {
			u = start + h * 3600LL;
			if (time_to_local(u, "America/New_York", &tm) != 0 ||
			    time_from_local(&tm, "America/New_York", &t) != 0)
				bad++;
			/* only the repeated hour maps to its first instant */
			else if (t != u && t != u - 3600)
				bad++;
		}
		T_INT("ny hourly round trip", bad, 0);
	}
	/* errors */
	tm = tm_of(2026, 1, 1, 0, 0, 0);
	T_INT("from_local bad tz", time_from_local(&tm, "/etc/passwd", &t),
	    E_PARSE);
	tm = tm_of(10000, 1, 1, 0, 0, 0);
	T_INT(
	    "from_local year 10000", time_from_local(&tm, "UTC", &t), E_LIMIT);
	tm = tm_of(-1, 12, 31, 0, 0, 0);
	T_INT("from_local year -1", time_from_local(&tm, "UTC", &t), E_LIMIT);
}

static void
test_tz_restored(void)
{
	struct tm tm;
	const char *v;

	setenv("TZ", "America/New_York", 1);
	T_INT("restore set", time_to_local(0, "Europe/Berlin", &tm), 0);
	v = getenv("TZ");
	T_STR("TZ restored", v, "America/New_York");
	unsetenv("TZ");
	T_INT("restore unset", time_to_local(0, "Europe/Berlin", &tm), 0);
	T_OK("TZ still unset", getenv("TZ") == NULL);
	setenv("TZ", "UTC", 1);
	T_INT("restore after error", time_to_local(0, "..", &tm), E_PARSE);
	T_STR("TZ untouched on error", getenv("TZ"), "UTC");
	unsetenv("TZ");
}

static void
test_next_weekly(void)
{
	static const struct {
		const char *name;
		const char *tz;
		int wday, hour;
		const char *after;
		const char *want;
	} cases[] = {
	    {"one second before", "Europe/Berlin", 1, 9, "2026-11-23T07:59:59Z",
	        "2026-11-23T08:00:00Z"},
	    {"exactly at: strictly after", "Europe/Berlin", 1, 9,
	        "2026-11-23T08:00:00Z", "2026-11-30T08:00:00Z"},
	    {"one second after", "Europe/Berlin", 1, 9, "2026-11-23T08:00:01Z",
	        "2026-11-30T08:00:00Z"},
	    {"later the same week", "Europe/Berlin", 4, 17,
	        "2026-11-23T08:00:00Z", "2026-11-26T16:00:00Z"},
	    {"earlier weekday: next week", "Europe/Berlin", 0, 9,
	        "2026-11-24T08:00:00Z", "2026-11-29T08:00:00Z"},
	    {"DST week, Sunday", "Europe/Berlin", 0, 9, "2026-03-22T08:00:00Z",
	        "2026-03-29T07:00:00Z"},
	    {"DST week, Monday", "Europe/Berlin", 1, 9, "2026-03-27T12:00:00Z",
	        "2026-03-30T07:00:00Z"},
	    {"hour in the gap", "Europe/Berlin", 0, 2, "2026-03-28T12:00:00Z",
	        "2026-03-29T01:00:00Z"},
	    {"hour in the overlap: first", "Europe/Berlin", 0, 2,
	        "2026-10-24T12:00:00Z", "2026-10-25T00:00:00Z"},
	    {"overlap fires once", "Europe/Berlin", 0, 2,
	        "2026-10-25T00:00:00Z", "2026-11-01T01:00:00Z"},
	    {"new year", "Europe/Berlin", 4, 23, "2026-12-31T22:30:00Z",
	        "2027-01-07T22:00:00Z"},
	    {"ny spring", "America/New_York", 1, 8, "2026-03-06T00:00:00Z",
	        "2026-03-09T12:00:00Z"},
	    {"ny autumn", "America/New_York", 1, 8, "2026-10-30T00:00:00Z",
	        "2026-11-02T13:00:00Z"},
	    {"local date ahead of UTC", "Pacific/Auckland", 1, 6,
	        "2026-11-22T12:00:00Z", "2026-11-22T17:00:00Z"},
	    {"local date behind UTC", "America/New_York", 0, 23,
	        "2026-11-30T01:00:00Z", "2026-11-30T04:00:00Z"},
	    {"utc midnight", "UTC", 6, 0, "2026-11-28T00:00:00Z",
	        "2026-12-05T00:00:00Z"},
	    /* Samoa skipped Friday 2011-12-30: the gap rule moves the
	       occurrence to the same wall time a day later */
	    {"a day that never was", "Pacific/Apia", 5, 9,
	        "2011-12-28T00:00:00Z", "2011-12-30T19:00:00Z"},
	    {"after the skipped day", "Pacific/Apia", 5, 9,
	        "2011-12-30T19:00:00Z", "2012-01-05T19:00:00Z"},
	};
	long long after, t;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		t = 0;
		if (time_parse_iso(cases[i].after, &after) != 0) {
			T_STR(cases[i].name, cases[i].after, "(bad test)");
			continue;
		}
		T_INT(cases[i].name,
		    time_next_weekly(
		        after, cases[i].tz, cases[i].wday, cases[i].hour, &t),
		    0);
		T_STR(cases[i].name, iso(t), cases[i].want);
	}
	/* a year of weekly steps: always 7 days apart in local time */
	{
		long long prev = 1767225600LL, next; /* 2026-01-01Z */
		struct tm tm;
		int w, bad = 0;

		for (w = 0; w < 53; w++) {
			if (time_next_weekly(
			        prev, "Europe/Berlin", 3, 18, &next) != 0 ||
			    next <= prev ||
			    time_to_local(next, "Europe/Berlin", &tm) != 0 ||
			    tm.tm_wday != 3 || tm.tm_hour != 18 ||
			    tm.tm_min != 0)
				bad++;
			prev = next;
		}
		T_INT("a year of Wednesdays", bad, 0);
	}
	/* errors */
	T_INT("weekday 7", time_next_weekly(0, "UTC", 7, 9, &t), E_PARSE);
	T_INT("weekday -1", time_next_weekly(0, "UTC", -1, 9, &t), E_PARSE);
	T_INT("hour 24", time_next_weekly(0, "UTC", 1, 24, &t), E_PARSE);
	T_INT("hour -1", time_next_weekly(0, "UTC", 1, -1, &t), E_PARSE);
	T_INT("bad tz", time_next_weekly(0, "../../etc/passwd", 1, 9, &t),
	    E_PARSE);
	T_INT("huge after", time_next_weekly(LLONG_MAX, "UTC", 1, 9, &t),
	    E_LIMIT);
	T_INT("after year 9999",
	    time_next_weekly(253402300799LL, "UTC", 1, 9, &t), E_LIMIT);
}

int
main(void)
{
	test_parse_ok();
	test_parse_bad();
	test_format();
	test_now();
	test_tz_valid();
	test_to_local();
	test_tz_restored();
	test_next_weekly();
	return t_done();
}

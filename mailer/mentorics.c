/*
 * mentorics.c - the iCalendar invite of a mentoring pair (mentorics.h).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "checkin.h"
#include "clock.h"
#include "err.h"
#include "mentorics.h"

#define FOLD 75 /* octets per line, RFC 5545 3.1 */
#define WEEK (7LL * 86400)

/* line - append one content line s, folded, with CRLF. */
static void
line(struct buf *out, const char *s)
{
	size_t n = strlen(s), i = 0, room = FOLD, k;

	while (n - i > room) {
		k = room;
		while (k > 0 && ((unsigned char)s[i + k] & 0xC0) == 0x80)
			k--; /* not inside a UTF-8 sequence */
		buf_add(out, s + i, k);
		buf_adds(out, "\r\n ");
		i += k;
		room = FOLD - 1;
	}
	buf_add(out, s + i, n - i);
	buf_adds(out, "\r\n");
}

/* text - s as an escaped TEXT value onto b (RFC 5545 3.3.11). */
static void
text(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\\' || *s == ';' || *s == ',')
			buf_addc(b, '\\');
		if (*s == '\n')
			buf_adds(b, "\\n");
		else if ((unsigned char)*s >= 0x20 && *s != 0x7f)
			buf_addc(b, *s);
	}
}

/* param - s as a parameter value: quoted, without DQUOTE and controls. */
static void
param(struct buf *b, const char *s)
{
	buf_addc(b, '"');
	for (; *s != '\0'; s++)
		if (*s != '"' && (unsigned char)*s >= 0x20 && *s != 0x7f)
			buf_addc(b, *s);
	buf_addc(b, '"');
}

/* stamp - t (UTC) plus off seconds as YYYYMMDDTHHMMSS into out. */
static void
stamp(long long t, long off, char out[16])
{
	time_t s = (time_t)(t + off);
	struct tm tm;

	gmtime_r(&s, &tm);
	strftime(out, 16, "%Y%m%dT%H%M%S", &tm);
}

/* zone - tz's offset and abbreviation at t. */
static int
zone(const char *tz, long long t, long *off, char name[16], bool *dst)
{
	struct tm tm;
	int rc;

	rc = time_to_local(t, tz, &tm);
	if (rc != 0)
		return rc;
	*off = tm.tm_gmtoff;
	*dst = tm.tm_isdst > 0;
	snprintf(name, 16, "%s", tm.tm_zone != NULL ? tm.tm_zone : "");
	return 0;
}

/* offset - "+HHMM" of off seconds. */
static void
offset(long off, char out[8])
{
	long a = off < 0 ? -off : off;

	snprintf(out, 8, "%c%02ld%02ld", off < 0 ? '-' : '+', a / 3600 % 100,
	    a / 60 % 60);
}

/* mdays - the number of days in tm's month. */
static int
mdays(const struct tm *tm)
{
	static const int n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y = tm->tm_year + 1900;

	if (tm->tm_mon == 1 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		return 29;
	return n[tm->tm_mon];
}

/*
 * observance - one STANDARD or DAYLIGHT block for the change at t (the
 * first second of the new offset) from offset `from`; yearly on the nth
 * (or last) weekday of its month.
 */
static int
observance(struct buf *out, const char *tz, long long t, long from)
{
	static const char *const days[] = {
	    "SU", "MO", "TU", "WE", "TH", "FR", "SA"};
	char name[16], s[16], a[8], b[8], l[96];
	time_t lt = (time_t)(t + from);
	struct tm tm;
	long to;
	bool dst;
	int rc, nth;

	rc = zone(tz, t, &to, name, &dst);
	if (rc != 0)
		return rc;
	gmtime_r(&lt, &tm);
	nth = tm.tm_mday + 7 > mdays(&tm) ? -1 : (tm.tm_mday + 6) / 7;
	stamp(t, from, s);
	offset(from, a);
	offset(to, b);
	line(out, dst ? "BEGIN:DAYLIGHT" : "BEGIN:STANDARD");
	snprintf(l, sizeof l, "TZOFFSETFROM:%s", a);
	line(out, l);
	snprintf(l, sizeof l, "TZOFFSETTO:%s", b);
	line(out, l);
	if (name[0] != '\0') {
		snprintf(l, sizeof l, "TZNAME:%s", name);
		line(out, l);
	}
	snprintf(l, sizeof l, "DTSTART:%s", s);
	line(out, l);
	snprintf(l, sizeof l, "RRULE:FREQ=YEARLY;BYMONTH=%d;BYDAY=%d%s",
	    tm.tm_mon + 1, nth, days[tm.tm_wday]);
	line(out, l);
	line(out, dst ? "END:DAYLIGHT" : "END:STANDARD");
	return 0;
}

/* change - the first second in (lo, hi] whose offset differs from lo's. */
static int
change(const char *tz, long long lo, long long hi, long long *at)
{
	char name[16];
	long o0 = 0, o = 0;
	bool dst;
	int rc;

	rc = zone(tz, lo, &o0, name, &dst);
	while (rc == 0 && hi - lo > 1) {
		long long mid = lo + (hi - lo) / 2;

		rc = zone(tz, mid, &o, name, &dst);
		if (o == o0)
			lo = mid;
		else
			hi = mid;
	}
	*at = hi;
	return rc;
}

/*
 * vtimezone - tz over the calendar year before `start`'s (so every
 * occurrence from `start` on follows an observance): each change of
 * offset as an observance, found by the week and then to the second; a
 * zone without changes, one STANDARD block.
 */
static int
vtimezone(struct buf *out, const char *tz, long long start)
{
	char name[16], a[8], l[96];
	time_t st = (time_t)start;
	struct tm tm;
	long long t0, t, at;
	long o, prev;
	bool dst, any = false;
	int rc;

	gmtime_r(&st, &tm);
	t0 = (long long)checkin_civil(tm.tm_year + 1900 - 1, 1, 1) * 86400;
	rc = zone(tz, t0, &prev, name, &dst);
	snprintf(l, sizeof l, "TZID:%s", tz);
	line(out, "BEGIN:VTIMEZONE");
	line(out, l);
	for (t = t0 + WEEK; rc == 0 && t <= t0 + 53 * WEEK; t += WEEK) {
		rc = zone(tz, t, &o, name, &dst);
		if (rc != 0 || o == prev)
			continue;
		rc = change(tz, t - WEEK, t, &at);
		if (rc == 0)
			rc = observance(out, tz, at, prev);
		prev = o;
		any = true;
	}
	if (rc == 0 && !any) {
		offset(prev, a);
		line(out, "BEGIN:STANDARD");
		snprintf(l, sizeof l, "TZOFFSETFROM:%s", a);
		line(out, l);
		snprintf(l, sizeof l, "TZOFFSETTO:%s", a);
		line(out, l);
		line(out, "DTSTART:19700101T000000");
		line(out, "END:STANDARD");
	}
	line(out, "END:VTIMEZONE");
	return rc;
}

/*
 * vtimezone_cached - vtimezone(), kept for the last zone and year: a
 * pass that pairs many people in one list computes it once (the tz
 * calls are the cost of an invite).  Programs are single-threaded.
 */
static int
vtimezone_cached(struct buf *out, const char *tz, long long start)
{
	static char c_tz[64];
	static int c_year = -1;
	static struct buf c_text = BUF_INIT(8192);
	time_t st = (time_t)start;
	struct tm tm;
	int rc = 0;

	gmtime_r(&st, &tm);
	if (c_year != tm.tm_year || strcmp(c_tz, tz) != 0) {
		buf_reset(&c_text);
		rc = vtimezone(&c_text, tz, start);
		c_year = rc == 0 ? tm.tm_year : -1;
		snprintf(c_tz, sizeof c_tz, "%s", tz);
	}
	if (rc == 0)
		buf_add(out, c_text.data, c_text.len);
	return rc;
}

/* attendee - one ATTENDEE line for p. */
static void
attendee(struct buf *out, const struct mentor_person *p)
{
	struct buf b = BUF_INIT(1024);

	buf_adds(&b, "ATTENDEE;CN=");
	param(&b, p->name[0] != '\0' ? p->name : p->email);
	buf_addf(&b,
	    ";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE"
	    ":mailto:%s",
	    p->email);
	line(out, buf_cstr(&b));
	buf_release(&b);
}

/* local - DTSTART/DTEND of t in tz with its TZID into out. */
static int
local(struct buf *out, const char *prop, const char *tz, long long t)
{
	struct buf b = BUF_INIT(256);
	char s[16], name[16];
	long off = 0;
	bool dst;
	int rc;

	rc = zone(tz, t, &off, name, &dst);
	stamp(t, off, s);
	buf_addf(&b, "%s;TZID=%s:%s", prop, tz, s);
	line(out, buf_cstr(&b));
	buf_release(&b);
	return rc;
}

/* event - the VEVENT. */
static int
event(const struct mentorics *ic, struct buf *out)
{
	struct buf b = BUF_INIT(4096);
	char s[16];
	int rc;

	line(out, "BEGIN:VEVENT");
	buf_addf(&b, "UID:%s", ic->uid);
	line(out, buf_cstr(&b));
	stamp(ic->now, 0, s);
	buf_reset(&b);
	buf_addf(&b, "DTSTAMP:%sZ", s);
	line(out, buf_cstr(&b));
	line(out, "SEQUENCE:0");
	rc = local(out, "DTSTART", ic->tz, ic->start);
	if (rc == 0)
		rc = local(
		    out, "DTEND", ic->tz, ic->start + MENTORICS_MINUTES * 60LL);
	if (ic->rrule != NULL && ic->rrule[0] != '\0') {
		buf_reset(&b);
		buf_addf(&b, "RRULE:%s", ic->rrule);
		line(out, buf_cstr(&b));
	}
	buf_reset(&b);
	buf_adds(&b, "SUMMARY:");
	text(&b, ic->summary);
	line(out, buf_cstr(&b));
	buf_reset(&b);
	buf_adds(&b, "DESCRIPTION:");
	text(&b, ic->description);
	line(out, buf_cstr(&b));
	buf_reset(&b);
	buf_adds(&b, "ORGANIZER;CN=");
	param(&b, ic->org_name != NULL ? ic->org_name : ic->organizer);
	buf_addf(&b, ":mailto:%s", ic->organizer);
	line(out, buf_cstr(&b));
	attendee(out, ic->mentor);
	attendee(out, ic->mentee);
	line(out, "STATUS:CONFIRMED");
	line(out, "END:VEVENT");
	buf_release(&b);
	return rc;
}

int
mentorics_write(const struct mentorics *ic, struct buf *out)
{
	int rc;

	line(out, "BEGIN:VCALENDAR");
	line(out, "VERSION:2.0");
	line(out, "PRODID:-//Stoa//Mentoring 1.0//EN");
	line(out, "METHOD:REQUEST");
	line(out, "CALSCALE:GREGORIAN");
	rc = vtimezone_cached(out, ic->tz, ic->start);
	if (rc == 0)
		rc = event(ic, out);
	line(out, "END:VCALENDAR");
	if (rc == 0 && buf_error(out) != 0)
		rc = buf_error(out);
	return rc;
}

const char *
mentorics_rrule(const struct mentor_pair *p)
{
	if (strcmp(p->state, "active") != 0 || strcmp(p->pace, "pause") == 0)
		return "";
	if (strcmp(p->track, "onboarding") == 0)
		return "FREQ=WEEKLY;COUNT=9";
	if (strcmp(p->pace, "fortnightly") == 0)
		return "FREQ=WEEKLY;INTERVAL=2";
	if (strcmp(p->pace, "monthly") == 0)
		return "FREQ=WEEKLY;INTERVAL=4";
	return "FREQ=WEEKLY";
}

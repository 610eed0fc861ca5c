/*
 * icscheck.c - check iCalendar invites with libical and with the rules
 * libical does not check (docs/mentoring.md, "Calendar invite").
 *
 *   icscheck [-l] FILE...
 *
 * -l: libical's checks only (for invites written by others, such as
 * ../shared/reference/ics-example, whose long lines are not folded).
 *
 * Per file: it parses as one VCALENDAR; icalrestriction_check() passes
 * for its METHOD (RFC 5546) and no X-LIC-ERROR is left; every line ends
 * in CRLF and has at most 75 octets; every TZID a property names is
 * defined by a VTIMEZONE; each VEVENT ends after it starts.  Prints one
 * line per failure and "N passed, N failed".  Built only by `make check`
 * (libical is a test dependency; the product writes invites itself).
 */
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FILE (1 << 20)
#define FOLD     75

static int failed, own = 1;

static void
bad(const char *path, const char *what)
{
	printf("FAIL %s: %s\n", path, what);
	failed = 1;
}

/* lines - CRLF everywhere, at most FOLD octets per line. */
static void
lines(const char *path, const char *s, size_t n)
{
	size_t i, len = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '\n') {
			if (i == 0 || s[i - 1] != '\r')
				bad(path, "a line without CRLF");
			if (len - 1 > FOLD)
				bad(path, "a line over 75 octets");
			len = 0;
		} else
			len++;
	}
	if (len > 0)
		bad(path, "the last line has no CRLF");
}

/* has_tz - cal defines a VTIMEZONE with TZID tz. */
static int
has_tz(icalcomponent *cal, const char *tz)
{
	icalcomponent *z;

	for (z = icalcomponent_get_first_component(
	         cal, ICAL_VTIMEZONE_COMPONENT);
	     z != NULL; z = icalcomponent_get_next_component(
	                    cal, ICAL_VTIMEZONE_COMPONENT)) {
		icalproperty *p =
		    icalcomponent_get_first_property(z, ICAL_TZID_PROPERTY);

		if (p != NULL && strcmp(icalproperty_get_tzid(p), tz) == 0)
			return 1;
	}
	return 0;
}

/* event - TZIDs defined, DTEND after DTSTART. */
static void
event(const char *path, icalcomponent *cal, icalcomponent *ev)
{
	icalproperty *p;
	icalparameter *t;

	for (p = icalcomponent_get_first_property(ev, ICAL_ANY_PROPERTY);
	     p != NULL;
	     p = icalcomponent_get_next_property(ev, ICAL_ANY_PROPERTY)) {
		t = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
		if (t != NULL && !has_tz(cal, icalparameter_get_tzid(t)))
			bad(path, "a TZID without its VTIMEZONE");
	}
	if (icaltime_compare(icalcomponent_get_dtend(ev),
	        icalcomponent_get_dtstart(ev)) <= 0)
		bad(path, "DTEND is not after DTSTART");
}

static void
check(const char *path, const char *s, size_t n)
{
	icalcomponent *cal, *ev;
	icalcompiter it;
	int events = 0;

	if (own)
		lines(path, s, n);
	cal = icalparser_parse_string(s);
	if (cal == NULL || icalcomponent_isa(cal) != ICAL_VCALENDAR_COMPONENT) {
		bad(path, "not one VCALENDAR");
		if (cal != NULL)
			icalcomponent_free(cal);
		return;
	}
	if (!icalrestriction_check(cal))
		bad(path, "icalrestriction_check failed");
	if (icalcomponent_count_errors(cal) > 0)
		bad(path, "libical reports errors (X-LIC-ERROR)");
	/* an iterator of its own: has_tz() moves the component's */
	it = icalcomponent_begin_component(cal, ICAL_VEVENT_COMPONENT);
	for (; (ev = icalcompiter_deref(&it)) != NULL; icalcompiter_next(&it)) {
		if (own)
			event(path, cal, ev);
		events++;
	}
	if (events == 0)
		bad(path, "no VEVENT");
	icalcomponent_free(cal);
}

int
main(int argc, char **argv)
{
	int i, pass = 0, fail = 0;

	for (i = 1; i < argc && strcmp(argv[i], "-l") == 0; i++)
		own = 0;
	for (; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		char *s = malloc(MAX_FILE + 1);
		size_t n =
		    f != NULL && s != NULL ? fread(s, 1, MAX_FILE, f) : 0;

		failed = 0;
		if (n == 0)
			bad(argv[i], "cannot read");
		else {
			s[n] = '\0';
			check(argv[i], s, n);
		}
		if (f != NULL)
			fclose(f);
		free(s);
		failed ? fail++ : pass++;
	}
	printf("%d passed, %d failed\n", pass, fail);
	return fail > 0 || argc < 2;
}

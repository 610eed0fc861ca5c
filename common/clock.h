/*
 * clock.h - the clock, ISO-8601 times and per-list time zones.
 *
 * Purpose: one notion of "now" that tests and the demo can fix (DESIGN §6:
 * all schedule logic takes the clock as a parameter), strict ISO-8601
 * UTC text for storage and the command line, and local-time arithmetic
 * through the system tz database for digest schedules.
 *
 * Times are long long Unix seconds (UTC, no leap seconds).  They are
 * stored as "YYYY-MM-DDTHH:MM:SSZ" text, which sorts like the number.
 *
 * Non-goals: RFC 5322 dates (the MIME wrapper parses those), sub-second
 * times, calendars before year 0000 or after 9999.
 *
 * State: the injected "now" is the one piece of mutable global state here
 * (set once at start-up from --now or STOA_NOW).  The tz functions change
 * the TZ environment variable for the duration of a call and restore it
 * afterwards: they are NOT thread-safe, and no other thread may call
 * localtime(), mktime(), getenv("TZ") or setenv() meanwhile.  Stoa's
 * programs are single-threaded.
 */
#ifndef STOA_CLOCK_H
#define STOA_CLOCK_H

#include <stdbool.h>
#include <time.h>

#define CLOCK_ISO_LEN     21 /* "2026-11-23T19:55:04Z" + NUL */
#define CLOCK_TZ_NAME_MAX 64 /* bytes in a zone name (bounds.h?) */
#define CLOCK_ZONEINFO    "/usr/share/zoneinfo" /* the system tz database */

/* clock_now - the injected time if one is set, else time(NULL). */
long long clock_now(void);

/* clock_set_now - make clock_now() return t from now on (tests, --now). */
void clock_set_now(long long t);

/* clock_reset - forget an injected time; clock_now() follows the system. */
void clock_reset(void);

/*
 * clock_init_from_env - when STOA_NOW is set, parse it with
 * time_parse_iso() and inject it.  Unset: 0, nothing changes.  Set but
 * empty or malformed: E_PARSE, nothing changes.
 */
int clock_init_from_env(void);

/*
 * time_parse_iso - parse a whole string
 *	YYYY-MM-DD(T| )HH:MM[:SS][Z|+HH:MM|-HH:MM]
 * into Unix seconds.  No zone means UTC.  Strict: exactly these digits,
 * real calendar dates (leap years), hour 0-23, minute and second 0-59 (no
 * leap second), offsets up to 23:59, nothing after the zone.  Returns 0
 * or E_PARSE (*out untouched).
 */
int time_parse_iso(const char *s, long long *out);

/*
 * time_format_iso - t as "YYYY-MM-DDTHH:MM:SSZ" into out.  Returns 0, or
 * E_LIMIT when t is outside years 0000-9999 (out is then "").
 */
int time_format_iso(long long t, char out[CLOCK_ISO_LEN]);

/*
 * tz_valid - true when name is a zone of the system tz database: 1 to
 * CLOCK_TZ_NAME_MAX - 1 bytes of [A-Za-z0-9_+-/], no "..", no leading,
 * trailing or doubled "/", and CLOCK_ZONEINFO/name is a regular file (after
 * symlinks inside the database) starting with the TZif magic.  Reads the
 * file system each call.
 */
bool tz_valid(const char *name);

/*
 * time_to_local - the local calendar time of t in zone tz, as
 * localtime_r() fills it (tm_isdst, tm_wday, tm_yday set).  Returns 0,
 * E_PARSE for an invalid zone, E_LIMIT when t cannot be represented, or
 * E_NOMEM when the environment cannot be changed.  Not thread-safe.
 */
int time_to_local(long long t, const char *tz, struct tm *out);

/*
 * time_from_local - the instant at which the wall clock of zone tz shows
 * local's year, month, day, hour, minute and second (tm_isdst, tm_wday and
 * tm_yday are ignored; out-of-range fields are normalised like mktime(),
 * so tm_mday + 7 is "a week later").  DST rules:
 *  - a time that occurs twice (clocks go back) gives the earlier instant;
 *  - a time that does not exist (clocks go forward) is moved forward by
 *    the length of the gap: 02:30 on a spring-forward night in
 *    Europe/Berlin gives 03:30 CEST.
 * Returns 0, E_PARSE for an invalid zone, E_LIMIT outside years
 * 0000-9999, or E_NOMEM.  Not thread-safe.
 */
int time_from_local(const struct tm *local, const char *tz, long long *out);

/*
 * time_next_weekly - the first weekly occurrence strictly after `after`
 * of weekday (0 = Sunday .. 6) at hour:00:00 local time in zone tz; the
 * digest scheduler's "when is the next digest due".  Exactly one
 * occurrence per local week, resolved as time_from_local() does: on the
 * night clocks go back it is the first of the two instants, on the night
 * they go forward an hour inside the gap fires at the end of the gap.
 * Returns 0, E_PARSE for an invalid zone, weekday or hour, E_LIMIT out
 * of range, or E_NOMEM.  Not thread-safe.
 */
int time_next_weekly(
    long long after, const char *tz, int weekday, int hour, long long *out);

#endif

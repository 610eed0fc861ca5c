/*
 * mentorics.h - the iCalendar invite of a mentoring pair (RFC 5545, iTIP
 * METHOD:REQUEST as in RFC 5546): one VEVENT recurring at the pair's
 * cadence, a VTIMEZONE for the list's zone, both people as attendees and
 * the list as organizer (docs/mentoring.md, "Calendar invite").
 *
 * Output: CRLF line ends, lines folded at 75 octets (never inside a UTF-8
 * sequence), TEXT values escaped, parameter values quoted when needed.
 * The VTIMEZONE is derived from the system tz database: the offsets of
 * the calendar year before the event's and its transitions as yearly
 * rules (BYDAY nth or last weekday of the month), so every occurrence is
 * covered; kept for the last zone and year (one computation per pass).
 * Deterministic for a given input (tests compare text).
 */
#ifndef STOA_MENTORICS_H
#define STOA_MENTORICS_H

#include "buf.h"
#include "store_mentor.h"

#define MENTORICS_MINUTES 30 /* a check-in's length in the invite */
#define MENTORICS_DESCRIPTION                                                  \
	"Your mentoring check-ins. Reply to a check-in mail to write to each"  \
	" other; write \"skip\" or \"reschedule tuesday\" at the top of a"     \
	" reply to move one."

struct mentorics {
	const char *uid;       /* unique and stable for the pair */
	const char *tz;        /* the list's zone */
	const char *organizer; /* the list's address */
	const char *org_name;  /* its title, or NULL */
	const struct mentor_person *mentor, *mentee;
	long long start;   /* the first check-in (UTC) */
	const char *rrule; /* e.g. "FREQ=WEEKLY;COUNT=9", or NULL */
	const char *summary, *description;
	long long now; /* DTSTAMP */
};

/* mentorics_write - the whole VCALENDAR into out.  0 or an enum err. */
int mentorics_write(const struct mentorics *ic, struct buf *out);

/*
 * mentorics_rrule - the recurrence of a pair's check-ins: onboarding
 * weekly for the 9 anchored weeks; ongoing by its pace (weekly, every 2
 * or 4 weeks); "" when paused.
 */
const char *mentorics_rrule(const struct mentor_pair *p);

#endif

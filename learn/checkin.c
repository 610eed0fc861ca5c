/*
 * checkin.c - the reply commands of a mentoring pair (checkin.h).  Pure.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "checkin.h"

#define WORD_MAX 16

long
checkin_civil(int y, int m, int d)
{
	long yy = y - (m <= 2), era, yoe, doy, doe;

	era = (yy >= 0 ? yy : yy - 399) / 400;
	yoe = yy - era * 400;
	doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int
checkin_weekday(long day)
{
	long w = (day + 4) % 7; /* 1970-01-01 was a Thursday */

	return (int)(w < 0 ? w + 7 : w);
}

/* next_word - copy the next word of *p (lower case) into w; its length. */
static size_t
next_word(const char **p, char w[WORD_MAX])
{
	size_t n = 0;

	while (**p == ' ' || **p == '\t' || **p == ',')
		(*p)++;
	while (**p != '\0' && !isspace((unsigned char)**p) && **p != ',') {
		if (n + 1 < WORD_MAX)
			w[n++] = (char)tolower((unsigned char)**p);
		(*p)++;
	}
	w[n] = '\0';
	while (n > 0 && strchr(".!;:", w[n - 1]) != NULL)
		w[--n] = '\0';
	return n;
}

/* weekday - 0..6 for "sunday", "sun" ...; -1 otherwise. */
static int
weekday(const char *w)
{
	static const char *const names[] = {"sunday", "monday", "tuesday",
	    "wednesday", "thursday", "friday", "saturday"};
	size_t n = strlen(w);
	int i;

	for (i = 0; n >= 3 && i < 7; i++)
		if (strncmp(names[i], w, n) == 0)
			return i;
	return -1;
}

/* digits - the number of the n digits at s; -1 when one is not a digit. */
static int
digits(const char *s, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* when - the day a reschedule word names after today; -1 when none. */
static long
when(const char *w, long today)
{
	int y, m, d, wd = weekday(w);
	long day;

	if (wd >= 0)
		return today + 1 + (wd - checkin_weekday(today) + 6) % 7;
	if (strcmp(w, "tomorrow") == 0)
		return today + 1;
	if (strlen(w) != 10 || w[4] != '-' || w[7] != '-')
		return -1;
	y = digits(w, 4);
	m = digits(w + 5, 2);
	d = digits(w + 8, 2);
	if (y < 0 || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	day = checkin_civil(y, m, d);
	if (day <= today || day > today + CHECKIN_AHEAD_MAX)
		return -1;
	return day;
}

/* pause_days - "2w", "10d", "2 weeks", "3 days"; -1 when not one. */
static long
pause_days(const char *a, const char *b)
{
	long n = 0;
	int used = 0;
	char unit[WORD_MAX] = "";

	while (isdigit((unsigned char)a[used]) && used < 3)
		n = n * 10 + (a[used++] - '0');
	if (used == 0 || n <= 0)
		return -1;
	snprintf(unit, sizeof unit, "%s", a[used] != '\0' ? a + used : b);
	if (strcmp(unit, "w") == 0 || strcmp(unit, "week") == 0 ||
	    strcmp(unit, "weeks") == 0)
		n *= 7;
	else if (strcmp(unit, "d") != 0 && strcmp(unit, "day") != 0 &&
	    strcmp(unit, "days") != 0)
		return -1;
	return n > CHECKIN_PAUSE_MAX ? -1 : n;
}

struct checkin
checkin_parse(const char *line, long today)
{
	struct checkin c = {CHECKIN_NONE, 0, 0};
	char w[WORD_MAX], a[WORD_MAX], b[WORD_MAX], rest[WORD_MAX];
	const char *p = line;
	size_t extra;

	next_word(&p, w);
	next_word(&p, a);
	next_word(&p, b);
	extra = next_word(&p, rest);
	if (strcmp(w, "skip") == 0)
		c.cmd = a[0] == '\0' ? CHECKIN_SKIP : CHECKIN_NONE;
	else if (strcmp(w, "done") == 0)
		c.cmd = a[0] == '\0' ||
		        (strcmp(a, "we") == 0 && strcmp(b, "met") == 0 &&
		            extra == 0)
		    ? CHECKIN_DONE
		    : CHECKIN_NONE;
	else if (strcmp(w, "pause") == 0 && a[0] != '\0') {
		c.days = extra == 0 ? pause_days(a, b) : -1;
		c.cmd = c.days > 0 ? CHECKIN_PAUSE : CHECKIN_BAD;
	} else if (strcmp(w, "reschedule") == 0) {
		c.day = b[0] == '\0' ? when(a, today) : -1;
		c.cmd = c.day > 0 ? CHECKIN_RESCHEDULE : CHECKIN_BAD;
	}
	return c;
}

int
checkin_target(
    const struct cadence_in *in, const struct checkin *c, long *target)
{
	struct cadence_next nx;

	if (cadence_next(in, &nx) != 0 || nx.none)
		return -1;
	switch (c->cmd) {
	case CHECKIN_SKIP:
		*target = nx.day + cadence_step(in);
		return 0;
	case CHECKIN_PAUSE:
		*target = in->today + c->days;
		if (*target < nx.day)
			*target = nx.day;
		return 0;
	case CHECKIN_RESCHEDULE:
		*target = c->day;
		return 0;
	default:
		return -1;
	}
}

const char *
checkin_name(enum checkin_cmd c)
{
	static const char *const names[] = {
	    "", "skip", "pause", "done", "reschedule", ""};

	return c >= CHECKIN_NONE && c <= CHECKIN_BAD ? names[c] : "";
}

/*
 * intro.c - the answers of an introduction reply (intro.h): one scan for
 * numbered lines, then either the numbered parts or the paragraphs.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "intro.h"
#include "xmalloc.h"

/* number - line p starts with "N." "N)" or "N:" (N 1..3): N, else 0. */
static int
number(const char *p, const char **rest)
{
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p < '1' || *p > '3' || strchr(".):", p[1]) == NULL || p[1] == '\0')
		return 0;
	*rest = p + 2;
	return *p - '0';
}

/* add - bytes [p, e) to answer b, a line break between pieces. */
static void
add(struct buf *b, const char *p, const char *e)
{
	if (b->len > 0)
		buf_addc(b, '\n');
	buf_add(b, p, (size_t)(e - p));
}

/* finish - b trimmed and cut, as a new string. */
static char *
finish(struct buf *b)
{
	struct str s = str_trim((struct str){buf_cstr(b), b->len});

	if (s.n > INTRO_ANSWER_MAX) {
		s.n = INTRO_ANSWER_MAX;
		while (s.n > 0 && ((unsigned char)s.p[s.n] & 0xc0) == 0x80)
			s.n--;
	}
	return str_dup(s);
}

/* numbered - some line of text starts with a number. */
static bool
numbered(const char *text)
{
	const char *p, *rest;

	for (p = text; p != NULL && *p != '\0';
	     p = strchr(p, '\n') != NULL ? strchr(p, '\n') + 1 : NULL)
		if (number(p, &rest) > 0)
			return true;
	return false;
}

void
intro_parse(const char *text, char *out[INTRO_ANSWERS])
{
	struct buf b[INTRO_ANSWERS];
	const char *p = text != NULL ? text : "", *e, *rest;
	bool num = numbered(p), blank = false;
	int cur = num ? -1 : 0, k, i;

	for (i = 0; i < INTRO_ANSWERS; i++)
		buf_init(&b[i], 2 * INTRO_ANSWER_MAX);
	for (; *p != '\0'; p = *e != '\0' ? e + 1 : e) {
		e = p + strcspn(p, "\n");
		rest = p;
		if (p + strspn(p, " \t\r") >= e) { /* a blank line */
			blank = b[cur < 0 ? 0 : cur].len > 0;
			continue;
		}
		k = num ? number(p, &rest) : 0;
		if (k > 0)
			cur = k - 1;
		else if (!num && blank && cur < INTRO_ANSWERS - 1)
			cur++;
		blank = false;
		if (cur >= 0)
			add(&b[cur], rest, e);
	}
	for (i = 0; i < INTRO_ANSWERS; i++) {
		out[i] = finish(&b[i]);
		buf_release(&b[i]);
	}
}

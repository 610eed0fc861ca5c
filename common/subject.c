/*
 * subject.c - RFC 5256 base subject, extended with localised prefixes.
 *
 * The work happens on a private copy whose white space is already
 * collapsed; [b, e) is the part still in play.  strip_once() removes one
 * layer (trailer, leader or [fwd:] wrapper) and says whether it did, so
 * the loop in analyse() is the "repeat until nothing changes" of RFC 5256
 * §2.1 steps 2-6.  No allocation but the copy and the result.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "subject.h"
#include "xmalloc.h"

#define SUBJ_MAX_COUNT 1000000u /* "Re[99999999]:" counts this at most */

/* Reply prefixes (count towards the depth), then forward prefixes. */
static const char *const reply_words[] = {"antw", "re", "aw", "sv", "vs", "rif",
    "odp", "ynt", "回复", "答复", "回覆", NULL};
static const char *const fwd_words[] = {
    "fwd", "fw", "wg", "tr", "rv", "enc", "转发", "轉寄", "轉發", NULL};

struct subj {
	char *s;     /* collapsed copy */
	size_t b, e; /* the live range */
	unsigned depth;
	bool reply;
};

static bool
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* prefix_ci - does s[0..n) start with word (ASCII case-insensitive)? */
static size_t
prefix_ci(const char *s, size_t n, const char *word)
{
	size_t i, wl = strlen(word);

	if (wl > n)
		return 0;
	for (i = 0; i < wl; i++)
		if (lower(s[i]) != word[i])
			return 0;
	return wl;
}

static void
skip_ws(const struct subj *x, size_t *p)
{
	while (*p < x->e && x->s[*p] == ' ')
		(*p)++;
}

/* colon - ':' or the full-width '：' (EF BC 9A) at p; its length. */
static size_t
colon(const struct subj *x, size_t p)
{
	if (p < x->e && x->s[p] == ':')
		return 1;
	if (p + 3 <= x->e && memcmp(x->s + p, "\xef\xbc\x9a", 3) == 0)
		return 3;
	return 0;
}

/* blob - "[...]" without nested brackets at p: its end, or p. */
static size_t
blob(const struct subj *x, size_t p)
{
	size_t q;

	if (p >= x->e || x->s[p] != '[')
		return p;
	for (q = p + 1; q < x->e; q++) {
		if (x->s[q] == '[')
			return p;
		if (x->s[q] == ']')
			return q + 1;
	}
	return p;
}

/* count - digits at *p into a number (saturating); false when none. */
static bool
count(const struct subj *x, size_t *p, unsigned *n)
{
	size_t q = *p;
	unsigned v = 0;

	while (q < x->e && x->s[q] >= '0' && x->s[q] <= '9') {
		v = v >= SUBJ_MAX_COUNT / 10
		    ? SUBJ_MAX_COUNT
		    : v * 10 + (unsigned)(x->s[q] - '0');
		q++;
	}
	if (q == *p)
		return false;
	*p = q;
	*n = v;
	return true;
}

/*
 * leader - "Re:", "RE[2]:", "Re^2:", "Re(2):", "Fwd [list]:" at x->b.
 * Returns the end of the leader (after trailing blanks) or x->b.
 */
static size_t
leader(struct subj *x)
{
	const char *const *w;
	size_t p, q, c, wl;
	unsigned n;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		for (w = pass == 0 ? reply_words : fwd_words; *w != NULL; w++) {
			wl = prefix_ci(x->s + x->b, x->e - x->b, *w);
			if (wl == 0)
				continue;
			p = x->b + wl;
			n = 1;
			skip_ws(x, &p);
			q = p;
			if (q < x->e && x->s[q] == '[') {
				q++;
				if (count(x, &q, &n) && q < x->e &&
				    x->s[q] == ']')
					p = q + 1;
				else
					p = blob(x, p); /* "Re [list]:" */
			} else if (q < x->e &&
			    (x->s[q] == '^' || x->s[q] == '(')) {
				q++;
				if (count(x, &q, &n) &&
				    (x->s[p] == '^' ||
				        (q < x->e && x->s[q++] == ')')))
					p = q;
			}
			skip_ws(x, &p);
			c = colon(x, p);
			if (c == 0)
				continue;
			p += c;
			skip_ws(x, &p);
			x->reply = true;
			if (pass == 0)
				x->depth = x->depth + n > SUBJ_MAX_COUNT
				    ? SUBJ_MAX_COUNT
				    : x->depth + n;
			return p;
		}
	}
	return x->b;
}

/* strip_once - remove one layer; false when there was none. */
static bool
strip_once(struct subj *x)
{
	size_t p;

	/* (2) trailers: "(fwd)" and blanks */
	while (x->e > x->b && x->s[x->e - 1] == ' ')
		x->e--;
	if (x->e - x->b >= 5 && prefix_ci(x->s + x->e - 5, 5, "(fwd)") == 5) {
		x->e -= 5;
		x->reply = true;
		return true;
	}
	/* (3) leaders */
	p = leader(x);
	if (p > x->b) {
		x->b = p;
		return true;
	}
	p = blob(x, x->b);
	if (p > x->b) {
		skip_ws(x, &p);
		if (p < x->e) { /* (4) only if something is left */
			x->b = p;
			return true;
		}
	}
	/* (6) "[fwd: ...]" */
	if (x->e - x->b >= 6 && prefix_ci(x->s + x->b, 5, "[fwd:") == 5 &&
	    x->s[x->e - 1] == ']') {
		x->b += 5;
		x->e--;
		skip_ws(x, &x->b);
		x->reply = true;
		return true;
	}
	return false;
}

/* analyse - collapse white space into x->s and strip every layer. */
static void
analyse(const char *subject, struct subj *x)
{
	size_t i, n, o = 0;
	bool ws = true;

	if (subject == NULL)
		subject = "";
	n = strlen(subject);
	x->s = xmalloc(n + 1);
	for (i = 0; i < n; i++) {
		if (is_ws(subject[i])) {
			if (!ws)
				x->s[o++] = ' ';
			ws = true;
			continue;
		}
		x->s[o++] = subject[i];
		ws = false;
	}
	x->s[o] = '\0';
	x->b = 0;
	x->e = o;
	x->depth = 0;
	x->reply = false;
	while (strip_once(x))
		;
	while (x->e > x->b && x->s[x->e - 1] == ' ')
		x->e--;
}

char *
subject_base(const char *subject)
{
	struct subj x;
	char *r;

	analyse(subject, &x);
	r = xstrndup(x.s + x.b, x.e - x.b);
	free(x.s);
	return r;
}

bool
subject_is_reply(const char *subject)
{
	struct subj x;

	analyse(subject, &x);
	free(x.s);
	return x.reply;
}

unsigned
subject_reply_depth(const char *subject)
{
	struct subj x;

	analyse(subject, &x);
	free(x.s);
	return x.depth;
}

void
subject_cut(const char *subject, size_t max, struct buf *out)
{
	static const char more[] = "...";
	size_t n = strlen(subject), cut, i;

	if (n <= max) {
		buf_add(out, subject, n);
		return;
	}
	cut = max - (sizeof more - 1);
	while (cut > 0 && ((unsigned char)subject[cut] & 0xc0) == 0x80)
		cut--;
	for (i = cut; i > cut / 2; i--) {
		if (subject[i] == ' ') {
			cut = i;
			break;
		}
	}
	while (cut > 0 && subject[cut - 1] == ' ')
		cut--;
	buf_add(out, subject, cut);
	buf_adds(out, more);
}

/*
 * grade.c - reading and grading a quiz reply (see grade.h).
 *
 * The reply's first visible line is cut to GRADE_MAX_LINE bytes and a
 * leading "answer:" label (in a few languages) is dropped.  Then, by the
 * question's kind: a choice tries the letter forms, then the options'
 * texts; true/false tries its words, then the letters; a short answer
 * compares normalised text, then allows one typo.  Normalised text keeps
 * only letters and digits, lower-cased, with Latin-1 accents folded, so
 * "Sí!", "si" and "SI." are the same answer.
 */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "gift.h"
#include "grade.h"

/* U+00C0..U+00FF folded to a base letter; '-' drops the character. */
static const char latin1_fold[] = "aaaaaaaceeeeiiiidnooooo-ouuuuyts"
                                  "aaaaaaaceeeeiiiidnooooo-ouuuuyty";

static const char *const labels[] = {"my answer is", "the answer is",
    "answer is", "answer", "antwort", "réponse", "respuesta", "risposta",
    "antwoord", "resposta", NULL};

static const char *const true_words[] = {"true", "t", "yes", "y", "wahr",
    "richtig", "ja", "vrai", "oui", "verdadero", "cierto", "si", "vero", "waar",
    "verdadeiro", "sim", NULL};
static const char *const false_words[] = {"false", "f", "no", "n", "falsch",
    "nein", "faux", "non", "falso", "onwaar", "nee", "nao", NULL};

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool
is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

/*
 * trim_wide - str_trim() that also drops a byte-order mark and no-break
 * spaces (U+00A0) at either end, as phone and Windows clients send them.
 */
static struct str
trim_wide(struct str l)
{
	size_t before;

	do {
		before = l.n;
		l = str_trim(l);
		if (l.n >= 3 && memcmp(l.p, "\xef\xbb\xbf", 3) == 0)
			l = (struct str){l.p + 3, l.n - 3};
		if (l.n >= 2 && memcmp(l.p, "\xc2\xa0", 2) == 0)
			l = (struct str){l.p + 2, l.n - 2};
		if (l.n >= 2 && memcmp(l.p + l.n - 2, "\xc2\xa0", 2) == 0)
			l.n -= 2;
	} while (l.n != before);
	return l;
}

struct str
grade_first_line(const char *body, size_t n)
{
	struct str l = {body, 0};
	size_t i = 0, e;

	for (; i < n; i = e + 1) {
		for (e = i; e < n && body[e] != '\n'; e++)
			;
		l = trim_wide((struct str){body + i, e - i});
		if (l.n > 0)
			break;
	}
	if (l.n > GRADE_MAX_LINE)
		l.n = GRADE_MAX_LINE;
	return l;
}

/* put - append c to out if there is room (size - 1 bytes of text). */
static void
put(char *out, size_t size, size_t *k, char c)
{
	if (*k + 1 < size)
		out[(*k)++] = c;
}

size_t
grade_normalise(const char *s, size_t n, char *out, size_t size)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k = 0, len, j;
	char c;

	while (i < n) {
		len = u[i] < 0x80 ? 1 : utf8_char_len(u + i, n - i);
		if (len == 0)
			len = 1;
		if (len == 1 && is_alnum(s[i]))
			put(out, size, &k,
			    (char)(s[i] | (s[i] >= 'A' ? 0x20 : 0)));
		else if (len == 2 && u[i] == 0xc3) {
			c = latin1_fold[u[i + 1] - 0x80];
			if (c != '-')
				put(out, size, &k, c);
		} else if (len > 1 && u[i] != 0xc2) {
			for (j = 0; j < len; j++)
				put(out, size, &k, s[i + j]);
		}
		i += len;
	}
	if (size > 0)
		out[k] = '\0';
	return k;
}

/* one_skip - true when dropping one byte of the longer a gives b. */
static bool
one_skip(const char *a, size_t na, const char *b)
{
	size_t i = 0;

	while (i < na - 1 && a[i] == b[i])
		i++;
	return memcmp(a + i + 1, b + i, na - 1 - i) == 0;
}

bool
grade_within_one(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b), i = 0;

	if (strcmp(a, b) == 0)
		return true;
	if (na == nb) {
		while (a[i] == b[i])
			i++; /* stops before na: a and b differ */
		if (strcmp(a + i + 1, b + i + 1) == 0)
			return true;
		return i + 1 < na && a[i] == b[i + 1] && a[i + 1] == b[i] &&
		    strcmp(a + i + 2, b + i + 2) == 0;
	}
	if (na == nb + 1)
		return one_skip(a, na, b);
	if (nb == na + 1)
		return one_skip(b, nb, a);
	return false;
}

/* drop_label - l without a leading "answer:" / "Antwort -" / ... */
static struct str
drop_label(struct str l)
{
	size_t i, k;

	for (i = 0; labels[i] != NULL; i++) {
		k = strlen(labels[i]);
		if (l.n < k || strncasecmp(l.p, labels[i], k) != 0)
			continue;
		if (l.n > k && is_alnum(l.p[k]))
			continue;
		l.p += k;
		l.n -= k;
		while (l.n > 0 &&
		    (is_space(l.p[0]) || l.p[0] == ':' || l.p[0] == '-' ||
		        l.p[0] == '='))
			l = (struct str){l.p + 1, l.n - 1};
		return l;
	}
	return l;
}

static bool
only_punct(struct str s)
{
	size_t i;

	for (i = 0; i < s.n; i++)
		if (strchr(")]}.:,;!?\"'* \t", s.p[i]) == NULL)
			return false;
	return true;
}

/*
 * letter_of - 0-based option letter of "b", "(b)", "B.", "[b]", "b) 443",
 * or -1 when l is not in a letter form.
 */
static int
letter_of(struct str l)
{
	char c;

	while (l.n > 0 && strchr("([\"'*", l.p[0]) != NULL)
		l = (struct str){l.p + 1, l.n - 1}; /* (b) [b] "b" **b** */
	if (l.n == 0 || !is_alnum(l.p[0]) || l.p[0] <= '9')
		return -1;
	c = (char)(l.p[0] | 0x20);
	l = (struct str){l.p + 1, l.n - 1};
	if (only_punct(l))
		return c - 'a';
	if (strchr(")].:", l.p[0]) != NULL && l.n > 1 && is_space(l.p[1]))
		return c - 'a';
	return -1;
}

static bool
in_words(const char *norm, const char *const *words)
{
	size_t i;

	for (i = 0; words[i] != NULL; i++)
		if (strcmp(norm, words[i]) == 0)
			return true;
	return false;
}

/* match_text - the one option whose normalised text is norm, or -1. */
static int
match_text(const struct gift_question *q, const char *norm)
{
	char opt[GRADE_MAX_LINE + 1];
	size_t i;
	int found = -1;

	for (i = 0; i < q->n_answers; i++) {
		grade_normalise(q->answers[i].text, strlen(q->answers[i].text),
		    opt, sizeof opt);
		if (strcmp(opt, norm) != 0)
			continue;
		if (found >= 0)
			return -1; /* two options read the same */
		found = (int)i;
	}
	return found;
}

static int
pick_choice(const struct gift_question *q, struct str l, const char *norm)
{
	int c = letter_of(l);

	if (c >= 0 && c < (int)q->n_answers)
		return c;
	return match_text(q, norm); /* an option may read like a letter */
}

static int
pick_tf(const struct gift_question *q, struct str l, const char *norm)
{
	if (in_words(norm, true_words))
		return 0;
	if (in_words(norm, false_words))
		return 1;
	return pick_choice(q, l, norm);
}

/* pick_short - the accepted answer matched exactly or with one typo. */
static int
pick_short(const struct gift_question *q, const char *norm)
{
	char ok[GRADE_MAX_LINE + 1];
	size_t i, n;
	int typo = -1;

	for (i = 0; i < q->n_answers; i++) {
		n = grade_normalise(q->answers[i].text,
		    strlen(q->answers[i].text), ok, sizeof ok);
		if (strcmp(ok, norm) == 0)
			return (int)i;
		if (typo < 0 && n >= 6 && grade_within_one(ok, norm))
			typo = (int)i;
	}
	return typo;
}

void
grade_reply(const struct gift_question *q, const char *body, size_t n,
    struct grade_result *out)
{
	struct str l = drop_label(grade_first_line(body, n));
	char norm[GRADE_MAX_LINE + 1];
	int c;

	out->verdict = GRADE_UNPARSEABLE;
	out->choice = -1;
	if (grade_normalise(l.p, l.n, norm, sizeof norm) == 0 &&
	    letter_of(l) < 0)
		return;
	if (q->kind == GIFT_SHORT) {
		c = pick_short(q, norm);
		out->verdict = c >= 0 ? GRADE_CORRECT : GRADE_WRONG;
		out->choice = c;
		return;
	}
	c = q->kind == GIFT_TF ? pick_tf(q, l, norm) : pick_choice(q, l, norm);
	if (c < 0 || (size_t)c >= q->n_answers)
		return;
	out->choice = c;
	out->verdict = q->answers[c].right ? GRADE_CORRECT : GRADE_WRONG;
}

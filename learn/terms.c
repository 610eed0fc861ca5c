/*
 * terms.c - words and two-word phrases of a text (terms.h).  A text is
 * cut into words at anything that is not a letter, a digit or a UTF-8
 * byte ('-' and '.' between two word characters stay: "on-call",
 * "node.js"; a trailing '+' or '#' stays: "c++", "c#").  Words are
 * lower-cased (ASCII and Latin-1 letters), stop words dropped; two kept
 * words with only spaces (or one line break) between make a phrase.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "terms.h"
#include "xmalloc.h"

/* English, German, and the words every question or introduction uses. */
static const char *const stop[] = {"a", "about", "above", "after", "again",
    "against", "all", "also", "am", "an", "and", "any", "anybody", "anyone",
    "are", "as", "at", "be", "because", "been", "before", "being", "best",
    "better", "between", "both", "but", "by", "can", "could", "did", "do",
    "does", "doing", "done", "down", "during", "each", "else", "etc", "ever",
    "every", "few", "for", "from", "further", "get", "gets", "getting", "good",
    "got", "had", "has", "have", "having", "he", "hello", "help", "her", "here",
    "hers", "hi", "him", "his", "how", "i", "idea", "if", "in", "into", "is",
    "it", "its", "just", "know", "learn", "learning", "let", "like", "lot",
    "me", "more", "most", "much", "must", "my", "need", "new", "no", "nor",
    "not", "now", "of", "off", "on", "once", "one", "only", "or", "other",
    "others", "our", "out", "over", "own", "people", "please", "question",
    "really", "regards", "same", "she", "should", "so", "some", "somebody",
    "someone", "something", "such", "than", "thank", "thanks", "that", "the",
    "their", "them", "then", "there", "these", "they", "thing", "things",
    "this", "those", "through", "to", "too", "under", "until", "up", "us",
    "very", "want", "was", "way", "we", "well", "were", "what", "when", "where",
    "which", "while", "who", "whom", "why", "will", "with", "work", "working",
    "would", "yes", "you", "your", "yours", "aber", "alle", "als", "also", "am",
    "an", "auch", "auf", "aus", "bei", "bin", "bis", "bitte", "da", "damit",
    "dann", "das", "dass", "dein", "dem", "den", "der", "des", "die", "dies",
    "diese", "dieser", "doch", "du", "durch", "ein", "eine", "einem", "einen",
    "einer", "es", "etwas", "euch", "für", "gibt", "hat", "hallo", "haben",
    "hier", "hilfe", "ich", "ihr", "im", "in", "ist", "ja", "jemand", "kann",
    "kein", "keine", "können", "man", "mehr", "mein", "mich", "mir", "mit",
    "muss", "nach", "nicht", "noch", "nur", "ob", "oder", "ohne", "schon",
    "sehr", "sich", "sie", "sind", "so", "über", "um", "und", "uns", "unter",
    "viel", "vom", "von", "vor", "wann", "warum", "was", "weil", "welche",
    "wenn", "wer", "wie", "wir", "wird", "wo", "zu", "zum", "zur"};

bool
terms_stop(const char *word)
{
	size_t i;

	for (i = 0; i < sizeof stop / sizeof stop[0]; i++)
		if (strcmp(word, stop[i]) == 0)
			return true;
	return false;
}

void
terms_init(struct terms *t)
{
	memset(t, 0, sizeof *t);
}

void
terms_release(struct terms *t)
{
	size_t i;

	for (i = 0; t != NULL && i < t->n; i++)
		free(t->v[i]);
	if (t != NULL) {
		free(t->v);
		terms_init(t);
	}
}

/* find - index of term in t, or where it would go; *hit when there. */
static size_t
find(const struct terms *t, const char *term, bool *hit)
{
	size_t lo = 0, hi = t->n, mid;
	int c;

	*hit = false;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(t->v[mid], term);
		if (c == 0) {
			*hit = true;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool
terms_has(const struct terms *t, const char *term)
{
	bool hit;

	find(t, term, &hit);
	return hit;
}

bool
terms_add(struct terms *t, const char *term)
{
	bool hit;
	size_t at = find(t, term, &hit);

	if (hit)
		return true;
	if (t->n >= TERMS_MAX)
		return false;
	if (t->n == t->cap) {
		t->cap = t->cap == 0 ? 16 : t->cap * 2;
		t->v = xreallocarray(t->v, t->cap, sizeof *t->v);
	}
	memmove(t->v + at + 1, t->v + at, (t->n - at) * sizeof *t->v);
	t->v[at] = xstrdup(term);
	t->n++;
	return true;
}

/* word_byte - a letter, digit or byte of a UTF-8 sequence. */
static bool
word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c >= 0x80;
}

/* lower - ASCII and Latin-1 capitals (UTF-8 C3 80..9E but x) in place. */
static void
lower(char *w)
{
	unsigned char *p = (unsigned char *)w;

	for (; *p != '\0'; p++) {
		if (*p >= 'A' && *p <= 'Z')
			*p = (unsigned char)(*p + 32);
		else if (*p == 0xc3 && p[1] >= 0x80 && p[1] <= 0x9e &&
		    p[1] != 0x97) {
			p[1] = (unsigned char)(p[1] + 0x20);
			p++;
		}
	}
}

/* singular - a plural -s off a plain word of 5+ bytes (not -ss -us -is). */
static void
singular(char *w)
{
	size_t n = strlen(w);

	if (n >= 5 && w[n - 1] == 's' && strchr("sui", w[n - 2]) == NULL &&
	    strpbrk(w, ".-+#0123456789") == NULL)
		w[n - 1] = '\0';
}

/* next_word - the next word at *p into w (or "" when too long); false at end.
 */
static bool
next_word(const char **p, char w[TERMS_WORD_MAX], bool *joined)
{
	const unsigned char *s = (const unsigned char *)*p, *b;
	size_t n;
	int breaks = 0;

	*joined = true;
	while (*s != '\0' && !word_byte(*s)) {
		if (*s == '\n')
			breaks++;
		else if (*s != ' ' && *s != '\t' && *s != '\r')
			*joined = false;
		s++;
	}
	if (breaks > 1)
		*joined = false;
	if (*s == '\0')
		return false;
	b = s;
	while (word_byte(*s) ||
	    ((*s == '-' || *s == '.') && word_byte(s[1]) && s > b))
		s++;
	while (*s == '+' || *s == '#')
		s++;
	n = (size_t)(s - b);
	*p = (const char *)s;
	if (n >= TERMS_WORD_MAX)
		n = 0;
	memcpy(w, b, n);
	w[n] = '\0';
	return true;
}

/* keep - a word worth a term: 2+ bytes, not only digits, not a stop word. */
static bool
keep(char *w)
{
	lower(w);
	if (strlen(w) < 2 || strspn(w, "0123456789") == strlen(w) ||
	    terms_stop(w))
		return false;
	singular(w);
	return !terms_stop(w);
}

void
terms_extract(struct terms *t, const char *text)
{
	const char *p = text != NULL ? text : "";
	char w[TERMS_WORD_MAX], prev[TERMS_WORD_MAX] = "";
	char pair[2 * TERMS_WORD_MAX + 1];
	bool joined;

	while (next_word(&p, w, &joined)) {
		if (!keep(w)) {
			prev[0] = '\0';
			continue;
		}
		terms_add(t, w);
		if (joined && prev[0] != '\0') {
			memcpy(pair, prev, strlen(prev));
			pair[strlen(prev)] = ' ';
			memcpy(pair + strlen(prev) + 1, w, strlen(w) + 1);
			terms_add(t, pair);
		}
		memcpy(prev, w, strlen(w) + 1);
	}
}

int
terms_overlap(const struct terms *a, const struct terms *b, const char **best)
{
	const char *word = NULL, *phrase = NULL;
	size_t i, j = 0;
	int score = 0, c;

	for (i = 0; i < a->n && j < b->n;) { /* both sorted: one merge */
		c = strcmp(a->v[i], b->v[j]);
		if (c < 0) {
			i++;
			continue;
		}
		if (c > 0) {
			j++;
			continue;
		}
		if (strchr(a->v[i], ' ') != NULL) {
			score += 2;
			if (phrase == NULL)
				phrase = a->v[i];
		} else {
			score += 1;
			if (word == NULL)
				word = a->v[i];
		}
		i++;
		j++;
	}
	if (best != NULL)
		*best = phrase != NULL ? phrase : word;
	return score;
}

/* Words that start a question, followed by a space. */
static const char *const qwords[] = {"how ", "what ", "why ", "where ", "when ",
    "who ", "which ", "does ", "do ", "can ", "could ", "should ", "is there ",
    "are there ", "anyone ", "has anyone ", "wie ", "was ", "warum ", "wo ",
    "wann ", "wer ", "welche ", "welcher ", "gibt es ", "kann ", "hat jemand "};

/* starts_question - s (a line or sentence start) opens with a qword. */
static bool
starts_question(const char *s)
{
	size_t i, n;

	while (*s == ' ' || *s == '\t')
		s++;
	for (i = 0; i < sizeof qwords / sizeof qwords[0]; i++) {
		n = strlen(qwords[i]);
		if (strncasecmp(s, qwords[i], n) == 0)
			return true;
	}
	return false;
}

bool
terms_question(const char *text)
{
	const char *p;

	if (text == NULL)
		return false;
	if (strchr(text, '?') != NULL)
		return true;
	for (p = text; *p != '\0'; p++)
		if ((p == text || p[-1] == '\n' ||
		        (p >= text + 2 && p[-1] == ' ' &&
		            strchr(".!", p[-2]) != NULL)) &&
		    starts_question(p))
			return true;
	return false;
}

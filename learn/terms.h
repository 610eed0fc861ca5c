/*
 * terms.h - the words and two-word phrases a text is about, for member
 * profiles and question routing (docs/connect.md, "How terms are made").
 *
 * A term is a lower-cased word of at least 2 characters that is not a
 * stop word (English and German lists; digits-only words are dropped),
 * with a plural -s cut from plain words of 5+ letters (not -ss, -us,
 * -is; not words with digits, '.', '-', '+' or '#'), or
 * two such words next to each other in the text ("rotating certificate").
 * A set of terms is kept sorted and unique.
 *
 * Non-goals: real stemming, other languages, synonyms.  Pure: no I/O,
 * no clock, no SQL.
 */
#ifndef STOA_TERMS_H
#define STOA_TERMS_H

#include <stdbool.h>
#include <stddef.h>

#define TERMS_MAX      512 /* terms kept per set */
#define TERMS_WORD_MAX 48  /* bytes of a word; longer ones are skipped */

/* A sorted set of owned terms. */
struct terms {
	char **v;
	size_t n, cap;
};

void terms_init(struct terms *t);
void terms_release(struct terms *t);

/*
 * terms_extract - add the terms of text (UTF-8; NULL is "") to t, at
 * most TERMS_MAX in all.
 */
void terms_extract(struct terms *t, const char *text);

/* terms_add - one term (copied) into t; false when the set is full. */
bool terms_add(struct terms *t, const char *term);

/* terms_has - term is in t. */
bool terms_has(const struct terms *t, const char *term);

/*
 * terms_overlap - how much a and b share: 1 per common word, 2 per
 * common phrase (a phrase match is stronger evidence).  When best is not
 * NULL it gets the first common phrase, else word (borrowed from a), or
 * NULL.
 */
int terms_overlap(
    const struct terms *a, const struct terms *b, const char **best);

/* terms_stop - word (lower case) is a stop word. */
bool terms_stop(const char *word);

/*
 * terms_question - the text asks something: it has a '?', or a line or
 * sentence starts with a question word (how, what, why, where, when,
 * who, which, does, can, could, should, is there, anyone; wie, was,
 * warum, wo, wann, wer, welche, gibt es, kann).
 */
bool terms_question(const char *text);

#endif

/*
 * grade.h - grading a member's reply to a quiz question.
 *
 * Purpose: read the answer from the reply's new text (the caller has
 * already removed quotes and signatures) and say whether it is right.
 * Only the first non-empty line counts.  Accepted forms:
 *   - choice: the letter ("B", "b)", "(b)", "B.", "[b]", "answer: b",
 *     "B) 443"), or the option's full text;
 *   - true/false: the letters A/B, "true"/"false", "T"/"F", "yes"/"no",
 *     and the same words in German, French, Spanish, Italian, Dutch and
 *     Portuguese ("wahr", "faux", "verdadero", "sí" ...);
 *   - short answer: any accepted answer, ignoring case, accents, spaces
 *     and punctuation; for accepted answers of 6 or more characters one
 *     typo (a letter wrong, missing, extra or two swapped) is forgiven.
 * Anything else is GRADE_UNPARSEABLE ("I could not tell which answer you
 * meant"): a letter outside the options, text matching no option or two,
 * an empty reply.  A short answer that matches nothing is wrong, not
 * unparseable.
 *
 * Pure: no allocation, no I/O; the first GRADE_MAX_LINE bytes of the
 * line are read.
 */
#ifndef STOA_GRADE_H
#define STOA_GRADE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "gift.h"

#define GRADE_MAX_LINE 512 /* bytes of the answer line considered */

enum grade_verdict { GRADE_CORRECT, GRADE_WRONG, GRADE_UNPARSEABLE };

struct grade_result {
	enum grade_verdict verdict;
	int choice; /* index into q->answers, -1 when none */
};

/*
 * grade_reply - grade body[0..n) against q.  For a short answer, choice
 * is the accepted answer that matched (or -1 when wrong).
 */
void grade_reply(const struct gift_question *q, const char *body, size_t n,
    struct grade_result *out);

/* grade_first_line - the first line with a visible character, trimmed. */
struct str grade_first_line(const char *body, size_t n);

/*
 * grade_normalise - s[0..n) lower-cased, Latin-1 accents folded, spaces
 * and ASCII punctuation dropped, into out (NUL-terminated, cut at
 * size - 1 bytes).  Returns the length.
 */
size_t grade_normalise(const char *s, size_t n, char *out, size_t size);

/* grade_within_one - true when a and b differ by at most one typo. */
bool grade_within_one(const char *a, const char *b);

#endif

/*
 * gift.h - question banks in Moodle's GIFT format (the subset L&D teams
 * use) and in the simple form members mail to LIST+quiz@.
 *
 * Accepted GIFT: questions separated by blank lines; `// comment` lines;
 * `$CATEGORY: topic` (the topic of the questions after it); an optional
 * `::title::`; an optional `[plain]`/`[moodle]`/`[markdown]`/`[html]`
 * format marker (dropped); the question text; one answer block `{...}`:
 *   - multiple choice, exactly one right answer: {=right ~wrong ~wrong}
 *   - true/false: {T} {TRUE} {F} {FALSE}, optionally {T#if wrong#if right}
 *   - short answer, one or more accepted answers: {=one =two}
 * each answer may carry feedback `#text`, and `####text` before the `}`
 * is the general feedback (the explanation).  Text after the block makes
 * a "missing word" question (the block becomes _____).  Escapes
 * \~ \= \# \{ \} \: \\ stand for the character, \n for a line break.
 * Everything else Moodle knows (weights %50%, matching ->, numerical {#},
 * essay {}, several right answers in a choice) is refused by name.
 *
 * A file is all or nothing: gift_parse() reports EVERY bad question as
 * "LINE: what is wrong" and then returns no question at all.
 *
 * Pure: values in, values out (the hash comes from common/crypto).
 */
#ifndef STOA_GIFT_H
#define STOA_GIFT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "crypto.h"

#define GIFT_MAX_BYTES     (4 * 1024 * 1024) /* one file */
#define GIFT_MAX_QUESTIONS 5000              /* questions in one file */
#define GIFT_MAX_ANSWERS   26                /* lettered A..Z */
#define GIFT_MAX_TEXT      (16 * 1024)       /* one question, all parts */
#define GIFT_MAX_ERRORS    100               /* error lines reported */
#define GIFT_KEY_LEN       CRYPTO_SHA256_HEX /* hex key and NUL */

enum gift_kind {
	GIFT_CHOICE, /* one right answer among the options */
	GIFT_TF,     /* options "True", "False" */
	GIFT_SHORT   /* every option is an accepted answer */
};

struct gift_answer {
	char *text;     /* never NULL */
	char *feedback; /* NULL when none */
	bool right;
};

struct gift_question {
	enum gift_kind kind;
	int line;                    /* first line in the input */
	char *title;                 /* NULL when none */
	char *topic;                 /* $CATEGORY in force, NULL when none */
	char *text;                  /* never NULL or empty */
	char *general;               /* #### feedback, NULL when none */
	struct gift_answer *answers; /* TF: [0] True, [1] False */
	size_t n_answers;
};

struct gift_set {
	struct gift_question *q;
	size_t n;
};

#define GIFT_SET_INIT                                                          \
	{                                                                      \
		NULL, 0                                                        \
	}

/*
 * gift_parse - parse the whole buffer p[0..n) into *out (which must be
 * empty; the caller releases it).  Returns 0, E_LIMIT (file too large
 * or too many questions) or E_PARSE; on error *out is empty and errors
 * holds one "LINE: what is wrong\n" per bad question (at most
 * GIFT_MAX_ERRORS, then a last "... more errors" line).
 */
int gift_parse(
    const char *p, size_t n, struct gift_set *out, struct buf *errors);

/* gift_set_release - free every question; out is empty again. */
void gift_set_release(struct gift_set *set);

/* gift_question_release - free the strings and answers of one question. */
void gift_question_release(struct gift_question *q);

/*
 * gift_parse_form - parse a member's proposal in the simple form
 *	Q: question text (may go on for several lines)
 *	A) option   B) option ...   (one per line; "A." works too)
 *	Answer: B          (or true/false; without options, the accepted
 *	                    answers separated by "|")
 *	Why: explanation   (optional, to the end)
 *	Topic: topic       (optional)
 * Labels are case-insensitive.  Returns 0 with *q filled (caller
 * releases), or E_PARSE with one line in why.
 */
int gift_parse_form(
    const char *p, size_t n, struct gift_question *q, struct buf *why);

/*
 * gift_key - the stable de-duplication key of a question: SHA-256 (hex)
 * of its title, or, without a title, of its text, both lower-cased with
 * white space collapsed.  Returns 0 or E_INTERNAL.
 */
int gift_key(const struct gift_question *q, char out[GIFT_KEY_LEN]);

/*
 * gift_digest - SHA-256 (hex) of the whole content (kind, topic, text,
 * answers, feedback): a changed digest under the same key is a new
 * version of the question.  Returns 0, E_NOMEM or E_INTERNAL.
 */
int gift_digest(const struct gift_question *q, char out[GIFT_KEY_LEN]);

#endif

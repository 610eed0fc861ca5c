/*
 * intro.h - the three answers of an introduction reply (docs/connect.md
 * "Introductions"): what they work on, what they could help others
 * with, what they want to learn.
 *
 * Numbered: when a line starts with "1." "1)" or "1:" (2 and 3 alike),
 * each number starts its answer and the text up to the next number is
 * it.  Otherwise paragraphs (blank-line separated) in order: the first
 * is answer 1, the second answer 2, the rest answer 3.  Each answer is
 * trimmed of spaces around it and cut to INTRO_ANSWER_MAX bytes (at a
 * UTF-8 boundary).
 *
 * Pure: no I/O, no clock, no SQL.
 */
#ifndef STOA_INTRO_H
#define STOA_INTRO_H

#define INTRO_ANSWERS    3
#define INTRO_ANSWER_MAX 2000

/*
 * intro_parse - the answers of text (trimmed reply) into out[0..2], each
 * a new string ("" when missing; free them).
 */
void intro_parse(const char *text, char *out[INTRO_ANSWERS]);

#endif

/*
 * subject.h - subject normalisation for threading (RFC 5256 base subject).
 *
 * Plain C, no regular expressions.  The base subject is what is left
 * after repeatedly removing, case-insensitively:
 *   - leading reply and forward prefixes, each optionally followed by a
 *     counter and a colon: "Re:", "RE[2]:", "Re^2:", "Re(2):", "AW:",
 *     "SV:", "Antw:", "VS:", "RIF:", "Odp:", "Ynt:", "Fwd:", "Fw:",
 *     "WG:", "TR:", "RV:", "Enc:", and the CJK "回复:", "答复:", "转发:"
 *     (also with a full-width colon);
 *   - "[list]" tags in front (only when something follows them);
 *   - trailing "(fwd)" markers;
 *   - a "[fwd: ...]" wrapper;
 * with every run of white space (SP, TAB, CR, LF) collapsed to one space
 * and none at either end.  Input is UTF-8 (already decoded from RFC 2047
 * by the MIME layer); other bytes are kept as they are.
 */
#ifndef STOA_SUBJECT_H
#define STOA_SUBJECT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/*
 * subject_base - the base subject of subject (NULL counts as "").
 * Returns a heap string the caller frees; never NULL.
 */
char *subject_base(const char *subject);

/*
 * subject_is_reply - true when a reply or forward prefix, "(fwd)" or
 * "[fwd: ]" was removed (RFC 5256: the message is a reply or forward).
 */
bool subject_is_reply(const char *subject);

/*
 * subject_reply_depth - how many replies the prefixes say: "Re:" is 1,
 * "Re[4]:" and "Re^4:" are 4, summed over all prefixes.  Forward
 * prefixes do not count.
 */
unsigned subject_reply_depth(const char *subject);

/*
 * subject_cut - append subject to out, or when it is over max bytes
 * (max >= 16) its start and "...": cut after the last space in the second
 * half of the room, else at a UTF-8 character boundary, so that a pasted
 * paragraph still gives a readable Subject line, never an empty one.
 */
void subject_cut(const char *subject, size_t max, struct buf *out);

#endif

/*
 * poison.h - the poison guard: a message that kills the hook while it is
 * being parsed is set aside after POISON_CRASHES such deliveries, instead
 * of being retried by the MTA for days.
 *
 * Only the message's own fault counts.  A marker is stored just before
 * the parse and cleared as soon as the parse returns; a delivery that
 * finds the marker still set knows its predecessor died inside the parser
 * (a crash, an abort, the hook deadline) and counts it.  Everything after
 * the parse - a full disk, a busy or locked database, an I/O error, a kill
 * by the MTA - defers (75) without counting, and so does running out of
 * memory during the parse (the cleanup hook clears the marker).  A parse
 * that returns E_INTERNAL (a CHECK that failed on this input) counts like
 * a crash.  What is not caught: a kill from outside that lands inside the
 * parse itself (milliseconds; it takes three in a row), and a crash after
 * the parse (trimming, a command handler), which defers until the MTA
 * gives up and bounces.  The owners of the list are told of every quarantine.
 */
#ifndef STOA_POISON_H
#define STOA_POISON_H

#include <stdbool.h>

struct inbound;

#define POISON_CRASHES 3 /* deliveries dead in the parser before quarantine */

/*
 * poison_begin - before anything else is done with in (list known, raw
 * hashed): *done when the same bytes are already stored under their
 * hash (a quarantined message delivered again: nothing to do, exit 0);
 * else set in->poison from the crash count and arm the marker when a
 * parse follows.  0 or an enum err (defer).
 */
int poison_begin(struct inbound *in, bool *done);
/*
 * poison_parsed - the parse returned parse_rc: clear the marker (kept for
 * E_INTERNAL, which counts).  Returns parse_rc; a marker that could not
 * be cleared is logged, and the message's own transaction removes it.
 */
int poison_parsed(struct inbound *in, int parse_rc);

#endif

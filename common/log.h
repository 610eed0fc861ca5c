/*
 * log.h - one line per event to syslog (LOG_MAIL), and to stderr when
 * verbose.  Format: an event name, then key=value pairs.  Untrusted values
 * must go through log_q(), which escapes control bytes and cuts at
 * MAX_LOG_VALUE bytes.  Never log message bodies.
 */
#ifndef STOA_LOG_H
#define STOA_LOG_H

#include <stdbool.h>
#include <stddef.h>

#include "bounds.h"

/* log_init - name is a constant ("stoa-hook"), never argv[0]. */
void log_init(const char *name);
/* log_set_stderr - also (or only) write to stderr; verbose adds debug. */
void log_set_stderr(bool on, bool verbose);
/*
 * log_set_instance - end every line with " instance=NAME" (the config's
 * domain, set by conf_load(): one host may run several instances);
 * NULL or "" stops it.  NAME is copied.
 */
void log_set_instance(const char *name);
/* log_set_syslog - on by default; tests turn it off. */
void log_set_syslog(bool on);

void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* log_fatal - log, run the cleanup hook, exit(code). */
_Noreturn void log_fatal(int code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* log_panic - log and abort(): a broken invariant. */
_Noreturn void log_panic(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

#define LOG_Q_SIZE (4 * MAX_LOG_VALUE + 8)
/*
 * log_q - escape an untrusted value for a log line into dst (LOG_Q_SIZE
 * bytes): printable ASCII kept, others as \xHH, cut at MAX_LOG_VALUE input
 * bytes with "..." appended.  Returns dst.  s may be NULL ("(null)").
 */
char *log_q(char dst[LOG_Q_SIZE], const char *s);

#endif

/*
 * log.c - syslog(LOG_MAIL) and optional stderr logging.  The only global
 * state is the destination choice made at start-up.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "log.h"
#include "xmalloc.h"

static const char *log_name = "stoa";
static bool log_syslog = true;
static bool log_stderr;
static bool log_verbose;
static char log_instance[MAX_LOG_VALUE + 16];

void
log_init(const char *name)
{
	log_name = name;
	openlog(name, LOG_PID | LOG_NDELAY, LOG_MAIL);
}

void
log_set_stderr(bool on, bool verbose)
{
	log_stderr = on;
	log_verbose = verbose;
}

void
log_set_syslog(bool on)
{
	log_syslog = on;
}

void
log_set_instance(const char *name)
{
	char q[LOG_Q_SIZE];

	log_instance[0] = '\0';
	if (name != NULL && *name != '\0')
		snprintf(log_instance, sizeof log_instance, " instance=%s",
		    log_q(q, name));
}

static void vlog(int prio, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static void
vlog(int prio, const char *fmt, va_list ap)
{
	char line[MAX_LOG_LINE];

	if (prio == LOG_DEBUG && !log_verbose)
		return;
	vsnprintf(line, sizeof line, fmt, ap);
	if (log_syslog)
		syslog(prio, "%s%s", line, log_instance);
	if (log_stderr)
		fprintf(stderr, "%s: %s%s\n", log_name, line, log_instance);
}

#define DEFINE_LOG(fn, prio)                                                   \
	void fn(const char *fmt, ...)                                          \
	{                                                                      \
		va_list ap;                                                    \
		va_start(ap, fmt);                                             \
		vlog(prio, fmt, ap);                                           \
		va_end(ap);                                                    \
	}

DEFINE_LOG(log_debug, LOG_DEBUG)
DEFINE_LOG(log_info, LOG_INFO)
DEFINE_LOG(log_warn, LOG_WARNING)
DEFINE_LOG(log_err, LOG_ERR)

void
log_fatal(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_CRIT, fmt, ap);
	va_end(ap);
	cleanup_run();
	exit(code);
}

void
log_panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_CRIT, fmt, ap);
	va_end(ap);
	abort();
}

char *
log_q(char dst[LOG_Q_SIZE], const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, o = 0;
	unsigned char c;

	if (s == NULL)
		s = "(null)";
	for (i = 0; s[i] != '\0' && i < MAX_LOG_VALUE; i++) {
		c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f && c != '\\') {
			dst[o++] = (char)c;
		} else {
			dst[o++] = '\\';
			dst[o++] = 'x';
			dst[o++] = hex[c >> 4];
			dst[o++] = hex[c & 15];
		}
	}
	if (s[i] != '\0') {
		memcpy(dst + o, "...", 3);
		o += 3;
	}
	dst[o] = '\0';
	return dst;
}

/*
 * xmalloc.c - allocation wrappers that exit on failure, plus the one
 * process-wide cleanup hook.  XMEM_FAIL_AT (debug builds) injects failures.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "xmalloc.h"

static int xmem_exit = EX_OSERR;
static void (*cleanup_fn)(void);

void
xmem_set_exit(int code)
{
	xmem_exit = code;
}

void
cleanup_set(void (*fn)(void))
{
	cleanup_fn = fn;
}

void
cleanup_run(void)
{
	void (*fn)(void) = cleanup_fn;

	cleanup_fn = NULL;
	if (fn != NULL)
		fn();
}

static _Noreturn void
oom(void)
{
	static const char msg[] = "stoa: out of memory\n";

	cleanup_run();
	(void)!write(2, msg, sizeof msg - 1);
	_exit(xmem_exit);
}

#ifdef STOA_DEBUG
/* should_fail - true on the XMEM_FAIL_AT'th allocation. */
static int
should_fail(void)
{
	static long at = -1, count;
	const char *s;

	if (at == -1) {
		s = getenv("XMEM_FAIL_AT");
		at = s != NULL ? strtol(s, NULL, 10) : 0;
	}
	return at > 0 && ++count == at;
}
#else
#define should_fail() 0
#endif

void *
xmalloc(size_t n)
{
	void *p;

	if (should_fail())
		oom();
	p = malloc(n == 0 ? 1 : n);
	if (p == NULL)
		oom();
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void *p;

	if (should_fail())
		oom();
	p = calloc(nmemb == 0 ? 1 : nmemb, size == 0 ? 1 : size);
	if (p == NULL)
		oom();
	return p;
}

void *
xreallocarray(void *p, size_t nmemb, size_t size)
{
	void *q;

	if (size != 0 && nmemb > SIZE_MAX / size)
		oom();
	if (should_fail())
		oom();
	q = realloc(p, nmemb * size == 0 ? 1 : nmemb * size);
	if (q == NULL)
		oom();
	return q;
}

char *
xstrdup(const char *s)
{
	return xmemdup(s, strlen(s) + 1);
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void *
xmemdup(const void *p, size_t n)
{
	void *q = xmalloc(n);

	memcpy(q, p, n);
	return q;
}

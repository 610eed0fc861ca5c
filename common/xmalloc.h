/*
 * xmalloc.h - allocation that never returns NULL.
 *
 * On failure the cleanup hook runs and the process exits with the code set
 * by xmem_set_exit() (EX_TEMPFAIL in the hook, EX_OSERR elsewhere).  Debug
 * builds honour XMEM_FAIL_AT=N in the environment: the Nth allocation fails,
 * which the torture tests use.
 */
#ifndef STOA_XMALLOC_H
#define STOA_XMALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
void *xmemdup(const void *p, size_t n);

/* xmem_set_exit - the exit code used when memory runs out. */
void xmem_set_exit(int code);
/* cleanup_set - fn runs before any fatal exit (once). */
void cleanup_set(void (*fn)(void));
/* cleanup_run - run the cleanup hook now, if any (once). */
void cleanup_run(void);

#endif

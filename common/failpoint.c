/*
 * failpoint.c - STOA_FAIL_AT (the contract is in failpoint.h).  Like
 * XMEM_FAIL_AT in xmalloc.c, but the process dies instead of failing
 * politely, so the torture tests see what a kill at that point leaves.
 */
#include "failpoint.h"

#ifdef STOA_DEBUG
#include <signal.h>
#include <stdlib.h>

void
fail_point(void)
{
	static long at = -1, count;
	const char *s;

	if (at == -1) {
		s = getenv("STOA_FAIL_AT");
		at = s != NULL ? strtol(s, NULL, 10) : 0;
	}
	if (at > 0 && ++count == at)
		raise(SIGKILL);
}
#else
typedef int failpoint_empty; /* ISO C wants a declaration per file */
#endif

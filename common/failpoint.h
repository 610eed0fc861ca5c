/*
 * failpoint.h - crash injection for the torture tests (debug builds only).
 *
 * With STOA_FAIL_AT=N in the environment, the Nth call of fail_point() in
 * the process kills it with SIGKILL: no cleanup hook, no rollback, no
 * flush, as if the MTA's time limit or the OOM killer had struck there.
 * The points are the store's statements and transaction edges, SQLite's
 * own write/lock system calls (db/store.c) and the Maildir writer.
 * Release builds compile every fail_point() call to nothing.
 */
#ifndef STOA_FAILPOINT_H
#define STOA_FAILPOINT_H

#ifdef STOA_DEBUG
/* fail_point - count one point; SIGKILL at the STOA_FAIL_AT'th. */
void fail_point(void);
#else
#define fail_point() ((void)0)
#endif

#endif

/*
 * t.h - the tiny unit-test harness.  Each tests/unit/t_<module>.c has a
 * main() that runs table-driven checks with these macros and returns
 * t_done(), which prints "N passed, N failed".  A failing check prints
 * "name: got X, want Y".
 */
#ifndef STOA_T_H
#define STOA_T_H

#include <stdbool.h>
#include <stddef.h>

void t_ok(const char *name, bool cond, const char *file, int line);
void t_eq_int(const char *name, long long got, long long want, const char *file,
    int line);
void t_eq_str(const char *name, const char *got, const char *want,
    const char *file, int line);
/* t_tmpdir - a fresh private directory for this test binary; borrowed. */
const char *t_tmpdir(void);
/* t_write - write a file under t_tmpdir(); returns its path (static). */
const char *t_write(const char *name, const char *content);
int t_done(void);

#define T_OK(name, c)     t_ok((name), (c), __FILE__, __LINE__)
#define T_INT(name, g, w) t_eq_int((name), (g), (w), __FILE__, __LINE__)
#define T_STR(name, g, w) t_eq_str((name), (g), (w), __FILE__, __LINE__)

#endif

/*
 * store_fail.c - debug builds: SQLite's own writes become fail points.
 *
 * The unix VFS reaches the kernel through a table of system calls that
 * xSetSystemCall can replace.  Each write, truncate and unlink it makes
 * (the WAL frames, the checkpoint, the -shm file) passes fail_point()
 * first, so STOA_FAIL_AT can kill a process half-way through a commit.
 * Release builds install nothing.
 */
#include "store_priv.h"

#ifdef STOA_DEBUG
#include <sys/types.h>
#include <unistd.h>

#include "failpoint.h"

typedef ssize_t (*pwrite_fn)(int, const void *, size_t, off_t);
typedef ssize_t (*write_fn)(int, const void *, size_t);
typedef int (*ftruncate_fn)(int, off_t);
typedef int (*unlink_fn)(const char *);

static pwrite_fn real_pwrite, real_pwrite64;
static write_fn real_write;
static ftruncate_fn real_ftruncate;
static unlink_fn real_unlink;

static ssize_t
fp_pwrite(int fd, const void *p, size_t n, off_t off)
{
	fail_point();
	return real_pwrite(fd, p, n, off);
}

static ssize_t
fp_pwrite64(int fd, const void *p, size_t n, off_t off)
{
	fail_point();
	return real_pwrite64(fd, p, n, off);
}

static ssize_t
fp_write(int fd, const void *p, size_t n)
{
	fail_point();
	return real_write(fd, p, n);
}

static int
fp_ftruncate(int fd, off_t len)
{
	fail_point();
	return real_ftruncate(fd, len);
}

static int
fp_unlink(const char *path)
{
	fail_point();
	return real_unlink(path);
}

/* swap - replace system call name by fn, keeping the original in *real. */
static void
swap(sqlite3_vfs *v, const char *name, sqlite3_syscall_ptr fn,
    sqlite3_syscall_ptr *real)
{
	sqlite3_syscall_ptr old = v->xGetSystemCall(v, name);

	if (old == NULL || old == fn)
		return;
	*real = old;
	v->xSetSystemCall(v, name, fn);
}

void
store_fail_install(void)
{
	sqlite3_vfs *v = sqlite3_vfs_find(NULL);

	if (v == NULL || v->iVersion < 3 || v->xSetSystemCall == NULL)
		return;
	swap(v, "pwrite", (sqlite3_syscall_ptr)fp_pwrite,
	    (sqlite3_syscall_ptr *)&real_pwrite);
	swap(v, "pwrite64", (sqlite3_syscall_ptr)fp_pwrite64,
	    (sqlite3_syscall_ptr *)&real_pwrite64);
	swap(v, "write", (sqlite3_syscall_ptr)fp_write,
	    (sqlite3_syscall_ptr *)&real_write);
	swap(v, "ftruncate", (sqlite3_syscall_ptr)fp_ftruncate,
	    (sqlite3_syscall_ptr *)&real_ftruncate);
	swap(v, "unlink", (sqlite3_syscall_ptr)fp_unlink,
	    (sqlite3_syscall_ptr *)&real_unlink);
}
#else
void
store_fail_install(void)
{
}
#endif

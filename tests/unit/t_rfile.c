/*
 * t_rfile.c - opening named input files: regular files open, everything
 * else (directory, FIFO, device, oversized file, missing file) is refused
 * at once with a reason.  An alarm turns a regression (a read that
 * blocks on the FIFO) into a failure instead of a hang.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "rfile.h"
#include "t.h"

/* on_alarm - a blocked open or read: fail loudly. */
static void
on_alarm(int sig)
{
	static const char msg[] = "FAIL t_rfile: blocked for 10 s\n";

	(void)sig;
	(void)write(2, msg, sizeof msg - 1);
	_exit(1);
}

/* refused - rfile_open(path) fails with rc and a why containing want. */
static void
refused(
    const char *name, const char *path, long long max, int rc, const char *want)
{
	struct buf why = BUF_INIT(512);
	FILE *f = (FILE *)&why; /* must be reset to NULL */

	T_INT(name, rfile_open(path, max, &f, &why), rc);
	T_OK(name, f == NULL);
	if (strstr(buf_cstr(&why), want) == NULL)
		T_STR(name, buf_cstr(&why), want);
	buf_release(&why);
}

int
main(void)
{
	struct buf why = BUF_INIT(512);
	char fifo[600], line[16] = "";
	const char *p;
	FILE *f = NULL;

	signal(SIGALRM, on_alarm);
	alarm(10);
	p = t_write("ok.txt", "a = b\n");
	T_INT("regular file", rfile_open(p, 100, &f, &why), 0);
	T_OK("regular file reads",
	    f != NULL && fgets(line, sizeof line, f) != NULL);
	T_STR("regular file text", line, "a = b\n");
	if (f != NULL)
		fclose(f);
	refused("too large", p, 5, E_PARSE, "larger than 5 bytes");
	refused("directory", t_tmpdir(), 100, E_PARSE, "is a directory");
	snprintf(fifo, sizeof fifo, "%s/fifo", t_tmpdir());
	T_INT("mkfifo", mkfifo(fifo, 0600), 0);
	refused("fifo", fifo, 100, E_PARSE, "not a regular file");
	refused("/dev/zero", "/dev/zero", 100, E_PARSE, "not a regular file");
	snprintf(fifo, sizeof fifo, "%s/missing", t_tmpdir());
	refused("missing", fifo, 100, E_NOTFOUND, "No such file");
	buf_release(&why);
	return t_done();
}

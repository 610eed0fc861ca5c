/*
 * drive.c - run a program once per message, as Postfix's pipe(8) does,
 * and time it.
 *
 *   drive LABEL LISTFILE PROG [ARGS...]
 *
 * For each path in LISTFILE (one a line) the message is opened as the
 * child's stdin, the child is fork+exec'd and waited for; the wall time
 * from fork to reaped is one sample.  Prints one line:
 *
 *   LABEL n=N fail=F median_ms=.. p90_ms=.. mean_ms=.. msgs_per_s=..
 *       cpu_median_ms=.. maxrss_kb=..
 *
 * A line may carry tab-separated fields after the path: each argument
 * "@1@", "@2@" ... is replaced by field 1, 2 ... (a quiz answer's own
 * LIST+q-TOKEN@ recipient and sender, bench/quiz-answers.sh).
 *
 * msgs_per_s is N over the whole loop's wall time; maxrss_kb is the
 * largest ru_maxrss of any child and cpu_median_ms the median user +
 * system time of a child (wait4), which leaves out waiting on fsync.  A child
 * that exits non-zero counts in fail; its status goes to stderr.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

#define MAX_FIELDS 8

/* fill - argv with "@N@" replaced by field N of the line (in place). */
static void
fill(char *line, char **tmpl, char **argv)
{
	char *field[MAX_FIELDS + 1] = {line}, *p = line;
	int nf = 1, i, k;

	while (nf <= MAX_FIELDS && (p = strchr(p, '\t')) != NULL) {
		*p++ = '\0';
		field[nf++] = p;
	}
	for (i = 0; tmpl[i] != NULL; i++) {
		argv[i] = tmpl[i];
		k = tmpl[i][0] == '@' && tmpl[i][1] >= '1' &&
		        tmpl[i][1] <= '9' && strcmp(tmpl[i] + 2, "@") == 0
		    ? tmpl[i][1] - '0'
		    : 0;
		if (k > 0 && k < nf)
			argv[i] = field[k];
	}
	argv[i] = NULL;
}

/* run - one message through argv; *ms gets the wall time. */
static int
run(const char *path, char **argv, double *ms, double *cpu, long *rss)
{
	struct rusage ru;
	double t0;
	pid_t pid;
	int fd, status;

	fd = open(path, O_RDONLY);
	if (fd < 0) {
		perror(path);
		return -1;
	}
	t0 = now_ms();
	pid = fork();
	if (pid < 0) {
		perror("fork");
		close(fd);
		return -1;
	}
	if (pid == 0) {
		dup2(fd, 0);
		close(fd);
		execv(argv[0], argv);
		_exit(127);
	}
	close(fd);
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("wait4");
		return -1;
	}
	*ms = now_ms() - t0;
	*rss = ru.ru_maxrss;
	*cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
	    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "drive: %s: status %d\n", path, status);
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	FILE *list, *raw = NULL;
	char line[4096];
	double *t = NULL, *c = NULL, ms, cpu, t0, total, sum = 0;
	size_t n = 0, cap = 0, fails = 0, i, len;
	long rss, maxrss = 0;
	char **args;

	if (argc < 4) {
		fputs("usage: drive LABEL LISTFILE PROG [ARGS...]\n", stderr);
		return 64;
	}
	list = fopen(argv[2], "r");
	if (list == NULL) {
		perror(argv[2]);
		return 1;
	}
	if (getenv("DRIVE_RAW") != NULL) {
		raw = fopen(getenv("DRIVE_RAW"), "a");
		if (raw == NULL) {
			perror(getenv("DRIVE_RAW"));
			return 1;
		}
	}
	args = calloc((size_t)argc, sizeof *args);
	if (args == NULL)
		return 1;
	t0 = now_ms();
	while (fgets(line, sizeof line, list) != NULL) {
		len = strcspn(line, "\n");
		line[len] = '\0';
		if (len == 0)
			continue;
		rss = 0;
		fill(line, argv + 3, args);
		if (run(line, args, &ms, &cpu, &rss) != 0) {
			fails++;
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			t = realloc(t, cap * sizeof *t);
			c = realloc(c, cap * sizeof *c);
			if (t == NULL || c == NULL)
				return 1;
		}
		if (raw != NULL)
			fprintf(
			    raw, "%s %.3f %.3f %ld\n", argv[1], ms, cpu, rss);
		c[n] = cpu;
		t[n++] = ms;
		sum += ms;
		if (rss > maxrss)
			maxrss = rss;
	}
	total = now_ms() - t0;
	fclose(list);
	if (raw != NULL && fclose(raw) != 0)
		return 1;
	if (n == 0) {
		fprintf(stderr, "drive: %s: no successful run\n", argv[1]);
		return 1;
	}
	qsort(t, n, sizeof *t, cmp);
	qsort(c, n, sizeof *c, cmp);
	i = (n * 9) / 10;
	printf("%s n=%zu fail=%zu median_ms=%.3f p90_ms=%.3f mean_ms=%.3f "
	       "msgs_per_s=%.1f cpu_median_ms=%.3f maxrss_kb=%ld\n",
	    argv[1], n, fails, t[n / 2], t[i < n ? i : n - 1], sum / (double)n,
	    (double)(n + fails) * 1e3 / total, c[n / 2], maxrss);
	free(t);
	free(c);
	free(args);
	return fails > 0 ? 1 : 0;
}

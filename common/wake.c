/* wake.c - the wake file beside the database (see wake.h). */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf.h"
#include "wake.h"

static void
wake_path(char *out, size_t n)
{
	snprintf(out, n, "%s.wake", conf_database);
}

void
wake_touch(void)
{
	char path[4096];
	int fd;

	wake_path(path, sizeof path);
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return;
	(void)futimens(fd, NULL);
	close(fd);
}

long long
wake_stamp(void)
{
	char path[4096];
	struct stat sb;

	wake_path(path, sizeof path);
	if (stat(path, &sb) != 0)
		return 0;
	return (long long)sb.st_mtim.tv_sec * 1000000000LL + sb.st_mtim.tv_nsec;
}

/*
 * replay.c - a main() for the libFuzzer targets, so that `make check` can
 * run every seed and saved crasher through a target as an ordinary test
 * (gcc, no libFuzzer).  Usage: replay_NAME FILE...; prints N passed.
 * A crash or sanitizer report ends the run, which check.sh counts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
main(int argc, char **argv)
{
	int i, n = 0;
	FILE *f;
	uint8_t *p;
	long len;

	for (i = 1; i < argc; i++) {
		f = fopen(argv[i], "rb");
		if (f == NULL) {
			perror(argv[i]);
			return 2;
		}
		fseek(f, 0, SEEK_END);
		len = ftell(f);
		rewind(f);
		p = malloc(len > 0 ? (size_t)len : 1);
		if (p == NULL || fread(p, 1, (size_t)len, f) != (size_t)len)
			return 2;
		fclose(f);
		LLVMFuzzerTestOneInput(p, (size_t)len);
		free(p);
		n++;
	}
	printf("%d passed, 0 failed\n", n);
	return 0;
}

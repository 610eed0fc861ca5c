/*
 * cli.c - --help and --version for every program (see cli.h).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

bool
cli_has(int argc, char **argv, int from, const char *word)
{
	int i;

	for (i = from; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return false;
		if (strcmp(argv[i], word) == 0)
			return true;
	}
	return false;
}

bool
cli_info(const char *prog, int argc, char **argv, int from, const char *help)
{
	if (cli_has(argc, argv, from, "--version")) {
		printf("%s %s\n", prog, STOA_VERSION);
		return true;
	}
	if (cli_has(argc, argv, from, "--help") ||
	    cli_has(argc, argv, from, "-h")) {
		fputs(help, stdout);
		return true;
	}
	return false;
}

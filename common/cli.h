/*
 * cli.h - what every Stoa program answers before it reads a config or
 * opens a database: --help and --version, wherever they appear on the
 * command line (so `stoa backup --help` never writes a file named
 * "--help").
 *
 * Non-goals: option parsing beyond these two words.
 */
#ifndef STOA_CLI_H
#define STOA_CLI_H

#include <stdbool.h>

#define STOA_VERSION "0.9.0"

/* cli_has - argv[from..argc) holds word (before a "--" end marker). */
bool cli_has(int argc, char **argv, int from, const char *word);

/*
 * cli_info - when argv[from..argc) asks for --version ("PROG VERSION" on
 * stdout) or --help / -h (help on stdout), print it and return true:
 * the caller then exits 0 without any other effect.
 */
bool cli_info(
    const char *prog, int argc, char **argv, int from, const char *help);

#endif

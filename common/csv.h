/*
 * csv.h - RFC 4180 rows from a text file: comma-separated, fields may be
 * double-quoted (with "" for a quote and embedded newlines).  One row at a
 * time, bounded by MAX_CSV_LINE bytes per row.
 */
#ifndef STOA_CSV_H
#define STOA_CSV_H

#include <stdio.h>

#include "bounds.h"

#define CSV_MAX_FIELDS 16

struct csv_row {
	char *field[CSV_MAX_FIELDS]; /* owned; NUL-terminated, trimmed */
	int n;
	int line; /* line number where the row started */
};

/*
 * csv_read - the next row of f into row (released first).  Returns 1 for
 * a row, 0 at end of file, E_PARSE for a malformed row (unterminated quote,
 * too many fields, NUL byte, over MAX_CSV_LINE; the rest of that row is
 * skipped and row->line says where).
 */
int csv_read(FILE *f, int *lineno, struct csv_row *row);
void csv_row_release(struct csv_row *row);

#endif

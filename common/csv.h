/*
 * csv.h - RFC 4180 rows from a text file: comma-separated, fields may be
 * double-quoted (with "" for a quote and embedded newlines).  One row at a
 * time, bounded by MAX_CSV_LINE bytes per row.
 *
 * A malformed row never takes good rows with it without saying so: when
 * a quote is still open at the end of the file (or the quoted row grows
 * past MAX_CSV_LINE), only the row's first line is reported and reading
 * resumes on the line after it (the stream must be seekable for that;
 * otherwise row->last says how far the bad row reached).
 */
#ifndef STOA_CSV_H
#define STOA_CSV_H

#include <stdio.h>

#include "bounds.h"

#define CSV_MAX_FIELDS 16

struct csv_row {
	char *field[CSV_MAX_FIELDS]; /* owned; NUL-terminated, trimmed */
	int n;
	int line;        /* line number where the row started */
	int last;        /* line number of its last line */
	const char *why; /* static; after E_PARSE, what was wrong */
};

/*
 * csv_skip_bom - at the start of f, skip a UTF-8 byte order mark (Excel's
 * "CSV UTF-8" writes one).  Returns 0, or E_PARSE when f starts with a
 * byte of one but no whole mark and cannot be rewound.
 */
int csv_skip_bom(FILE *f);

/*
 * csv_read - the next row of f into row (released first).  Returns 1 for
 * a row, 0 at end of file, E_PARSE for a malformed row (unclosed quote,
 * too many fields, NUL byte, over MAX_CSV_LINE; row->why says which, the
 * rest of that row is skipped and row->line .. row->last say where).
 */
int csv_read(FILE *f, int *lineno, struct csv_row *row);
void csv_row_release(struct csv_row *row);

#endif

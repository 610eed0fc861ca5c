/* csv.c - a small RFC 4180 reader (see csv.h). */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "csv.h"
#include "err.h"

void
csv_row_release(struct csv_row *row)
{
	int i;

	for (i = 0; i < row->n; i++)
		free(row->field[i]);
	row->n = 0;
}

static void
push(struct csv_row *row, struct buf *cell, int *bad)
{
	if (row->n >= CSV_MAX_FIELDS) {
		*bad = 1;
		buf_reset(cell);
		return;
	}
	row->field[row->n++] = str_dup(str_trim(str_from(buf_cstr(cell))));
	buf_reset(cell);
}

/* skip_line - discard the rest of a physical line after an error. */
static void
skip_line(FILE *f, int c)
{
	while (c != EOF && c != '\n')
		c = getc(f);
}

int
csv_read(FILE *f, int *lineno, struct csv_row *row)
{
	struct buf cell = BUF_INIT(MAX_CSV_LINE);
	int c, quoted = 0, bad = 0, any = 0;
	size_t total = 0;

	csv_row_release(row);
	row->line = *lineno + 1;
	while ((c = getc(f)) != EOF) {
		any = 1;
		if (++total > MAX_CSV_LINE || c == '\0') {
			bad = 1;
			if (c == '\n')
				(*lineno)++;
			skip_line(f, c);
			break;
		}
		if (quoted) {
			if (c == '"') {
				int d = getc(f);

				if (d == '"')
					buf_addc(&cell, '"');
				else {
					quoted = 0;
					if (d != EOF)
						ungetc(d, f);
				}
				continue;
			}
			if (c == '\n')
				(*lineno)++;
			buf_addc(&cell, c);
			continue;
		}
		if (c == '"' && str_trim(str_from(buf_cstr(&cell))).n == 0) {
			buf_reset(&cell);
			quoted = 1;
		} else if (c == ',') {
			push(row, &cell, &bad);
		} else if (c == '\n') {
			(*lineno)++;
			break;
		} else if (c != '\r') {
			buf_addc(&cell, c);
		}
	}
	if (quoted)
		bad = 1;
	if (any && !bad)
		push(row, &cell, &bad);
	buf_release(&cell);
	if (bad || buf_error(&cell) != 0) {
		csv_row_release(row);
		return E_PARSE;
	}
	return any ? 1 : 0;
}

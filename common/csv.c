/*
 * csv.c - a small RFC 4180 reader (see csv.h).
 *
 * One byte at a time through stdio (buffered).  Outside quotes a comma
 * ends a cell and LF ends the row (CR is dropped); inside quotes every
 * byte is data and "" is a quote.  The position after the first line of
 * a quoted multi-line row is remembered, so an unclosed quote costs one
 * line, not the rest of the file.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "csv.h"
#include "err.h"

/* the state of one csv_read() call */
struct rd {
	FILE *f;
	int *lineno;
	struct buf cell;
	size_t total;    /* bytes of the row so far */
	bool quoted;     /* inside a quoted field */
	long resume;     /* offset after the row's first line, or -1 */
	const char *why; /* set on the first error */
};

void
csv_row_release(struct csv_row *row)
{
	int i;

	for (i = 0; i < row->n; i++)
		free(row->field[i]);
	row->n = 0;
}

int
csv_skip_bom(FILE *f)
{
	static const unsigned char bom[] = {0xef, 0xbb, 0xbf};
	int c, i;

	for (i = 0; i < 3; i++) {
		c = getc(f);
		if (c == (int)bom[i])
			continue;
		if (i == 0) {
			if (c != EOF)
				ungetc(c, f);
			return 0;
		}
		return fseek(f, 0, SEEK_SET) == 0 ? 0 : E_PARSE;
	}
	return 0;
}

/* push - the cell as the row's next field. */
static void
push(struct csv_row *row, struct rd *r)
{
	if (row->n >= CSV_MAX_FIELDS)
		r->why = r->why != NULL ? r->why : "more than 16 fields";
	else
		row->field[row->n++] =
		    str_dup(str_trim(str_from(buf_cstr(&r->cell))));
	buf_reset(&r->cell);
}

/* newline - count a line; inside quotes remember where the next begins. */
static void
newline(struct rd *r)
{
	(*r->lineno)++;
	if (r->quoted && r->resume < 0)
		r->resume = ftell(r->f);
}

/* quoted_byte - c inside quotes: data, "" or the closing quote. */
static void
quoted_byte(struct rd *r, int c)
{
	int d;

	if (c != '"') {
		if (c == '\n')
			newline(r);
		buf_addc(&r->cell, c);
		return;
	}
	d = getc(r->f);
	if (d == '"') {
		buf_addc(&r->cell, '"');
		return;
	}
	r->quoted = false;
	if (d != EOF)
		ungetc(d, r->f);
}

/*
 * plain_byte - c outside quotes; returns true at the end of the row.
 */
static bool
plain_byte(struct csv_row *row, struct rd *r, int c)
{
	if (c == '"' && str_trim(str_from(buf_cstr(&r->cell))).n == 0) {
		buf_reset(&r->cell);
		r->quoted = true;
	} else if (c == ',') {
		push(row, r);
	} else if (c == '\n') {
		newline(r);
		return true;
	} else if (c != '\r') {
		buf_addc(&r->cell, c);
	}
	return false;
}

/* skip_line - discard the rest of a physical line after an error. */
static void
skip_line(struct rd *r, int c)
{
	while (c != EOF && c != '\n')
		c = getc(r->f);
	if (c == '\n')
		newline(r);
}

/*
 * give_up - a bad row: skip to its end, or back to the line after its
 * first one when a quote ran on (so the following rows are read).
 */
static void
give_up(struct csv_row *row, struct rd *r, int c)
{
	bool ran_on = r->quoted;

	r->quoted = false;
	skip_line(r, c);
	row->last = *r->lineno;
	if (ran_on && r->resume >= 0 && fseek(r->f, r->resume, SEEK_SET) == 0) {
		*r->lineno = row->line;
		row->last = row->line;
	}
}

/* read_row - the bytes of one row into row; true when any were read. */
static bool
read_row(struct csv_row *row, struct rd *r)
{
	bool any = false;
	int c;

	while ((c = getc(r->f)) != EOF) {
		any = true;
		if (++r->total > MAX_CSV_LINE || c == '\0') {
			r->why = c == '\0' ? "NUL byte" : "row too long";
			if (r->quoted)
				r->why = "unclosed quote";
			give_up(row, r, c);
			return true;
		}
		if (r->quoted)
			quoted_byte(r, c);
		else if (plain_byte(row, r, c))
			break;
	}
	if (r->quoted) {
		r->why = "unclosed quote";
		give_up(row, r, EOF);
	}
	row->last = *r->lineno;
	return any;
}

int
csv_read(FILE *f, int *lineno, struct csv_row *row)
{
	struct rd r = {f, lineno, BUF_INIT(MAX_CSV_LINE), 0, false, -1, NULL};
	bool any;

	csv_row_release(row);
	row->line = *lineno + 1;
	row->why = NULL;
	any = read_row(row, &r);
	if (any && r.why == NULL)
		push(row, &r);
	if (r.why == NULL && buf_error(&r.cell) != 0)
		r.why = "row too long";
	buf_release(&r.cell);
	if (r.why != NULL) {
		row->why = r.why;
		csv_row_release(row);
		return E_PARSE;
	}
	return any ? 1 : 0;
}

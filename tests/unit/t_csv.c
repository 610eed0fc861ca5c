/* t_csv.c - the CSV reader: quoting, line numbers, malformed rows. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "csv.h"
#include "err.h"
#include "t.h"

static FILE *
open_text(const char *text)
{
	return fopen(t_write("in.csv", text), "r");
}

/* pipe_text - text behind a pipe (not seekable); NULL on failure. */
static FILE *
pipe_text(const char *text)
{
	int fd[2];
	FILE *f;

	if (pipe(fd) != 0)
		return NULL;
	if (write(fd[1], text, strlen(text)) != (ssize_t)strlen(text)) {
		close(fd[0]);
		close(fd[1]);
		return NULL;
	}
	close(fd[1]);
	f = fdopen(fd[0], "r");
	if (f == NULL)
		close(fd[0]);
	return f;
}

/*
 * test_unclosed - an unclosed quote costs its own line only: the rows
 * after it are read (seekable file), or the skipped range is named.
 */
static void
test_unclosed(void)
{
	static const char text[] = "e\n"
	                           "x@y.org,\"open,z\n"
	                           "a@y.org\n"
	                           "b@y.org\n";
	struct csv_row r = {0};
	int line = 0;
	FILE *f = open_text(text);

	T_INT("unclosed", csv_read(f, &line, &r), 1);
	T_INT("unclosed", csv_read(f, &line, &r), E_PARSE);
	T_STR("unclosed why", r.why, "unclosed quote");
	T_INT("unclosed line", r.line, 2);
	T_INT("unclosed last", r.last, 2);
	T_INT("row after unclosed", csv_read(f, &line, &r), 1);
	T_STR("row after unclosed text", r.field[0], "a@y.org");
	T_INT("row after unclosed line", r.line, 3);
	T_INT("second row after", csv_read(f, &line, &r), 1);
	T_INT("second row after line", r.line, 4);
	T_INT("unclosed eof", csv_read(f, &line, &r), 0);
	fclose(f);
	line = 0;
	f = pipe_text(text);
	T_OK("pipe", f != NULL);
	if (f == NULL)
		return;
	T_INT("pipe header", csv_read(f, &line, &r), 1);
	T_INT("pipe unclosed", csv_read(f, &line, &r), E_PARSE);
	T_INT("pipe unclosed line", r.line, 2);
	T_INT("pipe unclosed last", r.last, 4);
	T_INT("pipe eof", csv_read(f, &line, &r), 0);
	fclose(f);
	csv_row_release(&r);
}

/* test_bom - a UTF-8 BOM is skipped; other first bytes are kept. */
static void
test_bom(void)
{
	static const struct {
		const char *name, *text, *want;
	} t[] = {
	    {"bom", "\xef\xbb\xbf\"email\",name\n", "email"},
	    {"no bom", "email\n", "email"},
	    {"half a bom", "\xef\xbc\xa5,x\n", "\xef\xbc\xa5"},
	    {"empty file", "", NULL},
	};
	struct csv_row r = {0};
	size_t i;
	int line;
	FILE *f;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		line = 0;
		f = open_text(t[i].text);
		T_INT(t[i].name, csv_skip_bom(f), 0);
		T_INT(t[i].name, csv_read(f, &line, &r), t[i].want != NULL);
		if (t[i].want != NULL)
			T_STR(t[i].name, r.field[0], t[i].want);
		fclose(f);
	}
	csv_row_release(&r);
}

int
main(void)
{
	struct csv_row r = {0};
	int line = 0;
	FILE *f;

	f = open_text("email,name\n"
	              "a@x.org, Ana \n"
	              "\"b@x.org\",\"Berg, \"\"B\"\"\"\r\n"
	              "c@x.org,\"two\nlines\"\n"
	              "d@x.org,\"open\n");
	T_INT("header", csv_read(f, &line, &r), 1);
	T_INT("header n", r.n, 2);
	T_STR("header 0", r.field[0], "email");
	T_INT("row 1", csv_read(f, &line, &r), 1);
	T_STR("trimmed", r.field[1], "Ana");
	T_INT("row 1 line", r.line, 2);
	T_INT("row 2", csv_read(f, &line, &r), 1);
	T_STR("quoted comma and quotes", r.field[1], "Berg, \"B\"");
	T_INT("row 3", csv_read(f, &line, &r), 1);
	T_STR("embedded newline", r.field[1], "two\nlines");
	T_INT("row 3 line", r.line, 4);
	T_INT("unterminated quote", csv_read(f, &line, &r), E_PARSE);
	T_INT("bad row line", r.line, 6);
	T_STR("bad row why", r.why, "unclosed quote");
	T_INT("eof", csv_read(f, &line, &r), 0);
	fclose(f);

	line = 0;
	f = open_text("a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r\nx@y.org\n");
	T_INT("too many fields", csv_read(f, &line, &r), E_PARSE);
	T_STR("too many fields why", r.why, "more than 16 fields");
	T_INT("next row after bad", csv_read(f, &line, &r), 1);
	T_STR("next row", r.field[0], "x@y.org");
	T_INT("next row line", r.line, 2);
	fclose(f);

	line = 0;
	f = fopen(t_write("nul.csv", ""), "wb");
	fwrite("a\0b\nok\n", 1, 7, f);
	fclose(f);
	f = fopen(t_write("nul2.csv", ""), "r");
	fclose(f);
	{
		char path[512];

		snprintf(path, sizeof path, "%s/nul.csv", t_tmpdir());
		f = fopen(path, "r");
	}
	T_INT("NUL byte", csv_read(f, &line, &r), E_PARSE);
	T_INT("after NUL", csv_read(f, &line, &r), 1);
	T_STR("after NUL row", r.field[0], "ok");
	fclose(f);
	csv_row_release(&r);
	test_unclosed();
	test_bom();
	return t_done();
}

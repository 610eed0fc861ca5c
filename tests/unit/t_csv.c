/* t_csv.c - the CSV reader: quoting, line numbers, malformed rows. */
#include <stdio.h>
#include <string.h>

#include "csv.h"
#include "err.h"
#include "t.h"

static FILE *
open_text(const char *text)
{
	return fopen(t_write("in.csv", text), "r");
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
	T_INT("eof", csv_read(f, &line, &r), 0);
	fclose(f);

	line = 0;
	f = open_text("a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r\nx@y.org\n");
	T_INT("too many fields", csv_read(f, &line, &r), E_PARSE);
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
	return t_done();
}

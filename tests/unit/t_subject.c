/*
 * t_subject.c - base subject, reply flag and reply depth on a table of
 * hand-written subjects.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "subject.h"
#include "t.h"

struct scase {
	const char *in;
	const char *base;
	bool reply;
	unsigned depth;
};

static const struct scase cases[] = {
    {"Hello", "Hello", false, 0},
    {"Re: Hello", "Hello", true, 1},
    {"RE: Re: Hello", "Hello", true, 2},
    {"RE[2]: Hello", "Hello", true, 2},
    {"Re^3: Hello", "Hello", true, 3},
    {"Re(2): Hello", "Hello", true, 2},
    {"Re :  Hello", "Hello", true, 1},
    {"Re:Hello", "Hello", true, 1},
    {"AW: Frage", "Frage", true, 1},
    {"SV: Fråga", "Fråga", true, 1},
    {"Antw: Vraag", "Vraag", true, 1},
    {"VS: Kysymys", "Kysymys", true, 1},
    {"RIF: Domanda", "Domanda", true, 1},
    {"Fwd: Hello", "Hello", true, 0},
    {"Fw: Hello", "Hello", true, 0},
    {"WG: Hallo", "Hallo", true, 0},
    {"TR: Bonjour", "Bonjour", true, 0},
    {"Fwd: Re: AW: Hello", "Hello", true, 2},
    {"[learn] Re: Hello", "Hello", true, 1},
    {"Re: [learn] Re[4]: Hello", "Hello", true, 5},
    {"[learn]", "[learn]", false, 0},
    {"Hello (fwd)", "Hello", true, 0},
    {"Hello (FWD) (fwd)", "Hello", true, 0},
    {"[Fwd: Hello]", "Hello", true, 0},
    {"[fwd: Re: Hello]", "Hello", true, 1},
    {"  Hello \t  world\r\n again ", "Hello world again", false, 0},
    {"Research: results", "Research: results", false, 0},
    {"Trash talk", "Trash talk", false, 0},
    {"Encoding: UTF-8", "Encoding: UTF-8", false, 0},
    {"Re: ", "", true, 1},
    {"", "", false, 0},
    {"回复：你好", "你好", true, 1},
    {"转发: 你好", "你好", true, 0},
    {"Re[99999999999]: x", "x", true, 1000000},
};

/* test_cut - subject_cut() at max 16: a word, a UTF-8 boundary, or as is. */
static void
test_cut(void)
{
	static const struct {
		const char *name, *in, *want;
	} t[] = {
	    {"short", "short", "short"},
	    {"exactly max", "exactly sixteen!", "exactly sixteen!"},
	    {"at a space", "aaaa bbbb cccc dddd", "aaaa bbbb..."},
	    {"no space", "abcdefghijklmnopqrstuvwxyz", "abcdefghijklm..."},
	    {"space too early", "ab cdefghijklmnopqrstu", "ab cdefghijkl..."},
	    {"spaces trimmed", "aaaa     bbbbbbbbbbbbbbb", "aaaa..."},
	    {"utf-8 boundary",
	        "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3"
	        "\xa9\xc3\xa9\xc3\xa9\xc3\xa9",
	        "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9..."},
	};
	struct buf b = BUF_INIT(64);
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		buf_reset(&b);
		subject_cut(t[i].in, 16, &b);
		T_STR(t[i].name, buf_cstr(&b), t[i].want);
		T_OK(t[i].name, b.len <= 16);
	}
	buf_release(&b);
}

int
main(void)
{
	size_t i;
	char *b;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		b = subject_base(cases[i].in);
		T_STR(cases[i].in, b, cases[i].base);
		free(b);
		T_OK(cases[i].in,
		    subject_is_reply(cases[i].in) == cases[i].reply);
		T_INT(cases[i].in, subject_reply_depth(cases[i].in),
		    cases[i].depth);
	}
	b = subject_base(NULL);
	T_STR("NULL", b, "");
	free(b);
	T_OK("NULL not reply", !subject_is_reply(NULL));
	test_cut();
	return t_done();
}

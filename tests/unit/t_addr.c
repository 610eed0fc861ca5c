/* t_addr.c - address normalisation, comparison, list names. */
#include <stdio.h>
#include <string.h>

#include "addr.h"
#include "err.h"
#include "t.h"

static void
test_normalise(void)
{
	static const struct {
		const char *in, *want; /* want NULL = error */
	} t[] = {
	    {"ana@example.org", "ana@example.org"},
	    {"  Ana.Lima@EXAMPLE.Org \n", "Ana.Lima@example.org"},
	    {"<bob@x.example>", "bob@x.example"},
	    {"o'connor+tag@example.com", "o'connor+tag@example.com"},
	    {"", NULL},
	    {"no-at.example.org", NULL},
	    {"a@b@example.org", NULL},
	    {"a..b@example.org", NULL},
	    {".a@example.org", NULL},
	    {"a@localhost", NULL},
	    {"a b@example.org", NULL},
	    {"a@exa mple.org", NULL},
	    {"a@-.", NULL},
	    {"a\r\n@example.org", NULL},
	    {"a@example..org", NULL},
	};
	char out[MAX_EMAIL + 1], name[64];
	struct buf why = BUF_INIT(256);
	size_t i;
	int rc;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		snprintf(name, sizeof name, "normalise %zu", i);
		buf_reset(&why);
		rc = addr_normalise(t[i].in, out, &why);
		if (t[i].want == NULL) {
			T_INT(name, rc, E_PARSE);
			T_OK("reason given", why.len > 0);
		} else {
			T_INT(name, rc, 0);
			T_STR(name, out, t[i].want);
		}
	}
	buf_release(&why);
}

static void
test_long(void)
{
	char in[400], out[MAX_EMAIL + 1];
	struct buf why = BUF_INIT(256);

	memset(in, 'a', 70);
	memcpy(in + 70, "@example.org", 13);
	T_INT("local part over 64", addr_normalise(in, out, &why), E_PARSE);
	memset(in, 'a', 300);
	in[300] = '\0';
	in[10] = '@';
	T_INT("over 254", addr_normalise(in, out, &why), E_PARSE);
	buf_release(&why);
}

int
main(void)
{
	test_normalise();
	test_long();
	T_OK("same: domain case",
	    addr_same("Ana@Example.org", "Ana@example.ORG"));
	T_OK("same: local case differs", !addr_same("ana@x.org", "Ana@x.org"));
	T_OK("same: different", !addr_same("ana@x.org", "ana@y.org"));
	T_OK("list name", list_name_valid("learn"));
	T_OK("list name dash", list_name_valid("team-platform"));
	T_OK("list name plus", !list_name_valid("a+b"));
	T_OK("list name upper", !list_name_valid("Learn"));
	T_OK("list name leading dash", !list_name_valid("-x"));
	T_OK("list name empty", !list_name_valid(""));
	T_OK("list name a..b", !list_name_valid("a..b"));
	T_OK("list name a.b", list_name_valid("a.b"));
	T_OK("list name 22", list_name_valid("abcdefghijklmnopqrstuv"));
	T_OK("list name 23", !list_name_valid("abcdefghijklmnopqrstuvw"));
	return t_done();
}

/* t_compose.c - the RFC 5322/MIME writer: golden messages and edge cases. */
#include <stdio.h>
#include <string.h>

#include "compose.h"
#include "err.h"
#include "t.h"

static struct outmsg
base_msg(void)
{
	struct outmsg m;

	memset(&m, 0, sizeof m);
	m.from_name = "Ana via learn";
	m.from_addr = "learn@learn.example";
	m.to_name = "Bob";
	m.to_addr = "bob@example.org";
	m.reply_to = "learn+r-abc@learn.example";
	m.subject = "[learn] Monads?";
	m.message_id = "stoa.42.7@learn.example";
	m.date = 1700000000;
	m.text = "Hello all,\nwhat is a monad?\n";
	return m;
}

static void
test_golden_plain(void)
{
	struct buf out = BUF_INIT(1 << 20), why = BUF_INIT(256);
	struct out_header ex[] = {{"Precedence", "list"}};
	struct outmsg m = base_msg();
	int rc;

	m.in_reply_to = "root.1@learn.example";
	m.references = "root.1@learn.example <x.2@learn.example>";
	m.list_title = "learn";
	m.list_id = "learn.learn.example";
	m.extra = ex;
	m.n_extra = 1;
	rc = compose_message(&m, &out, &why);
	T_INT("plain", rc, 0);
	T_STR("plain golden", buf_cstr(&out),
	    "Date: Tue, 14 Nov 2023 22:13:20 +0000\r\n"
	    "From: Ana via learn <learn@learn.example>\r\n"
	    "To: Bob <bob@example.org>\r\n"
	    "Reply-To: learn+r-abc@learn.example\r\n"
	    "Subject: [learn] Monads?\r\n"
	    "Message-ID: <stoa.42.7@learn.example>\r\n"
	    "In-Reply-To: <root.1@learn.example>\r\n"
	    "References: <root.1@learn.example> <x.2@learn.example>\r\n"
	    "List-Id: learn <learn.learn.example>\r\n"
	    "Precedence: list\r\n"
	    "MIME-Version: 1.0\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: 7bit\r\n"
	    "\r\n"
	    "Hello all,\r\n"
	    "what is a monad?\r\n");
	buf_release(&out);
	buf_release(&why);
}

static void
test_golden_multipart(void)
{
	struct buf out = BUF_INIT(1 << 20), why = BUF_INIT(256);
	struct outmsg m = base_msg();
	int rc;

	m.from_name = "Ana Núñez via learn";
	m.subject = "Résumé";
	m.text = "Café é\n";
	m.html = "<p>Caf&eacute;</p>";
	rc = compose_message(&m, &out, &why);
	T_INT("multipart", rc, 0);
	T_STR("multipart golden", buf_cstr(&out),
	    "Date: Tue, 14 Nov 2023 22:13:20 +0000\r\n"
	    "From: =?UTF-8?B?QW5hIE7DusOxZXogdmlhIGxlYXJu?= "
	    "<learn@learn.example>\r\n"
	    "To: Bob <bob@example.org>\r\n"
	    "Reply-To: learn+r-abc@learn.example\r\n"
	    "Subject: =?UTF-8?B?UsOpc3Vtw6k=?=\r\n"
	    "Message-ID: <stoa.42.7@learn.example>\r\n"
	    "MIME-Version: 1.0\r\n"
	    "Content-Type: multipart/alternative;\r\n"
	    " boundary=\"=_stoa.42.7.learn.example_0\"\r\n"
	    "\r\n"
	    "--=_stoa.42.7.learn.example_0\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n"
	    "\r\n"
	    "Caf=C3=A9 =C3=A9\r\n"
	    "--=_stoa.42.7.learn.example_0\r\n"
	    "Content-Type: text/html; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: 7bit\r\n"
	    "\r\n"
	    "<p>Caf&eacute;</p>\r\n"
	    "--=_stoa.42.7.learn.example_0--\r\n");
	buf_release(&out);
	buf_release(&why);
}

/* lines_ok - every line ends CRLF, no bare CR/LF, and is at most max. */
static bool
lines_ok(const char *s, size_t max)
{
	const char *p = s, *e;

	while (*p != '\0') {
		e = strstr(p, "\r\n");
		if (e == NULL)
			return false;
		if ((size_t)(e - p) > max)
			return false;
		if (memchr(p, '\n', (size_t)(e - p)) != NULL ||
		    memchr(p, '\r', (size_t)(e - p)) != NULL)
			return false;
		p = e + 2;
	}
	return true;
}

static void
test_headers(void)
{
	struct buf out = BUF_INIT(1 << 16), why = BUF_INIT(256);
	int rc;

	rc = compose_header(&out, "Subject", "Grüße aus Köln", &why);
	T_INT("b subject", rc, 0);
	T_STR("b subject out", buf_cstr(&out),
	    "Subject: =?UTF-8?B?R3LDvMOfZSBhdXMgS8O2bG4=?=\r\n");

	buf_reset(&out);
	rc = compose_header(
	    &out, "Subject", "Mostly ASCII text with one é", &why);
	T_INT("q subject", rc, 0);
	T_STR("q subject out", buf_cstr(&out),
	    "Subject: =?UTF-8?Q?Mostly_ASCII_text_with_one_=C3=A9?=\r\n");

	buf_reset(&out);
	rc = compose_header(&out, "Subject",
	    "This is a long plain ASCII subject line that needs to be folded "
	    "somewhere near seventy-eight columns",
	    &why);
	T_INT("fold ascii", rc, 0);
	T_STR("fold ascii out", buf_cstr(&out),
	    "Subject: This is a long plain ASCII subject line that needs to be "
	    "folded\r\n"
	    " somewhere near seventy-eight columns\r\n");

	buf_reset(&out);
	rc = compose_header(&out, "Subject",
	    "Réunion: l'équipe pédagogique présente le programme de "
	    "l'année à venir, avec des détails très précis",
	    &why);
	T_INT("fold encoded", rc, 0);
	T_OK("fold encoded lines <= 78", lines_ok(buf_cstr(&out), 78));
	T_OK("fold encoded continued",
	    strstr(buf_cstr(&out), "?=\r\n =?") != NULL);

	/* every encoded word is at most 75 characters */
	{
		const char *p = buf_cstr(&out), *q, *e;
		bool ok = true;

		while ((q = strstr(p, "=?UTF-8?")) != NULL) {
			e = strstr(q + 10, "?=");
			if (e == NULL || e + 2 - q > 75)
				ok = false;
			if (e == NULL)
				break;
			p = e + 2;
		}
		T_OK("encoded words <= 75", ok);
	}

	buf_reset(&out);
	rc = compose_header(&out, "Subject", "hi\r\nBcc: x@y", &why);
	T_INT("crlf refused", rc, E_PARSE);
	T_STR("crlf refused out", buf_cstr(&out), "");
	rc = compose_header(&out, "Subject", "hi\nthere", &why);
	T_INT("lf refused", rc, E_PARSE);
	rc = compose_header(&out, "Subject", "hi\rthere", &why);
	T_INT("cr refused", rc, E_PARSE);
	rc = compose_header(&out, "Subject", "bad \xff utf8", &why);
	T_INT("bad utf8 refused", rc, E_PARSE);
	rc = compose_header(&out, "Bad Name", "x", &why);
	T_INT("bad name refused", rc, E_PARSE);
	rc = compose_header(&out, "Subject:", "x", &why);
	T_INT("colon name refused", rc, E_PARSE);

	/* an encoded newline given as text is re-encoded, never passed on */
	buf_reset(&out);
	rc = compose_header(&out, "Subject", "=?UTF-8?Q?a=0ABcc:_x@y?=", &why);
	T_INT("encoded newline text", rc, 0);
	T_OK("encoded newline text no =0A",
	    strstr(buf_cstr(&out), "=0A") == NULL &&
	        strstr(buf_cstr(&out), "=0a") == NULL);
	T_STR("encoded newline text out", buf_cstr(&out),
	    "Subject: =?UTF-8?B?PT9VVEYtOD9RP2E9MEFCY2M6X3hAeT89?=\r\n");

	/* Unicode line separators and controls become spaces */
	buf_reset(&out);
	rc = compose_header(&out, "Subject",
	    "a\xe2\x80\xa8"
	    "b\x0b"
	    "c\t"
	    "d",
	    &why);
	T_INT("separators", rc, 0);
	T_STR("separators out", buf_cstr(&out), "Subject: a b c d\r\n");
	buf_reset(&out);
	rc = compose_header(&out, "Subject", "x\xc2\x85y", &why);
	T_STR("nel out", buf_cstr(&out), "Subject: x y\r\n");

	buf_reset(&out);
	rc = compose_header(&out, "Subject", "", &why);
	T_STR("empty subject", buf_cstr(&out), "Subject:\r\n");

	buf_release(&out);
	buf_release(&why);
}

struct acase {
	const char *name;
	const char *dname;
	const char *addr;
	int rc;
	const char *want;
};

static const struct acase acases[] = {
    {"bare", NULL, "a@b.example", 0, "a@b.example"},
    {"empty name", "", "a@b.example", 0, "a@b.example"},
    {"atoms", "Ana via learn", "learn@x.example", 0,
        "Ana via learn <learn@x.example>"},
    {"quoted", "Smith, Ana (ops)", "a@x.example", 0,
        "\"Smith, Ana (ops)\" <a@x.example>"},
    {"quote escaped", "Ana \"the\" \\ one", "a@x.example", 0,
        "\"Ana \\\"the\\\" \\\\ one\" <a@x.example>"},
    {"encoded", "José via learn", "learn@x.example", 0,
        "=?UTF-8?Q?Jos=C3=A9_via_learn?= <learn@x.example>"},
    {"name with newline", "Ana\r\nBcc: x@y", "a@x.example", E_PARSE, ""},
    {"bad addr", "Ana", "a@x.example>\r\nBcc: y@z", E_PARSE, ""},
};

static void
test_addresses(void)
{
	struct buf out = BUF_INIT(4096), why = BUF_INIT(256);
	size_t i;
	int rc;

	for (i = 0; i < sizeof acases / sizeof acases[0]; i++) {
		buf_reset(&out);
		rc = compose_address(
		    &out, acases[i].dname, acases[i].addr, &why);
		T_INT(acases[i].name, rc, acases[i].rc);
		T_STR(acases[i].name, buf_cstr(&out), acases[i].want);
	}
	buf_release(&out);
	buf_release(&why);
}

struct vcase {
	const char *addr;
	bool ok;
};

static const struct vcase vcases[] = {
    {"a@b", true},
    {"learn+r-abc123@learn.example", true},
    {"first.last@sub.example.org", true},
    {"o'neil@example.org", true},
    {"", false},
    {"@example.org", false},
    {"a@", false},
    {"a@@b", false},
    {"a@b@c", false},
    {"ab", false},
    {"a b@c", false},
    {"a@b c", false},
    {"a<b@c", false},
    {"a@b>", false},
    {"a\r@b", false},
    {"a@b\n", false},
    {"\"q\"@b", false},
    {".a@b", false},
    {"a.@b", false},
    {"a..b@c", false},
    {"a@b..c", false},
    {"a@-b.c", false},
    {"a@b-.c", false},
    {"a@b.", false},
    {"j\xc3\xa9@b", false},
    {"a@[127.0.0.1]", false},
    {"a\\b@c", false},
};

static void
test_addr_valid(void)
{
	char local[80], long_addr[300];
	size_t i;

	for (i = 0; i < sizeof vcases / sizeof vcases[0]; i++)
		T_OK(vcases[i].addr,
		    compose_addr_valid(vcases[i].addr) == vcases[i].ok);
	T_OK("null", !compose_addr_valid(NULL));
	memset(local, 'a', 64);
	local[64] = '\0';
	snprintf(long_addr, sizeof long_addr, "%s@b.example", local);
	T_OK("local 64", compose_addr_valid(long_addr));
	snprintf(long_addr, sizeof long_addr, "%sa@b.example", local);
	T_OK("local 65", !compose_addr_valid(long_addr));
	memset(long_addr, 'a', sizeof long_addr);
	long_addr[0] = 'x';
	long_addr[1] = '@';
	for (i = 2; i < 250; i += 50)
		long_addr[i] = '.';
	long_addr[2] = 'b';
	long_addr[255] = '\0';
	T_OK("over 254", !compose_addr_valid(long_addr));
}

/* Received ids: kept when we can send them, else our stand-in. */
static const struct {
	const char *id, *want;
} idcases[] = {
    {"q1@example.org", "q1@example.org"},
    {"a.b+c@d.example", "a.b+c@d.example"},
    {"x@[192.0.2.1]", "stoa.id.e5fb14324d40d9f919aa09ce4d54c13f@l.example"},
    {"\"ab\"@example.org",
        "stoa.id.bd7ae2877611925f8a81f9c0558c728f@l.example"},
    {"noat", "stoa.id.2b2904c559e395c192b82fb378855c17@l.example"},
    {"", "stoa.id.e3b0c44298fc1c149afbf4c8996fb924@l.example"},
};

static void
test_id_canonical(void)
{
	struct buf out = BUF_INIT(COMPOSE_MAX_ID + 1), small = BUF_INIT(20);
	char domain[COMPOSE_MAX_ID];
	size_t i;

	for (i = 0; i < sizeof idcases / sizeof idcases[0]; i++) {
		buf_reset(&out);
		T_INT(idcases[i].id,
		    compose_id_canonical(idcases[i].id, "l.example", &out), 0);
		T_STR(idcases[i].id, buf_cstr(&out), idcases[i].want);
		T_OK("stand-in valid", compose_id_valid(buf_cstr(&out)));
	}
	T_OK("null id", !compose_id_valid(NULL));
	T_OK("literal", !compose_id_valid("x@[192.0.2.1]"));
	T_OK("two @", !compose_id_valid("a@b@c"));
	memset(domain, 'd', sizeof domain - 1);
	domain[sizeof domain - 1] = '\0';
	buf_reset(&out);
	T_INT("stand-in too long", compose_id_canonical("noat", domain, &out),
	    E_LIMIT);
	T_INT("out full", compose_id_canonical("noat", "l.example", &small),
	    E_LIMIT);
	buf_release(&out);
	buf_release(&small);
}

static void
test_bodies(void)
{
	struct buf out = BUF_INIT(1 << 20), why = BUF_INIT(256);
	struct buf text = BUF_INIT(1 << 20);
	struct outmsg m = base_msg();
	const char *body;
	int i, rc;

	/* a long non-ASCII line: QP, every line <= 76 */
	for (i = 0; i < 40; i++)
		buf_adds(&text, "naive ");
	buf_adds(&text, "café ");
	buf_adds(&text, "end\n");
	m.text = text.data;
	rc = compose_message(&m, &out, &why);
	T_INT("qp long", rc, 0);
	T_OK("qp chosen",
	    strstr(buf_cstr(&out),
	        "Content-Transfer-Encoding: quoted-printable") != NULL);
	body = strstr(buf_cstr(&out), "\r\n\r\n");
	T_OK("qp lines <= 76", body != NULL && lines_ok(body + 4, 76));
	T_OK("all lines <= 998", lines_ok(buf_cstr(&out), 998));

	/* mostly CJK: base64 */
	buf_reset(&out);
	m.text = "日本語のテキストです。これは長い本文で、ほとんどが"
	         "非ASCIIの文字です。\n";
	rc = compose_message(&m, &out, &why);
	T_INT("cjk", rc, 0);
	T_OK("base64 chosen",
	    strstr(buf_cstr(&out), "Content-Transfer-Encoding: base64") !=
	        NULL);
	body = strstr(buf_cstr(&out), "\r\n\r\n");
	T_OK("base64 lines <= 76", body != NULL && lines_ok(body + 4, 76));

	/* a 7-bit line over 998 octets is not sent as 7bit */
	buf_reset(&out);
	buf_reset(&text);
	for (i = 0; i < 1100; i++)
		buf_addc(&text, 'x');
	m.text = text.data;
	rc = compose_message(&m, &out, &why);
	T_INT("long ascii", rc, 0);
	T_OK("long ascii not 7bit",
	    strstr(buf_cstr(&out), "Content-Transfer-Encoding: 7bit") == NULL);
	T_OK("long ascii lines", lines_ok(buf_cstr(&out), 998));

	/* trailing space and "From " at line start are protected in QP */
	buf_reset(&out);
	m.text = "é \nFrom here\n.\n";
	rc = compose_message(&m, &out, &why);
	body = strstr(buf_cstr(&out), "\r\n\r\n");
	T_STR("qp edges", body != NULL ? body + 4 : "",
	    "=C3=A9=20\r\n=46rom here\r\n=2E\r\n");

	/* bare LF, CRLF and CR all become CRLF */
	buf_reset(&out);
	m.text = "a\nb\r\nc\rd";
	rc = compose_message(&m, &out, &why);
	body = strstr(buf_cstr(&out), "\r\n\r\n");
	T_STR(
	    "line ends", body != NULL ? body + 4 : "", "a\r\nb\r\nc\r\nd\r\n");

	/* a body that contains the first boundary gets the next one */
	buf_reset(&out);
	m.text = "--=_stoa.42.7.learn.example_0\n";
	m.html = "<p>x</p>";
	rc = compose_message(&m, &out, &why);
	T_INT("boundary collision", rc, 0);
	T_OK("boundary moved",
	    strstr(buf_cstr(&out),
	        "boundary=\"=_stoa.42.7.learn.example_1\"") != NULL);

	/* bad UTF-8 in a body */
	buf_reset(&out);
	m.html = NULL;
	m.text = "\xc3(";
	rc = compose_message(&m, &out, &why);
	T_INT("bad utf8 body", rc, E_PARSE);
	T_STR("bad utf8 body why", buf_cstr(&why), "text: not valid UTF-8");
	T_STR("bad utf8 body cut back", buf_cstr(&out), "");

	buf_release(&out);
	buf_release(&why);
	buf_release(&text);
}

static void
test_refusals(void)
{
	struct buf out = BUF_INIT(1 << 16), why = BUF_INIT(256);
	struct out_header ex[] = {{"From", "evil@example.org"}};
	struct out_header inj[] = {{"X-Loop", "x\r\nBcc: y@z"}};
	struct out_header own[] = {{"List-Id", "x <x.y>"}};
	struct outmsg m;
	int rc;

	m = base_msg();
	m.subject = "hi\nBcc: victim@example.org";
	rc = compose_message(&m, &out, &why);
	T_INT("subject injection", rc, E_PARSE);
	T_STR("subject injection why", buf_cstr(&why),
	    "Subject: line break in a header value");
	T_STR("subject injection nothing written", buf_cstr(&out), "");

	m = base_msg();
	m.to_name = "Bob\r\nBcc: v@x";
	T_INT("name injection", compose_message(&m, &out, &why), E_PARSE);

	m = base_msg();
	m.message_id = "a@b>\r\nBcc: <c@d";
	T_INT("id injection", compose_message(&m, &out, &why), E_PARSE);

	m = base_msg();
	m.references = "a@b\nBcc: c@d";
	T_INT("references injection", compose_message(&m, &out, &why), E_PARSE);

	m = base_msg();
	m.reply_to = "x@y\r\nBcc: z@w";
	T_INT("reply-to injection", compose_message(&m, &out, &why), E_PARSE);

	m = base_msg();
	m.extra = inj;
	m.n_extra = 1;
	T_INT("extra injection", compose_message(&m, &out, &why), E_PARSE);

	m = base_msg();
	m.extra = ex;
	m.n_extra = 1;
	T_INT("extra reserved", compose_message(&m, &out, &why), E_PARSE);
	m.extra = own;
	T_INT(
	    "extra List-Id reserved", compose_message(&m, &out, &why), E_PARSE);

	m = base_msg();
	m.message_id = NULL;
	T_INT("no message id", compose_message(&m, &out, &why), E_PARSE);

	m = base_msg();
	m.text = NULL;
	T_INT("no text", compose_message(&m, &out, &why), E_PARSE);

	m = base_msg();
	m.date = -1;
	T_INT("bad date", compose_message(&m, &out, &why), E_PARSE);
	T_STR("nothing left behind", buf_cstr(&out), "");

	buf_release(&out);
	buf_release(&why);
}

static void
test_date(void)
{
	struct buf out = BUF_INIT(64);

	T_INT("epoch", compose_date(&out, 0), 0);
	T_STR("epoch out", buf_cstr(&out), "Thu, 01 Jan 1970 00:00:00 +0000");
	buf_reset(&out);
	compose_date(&out, 951782400); /* 2000-02-29 */
	T_STR("leap day", buf_cstr(&out), "Tue, 29 Feb 2000 00:00:00 +0000");
	buf_release(&out);
}

int
main(void)
{
	test_golden_plain();
	test_golden_multipart();
	test_headers();
	test_addresses();
	test_addr_valid();
	test_id_canonical();
	test_bodies();
	test_refusals();
	test_date();
	return t_done();
}

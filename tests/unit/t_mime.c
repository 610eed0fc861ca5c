/*
 * t_mime.c - mime_parse on hand-written messages: decoding, structure,
 * every limit, and one regression case per libetpan defect
 * (STACK-NOTES 3.6).  Messages are written with LF; most cases also run
 * with CRLF line ends.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>

#include "buf.h"
#include "err.h"
#include "mime.h"
#include "t.h"
#include "xmalloc.h"

/* crlf - copy of s with every LF turned into CRLF; caller frees. */
static char *
crlf(const char *s)
{
	struct buf b = BUF_INIT(1 << 24);

	for (; *s != '\0'; s++) {
		if (*s == '\n')
			buf_addc(&b, '\r');
		buf_addc(&b, *s);
	}
	return buf_detach(&b);
}

/* parse - mime_parse of s with default limits; rc in *rc. */
static struct msg *
parse(const char *s, int *rc)
{
	struct msg *m = NULL;
	struct buf why = BUF_INIT(256);

	*rc = mime_parse(s, strlen(s), NULL, &m, &why);
	buf_release(&why);
	return m;
}

static bool
valid_msg(const struct msg *m)
{
	size_t i;

	if (!utf8_valid(m->text, strlen(m->text)) ||
	    !utf8_valid(m->subject, strlen(m->subject)) ||
	    strchr(m->text, '\r') != NULL)
		return false;
	if (m->html != NULL && !utf8_valid(m->html, strlen(m->html)))
		return false;
	for (i = 0; i < m->n_hdr; i++)
		if (!utf8_valid(m->hdr[i].value, strlen(m->hdr[i].value)))
			return false;
	for (i = 0; i < m->n_att; i++)
		if (!utf8_valid(m->att[i].name, strlen(m->att[i].name)))
			return false;
	return true;
}

/*
 * Table of messages and what to check.  NULL wants are not checked;
 * flags are checked as (m->flags & mask) == want_flags.
 */
struct tcase {
	const char *name;
	const char *in;
	const char *text, *subject, *from_name, *from_email, *msgid;
	unsigned mask, flags;
};

#define PLAIN_HDR "From: a@x.org\nTo: b@y.org\nMessage-ID: <1@x.org>\n"

static const struct tcase cases[] = {
    {"plain",
        "Return-Path: <ana@example.org>\n"
        "Delivered-To: learn@learn.example\n"
        "From: Ana Lopez <Ana@Example.ORG>\n"
        "To: learn@learn.example\n"
        "Subject: Hello there\n"
        "Date: Tue, 5 Mar 2024 10:00:00 +0100\n"
        "Message-ID: <abc@example.org>\n"
        "\n"
        "Hi all,\nfirst post.\n",
        "Hi all,\nfirst post.\n", "Hello there", "Ana Lopez", "Ana@example.org",
        "abc@example.org", MSG_F_NO_MSGID | MSG_F_CHARSET_GUESS, 0},
    {"alternative prefers plain",
        PLAIN_HDR "Subject: alt\nMIME-Version: 1.0\n"
                  "Content-Type: multipart/alternative; boundary=\"XX\"\n\n"
                  "preamble\n--XX\nContent-Type: text/html; charset=utf-8\n\n"
                  "<p>html <b>version</b></p>\n"
                  "--XX\nContent-Type: text/plain; charset=utf-8\n\n"
                  "plain version\n--XX--\nepilogue\n",
        "plain version\n", "alt", NULL, NULL, NULL,
        MSG_F_HTML_ONLY | MSG_F_TRUNCATED, 0},
    {"html only",
        PLAIN_HDR "Content-Type: text/html; charset=utf-8\n\n"
                  "<html><head><style>p{}</style></head><body>"
                  "<p>Hello &amp; welcome</p><ul><li>one</li><li>two</li></ul>"
                  "<p>See <a href=\"https://w.example/x\">the wiki</a></p>"
                  "</body></html>\n",
        "Hello & welcome\n\n- one\n- two\n\nSee the wiki "
        "<https://w.example/x>\n",
        NULL, NULL, NULL, NULL, MSG_F_HTML_ONLY, MSG_F_HTML_ONLY},
    {"base64 iso-8859-1",
        PLAIN_HDR "Content-Type: text/plain; charset=ISO-8859-1\n"
                  "Content-Transfer-Encoding: base64\n\n"
                  "Y2Fm6SBjcuhtZQo=\n",
        "caf\xc3\xa9 cr\xc3\xa8me\n", NULL, NULL, NULL, NULL,
        MSG_F_CHARSET_GUESS, 0},
    {"qp windows-1252",
        PLAIN_HDR "Content-Type: text/plain; charset=windows-1252\n"
                  "Content-Transfer-Encoding: quoted-printable\n\n"
                  "=80 5, =93quoted=94 and a so=\nft break\nline two\n",
        "\xe2\x82\xac 5, \xe2\x80\x9cquoted\xe2\x80\x9d and a soft "
        "break\nline two\n",
        NULL, NULL, NULL, NULL, MSG_F_CHARSET_GUESS, 0},
    {"encoded-word subject B",
        PLAIN_HDR "Subject: =?UTF-8?B?SMOpbGxvIHfDtnJsZA==?=\n\nx\n", "x\n",
        "H\xc3\xa9llo w\xc3\xb6rld", NULL, NULL, NULL, 0, 0},
    {"encoded-word subject Q joined",
        PLAIN_HDR "Subject: =?utf-8?q?caf=C3=A9_au?= =?ISO-8859-1?Q?_lait_?=\n"
                  " =?utf-8?q?=E2=98=95?= now\n\nx\n",
        "x\n", "caf\xc3\xa9 au lait \xe2\x98\x95 now", NULL, NULL, NULL, 0, 0},
    {"raw utf-8 subject", PLAIN_HDR "Subject: J\xc3\xb6rg's caf\xc3\xa9\n\nx\n",
        "x\n", "J\xc3\xb6rg's caf\xc3\xa9", NULL, NULL, NULL, 0, 0},
    {"raw latin-1 subject", PLAIN_HDR "Subject: caf\xe9 \x93ok\x94\n\nx\n",
        "x\n", "caf\xc3\xa9 \xe2\x80\x9cok\xe2\x80\x9d", NULL, NULL, NULL, 0,
        0},
    {"encoded from name",
        "From: =?ISO-8859-1?Q?J=F6rg_M=FCller?= <jm@Mail.DE>\n"
        "Message-ID: <m@x>\n\nx\n",
        "x\n", "", "J\xc3\xb6rg M\xc3\xbcller", "jm@mail.de", "m@x", 0, 0},
    {"quoted from name", "From: \"Doe, John \\\"JD\\\"\" <jd@x.org>\n\nx\n",
        "x\n", NULL, "Doe, John \"JD\"", "jd@x.org", NULL, MSG_F_NO_MSGID,
        MSG_F_NO_MSGID},
    {"unparsable from falls back", "From: Ana <ana@X.org\n\nx\n", "x\n", NULL,
        "", "ana@x.org", NULL, 0, 0},
    {"no from", "Subject: s\n\nx\n", "x\n", "s", "", NULL, NULL, 0, 0},
    {"headers only", "From: a@x.org\nSubject: only\n", "", "only", NULL,
        "a@x.org", NULL, 0, 0},
    {"missing message-id", "From: a@x.org\n\nbody\n", "body\n", NULL, NULL,
        NULL, NULL, MSG_F_NO_MSGID, MSG_F_NO_MSGID},
    {"folded message-id",
        "From: a@x.org\nMessage-ID:\n <long@communication.aca\n\tdomia.fr>\n"
        "\nb\n",
        "b\n", NULL, NULL, NULL, "long@communication.acadomia.fr",
        MSG_F_NO_MSGID, 0},
    {"unknown charset",
        PLAIN_HDR "Content-Type: text/plain; charset=x-unknown-charset\n\n"
                  "caf\xc3\xa9 ok\n",
        "caf\xc3\xa9 ok\n", NULL, NULL, NULL, NULL, MSG_F_CHARSET_GUESS,
        MSG_F_CHARSET_GUESS},
    {"unknown charset, not utf-8",
        PLAIN_HDR "Content-Type: text/plain; charset=unicode-1-1-utf-7\n\n"
                  "caf\xe9\n",
        "caf\xc3\xa9\n", NULL, NULL, NULL, NULL, MSG_F_CHARSET_GUESS,
        MSG_F_CHARSET_GUESS},
    {"utf-8 declared but invalid",
        PLAIN_HDR "Content-Type: text/plain; charset=utf-8\n"
                  "Content-Transfer-Encoding: 8bit\n\n"
                  "na\xc3\xafve caf\xe9 \xff\xfe\n",
        "na\xc3\xafve caf\xc3\xa9 \xc3\xbf\xc3\xbe\n", NULL, NULL, NULL, NULL,
        MSG_F_CHARSET_GUESS, MSG_F_CHARSET_GUESS},
    {"8-bit declared us-ascii",
        PLAIN_HDR "Content-Type: text/plain; charset=us-ascii\n\n"
                  "caf\xc3\xa9\n",
        "caf\xc3\xa9\n", NULL, NULL, NULL, NULL, MSG_F_CHARSET_GUESS,
        MSG_F_CHARSET_GUESS},
    {"iconv charset with bad bytes",
        PLAIN_HDR "Content-Type: text/plain; charset=shift_jis\n\n"
                  "\x82\xa0\x82\xa2 \x82\n",
        "\xe3\x81\x82\xe3\x81\x84 \xef\xbf\xbd\n", NULL, NULL, NULL, NULL,
        MSG_F_CHARSET_GUESS, MSG_F_CHARSET_GUESS},
    {"iconv passes invalid utf-8 through",
        PLAIN_HDR "Content-Type: text/plain; charset=\"utf-8~\"\n\n"
                  "ok \xf4\x90\x80\x80 x\n",
        NULL, NULL, NULL, NULL, NULL, MSG_F_CHARSET_GUESS, MSG_F_CHARSET_GUESS},
    {"koi8-r",
        PLAIN_HDR "Content-Type: text/plain; charset=\"KOI8-R\"\n\n"
                  "\xf0\xd2\xc9\xd7\xc5\xd4\n",
        "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82\n", NULL, NULL, NULL,
        NULL, MSG_F_CHARSET_GUESS, 0},
    {"nul in body dropped", PLAIN_HDR "\nab\n", "ab\n", NULL, NULL, NULL, NULL,
        0, 0},
    {"truncated multipart",
        PLAIN_HDR "Content-Type: multipart/mixed; boundary=b1\n\n"
                  "--b1\nContent-Type: text/plain\n\npart one\n"
                  "--b1\nContent-Type: text/plain\n\npart two is cut",
        NULL, NULL, NULL, NULL, NULL, MSG_F_TRUNCATED, MSG_F_TRUNCATED},
    {"multipart without boundary",
        PLAIN_HDR "Content-Type: multipart/mixed\n\n"
                  "--x\nContent-Type: text/plain\n\ninner\n--x--\n",
        "--x\nContent-Type: text/plain\n\ninner\n--x--\n", NULL, NULL, NULL,
        NULL, MSG_F_BAD_MIME, MSG_F_BAD_MIME},
    {"boundary never present",
        PLAIN_HDR "Content-Type: multipart/mixed; boundary=zz\n\njust text\n",
        NULL, NULL, NULL, NULL, NULL, MSG_F_BAD_MIME | MSG_F_TRUNCATED,
        MSG_F_BAD_MIME | MSG_F_TRUNCATED},
    {"boundary quote (3.6.1)",
        PLAIN_HDR "Content-Type: multipart/mixed; boundary=\"\\\"\"\n\n"
                  "--\"\nContent-Type: text/plain\n\nhello\n--\"--\n",
        "hello\n", NULL, NULL, NULL, NULL, 0, 0},
    {"empty boundary",
        PLAIN_HDR "Content-Type: multipart/mixed; boundary=\"\"\n\n"
                  "--\nContent-Type: text/plain\n\nhello\n----\n",
        NULL, NULL, NULL, NULL, NULL, MSG_F_BAD_MIME, MSG_F_BAD_MIME},
    {"qp ends in =B (3.6.2)",
        PLAIN_HDR "Content-Type: text/plain\n"
                  "Content-Transfer-Encoding: quoted-printable\n\nab\n=B",
        NULL, NULL, NULL, NULL, NULL, 0, 0},
    {"qp ends in =",
        PLAIN_HDR "Content-Type: text/plain\n"
                  "Content-Transfer-Encoding: quoted-printable\n\nab=",
        "ab=\n", NULL, NULL, NULL, NULL, 0, 0},
    {"broken base64",
        PLAIN_HDR "Content-Type: text/plain\n"
                  "Content-Transfer-Encoding: base64\n\n!!!*&^\n",
        NULL, NULL, NULL, NULL, NULL, 0, 0},
    {"nested alternative in mixed",
        PLAIN_HDR "Content-Type: multipart/mixed; boundary=o\n\n"
                  "--o\nContent-Type: multipart/alternative; boundary=i\n\n"
                  "--i\nContent-Type: text/plain\n\nthe text\n"
                  "--i\nContent-Type: text/html\n\n<p>the html</p>\n--i--\n"
                  "--o\nContent-Type: image/png; name=dot.png\n"
                  "Content-Transfer-Encoding: base64\n\naGk=\n--o--\n",
        "the text\n", NULL, NULL, NULL, NULL,
        MSG_F_TRUNCATED | MSG_F_BAD_MIME | MSG_F_HTML_ONLY, 0},
    {"two inline text parts joined",
        PLAIN_HDR "Content-Type: multipart/mixed; boundary=o\n\n"
                  "--o\nContent-Type: text/plain\n\nfirst\n"
                  "--o\nContent-Type: image/gif\n\nGIF\n"
                  "--o\nContent-Type: text/plain\n\nsecond\n--o--\n",
        "first\nsecond\n", NULL, NULL, NULL, NULL, 0, 0},
    {"bare CR line ends", "From: a@x.org\rSubject: s\r\rbody\r", NULL, NULL,
        NULL, NULL, NULL, 0, 0},
};

static void
run_table(void)
{
	size_t i;
	int rc, pass;
	struct msg *m;
	char *in, name[128];

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct tcase *c = &cases[i];
		size_t len = strlen(c->in);

		for (pass = 0; pass < 2; pass++) {
			struct buf why = BUF_INIT(256);

			if (strcmp(c->name, "nul in body dropped") == 0 &&
			    pass == 1)
				break;
			in = pass == 0 ? xstrdup(c->in) : crlf(c->in);
			snprintf(name, sizeof(name), "%s%s", c->name,
			    pass ? " (crlf)" : "");
			if (strcmp(c->name, "nul in body dropped") == 0) {
				/* "a\0b": insert a NUL in the body */
				char *p = strstr(in, "\nab\n");
				size_t off = (size_t)(p - in);

				in = xreallocarray(in, len + 2, 1);
				memmove(
				    in + off + 3, in + off + 2, len - off - 1);
				in[off + 2] = '\0';
				len++;
			}
			m = NULL;
			rc = mime_parse(
			    in, pass == 0 ? len : strlen(in), NULL, &m, &why);
			T_INT(name, rc, 0);
			if (rc != 0 || m == NULL) {
				printf("%s: why=%s\n", name, buf_cstr(&why));
				free(in);
				buf_release(&why);
				continue;
			}
			T_OK(name, valid_msg(m));
			if (c->text != NULL)
				T_STR(name, m->text, c->text);
			if (c->subject != NULL)
				T_STR(name, m->subject, c->subject);
			if (c->from_name != NULL)
				T_STR(name, m->from.name, c->from_name);
			if (c->from_email != NULL)
				T_STR(name, m->from.email, c->from_email);
			if (c->msgid != NULL)
				T_STR(name, m->message_id, c->msgid);
			T_INT(name, m->flags & c->mask, c->flags);
			msg_free(m);
			free(in);
			buf_release(&why);
		}
	}
}

/* a message with many fields checked one by one */
static void
test_fields(void)
{
	const char *s =
	    "Return-Path: <ana@example.org>\n"
	    "Delivered-To: learn@learn.example\n"
	    "From: Ana <ana@example.org>\n"
	    "To: \"Doe, John\" <john@X.org>, Team: a@y.org,\n"
	    "  \"B \\\"Q\\\" C\" <b@Y.ORG>;, undisclosed:;\n"
	    "Cc: =?UTF-8?Q?J=C3=B6rg?= <j@z.de>, bad@, (comment) c@w.org\n"
	    "Subject: Re: fields\n"
	    "Date: Tue, 5 Mar 2024 10:00:00 +0100\n"
	    "In-Reply-To: <p1@x.org> (Ana's message of Monday)\n"
	    "References: <r0@x.org>\n"
	    " <long@communication.aca\n"
	    "\tdomia.fr> <p1@x.org>\n"
	    "Message-ID: <me@x.org>\n"
	    "X-Empty:\n"
	    "\n"
	    "ok\n";
	struct msg *m;
	int rc;

	m = parse(s, &rc);
	T_INT("fields rc", rc, 0);
	if (m == NULL)
		return;
	T_INT("fields n_hdr", (long long)m->n_hdr, 11);
	T_STR("fields hdr0", m->hdr[0].name, "Return-Path");
	T_STR("fields hdr0 value", m->hdr[0].value, "<ana@example.org>");
	T_STR("fields delivered-to", msg_header(m, "delivered-TO"),
	    "learn@learn.example");
	T_STR("fields empty header", msg_header(m, "X-Empty"), "");
	T_OK("fields absent header", msg_header(m, "X-None") == NULL);
	T_STR("fields references folded", msg_header(m, "References"),
	    "<r0@x.org> <long@communication.aca domia.fr> <p1@x.org>");
	T_INT("fields date", m->date, 1709629200);
	T_STR("fields in-reply-to", m->in_reply_to, "p1@x.org");
	T_INT("fields n_references", (long long)m->n_references, 3);
	if (m->n_references == 3) {
		T_STR("fields ref0", m->references[0], "r0@x.org");
		T_STR("fields ref1 (3.6.4 folded)", m->references[1],
		    "long@communication.acadomia.fr");
		T_STR("fields ref2", m->references[2], "p1@x.org");
	}
	T_INT("fields n_to", (long long)m->n_to, 5);
	if (m->n_to == 5) {
		T_STR("to0 name", m->to[0].name, "Doe, John");
		T_STR("to0 email", m->to[0].email, "john@x.org");
		T_STR("to1 group member", m->to[1].email, "a@y.org");
		T_STR("to1 name", m->to[1].name, "");
		T_STR("to2 quoted name", m->to[2].name, "B \"Q\" C");
		T_STR("to2 email", m->to[2].email, "b@y.org");
		T_STR("cc0 name", m->to[3].name, "J\xc3\xb6rg");
		T_STR("cc0 email", m->to[3].email, "j@z.de");
		T_STR("cc2 email", m->to[4].email, "c@w.org");
	}
	T_INT("fields flags", m->flags, 0);
	msg_free(m);
}

static void
test_dates(void)
{
	static const struct {
		const char *date;
		long long want;
	} d[] = {
	    {"Thu, 01 Jan 1970 00:00:00 +0000", 0},
	    {"1 Jan 2000 00:00:00 GMT", 946684800},
	    {"Sat, 29 Feb 2020 23:59:59 -0230", 1583029799},
	    {"not a date", -1},
	    {"Mon, 32 Jan 2024 00:00:00 +0000", -1},
	    {"Wed, 31 Dec 1969 23:59:59 +0000", -1},
	};
	char s[256];
	size_t i;
	struct msg *m;
	int rc;

	for (i = 0; i < sizeof(d) / sizeof(d[0]); i++) {
		snprintf(
		    s, sizeof(s), "From: a@x.org\nDate: %s\n\nx\n", d[i].date);
		m = parse(s, &rc);
		T_INT(d[i].date, rc, 0);
		if (m != NULL)
			T_INT(d[i].date, m->date, d[i].want);
		msg_free(m);
	}
	m = parse("From: a@x.org\n\nx\n", &rc);
	T_INT("no date", m != NULL ? m->date : 0, -1);
	msg_free(m);
}

static void
test_attachments(void)
{
	const char *s =
	    PLAIN_HDR "Content-Type: multipart/mixed; boundary=\"=_b\"\n\n"
	              "--=_b\nContent-Type: text/plain; charset=utf-8\n\n"
	              "see attached\n"
	              "--=_b\nContent-Type: application/pdf\n"
	              "Content-Disposition: attachment;\n"
	              " filename*=UTF-8''%E2%82%AC%20rates.pdf\n"
	              "Content-Transfer-Encoding: base64\n\n"
	              "JVBERi0xLjQK\n"
	              "--=_b\nContent-Type: text/plain\n"
	              "Content-Disposition: attachment;\n"
	              " filename*0*=iso-8859-1''caf%E9%20;\n"
	              " filename*1=\"notes.txt\"\n\n"
	              "plain attachment\n"
	              "--=_b\nContent-Type: image/png;\n"
	              " name=\"=?UTF-8?Q?p=C3=A9tit.png?=\"\n"
	              "Content-Transfer-Encoding: base64\n\n"
	              "iVBORw0K\n"
	              "--=_b\nContent-Type: application/octet-stream\n"
	              "Content-Disposition: attachment; "
	              "filename=\"..\\\\..\\\\evil/x.exe\"\n\nMZ\n"
	              "--=_b\nContent-Type: message/rfc822\n\n"
	              "From: inner@x.org\nSubject: inner\n\ninner body\n"
	              "--=_b--\n";
	struct mime_limits lim;
	struct msg *m = NULL;
	struct buf why = BUF_INIT(256);
	int rc;

	m = parse(s, &rc);
	T_INT("att rc", rc, 0);
	if (m == NULL)
		return;
	T_STR("att text", m->text, "see attached\n");
	T_INT("att n", (long long)m->n_att, 5);
	if (m->n_att == 5) {
		T_STR("att0 name (2231)", m->att[0].name,
		    "\xe2\x82\xac rates.pdf");
		T_STR("att0 type", m->att[0].type, "application/pdf");
		T_INT("att0 size", (long long)m->att[0].size, 9);
		T_OK("att0 data",
		    m->att[0].data != NULL &&
		        memcmp(m->att[0].data, "%PDF-1.4\n", 9) == 0);
		T_STR("att1 name (2231 cont)", m->att[1].name,
		    "caf\xc3\xa9 notes.txt");
		T_STR("att1 type", m->att[1].type, "text/plain");
		T_STR("att1 data", m->att[1].data, "plain attachment");
		T_STR("att2 name (2047)", m->att[2].name, "p\xc3\xa9tit.png");
		T_STR("att2 type", m->att[2].type, "image/png");
		T_INT("att2 size", (long long)m->att[2].size, 6);
		T_STR("att3 name no path", m->att[3].name, "x.exe");
		T_STR("att4 type", m->att[4].type, "message/rfc822");
		T_OK("att4 data",
		    m->att[4].data != NULL &&
		        strstr(m->att[4].data, "inner body") != NULL);
	}
	T_INT("att flags", m->flags & (MSG_F_ATT_CUT | MSG_F_TRUNCATED), 0);
	msg_free(m);

	/* over the cap: size kept, data dropped, flag set */
	mime_limits_default(&lim);
	lim.max_attachment_bytes = 4;
	rc = mime_parse(s, strlen(s), &lim, &m, &why);
	T_INT("att cap rc", rc, 0);
	if (m != NULL && m->n_att == 5) {
		T_OK("att cap data", m->att[0].data == NULL);
		T_INT("att cap size", (long long)m->att[0].size, 9);
		T_OK("att cap small kept", m->att[3].data != NULL);
		T_INT("att cap flag", m->flags & MSG_F_ATT_CUT, MSG_F_ATT_CUT);
	}
	msg_free(m);
	buf_release(&why);
}

/* nest - n nested multiparts, each with one delimiter and closing. */
static char *
nest(size_t n, bool delimiters)
{
	struct buf b = BUF_INIT(1 << 26);
	size_t i;

	buf_adds(&b, "From: a@x.org\n");
	for (i = 0; i < n; i++) {
		buf_addf(
		    &b, "Content-Type: multipart/mixed; boundary=b%zu\n\n", i);
		if (delimiters)
			buf_addf(&b, "--b%zu\n", i);
	}
	buf_adds(&b, "Content-Type: text/plain\n\ndeep\n");
	for (i = n; delimiters && i > 0; i--)
		buf_addf(&b, "--b%zu--\n", i - 1);
	return buf_detach(&b);
}

struct lcase {
	const char *name;
	size_t field; /* which limit to lower */
	size_t value;
	const char *in;
	const char *why;
};

static void
test_limits(void)
{
	static const struct lcase lc[] = {
	    {"max_bytes", 0, 10, PLAIN_HDR "\nbody\n", "max_bytes"},
	    {"max_header_bytes", 1, 20, PLAIN_HDR "\nbody\n",
	        "max_header_bytes"},
	    {"max_headers", 2, 2, PLAIN_HDR "\nbody\n", "max_headers"},
	    {"max_addresses commas", 3, 2,
	        "From: a@x.org\nTo: b@x.org, c@x.org,\n d@x.org\n\nx\n",
	        "max_addresses"},
	    {"max_addresses over headers", 3, 2,
	        "From: a@x.org\nTo: b@x.org\nCc: c@x.org\n\nx\n",
	        "max_addresses"},
	    {"max_depth", 4, 2,
	        "From: a@x.org\nContent-Type: multipart/mixed; boundary=a\n\n"
	        "--a\nContent-Type: multipart/mixed; boundary=b\n\n"
	        "--b\nContent-Type: multipart/mixed; boundary=c\n\n--c\n\nx\n",
	        "max_depth"},
	    {"max_depth message/rfc822", 4, 1,
	        "From: a@x.org\nContent-Type: multipart/mixed; boundary=a\n\n"
	        "--a\nContent-Type: message/rfc822\n\nFrom: b@x.org\n\nx\n"
	        "--a--\n",
	        "max_depth"},
	    {"max_parts", 5, 2,
	        "From: a@x.org\nContent-Type: multipart/mixed; boundary=a\n\n"
	        "--a\n\n1\n--a\n\n2\n--a\n\n3\n--a--\n",
	        "max_parts"},
	};
	struct mime_limits lim;
	struct msg *m;
	size_t i, *f;
	int rc;

	for (i = 0; i < sizeof(lc) / sizeof(lc[0]); i++) {
		struct buf why = BUF_INIT(256);

		mime_limits_default(&lim);
		f = (size_t *[]){&lim.max_bytes, &lim.max_header_bytes,
		    &lim.max_headers, &lim.max_addresses, &lim.max_depth,
		    &lim.max_parts}[lc[i].field];
		/* the same message passes with the default limits */
		m = NULL;
		rc = mime_parse(lc[i].in, strlen(lc[i].in), &lim, &m, &why);
		T_INT(lc[i].name, rc, 0);
		msg_free(m);
		*f = lc[i].value;
		m = NULL;
		rc = mime_parse(lc[i].in, strlen(lc[i].in), &lim, &m, &why);
		T_INT(lc[i].name, rc, E_LIMIT);
		T_OK(lc[i].name, m == NULL);
		T_OK(lc[i].name, strstr(buf_cstr(&why), lc[i].why) != NULL);
		if (strstr(buf_cstr(&why), lc[i].why) == NULL)
			printf("%s: why=%s\n", lc[i].name, buf_cstr(&why));
		buf_release(&why);
	}
}

static void
test_errors(void)
{
	static const char nul_hdr[] = "From: a@x.org\nSubject: a\0b\n\nx\n";
	struct buf why = BUF_INIT(256);
	struct mime_limits lim;
	struct msg *m = NULL;
	int rc;

	rc = mime_parse(nul_hdr, sizeof(nul_hdr) - 1, NULL, &m, &why);
	T_INT("nul in header", rc, E_PARSE);
	T_OK("nul in header why", strstr(buf_cstr(&why), "NUL") != NULL);
	T_OK("nul in header out", m == NULL);
	rc = mime_parse("", 0, NULL, &m, &why);
	T_INT("empty", rc, E_PARSE);
	rc = mime_parse("\nbody only\n", 11, NULL, &m, &why);
	T_INT("no header", rc, E_PARSE);
	rc = mime_parse("\nbody", 5, NULL, &m, NULL);
	T_INT("no why", rc, E_PARSE);
	mime_limits_default(&lim);
	lim.max_depth = 100000;
	rc = mime_parse("From: a@x\n\nx\n", 13, &lim, &m, &why);
	T_INT("absurd max_depth", rc, E_LIMIT);
	buf_release(&why);
	msg_free(NULL);
}

/* deep nesting: refused by the prescan, fast (libetpan is quadratic) */
static void
test_deep(void)
{
	struct buf why = BUF_INIT(256);
	struct msg *m = NULL;
	clock_t t0;
	double secs;
	char *s;
	int rc, k;

	for (k = 0; k < 2; k++) {
		s = nest(20000, k == 0);
		t0 = clock();
		rc = mime_parse(s, strlen(s), NULL, &m, &why);
		secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
		T_INT(
		    k == 0 ? "deep rc" : "deep no delimiters rc", rc, E_LIMIT);
		T_OK("deep why", strstr(buf_cstr(&why), "max_depth") != NULL);
		T_OK("deep fast", secs < 0.5);
		free(s);
	}
	/* exactly at the limit still parses */
	s = nest(20, true);
	rc = mime_parse(s, strlen(s), NULL, &m, &why);
	T_INT("depth 20 rc", rc, 0);
	if (m != NULL)
		T_STR("depth 20 text", m->text, "deep\n");
	msg_free(m);
	free(s);
	s = nest(21, true);
	rc = mime_parse(s, strlen(s), NULL, &m, &why);
	T_INT("depth 21 rc", rc, E_LIMIT);
	free(s);
	buf_release(&why);
}

/* a 10 MB message: peak RSS growth under ~4x its size (not under ASan) */
static void
test_big(void)
{
	struct buf b = BUF_INIT(11 * 1024 * 1024);
	struct rusage ru;
	struct msg *m = NULL;
	long before, after;
	size_t i;
	int rc;

	getrusage(RUSAGE_SELF, &ru);
	before = ru.ru_maxrss;
	buf_adds(&b,
	    "From: a@x.org\nContent-Type: multipart/mixed; "
	    "boundary=B\n\n--B\nContent-Type: text/plain; "
	    "charset=utf-8\n\n");
	for (i = 0; b.len < 5 * 1024 * 1024; i++)
		buf_adds(
		    &b, "All work and no play makes a dull caf\xc3\xa9.\n");
	buf_adds(&b,
	    "--B\nContent-Type: application/octet-stream\n"
	    "Content-Transfer-Encoding: base64\n\n");
	while (b.len < 10 * 1024 * 1024 - 100)
		buf_adds(&b,
		    "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlq"
		    "a2xtbm9wcXJzdHV2d3h5ejAxMjM0\n");
	buf_adds(&b, "--B--\n");
	T_INT("big built", buf_error(&b), 0);
	rc = mime_parse(b.data, b.len, NULL, &m, NULL);
	T_INT("big rc", rc, 0);
	if (m != NULL) {
		T_INT("big att", (long long)m->n_att, 1);
		T_OK("big text", strlen(m->text) > 5000000);
	}
	getrusage(RUSAGE_SELF, &ru);
	after = ru.ru_maxrss;
	printf("big: message %zu KB, peak RSS grew %ld KB\n", b.len / 1024,
	    after - before);
#if !defined(__SANITIZE_ADDRESS__)
	/* valgrind's allocator inflates RSS: check.sh sets STOA_VALGRIND */
	if (getenv("STOA_VALGRIND") == NULL)
		T_OK("big rss < 4x",
		    (size_t)(after - before) * 1024 < 4 * b.len);
#endif
	msg_free(m);
	buf_release(&b);
}

/* the html field: converted to UTF-8, NULL when there is no HTML part */
static void
test_html_field(void)
{
	struct msg *m;
	int rc;

	m = parse(PLAIN_HDR "Content-Type: text/html; charset=iso-8859-1\n"
	                    "Content-Transfer-Encoding: quoted-printable\n\n"
	                    "<p>caf=E9</p>=0D=0A<p>two</p>\n",
	    &rc);
	T_INT("html field rc", rc, 0);
	if (m != NULL) {
		T_STR(
		    "html field", m->html, "<p>caf\xc3\xa9</p>\n<p>two</p>\n");
		T_STR("html field text", m->text, "caf\xc3\xa9\n\ntwo\n");
		T_INT("html field flags", m->flags & MSG_F_HTML_ONLY,
		    MSG_F_HTML_ONLY);
	}
	msg_free(m);
	m = parse(PLAIN_HDR "\nplain\n", &rc);
	T_OK("no html field", m != NULL && m->html == NULL);
	msg_free(m);
}

int
main(void)
{
	test_big();
	run_table();
	test_fields();
	test_dates();
	test_attachments();
	test_limits();
	test_errors();
	test_deep();
	test_html_field();
	return t_done();
}

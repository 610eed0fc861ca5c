/*
 * t_compose_parse.c - every composed message parsed back with mime_parse()
 * (libetpan): the decoded fields round-trip exactly, and hostile values in
 * subjects and display names never produce a header we did not write.
 *
 * The hostile table gives, for each value, what a reader must decode from
 * the Subject and from a display name: the exact string, or REFUSED when
 * compose_message() must fail with E_PARSE (CR, LF, bad UTF-8, a display
 * name over the limit).  A NUL cannot reach compose inside a C string: a
 * value with one is cut there, which the table shows.  Runs of spaces in a
 * display name are written unchanged inside a quoted string, but libetpan
 * (like most readers) shows a phrase with each run as one space.  Every
 * accepted message is also checked line by line: CRLF only, no line over 998
 * octets, and exactly the expected header names in the expected order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "err.h"
#include "mime.h"
#include "t.h"

#define OUT_MAX (4 << 20)

static const char REFUSED_MARK[] = "(refused)";
static const char SAME_MARK[] = "(same)";
#define REFUSED REFUSED_MARK
#define SAME    SAME_MARK

static const struct out_header std_extra[] = {
    {"List-Unsubscribe", "<mailto:learn+u-abc@learn.example>"},
    {"Precedence", "list"},
    {"X-Loop", "learn@learn.example"},
};
#define N_STD_EXTRA (sizeof std_extra / sizeof std_extra[0])

/* the header names of a base_msg() with std_extra, in order */
static const char *const std_names[] = {"Date", "From", "To", "Reply-To",
    "Subject", "Message-ID", "In-Reply-To", "References", "List-Id",
    "List-Unsubscribe", "Precedence", "X-Loop", "MIME-Version", "Content-Type",
    "Content-Transfer-Encoding", NULL};

static struct outmsg
base_msg(void)
{
	struct outmsg m;

	memset(&m, 0, sizeof m);
	m.from_name = "Ana via learn";
	m.from_addr = "learn@learn.example";
	m.to_name = "Bob Example";
	m.to_addr = "bob@example.org";
	m.reply_to = "learn+r-abc@learn.example";
	m.subject = "[learn] Monads?";
	m.message_id = "stoa.42.7@learn.example";
	m.in_reply_to = "root.1@learn.example";
	m.references = "root.1@learn.example x.2@learn.example";
	m.date = 1767607200; /* 2026-01-05T10:00:00Z */
	m.text = "Hello all,\nwhat is a monad?\n";
	m.list_title = "Learning Group";
	m.list_id = "learn.learn.example";
	m.extra = std_extra;
	m.n_extra = N_STD_EXTRA;
	return m;
}

/*
 * check_lines - every line of raw ends CRLF (no bare CR or LF) and has at
 * most 998 octets.
 */
static void
check_lines(const char *label, const char *raw, size_t n)
{
	size_t i, col = 0, maxcol = 0;
	bool crlf = true;
	char name[160];

	for (i = 0; i < n; i++) {
		if (raw[i] == '\r') {
			if (i + 1 >= n || raw[i + 1] != '\n')
				crlf = false;
			else
				i++;
			if (col > maxcol)
				maxcol = col;
			col = 0;
			continue;
		}
		if (raw[i] == '\n' || raw[i] == '\0')
			crlf = false;
		col++;
	}
	if (col > maxcol)
		maxcol = col;
	snprintf(name, sizeof name, "%s: CRLF only", label);
	T_OK(name, crlf && col == 0);
	snprintf(name, sizeof name, "%s: no line over 998", label);
	T_OK(name, maxcol <= COMPOSE_MAX_LINE);
}

/* check_names - the message's top-level header names are exactly want. */
static void
check_names(const char *label, const struct msg *pm, const char *const *want)
{
	char name[160], got[1024], exp[1024];
	size_t i, g = 0, e = 0;

	got[0] = exp[0] = '\0';
	for (i = 0; i < pm->n_hdr; i++)
		g += (size_t)snprintf(got + g,
		    g < sizeof got ? sizeof got - g : 0, "%s,",
		    pm->hdr[i].name);
	for (i = 0; want[i] != NULL; i++)
		e += (size_t)snprintf(exp + e,
		    e < sizeof exp ? sizeof exp - e : 0, "%s,", want[i]);
	snprintf(name, sizeof name, "%s: header set", label);
	T_STR(name, got, exp);
}

/*
 * compose_parse - compose m, check its lines, parse it back into *pm.
 * Returns compose_message()'s result; *pm is NULL unless it returned 0.
 */
static int
compose_parse(const char *label, const struct outmsg *m, struct msg **pm)
{
	struct buf out = BUF_INIT(OUT_MAX), why = BUF_INIT(256);
	char name[160];
	int rc;

	*pm = NULL;
	rc = compose_message(m, &out, &why);
	if (rc == 0) {
		check_lines(label, out.data, out.len);
		snprintf(name, sizeof name, "%s: parse", label);
		T_INT(name, mime_parse(out.data, out.len, NULL, pm, &why), 0);
	}
	buf_release(&out);
	buf_release(&why);
	return rc;
}

/* ---- round trips ------------------------------------------------------ */

static void
check_common(const char *label, const struct outmsg *m, const struct msg *pm)
{
	char name[160];
	size_t i;

	snprintf(name, sizeof name, "%s: Message-ID", label);
	T_STR(name, pm->message_id, m->message_id);
	snprintf(name, sizeof name, "%s: From address", label);
	T_STR(name, pm->from.email, m->from_addr);
	snprintf(name, sizeof name, "%s: To count", label);
	T_INT(name, (long long)pm->n_to, 1);
	if (pm->n_to == 1) {
		snprintf(name, sizeof name, "%s: To address", label);
		T_STR(name, pm->to[0].email, m->to_addr);
	}
	snprintf(name, sizeof name, "%s: Reply-To", label);
	T_STR(name, msg_header(pm, "Reply-To"), m->reply_to);
	snprintf(name, sizeof name, "%s: Date", label);
	T_INT(name, pm->date, m->date);
	snprintf(name, sizeof name, "%s: no flags", label);
	T_INT(name, pm->flags, 0);
	for (i = 0; i < m->n_extra; i++) {
		snprintf(name, sizeof name, "%s: %s", label, m->extra[i].name);
		T_STR(
		    name, msg_header(pm, m->extra[i].name), m->extra[i].value);
	}
}

static void
test_roundtrip_plain(void)
{
	struct outmsg m = base_msg();
	struct msg *pm;

	T_INT("plain: compose", compose_parse("plain", &m, &pm), 0);
	if (pm == NULL)
		return;
	check_common("plain", &m, pm);
	check_names("plain", pm, std_names);
	T_STR("plain: Subject", pm->subject, m.subject);
	T_STR("plain: From name", pm->from.name, m.from_name);
	T_STR("plain: To name", pm->to[0].name, m.to_name);
	T_STR("plain: In-Reply-To", pm->in_reply_to, "root.1@learn.example");
	T_INT("plain: References", (long long)pm->n_references, 2);
	if (pm->n_references == 2) {
		T_STR("plain: References 1", pm->references[0],
		    "root.1@learn.example");
		T_STR("plain: References 2", pm->references[1],
		    "x.2@learn.example");
	}
	T_STR("plain: text", pm->text, m.text);
	T_OK("plain: no html", pm->html == NULL);
	msg_free(pm);
}

static void
test_roundtrip_multipart(void)
{
	static const char *const names[] = {"Date", "From", "To", "Reply-To",
	    "Subject", "Message-ID", "In-Reply-To", "References", "List-Id",
	    "List-Unsubscribe", "Precedence", "X-Loop", "MIME-Version",
	    "Content-Type", NULL};
	struct outmsg m = base_msg();
	struct msg *pm;

	m.from_name = "Ana Núñez via learn";
	m.to_name = "Zoë \"Z\" O'Brien";
	m.subject = "Re: [learn] Résumé of the «monad» thread — 第二部 🎉";
	m.text = "Café é\n\nA line with trailing space \n"
	         "From the start\n.dot\n=equals\n";
	m.html = "<p>Caf&eacute; — <b>bold</b></p>\n<p>第二部</p>\n";
	T_INT("multipart: compose", compose_parse("multipart", &m, &pm), 0);
	if (pm == NULL)
		return;
	check_common("multipart", &m, pm);
	check_names("multipart", pm, names);
	T_STR("multipart: Subject", pm->subject, m.subject);
	T_STR("multipart: From name", pm->from.name, m.from_name);
	T_STR("multipart: To name", pm->to[0].name, m.to_name);
	T_STR("multipart: text", pm->text, m.text);
	T_STR("multipart: html", pm->html, m.html);
	T_INT("multipart: no attachments", (long long)pm->n_att, 0);
	msg_free(pm);
}

/* parts (files, an invite) after a text and HTML body parse back whole */
static void
test_roundtrip_parts(void)
{
	static const char bin[] = "\x00\x01\xff binary\r\n=_m--\x00";
	static const char cal[] = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n";
	const struct out_part parts[] = {
	    {"application/octet-stream", "notes ü.bin", bin, sizeof bin - 1},
	    {"text/calendar; method=REQUEST; charset=utf-8", "invite.ics", cal,
	        sizeof cal - 1}};
	const struct out_part bad = {"text/plain\"; x=\"", "a", "a", 1};
	struct outmsg m = base_msg();
	struct msg *pm;
	struct buf out = BUF_INIT(OUT_MAX), why = BUF_INIT(256);

	m.html = "<p>Hello</p>\n";
	m.parts = parts;
	m.n_parts = 2;
	T_INT("parts: compose", compose_parse("parts", &m, &pm), 0);
	if (pm == NULL)
		return;
	T_STR("parts: text", pm->text, m.text);
	/* the reader may drop the HTML's last line end inside the mix */
	T_OK("parts: html",
	    pm->html != NULL &&
	        strncmp(pm->html, m.html, strlen(m.html) - 1) == 0);
	T_INT("parts: two files", (long long)pm->n_att, 2);
	if (pm->n_att == 2) {
		T_STR("parts: name", pm->att[0].name, "notes___.bin");
		T_INT(
		    "parts: size", (long long)pm->att[0].size, sizeof bin - 1);
		T_OK("parts: data",
		    pm->att[0].data != NULL &&
		        memcmp(pm->att[0].data, bin, sizeof bin - 1) == 0);
		T_STR("parts: calendar type", pm->att[1].type, "text/calendar");
		T_OK("parts: calendar",
		    pm->att[1].data != NULL &&
		        memcmp(pm->att[1].data, cal, sizeof cal - 1) == 0);
	}
	msg_free(pm);
	m.parts = &bad;
	m.n_parts = 1;
	T_INT("parts: a bad type refused", compose_message(&m, &out, &why),
	    E_PARSE);
	buf_release(&out);
	buf_release(&why);
}

static void
test_roundtrip_long(void)
{
	struct buf refs = BUF_INIT(1 << 16), subj = BUF_INIT(1 << 16);
	struct buf text = BUF_INIT(1 << 16);
	struct outmsg m = base_msg();
	struct msg *pm;
	char name[64];
	size_t i;
	int k;

	/* 30 references fold over many lines; a long subject folds too */
	for (k = 0; k < 30; k++)
		buf_addf(&refs, "%sref.%d.abcdefghij@learn.example",
		    k > 0 ? " " : "", k);
	for (k = 0; k < 40; k++)
		buf_addf(&subj, "%sword%d", k > 0 ? " " : "", k);
	/* a body line of 3000 bytes and non-ASCII: quoted-printable */
	for (k = 0; k < 1000; k++)
		buf_adds(&text, "ab\xc3\xa9");
	buf_adds(&text, "\nend\n");
	m.references = buf_cstr(&refs);
	m.subject = buf_cstr(&subj);
	m.text = buf_cstr(&text);
	m.in_reply_to = NULL;
	T_INT("long: compose", compose_parse("long", &m, &pm), 0);
	if (pm != NULL) {
		check_common("long", &m, pm);
		T_STR("long: Subject", pm->subject, m.subject);
		T_OK("long: no In-Reply-To", pm->in_reply_to == NULL);
		T_INT("long: References", (long long)pm->n_references, 30);
		for (i = 0; i < pm->n_references && i < 30; i++) {
			snprintf(name, sizeof name,
			    "ref.%zu.abcdefghij@learn.example", i);
			T_STR("long: References i", pm->references[i], name);
		}
		T_STR("long: text", pm->text, m.text);
		msg_free(pm);
	}
	buf_release(&refs);
	buf_release(&subj);
	buf_release(&text);
}

/* ---- hostile values ---------------------------------------------------- */

struct hcase {
	const char *label;
	const char *value;
	const char *subject; /* decoded Subject, or REFUSED */
	const char *name;    /* decoded display name, SAME, or REFUSED */
};

static char long_word[2001];    /* 2000 x 'x', no space */
static char long_utf8[4001];    /* 2000 x U+00E9 */
static char long_998[999];      /* 998 x 'a' */
static char long_spaced[1201];  /* words of 99 + space */
static char long_encword[2101]; /* "=?utf-8?q?" over and over */
static char long_crlf[1003];    /* 1000 x 'a' then CRLF */
static char name_800[801];      /* the display name limit exactly */
static char name_801[802];      /* one over */

static void
fill_long(void)
{
	size_t i;

	memset(long_word, 'x', 2000);
	for (i = 0; i < 2000; i++)
		memcpy(long_utf8 + 2 * i, "\xc3\xa9", 2);
	memset(long_998, 'a', 998);
	for (i = 0; i < 1200; i++)
		long_spaced[i] = i % 100 == 99 ? ' ' : (char)('a' + i % 26);
	long_spaced[1199] = 'z';
	for (i = 0; i + 10 <= 2100; i += 10)
		memcpy(long_encword + i, "=?utf-8?q?", 10);
	memset(long_crlf, 'a', 1000);
	memcpy(long_crlf + 1000, "\r\n", 2);
	memset(name_800, 'n', 800);
	memset(name_801, 'n', 801);
}

/* clang-format off */
static const struct hcase hcases[] = {
	/* raw line breaks: refused everywhere */
	{"CR", "a\rX-Evil: 1", REFUSED, REFUSED},
	{"LF", "a\nX-Evil: 1", REFUSED, REFUSED},
	{"CRLF", "a\r\nX-Evil: 1", REFUSED, REFUSED},
	{"CRLF alone", "\r\n", REFUSED, REFUSED},
	{"CRLFCRLF body", "a\r\n\r\nbody", REFUSED, REFUSED},
	{"LF continuation", "a\n X-Evil: 1", REFUSED, REFUSED},
	{"trailing LF", "subject\n", REFUSED, REFUSED},
	{"leading LF", "\nX-Evil: 1", REFUSED, REFUSED},
	{"LFCR", "a\n\rX-Evil: 1", REFUSED, REFUSED},
	{"CR after UTF-8", "caf\xc3\xa9\rX-Evil: 1", REFUSED, REFUSED},
	{"1000 chars then CRLF", long_crlf, REFUSED, REFUSED},
	/* NUL ends a C string: the rest never reaches compose */
	{"NUL then CRLF", "a\0\r\nX-Evil: 1", "a", SAME},
	{"NUL first", "\0X-Evil: 1", "", SAME},
	/* encoded words that decode to line breaks: written as text */
	{"Q word CRLF", "=?utf-8?q?a=0D=0AX-Evil:_1?=",
	    "=?utf-8?q?a=0D=0AX-Evil:_1?=", SAME},
	{"B word CRLF", "=?utf-8?b?YQ0KWC1FdmlsOiAx?=",
	    "=?utf-8?b?YQ0KWC1FdmlsOiAx?=", SAME},
	{"Q word LF only", "=?UTF-8?Q?=0A?=", "=?UTF-8?Q?=0A?=", SAME},
	{"Q word in text", "x =?utf-8?q?a=0AX-Evil:_1?= y",
	    "x =?utf-8?q?a=0AX-Evil:_1?= y", SAME},
	{"Q word latin1", "=?iso-8859-1?q?=E9?=", "=?iso-8859-1?q?=E9?=", SAME},
	{"Q word U+2028", "=?utf-8?q?a=E2=80=A8b?=", "=?utf-8?q?a=E2=80=A8b?=",
	    SAME},
	{"bare =?", "=?", "=?", SAME},
	{"bare ?=", "?=", "?=", SAME},
	{"=?=?=?", "=?=?=?", "=?=?=?", SAME},
	{"=? in word", "a=?b", "a=?b", SAME},
	{"encoded words 2100", long_encword, long_encword, REFUSED},
	/* Unicode line and paragraph separators, NEL: a space */
	{"U+2028", "a\xe2\x80\xa8X-Evil: 1", "a X-Evil: 1", SAME},
	{"U+2029", "a\xe2\x80\xa9X-Evil: 1", "a X-Evil: 1", SAME},
	{"U+0085", "a\xc2\x85X-Evil: 1", "a X-Evil: 1", SAME},
	{"U+2028 alone", "\xe2\x80\xa8", "", SAME},
	{"U+2028 x3", "a\xe2\x80\xa8\xe2\x80\xa8\xe2\x80\xa8" "b", "a   b",
	    "a b"},
	/* other control characters: a space */
	{"tab", "a\tb", "a b", SAME},
	{"leading tab", "\tX-Evil: 1", "X-Evil: 1", SAME},
	{"VT", "a\vb", "a b", SAME},
	{"FF", "a\fb", "a b", SAME},
	{"ESC", "a\x1b[31mred", "a [31mred", SAME},
	{"DEL", "a\x7f" "b", "a b", SAME},
	{"BEL BS", "a\x07\x08" "b", "a  b", "a b"},
	{"C1 CSI", "a\xc2\x9b" "31m", "a 31m", SAME},
	/* long values: folded or encoded, never a line over 998 */
	{"2000-char word", long_word, long_word, REFUSED},
	{"2000 x e-acute", long_utf8, long_utf8, REFUSED},
	{"998 chars", long_998, long_998, REFUSED},
	{"1200 spaced", long_spaced, long_spaced, REFUSED},
	{"800-byte name", name_800, name_800, SAME},
	{"801-byte name", name_801, name_801, REFUSED},
	/* bad UTF-8: refused */
	{"0xFF", "a\xff" "b", REFUSED, REFUSED},
	{"lone high surrogate", "a\xed\xa0\x80" "b", REFUSED, REFUSED},
	{"lone low surrogate", "\xed\xbf\xbf", REFUSED, REFUSED},
	{"overlong slash", "\xc0\xaf", REFUSED, REFUSED},
	{"overlong CRLF", "a\xc0\x8d\xc0\x8aX-Evil: 1", REFUSED, REFUSED},
	{"truncated sequence", "\xe2\x82", REFUSED, REFUSED},
	{"above U+10FFFF", "\xf4\x90\x80\x80", REFUSED, REFUSED},
	{"latin1 byte", "caf\xe9", REFUSED, REFUSED},
	/* specials in display names */
	{"quotes", "Ana \"The Boss\" N", "Ana \"The Boss\" N", SAME},
	{"backslash", "a\\b", "a\\b", SAME},
	{"backslash quote", "\\\"", "\\\"", SAME},
	{"lone quote", "\"", "\"", SAME},
	{"trailing backslash", "Eve\\", "Eve\\", SAME},
	{"angle address", "Eve <evil@evil.example>", "Eve <evil@evil.example>",
	    SAME},
	{"address as name", "evil@evil.example", "evil@evil.example", SAME},
	{"comma list", "a, b <c@evil.example>, d", "a, b <c@evil.example>, d",
	    SAME},
	{"parentheses", "Bob (admin)", "Bob (admin)", SAME},
	{"specials", ";:@[]<>,.", ";:@[]<>,.", SAME},
	{"header text", "X-Evil: 1", "X-Evil: 1", SAME},
	{"Bcc text", "Bcc: all@evil.example", "Bcc: all@evil.example", SAME},
	{"colon first", ": x", ": x", SAME},
	{"Q specials", "_?= =?_", "_?= =?_", SAME},
	/* Unicode that is not a line break: kept */
	{"emoji", "\xf0\x9f\x8e\x89 party \xf0\x9f\x8e\x89",
	    "\xf0\x9f\x8e\x89 party \xf0\x9f\x8e\x89", SAME},
	{"ZWJ family",
	    "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d"
	    "\xf0\x9f\x91\xa7",
	    "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d"
	    "\xf0\x9f\x91\xa7", SAME},
	{"RTL override", "\xe2\x80\xae" "evil.exe", "\xe2\x80\xae" "evil.exe",
	    SAME},
	{"BOM", "\xef\xbb\xbfhi", "\xef\xbb\xbfhi", SAME},
	{"combining", "e\xcc\x81", "e\xcc\x81", SAME},
	{"CJK", "\xe7\xac\xac\xe4\xba\x8c", "\xe7\xac\xac\xe4\xba\x8c", SAME},
	/* whitespace */
	{"outer spaces", "   a b   ", "a b", SAME},
	{"double space", "a  b", "a  b", "a b"},
	{"empty", "", "", SAME},
	{"spaces only", "   ", "", SAME},
};
/* clang-format on */
#define N_HCASES (sizeof hcases / sizeof hcases[0])

enum place { P_SUBJECT, P_FROM, P_TO };

static void
run_hostile(const struct hcase *c, enum place where)
{
	static const char *const wn[] = {"subject", "from", "to"};
	struct outmsg m = base_msg();
	struct msg *pm;
	const char *want;
	char label[160], name[200];
	int rc;

	want = where == P_SUBJECT ? c->subject : c->name;
	if (want == SAME)
		want = c->subject;
	if (where == P_SUBJECT)
		m.subject = c->value;
	else if (where == P_FROM)
		m.from_name = c->value;
	else
		m.to_name = c->value;
	snprintf(label, sizeof label, "hostile %s in %s", c->label, wn[where]);
	rc = compose_parse(label, &m, &pm);
	if (want == REFUSED) {
		snprintf(name, sizeof name, "%s: refused", label);
		T_INT(name, rc, E_PARSE);
		msg_free(pm);
		return;
	}
	snprintf(name, sizeof name, "%s: compose", label);
	T_INT(name, rc, 0);
	if (pm == NULL)
		return;
	check_names(label, pm, std_names);
	check_common(label, &m, pm);
	snprintf(name, sizeof name, "%s: decoded", label);
	if (where == P_SUBJECT)
		T_STR(name, pm->subject, want);
	else if (where == P_FROM)
		T_STR(name, pm->from.name, want);
	else if (pm->n_to == 1)
		T_STR(name, pm->to[0].name, want);
	if (where != P_SUBJECT) {
		snprintf(name, sizeof name, "%s: Subject untouched", label);
		T_STR(name, pm->subject, "[learn] Monads?");
	}
	snprintf(name, sizeof name, "%s: no X-Evil", label);
	T_OK(name, msg_header(pm, "X-Evil") == NULL);
	snprintf(name, sizeof name, "%s: text untouched", label);
	T_STR(name, pm->text, m.text);
	msg_free(pm);
}

static void
test_hostile(void)
{
	size_t i;

	fill_long();
	T_OK("at least 50 hostile values", N_HCASES >= 50);
	for (i = 0; i < N_HCASES; i++) {
		run_hostile(&hcases[i], P_SUBJECT);
		run_hostile(&hcases[i], P_FROM);
		run_hostile(&hcases[i], P_TO);
	}
}

/*
 * Hostile values in the extra headers and ids: CR/LF refused, encoded
 * words kept literal, no new header.
 */
static void
test_hostile_extra(void)
{
	static const struct {
		const char *value;
		const char *want; /* decoded, or REFUSED */
	} xc[] = {
	    {"learn <learn.learn.example>\r\nX-Evil: 1", REFUSED},
	    {"learn\nX-Evil: 1", REFUSED},
	    {"=?utf-8?q?learn=0D=0AX-Evil:_1?=",
	        "=?utf-8?q?learn=0D=0AX-Evil:_1?="},
	    {"learn\xe2\x80\xa8X-Evil: 1", "learn X-Evil: 1"},
	    {"Gr\xc3\xbcppe <learn.learn.example>",
	        "Gr\xc3\xbcppe <learn.learn.example>"},
	};
	/*
	 * ids: CR/LF and anything outside dot-atom-text refused; "=?" is
	 * atext, and a reader never decodes inside <>, so such an id is
	 * kept as written (last row).
	 */
	static const struct {
		const char *irt, *refs;
		int rc;
	} ic[] = {
	    {"a@b\r\nX-Evil: 1", NULL, E_PARSE},
	    {"a@b>\nX-Evil: 1", NULL, E_PARSE},
	    {NULL, "a@b c@d\r\nX-Evil: 1", E_PARSE},
	    {"a@b> X-Evil: <c@d", NULL, E_PARSE},
	    {"a@b c@d", NULL, E_PARSE},
	    {NULL, "a@b <c@d", E_PARSE},
	    {"\xc3\xa9@b", NULL, E_PARSE},
	    {NULL, "a@b (x)@d", E_PARSE},
	    {NULL, "a@b =?utf-8?q?=0A?=@x", 0},
	};
	struct out_header ex[N_STD_EXTRA];
	struct outmsg m;
	struct msg *pm;
	char label[64], name[128];
	size_t i;
	int rc;

	for (i = 0; i < sizeof xc / sizeof xc[0]; i++) {
		memcpy(ex, std_extra, sizeof ex);
		ex[0].value = xc[i].value;
		m = base_msg();
		m.extra = ex;
		snprintf(label, sizeof label, "extra header %zu", i);
		rc = compose_parse(label, &m, &pm);
		snprintf(name, sizeof name, "%s: result", label);
		T_INT(name, rc, xc[i].want == REFUSED ? E_PARSE : 0);
		if (pm == NULL)
			continue;
		check_names(label, pm, std_names);
		snprintf(name, sizeof name, "%s: decoded", label);
		T_STR(name, msg_header(pm, "List-Unsubscribe"), xc[i].want);
		msg_free(pm);
	}
	for (i = 0; i < sizeof ic / sizeof ic[0]; i++) {
		m = base_msg();
		if (ic[i].irt != NULL)
			m.in_reply_to = ic[i].irt;
		if (ic[i].refs != NULL)
			m.references = ic[i].refs;
		snprintf(label, sizeof label, "hostile id %zu", i);
		rc = compose_parse(label, &m, &pm);
		snprintf(name, sizeof name, "%s: result", label);
		T_INT(name, rc, ic[i].rc);
		if (pm == NULL)
			continue;
		check_names(label, pm, std_names);
		T_INT("hostile id: References", (long long)pm->n_references, 2);
		if (pm->n_references == 2)
			T_STR("hostile id: literal", pm->references[1],
			    "=?utf-8?q?=0A?=@x");
		msg_free(pm);
	}
	/* a reserved or malformed extra header name */
	memcpy(ex, std_extra, sizeof ex);
	ex[1].name = "Bcc";
	m = base_msg();
	m.extra = ex;
	T_INT(
	    "extra Bcc refused", compose_parse("extra Bcc", &m, &pm), E_PARSE);
	msg_free(pm);
	ex[1].name = "X-Evil: 1\r\nX-More";
	T_INT("extra name CRLF refused",
	    compose_parse("extra name CRLF", &m, &pm), E_PARSE);
	msg_free(pm);
}

/*
 * test_list_id - the list title in List-Id is a phrase: specials quoted,
 * non-ASCII encoded, CR/LF refused, so the header carries exactly one
 * <label> outside quotes (r21).
 */
static void
test_list_id(void)
{
	static const struct {
		const char *title, *want;
	} t[] = {
	    {"Learning Group", "Learning Group <learn.learn.example>"},
	    {"Evil \"quoted\" <x@y> , z",
	        "\"Evil \\\"quoted\\\" <x@y> , z\" <learn.learn.example>"},
	    {"Gr\xc3\xbcppe <x@y>",
	        "Gr\xc3\xbcppe <x@y> <learn.learn.example>"},
	    {"", "<learn.learn.example>"},
	    {"Evil\r\nBcc: v@x", REFUSED},
	};
	struct outmsg m;
	struct msg *pm;
	char name[128];
	size_t i;
	int rc;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		m = base_msg();
		m.list_title = t[i].title;
		snprintf(name, sizeof name, "list title %zu", i);
		rc = compose_parse(name, &m, &pm);
		T_INT(name, rc, t[i].want == REFUSED ? E_PARSE : 0);
		if (pm == NULL)
			continue;
		T_STR(name, msg_header(pm, "List-Id"), t[i].want);
		msg_free(pm);
	}
	m = base_msg();
	m.list_id = "learn>.x";
	T_INT("bad list label", compose_parse("label", &m, &pm), E_PARSE);
	msg_free(pm);
}

int
main(void)
{
	test_roundtrip_plain();
	test_roundtrip_multipart();
	test_roundtrip_parts();
	test_roundtrip_long();
	test_hostile();
	test_hostile_extra();
	test_list_id();
	return t_done();
}

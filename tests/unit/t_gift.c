/*
 * t_gift.c - the GIFT subset and the member form.  Each good input is
 * described as one line per question:
 *	KIND|title|topic|text|answers|general
 * with answers as "=text#feedback" / "~text" joined by ";" and "-" for a
 * missing field; each bad input must give exactly the listed errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "gift.h"
#include "t.h"

struct gcase {
	const char *name;
	const char *in;
	int rc;
	const char *want; /* description, or the error lines */
};

static const struct gcase cases[] = {
    {"choice", "Who's buried in Grant's tomb?{~Grant ~Jefferson =no one}", 0,
        "C|-|-|Who's buried in Grant's tomb?|~Grant;~Jefferson;=no one|-"},
    {"title feedback general",
        "::Q1:: What is 2+2? {\n=4 #Right.\n~3 #Count again.\n~5\n#### "
        "Two pairs.}",
        0, "C|Q1|-|What is 2+2?|=4#Right.;~3#Count again.;~5|Two pairs."},
    {"true", "The sun is a star.{T}", 0,
        "T|-|-|The sun is a star.|=True;~False|-"},
    {"false feedback",
        "::tf::The moon is a planet.{FALSE#No, look again.#Yes, a "
        "satellite.}",
        0,
        "T|tf|-|The moon is a planet.|~True#No, look again.;=False#Yes, a "
        "satellite.|-"},
    {"true word", "Water is wet {TRUE####Always.}", 0,
        "T|-|-|Water is wet|=True;~False|Always."},
    {"short", "Two plus two?{=four =4 =vier}", 0,
        "S|-|-|Two plus two?|=four;=4;=vier|-"},
    {"category comments",
        "// a file\n$CATEGORY: $course$/Networking\n\n// q\n::a::Port of "
        "HTTP?{=80}\n\n::b::Port of SSH?{=22}\n",
        0,
        "S|a|$course$/Networking|Port of HTTP?|=80|-\nS|b|$course$/"
        "Networking|Port of SSH?|=22|-"},
    {"escapes", "::x\\:y::Is 1\\=1 \\{really\\}?{=yes \\#1 ~no\\~}", 0,
        "C|x:y|-|Is 1=1 {really}?|=yes #1;~no~|-"},
    {"missing word", "Grant is {~buried =entombed ~living} in Grant's tomb.", 0,
        "C|-|-|Grant is _____ in Grant's tomb.|~buried;=entombed;~living|-"},
    {"format marker", "[plain]Say hi{=hi}", 0, "S|-|-|Say hi|=hi|-"},
    {"crlf", "::c::Q?\r\n{=a\r\n~b}\r\n", 0, "C|c|-|Q?|=a;~b|-"},
    {"no block", "Just text", E_PARSE, "1: no answer block {...}\n"},
    {"unbalanced", "Q {=a ~b", E_PARSE, "1: { without }\n"},
    {"stray close", "Q } {=a}", E_PARSE, "1: } without {\n"},
    {"nested", "Q {=a {~b}}", E_PARSE, "1: { inside an answer block\n"},
    {"two blocks", "Q {=a ~b} and {=c}", E_PARSE,
        "1: more than one answer block, or a stray }\n"},
    {"two right", "Q {=a =b ~c}", E_PARSE,
        "1: a multiple choice question needs exactly one right answer (=)\n"},
    {"no right", "Q {~a ~b}", E_PARSE, "1: no right answer (=)\n"},
    {"weights", "Q {=a ~%50%b}", E_PARSE,
        "1: answer weights (%...%) are not supported\n"},
    {"matching", "Q {=a -> 1 =b -> 2}", E_PARSE,
        "1: matching questions (->) are not supported\n"},
    {"numerical", "Q {#3.14:0.01}", E_PARSE,
        "1: numerical questions ({#...}) are not supported\n"},
    {"essay", "Q {}", E_PARSE, "1: essay questions ({}) are not supported\n"},
    {"no text", "::t::{=a}", E_PARSE, "1: the question has no text\n"},
    {"title open", "::t Q {=a}", E_PARSE,
        "1: the title is not closed with ::\n"},
    {"empty answer", "Q {=a ~ }", E_PARSE, "1: an answer is empty\n"},
    {"bad start", "Q { a =b}", E_PARSE,
        "1: an answer must start with = (right) or ~ (wrong)\n"},
    {"tf three", "Q {T#a#b#c}", E_PARSE,
        "1: true/false takes at most two feedbacks\n"},
    {"every bad question",
        "Good?{=yes}\n\nBad one {~a ~b}\n\n// c\nAlso good {T}\n\nBad "
        "two\n{=a =b ~c}\n",
        E_PARSE,
        "3: no right answer (=)\n8: a multiple choice question needs "
        "exactly one right answer (=)\n"},
    {"empty file", "// only a comment\n\n", E_PARSE,
        "1: no question in the file\n"},
};

static void
describe_answers(struct buf *b, const struct gift_question *q)
{
	size_t i;

	for (i = 0; i < q->n_answers; i++) {
		buf_addf(b, "%s%c%s", i > 0 ? ";" : "",
		    q->answers[i].right ? '=' : '~', q->answers[i].text);
		if (q->answers[i].feedback != NULL)
			buf_addf(b, "#%s", q->answers[i].feedback);
	}
}

static char *
describe(const struct gift_question *q, size_t n)
{
	struct buf b = BUF_INIT(1 << 20);
	size_t i;

	for (i = 0; i < n; i++) {
		buf_addf(&b, "%s%c|%s|%s|%s|", i > 0 ? "\n" : "",
		    "CTS"[q[i].kind], q[i].title ? q[i].title : "-",
		    q[i].topic ? q[i].topic : "-", q[i].text);
		describe_answers(&b, &q[i]);
		buf_addf(&b, "|%s", q[i].general ? q[i].general : "-");
	}
	return buf_detach(&b);
}

static void
table(void)
{
	struct gift_set set = GIFT_SET_INIT;
	struct buf err = BUF_INIT(1 << 16);
	size_t i;
	char *got;
	int rc;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		buf_reset(&err);
		rc = gift_parse(cases[i].in, strlen(cases[i].in), &set, &err);
		T_INT(cases[i].name, rc, cases[i].rc);
		got = rc == 0 ? describe(set.q, set.n) : buf_detach(&err);
		T_STR(cases[i].name, got, cases[i].want);
		if (rc != 0)
			T_INT(cases[i].name, (long long)set.n, 0);
		free(got);
		gift_set_release(&set);
	}
	buf_release(&err);
}

/* limits - NUL, broken UTF-8, a huge file, 1,000 answers. */
static void
limits(void)
{
	struct gift_set set = GIFT_SET_INIT;
	struct buf err = BUF_INIT(1 << 16), big = BUF_INIT(GIFT_MAX_BYTES + 2);
	static const char nul[] = "Q {=a}\n\nR\0 {=b}";
	int i;

	T_INT("nul", gift_parse(nul, sizeof nul - 1, &set, &err), E_PARSE);
	T_STR("nul", buf_cstr(&err), "3: NUL byte in the file\n");
	buf_reset(&err);
	T_INT("utf8", gift_parse("Q\xff {=a}", 8, &set, &err), E_PARSE);
	T_STR("utf8", buf_cstr(&err), "1: not UTF-8 text\n");
	buf_reset(&err);
	buf_adds(&big, "Q {=a ");
	for (i = 0; i < 1000; i++)
		buf_adds(&big, "~x ");
	buf_adds(&big, "}");
	T_INT(
	    "1000 answers", gift_parse(big.data, big.len, &set, &err), E_PARSE);
	T_STR("1000 answers", buf_cstr(&err),
	    "1: too many answers (27, at most 26)\n");
	buf_reset(&err);
	while (big.len <= GIFT_MAX_BYTES)
		buf_adds(&big, "x");
	T_INT("too big", gift_parse(big.data, big.len, &set, &err), E_LIMIT);
	T_INT("too big empty", (long long)set.n, 0);
	buf_reset(&err);
	buf_reset(&big);
	while (big.len <= GIFT_MAX_TEXT)
		buf_adds(&big, "long text ");
	buf_adds(&big, "{=a}");
	T_INT("long question", gift_parse(big.data, big.len, &set, &err),
	    E_PARSE);
	T_STR("long question", buf_cstr(&err), "1: the question is too long\n");
	buf_release(&big);
	buf_release(&err);
}

struct fcase {
	const char *name;
	const char *in;
	int rc;
	const char *want;
};

static const struct fcase forms[] = {
    {"form choice",
        "Q: Which port does HTTPS use?\nA) 80\nB) 443\nC) 22\nAnswer: B\nWhy: "
        "TLS on 443.\nIt is the default.",
        0,
        "C|-|-|Which port does HTTPS use?|~80;=443;~22|TLS on 443. It is "
        "the default."},
    {"form lower dots", "question: Pick one\na. x\nb. y\nanswer: a)", 0,
        "C|-|-|Pick one|=x;~y|-"},
    {"form tf", "Q: Fish can fly.\nAnswer: false\nTopic: Biology", 0,
        "T|-|Biology|Fish can fly.|~True;=False|-"},
    {"form short", "Q: Capital of France?\nAnswer: Paris | paris city", 0,
        "S|-|-|Capital of France?|=Paris;=paris city|-"},
    {"form multi-line q", "Q: Which one\nis right?\nA) me\nB) you\nAnswer: A",
        0, "C|-|-|Which one is right?|=me;~you|-"},
    {"form no q", "A) x\nB) y\nAnswer: A", E_PARSE,
        "no question: start it with Q:"},
    {"form no answer", "Q: x?\nA) x\nB) y", E_PARSE, "no Answer: line"},
    {"form bad letter", "Q: x?\nA) x\nB) y\nAnswer: D", E_PARSE,
        "Answer: must be one of the letters A-B"},
    {"form one option", "Q: x?\nA) x\nAnswer: A", E_PARSE,
        "a question needs at least two options A) B)"},
};

static void
form_table(void)
{
	static const char nul[] = "Q:\0Fish can fly.\nAnswer: false";
	struct gift_question q;
	struct buf why = BUF_INIT(256);
	size_t i;
	char *got;
	int rc;

	for (i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		buf_reset(&why);
		rc =
		    gift_parse_form(forms[i].in, strlen(forms[i].in), &q, &why);
		T_INT(forms[i].name, rc, forms[i].rc);
		got = rc == 0 ? describe(&q, 1) : buf_detach(&why);
		T_STR(forms[i].name, got, forms[i].want);
		free(got);
		gift_question_release(&q);
	}
	buf_reset(&why);
	T_INT("form nul", gift_parse_form(nul, sizeof nul - 1, &q, &why),
	    E_PARSE);
	T_STR("form nul", buf_cstr(&why),
	    "the text has a NUL byte or is not UTF-8");
	buf_release(&why);
}

/* key_of - the key (or digest) of the first question of a GIFT text. */
static void
key_of(const char *in, bool digest, char out[GIFT_KEY_LEN])
{
	struct gift_set set = GIFT_SET_INIT;
	struct buf err = BUF_INIT(1024);

	out[0] = '\0';
	if (gift_parse(in, strlen(in), &set, &err) == 0) {
		if (digest)
			gift_digest(&set.q[0], out);
		else
			gift_key(&set.q[0], out);
	}
	gift_set_release(&set);
	buf_release(&err);
}

static void
keys(void)
{
	char a[GIFT_KEY_LEN], b[GIFT_KEY_LEN];

	key_of("What is  TCP?{=a ~b}", false, a);
	key_of("what is tcp? {=x ~y}", false, b);
	T_STR("key ignores case, space, answers", a, b);
	T_INT("key is hex", (long long)strlen(a), 64);
	key_of("::t1::What is TCP?{=a ~b}", false, a);
	key_of("::T1::Something else{=a}", false, b);
	T_STR("key uses the title", a, b);
	key_of("What is TCP?{=a ~b}", true, a);
	key_of("What is TCP?{=a ~c}", true, b);
	T_OK("digest sees answers", strcmp(a, b) != 0);
	key_of("What is TCP?{=a ~b}", true, b);
	T_STR("digest stable", a, b);
}

int
main(void)
{
	table();
	limits();
	form_table();
	keys();
	return t_done();
}

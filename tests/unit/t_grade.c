/*
 * t_grade.c - the reply grader on a table of realistic first lines and
 * bodies: letters in every dress, option texts, true/false words in
 * several languages, short answers with and without typos, and the
 * replies it must not guess at.
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "gift.h"
#include "grade.h"
#include "html.h"
#include "trim.h"
#include "t.h"

/* The questions, in GIFT; parsed once in main(). */
static const char bank[] =
    "Which port does HTTPS use? {~80 =443 ~22 ~None of these}\n\n"
    "The sun is a star. {T}\n\n"
    "Fish can fly. {F}\n\n"
    "Capital of France? {=Paris =Paris, France}\n\n"
    "Powerhouse of the cell? {=mitochondria =mitochondrion}\n\n"
    "Largest US city? {=New York}\n\n"
    "Pick a grade {=A- ~B+ ~I}\n";

enum { QC, QT, QF, QS, QL, QN, QG };

#define OK  GRADE_CORRECT
#define BAD GRADE_WRONG
#define HUH GRADE_UNPARSEABLE

struct rcase {
	int q;
	const char *reply;
	enum grade_verdict verdict;
	int choice;
};

static const struct rcase cases[] = {
    /* choice: the letter in every dress */
    {QC, "B", OK, 1},
    {QC, "b", OK, 1},
    {QC, "b)", OK, 1},
    {QC, "B)", OK, 1},
    {QC, "(b)", OK, 1},
    {QC, "(B)", OK, 1},
    {QC, "B.", OK, 1},
    {QC, "[b]", OK, 1},
    {QC, "b!", OK, 1},
    {QC, "  B  ", OK, 1},
    {QC, "\n\n  b\n", OK, 1},
    {QC, "answer: b", OK, 1},
    {QC, "Answer: B", OK, 1},
    {QC, "ANSWER:B", OK, 1},
    {QC, "Answer - b", OK, 1},
    {QC, "answer b", OK, 1},
    {QC, "My answer is B", OK, 1},
    {QC, "the answer is b.", OK, 1},
    {QC, "Antwort: B", OK, 1},
    {QC, "Réponse : b", OK, 1},
    {QC, "Respuesta: b", OK, 1},
    {QC, "B) 443", OK, 1},
    {QC, "b. 443", OK, 1},
    {QC, "B\nSent from my iPhone", OK, 1},
    {QC, "B\r\n\r\nThanks!", OK, 1},
    {QC, "a", BAD, 0},
    {QC, "A)", BAD, 0},
    {QC, "c", BAD, 2},
    {QC, "(C)", BAD, 2},
    {QC, "D", BAD, 3},
    {QC, "d.", BAD, 3},
    /* choice: the option's text */
    {QC, "443", OK, 1},
    {QC, " 443. ", OK, 1},
    {QC, "80", BAD, 0},
    {QC, "22", BAD, 2},
    {QC, "none of these", BAD, 3},
    {QC, "None of these!", BAD, 3},
    {QC, "NONE OF THESE", BAD, 3},
    /* choice: replies it must not guess at */
    {QC, "", HUH, -1},
    {QC, "   \n\t\n", HUH, -1},
    {QC, "e", HUH, -1},
    {QC, "Z)", HUH, -1},
    {QC, "I think it's B", HUH, -1},
    {QC, "a lot of people say 443", HUH, -1},
    {QC, "B or C?", HUH, -1},
    {QC, "8080", HUH, -1},
    {QC, "?", HUH, -1},
    {QC, "Thanks for the question", HUH, -1},
    {QC, "BC", HUH, -1},
    {QC, "4", HUH, -1},
    /* true/false, the right answer true */
    {QT, "true", OK, 0},
    {QT, "True", OK, 0},
    {QT, "TRUE.", OK, 0},
    {QT, "T", OK, 0},
    {QT, "t", OK, 0},
    {QT, "yes", OK, 0},
    {QT, "Yes!", OK, 0},
    {QT, "y", OK, 0},
    {QT, "A", OK, 0},
    {QT, "(a)", OK, 0},
    {QT, "answer: true", OK, 0},
    {QT, "wahr", OK, 0},
    {QT, "Richtig", OK, 0},
    {QT, "ja", OK, 0},
    {QT, "Ja.", OK, 0},
    {QT, "vrai", OK, 0},
    {QT, "Oui", OK, 0},
    {QT, "verdadero", OK, 0},
    {QT, "Sí", OK, 0},
    {QT, "si", OK, 0},
    {QT, "cierto", OK, 0},
    {QT, "vero", OK, 0},
    {QT, "waar", OK, 0},
    {QT, "verdadeiro", OK, 0},
    {QT, "sim", OK, 0},
    {QT, "false", BAD, 1},
    {QT, "F", BAD, 1},
    {QT, "f.", BAD, 1},
    {QT, "no", BAD, 1},
    {QT, "No.", BAD, 1},
    {QT, "b", BAD, 1},
    {QT, "B)", BAD, 1},
    {QT, "falsch", BAD, 1},
    {QT, "Nein", BAD, 1},
    {QT, "faux", BAD, 1},
    {QT, "non", BAD, 1},
    {QT, "falso", BAD, 1},
    {QT, "nee", BAD, 1},
    {QT, "onwaar", BAD, 1},
    {QT, "Não", BAD, 1},
    {QT, "maybe", HUH, -1},
    {QT, "no idea", HUH, -1},
    {QT, "true or false?", HUH, -1},
    {QT, "c", HUH, -1},
    {QT, "", HUH, -1},
    /* true/false, the right answer false */
    {QF, "false", OK, 1},
    {QF, "FALSE", OK, 1},
    {QF, "F", OK, 1},
    {QF, "no", OK, 1},
    {QF, "B", OK, 1},
    {QF, "faux", OK, 1},
    {QF, "Falsch!", OK, 1},
    {QF, "true", BAD, 0},
    {QF, "yes", BAD, 0},
    {QF, "A.", BAD, 0},
    {QF, "oui", BAD, 0},
    /* short answers */
    {QS, "Paris", OK, 0},
    {QS, "paris", OK, 0},
    {QS, "PARIS.", OK, 0},
    {QS, "  paris!  ", OK, 0},
    {QS, "Paris, France", OK, 1},
    {QS, "paris france", OK, 1},
    {QS, "answer: Paris", OK, 0},
    {QS, "Pariss", BAD, -1},
    {QS, "Lyon", BAD, -1},
    {QS, "London", BAD, -1},
    {QS, "", HUH, -1},
    {QS, "...", HUH, -1},
    {QL, "mitochondria", OK, 0},
    {QL, "Mitochondria", OK, 0},
    {QL, "mitochondrion", OK, 1},
    {QL, "mitochondira", OK, 0},
    {QL, "mitochondia", OK, 0},
    {QL, "mitochondriaa", OK, 0},
    {QL, "mitokondria", BAD, -1},
    {QL, "mitokondrja", BAD, -1},
    {QL, "the mitochondria", BAD, -1},
    {QL, "nucleus", BAD, -1},
    {QN, "New York", OK, 0},
    {QN, "new york", OK, 0},
    {QN, "NewYork", OK, 0},
    {QN, "new-york", OK, 0},
    {QN, "New Yrok", OK, 0},
    {QN, "Nwe Yrok", BAD, -1},
    {QN, "Los Angeles", BAD, -1},
    /* choice: a letter inside a sentence */
    {QC, "B is my answer", HUH, -1}, /* asked again, never guessed */
    {QC, "b - 443", HUH, -1},
    {QC, "I'd say B", HUH, -1},
    {QC, "Going with B.", HUH, -1},
    {QC, "Definitely not A", HUH, -1},
    {QC, "Is it B?", HUH, -1},
    {QC, "A or B", HUH, -1},
    {QC, "B, 443", HUH, -1},
    {QC, "B) 443 (I think)", OK, 1},
    {QC, "C) 22", BAD, 2},
    {QC, "Option B", HUH, -1},
    {QC, "answer:  c", BAD, 2},
    {QC, "Antwort: c", BAD, 2},
    {QC, "Réponse: D", BAD, 3},
    {QC, "Respuesta: a", BAD, 0},
    {QC, "b\tthanks", HUH, -1},
    {QC, "port 443", HUH, -1},
    {QC, "443/tcp", HUH, -1},
    {QC,
        "\xef\xbb\xbf"
        "B",
        OK, 1},
    {QC, "B\xc2\xa0", OK, 1},
    {QC, "**B**", OK, 1},
    {QC, "'c'", BAD, 2},
    {QC, "\"B\"", OK, 1},
    /* true/false: German, French, Spanish and their neighbours */
    {QT, "Wahr.", OK, 0},
    {QT, "WAHR", OK, 0},
    {QT, "richtig!", OK, 0},
    {QT, "Vrai !", OK, 0},
    {QT, "oui.", OK, 0},
    {QT, "Verdadero.", OK, 0},
    {QT, "VERDADERO", OK, 0},
    {QT, "Sí.", OK, 0},
    {QT, "Verdadeiro!", OK, 0},
    {QT, "Vero.", OK, 0},
    {QT, "Falsch", BAD, 1},
    {QT, "FAUX", BAD, 1},
    {QT, "Faux.", BAD, 1},
    {QT, "Falso!", BAD, 1},
    {QT, "nein.", BAD, 1},
    {QT, "Non !", BAD, 1},
    {QT, "vielleicht", HUH, -1},
    {QT, "peut-être", HUH, -1},
    {QT, "quizás", HUH, -1},
    {QT, "ja nein", HUH, -1},
    {QT, "true false", HUH, -1},
    {QF, "falsch", OK, 1},
    {QF, "Faux !", OK, 1},
    {QF, "falso", OK, 1},
    {QF, "nein", OK, 1},
    {QF, "non", OK, 1},
    {QF, "no.", OK, 1},
    {QF, "wahr", BAD, 0},
    {QF, "vrai", BAD, 0},
    {QF, "verdadero", BAD, 0},
    {QF, "ja", BAD, 0},
    {QF, "sí", BAD, 0},
    /* short answers: accents, spacing, ambiguity */
    {QS, "PARÍS", OK, 0},
    {QS, "Pàris", OK, 0},
    {QS, "Answer: paris.", OK, 0},
    {QS, "Paris?", OK, 0},
    {QS, "Berlin", BAD, -1},
    {QN, "NEW YORK!", OK, 0},
    {QN, "new york city", BAD, -1},
    {QL, "MITOCHONDRIA.", OK, 0},
    /* letters that are also option texts */
    {QG, "A-", OK, 0},
    {QG, "a", OK, 0},
    {QG, "B+", BAD, 1},
    {QG, "c", BAD, 2},
    {QG, "I", BAD, 2},
};

/*
 * Whole reply bodies, read as the hook reads them: an HTML-only part
 * made text (common/html.c), then the trimmer (quotes, signatures,
 * Outlook headers cut), then the grader.
 */
struct mcase {
	const char *name;
	int q;
	bool html; /* body is the only, HTML, part */
	const char *body;
	enum grade_verdict verdict;
	int choice;
};

#define QUOTE                                                                  \
	"\n\nOn Mon, 5 Jan 2026 at 09:00, learn <learn@learn.example> "        \
	"wrote:\n> Which port does HTTPS use?\n>\n>   A) 80\n>   B) 443\n"
#define OUTLOOK                                                                \
	"\n\n________________________________\nFrom: learn "                   \
	"<learn@learn.example>\nSent: Monday, January 5, 2026 9:00 AM\nTo: "   \
	"Ana <ana@example.org>\nSubject: [learn quiz] a question for you\n\n"  \
	"Which port does HTTPS use?\n  A) 80\n  B) 443\n"

static const struct mcase mails[] = {
    {"top-posted", QC, false, "B" QUOTE, OK, 1},
    {"top-posted wrong", QC, false, "a)" QUOTE, BAD, 0},
    {"top-posted label", QC, false, "Answer: b\n\nCheers, Ana" QUOTE, OK, 1},
    {"top-posted text", QC, false, "443" QUOTE, OK, 1},
    {"top-posted sentence", QC, false, "I think it's B" QUOTE, HUH, -1},
    {"iphone", QC, false, "B\n\nSent from my iPhone" QUOTE, OK, 1},
    {"android", QC, false, "c\n\nSent from my Galaxy\n" QUOTE, BAD, 2},
    {"outlook mobile", QT, false,
        "True\n\nGet Outlook for iOS<https://aka.ms/o0ukef>" OUTLOOK, OK, 0},
    {"outlook", QC, false, "B\n" OUTLOOK, OK, 1},
    {"outlook wrong", QC, false, "D.\r\n" OUTLOOK, BAD, 3},
    {"outlook german", QT, false,
        "Wahr\n\n-----Ursprüngliche Nachricht-----\nVon: learn <learn@learn.example>\nGesendet: Montag, 5. Januar 2026 09:00\n",
        OK, 0},
    {"signature", QF, false, "false\n\n-- \nAna Lima\nACME Corp\n", OK, 1},
    {"inline below quote", QC, false,
        "On Mon, 5 Jan 2026, learn wrote:\n> Which port does HTTPS use?\n\nB\n",
        OK, 1},
    {"only a quote", QC, false, "> Which port does HTTPS use?\n> B) 443\n", HUH,
        -1},
    {"empty", QC, false, "\n\n", HUH, -1},
    {"html gmail", QC, true,
        "<div dir=\"ltr\">B</div><br><div class=\"gmail_quote\"><div dir=\"ltr\" class=\"gmail_attr\">On Mon, 5 Jan 2026 at 09:00, learn &lt;learn@learn.example&gt; wrote:<br></div><blockquote class=\"gmail_quote\">Which port does HTTPS use?</blockquote></div>",
        OK, 1},
    {"html outlook", QT, true,
        "<html><head><style>p{margin:0}</style></head><body><p class=\"MsoNormal\">Falsch<o:p></o:p></p><div><p>&nbsp;</p></div></body></html>",
        BAD, 1},
    {"html apple", QC, true,
        "<html><body><div>(b)&nbsp;</div><div><br><blockquote type=\"cite\">Which port does HTTPS use?</blockquote></div></body></html>",
        OK, 1},
    {"html bold", QC, true, "<p><b>C</b></p>", BAD, 2},
    {"html french", QF, true,
        "<div>Faux</div><div><br></div><div>Envoy&eacute; de mon iPhone</div>",
        OK, 1},
    {"html spanish", QT, true, "<p>Verdadero</p>", OK, 0},
    {"html short", QS, true, "<div>Paris</div>", OK, 0},
};

struct ncase {
	const char *in;
	const char *want;
};

static const struct ncase norms[] = {
    {"Hello, World!", "helloworld"},
    {"  Ünïcödé  Çà  ", "unicodeca"},
    {"Straße", "strase"}, /* one letter per character */
    {"3.14", "314"},
    {"«quoted»", "quoted"},
    {"日本", "日本"},
    {"", ""},
};

static void
normalise_table(void)
{
	char out[64];
	size_t i;

	for (i = 0; i < sizeof norms / sizeof norms[0]; i++) {
		grade_normalise(
		    norms[i].in, strlen(norms[i].in), out, sizeof out);
		T_STR(norms[i].in, out, norms[i].want);
	}
	grade_normalise("abcdef", 6, out, 4);
	T_STR("cut", out, "abc");
	T_OK("typo same", grade_within_one("abc", "abc"));
	T_OK("typo swap", grade_within_one("abcd", "abdc"));
	T_OK("typo drop", grade_within_one("abcd", "abd"));
	T_OK("typo add", grade_within_one("abd", "abcd"));
	T_OK("typo two", !grade_within_one("abcd", "badc"));
	T_OK("typo empty", grade_within_one("", "a"));
	T_OK("typo far", !grade_within_one("", "ab"));
}

/* mail_table - each body of mails[] through html, trimmer and grader. */
static void
mail_table(const struct gift_set *set)
{
	struct trimmer *t = NULL;
	struct trim_result tr = {NULL, NULL, 0};
	struct grade_result r;
	struct buf text = BUF_INIT(1 << 20);
	const char *body;
	size_t i;

	if (trimmer_new(&t, NULL) != 0) {
		T_OK("trimmer", false);
		return;
	}
	for (i = 0; i < sizeof mails / sizeof mails[0]; i++) {
		buf_reset(&text);
		body = mails[i].body;
		if (mails[i].html) {
			html_to_text(body, strlen(body), &text);
			body = buf_cstr(&text);
		}
		trim_reply(t, body, strlen(body), 0, &tr);
		body =
		    (tr.flags & TRIM_F_FALLBACK) && (tr.flags & TRIM_F_MARKER)
		    ? "" /* as inbound_trimmed(): only our quoted mail */
		    : tr.text;
		grade_reply(&set->q[mails[i].q], body, strlen(body), &r);
		T_INT(mails[i].name, r.verdict, mails[i].verdict);
		T_INT(mails[i].name, r.choice, mails[i].choice);
		trim_result_release(&tr);
	}
	trimmer_free(t);
	buf_release(&text);
}

int
main(void)
{
	struct gift_set set = GIFT_SET_INIT;
	struct buf err = BUF_INIT(4096);
	struct grade_result r;
	char name[160];
	size_t i;

	if (gift_parse(bank, strlen(bank), &set, &err) != 0) {
		printf("FAIL bank: %s\n", buf_cstr(&err));
		return 1;
	}
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		grade_reply(&set.q[cases[i].q], cases[i].reply,
		    strlen(cases[i].reply), &r);
		snprintf(name, sizeof name, "q%d \"%s\"", cases[i].q,
		    cases[i].reply);
		T_INT(name, r.verdict, cases[i].verdict);
		T_INT(name, r.choice, cases[i].choice);
	}
	mail_table(&set);
	printf("grade: %zu replies in the table (%zu first lines, %zu "
	       "whole mails)\n",
	    sizeof cases / sizeof cases[0] + sizeof mails / sizeof mails[0],
	    sizeof cases / sizeof cases[0], sizeof mails / sizeof mails[0]);
	normalise_table();
	gift_set_release(&set);
	buf_release(&err);
	return t_done();
}

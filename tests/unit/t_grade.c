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
    /* letters that are also option texts */
    {QG, "A-", OK, 0},
    {QG, "a", OK, 0},
    {QG, "B+", BAD, 1},
    {QG, "c", BAD, 2},
    {QG, "I", BAD, 2},
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
	printf("grade: %zu replies in the table\n",
	    sizeof cases / sizeof cases[0]);
	normalise_table();
	gift_set_release(&set);
	buf_release(&err);
	return t_done();
}

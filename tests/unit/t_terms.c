/*
 * t_terms.c - terms, introduction answers and question routing
 * (learn/terms.h, learn/intro.h, learn/route.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "intro.h"
#include "route.h"
#include "t.h"
#include "terms.h"

/* joined - the terms of text, "|"-separated, into a static buffer. */
static const char *
joined(const char *text)
{
	static char out[2048];
	struct terms t;
	size_t i, n = 0;

	terms_init(&t);
	terms_extract(&t, text);
	out[0] = '\0';
	for (i = 0; i < t.n; i++)
		n += (size_t)snprintf(
		    out + n, sizeof out - n, "%s%s", i > 0 ? "|" : "", t.v[i]);
	terms_release(&t);
	return out;
}

static void
test_extract(void)
{
	static const struct {
		const char *name, *in, *want;
	} cases[] = {
	    {"empty", "", ""},
	    {"stop words only", "How do I get this to work?", ""},
	    {"phrase and plural", "Rotating certificates",
	        "certificate|rotating|rotating certificate"},
	    {"stop word breaks a phrase", "Kubernetes and Terraform",
	        "kubernete|terraform"},
	    {"punctuation breaks a phrase", "postgres, backups",
	        "backup|postgre"},
	    {"case and digits", "TLS 1.3 in 2026", "1.3|tls|tls 1.3"},
	    {"c++ and node.js", "C++ node.js", "c++|c++ node.js|node.js"},
	    {"german", "Wie kann ich Zertifikate erneuern?",
	        "erneuern|zertifikate|zertifikate erneuern"},
	    {"umlaut capitals", "ÜBER Überweisungen", "überweisungen"},
	    {"line break joins, blank line not", "load\nbalancing\n\nsql",
	        "balancing|load|load balancing|sql"},
	    {"class and bus keep their s", "class bus analysis",
	        "analysis|bus|bus analysis|class|class bus"},
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		T_STR(cases[i].name, joined(cases[i].in), cases[i].want);
}

static void
test_overlap(void)
{
	struct terms a, b;
	const char *best = NULL;

	terms_init(&a);
	terms_init(&b);
	terms_extract(&a, "How do I rotate TLS certificates on nginx?");
	terms_extract(&b, "Rotating TLS certificates, nginx config");
	T_INT("overlap: tls, certificate, nginx, tls certificate",
	    terms_overlap(&a, &b, &best), 5);
	T_STR("overlap best is the phrase", best, "tls certificate");
	terms_release(&b);
	terms_init(&b);
	T_INT("overlap with nothing", terms_overlap(&a, &b, &best), 0);
	T_OK("no best", best == NULL);
	terms_release(&a);
	terms_release(&b);
}

static void
test_question(void)
{
	T_OK("question mark", terms_question("Any tips for Vim?"));
	T_OK("question word", terms_question("How I rotate certs"));
	T_OK("after a sentence", terms_question("Hi all. Where is the VPN"));
	T_OK("german", terms_question("wie geht das"));
	T_OK("statement", !terms_question("The build is green again."));
	T_OK("word inside", !terms_question("Somehow it works."));
	T_OK("NULL", !terms_question(NULL));
}

static void
test_intro(void)
{
	char *a[INTRO_ANSWERS];
	int i;

	intro_parse("I run the build farm.\n\nCI and caching.\n\nRust,\n"
	            "\nand Go.",
	    a);
	T_STR("para 1", a[0], "I run the build farm.");
	T_STR("para 2", a[1], "CI and caching.");
	T_STR("para 3 takes the rest", a[2], "Rust,\nand Go.");
	for (i = 0; i < INTRO_ANSWERS; i++)
		free(a[i]);
	intro_parse("Hi!\n1. Payroll\n3) Excel macros\n2: Tax\nrules", a);
	T_STR("num 1 (text before ignored)", a[0], "Payroll");
	T_STR("num 2 two lines", a[1], "Tax\nrules");
	T_STR("num 3", a[2], "Excel macros");
	for (i = 0; i < INTRO_ANSWERS; i++)
		free(a[i]);
	intro_parse("  just one line  ", a);
	T_STR("one para", a[0], "just one line");
	T_STR("none 2", a[1], "");
	T_STR("none 3", a[2], "");
	for (i = 0; i < INTRO_ANSWERS; i++)
		free(a[i]);
}

static void
test_route(void)
{
	struct terms q, t1, t2, t3, t4;
	struct route_evidence ev[5];
	struct route_pick p[ROUTE_ASK];
	struct buf b = BUF_INIT(256);
	size_t n;

	terms_init(&q);
	terms_init(&t1);
	terms_init(&t2);
	terms_init(&t3);
	terms_init(&t4);
	terms_extract(&q, "How do I rotate TLS certificates?");
	terms_extract(&t1, "Rotating TLS certificates");
	terms_extract(&t2, "TLS certificates, PKI");
	terms_extract(&t3, "Excel");
	terms_extract(&t4, "TLS");
	ev[0] = (struct route_evidence){
	    2, ROUTE_ANSWER, "Rotating TLS certificates", &t1, 20, false};
	ev[1] = (struct route_evidence){2, ROUTE_QUIZ, "TLS", &t4, 3, false};
	ev[2] = (struct route_evidence){
	    5, ROUTE_INTRO, "TLS certificates, PKI.", &t2, 0, false};
	ev[3] = (struct route_evidence){7, ROUTE_WIKI, "Excel", &t3, 1, false};
	ev[4] = (struct route_evidence){
	    9, ROUTE_ANSWER, "Rotating TLS certificates", &t1, 400, true};
	T_INT("score answer", route_score(&q, &ev[0]), 8);
	T_INT("score intro", route_score(&q, &ev[2]), 12);
	T_INT("score old thanked answer", route_score(&q, &ev[4]), 8);
	n = route_rank(&q, ev, 5, p, ROUTE_ASK);
	T_INT("picked", (long long)n, 3);
	T_INT("first: intro", p[0].member, 5);
	T_INT("second: answer + quiz", p[1].member, 2);
	T_INT("second's score", p[1].score, 9);
	T_INT("second's reason", (long long)p[1].why, 0);
	T_INT("third: tie broken by score", p[2].member, 9);
	n = route_rank(&q, ev, 5, p, 1);
	T_INT("k = 1", (long long)n, 1);
	n = route_rank(&q, &ev[3], 1, p, ROUTE_ASK);
	T_INT("no overlap: nobody", (long long)n, 0);
	route_reason(&ev[0], &b);
	T_STR("reason answer", buf_cstr(&b),
	    "because you answered 'Rotating TLS certificates' last month");
	buf_reset(&b);
	route_reason(&ev[2], &b);
	T_STR("reason intro", buf_cstr(&b),
	    "because your introduction says you can help with \"TLS "
	    "certificates, PKI\"");
	buf_reset(&b);
	ev[3].title = "A very long wiki page title that goes on and on about "
	              "spreadsheets and more";
	route_reason(&ev[3], &b);
	T_STR("reason wiki cut", buf_cstr(&b),
	    "because you edited the wiki page 'A very long wiki page title "
	    "that goes on and on about...' this week");
	buf_release(&b);
	terms_release(&q);
	terms_release(&t1);
	terms_release(&t2);
	terms_release(&t3);
	terms_release(&t4);
}

int
main(void)
{
	test_extract();
	test_overlap();
	test_question();
	test_intro();
	test_route();
	return t_done();
}

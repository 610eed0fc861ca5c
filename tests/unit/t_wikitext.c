/*
 * t_wikitext.c - page names, markup to HTML, append, section replace,
 * three-way section merge, line diff and edit distance.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "t.h"
#include "wikitext.h"

static void
test_slug(void)
{
	static const struct {
		const char *in, *want;
		int rc;
	} cases[] = {
	    {"Deploy Guide", "deploy-guide", 0},
	    {"../../etc/passwd", "etc-passwd", 0},
	    {"  --On-call: Rota (2026)!--", "on-call-rota-2026", 0},
	    {"a/./b\\c", "a-b-c", 0},
	    {"ÜBER uns", "ber-uns", 0},
	    {"...", "", E_PARSE},
	    {"", "", E_PARSE},
	    {"x%00y", "x-00y", 0},
	    {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b"
	     "ccc",
	        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	        "a",
	        0},
	};
	char out[WIKI_MAX_SLUG + 1];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		T_INT(
		    cases[i].in, wikitext_slug(cases[i].in, out), cases[i].rc);
		T_STR(cases[i].in, out, cases[i].want);
		T_OK("slug length", strlen(out) <= WIKI_MAX_SLUG);
	}
}

static void
html(const char *name, const char *in, const char *suffix, const char *want)
{
	struct buf b = BUF_INIT(1 << 20);

	T_INT(name, wikitext_html(in, suffix, &b), 0);
	T_STR(name, buf_cstr(&b), want);
	buf_release(&b);
}

static void
test_html(void)
{
	html("heading+para", "# Title\nline one\nline two\n\nnext", NULL,
	    "<h2>Title</h2>\n<p>line one<br>\nline two</p>\n<p>next</p>\n");
	html("list", "- a\n- b\n1. c", NULL,
	    "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<ol>\n<li>c</li>\n</ol>\n");
	html("fence", "```\n<b>\n# no\n```", NULL,
	    "<pre><code>&lt;b&gt;\n# no\n</code></pre>\n");
	html("indent", "    x < y", NULL,
	    "<pre><code>x &lt; y\n</code></pre>\n");
	html("link", "see [docs](https://x.example/a?b=1&c=2).", NULL,
	    "<p>see <a href=\"https://x.example/a?b=1&amp;c=2\">docs</a>.</p>\n");
	html("bare url", "at https://x.example/p.", NULL,
	    "<p>at <a href=\"https://x.example/p\">https://x.example/p</a>.</p>\n");
	html("js link stays text", "[x](javascript:alert(1))", NULL,
	    "<p>[x](javascript:alert(1))</p>\n");
	html("quote in url ends it", "https://x.example/\"onmouseover=alert(1)",
	    NULL,
	    "<p><a href=\"https://x.example/\">https://x.example/</a>&quot;"
	    "onmouseover=alert(1)</p>\n");
	html("script", "<script>alert('x')</script>", NULL,
	    "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</p>\n");
	html("inline", "`<i>` and **b<**", NULL,
	    "<p><code>&lt;i&gt;</code> and <strong>b&lt;</strong></p>\n");
	html("page link", "[[Deploy Guide]]", ".html",
	    "<p><a href=\"deploy-guide.html\">Deploy Guide</a></p>\n");
	html("page link in mail", "[[<x>]]", NULL,
	    "<p><em>&lt;x&gt;</em></p>\n");
	html("page link bad name", "[[\"><]]", ".html",
	    "<p><em>&quot;&gt;&lt;</em></p>\n");
	html("empty", "", NULL, "");
}

static void
textop(const char *name, int rc, struct buf *b, const char *want)
{
	T_INT(name, rc, 0);
	T_STR(name, buf_cstr(b), want);
	buf_reset(b);
}

static const char page[] = "Intro.\n\n## Build\nRun make.\n\n## Rollback\n"
                           "Old tag.\n";

static void
test_edit(void)
{
	struct buf b = BUF_INIT(1 << 20);

	textop("append", wikitext_append(page, "\n\nMore.\n\n", &b), &b,
	    "Intro.\n\n## Build\nRun make.\n\n## Rollback\nOld tag.\n\nMore.\n");
	textop("append to empty", wikitext_append("", "x", &b), &b, "x\n");
	textop("section", wikitext_section(page, "BUILD", "make all", &b), &b,
	    "Intro.\n\n## Build\n\nmake all\n\n## Rollback\nOld tag.\n");
	textop("section with heading",
	    wikitext_section(page, "## rollback", "## Roll back\nNew.", &b), &b,
	    "Intro.\n\n## Build\nRun make.\n\n## Roll back\nNew.\n");
	textop("new section", wikitext_section(page, "Contacts", "Ana", &b), &b,
	    "Intro.\n\n## Build\nRun make.\n\n## Rollback\nOld tag.\n\n"
	    "## Contacts\n\nAna\n");
	textop("heading in code is no section",
	    wikitext_section("```\n## Build\n```\n", "Build", "x", &b), &b,
	    "```\n## Build\n```\n\n## Build\n\nx\n");
	buf_release(&b);
}

static void
test_merge(void)
{
	struct buf b = BUF_INIT(1 << 20);
	bool conflict;
	const char *theirs =
	    "Intro.\n\n## Build\nRun make all.\n\n## Rollback\n"
	    "Old tag.\n";
	const char *ours_other =
	    "Intro.\n\n## Build\nRun make.\n\n## Rollback\n"
	    "New tag.\n";
	const char *ours_same = "Intro.\n\n## Build\nRun make -j8.\n\n"
	                        "## Rollback\nOld tag.\n";
	const char *ours_new = "Intro.\n\n## Build\nRun make.\n\n## Test\nmake "
	                       "check\n\n## Rollback\nOld tag.\n";

	T_INT("merge other",
	    wikitext_merge(page, theirs, ours_other, &b, &conflict), 0);
	T_OK("no conflict", !conflict);
	T_STR("merged", buf_cstr(&b),
	    "Intro.\n\n## Build\nRun make all.\n\n## Rollback\nNew tag.\n");
	buf_reset(&b);
	T_INT("merge same",
	    wikitext_merge(page, theirs, ours_same, &b, &conflict), 0);
	T_OK("conflict", conflict);
	buf_reset(&b);
	T_INT("same change",
	    wikitext_merge(page, theirs, theirs, &b, &conflict), 0);
	T_OK("same change no conflict", !conflict);
	T_STR("same change text", buf_cstr(&b), theirs);
	buf_reset(&b);
	T_INT("new section",
	    wikitext_merge(page, theirs, ours_new, &b, &conflict), 0);
	T_OK("new section no conflict", !conflict);
	T_STR("new section placed", buf_cstr(&b),
	    "Intro.\n\n## Build\nRun make all.\n\n## Test\nmake check\n\n"
	    "## Rollback\nOld tag.\n");
	buf_reset(&b);
	/* they deleted a section we changed: conflict */
	T_INT("deleted",
	    wikitext_merge(page, "Intro.\n\n## Build\nRun make.\n", ours_other,
	        &b, &conflict),
	    0);
	T_OK("deleted conflict", conflict);
	buf_release(&b);
}

static void
test_diff(void)
{
	struct buf b = BUF_INIT(1 << 20);
	char *big_a, *big_b;
	size_t i;

	textop("same", wikitext_diff(page, page, &b), &b, "");
	textop("one line",
	    wikitext_diff("a\nb\nc\nd\ne\nf\n", "a\nb\nc\nX\ne\nf\n", &b), &b,
	    "@@ line 2 @@\n  b\n  c\n- d\n+ X\n  e\n  f\n");
	textop("from empty", wikitext_diff("", "x\n", &b), &b,
	    "@@ line 1 @@\n+ x\n");
	/* coarse diff past the table cap */
	big_a = malloc(3000 * 6 + 1);
	big_b = malloc(3000 * 6 + 1);
	for (i = 0; i < 3000; i++) {
		memcpy(big_a + i * 6, "aaaaa\n", 6);
		memcpy(big_b + i * 6, i % 2 ? "bbbbb\n" : "aaaaa\n", 6);
	}
	big_a[3000 * 6] = '\0';
	big_b[3000 * 6] = '\0';
	big_a[0] = 'z';
	big_b[3000 * 6 - 2] = 'z';
	T_INT("big", wikitext_diff(big_a, big_b, &b), 0);
	T_OK("big has removals and additions",
	    strstr(buf_cstr(&b), "- zaaaa") != NULL &&
	        strstr(buf_cstr(&b), "+ bbbbz") != NULL);
	free(big_a);
	free(big_b);
	buf_release(&b);
}

static void
test_distance(void)
{
	T_INT("same", wikitext_distance("deploy", "deploy"), 0);
	T_INT("one", wikitext_distance("deploy", "deplyo"), 2);
	T_INT("insert", wikitext_distance("faq", "faqs"), 1);
	T_INT("empty", wikitext_distance("", "abc"), 3);
}

int
main(void)
{
	test_slug();
	test_html();
	test_edit();
	test_merge();
	test_diff();
	test_distance();
	return t_done();
}

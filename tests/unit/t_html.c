/*
 * t_html.c - html_to_text on a table of small documents.
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "html.h"
#include "t.h"

static const struct {
	const char *name, *in, *want;
} cases[] = {
    {"empty", "", ""},
    {"plain text", "hello", "hello\n"},
    {"collapse", "  a \n\t b  ", "a b\n"},
    {"paragraphs", "<p>one</p><p>two</p>", "one\n\ntwo\n"},
    {"br", "a<br>b<br/>c", "a\nb\nc\n"},
    {"double br", "a<br><br>b", "a\n\nb\n"},
    {"div lines", "<div>a</div><div>b</div>", "a\nb\n"},
    {"list", "<ul><li>one</li><li>two</li></ul>", "- one\n- two\n"},
    {"ordered", "<ol><li>a<li>b</ol>after", "1. a\n2. b\n\nafter\n"},
    {"nested list", "<ul><li>a<ul><li>b</li></ul></li></ul>", "- a\n  - b\n"},
    {"link", "see <a href=\"https://x.example/a?b=1&amp;c=2\">docs</a>.",
        "see docs <https://x.example/a?b=1&c=2>.\n"},
    {"link same as text", "<a href='https://x.example'>https://x.example</a>",
        "https://x.example\n"},
    {"mailto", "<a href=\"mailto:a@x.example\">a@x.example</a>",
        "a@x.example\n"},
    {"javascript link dropped", "<a href=\"javascript:x()\">go</a>", "go\n"},
    {"entities",
        "&amp; &lt;b&gt; &quot;q&quot; &#233; &#xE9; &eacute; "
        "&euro; &nbsp;x",
        "& <b> \"q\" \xc3\xa9 \xc3\xa9 \xc3\xa9 \xe2\x82\xac x\n"},
    {"control entities", "a&#13;&#10;b&#1;c<pre>x&#13;&#10;y&#9;z</pre>",
        "a b c\n\nx\ny\tz\n"},
    {"unknown entity", "a &bogus; b & c", "a &bogus; b & c\n"},
    {"bad numeric", "&#0;&#xD800;&#1114112;",
        "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\n"},
    {"script style head",
        "<html><head><title>T</title><style>p{}</style></head>"
        "<body><script>alert(1)</script>body</body></html>",
        "body\n"},
    {"comment", "a<!-- <p>hidden</p> -->b", "ab\n"},
    {"unclosed comment", "a<!-- never", "a\n"},
    {"doctype", "<!DOCTYPE html><p>x</p>", "x\n"},
    {"literal lt", "1 < 2 and 3 <= 4", "1 < 2 and 3 <= 4\n"},
    {"pre", "<pre>a\n  b</pre>c", "a\n  b\n\nc\n"},
    {"table",
        "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr>"
        "</table>",
        "a b\nc\n"},
    {"img alt", "x<img src=\"a.png\" alt=\"logo\">y", "xlogoy\n"},
    {"quoted gt in attr", "<a title=\"a>b\" href=\"http://h\">t</a>",
        "t <http://h>\n"},
    {"invalid utf8",
        "a\xff"
        "b",
        "a\xef\xbf\xbd"
        "b\n"},
    {"nul dropped", "a\0b", "ab\n"},
    {"unterminated tag", "a<p", "a\n"},
    {"unclosed script", "a<script>b", "a\n"},
    {"unclosed head", "<head><title>t</title>body", "body\n"},
};

int
main(void)
{
	struct buf b;
	size_t i, n;
	int rc;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_init(&b, 4096);
		n = strlen(cases[i].in);
		if (strcmp(cases[i].name, "nul dropped") == 0)
			n = 3;
		rc = html_to_text(cases[i].in, n, &b);
		T_INT(cases[i].name, rc, 0);
		T_STR(cases[i].name, buf_cstr(&b), cases[i].want);
		T_OK(cases[i].name, utf8_valid(buf_cstr(&b), b.len));
		buf_release(&b);
	}

	/* appends after existing content, which it never touches */
	buf_init(&b, 4096);
	buf_adds(&b, "keep  ");
	rc = html_to_text("<p>x</p>", 8, &b);
	T_STR("append", buf_cstr(&b), "keep  x\n");
	buf_release(&b);

	/* the output limit surfaces as the buffer's error */
	buf_init(&b, 8);
	rc = html_to_text("<p>a long paragraph</p>", 23, &b);
	T_INT("limit", rc, E_LIMIT);
	buf_release(&b);
	return t_done();
}

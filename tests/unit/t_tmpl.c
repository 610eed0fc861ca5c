/* t_tmpl.c - the template renderer: syntax, strictness, lookup, wrapping. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "err.h"
#include "tmpl.h"
#include "xmalloc.h"
#include "t.h"

static struct vars *
sample(void)
{
	struct vars *v = vars_new(), *it, *m;

	vars_set(v, "name", "Ana <ana@x> & \"co\"");
	vars_set(v, "list_name", "learn");
	vars_set(v, "empty", "");
	vars_set_bool(v, "yes", true);
	vars_set_bool(v, "no", false);
	vars_set_safe(v, "safe", "<b>bold</b>");
	vars_set_list(v, "none");
	it = vars_add_item(v, "items");
	vars_set(it, "title", "First");
	it = vars_add_item(v, "items");
	vars_set(it, "title", "Second");
	vars_set(it, "list_name", "inner");
	m = vars_set_map(v, "site");
	vars_set(m, "name", "Stoa");
	vars_setf(v, "count", "%d posts", 3);
	vars_set(v, "specials", "'<&>\"\"x'");
	return v;
}

struct scase {
	const char *name;
	const char *src;
	bool html;
	int rc;
	const char *want; /* output, or the why when rc != 0 */
};

static const struct scase scases[] = {
    {"plain var", "Hi {{name}}!", false, 0, "Hi Ana <ana@x> & \"co\"!"},
    {"html escapes", "Hi {{name}}!", true, 0,
        "Hi Ana &lt;ana@x&gt; &amp; &quot;co&quot;!"},
    {"html escapes every special, first and last", "{{specials}}", true, 0,
        "&#39;&lt;&amp;&gt;&quot;&quot;x&#39;"},
    {"spaces in tag", "{{ list_name }}", false, 0, "learn"},
    {"setf", "{{count}}", false, 0, "3 posts"},
    {"raw safe", "{{{safe}}}", true, 0, "<b>bold</b>"},
    {"safe escaped in double", "{{safe}}", true, 0, "&lt;b&gt;bold&lt;/b&gt;"},
    {"raw unsafe refused", "x\n{{{name}}}", true, E_PARSE,
        "<string>:2: {{{name}}} needs a value marked safe"},
    {"loop", "{{#items}}[{{title}}]{{/items}}", false, 0, "[First][Second]"},
    {"loop outer scope", "{{#items}}{{list_name}},{{/items}}", false, 0,
        "learn,inner,"},
    {"empty list", "a{{#none}}x{{/none}}b", false, 0, "ab"},
    {"inverted empty list", "{{^none}}nothing{{/none}}", false, 0, "nothing"},
    {"inverted full list", "{{^items}}nothing{{/items}}", false, 0, ""},
    {"bool true", "{{#yes}}Y{{/yes}}{{#no}}N{{/no}}", false, 0, "Y"},
    {"bool inverted", "{{^yes}}Y{{/yes}}{{^no}}N{{/no}}", false, 0, "N"},
    {"string as if", "{{#name}}has{{/name}}{{#empty}}x{{/empty}}", false, 0,
        "has"},
    {"string inverted", "{{^empty}}blank{{/empty}}", false, 0, "blank"},
    {"dotted", "{{site.name}}", false, 0, "Stoa"},
    {"map section", "{{#site}}{{name}}/{{list_name}}{{/site}}", false, 0,
        "Stoa/learn"},
    {"dotted from item", "{{#items}}{{site.name}}{{/items}}", false, 0,
        "StoaStoa"},
    {"comment", "a{{! note }}b", false, 0, "ab"},
    {"standalone lines", "A\n{{#yes}}\nB\n{{/yes}}\n{{! c }}\nC\n", false, 0,
        "A\nB\nC\n"},
    {"standalone indented", "A\n  {{#no}}  \nB\n  {{/no}}\nC", false, 0,
        "A\nC"},
    {"inline section keeps line", "A {{#yes}}B{{/yes}}\nC", false, 0, "A B\nC"},
    {"unknown var", "line1\nline2 {{foo}}\n", false, E_PARSE,
        "<string>:2: unknown variable \"foo\""},
    {"unknown in skipped branch parses", "{{#no}}{{foo}}{{/no}}ok", false, 0,
        "ok"},
    {"unknown section", "{{#nope}}x{{/nope}}", false, E_PARSE,
        "<string>:1: unknown variable \"nope\""},
    {"unknown dotted", "{{site.nope}}", false, E_PARSE,
        "<string>:1: unknown variable \"site.nope\""},
    {"dotted not a map", "{{name.x}}", false, E_PARSE,
        "<string>:1: \"name\" is not a map"},
    {"list as string", "{{items}}", false, E_PARSE,
        "<string>:1: \"items\" is a list, not a string"},
    {"bool as string", "{{yes}}", false, E_PARSE,
        "<string>:1: \"yes\" is a boolean, not a string"},
    {"unclosed tag", "a\n{{name", false, E_PARSE, "<string>:2: unclosed tag"},
    {"unclosed section", "{{#yes}}\nx", false, E_PARSE,
        "<string>:1: {{#yes}} is never closed"},
    {"mismatched close", "{{#yes}}\n{{^no}}\n{{/yes}}", false, E_PARSE,
        "<string>:3: {{/yes}} closes {{^no}} opened at line 2"},
    {"stray close", "{{/yes}}", false, E_PARSE,
        "<string>:1: {{/yes}} closes nothing"},
    {"bad name", "{{a b}}", false, E_PARSE, "<string>:1: bad tag name \"a b\""},
    {"empty tag", "{{}}", false, E_PARSE, "<string>:1: bad tag name \"\""},
    {"partial without dir", "{{>footer}}", false, E_PARSE,
        "<string>:1: no partials here"},
    {"lone braces are text", "a } b {", false, 0, "a } b {"},
};

static void
test_strings(void)
{
	struct buf out = BUF_INIT(1 << 20), why = BUF_INIT(512);
	struct vars *v = sample();
	size_t i;
	int rc;

	for (i = 0; i < sizeof scases / sizeof scases[0]; i++) {
		buf_reset(&out);
		buf_reset(&why);
		rc = tmpl_render_string(scases[i].src, strlen(scases[i].src),
		    scases[i].html, v, &out, &why);
		T_INT(scases[i].name, rc, scases[i].rc);
		T_STR(scases[i].name, rc == 0 ? buf_cstr(&out) : buf_cstr(&why),
		    scases[i].want);
		if (rc != 0)
			T_INT(scases[i].name, (long long)out.len, 0);
	}
	vars_free(v);
	buf_release(&out);
	buf_release(&why);
}

static void
test_nesting_cap(void)
{
	struct buf out = BUF_INIT(1 << 20), why = BUF_INIT(512);
	struct buf src = BUF_INIT(1 << 20);
	struct vars *v = sample();
	int i, rc;

	for (i = 0; i < TMPL_MAX_NESTING + 1; i++)
		buf_adds(&src, "{{#yes}}");
	rc = tmpl_render_string(src.data, src.len, false, v, &out, &why);
	T_INT("nesting cap", rc, E_LIMIT);
	T_OK("nesting cap why", strstr(buf_cstr(&why), "nested") != NULL);
	vars_free(v);
	buf_release(&out);
	buf_release(&why);
	buf_release(&src);
}

static void
test_output_cap(void)
{
	struct buf out = BUF_INIT(100), why = BUF_INIT(512);
	struct vars *v = sample();
	const char *src = "{{#items}}0123456789012345678901234567890123456789"
	                  "0123456789{{/items}}";
	int rc;

	buf_adds(&out, "kept");
	rc = tmpl_render_string(src, strlen(src), false, v, &out, &why);
	T_INT("output cap", rc, E_LIMIT);
	T_STR("output cap cut back", buf_cstr(&out), "kept");
	T_INT("output cap no sticky error", buf_error(&out), 0);
	T_STR("output cap why", buf_cstr(&why),
	    "<string>:1: output over 100 bytes");
	vars_free(v);
	buf_release(&out);
	buf_release(&why);
}

static void
test_bad_key(void)
{
	struct buf out = BUF_INIT(100), why = BUF_INIT(512);
	struct vars *v = vars_new();
	int rc;

	vars_set(v, "a.b", "x");
	rc = tmpl_render_string("x", 1, false, v, &out, &why);
	T_INT("bad key", rc, E_INTERNAL);
	T_STR("bad key why", buf_cstr(&why), "bad template value key \"a.b\"");
	vars_free(v);
	buf_release(&out);
	buf_release(&why);
}

static void
test_replace(void)
{
	struct buf out = BUF_INIT(100), why = BUF_INIT(512);
	struct vars *v = vars_new();

	vars_set(v, "a", "one");
	vars_add_item(v, "a"); /* a list now */
	vars_set(v, "a", "two");
	T_INT(
	    "replace", tmpl_render_string("{{a}}", 5, false, v, &out, &why), 0);
	T_STR("replace value", buf_cstr(&out), "two");
	vars_free(v);
	buf_release(&out);
	buf_release(&why);
}

static void
mkdirs(const char *rel)
{
	char path[512];

	snprintf(path, sizeof path, "%s/%s", t_tmpdir(), rel);
	mkdir(path, 0700);
}

static void
test_files(void)
{
	struct buf out = BUF_INIT(1 << 20), why = BUF_INIT(512);
	struct vars *v = sample();
	const char *dir = t_tmpdir();
	int rc;

	mkdirs("lists");
	mkdirs("lists/learn");
	t_write("hello.txt", "Hello {{name}}\n{{>foot}}\nbye\n");
	t_write("hello.html", "<p>{{name}}</p>\n{{>foot}}\n");
	t_write("foot.txt", "-- \n{{list_name}} footer\n");
	t_write("foot.html", "<small>{{list_name}} &amp; co</small>\n");
	t_write("lists/learn/foot.txt", "-- \nlearn's own footer\n");
	t_write("bad.txt", "line 1\nline 2\nline 3 {{foo}}\n");
	t_write("usesmissing.txt", "a\n{{>nothere}}\n");
	t_write("loop.txt", "{{>loop}}");
	t_write("inloop.txt", "{{#items}}{{>item}}{{/items}}");
	t_write("item.txt", "<{{title}}>");

	rc = tmpl_render(dir, NULL, "hello.txt", v, &out, &why);
	T_INT("file txt", rc, 0);
	T_STR("file txt out", buf_cstr(&out),
	    "Hello Ana <ana@x> & \"co\"\n-- \nlearn footer\nbye\n");

	buf_reset(&out);
	rc = tmpl_render(dir, NULL, "hello.html", v, &out, &why);
	T_INT("file html", rc, 0);
	T_STR("file html out", buf_cstr(&out),
	    "<p>Ana &lt;ana@x&gt; &amp; &quot;co&quot;</p>\n"
	    "<small>learn &amp; co</small>\n");

	buf_reset(&out);
	rc = tmpl_render(dir, "learn", "hello.txt", v, &out, &why);
	T_INT("override", rc, 0);
	T_STR("override partial used", buf_cstr(&out),
	    "Hello Ana <ana@x> & \"co\"\n-- \nlearn's own footer\nbye\n");

	buf_reset(&out);
	rc = tmpl_render(dir, "other", "hello.txt", v, &out, &why);
	T_INT("override fallback", rc, 0);
	T_OK("override fallback shipped footer",
	    strstr(buf_cstr(&out), "learn footer") != NULL);

	buf_reset(&out);
	rc = tmpl_render(dir, NULL, "bad.txt", v, &out, &why);
	T_INT("unknown var in file", rc, E_PARSE);
	T_STR("unknown var file:line", buf_cstr(&why),
	    "bad.txt:3: unknown variable \"foo\"");

	t_write("lists/learn/bad.txt", "{{#yes}}\n{{nope}}{{/yes}}\n");
	rc = tmpl_render(dir, "learn", "bad.txt", v, &out, &why);
	T_STR("override names its file", buf_cstr(&why),
	    "lists/learn/bad.txt:2: unknown variable \"nope\"");

	rc = tmpl_render(dir, NULL, "nosuch.txt", v, &out, &why);
	T_INT("missing template", rc, E_NOTFOUND);
	T_STR("missing template why", buf_cstr(&why),
	    "nosuch.txt: template not found");

	rc = tmpl_render(dir, NULL, "usesmissing.txt", v, &out, &why);
	T_INT("missing partial", rc, E_NOTFOUND);
	T_STR("missing partial why", buf_cstr(&why),
	    "usesmissing.txt:2: partial \"nothere\" not found (nothere.txt)");

	rc = tmpl_render(dir, NULL, "loop.txt", v, &out, &why);
	T_INT("partial depth cap", rc, E_LIMIT);
	T_STR("partial depth why", buf_cstr(&why),
	    "loop.txt:1: partials nested more than 8 deep");

	buf_reset(&out);
	rc = tmpl_render(dir, NULL, "inloop.txt", v, &out, &why);
	T_INT("partial in loop", rc, 0);
	T_STR("partial in loop out", buf_cstr(&out), "<First><Second>");

	rc = tmpl_render(dir, NULL, "../etc/passwd", v, &out, &why);
	T_INT("traversal name", rc, E_PARSE);
	rc = tmpl_render(dir, "../x", "hello.txt", v, &out, &why);
	T_INT("traversal list", rc, E_PARSE);

	T_OK("exists", tmpl_exists(dir, "learn", "hello.html"));
	T_OK("not exists", !tmpl_exists(dir, "learn", "nope.html"));

	vars_free(v);
	buf_release(&out);
	buf_release(&why);
}

static void
test_message(void)
{
	struct buf why = BUF_INIT(512);
	struct vars *v = sample();
	struct rendered r;
	const char *dir = t_tmpdir();
	int rc;

	rendered_init(&r);
	t_write("msg.txt",
	    "Subject: [{{list_name}}] Held: {{name}}\n"
	    "X-Stoa-Kind: notice\n"
	    "  continued\n"
	    "\n"
	    "Dear {{name}}, this line is long enough that it has to be wrapped "
	    "somewhere before the seventy-second column, see "
	    "https://learn.example/a/very/long/url/that/must/never/be/broken/"
	    "at/all.html for more.\n"
	    "> a quoted line that is quite long and must be kept exactly as it "
	    "is written here\n"
	    "    indented code that is also long and is kept exactly as it is "
	    "written here\n"
	    "- a list item that is long enough to be wrapped with a hanging "
	    "indent under it\n");
	t_write("msg.html", "<p>{{name}}</p>\n");
	rc = tmpl_render_message(dir, NULL, "msg", v, &r, &why);
	T_INT("message", rc, 0);
	T_STR("message why", buf_cstr(&why), "");
	T_STR("subject", r.subject, "[learn] Held: Ana <ana@x> & \"co\"");
	T_INT("n headers", (long long)r.n_headers, 1);
	if (r.n_headers == 1) {
		T_STR("header name", r.headers[0].name, "X-Stoa-Kind");
		T_STR(
		    "header unfolded", r.headers[0].value, "notice continued");
	}
	T_STR("wrapped text", r.text,
	    "Dear Ana <ana@x> & \"co\", this line is long enough that it has "
	    "to be\n"
	    "wrapped somewhere before the seventy-second column, see\n"
	    "https://learn.example/a/very/long/url/that/must/never/be/broken/"
	    "at/all.html\n"
	    "for more.\n"
	    "> a quoted line that is quite long and must be kept exactly as it "
	    "is written here\n"
	    "    indented code that is also long and is kept exactly as it is "
	    "written here\n"
	    "- a list item that is long enough to be wrapped with a hanging "
	    "indent\n"
	    "  under it\n");
	T_STR("html part", r.html,
	    "<p>Ana &lt;ana@x&gt; &amp; &quot;co&quot;</p>\n");
	rendered_release(&r);

	/* no html file: html is NULL */
	t_write("only.txt", "Subject: s\n\nbody");
	rc = tmpl_render_message(dir, NULL, "only", v, &r, &why);
	T_INT("txt only", rc, 0);
	T_OK("txt only no html", r.html == NULL);
	T_STR("txt only newline added", r.text, "body\n");
	rendered_release(&r);

	/* header injection through a value */
	vars_set(v, "evil", "hi\nBcc: victim@example.org");
	t_write("inj.txt", "Subject: {{evil}}\n\nbody {{evil}}\n");
	rc = tmpl_render_message(dir, NULL, "inj", v, &r, &why);
	T_INT("header injection refused", rc, E_PARSE);
	T_STR("header injection why", buf_cstr(&why),
	    "inj.txt:1: \"evil\" would put a line break into a header");
	T_OK("header injection leaves nothing", r.subject == NULL);

	/* but a line break in a body value is fine */
	t_write("inj2.txt", "Subject: ok\n\nbody {{evil}}\n");
	rc = tmpl_render_message(dir, NULL, "inj2", v, &r, &why);
	T_INT("line break in body value", rc, 0);
	rendered_release(&r);

	t_write("nosubj.txt", "X-A: b\n\nbody\n");
	rc = tmpl_render_message(dir, NULL, "nosubj", v, &r, &why);
	T_INT("no subject", rc, E_PARSE);
	T_STR(
	    "no subject why", buf_cstr(&why), "nosubj.txt: no Subject header");

	t_write("nohdr.txt", "Hello there\n\nbody\n");
	rc = tmpl_render_message(dir, NULL, "nohdr", v, &r, &why);
	T_INT("no header block", rc, E_PARSE);

	t_write("noblank.txt", "Subject: x\n");
	rc = tmpl_render_message(dir, NULL, "noblank", v, &r, &why);
	T_INT("no blank line", rc, E_PARSE);
	T_STR("no blank line why", buf_cstr(&why),
	    "noblank.txt: no blank line after the headers");

	t_write("from.txt", "Subject: x\nFrom: evil@example.org\n\nbody\n");
	rc = tmpl_render_message(dir, NULL, "from", v, &r, &why);
	T_INT("reserved header", rc, E_PARSE);

	rc = tmpl_render_message(dir, NULL, "absent", v, &r, &why);
	T_INT("message missing", rc, E_NOTFOUND);
	T_STR("message missing why", buf_cstr(&why),
	    "absent.txt: template not found");

	vars_free(v);
	buf_release(&why);
}

struct wcase {
	const char *name;
	const char *in;
	const char *want;
};

static const struct wcase wcases[] = {
    {"short kept", "short line\n", "short line\n"},
    {"no final newline", "a b", "a b"},
    {"empty", "", ""},
    {"blank lines", "\n\n", "\n\n"},
    {"wrap at 20", "aaaa bbbb cccc dddd eeee ffff",
        "aaaa bbbb cccc dddd\neeee ffff"},
    {"long word alone", "see https://example.org/aaaaaaaaaaaaaaaaaaaa now",
        "see\nhttps://example.org/aaaaaaaaaaaaaaaaaaaa\nnow"},
    {"quote kept", "> aaaa bbbb cccc dddd eeee ffff",
        "> aaaa bbbb cccc dddd eeee ffff"},
    {"code kept", "\taaaa bbbb cccc dddd eeee ffff",
        "\taaaa bbbb cccc dddd eeee ffff"},
    {"utf8 counts code points", "ééééé ééééé ééééé éé", "ééééé ééééé ééééé éé"},
    {"numbered hang", "1. aaaa bbbb cccc dddd eeee",
        "1. aaaa bbbb cccc\n   dddd eeee"},
    {"signature kept", "-- \n", "-- \n"},
    {"soft breaks that fit",
        "aaaa bbbb\x1f"
        "cccc\n",
        "aaaa bbbb\ncccc\n"},
    {"soft break reflows",
        "aaaa bbbb cccc dddd eeee\x1f"
        "ffff gggg.\n",
        "aaaa bbbb cccc dddd\neeee ffff gggg.\n"},
    {"soft after a line that fits",
        "one line.\x1f"
        "aaaa bbbb cccc dddd eeee\x1f"
        "ff",
        "one line.\naaaa bbbb cccc dddd\neeee ff"},
};

static void
test_wrap(void)
{
	struct buf out = BUF_INIT(4096);
	size_t i;

	for (i = 0; i < sizeof wcases / sizeof wcases[0]; i++) {
		buf_reset(&out);
		T_INT(wcases[i].name,
		    tmpl_wrap(wcases[i].in, strlen(wcases[i].in), 20, &out), 0);
		T_STR(wcases[i].name, buf_cstr(&out), wcases[i].want);
	}
	buf_release(&out);
}

/* shipped_vars - the documented variables of the shipped templates. */
static struct vars *
shipped_vars(void)
{
	struct vars *v = vars_new(), *a;

	vars_set(v, "site_name", "Stoa at Example");
	vars_set(v, "list_name", "learn");
	vars_set(v, "list_address", "learn@learn.example");
	vars_set(v, "request_address", "learn+request@learn.example");
	vars_set(v, "owner_address", "learn+owner@learn.example");
	vars_set(v, "reply_address", "learn+r-abc@learn.example");
	vars_set(v, "digest_address", "learn+request@learn.example");
	vars_set(v, "unsubscribe_address", "learn+u-abc@learn.example");
	vars_set(v, "recipient_name", "Ana");
	vars_set(v, "subject", "A question about <tags>");
	vars_set(v, "reason", "the message is larger than allowed");
	vars_set(v, "address", "learn+frobnicate@learn.example");
	vars_set(v, "author_name", "Bob");
	vars_set(v, "author", "bob@example.org");
	vars_set(v, "raw_sha256", "e3b0c44298fc1c149afbf4c8996fb924");
	vars_set_bool(v, "wiki", false); /* moderation_vars() */
	vars_set_bool(v, "not_member", true);
	vars_set(v, "wiki_page", "");
	vars_set(v, "text", "Hello all,\nwhat is a monad?\n");
	vars_set_safe(v, "html_text", "<p>Hello all,<br>what is a monad?</p>");
	vars_set_bool(v, "has_attachments", true);
	a = vars_add_item(v, "attachments");
	vars_set(a, "filename", "notes.pdf");
	vars_set(a, "size", "12 kB");
	return v;
}

struct ccase {
	const char *name, *in;
	size_t max;
	const char *want;
};

static const struct ccase ccases[] = {
    {"cut short kept", "abc\n", 10, "abc\n"},
    {"cut exact kept", "abcd", 4, "abcd"},
    {"cut at line end", "aaaa\nbbbbbbbb\n", 8,
        "aaaa\n[... 9 more bytes not shown: too long to mail]\n"},
    {"cut mid line", "aaaaaaaaaaaa", 8,
        "aaaaaaaa\n[... 4 more bytes not shown: too long to mail]\n"},
    {"cut not inside utf8",
        "aaaaaaa\xc3\xa9"
        "bb",
        8, "aaaaaaa\n[... 4 more bytes not shown: too long to mail]\n"},
};

/* A text of any size renders once cut with vars_set_cut. */
static void
test_cut(void)
{
	struct buf out = BUF_INIT(4096), why = BUF_INIT(512);
	struct vars *v = shipped_vars();
	struct rendered r;
	char *big;
	size_t i, n = TMPL_MAX_OUTPUT + 1;

	for (i = 0; i < sizeof ccases / sizeof ccases[0]; i++) {
		buf_reset(&out);
		T_INT(ccases[i].name,
		    tmpl_cut(ccases[i].in, ccases[i].max, &out), 0);
		T_STR(ccases[i].name, buf_cstr(&out), ccases[i].want);
	}
	big = xmalloc(n + 1);
	memset(big, '"', n); /* the worst case of HTML escaping */
	big[n] = '\0';
	vars_set(v, "text", big);
	rendered_init(&r);
	T_INT("big text uncut",
	    tmpl_render_message("templates", NULL, "list-post", v, &r, &why),
	    E_LIMIT);
	vars_set_cut(v, "text", big, TMPL_MAX_TEXT);
	rendered_init(&r);
	T_INT("big text cut",
	    tmpl_render_message("templates", NULL, "list-post", v, &r, &why),
	    0);
	if (buf_error(&why) == 0 && r.html == NULL)
		printf("  big text cut: %s\n", buf_cstr(&why));
	T_OK("big text cut html", r.html != NULL);
	T_OK("big text cut note",
	    r.text != NULL && strstr(r.text, "more bytes not shown") != NULL);
	rendered_release(&r);
	free(big);
	vars_free(v);
	buf_release(&out);
	buf_release(&why);
}

/* The shipped templates render with the documented variables. */
static void
test_shipped(void)
{
	static const char *const bases[] = {"notice-held", "notice-limit",
	    "notice-not-member", "notice-bad-token", "notice-unknown-address",
	    "notice-quarantined", "help", "list-post", NULL};
	struct buf why = BUF_INIT(512);
	struct vars *v = shipped_vars();
	struct rendered r;
	size_t i;
	int rc;

	for (i = 0; bases[i] != NULL; i++) {
		rendered_init(&r);
		rc = tmpl_render_message(
		    "templates", NULL, bases[i], v, &r, &why);
		T_INT(bases[i], rc, 0);
		if (rc != 0)
			printf("  %s: %s\n", bases[i], buf_cstr(&why));
		T_OK(bases[i], rc != 0 || (r.subject != NULL && r.subject[0]));
		rendered_release(&r);
	}
	vars_free(v);
	buf_release(&why);
}

int
main(void)
{
	test_strings();
	test_nesting_cap();
	test_output_cap();
	test_bad_key();
	test_replace();
	test_files();
	test_message();
	test_wrap();
	test_shipped();
	test_cut();
	return t_done();
}

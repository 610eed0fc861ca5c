/* t_buf.c - struct buf, slices, UTF-8 validation and number parsing. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "t.h"

static void
test_buf(void)
{
	struct buf b = BUF_INIT(10);
	char *p;

	T_STR("empty cstr", buf_cstr(&b), "");
	T_INT("add", buf_adds(&b, "hello"), 0);
	T_INT("addf", buf_addf(&b, "%d", 1234), 0);
	T_STR("content", buf_cstr(&b), "hello1234");
	T_INT("over max", buf_adds(&b, "xy"), E_LIMIT);
	T_INT("sticky", buf_adds(&b, ""), E_LIMIT);
	T_INT("error kept", buf_error(&b), E_LIMIT);
	T_STR("unchanged after error", buf_cstr(&b), "hello1234");
	buf_reset(&b);
	T_INT("reset clears error", buf_error(&b), 0);
	T_INT("exactly max", buf_adds(&b, "0123456789"), 0);
	T_INT("len", (long long)b.len, 10);
	buf_truncate(&b, 3);
	T_STR("truncate", buf_cstr(&b), "012");
	p = buf_detach(&b);
	T_STR("detach", p, "012");
	T_INT("detach resets", (long long)b.len, 0);
	free(p);
	p = buf_detach(&b);
	T_STR("detach empty", p, "");
	free(p);
	T_INT("addf over max", buf_addf(&b, "%s", "01234567890"), E_LIMIT);
	buf_release(&b);
	/* buf_addf writes into the room there is, else grows and writes */
	buf_init(&b, 200);
	buf_adds(&b, "ab");
	T_INT("addf in room", buf_addf(&b, "%s-%d", "xyz", 42), 0);
	T_STR("addf in room text", buf_cstr(&b), "abxyz-42");
	T_INT("addf grows", buf_addf(&b, "%070d", 7), 0);
	T_INT("addf grows len", (long long)b.len, 78);
	T_OK("addf grows text", b.data[77] == '7' && b.data[78] == '\0');
	buf_release(&b);
	/* the conversions buf_addf does itself, and the rest via vsnprintf */
	buf_init(&b, 1000);
	buf_addf(&b, "%d|%i|%ld|%lld|%u|%lu|%llu|%zu|%c|%%|%s", -42, 0, -7L,
	    (long long)INT64_MIN, 4000000000U, 5UL,
	    (unsigned long long)UINT64_MAX, (size_t)12, 'x', "end");
	T_STR("addf fast", buf_cstr(&b),
	    "-42|0|-7|-9223372036854775808|4000000000|5|18446744073709551615|12|x|%|end");
	buf_reset(&b);
	buf_addf(&b, "a%05db%xc%.2sd%-3s|%s", 42, 255, "xyz", "q", "z");
	T_STR("addf vsnprintf", buf_cstr(&b), "a00042bffcxydq  |z");
	buf_reset(&b);
	buf_addf(&b, "%s%lld%s", "pre", 9LL, "%d");
	T_STR("addf a %d inside an argument", buf_cstr(&b), "pre9%d");
	buf_release(&b);
	buf_init(&b, 10);
	T_INT("addf fast over max", buf_addf(&b, "%s-%d", "abcdefgh", 123),
	    E_LIMIT);
	T_INT("addf fast over max adds nothing", (long long)b.len, 0);
	buf_release(&b);
	buf_init(&b, 10);
	buf_adds(&b, "abc");
	T_INT(
	    "addf over max with room", buf_addf(&b, "%s", "12345678"), E_LIMIT);
	T_STR("addf over max leaves the text", buf_cstr(&b), "abc");
	buf_release(&b);
	buf_init(&b, 100);
	T_INT("reserve", buf_reserve(&b, 50), 0);
	T_INT("reserve is exact", (long long)b.cap, 51);
	T_INT("reserve keeps len", (long long)b.len, 0);
	T_INT("reserve over max", buf_reserve(&b, 101), E_LIMIT);
	T_INT("reserve error sticks", buf_adds(&b, "x"), E_LIMIT);
	buf_release(&b);
	buf_init(&b, 1 << 20);
	for (int i = 0; i < 1000; i++)
		buf_addc(&b, 'a' + i % 26);
	T_INT("grow many", (long long)b.len, 1000);
	T_INT("binary safe", buf_add(&b, "\0x", 2), 0);
	T_INT("binary len", (long long)b.len, 1002);
	buf_release(&b);
}

static void
test_str(void)
{
	struct str s = str_trim(str_from("  \t hi there \r\n"));
	char *d;

	T_OK("trim", str_eq(s, "hi there"));
	T_OK("ieq", str_ieq(str_from("HeLLo"), "hello"));
	T_OK("ieq len", !str_ieq(str_from("hell"), "hello"));
	T_OK("prefix", str_has_prefix("smtp://x", "smtp://"));
	T_OK("iprefix", str_ihas_prefix("RE: x", "re:"));
	T_OK("iprefix short", !str_ihas_prefix("R", "re:"));
	d = str_dup(s);
	str_lower(d);
	T_STR("dup lower", d, "hi there");
	free(d);
}

static void
test_utf8(void)
{
	static const struct {
		const char *name, *in;
		bool want;
	} t[] = {
	    {"ascii", "abc", true},
	    {"2 byte", "caf\xc3\xa9", true},
	    {"4 byte", "\xf0\x9f\x98\x80", true},
	    {"lone continuation", "\x80", false},
	    {"overlong", "\xc0\xaf", false},
	    {"surrogate", "\xed\xa0\x80", false},
	    {"truncated", "\xe2\x82", false},
	    {"over max", "\xf4\x90\x80\x80", false},
	    {"latin1", "caf\xe9", false},
	};
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		T_INT(
		    t[i].name, utf8_valid(t[i].in, strlen(t[i].in)), t[i].want);
	T_OK("NUL refused", !utf8_valid("a\0b", 3));
}

static void
test_parse(void)
{
	unsigned long long u = 0;
	long long v = 0;

	T_INT("u64 ok", parse_u64("42", 100, &u), 0);
	T_INT("u64 value", (long long)u, 42);
	T_INT("u64 over", parse_u64("101", 100, &u), E_PARSE);
	T_INT("u64 junk", parse_u64("4x", 100, &u), E_PARSE);
	T_INT("u64 negative", parse_u64("-1", 100, &u), E_PARSE);
	T_INT("u64 empty", parse_u64("", 100, &u), E_PARSE);
	T_INT("u64 overflow", parse_u64("99999999999999999999999", ~0ULL, &u),
	    E_PARSE);
	T_INT("i64 ok", parse_i64("-5", -10, 10, &v), 0);
	T_INT("i64 value", v, -5);
	T_INT("i64 range", parse_i64("11", -10, 10, &v), E_PARSE);
	T_INT("i64 space", parse_i64(" 1", -10, 10, &v), E_PARSE);
}

static void
test_why(void)
{
	struct buf why = BUF_INIT(64);

	buf_sets(&why, "an older reason");
	T_INT("why returns rc", buf_why(&why, 7, "line %d: %s", 3, "bad"), 7);
	T_STR("why replaces", buf_cstr(&why), "line 3: bad");
	T_INT("no why, still rc", buf_why(NULL, -2, "x"), -2);
	buf_release(&why);
}

int
main(void)
{
	test_buf();
	test_why();
	test_str();
	test_utf8();
	test_parse();
	return t_done();
}

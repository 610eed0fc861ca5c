/*
 * gift.c - the GIFT subset and the member form (see gift.h).
 *
 * gift_parse() walks the input line by line: blank lines end a question,
 * `//` lines vanish, `$CATEGORY:` sets the topic, other lines collect in
 * a block.  Each block is parsed on its own (parse_block), so one bad
 * question never hides the next; the first error of each block goes to
 * the error list with the block's first line.  Inside a block every
 * search skips backslash escapes (find_unesc), and unescape() turns a
 * raw slice into clean text: escapes resolved, white space collapsed.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "crypto.h"
#include "err.h"
#include "gift.h"
#include "xmalloc.h"

#define GIFT_BLANK "_____" /* the gap of a missing-word question */

/* struct gift_ctx - the state of one gift_parse() run. */
struct gift_ctx {
	struct gift_set *set;
	struct buf *errors;
	char *topic; /* the $CATEGORY in force, owned */
	int n_errors;
};

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static struct str
trim(const char *p, size_t n)
{
	struct str s = {p, n};

	return str_trim(s);
}

/* find_unesc - index of the first unescaped needle in s from i, or s.n. */
static size_t
find_unesc(struct str s, size_t i, const char *needle)
{
	size_t k = strlen(needle);

	for (; i < s.n; i++) {
		if (s.p[i] == '\\') {
			i++;
			continue;
		}
		if (i + k <= s.n && memcmp(s.p + i, needle, k) == 0)
			return i;
	}
	return s.n;
}

/* unescape - a heap copy of s: escapes resolved, spaces collapsed. */
static char *
unescape(struct str s)
{
	struct buf b = BUF_INIT(GIFT_MAX_TEXT + 1);
	size_t i;
	char c;

	s = trim(s.p, s.n);
	buf_add(&b, "", 0);
	for (i = 0; i < s.n; i++) {
		c = s.p[i];
		if (is_space(c)) {
			if (b.len > 0 && b.data[b.len - 1] != ' ' &&
			    b.data[b.len - 1] != '\n')
				buf_addc(&b, ' ');
			continue;
		}
		if (c == '\\' && i + 1 < s.n) {
			c = s.p[++i];
			if (c == 'n') {
				buf_truncate(&b,
				    b.len > 0 && b.data[b.len - 1] == ' '
				        ? b.len - 1
				        : b.len);
				c = '\n';
			} else if (strchr("~=#{}:\\", c) == NULL) {
				buf_addc(&b, '\\');
			}
		}
		buf_addc(&b, c);
	}
	return buf_detach(&b);
}

static struct str
slice(struct str s, size_t from, size_t to)
{
	struct str r = {s.p + from, to - from};

	return r;
}

void
gift_question_release(struct gift_question *q)
{
	size_t i;

	if (q == NULL)
		return;
	for (i = 0; i < q->n_answers; i++) {
		free(q->answers[i].text);
		free(q->answers[i].feedback);
	}
	free(q->answers);
	free(q->title);
	free(q->topic);
	free(q->text);
	free(q->general);
	memset(q, 0, sizeof *q);
}

void
gift_set_release(struct gift_set *set)
{
	size_t i;

	if (set == NULL)
		return;
	for (i = 0; i < set->n; i++)
		gift_question_release(&set->q[i]);
	free(set->q);
	set->q = NULL;
	set->n = 0;
}

static void
add_answer(struct gift_question *q, char *text, char *feedback, bool right)
{
	struct gift_answer *a;

	q->answers =
	    xreallocarray(q->answers, q->n_answers + 1, sizeof *q->answers);
	a = &q->answers[q->n_answers++];
	a->text = text;
	a->feedback = feedback;
	a->right = right;
}

/* feedback_of - unescaped text of s, or NULL when it is empty. */
static char *
feedback_of(struct str s)
{
	s = trim(s.p, s.n);
	return s.n > 0 ? unescape(s) : NULL;
}

static int
fail(struct buf *why, const char *msg)
{
	buf_sets(why, msg);
	return E_PARSE;
}

/* tf_value - 1 for T/TRUE, 0 for F/FALSE, -1 for anything else. */
static int
tf_value(struct str w)
{
	if (str_ieq(w, "t") || str_ieq(w, "true"))
		return 1;
	if (str_ieq(w, "f") || str_ieq(w, "false"))
		return 0;
	return -1;
}

/*
 * parse_tf - {T}, {FALSE#if wrong#if right}.  Returns 0, 1 when part is
 * not a true/false block, or E_PARSE.
 */
static int
parse_tf(struct str part, struct gift_question *q, struct buf *why)
{
	size_t h1 = find_unesc(part, 0, "#"), h2;
	int v = tf_value(trim(part.p, h1));
	char *fb[2] = {NULL, NULL}; /* if wrong, if right */

	if (v < 0)
		return 1;
	h2 = h1 < part.n ? find_unesc(part, h1 + 1, "#") : part.n;
	if (h2 < part.n && find_unesc(part, h2 + 1, "#") < part.n)
		return fail(why, "true/false takes at most two feedbacks");
	if (h1 < part.n)
		fb[0] = feedback_of(slice(part, h1 + 1, h2));
	if (h2 < part.n)
		fb[1] = feedback_of(slice(part, h2 + 1, part.n));
	q->kind = GIFT_TF;
	add_answer(q, xstrdup("True"), fb[v == 1 ? 1 : 0], v == 1);
	add_answer(q, xstrdup("False"), fb[v == 1 ? 0 : 1], v == 0);
	return 0;
}

/* parse_one - one answer after its = or ~ marker. */
static int
parse_one(struct str body, bool right, struct gift_question *q, struct buf *why)
{
	size_t h = find_unesc(body, 0, "#");
	struct str text = trim(body.p, h);

	if (text.n > 0 && text.p[0] == '%')
		return fail(why, "answer weights (%...%) are not supported");
	if (text.n == 0)
		return fail(why, "an answer is empty");
	add_answer(q, unescape(text),
	    h < body.n ? feedback_of(slice(body, h + 1, body.n)) : NULL, right);
	return 0;
}

static size_t
next_marker(struct str part, size_t from)
{
	size_t e = find_unesc(part, from, "="), t = find_unesc(part, from, "~");

	return e < t ? e : t;
}

/* classify - choice or short answer from the right and wrong counts. */
static int
classify(struct gift_question *q, struct buf *why)
{
	size_t i, right = 0;

	for (i = 0; i < q->n_answers; i++)
		right += q->answers[i].right;
	if (q->n_answers > GIFT_MAX_ANSWERS) {
		buf_sets(why, "");
		buf_addf(why, "too many answers (%zu, at most %d)",
		    q->n_answers, GIFT_MAX_ANSWERS);
		return E_PARSE;
	}
	if (right == 0)
		return fail(why, "no right answer (=)");
	if (right == q->n_answers) {
		q->kind = GIFT_SHORT;
		return 0;
	}
	if (right > 1)
		return fail(why,
		    "a multiple choice question needs exactly "
		    "one right answer (=)");
	q->kind = GIFT_CHOICE;
	return 0;
}

static int
parse_choices(struct str part, struct gift_question *q, struct buf *why)
{
	size_t i = 0, j;
	int rc;

	if (part.p[0] != '=' && part.p[0] != '~')
		return fail(why,
		    "an answer must start with = (right) or ~ "
		    "(wrong)");
	if (find_unesc(part, 0, "->") < part.n)
		return fail(why, "matching questions (->) are not supported");
	while (i < part.n) {
		j = next_marker(part, i + 1);
		rc = parse_one(slice(part, i + 1, j), part.p[i] == '=', q, why);
		if (rc != 0)
			return rc;
		if (q->n_answers > GIFT_MAX_ANSWERS)
			break;
		i = j;
	}
	return classify(q, why);
}

/* parse_answers - the inside of {...}. */
static int
parse_answers(struct str part, struct gift_question *q, struct buf *why)
{
	size_t g;
	int rc;

	part = trim(part.p, part.n);
	if (part.n == 0)
		return fail(why, "essay questions ({}) are not supported");
	if (part.p[0] == '#')
		return fail(
		    why, "numerical questions ({#...}) are not supported");
	g = find_unesc(part, 0, "####");
	if (g < part.n)
		q->general = feedback_of(slice(part, g + 4, part.n));
	part = trim(part.p, g);
	if (part.n == 0)
		return fail(why, "no answers before the #### feedback");
	rc = parse_tf(part, q, why);
	if (rc != 1)
		return rc;
	return parse_choices(part, q, why);
}

/* skip_title - take ::title:: off the front of *s. */
static int
skip_title(struct str *s, struct gift_question *q, struct buf *why)
{
	size_t e;

	if (s->n < 2 || memcmp(s->p, "::", 2) != 0)
		return 0;
	e = find_unesc(*s, 2, "::");
	if (e == s->n)
		return fail(why, "the title is not closed with ::");
	q->title = feedback_of(slice(*s, 2, e));
	*s = trim(s->p + e + 2, s->n - e - 2);
	return 0;
}

/* skip_format - drop a leading [plain], [moodle], [markdown] or [html]. */
static void
skip_format(struct str *s)
{
	static const char *const marks[] = {
	    "[plain]", "[moodle]", "[markdown]", "[html]", NULL};
	size_t i, k;

	for (i = 0; marks[i] != NULL; i++) {
		k = strlen(marks[i]);
		if (s->n >= k && strncasecmp(s->p, marks[i], k) == 0) {
			*s = trim(s->p + k, s->n - k);
			return;
		}
	}
}

/* question_text - the text around the block; the block becomes a gap. */
static char *
question_text(struct str before, struct str after)
{
	struct buf b = BUF_INIT(3 * GIFT_MAX_TEXT);
	char *pre = unescape(before), *post = unescape(after);

	buf_adds(&b, pre);
	if (post[0] != '\0') {
		buf_adds(&b, " " GIFT_BLANK " ");
		buf_adds(&b, post);
	}
	free(pre);
	free(post);
	return buf_detach(&b);
}

static int
parse_block(struct str s, struct gift_question *q, struct buf *why)
{
	size_t open, close;
	int rc;

	rc = skip_title(&s, q, why);
	if (rc != 0)
		return rc;
	skip_format(&s);
	open = find_unesc(s, 0, "{");
	if (open == s.n)
		return fail(why,
		    find_unesc(s, 0, "}") < s.n ? "} without {"
		                                : "no answer block {...}");
	if (find_unesc(slice(s, 0, open), 0, "}") < open)
		return fail(why, "} without {");
	close = find_unesc(s, open + 1, "}");
	if (close == s.n)
		return fail(why, "{ without }");
	if (find_unesc(slice(s, 0, close), open + 1, "{") < close)
		return fail(why, "{ inside an answer block");
	if (find_unesc(s, close + 1, "{") < s.n ||
	    find_unesc(s, close + 1, "}") < s.n)
		return fail(why, "more than one answer block, or a stray }");
	q->text = question_text(slice(s, 0, open), slice(s, close + 1, s.n));
	if (q->text[0] == '\0')
		return fail(why, "the question has no text");
	return parse_answers(slice(s, open + 1, close), q, why);
}

static void
add_error(struct gift_ctx *c, int line, const char *msg)
{
	c->n_errors++;
	if (c->n_errors <= GIFT_MAX_ERRORS)
		buf_addf(c->errors, "%d: %s\n", line, msg);
	else if (c->n_errors == GIFT_MAX_ERRORS + 1)
		buf_adds(c->errors, "... more errors\n");
}

/* flush - parse the collected block (if any) and empty it. */
static void
flush(struct gift_ctx *c, struct buf *blk, int line)
{
	struct gift_question q;
	struct buf why = BUF_INIT(256);
	struct gift_set *set = c->set;

	if (blk->len == 0 && buf_error(blk) == 0)
		return;
	memset(&q, 0, sizeof q);
	q.line = line;
	if (buf_error(blk) != 0)
		add_error(c, line, "the question is too long");
	else if (set->n >= GIFT_MAX_QUESTIONS)
		add_error(c, line, "too many questions in one file");
	else if (parse_block(trim(blk->data, blk->len), &q, &why) != 0)
		add_error(c, line, buf_cstr(&why));
	else {
		q.topic = c->topic != NULL ? xstrdup(c->topic) : NULL;
		set->q = xreallocarray(set->q, set->n + 1, sizeof *set->q);
		set->q[set->n++] = q;
		memset(&q, 0, sizeof q);
	}
	gift_question_release(&q);
	buf_release(&why);
	buf_reset(blk);
}

/* check_bytes - a NUL or invalid UTF-8 anywhere refuses the file. */
static int
check_bytes(struct gift_ctx *c, const char *p, size_t n)
{
	size_t i = 0, k;
	int line = 1;

	while (i < n) {
		k = utf8_char_len((const unsigned char *)p + i, n - i);
		if (p[i] == '\0' || k == 0) {
			add_error(c, line,
			    p[i] == '\0' ? "NUL byte in the file"
			                 : "not UTF-8 text");
			return E_PARSE;
		}
		line += p[i] == '\n';
		i += k;
	}
	return 0;
}

static bool
is_comment(struct str l)
{
	return l.n >= 2 && l.p[0] == '/' && l.p[1] == '/';
}

/* category - the topic of a "$CATEGORY: topic" line, or NULL. */
static char *
category(struct str l)
{
	static const char tag[] = "$CATEGORY:";

	if (l.n < sizeof tag - 1 || strncasecmp(l.p, tag, sizeof tag - 1) != 0)
		return NULL;
	return unescape(trim(l.p + sizeof tag - 1, l.n - (sizeof tag - 1)));
}

/* walk - split the input into blocks and topics, parsing each block. */
static void
walk(struct gift_ctx *c, const char *p, size_t n)
{
	struct buf blk = BUF_INIT(GIFT_MAX_TEXT);
	size_t i = 0, e;
	int line = 1, first = 1;
	struct str l;
	char *topic;

	for (; i < n; i = e + 1, line++) {
		e = i;
		while (e < n && p[e] != '\n')
			e++;
		l = trim(p + i, e - i);
		topic = l.n > 0 ? category(l) : NULL;
		if (l.n == 0 || topic != NULL) {
			flush(c, &blk, first);
			if (l.n == 0)
				continue;
			free(c->topic);
			c->topic = topic[0] != '\0' ? topic : NULL;
			if (c->topic == NULL)
				free(topic);
			continue;
		}
		if (is_comment(l))
			continue;
		if (blk.len == 0)
			first = line;
		buf_add(&blk, p + i, e - i);
		buf_addc(&blk, '\n');
	}
	flush(c, &blk, first);
	buf_release(&blk);
}

int
gift_parse(const char *p, size_t n, struct gift_set *out, struct buf *errors)
{
	struct gift_ctx c = {out, errors, NULL, 0};

	out->q = NULL;
	out->n = 0;
	if (n > GIFT_MAX_BYTES) {
		buf_addf(errors, "1: the file is larger than %d bytes\n",
		    GIFT_MAX_BYTES);
		return E_LIMIT;
	}
	if (check_bytes(&c, p, n) == 0)
		walk(&c, p, n);
	free(c.topic);
	if (c.n_errors > 0) {
		gift_set_release(out);
		return E_PARSE;
	}
	if (out->n == 0) {
		buf_adds(errors, "1: no question in the file\n");
		return E_PARSE;
	}
	return 0;
}

/* struct form - the fields of a member's proposal while it is read. */
struct form {
	struct buf text, answer, why, topic;
	struct buf opts[GIFT_MAX_ANSWERS];
	size_t n_opts;
	struct buf *cur; /* where a line without a label goes */
};

/* label - the rest of l after "name:" (case-insensitive), or NULL. */
static const char *
label(struct str l, const char *name)
{
	size_t k = strlen(name);

	if (l.n < k || strncasecmp(l.p, name, k) != 0)
		return NULL;
	return l.p + k;
}

/* option - true when l is the next option line ("B) text", "b. text"). */
static bool
option(const struct form *f, struct str l)
{
	char want = (char)('a' + f->n_opts);

	if (f->cur == NULL || f->cur == &f->answer || f->cur == &f->why ||
	    f->n_opts >= GIFT_MAX_ANSWERS || l.n < 2)
		return false;
	if ((l.p[0] | 0x20) != want || (l.p[1] != ')' && l.p[1] != '.'))
		return false;
	return l.n == 2 || is_space(l.p[2]);
}

/* start - begin field b with the text after a label. */
static void
start(struct form *f, struct buf *b, struct str l, const char *rest)
{
	f->cur = b;
	buf_add(b, rest, l.n - (size_t)(rest - l.p));
	buf_addc(b, ' ');
}

static void
form_line(struct form *f, struct str l)
{
	static const char *const names[] = {"q:", "question:", "answer:",
	    "why:", "explanation:", "topic:", NULL};
	struct buf *dest[] = {
	    &f->text, &f->text, &f->answer, &f->why, &f->why, &f->topic};
	const char *rest;
	size_t i;

	for (i = 0; names[i] != NULL; i++) {
		rest = label(l, names[i]);
		if (rest != NULL) {
			start(f, dest[i], l, rest);
			return;
		}
	}
	if (option(f, l)) {
		start(f, &f->opts[f->n_opts++], l, l.p + 2);
		return;
	}
	if (f->cur != NULL) {
		buf_add(f->cur, l.p, l.n);
		buf_addc(f->cur, ' ');
	}
}

static struct str
field(const struct buf *b)
{
	return trim(buf_cstr(b), b->len);
}

/* form_short - no options: true/false, or accepted answers "a | b". */
static int
form_short(struct str ans, struct gift_question *q, struct buf *why)
{
	size_t i = 0, j;
	int v = tf_value(ans);

	if (v >= 0) {
		q->kind = GIFT_TF;
		add_answer(q, xstrdup("True"), NULL, v == 1);
		add_answer(q, xstrdup("False"), NULL, v == 0);
		return 0;
	}
	q->kind = GIFT_SHORT;
	while (i <= ans.n) {
		for (j = i; j < ans.n && ans.p[j] != '|'; j++)
			;
		if (trim(ans.p + i, j - i).n > 0)
			add_answer(q, unescape(slice(ans, i, j)), NULL, true);
		i = j + 1;
	}
	if (q->n_answers == 0 || q->n_answers > GIFT_MAX_ANSWERS)
		return fail(why, "Answer: needs one to 26 accepted answers");
	return 0;
}

/* form_choice - options A) B) ... and a letter after Answer:. */
static int
form_choice(
    struct form *f, struct str ans, struct gift_question *q, struct buf *why)
{
	size_t i, pick;

	if (f->n_opts < 2)
		return fail(why, "a question needs at least two options A) B)");
	if (ans.n > 1 && (ans.p[ans.n - 1] == ')' || ans.p[ans.n - 1] == '.'))
		ans.n--;
	pick = ans.n == 1 ? (size_t)((ans.p[0] | 0x20) - 'a') : f->n_opts;
	if (pick >= f->n_opts) {
		buf_sets(why, "");
		buf_addf(why, "Answer: must be one of the letters A-%c",
		    (char)('A' + f->n_opts - 1));
		return E_PARSE;
	}
	q->kind = GIFT_CHOICE;
	for (i = 0; i < f->n_opts; i++) {
		if (field(&f->opts[i]).n == 0)
			return fail(why, "an option is empty");
		add_answer(q, unescape(field(&f->opts[i])), NULL, i == pick);
	}
	return 0;
}

static int
form_build(struct form *f, struct gift_question *q, struct buf *why)
{
	struct str ans = field(&f->answer);

	if (buf_error(&f->text) != 0 || buf_error(&f->why) != 0)
		return fail(why, "the question is too long");
	if (field(&f->text).n == 0)
		return fail(why, "no question: start it with Q:");
	if (ans.n == 0)
		return fail(why, "no Answer: line");
	q->text = unescape(field(&f->text));
	q->general = feedback_of(field(&f->why));
	q->topic = feedback_of(field(&f->topic));
	if (f->n_opts == 0)
		return form_short(ans, q, why);
	return form_choice(f, ans, q, why);
}

static void
form_release(struct form *f)
{
	size_t i;

	buf_release(&f->text);
	buf_release(&f->answer);
	buf_release(&f->why);
	buf_release(&f->topic);
	for (i = 0; i < GIFT_MAX_ANSWERS; i++)
		buf_release(&f->opts[i]);
}

int
gift_parse_form(
    const char *p, size_t n, struct gift_question *q, struct buf *why)
{
	struct form f;
	size_t i, e;
	int rc;

	memset(q, 0, sizeof *q);
	if (!utf8_valid(p, n))
		return fail(why, "the text has a NUL byte or is not UTF-8");
	memset(&f, 0, sizeof f);
	buf_init(&f.text, GIFT_MAX_TEXT);
	buf_init(&f.answer, GIFT_MAX_TEXT);
	buf_init(&f.why, GIFT_MAX_TEXT);
	buf_init(&f.topic, GIFT_MAX_TEXT);
	for (i = 0; i < GIFT_MAX_ANSWERS; i++)
		buf_init(&f.opts[i], GIFT_MAX_TEXT);
	q->line = 1;
	for (i = 0; i < n; i = e + 1) {
		for (e = i; e < n && p[e] != '\n'; e++)
			;
		form_line(&f, trim(p + i, e - i));
	}
	rc = n > GIFT_MAX_TEXT ? fail(why, "the question is too long")
	                       : form_build(&f, q, why);
	if (rc != 0)
		gift_question_release(q);
	form_release(&f);
	return rc;
}

/* normal - lower-cased ASCII, white space collapsed, trimmed. */
static void
normal(struct buf *b, const char *s)
{
	struct str t = trim(s, strlen(s));
	size_t i;

	for (i = 0; i < t.n; i++) {
		if (is_space(t.p[i])) {
			if (!is_space(t.p[i + 1]))
				buf_addc(b, ' ');
			continue;
		}
		buf_addc(
		    b, t.p[i] >= 'A' && t.p[i] <= 'Z' ? t.p[i] | 0x20 : t.p[i]);
	}
}

static int
hash_buf(struct buf *b, char out[GIFT_KEY_LEN])
{
	int rc = buf_error(b);

	out[0] = '\0';
	if (rc == 0)
		rc = crypto_sha256_hex(buf_cstr(b), b->len, out);
	buf_release(b);
	return rc;
}

int
gift_key(const struct gift_question *q, char out[GIFT_KEY_LEN])
{
	struct buf b = BUF_INIT(4 * GIFT_MAX_TEXT);
	bool titled = q->title != NULL && q->title[0] != '\0';

	buf_adds(&b, titled ? "title:" : "text:");
	normal(&b, titled ? q->title : q->text);
	return hash_buf(&b, out);
}

static void
add_field(struct buf *b, const char *s)
{
	buf_adds(b, s != NULL ? s : "");
	buf_add(b, "", 1); /* a NUL between fields */
}

int
gift_digest(const struct gift_question *q, char out[GIFT_KEY_LEN])
{
	struct buf b = BUF_INIT(8 * GIFT_MAX_TEXT);
	size_t i;

	buf_addf(&b, "%d", (int)q->kind);
	add_field(&b, q->title);
	add_field(&b, q->topic);
	add_field(&b, q->text);
	add_field(&b, q->general);
	for (i = 0; i < q->n_answers; i++) {
		add_field(&b, q->answers[i].right ? "=" : "~");
		add_field(&b, q->answers[i].text);
		add_field(&b, q->answers[i].feedback);
	}
	return hash_buf(&b, out);
}

/*
 * trim_score.c - score trim_reply() against another project's fixtures.
 *
 * Usage: trim_score [-v] SET DIR     SET: github | zapier | crisp | talon
 *        trim_score [-v] classes DIR our own cases, DIR/CLASS/NAME.txt
 *        trim_score [-k] -d FILE     print text, quoted and flags of FILE
 *
 * Reads DIR/expected.tsv (file, check, value; \n \t \\ escaped) and prints
 * "SET: passed/total (pct%)" over the checks on the reply text; with -v
 * every failed check too.  Checks that need fragments, HTML or a
 * signature extractor are counted as "not scored" and listed in the last
 * line.  The mapping of each upstream check onto a fragment-less trimmer
 * is in docs/trimming.md; in short, index 0 and non-hidden, non-quoted
 * fragments must be found in the text, quoted or hidden ones in quoted.
 * Comparisons normalise CRLF and strip surrounding whitespace.
 * talon inputs are trimmed with TRIM_KEEP_SIGNATURE (its convention);
 * .eml inputs go through a tiny MIME reader (first text/plain part,
 * base64 / quoted-printable, Latin-1 converted) that exists only here.
 * A class case is "== body\n" BODY "== text\n" TEXT: trimmed with
 * opts 0, the text must equal TEXT; one line per class folder.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <regex.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "buf.h"
#include "trim.h"
#include "xmalloc.h"

#define MAX_FILE  (8 * 1024 * 1024)
#define MAX_FRAGS 16

static bool verbose;

struct row {
	char *file, *check, *value;
};

/* read_file - whole file, NUL-terminated; NULL when unreadable. */
static char *
read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT(MAX_FILE);
	char chunk[8192];
	size_t n;

	if (f == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	if (buf_error(&b) != 0) {
		buf_release(&b);
		return NULL;
	}
	*len = b.len;
	return buf_detach(&b);
}

static char *
unescape(const char *s)
{
	struct buf b = BUF_INIT(MAX_FILE);

	for (; *s != '\0'; s++) {
		if (*s == '\\' && s[1] != '\0') {
			s++;
			buf_addc(&b,
			    *s == 'n'       ? '\n'
			        : *s == 't' ? '\t'
			        : *s == 'r' ? '\r'
			                    : *s);
		} else {
			buf_addc(&b, *s);
		}
	}
	return buf_detach(&b);
}

/* trimmed - heap copy without surrounding whitespace and with LF only. */
static char *
trimmed(const char *s)
{
	struct buf b = BUF_INIT(MAX_FILE);
	size_t i, n = strlen(s);

	for (i = 0; i < n; i++) {
		if (s[i] == '\r' && s[i + 1] == '\n')
			continue;
		if (s[i] == '\n')
			while (b.len > 0 &&
			    (b.data[b.len - 1] == ' ' ||
			        b.data[b.len - 1] == '\t'))
				buf_truncate(&b, b.len - 1);
		buf_addc(&b, s[i]);
	}
	while (b.len > 0 && isspace((unsigned char)b.data[b.len - 1]))
		buf_truncate(&b, b.len - 1);
	for (i = 0; i < b.len && isspace((unsigned char)b.data[i]); i++)
		;
	s = buf_cstr(&b);
	s = xstrdup(s + i);
	buf_release(&b);
	return (char *)s;
}

static bool
eq_trimmed(const char *a, const char *b)
{
	char *x = trimmed(a), *y = trimmed(b);
	bool r = strcmp(x, y) == 0;

	free(x);
	free(y);
	return r;
}

static bool
contains_trimmed(const char *hay, const char *needle)
{
	char *y = trimmed(needle);
	bool r = strstr(hay, y) != NULL;

	free(y);
	return r;
}

/*
 * rx_match - Ruby or JavaScript (/re/flags) regex, translated to POSIX
 * ERE: \n \t become the characters, \: \/ lose their backslash, \s \d
 * become classes.  Ruby's ^ is always multi-line; JavaScript's only with
 * the m flag.
 */
static bool
rx_match(const char *hay, const char *re, bool ruby)
{
	struct buf b = BUF_INIT(MAX_FILE);
	const char *end = re + strlen(re);
	int cflags = REG_EXTENDED | REG_NOSUB;
	regex_t rx;
	bool r;

	if (!ruby && re[0] == '/') {
		re++;
		while (end > re && end[-1] != '/') {
			if (end[-1] == 'm')
				cflags |= REG_NEWLINE;
			if (end[-1] == 'i')
				cflags |= REG_ICASE;
			end--;
		}
		if (end > re)
			end--;
	}
	if (ruby)
		cflags |= REG_NEWLINE;
	for (; re < end; re++) {
		if (*re != '\\' || re + 1 >= end) {
			buf_addc(&b, *re);
			continue;
		}
		re++;
		if (*re == 'n')
			buf_addc(&b, '\n');
		else if (*re == 't')
			buf_addc(&b, '\t');
		else if (*re == 's')
			buf_adds(&b, "[[:space:]]");
		else if (*re == 'd')
			buf_adds(&b, "[0-9]");
		else if (*re == ':' || *re == '/' || *re == '-')
			buf_addc(&b, *re);
		else
			buf_addf(&b, "\\%c", *re);
	}
	if (regcomp(&rx, buf_cstr(&b), cflags) != 0) {
		fprintf(stderr, "trim_score: bad regex %s\n", buf_cstr(&b));
		buf_release(&b);
		return false;
	}
	r = regexec(&rx, hay, 0, NULL, 0) == 0;
	regfree(&rx);
	buf_release(&b);
	return r;
}

/* --- the tiny MIME reader for talon's .eml files ----------------------- */

static int
b64val(int c)
{
	const char *a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	                "0123456789+/";
	const char *p = c != 0 ? strchr(a, c) : NULL;

	return p == NULL ? -1 : (int)(p - a);
}

static void
decode_b64(const char *s, size_t n, struct buf *out)
{
	unsigned acc = 0;
	int bits = 0, v;
	size_t i;

	for (i = 0; i < n; i++) {
		v = b64val((unsigned char)s[i]);
		if (v < 0)
			continue;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf_addc(out, (int)((acc >> bits) & 0xff));
		}
	}
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = toupper(c);
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void
decode_qp(const char *s, size_t n, struct buf *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] != '=') {
			buf_addc(out, s[i]);
			continue;
		}
		if (i + 1 < n && s[i + 1] == '\n') {
			i++;
			continue;
		}
		if (i + 2 < n && s[i + 1] == '\r' && s[i + 2] == '\n') {
			i += 2;
			continue;
		}
		if (i + 2 < n && hexval(s[i + 1]) >= 0 &&
		    hexval(s[i + 2]) >= 0) {
			buf_addc(out, hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
			continue;
		}
		buf_addc(out, '=');
	}
}

/* header - unfolded value of header name in h[0..n), or NULL; owned. */
static char *
header(const char *h, size_t n, const char *name)
{
	struct buf b = BUF_INIT(MAX_FILE);
	size_t i = 0, nl = strlen(name), e;

	while (i < n) {
		e = i;
		while (e < n && h[e] != '\n')
			e++;
		if (e - i > nl && strncasecmp(h + i, name, nl) == 0 &&
		    h[i + nl] == ':') {
			buf_add(&b, h + i + nl + 1, e - i - nl - 1);
			while (e + 1 < n &&
			    (h[e + 1] == ' ' || h[e + 1] == '\t')) {
				i = e + 1;
				e = i;
				while (e < n && h[e] != '\n')
					e++;
				buf_add(&b, h + i, e - i);
			}
			return buf_detach(&b);
		}
		i = e + 1;
	}
	buf_release(&b);
	return NULL;
}

/* param - value of parameter p (e.g. "boundary") in a header value. */
static char *
param(const char *v, const char *p)
{
	const char *s = v;
	size_t pl = strlen(p), n;

	while ((s = strchr(s, ';')) != NULL) {
		s++;
		while (*s == ' ' || *s == '\t')
			s++;
		if (strncasecmp(s, p, pl) == 0 && s[pl] == '=') {
			s += pl + 1;
			if (*s == '"') {
				s++;
				n = strcspn(s, "\"");
			} else {
				n = strcspn(s, "; \t\r\n");
			}
			return xstrndup(s, n);
		}
	}
	return NULL;
}

/* first_plain - append the decoded first text/plain part to out. */
static bool
first_plain(const char *m, size_t n, struct buf *out)
{
	const char *sep, *body, *p, *q, *end = m + n;
	char *ct, *cte, *bd, *cs, delim[256];
	size_t hl, dl;
	bool found = false;
	struct buf raw = BUF_INIT(MAX_FILE);
	size_t i;

	sep = NULL;
	for (p = m; p < end; p++) {
		if (*p == '\n' && p + 1 < end &&
		    (p[1] == '\n' ||
		        (p[1] == '\r' && p + 2 < end && p[2] == '\n'))) {
			sep = p + 1;
			break;
		}
	}
	if (sep == NULL)
		return false;
	hl = (size_t)(sep - m);
	body = sep + (*sep == '\r' ? 2 : 1);
	ct = header(m, hl, "Content-Type");
	cte = header(m, hl, "Content-Transfer-Encoding");
	if (ct != NULL && strcasestr(ct, "multipart/") != NULL) {
		bd = param(ct, "boundary");
		if (bd != NULL && strlen(bd) + 3 < sizeof(delim)) {
			dl = (size_t)snprintf(delim, sizeof(delim), "--%s", bd);
			p = strstr(body, delim);
			while (!found && p != NULL) {
				p += dl;
				if (p[0] == '-' && p[1] == '-')
					break;
				while (p < end && *p != '\n')
					p++;
				p++;
				q = strstr(p, delim);
				if (q == NULL)
					q = end;
				found = first_plain(p, (size_t)(q - p), out);
				p = q < end ? q : NULL;
			}
		}
		free(bd);
	} else if (ct == NULL || strcasestr(ct, "text/plain") != NULL) {
		if (cte != NULL && strcasestr(cte, "base64") != NULL)
			decode_b64(body, (size_t)(end - body), &raw);
		else if (cte != NULL && strcasestr(cte, "quoted-printable"))
			decode_qp(body, (size_t)(end - body), &raw);
		else
			buf_add(&raw, body, (size_t)(end - body));
		cs = ct != NULL ? param(ct, "charset") : NULL;
		if (cs != NULL &&
		    (strcasestr(cs, "8859-1") != NULL ||
		        strcasestr(cs, "1252") != NULL)) {
			for (i = 0; i < raw.len; i++) {
				unsigned char c = (unsigned char)raw.data[i];
				if (c < 0x80) {
					buf_addc(out, c);
				} else {
					buf_addc(out, 0xc0 | (c >> 6));
					buf_addc(out, 0x80 | (c & 0x3f));
				}
			}
		} else {
			buf_add(out, buf_cstr(&raw), raw.len);
		}
		free(cs);
		found = true;
	}
	buf_release(&raw);
	free(ct);
	free(cte);
	return found;
}

/* load_input - the body to trim: .eml files go through first_plain. */
static char *
load_input(const char *path, size_t *len)
{
	struct buf b = BUF_INIT(MAX_FILE);
	char *raw = read_file(path, len);
	size_t n = strlen(path);

	if (raw == NULL || n < 4 || strcmp(path + n - 4, ".eml") != 0)
		goto plain;
	if (!first_plain(raw, *len, &b)) {
		buf_release(&b);
		goto plain;
	}
	free(raw);
	*len = b.len;
	return buf_detach(&b);
plain:
	buf_release(&b);
	return raw;
}

/* --- scoring ----------------------------------------------------------- */

struct fileres {
	char *name;
	struct trim_result r;
	double seconds;
	int nflags;
	int quoted[MAX_FRAGS], hidden[MAX_FRAGS]; /* -1 unknown */
};

static void
parse_flags(const char *v, int *dst)
{
	int i = 0;

	while (*v != '\0' && i < MAX_FRAGS) {
		dst[i++] = strncmp(v, "true", 4) == 0;
		v += strcspn(v, ",");
		if (*v == ',')
			v++;
	}
}

/* frag_index - i from "name[i]", or -1. */
static int
frag_index(const char *check, const char *name)
{
	size_t n = strlen(name);

	if (strncmp(check, name, n) != 0 || check[n] != '[')
		return -1;
	return (int)strtol(check + n + 1, NULL, 10);
}

/* later_visible - does a non-quoted, non-hidden fragment follow i? */
static bool
later_visible(const struct fileres *f, int i)
{
	int j;

	for (j = i + 1; j < MAX_FRAGS; j++)
		if (f->hidden[j] == 0 && f->quoted[j] != 1)
			return true;
	return false;
}

/* side_text - 0 and visible fragments are in text; others in quoted. */
static const char *
side(const struct fileres *f, int i)
{
	if (f->quoted[i] == 1 || f->hidden[i] == 1)
		return f->r.quoted;
	if (i == 0 || f->hidden[i] == 0)
		return f->r.text;
	return f->r.quoted;
}

/* starts_line - text begins with trimmed v, ending at a line end. */
static bool
starts_with_block(const char *text, const char *v)
{
	char *y = trimmed(v);
	size_t n = strlen(y);
	bool r;

	if (strncmp(text, y, n) != 0) {
		free(y);
		return false;
	}
	while (text[n] == ' ' || text[n] == '\t')
		n++;
	r = text[n] == '\0' || text[n] == '\n';

	free(y);
	return r;
}

/*
 * score - one check: 1 pass, 0 fail, -1 not scored.
 */
static int
score(const char *set, const char *dir, struct fileres *f, const char *check,
    const char *value)
{
	bool ruby = strcmp(set, "github") == 0;
	char path[4096], *exp;
	size_t n;
	int i, r;

	if (strcmp(check, "visible_text") == 0 ||
	    strcmp(check, "visible_text_trimmed") == 0 ||
	    strcmp(check, "visible_text_stripped") == 0 ||
	    strcmp(check, "plain_reply_stripped") == 0)
		return eq_trimmed(f->r.text, value);
	if (strcmp(check, "visible_contains") == 0)
		return contains_trimmed(f->r.text, value);
	if (strcmp(check, "max_seconds") == 0)
		return f->seconds <= strtod(value, NULL);
	if (strcmp(check, "some_fragment_is_signature") == 0)
		return (f->r.flags & TRIM_F_SIGNATURE) != 0;
	if (strcmp(check, "plain_reply_nonempty") == 0)
		return f->r.text[0] != '\0';
	if (strcmp(check, "plain_reply_not_contains") == 0)
		return strstr(f->r.text, value) == NULL;
	if (strcmp(check, "plain_reply_file") == 0) {
		snprintf(path, sizeof(path), "%s/%s", dir, value);
		exp = read_file(path, &n);
		if (exp == NULL)
			return 0;
		r = eq_trimmed(f->r.text, exp);
		free(exp);
		return r;
	}
	i = frag_index(check, "fragment_trimmed");
	if (i < 0)
		i = frag_index(check, "fragment_equals");
	if (i < 0)
		i = frag_index(check, "fragment_contains");
	if (i < 0)
		i = frag_index(check, "fragment_regex");
	if (i < 0)
		i = frag_index(check, "fragment_not_regex");
	if (i < 0 || i >= MAX_FRAGS)
		return -1;
	/* crisp: fragments after 0 only where upstream gave their flags */
	if (strcmp(set, "crisp") == 0 && i > 0 && f->hidden[i] < 0 &&
	    f->quoted[i] < 0)
		return -1;
	if (strstr(check, "not_regex") != NULL)
		return !rx_match(side(f, i), value, ruby);
	if (strstr(check, "regex") != NULL)
		return rx_match(side(f, i), value, ruby);
	if (strstr(check, "contains") != NULL || i > 0 ||
	    side(f, 0) != f->r.text)
		return contains_trimmed(side(f, i), value);
	/* Fragment 0 is the start of the text; all of it unless upstream
	 * (or, without flags, an interleaved quote) says more text follows. */
	if (later_visible(f, 0) ||
	    (f->hidden[1] < 0 && (f->r.flags & TRIM_F_QUOTE) != 0))
		return starts_with_block(f->r.text, value);
	return eq_trimmed(f->r.text, value);
}

static struct fileres *
get_file(struct trimmer *t, const char *set, const char *dir,
    struct fileres *files, size_t *nfiles, const char *name)
{
	struct fileres *f;
	char path[4096];
	char *body;
	size_t i, len;
	struct timespec a, b;

	for (i = 0; i < *nfiles; i++)
		if (strcmp(files[i].name, name) == 0)
			return &files[i];
	f = &files[(*nfiles)++];
	memset(f, 0, sizeof(*f));
	f->name = xstrdup(name);
	for (i = 0; i < MAX_FRAGS; i++)
		f->quoted[i] = f->hidden[i] = -1;
	snprintf(path, sizeof(path), "%s/%s%s", dir,
	    strcmp(set, "talon") == 0 ? "" : "emails/", name);
	body = load_input(path, &len);
	if (body == NULL) {
		fprintf(stderr, "trim_score: cannot read %s\n", path);
		body = xstrdup("");
		len = 0;
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	if (trim_reply(t, body, len,
	        strcmp(set, "talon") == 0 ? TRIM_KEEP_SIGNATURE : 0,
	        &f->r) != 0) {
		f->r.text = xstrdup("");
		f->r.quoted = xstrdup("");
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	f->seconds = (double)(b.tv_sec - a.tv_sec) +
	    (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	free(body);
	return f;
}

/* --- our own cases, one folder per class of misses -------------------- */

/* class_case - 1 when trimming the body of FILE gives its text. */
static int
class_case(struct trimmer *t, const char *path)
{
	struct trim_result r;
	size_t len;
	char *in = read_file(path, &len), *body, *want;
	int ok = 0;

	if (in == NULL || strncmp(in, "== body\n", 8) != 0 ||
	    (want = strstr(in, "\n== text\n")) == NULL) {
		fprintf(stderr, "trim_score: %s: not a class case\n", path);
		free(in);
		return 0;
	}
	body = in + 8;
	want[1] = '\0';
	want += strlen("\n== text\n");
	if (trim_reply(t, body, strlen(body), 0, &r) == 0) {
		ok = eq_trimmed(r.text, want);
		if (!ok && verbose)
			printf("FAIL %s\n  got: %.200s\n", path, r.text);
	}
	trim_result_release(&r);
	free(in);
	return ok;
}

static int
not_dot(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/* classes - score DIR/CLASS/NAME.txt, one line per class and a total. */
static int
classes(struct trimmer *t, const char *dir)
{
	struct dirent **cl, **cs;
	char path[4096];
	int ncl, ncs, i, j, pass, all = 0, allpass = 0;

	ncl = scandir(dir, &cl, not_dot, alphasort);
	if (ncl < 0) {
		perror(dir);
		return 2;
	}
	for (i = 0; i < ncl; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, cl[i]->d_name);
		ncs = scandir(path, &cs, not_dot, alphasort);
		for (j = 0, pass = 0; j < ncs; j++) {
			snprintf(path, sizeof(path), "%s/%s/%s", dir,
			    cl[i]->d_name, cs[j]->d_name);
			pass += class_case(t, path);
			free(cs[j]);
		}
		if (ncs > 0) {
			printf("class %s: %d/%d\n", cl[i]->d_name, pass, ncs);
			all += ncs;
			allpass += pass;
			free(cs);
		}
		free(cl[i]);
	}
	free(cl);
	printf("classes: %d/%d (%.1f%%)\n", allpass, all,
	    all > 0 ? 100.0 * allpass / all : 0.0);
	return 0;
}

static int
dump(struct trimmer *t, const char *path, unsigned opts)
{
	struct trim_result r;
	size_t len;
	char *body = load_input(path, &len);

	if (body == NULL) {
		perror(path);
		return 2;
	}
	if (trim_reply(t, body, len, opts, &r) != 0)
		return 2;
	printf("=== text\n%s\n=== quoted\n%s\n=== flags %#x\n", r.text,
	    r.quoted, r.flags);
	trim_result_release(&r);
	free(body);
	return 0;
}

int
main(int argc, char **argv)
{
	struct trimmer *t;
	struct buf why = BUF_INIT(1024);
	struct row *rows = NULL;
	struct fileres *files;
	size_t nrows = 0, nfiles = 0, i, len;
	char path[4096], *tsv, *line, *next, *tab1, *tab2;
	int pass = 0, total = 0, skipped = 0, r, idx;
	const char *set, *dir;

	while (argc > 1 && argv[1][0] == '-' && argv[1][1] == 'v') {
		verbose = true;
		argc--;
		argv++;
	}
	if (trimmer_new(&t, &why) != 0) {
		fprintf(stderr, "trim_score: %s\n", buf_cstr(&why));
		return 2;
	}
	if (argc == 3 && strcmp(argv[1], "-d") == 0)
		return dump(t, argv[2], 0);
	if (argc == 3 && strcmp(argv[1], "-k") == 0)
		return dump(t, argv[2], TRIM_KEEP_SIGNATURE);
	if (argc == 3 && strcmp(argv[1], "classes") == 0) {
		r = classes(t, argv[2]);
		trimmer_free(t);
		return r;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: trim_score [-v] SET DIR | -d FILE\n");
		return 2;
	}
	set = argv[1];
	dir = argv[2];
	snprintf(path, sizeof(path), "%s/expected.tsv", dir);
	tsv = read_file(path, &len);
	if (tsv == NULL) {
		fprintf(stderr, "trim_score: cannot read %s\n", path);
		return 2;
	}
	for (line = tsv; line != NULL && *line != '\0'; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		if (line == tsv)
			continue; /* header */
		tab1 = strchr(line, '\t');
		tab2 = tab1 != NULL ? strchr(tab1 + 1, '\t') : NULL;
		if (tab2 == NULL)
			continue;
		*tab1 = *tab2 = '\0';
		rows = xreallocarray(rows, nrows + 1, sizeof(*rows));
		rows[nrows].file = line;
		rows[nrows].check = tab1 + 1;
		rows[nrows].value = unescape(tab2 + 1);
		nrows++;
	}
	files = xcalloc(nrows + 1, sizeof(*files));
	/* First pass: fragment flags, which decide where a fragment is. */
	for (i = 0; i < nrows; i++) {
		struct fileres *f =
		    get_file(t, set, dir, files, &nfiles, rows[i].file);
		if (strcmp(rows[i].check, "quoted_flags") == 0)
			parse_flags(rows[i].value, f->quoted);
		else if (strcmp(rows[i].check, "hidden_flags") == 0)
			parse_flags(rows[i].value, f->hidden);
		else if ((idx = frag_index(rows[i].check, "quoted")) >= 0 &&
		    idx < MAX_FRAGS)
			f->quoted[idx] = strcmp(rows[i].value, "true") == 0;
		else if ((idx = frag_index(rows[i].check, "hidden")) >= 0 &&
		    idx < MAX_FRAGS)
			f->hidden[idx] = strcmp(rows[i].value, "true") == 0;
	}
	for (i = 0; i < nrows; i++) {
		struct fileres *f =
		    get_file(t, set, dir, files, &nfiles, rows[i].file);
		r = score(set, dir, f, rows[i].check, rows[i].value);
		if (r < 0) {
			skipped++;
			continue;
		}
		total++;
		pass += r;
		if (r == 0 && verbose)
			printf("FAIL %s %s: %.60s\n  got: %.200s\n",
			    rows[i].file, rows[i].check, rows[i].value,
			    f->r.text);
	}
	printf("%s: %d/%d (%.1f%%)  [%d informative checks not scored]\n", set,
	    pass, total, total > 0 ? 100.0 * pass / total : 0.0, skipped);
	for (i = 0; i < nfiles; i++) {
		free(files[i].name);
		trim_result_release(&files[i].r);
	}
	for (i = 0; i < nrows; i++)
		free(rows[i].value);
	free(rows);
	free(files);
	free(tsv);
	trimmer_free(t);
	buf_release(&why);
	return 0;
}

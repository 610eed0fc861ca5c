/*
 * bounce_score.c - score dsn.c against flufl.bounce's test messages.
 *
 * Usage: bounce_score [-v] DIR   (DIR = .../flufl-bounce)
 *
 * DIR/expected.tsv (file, detector, kind, addresses) names the messages
 * in DIR/data.  Three checks per file (SOURCE.md, "How to use"):
 *   detect     bounce or not: every file is a bounce except
 *              groupwise_03 (an ordinary reply) and qmail_08 (an
 *              auto-reply, which must come out DSN_AUTOREPLY or NONE);
 *   kind       a file whose rows are all "temporary" is a delay warning
 *              and must not come out DSN_HARD (DSN_DELAYED or DSN_SOFT
 *              pass); any other bounce reports a failure (DSN_HARD or
 *              DSN_SOFT: upstream calls "mailbox full" permanent, we
 *              score it soft);
 *   addresses  the union of the addresses of the file's rows, compared
 *              as a set without case with what dsn_classify() found
 *              (files without an expectation are skipped).
 * A first line "From ..." (the mbox separator these files keep) is
 * skipped.  Prints "flufl-bounce CHECK: passed/total (pct%)" lines.
 *
 * Usage: bounce_score [-v] -c DIR   (DIR = tests/corpora/bounce-classes)
 *
 * Our own messages, one per line of DIR/expected.tsv (file, class, want,
 * addresses): the kind must be `want` (dsn_kind_name()) and the failed
 * recipients the addresses when that column names some.  Prints one line
 * per class and the three figures issue 11 measures: failures scored,
 * non-failures left alone, hard vs soft right.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "dsn.h"
#include "mime.h"
#include "xmalloc.h"

#define MAX_FILES 256
#define MAX_LINE  4096
#define MAX_RAW   (4 * 1024 * 1024)

struct expect {
	char *file;
	bool temporary, permanent, has_addr_row;
	struct buf addrs; /* ",a,b," lower case */
};

static bool verbose;
static struct expect ex[MAX_FILES];
static size_t n_ex;

/* field - the n-th tab-separated field of line, copied. */
static char *
field(const char *line, int n)
{
	const char *p = line, *q;

	while (n-- > 0) {
		p = strchr(p, '\t');
		if (p == NULL)
			return xstrdup("");
		p++;
	}
	q = p + strcspn(p, "\t\r\n");
	return xstrndup(p, (size_t)(q - p));
}

static struct expect *
find(const char *file)
{
	size_t i;

	for (i = 0; i < n_ex; i++)
		if (strcmp(ex[i].file, file) == 0)
			return &ex[i];
	if (n_ex == MAX_FILES)
		return NULL;
	ex[n_ex].file = xstrdup(file);
	buf_init(&ex[n_ex].addrs, 1 << 16);
	buf_adds(&ex[n_ex].addrs, ",");
	return &ex[n_ex++];
}

/* add_addrs - each address of list (comma-separated) once. */
static void
add_addrs(struct expect *e, const char *list)
{
	char one[MAX_LINE], key[MAX_LINE + 2];
	const char *p = list, *q;

	while (*p != '\0') {
		q = p + strcspn(p, ",");
		snprintf(one, sizeof one, "%.*s", (int)(q - p), p);
		str_lower(one);
		snprintf(key, sizeof key, ",%s,", one);
		if (one[0] != '\0' && strstr(buf_cstr(&e->addrs), key) == NULL)
			buf_addf(&e->addrs, "%s,", one);
		p = *q == ',' ? q + 1 : q;
	}
}

static int
load(const char *dir)
{
	char path[MAX_LINE], line[MAX_LINE];
	char *file, *det, *kind, *addrs;
	struct expect *e;
	FILE *f;

	snprintf(path, sizeof path, "%s/expected.tsv", dir);
	f = fopen(path, "r");
	if (f == NULL)
		return -1;
	if (fgets(line, sizeof line, f) == NULL) {
		fclose(f);
		return -1;
	}
	while (fgets(line, sizeof line, f) != NULL) {
		file = field(line, 0);
		det = field(line, 1);
		kind = field(line, 2);
		addrs = field(line, 3);
		e = find(file);
		/* "*all_failures temporary" with no address says nothing */
		if (e != NULL && det[0] == '*' && addrs[0] == '\0')
			e->has_addr_row = true; /* expects none */
		else if (e != NULL) {
			if (strcmp(kind, "temporary") == 0 && addrs[0] != '\0')
				e->temporary = true;
			else if (strcmp(kind, "temporary") != 0)
				e->permanent = true;
			e->has_addr_row = true;
			add_addrs(e, addrs);
		}
		free(file);
		free(det);
		free(kind);
		free(addrs);
	}
	fclose(f);
	return 0;
}

/* got_addrs - ",a,b," sorted the way expected is not: compare as sets. */
static bool
same_set(const struct expect *e, const struct dsn_result *r)
{
	char key[MAX_LINE];
	size_t i, n = 0;
	const char *p;

	for (i = 0; i < r->n_rcpt; i++) {
		snprintf(key, sizeof key, ",%s,", r->rcpt[i]);
		if (strstr(buf_cstr(&e->addrs), key) == NULL)
			return false;
	}
	for (p = buf_cstr(&e->addrs) + 1; *p != '\0'; p++)
		n += *p == ',';
	return n == r->n_rcpt;
}

static int
read_file(const char *path, struct buf *b)
{
	char chunk[8192];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (f == NULL)
		return -1;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(b, chunk, n);
	fclose(f);
	return buf_error(b);
}

static void
print_rcpts(const struct dsn_result *r)
{
	size_t i;

	for (i = 0; i < r->n_rcpt; i++)
		printf("%s%s", i > 0 ? "," : "", r->rcpt[i]);
}

static void
show(const char *what, const char *file, const struct dsn_result *r,
    const struct expect *e)
{
	if (!verbose)
		return;
	printf("FAIL %s %s: got %s [", what, file, dsn_kind_name(r->kind));
	print_rcpts(r);
	printf("] status=%s, want %s [%s]\n", r->status,
	    e->temporary && !e->permanent ? "temporary" : "permanent",
	    buf_cstr(&e->addrs));
}

/*
 * parse - read and parse path (skipping an mbox "From " line) into *m;
 * 0, or -1 after printing why.
 */
static int
parse(const char *path, const char *file, struct msg **m)
{
	struct buf raw, why;
	size_t skip = 0;
	int rc = 0;

	buf_init(&raw, MAX_RAW);
	buf_init(&why, 512);
	*m = NULL;
	if (read_file(path, &raw) == 0 && strncmp(raw.data, "From ", 5) == 0)
		skip = strcspn(raw.data, "\n") + 1;
	if (buf_error(&raw) != 0 || skip > raw.len ||
	    mime_parse(raw.data + skip, raw.len - skip, NULL, m, &why) != 0) {
		printf("FAIL %s: unreadable: %s\n", file, buf_cstr(&why));
		rc = -1;
	}
	buf_release(&raw);
	buf_release(&why);
	return rc;
}

/* pct - "name: ok/n (p%)" */
static void
pct(const char *name, int ok, int n)
{
	printf(
	    "%s: %d/%d (%.1f%%)\n", name, ok, n, n > 0 ? 100.0 * ok / n : 0.0);
}

/* --- -c: our own per-class fixtures (tests/corpora/bounce-classes) --- */

#define MAX_CLASSES 32

struct tally {
	char name[64];
	int ok, n;
};

static struct tally classes[MAX_CLASSES];
static size_t n_classes;

static struct tally *
tally(const char *name)
{
	size_t i;

	for (i = 0; i < n_classes; i++)
		if (strcmp(classes[i].name, name) == 0)
			return &classes[i];
	if (n_classes == MAX_CLASSES)
		return &classes[MAX_CLASSES - 1];
	snprintf(classes[n_classes].name, sizeof classes[0].name, "%s", name);
	return &classes[n_classes++];
}

/* is_failure - a kind that scores. */
static bool
is_failure(enum dsn_kind k)
{
	return k == DSN_HARD || k == DSN_SOFT;
}

/*
 * class_case - one row "file class want addresses": the kind must be
 * want, and the addresses (when the column names some) the same set.
 * Adds to the class and to the three figures of issue 11.
 */
static void
class_case(const char *dir, const char *line, struct tally fig[3])
{
	char *file = field(line, 0), *cls = field(line, 1),
	     *want = field(line, 2), *addrs = field(line, 3);
	char path[MAX_LINE];
	struct expect e;
	struct dsn_result r;
	struct msg *m;
	bool ok;

	memset(&e, 0, sizeof e);
	buf_init(&e.addrs, 1 << 16);
	buf_adds(&e.addrs, ",");
	add_addrs(&e, addrs);
	snprintf(path, sizeof path, "%s/%s", dir, file);
	memset(&r, 0, sizeof r);
	if (parse(path, file, &m) == 0)
		dsn_classify(m, &r);
	ok = strcmp(dsn_kind_name(r.kind), want) == 0 &&
	    (addrs[0] == '\0' || same_set(&e, &r));
	tally(cls)->n++;
	tally(cls)->ok += ok;
	if (!ok && verbose) {
		printf(
		    "FAIL %s %s: got %s [", cls, file, dsn_kind_name(r.kind));
		print_rcpts(&r);
		printf("] status=%s, want %s [%s]\n", r.status, want, addrs);
	}
	if (strcmp(want, "hard") == 0 || strcmp(want, "soft") == 0) {
		fig[0].n++;
		fig[0].ok += is_failure(r.kind);
		fig[2].n++;
		fig[2].ok += strcmp(dsn_kind_name(r.kind), want) == 0;
	} else {
		fig[1].n++;
		fig[1].ok += !is_failure(r.kind);
	}
	dsn_result_release(&r);
	msg_free(m);
	buf_release(&e.addrs);
	free(file);
	free(cls);
	free(want);
	free(addrs);
}

/* classes_main - score DIR/expected.tsv per class; 1 when unreadable. */
static int
classes_main(const char *dir)
{
	struct tally fig[3];
	char path[MAX_LINE], line[MAX_LINE], name[96];
	size_t i;
	FILE *f;

	memset(fig, 0, sizeof fig);
	snprintf(path, sizeof path, "%s/expected.tsv", dir);
	f = fopen(path, "r");
	if (f == NULL) {
		fprintf(stderr, "bounce_score: cannot read %s\n", path);
		return 1;
	}
	while (fgets(line, sizeof line, f) != NULL)
		if (line[0] != '#' && line[0] != '\n')
			class_case(dir, line, fig);
	fclose(f);
	for (i = 0; i < n_classes; i++) {
		snprintf(
		    name, sizeof name, "bounce-class %.63s", classes[i].name);
		pct(name, classes[i].ok, classes[i].n);
	}
	pct("bounce-classes failures scored", fig[0].ok, fig[0].n);
	pct("bounce-classes non-failures left alone", fig[1].ok, fig[1].n);
	pct("bounce-classes hard vs soft right", fig[2].ok, fig[2].n);
	return 0;
}

int
main(int argc, char **argv)
{
	int det_ok = 0, det_n = 0, kind_ok = 0, kind_n = 0, addr_ok = 0,
	    addr_n = 0;
	char path[MAX_LINE];
	struct msg *m;
	struct dsn_result r;
	size_t i;
	const char *dir;

	if (argc > 1 && strcmp(argv[1], "-v") == 0) {
		verbose = true;
		argv++;
		argc--;
	}
	if (argc == 3 && strcmp(argv[1], "-c") == 0)
		return classes_main(argv[2]);
	if (argc != 2) {
		fprintf(stderr, "usage: bounce_score [-v] [-c] DIR\n");
		return 2;
	}
	dir = argv[1];
	if (load(dir) != 0) {
		fprintf(
		    stderr, "bounce_score: cannot read %s/expected.tsv\n", dir);
		return 1;
	}
	find("bounce_01.txt"); /* in data/, without an expectation */
	for (i = 0; i < n_ex; i++) {
		struct expect *e = &ex[i];
		bool not_bounce = strcmp(e->file, "groupwise_03.txt") == 0 ||
		    strcmp(e->file, "qmail_08.txt") == 0;
		bool is_bounce, ok;

		snprintf(path, sizeof path, "%s/data/%s", dir, e->file);
		if (parse(path, e->file, &m) != 0) {
			det_n++;
			continue;
		}
		dsn_classify(m, &r);
		is_bounce = r.kind >= DSN_DELAYED;
		ok = is_bounce != not_bounce;
		det_n++;
		det_ok += ok;
		if (!ok)
			show("detect", e->file, &r, e);
		if (!not_bounce) {
			bool temp = e->temporary && !e->permanent;

			ok = temp
			    ? (r.kind == DSN_DELAYED || r.kind == DSN_SOFT)
			    : (r.kind == DSN_HARD || r.kind == DSN_SOFT);
			kind_n++;
			kind_ok += ok;
			if (!ok)
				show("kind", e->file, &r, e);
		}
		if (!not_bounce && e->has_addr_row) {
			ok = same_set(e, &r);
			addr_n++;
			addr_ok += ok;
			if (!ok)
				show("addresses", e->file, &r, e);
		}
		dsn_result_release(&r);
		msg_free(m);
	}
	pct("flufl-bounce detect", det_ok, det_n);
	pct("flufl-bounce kind", kind_ok, kind_n);
	pct("flufl-bounce addresses", addr_ok, addr_n);
	for (i = 0; i < n_ex; i++) {
		free(ex[i].file);
		buf_release(&ex[i].addrs);
	}
	return 0;
}

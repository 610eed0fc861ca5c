/*
 * gen.c - deterministic test mail for bench/run.sh.
 *
 *   gen corpus DIR N SEED AUTHORS   N messages DIR/00001.eml ... (2-20 KB)
 *   gen members FILE N              member CSV (email,name,role,delivery)
 *   gen big FILE BYTES KIND         one message of about BYTES bytes;
 *                                   KIND "text" (one long text/plain
 *                                   body) or "att" (text + two base64
 *                                   attachments)
 *
 * The corpus is a list's traffic: threads started by one of AUTHORS
 * members (member00001@example.org ...) and answered by others, replies
 * with In-Reply-To and References, a Gmail-style attribution and the
 * parent quoted with "> ", signatures, some multipart/alternative with
 * HTML, some HTML-only, some quoted-printable Latin-1 and some base64
 * attachments.  The same SEED gives byte-identical output.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state;

static uint64_t
rnd(void)
{
	uint64_t x = rng_state; /* xorshift64* */

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng_state = x;
	return x * 2685821657736338717ULL;
}

/* pick - uniform in [0, n). */
static size_t
pick(size_t n)
{
	return (size_t)(rnd() % n);
}

static const char *const words[] = {"the", "certificate", "staging", "rotate",
    "server", "deploy", "we", "should", "check", "config", "before", "after",
    "release", "because", "team", "review", "pipeline", "database", "migration",
    "latency", "cache", "a", "of", "to", "and", "is", "it", "in", "for", "on",
    "that", "this", "with", "not", "build", "test", "failing", "green",
    "monday", "tomorrow", "question", "answer", "docs", "wiki", "ticket",
    "customer", "incident", "postmortem", "learned", "why", "how", "what",
    "when", "probably", "exactly", "workaround", "upgrade", "kernel", "network",
    "timeout", "retry", "queue", "worker", "metrics", "dashboard", "alert",
    "on-call", "handover", "onboarding", "mentor", "pairing", "refactor",
    "legacy", "interface", "contract", "schema", "index", "query", "slow",
    "fast"};
#define NWORDS (sizeof words / sizeof words[0])

static const char *const first[] = {"Ana", "Bo", "Chen", "Dana", "Emil",
    "Fatima", "Goran", "Hiro", "Ines", "Jonas", "Kemal", "Lea", "Mia", "Nils",
    "Olga", "Pedro"};
static const char *const last[] = {"Lima", "Berg", "Wang", "Cohen", "Novak",
    "Haddad", "Ilic", "Sato", "Moreau", "Weber", "Yilmaz", "Rossi", "Jensen",
    "Kowalski", "Silva", "Nagy"};

/* sentence - a random sentence of 6-18 words into out (capacity cap). */
static size_t
sentence(char *out, size_t cap)
{
	size_t n = 6 + pick(13), i, len = 0;
	int w;

	for (i = 0; i < n; i++) {
		const char *s = words[pick(NWORDS)];

		w = snprintf(out + len, cap - len, "%s%s", i ? " " : "", s);
		if (w < 0 || (size_t)w >= cap - len)
			break;
		if (i == 0 && out[len] >= 'a' && out[len] <= 'z')
			out[len] = (char)(out[len] - 'a' + 'A');
		len += (size_t)w;
	}
	if (len + 2 < cap) {
		out[len++] = pick(5) == 0 ? '?' : '.';
		out[len] = '\0';
	}
	return len;
}

/*
 * text - paragraphs of wrapped sentences, about want bytes; malloc'd.
 * Lines stay under 76 columns, as a mail client writes them.
 */
static char *
text(size_t want)
{
	size_t cap = want + 512, len = 0, col = 0, n;
	char *t = malloc(cap), s[256], *p, *sp;

	if (t == NULL)
		exit(1);
	while (len < want) {
		n = sentence(s, sizeof s);
		for (p = s; p < s + n;) {
			sp = strchr(p, ' ');
			n = sp != NULL ? (size_t)(sp - p) : strlen(p);
			if (len + n + 4 >= cap)
				break;
			if (col > 0 && col + 1 + n > 72) {
				t[len++] = '\n';
				col = 0;
			} else if (col > 0) {
				t[len++] = ' ';
				col++;
			}
			memcpy(t + len, p, n);
			len += n;
			col += n;
			p += n + (sp != NULL ? 1 : 0);
			if (sp == NULL)
				break;
		}
		if (pick(4) == 0 && len + 3 < cap) {
			t[len++] = '\n';
			t[len++] = '\n';
			col = 0;
		}
	}
	while (len > 0 && (t[len - 1] == '\n' || t[len - 1] == ' '))
		len--;
	t[len] = '\0';
	return t;
}

static void
b64(FILE *f, size_t n)
{
	static const char al[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789+/";
	size_t i, col = 0;

	for (i = 0; i < (n + 2) / 3 * 4; i++) {
		fputc(al[pick(64)], f);
		if (++col == 76) {
			fputc('\n', f);
			col = 0;
		}
	}
	if (col > 0)
		fputc('\n', f);
}

/* quoted_printable - t as Latin-1 QP: every "ae" becomes =E4 (a-umlaut). */
static void
qp_latin1(FILE *f, const char *t)
{
	for (; *t != '\0'; t++) {
		if (t[0] == 'a' && t[1] == 'e') {
			fputs("=E4", f);
			t++;
		} else
			fputc(*t, f);
	}
	fputc('\n', f);
}

static void
html(FILE *f, const char *t, const char *quote)
{
	const char *p;

	fputs("<html><head><style>p{margin:0}</style></head><body>\n<p>", f);
	for (p = t; *p != '\0'; p++) {
		if (p[0] == '\n' && p[1] == '\n') {
			fputs("</p>\n<p>", f);
			p++;
		} else if (*p == '\n')
			fputs("<br>\n", f);
		else
			fputc(*p, f);
	}
	fputs("</p>\n", f);
	if (quote != NULL) {
		fputs("<div class=\"gmail_quote\"><blockquote>", f);
		for (p = quote; *p != '\0'; p++)
			if (*p == '\n')
				fputs("<br>\n", f);
			else if (*p == '<')
				fputs("&lt;", f);
			else if (*p == '>')
				fputs("&gt;", f);
			else
				fputc(*p, f);
		fputs("</blockquote></div>\n", f);
	}
	fputs("</body></html>\n", f);
}

struct node {
	char *text;  /* the new text of the message */
	char *refs;  /* its References, for children */
	int author;  /* 1-based member number */
	int thread;  /* thread number */
	size_t subj; /* subject number */
};

static void
member(int n, char *email, size_t esz, char *name, size_t nsz)
{
	snprintf(email, esz, "member%05d@example.org", n);
	snprintf(name, nsz, "%s %s", first[(size_t)n % 16],
	    last[(size_t)(n / 16) % 16]);
}

/* body_plain - new text, attribution, parent quoted, signature. */
static void
body_plain(FILE *f, const char *t, const char *attrib, const char *quote,
    const char *sig)
{
	const char *p;

	fputs(t, f);
	fputs("\n\n", f);
	if (quote != NULL) {
		fputs(attrib, f);
		fputs("\n> ", f);
		for (p = quote; *p != '\0'; p++) {
			fputc(*p, f);
			if (*p == '\n')
				fputs("> ", f);
		}
		fputc('\n', f);
	}
	fputs("-- \n", f);
	fputs(sig, f);
	fputc('\n', f);
}

static int
corpus(const char *dir, int n, uint64_t seed, int authors)
{
	struct node *nodes = calloc((size_t)n, sizeof *nodes);
	int i, threads = 0;
	char path[4096], email[64], name[64], attrib[256], pmail[64], pname[64];

	if (nodes == NULL)
		return 1;
	rng_state = seed * 0x9E3779B97F4A7C15ULL + 1;
	for (i = 0; i < n; i++) {
		struct node *m = &nodes[i], *par = NULL;
		size_t want = 2048 + pick(18 * 1024), qlen = 0, budget, memlen;
		int tries = 0;
		char *mem;
		long long when = 1767225600LL + (long long)i * 120;
		int kind = (int)pick(100);
		char *quote = NULL;
		FILE *f;

		/* a third start threads; the rest answer a recent message */
		if (i == 0 || pick(3) == 0) {
			m->thread = threads++;
			m->subj = pick(1000000);
		} else {
			par =
			    &nodes[i - 1 - (int)pick(i < 40 ? (size_t)i : 40)];
			m->thread = par->thread;
			m->subj = par->subj;
		}
		m->author = 1 + (int)pick((size_t)authors);
		member(m->author, email, sizeof email, name, sizeof name);
		if (par != NULL) {
			qlen = strlen(par->text);
			if (qlen > want / 3)
				qlen = want / 3;
			quote = strndup(par->text, qlen);
			if (quote == NULL)
				return 1;
			member(par->author, pmail, sizeof pmail, pname,
			    sizeof pname);
			snprintf(attrib, sizeof attrib,
			    "On Thu, Jan 1, 2026 at 10:%02d AM %s <%s> wrote:",
			    i % 60, pname, pmail);
		}
		budget = want > qlen + 1200 ? want - qlen - 1200 : 400;
	again:
		m->text = text(budget);
		f = open_memstream(&mem, &memlen);
		if (f == NULL)
			return 1;
		fprintf(f,
		    "Return-Path: <%s>\nReceived: from mail.example.org "
		    "(mail.example.org [192.0.2.%d])\n\tby mx.learn.example "
		    "(Postfix) with ESMTPS id %08X\n\tfor <learn@learn.example>;"
		    " Thu, 01 Jan 2026 10:00:00 +0000 (UTC)\n",
		    email, 1 + i % 250, (unsigned)rnd());
		fprintf(
		    f, "From: %s <%s>\nTo: learn@learn.example\n", name, email);
		fprintf(f, "Subject: %sQuestion %zu about the %s %s\n",
		    par != NULL ? (pick(4) == 0 ? "RE: " : "Re: ") : "",
		    m->subj, words[m->subj % NWORDS],
		    words[(m->subj / 7) % NWORDS]);
		fprintf(f, "Message-ID: <bench-%llu-%d@example.org>\n",
		    (unsigned long long)seed, i + 1);
		fprintf(f, "Date: %02d Jan 2026 %02d:%02d:%02d +0000\n",
		    (int)((when - 1767225600LL) / 86400) + 1,
		    (int)(when / 3600 % 24), (int)(when / 60 % 60),
		    (int)(when % 60));
		if (par != NULL) {
			size_t rl = strlen(par->refs);
			const char *r = par->refs;

			/* clients keep the References header bounded */
			while (rl > 900 && strchr(r, ' ') != NULL) {
				r = strchr(r, ' ') + 1;
				rl = strlen(r);
			}
			fprintf(f, "In-Reply-To: <bench-%llu-%d@example.org>\n",
			    (unsigned long long)seed, (int)(par - nodes) + 1);
			fprintf(f,
			    "References: %s%s<bench-%llu-%d@example.org>\n", r,
			    *r != '\0' ? "\n " : "", (unsigned long long)seed,
			    (int)(par - nodes) + 1);
			m->refs = malloc(rl + 64);
			if (m->refs == NULL)
				return 1;
			snprintf(m->refs, rl + 64,
			    "%s%s<bench-%llu-%d@example.org>", r,
			    *r != '\0' ? " " : "", (unsigned long long)seed,
			    (int)(par - nodes) + 1);
		} else
			m->refs = strdup("");
		fputs("User-Agent: bench/gen\nMIME-Version: 1.0\n", f);
		if (kind < 60) { /* plain UTF-8 */
			fputs("Content-Type: text/plain; charset=utf-8\n"
			      "Content-Transfer-Encoding: 8bit\n\n",
			    f);
			body_plain(f, m->text, attrib, quote, name);
		} else if (kind < 67) { /* Latin-1 quoted-printable */
			fputs("Content-Type: text/plain; charset=iso-8859-1\n"
			      "Content-Transfer-Encoding: quoted-printable\n\n",
			    f);
			qp_latin1(f, m->text);
			fprintf(f, "\n-- \n%s\n", name);
		} else if (kind < 82) { /* multipart/alternative */
			fputs("Content-Type: multipart/alternative; "
			      "boundary=\"alt-b\"\n\n--alt-b\n"
			      "Content-Type: text/plain; charset=utf-8\n\n",
			    f);
			body_plain(f, m->text, attrib, quote, name);
			fputs("--alt-b\nContent-Type: text/html; "
			      "charset=utf-8\n\n",
			    f);
			html(f, m->text, quote);
			fputs("--alt-b--\n", f);
		} else if (kind < 87) { /* HTML only */
			fputs("Content-Type: text/html; charset=utf-8\n\n", f);
			html(f, m->text, quote);
		} else { /* text and an attachment */
			size_t att = 512 + pick(want / 4);

			fputs("Content-Type: multipart/mixed; "
			      "boundary=\"mix-b\"\n\n--mix-b\n"
			      "Content-Type: text/plain; charset=utf-8\n\n",
			    f);
			body_plain(f, m->text, attrib, quote, name);
			fprintf(f,
			    "--mix-b\nContent-Type: application/pdf; "
			    "name=\"notes-%d.pdf\"\nContent-Disposition: "
			    "attachment; filename=\"notes-%d.pdf\"\n"
			    "Content-Transfer-Encoding: base64\n\n",
			    i + 1, i + 1);
			b64(f, att);
			fputs("--mix-b--\n", f);
		}
		if (fclose(f) != 0)
			return 1;
		/* keep every message within 2-20 KB: resize the new text */
		if ((memlen < 2048 || memlen > 20480) && tries++ < 8) {
			budget = memlen < 2048 ? budget + (2048 - memlen) + 256
			    : budget > memlen - 20480 + 656
			    ? budget - (memlen - 20480) - 256
			    : 400;
			free(mem);
			free(m->text);
			free(m->refs);
			goto again;
		}
		free(quote);
		snprintf(path, sizeof path, "%s/%05d.eml", dir, i + 1);
		f = fopen(path, "w");
		if (f == NULL || fwrite(mem, 1, memlen, f) != memlen ||
		    fclose(f) != 0) {
			perror(path);
			return 1;
		}
		free(mem);
	}
	for (i = 0; i < n; i++) {
		free(nodes[i].text);
		free(nodes[i].refs);
	}
	free(nodes);
	return 0;
}

static int
members(const char *file, int n)
{
	FILE *f = fopen(file, "w");
	char email[64], name[64];
	int i;

	if (f == NULL)
		return 1;
	fputs("email,name,role,delivery\n", f);
	for (i = 1; i <= n; i++) {
		member(i, email, sizeof email, name, sizeof name);
		fprintf(f, "%s,%s,member,each\n", email, name);
	}
	return fclose(f) != 0;
}

static int
big(const char *file, size_t bytes, const char *kind)
{
	FILE *f = fopen(file, "w");
	size_t part;
	char *t;

	if (f == NULL)
		return 1;
	rng_state = 42;
	fputs("From: Member One <member00001@example.org>\n"
	      "To: learn@learn.example\nSubject: The big one\n"
	      "Message-ID: <bench-big@example.org>\n"
	      "Date: Thu, 01 Jan 2026 10:00:00 +0000\nMIME-Version: 1.0\n",
	    f);
	if (strcmp(kind, "text") == 0) {
		fputs("Content-Type: text/plain; charset=utf-8\n\n", f);
		t = text(bytes - 400);
		fputs(t, f);
		fputc('\n', f);
		free(t);
	} else {
		/* two attachments under the 5 MiB keep cap, base64 */
		part = (bytes - 8192) / 2 / 77 * 76 / 4 * 3; /* base64 lines */
		fputs("Content-Type: multipart/mixed; boundary=\"big-b\"\n\n"
		      "--big-b\nContent-Type: text/plain; charset=utf-8\n\n",
		    f);
		t = text(4000);
		fputs(t, f);
		free(t);
		fputs("\n--big-b\nContent-Type: application/octet-stream; "
		      "name=\"a.bin\"\nContent-Transfer-Encoding: base64\n\n",
		    f);
		b64(f, part);
		fputs("--big-b\nContent-Type: application/octet-stream; "
		      "name=\"b.bin\"\nContent-Transfer-Encoding: base64\n\n",
		    f);
		b64(f, part);
		fputs("--big-b--\n", f);
	}
	return fclose(f) != 0;
}

int
main(int argc, char **argv)
{
	if (argc == 6 && strcmp(argv[1], "corpus") == 0)
		return corpus(argv[2], (int)strtol(argv[3], NULL, 10),
		    strtoull(argv[4], NULL, 10),
		    (int)strtol(argv[5], NULL, 10));
	if (argc == 4 && strcmp(argv[1], "members") == 0)
		return members(argv[2], (int)strtol(argv[3], NULL, 10));
	if (argc == 5 && strcmp(argv[1], "big") == 0)
		return big(
		    argv[2], (size_t)strtoull(argv[3], NULL, 10), argv[4]);
	fputs("usage: gen corpus DIR N SEED AUTHORS | members FILE N |"
	      " big FILE BYTES text|att\n",
	    stderr);
	return 64;
}

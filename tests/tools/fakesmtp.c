/*
 * fakesmtp.c - a tiny SMTP server for tests: transcripts and faults.
 *
 *   fakesmtp -p PORT -o FILE [-f SPEC]... [-n N] [-t SECONDS]
 *
 * Listens on 127.0.0.1:PORT (PORT 0: any free port, printed on stdout as
 * one line), serves one connection at a time, and appends to FILE every
 * client line that matters: "EHLO name", "MAIL FROM:<..> SIZE=n",
 * "RCPT TO:<..>", "DATA", the message lines (dot-unstuffed, LF ends), ".",
 * "RSET", "NOOP", "QUIT".  A reply that a fault injected is recorded as
 * ">>> 550 ..." right after the command it answered.
 *
 * Faults (-f, repeatable; first match wins):
 *   greet=C ehlo=C mail=C rcpt=C datacmd=C data=C  reply C instead of the
 *        normal reply (data= is the reply to the final dot); a 421 also
 *        closes the connection, like a real server; C = 0 closes the
 *        connection without any reply
 *   drop-after-data    close without replying to the final dot
 *   close-after-data   reply 250 to the final dot, then close at once
 *                      (an idle timeout the client has not noticed)
 *   timeout-after-data reply 250 to the final dot, then an unsolicited
 *                      "421 4.4.2 timeout exceeded" and close (what
 *                      Postfix does when smtpd_timeout strikes)
 *   slow=S             sleep S seconds before every reply
 *   pipelining         not a fault: EHLO offers PIPELINING (RFC 2920); the
 *                      replies are the same, commands are read in turn
 *   longreply          not a fault: the reply to MAIL starts with a
 *                      continuation line of 6,000 bytes
 *   nth=K:SPEC         SPEC applies to the K-th message only (messages
 *                      are counted by MAIL commands, over all connections;
 *                      greet/ehlo count as part of the next message)
 *
 * Bounded: exits 0 after N accepted messages (-n; once that client says
 * QUIT or goes away) or after SECONDS (-t, default 30) without any
 * activity.  A new connection that arrives while the current client is
 * idle between transactions replaces it (as a server's idle timeout
 * would), so a client that abandons a connection cannot wedge the server.
 *
 * Non-goals: concurrency, STARTTLS, AUTH, BDAT.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "buf.h"

#define FS_MAX_FAULTS 32
#define FS_LINE_MAX   4096               /* bytes in one line we read */
#define FS_SIZE_MAX   (10 * 1024 * 1024) /* SIZE we advertise */

enum fs_kind {
	FS_GREET,
	FS_EHLO,
	FS_MAIL,
	FS_RCPT,
	FS_DATACMD,
	FS_DATA,
	FS_DROP_AFTER_DATA,
	FS_CLOSE_AFTER_DATA,
	FS_TIMEOUT_AFTER_DATA,
	FS_SLOW
};

struct fs_fault {
	enum fs_kind kind;
	unsigned nth; /* 0: every message */
	int value;    /* reply code or seconds */
};

enum fs_state { ST_CMD, ST_MAIL, ST_RCPT, ST_DATA };

struct fs {
	struct fs_fault faults[FS_MAX_FAULTS];
	size_t nfaults;
	FILE *out;         /* transcript */
	int lfd;           /* listening socket */
	int cfd;           /* current client or -1 */
	int idle_ms;       /* -t */
	unsigned want;     /* -n, 0: no limit */
	unsigned msgno;    /* MAIL commands seen */
	unsigned accepted; /* messages answered 250 at the dot */
	bool pipelining;   /* -f pipelining */
	bool longreply;    /* -f longreply */
	enum fs_state st;  /* SMTP state of the client */
	char in[FS_LINE_MAX];
	size_t inlen;
	size_t datalen; /* bytes of the current message */
};

static void
usage(void)
{
	fprintf(stderr,
	    "usage: fakesmtp -p PORT -o FILE [-f SPEC]... [-n N] [-t SECONDS]\n");
	exit(2);
}

static int
parse_num(const char *s, unsigned long long max)
{
	unsigned long long v;

	if (parse_u64(s, max, &v) != 0)
		usage();
	return (int)v;
}

static void
add_fault(struct fs *f, const char *spec)
{
	static const struct {
		const char *name;
		enum fs_kind kind;
	} names[] = {{"greet=", FS_GREET}, {"ehlo=", FS_EHLO},
	    {"mail=", FS_MAIL}, {"rcpt=", FS_RCPT}, {"datacmd=", FS_DATACMD},
	    {"data=", FS_DATA}, {"slow=", FS_SLOW}};
	struct fs_fault *x;
	const char *colon;
	char num[16];
	size_t i, n;

	if (strcmp(spec, "pipelining") == 0) {
		f->pipelining = true;
		return;
	}
	if (strcmp(spec, "longreply") == 0) {
		f->longreply = true;
		return;
	}
	if (f->nfaults == FS_MAX_FAULTS)
		usage();
	x = &f->faults[f->nfaults++];
	x->nth = 0;
	if (str_has_prefix(spec, "nth=")) {
		colon = strchr(spec, ':');
		n = colon == NULL ? 0 : (size_t)(colon - spec - 4);
		if (n == 0 || n >= sizeof num)
			usage();
		memcpy(num, spec + 4, n);
		num[n] = '\0';
		x->nth = (unsigned)parse_num(num, 1000000);
		spec = colon + 1;
	}
	if (strcmp(spec, "drop-after-data") == 0) {
		x->kind = FS_DROP_AFTER_DATA;
		return;
	}
	if (strcmp(spec, "close-after-data") == 0) {
		x->kind = FS_CLOSE_AFTER_DATA;
		return;
	}
	if (strcmp(spec, "timeout-after-data") == 0) {
		x->kind = FS_TIMEOUT_AFTER_DATA;
		return;
	}
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (!str_has_prefix(spec, names[i].name))
			continue;
		x->kind = names[i].kind;
		x->value = parse_num(spec + strlen(names[i].name), 599);
		if (x->kind != FS_SLOW && x->value != 0 && x->value < 200)
			usage();
		return;
	}
	usage();
}

/* fault - the first fault of this kind for message k, or NULL. */
static const struct fs_fault *
fault(const struct fs *f, enum fs_kind kind, unsigned k)
{
	size_t i;

	for (i = 0; i < f->nfaults; i++)
		if (f->faults[i].kind == kind &&
		    (f->faults[i].nth == 0 || f->faults[i].nth == k))
			return &f->faults[i];
	return NULL;
}

/* cur - the message number replies belong to right now. */
static unsigned
cur(const struct fs *f)
{
	return f->st == ST_CMD ? f->msgno + 1 : f->msgno;
}

static void
drop(struct fs *f)
{
	fflush(f->out); /* before the client can see the close */
	if (f->cfd >= 0)
		close(f->cfd);
	f->cfd = -1;
	f->st = ST_CMD;
	f->inlen = 0;
}

/* reply - send one reply (after slow=), or drop the client on error. */
static void
reply(struct fs *f, const char *fmt, ...)
{
	const struct fs_fault *slow = fault(f, FS_SLOW, cur(f));
	char line[8192];
	size_t n, off = 0;
	ssize_t w;
	va_list ap;

	if (f->cfd < 0)
		return;
	fflush(f->out); /* the transcript is complete before the client reads */
	if (slow != NULL)
		sleep((unsigned)slow->value);
	va_start(ap, fmt);
	vsnprintf(line, sizeof line - 2, fmt, ap);
	va_end(ap);
	n = strlen(line);
	line[n++] = '\r';
	line[n++] = '\n';
	while (off < n) {
		w = send(f->cfd, line + off, n - off, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			drop(f);
			return;
		}
		off += (size_t)w;
	}
}

/*
 * injected - when a fault of this kind applies, send its reply, note it
 * in the transcript, close after a 421, and return true.
 */
static bool
injected(struct fs *f, enum fs_kind kind)
{
	const struct fs_fault *x = fault(f, kind, cur(f));

	if (x == NULL)
		return false;
	if (x->value == 0) {
		fputs(">>> dropped\n", f->out);
		drop(f);
		return true;
	}
	fprintf(f->out, ">>> %d\n", x->value);
	reply(
	    f, "%d %d.0.0 fakesmtp: injected fault", x->value, x->value / 100);
	if (x->value == 421)
		drop(f);
	return true;
}

static void
end_of_data(struct fs *f)
{
	bool close_after = fault(f, FS_CLOSE_AFTER_DATA, f->msgno) != NULL;
	bool timeout_after = fault(f, FS_TIMEOUT_AFTER_DATA, f->msgno) != NULL;

	fputs(".\n", f->out);
	f->st = ST_CMD;
	if (fault(f, FS_DROP_AFTER_DATA, f->msgno) != NULL) {
		fputs(">>> dropped\n", f->out);
		drop(f);
		return;
	}
	/* injected() uses cur(): for the dot that is still this message */
	f->st = ST_DATA;
	if (injected(f, FS_DATA)) {
		if (f->cfd >= 0)
			f->st = ST_CMD;
		return;
	}
	f->st = ST_CMD;
	f->accepted++;
	reply(f, "250 2.0.0 Ok: queued as FAKE%u", f->msgno);
	if (timeout_after) {
		fputs(">>> 421 timeout\n", f->out);
		reply(f, "421 4.4.2 fakesmtp Error: timeout exceeded");
	}
	if (close_after || timeout_after) {
		fputs(">>> closed\n", f->out);
		drop(f);
	}
}

static void
data_line(struct fs *f, const char *line, size_t n)
{
	if (n == 1 && line[0] == '.') {
		end_of_data(f);
		return;
	}
	if (line[0] == '.') { /* dot-unstuffing */
		line++;
		n--;
	}
	f->datalen += n + 2;
	fwrite(line, 1, n, f->out);
	fputc('\n', f->out);
}

static bool
verb(const char *line, const char *v)
{
	size_t n = strlen(v);

	return strncasecmp(line, v, n) == 0 &&
	    (line[n] == '\0' || line[n] == ' ' || line[n] == ':');
}

static void
command(struct fs *f, const char *line)
{
	if (verb(line, "EHLO") || verb(line, "HELO")) {
		fprintf(f->out, "%s\n", line);
		f->st = ST_CMD;
		if (injected(f, FS_EHLO))
			return;
		if (verb(line, "HELO")) {
			reply(f, "250 fakesmtp");
			return;
		}
		reply(f,
		    "250-fakesmtp\r\n250-SIZE %d\r\n250-8BITMIME\r\n%s"
		    "250 ENHANCEDSTATUSCODES",
		    FS_SIZE_MAX, f->pipelining ? "250-PIPELINING\r\n" : "");
	} else if (verb(line, "MAIL")) {
		fprintf(f->out, "%s\n", line);
		if (f->st != ST_CMD) {
			reply(f, "503 5.5.1 Error: nested MAIL command");
			return;
		}
		f->msgno++;
		f->st = ST_MAIL;
		if (injected(f, FS_MAIL)) {
			f->st = ST_CMD;
			return;
		}
		if (f->longreply)
			reply(f, "250-%06000d\r\n250 2.1.0 Ok", 0);
		else
			reply(f, "250 2.1.0 Ok");
	} else if (verb(line, "RCPT")) {
		fprintf(f->out, "%s\n", line);
		if (f->st != ST_MAIL && f->st != ST_RCPT)
			reply(f, "503 5.5.1 Error: need MAIL command");
		else if (!injected(f, FS_RCPT)) {
			f->st = ST_RCPT;
			reply(f, "250 2.1.5 Ok");
		}
	} else if (verb(line, "DATA")) {
		fprintf(f->out, "%s\n", line);
		if (f->st != ST_RCPT)
			reply(f, "503 5.5.1 Error: need RCPT command");
		else if (!injected(f, FS_DATACMD)) {
			f->st = ST_DATA;
			f->datalen = 0;
			reply(f, "354 End data with <CR><LF>.<CR><LF>");
		}
	} else if (verb(line, "RSET")) {
		fprintf(f->out, "%s\n", line);
		f->st = ST_CMD;
		reply(f, "250 2.0.0 Ok");
	} else if (verb(line, "NOOP")) {
		fprintf(f->out, "%s\n", line);
		reply(f, "250 2.0.0 Ok");
	} else if (verb(line, "QUIT")) {
		fprintf(f->out, "%s\n", line);
		reply(f, "221 2.0.0 Bye");
		drop(f);
	} else {
		reply(f, "502 5.5.2 Error: command not recognized");
	}
}

/* input - read what the client sent and act on every whole line. */
static void
input(struct fs *f)
{
	ssize_t r;
	char *nl, line[FS_LINE_MAX + 1];
	size_t n;

	r = recv(f->cfd, f->in + f->inlen, sizeof f->in - f->inlen, 0);
	if (r < 0 && errno == EINTR)
		return;
	if (r <= 0) {
		drop(f);
		return;
	}
	f->inlen += (size_t)r;
	while (f->cfd >= 0 && f->inlen > 0) {
		nl = memchr(f->in, '\n', f->inlen);
		if (nl == NULL && f->inlen < sizeof f->in)
			break;
		n = nl == NULL ? f->inlen : (size_t)(nl - f->in) + 1;
		memcpy(line, f->in, n);
		memmove(f->in, f->in + n, f->inlen - n);
		f->inlen -= n;
		if (n > 0 && line[n - 1] == '\n')
			n--;
		if (n > 0 && line[n - 1] == '\r')
			n--;
		line[n] = '\0';
		if (f->st == ST_DATA)
			data_line(f, line, n);
		else
			command(f, line);
	}
}

static void
serve(struct fs *f)
{
	struct pollfd p[2];
	int n;

	for (;;) {
		if (f->cfd < 0 && f->want > 0 && f->accepted >= f->want)
			return;
		p[0].fd = f->lfd;
		/* mid-transaction a new client waits in the backlog */
		p[0].events = f->cfd < 0 || f->st == ST_CMD ? POLLIN : 0;
		p[1].fd = f->cfd;
		p[1].events = POLLIN;
		n = poll(p, f->cfd >= 0 ? 2 : 1, f->idle_ms);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return; /* idle: the bound that keeps tests finite */
		if (f->cfd >= 0 &&
		    (p[1].revents & (POLLIN | POLLHUP | POLLERR))) {
			input(f);
			continue;
		}
		if (!(p[0].revents & POLLIN))
			continue;
		drop(f);
		f->cfd = accept(f->lfd, NULL, NULL);
		if (f->cfd < 0)
			continue;
		if (!injected(f, FS_GREET))
			reply(f, "220 fakesmtp ESMTP");
	}
}

int
main(int argc, char **argv)
{
	struct sockaddr_in sa;
	socklen_t salen = sizeof sa;
	const char *outfile = NULL;
	static struct fs f;
	int c, port = -1, one = 1;

	f.cfd = -1;
	f.idle_ms = 30 * 1000;
	while ((c = getopt(argc, argv, "p:o:f:n:t:")) != -1) {
		switch (c) {
		case 'p':
			port = parse_num(optarg, 65535);
			break;
		case 'o':
			outfile = optarg;
			break;
		case 'f':
			add_fault(&f, optarg);
			break;
		case 'n':
			f.want = (unsigned)parse_num(optarg, 1000000);
			break;
		case 't':
			f.idle_ms = parse_num(optarg, 3600) * 1000;
			break;
		default:
			usage();
		}
	}
	if (port < 0 || outfile == NULL || optind != argc || f.idle_ms == 0)
		usage();
	f.out = fopen(outfile, "a");
	if (f.out == NULL) {
		perror(outfile);
		return 2;
	}
	f.lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (f.lfd < 0 ||
	    setsockopt(f.lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) !=
	        0 ||
	    bind(f.lfd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
	    listen(f.lfd, 16) != 0 ||
	    getsockname(f.lfd, (struct sockaddr *)&sa, &salen) != 0) {
		perror("fakesmtp: listen");
		return 2;
	}
	if (port == 0) {
		printf("%u\n", (unsigned)ntohs(sa.sin_port));
		fflush(stdout);
	}
	serve(&f);
	drop(&f);
	close(f.lfd);
	fclose(f.out);
	return 0;
}

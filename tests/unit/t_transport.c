/*
 * t_transport.c - transports: Maildir, sendmail (a stand-in script), the
 * address and URL checks, SMTP against tests/tools/fakesmtp (faults and
 * transcripts) and, when installed, against Postfix's smtp-sink.
 *
 * fakesmtp is found through $STOA_FAKESMTP, next to this binary's build
 * tree, or as build/tools/fakesmtp; without it the SMTP checks fail
 * (never skip).
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "err.h"
#include "log.h"
#include "t.h"
#include "transport.h"

#define MSG    "Subject: hello\r\n\r\nfirst line\r\n.leading dot\r\n"
#define MSG_LF "Subject: hello\n\nfirst line\n.leading dot\n"
#define FROM   "learn+b-abc@learn.example"

/* slurp - a whole small file into b (reset first); 0 or -1. */
static int
slurp(const char *path, struct buf *b)
{
	char chunk[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	buf_reset(b);
	if (fd < 0)
		return -1;
	while ((n = read(fd, chunk, sizeof chunk)) > 0)
		buf_add(b, chunk, (size_t)n);
	close(fd);
	return n < 0 ? -1 : 0;
}

/* count - occurrences of needle in hay. */
static int
count(const char *hay, const char *needle)
{
	int n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay++;
	}
	return n;
}

/* only_file - the one entry of dir into name; the number of entries. */
static int
only_file(const char *dir, char *name, size_t size)
{
	struct dirent *e;
	DIR *d = opendir(dir);
	int n = 0;

	name[0] = '\0';
	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n++ == 0)
			snprintf(name, size, "%s", e->d_name);
	}
	closedir(d);
	return n;
}

static void
test_maildir(void)
{
	char dir[512], path[1024], name[256];
	struct transport *t = NULL;
	struct buf why = BUF_INIT(512), got = BUF_INIT(1 << 16);
	struct send_result r;
	struct stat st;
	static const char *const bad[] = {"../x@y.example", ".x@y.example",
	    "a/b@y.example", "a..b@y.example", "a@..", "x@y/../../z"};
	size_t i;
	int rc;

	snprintf(dir, sizeof dir, "%s/md/sub", t_tmpdir());
	snprintf(path, sizeof path, "maildir:%s", dir);
	rc = transport_open(path, NULL, &t, &why);
	T_INT("maildir open", rc, 0);
	if (rc != 0)
		return;
	rc = transport_send(t, FROM, "Ana@Example.org", MSG, strlen(MSG), &r);
	T_INT("maildir send rc", rc, 0);
	T_INT("maildir send status", r.status, SEND_OK);
	snprintf(path, sizeof path, "%s/ana@example.org/new", dir);
	T_INT("maildir one file in new", only_file(path, name, sizeof name), 1);
	snprintf(path, sizeof path, ".%ld_1.", (long)getpid());
	T_OK("maildir name time.pid_counter.host", strstr(name, path) != NULL);
	snprintf(path, sizeof path, "%s/ana@example.org/new/%s", dir, name);
	T_INT("maildir read", slurp(path, &got), 0);
	T_STR("maildir content", buf_cstr(&got),
	    "Return-Path: <" FROM ">\nDelivered-To: Ana@Example.org\n" MSG_LF);
	T_OK("maildir file 0600",
	    stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
	snprintf(path, sizeof path, "%s/ana@example.org", dir);
	T_OK("maildir dir 0700",
	    stat(path, &st) == 0 && (st.st_mode & 0777) == 0700);
	snprintf(path, sizeof path, "%s/ana@example.org/tmp", dir);
	T_INT("maildir tmp empty", only_file(path, name, sizeof name), 0);
	snprintf(path, sizeof path, "%s/ana@example.org/cur", dir);
	T_INT("maildir cur exists", only_file(path, name, sizeof name), 0);

	rc = transport_send(t, "", "ana@example.org", MSG, strlen(MSG), &r);
	T_INT("maildir null sender", r.status, SEND_OK);
	snprintf(path, sizeof path, "%s/ana@example.org/new", dir);
	T_INT("maildir two files", only_file(path, name, sizeof name), 2);

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		rc = transport_send(t, FROM, bad[i], MSG, strlen(MSG), &r);
		T_INT(bad[i], rc, 0);
		T_INT(bad[i], r.status, SEND_PERM);
	}
	snprintf(path, sizeof path, "%s/md", t_tmpdir());
	T_INT("maildir nothing escaped", only_file(path, name, sizeof name), 1);
	T_INT("maildir nothing escaped 2",
	    only_file(t_tmpdir(), name, sizeof name) >= 1, 1);

	rc = transport_send(t, FROM, "b@x.example", "a\nb\n", 4, &r);
	T_INT("maildir bare LF rc", rc, E_PARSE);
	T_INT("maildir bare LF status", r.status, SEND_PERM);
	transport_close(t);

	/* a second writer in the same second: names collide, then differ */
	snprintf(path, sizeof path, "maildir:%s", dir);
	T_INT("maildir reopen", transport_open(path, NULL, &t, &why), 0);
	rc = transport_send(t, FROM, "ana@example.org", MSG, strlen(MSG), &r);
	T_INT("maildir collision ok", r.status, SEND_OK);
	snprintf(path, sizeof path, "%s/ana@example.org/new", dir);
	T_INT("maildir three files", only_file(path, name, sizeof name), 3);
	transport_close(t);

	t_write("notadir", "x");
	snprintf(path, sizeof path, "maildir:%s/notadir", t_tmpdir());
	T_INT("maildir root is a file", transport_open(path, NULL, &t, &why),
	    E_CONFIG);
	buf_release(&why);
	buf_release(&got);
}

/* sendmail_script - a stand-in sendmail that records argv and stdin. */
static const char *
sendmail_script(const char *name, const char *tail)
{
	char text[1024];
	const char *p;

	snprintf(text, sizeof text,
	    "#!/bin/sh\n"
	    "printf '%%s\\n' \"$@\" > \"$0.args\"\n"
	    "cat > \"$0.body\"\n"
	    "%s\n",
	    tail);
	p = t_write(name, text);
	chmod(p, 0755);
	return p;
}

static void
sendmail_case(
    const char *name, const char *tail, enum send_status want, long timeout)
{
	struct transport_opts o = {.timeout = timeout};
	struct transport *t = NULL;
	struct buf why = BUF_INIT(512), got = BUF_INIT(4096);
	struct send_result r;
	char url[600], path[600];
	int rc;

	snprintf(url, sizeof url, "sendmail:%s", sendmail_script(name, tail));
	rc = transport_open(url, &o, &t, &why);
	T_INT(name, rc, 0);
	if (rc != 0)
		return;
	rc = transport_send(t, FROM, "-bob@example.org", MSG, strlen(MSG), &r);
	T_INT(name, rc, 0);
	T_INT(name, r.status, want);
	if (r.status != want)
		printf("  %s: reason %s\n", name, r.reason);
	snprintf(path, sizeof path, "%s/%s.args", t_tmpdir(), name);
	slurp(path, &got);
	T_STR(name, buf_cstr(&got), "-i\n-f\n" FROM "\n--\n-bob@example.org\n");
	snprintf(path, sizeof path, "%s/%s.body", t_tmpdir(), name);
	slurp(path, &got);
	T_STR(name, buf_cstr(&got), MSG_LF);
	transport_close(t);
	buf_release(&why);
	buf_release(&got);
}

/* a message larger than the socket buffer, read whole or not at all */
static void
test_sendmail_big(void)
{
	struct transport *t = NULL;
	struct buf why = BUF_INIT(512), msg = BUF_INIT(4 << 20),
	           got = BUF_INIT(64);
	struct send_result r;
	char url[600], path[600];
	const char *p;
	int i;

	for (i = 0; i < 40000; i++)
		buf_adds(&msg, "0123456789012345678901234567890123456789\r\n");
	p = t_write("sm-big", "#!/bin/sh\nwc -c > \"$0.count\"\n");
	chmod(p, 0755);
	snprintf(url, sizeof url, "sendmail:%s", p);
	T_INT("big open", transport_open(url, NULL, &t, &why), 0);
	T_INT("big send",
	    transport_send(t, FROM, "a@example.org", msg.data, msg.len, &r), 0);
	T_INT("big status", r.status, SEND_OK);
	snprintf(path, sizeof path, "%s/sm-big.count", t_tmpdir());
	slurp(path, &got);
	T_STR("big all read, LF", buf_cstr(&got), "1640000\n");
	transport_close(t);

	p = t_write("sm-lazy", "#!/bin/sh\nexit 0\n");
	chmod(p, 0755);
	snprintf(url, sizeof url, "sendmail:%s", p);
	T_INT("lazy open", transport_open(url, NULL, &t, &why), 0);
	transport_send(t, FROM, "a@example.org", msg.data, msg.len, &r);
	T_INT("exit 0 without reading is temp", r.status, SEND_TEMP);
	transport_close(t);
	buf_release(&msg);
	buf_release(&why);
	buf_release(&got);
}

static void
test_sendmail(void)
{
	struct transport *t = NULL;
	struct buf why = BUF_INIT(512);
	struct timespec a, b;

	sendmail_case("sm-ok", "exit 0", SEND_OK, 0);
	sendmail_case("sm-temp", "exit 75", SEND_TEMP, 0);
	sendmail_case("sm-perm", "exit 1", SEND_PERM, 0);
	sendmail_case("sm-oserr", "exit 71", SEND_TEMP, 0);
	sendmail_case("sm-signal", "kill -9 $$", SEND_TEMP, 0);
	clock_gettime(CLOCK_MONOTONIC, &a);
	sendmail_case("sm-hang", "sleep 10", SEND_TEMP, 1);
	clock_gettime(CLOCK_MONOTONIC, &b);
	T_OK("sendmail timeout is 1 s", b.tv_sec - a.tv_sec < 4);
	test_sendmail_big();
	T_INT("sendmail missing program",
	    transport_open("sendmail:/nonexistent/sendmail", NULL, &t, &why),
	    E_CONFIG);
	buf_release(&why);
}

static void
test_addr(void)
{
	static const struct {
		const char *a;
		bool ok;
	} tab[] = {
	    {"a@b.example", true},
	    {"list+b-x7@learn.example", true},
	    {"a\r@b.example", false},
	    {"a@b.example\r\nRCPT TO:<evil@x>", false},
	    {"a\n@b.example", false},
	    {"<a@b.example>", false},
	    {"a@b.example>", false},
	    {"a<b@c.example", false},
	    {"a b@c.example", false},
	    {"a\t@c.example", false},
	    {"nobody", false},
	    {"@b.example", false},
	    {"a@", false},
	    {"", false},
	};
	char long_addr[300];
	struct buf why = BUF_INIT(256);
	size_t i;

	for (i = 0; i < sizeof tab / sizeof tab[0]; i++)
		T_INT(
		    tab[i].a, transport_addr_valid(tab[i].a, &why), tab[i].ok);
	memset(long_addr, 'a', sizeof long_addr);
	memcpy(long_addr + 254 - 10, "@x.example", 11); /* 254 bytes */
	T_INT("254 bytes ok", transport_addr_valid(long_addr, &why), true);
	memset(long_addr, 'a', sizeof long_addr);
	memcpy(long_addr + 255 - 10, "@x.example", 11); /* 255 bytes */
	T_INT(
	    "255 bytes refused", transport_addr_valid(long_addr, &why), false);
	T_INT("NULL refused", transport_addr_valid(NULL, &why), false);
	buf_release(&why);
}

static void
test_url(void)
{
	static const struct {
		const char *u;
		bool ok;
	} tab[] = {
	    {"smtp://127.0.0.1:25", true},
	    {"smtp://mail.example.org", true},
	    {"smtp://mail.example.org:587/", true},
	    {"smtps://mail.example.org:465", true},
	    {"smtp://[::1]:25", true},
	    {"smtp://", false},
	    {"smtp://:25", false},
	    {"smtp://h:0", false},
	    {"smtp://h:65536", false},
	    {"smtp://h:2x", false},
	    {"smtp://h:25/helo", false},
	    {"smtp://user@h:25", false},
	    {"smtp://[::1]x", false},
	    {"smtp://h h", false},
	    {"sendmail:/usr/sbin/sendmail", true},
	    {"sendmail:sendmail", false},
	    {"maildir:mail", true},
	    {"maildir:", false},
	    {"lmtp://h", false},
	    {"", false},
	};
	struct transport_opts o = {.user = "u", .password = "p"};
	struct transport *t = NULL;
	struct buf why = BUF_INIT(256);
	size_t i;

	for (i = 0; i < sizeof tab / sizeof tab[0]; i++)
		T_INT(tab[i].u, transport_url_valid(tab[i].u, &why), tab[i].ok);
	T_INT("AUTH in clear refused",
	    transport_open("smtp://mail.example.org:25", &o, &t, &why),
	    E_CONFIG);
	T_OK("AUTH in clear says why", strstr(buf_cstr(&why), "TLS") != NULL);
	o.starttls = true;
	T_INT("AUTH with STARTTLS",
	    transport_open("smtp://mail.example.org:25", &o, &t, &why), 0);
	transport_close(t);
	o.starttls = false;
	T_INT("AUTH to loopback",
	    transport_open("smtp://127.0.0.1:25", &o, &t, &why), 0);
	transport_close(t);
	T_INT("AUTH to 127.x.example is not loopback",
	    transport_open("smtp://127.evil.example:25", &o, &t, &why),
	    E_CONFIG);
	o.helo = "bad helo";
	T_INT("bad EHLO name",
	    transport_open("smtp://127.0.0.1:25", &o, &t, &why), E_CONFIG);
	buf_release(&why);
}

/* ---- SMTP against fakesmtp ---- */

struct server {
	pid_t pid;
	int port;
	char transcript[512];
};

/*
 * fakesmtp_path - $STOA_FAKESMTP, else the fakesmtp of this binary's own
 * build tree (B/tests/t_transport -> B/tools/fakesmtp, so that an ASan
 * build finds its own), else build/tools/fakesmtp.
 */
static const char *
fakesmtp_path(void)
{
	static char self[1024];
	const char *p = getenv("STOA_FAKESMTP");
	char *slash;
	ssize_t n;

	if (p != NULL && p[0] != '\0')
		return p;
	n = readlink("/proc/self/exe", self, sizeof self - 32);
	if (n > 0) {
		self[n] = '\0';
		slash = strrchr(self, '/');
		if (slash != NULL) {
			snprintf(slash, 32, "/../tools/fakesmtp");
			if (access(self, X_OK) == 0)
				return self;
		}
	}
	return "build/tools/fakesmtp";
}

/* fake_start - run fakesmtp with up to 4 faults; false on failure. */
static bool
fake_start(struct server *s, const char *tag, const char *f1, const char *f2)
{
	const char *bin = fakesmtp_path();
	char *argv[16], line[32];
	struct pollfd p;
	int fds[2], argc = 0;
	ssize_t n;

	s->pid = -1;
	if (access(bin, X_OK) != 0) {
		printf(
		    "FAIL fakesmtp not found at %s (build it: make build/tools/fakesmtp, or set STOA_FAKESMTP)\n",
		    bin);
		T_OK("fakesmtp present", false);
		return false;
	}
	snprintf(
	    s->transcript, sizeof s->transcript, "%s/%s.smtp", t_tmpdir(), tag);
	unlink(s->transcript);
	argv[argc++] = (char *)bin;
	argv[argc++] = (char *)"-p";
	argv[argc++] = (char *)"0";
	argv[argc++] = (char *)"-t";
	argv[argc++] = (char *)"20";
	argv[argc++] = (char *)"-o";
	argv[argc++] = s->transcript;
	if (f1 != NULL) {
		argv[argc++] = (char *)"-f";
		argv[argc++] = (char *)f1;
	}
	if (f2 != NULL) {
		argv[argc++] = (char *)"-f";
		argv[argc++] = (char *)f2;
	}
	argv[argc] = NULL;
	if (pipe(fds) != 0)
		return false;
	s->pid = fork();
	if (s->pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		close(fds[0]);
		close(fds[1]);
		execv(bin, argv);
		_exit(127);
	}
	close(fds[1]);
	p.fd = fds[0];
	p.events = POLLIN;
	n = 0;
	if (poll(&p, 1, 5000) == 1)
		n = read(fds[0], line, sizeof line - 1);
	close(fds[0]);
	line[n > 0 ? n : 0] = '\0';
	s->port = (int)strtol(line, NULL, 10);
	if (s->port <= 0) {
		T_OK("fakesmtp printed its port", false);
		kill(s->pid, SIGKILL);
		waitpid(s->pid, NULL, 0);
		return false;
	}
	return true;
}

/* fake_stop - end the server and read its transcript into b. */
static void
fake_stop(struct server *s, struct buf *b)
{
	if (s->pid > 0) {
		kill(s->pid, SIGTERM);
		waitpid(s->pid, NULL, 0);
	}
	s->pid = -1;
	slurp(s->transcript, b);
	if (getenv("T_VERBOSE") != NULL)
		printf("--- %s\n%s", s->transcript, buf_cstr(b));
}

static struct transport *
fake_open(const struct server *s, long timeout, bool starttls)
{
	struct transport_opts o = {
	    .helo = "stoa.test", .timeout = timeout, .starttls = starttls};
	struct transport *t = NULL;
	struct buf why = BUF_INIT(256);
	char url[64];

	snprintf(url, sizeof url, "smtp://127.0.0.1:%d", s->port);
	if (transport_open(url, &o, &t, &why) != 0)
		printf("FAIL open %s: %s\n", url, buf_cstr(&why));
	buf_release(&why);
	return t;
}

/* send_one - send MSG to rcpt; the status, with r filled. */
static int
send_one(struct transport *t, const char *rcpt, struct send_result *r)
{
	int rc = transport_send(t, FROM, rcpt, MSG, strlen(MSG), r);

	if (rc != 0)
		return -100 + rc;
	return r->status;
}

static void
test_smtp_three(void)
{
	struct buf tr = BUF_INIT(1 << 16);
	struct server s;
	struct transport *t;
	struct send_result r;

	if (!fake_start(&s, "three", NULL, NULL))
		return;
	t = fake_open(&s, 0, false);
	T_INT("smtp 1", send_one(t, "one@example.org", &r), SEND_OK);
	T_INT("smtp 1 code", r.code, 250);
	T_OK("smtp 1 reason", strstr(r.reason, "250 2.0.0 Ok") == r.reason);
	T_INT("smtp 2", send_one(t, "two@example.org", &r), SEND_OK);
	T_INT("smtp 3", send_one(t, "three@example.org", &r), SEND_OK);
	transport_close(t);
	fake_stop(&s, &tr);
	T_INT(
	    "one connection: one EHLO", count(tr.data, "EHLO stoa.test\n"), 1);
	T_INT(
	    "three MAIL", count(tr.data, "MAIL FROM:<" FROM "> SIZE=44\n"), 3);
	T_INT(
	    "one RCPT each", count(tr.data, "RCPT TO:<two@example.org>\n"), 1);
	T_INT("three bodies", count(tr.data, "\nfirst line\n.leading dot\n.\n"),
	    3);
	T_INT("one QUIT", count(tr.data, "QUIT\n"), 1);
	T_INT("no RSET", count(tr.data, "RSET"), 0);
	buf_release(&tr);
}

static void
test_smtp_rcpt550(void)
{
	struct buf tr = BUF_INIT(1 << 16);
	struct server s;
	struct transport *t;
	struct send_result r;

	if (!fake_start(&s, "rcpt550", "nth=1:rcpt=550", "nth=2:rcpt=450"))
		return;
	t = fake_open(&s, 0, false);
	T_INT("rcpt 550 perm", send_one(t, "gone@example.org", &r), SEND_PERM);
	T_INT("rcpt 550 code", r.code, 550);
	T_STR(
	    "rcpt 550 reason", r.reason, "550 5.0.0 fakesmtp: injected fault");
	T_INT("rcpt 450 temp", send_one(t, "full@example.org", &r), SEND_TEMP);
	T_INT("rcpt 450 code", r.code, 450);
	T_INT("after rejects ok", send_one(t, "ok@example.org", &r), SEND_OK);
	transport_close(t);
	fake_stop(&s, &tr);
	T_INT("rcpt: no retry of rejects", count(tr.data, "MAIL FROM"), 3);
	buf_release(&tr);
}

static void
test_smtp_data(void)
{
	struct buf tr = BUF_INIT(1 << 16);
	struct server s;
	struct transport *t;
	struct send_result r;

	if (!fake_start(&s, "data", "nth=1:data=451", "nth=2:datacmd=554"))
		return;
	t = fake_open(&s, 0, false);
	T_INT("data 451 temp", send_one(t, "a@example.org", &r), SEND_TEMP);
	T_INT("data 451 code", r.code, 451);
	T_INT("DATA 554 perm", send_one(t, "b@example.org", &r), SEND_PERM);
	T_INT("DATA 554 code", r.code, 554);
	T_INT("data then ok", send_one(t, "c@example.org", &r), SEND_OK);
	T_INT("data bare LF",
	    transport_send(t, FROM, "c@example.org", "a\n", 2, &r), E_PARSE);
	T_INT("bad rcpt perm", send_one(t, "c@example.org>", &r), SEND_PERM);
	T_INT("bad rcpt code", r.code, 0);
	transport_close(t);
	fake_stop(&s, &tr);
	T_INT("data: three transactions", count(tr.data, "MAIL FROM"), 3);
	T_INT(
	    "data: bad rcpt never sent", count(tr.data, "c@example.org>>"), 0);
	buf_release(&tr);
}

static void
test_smtp_retry(void)
{
	struct buf tr = BUF_INIT(1 << 16);
	struct server s;
	struct transport *t;
	struct send_result r;

	/* 421 at MAIL then close: retried at once on a new connection */
	if (!fake_start(&s, "retry421", "nth=2:mail=421", NULL))
		return;
	t = fake_open(&s, 0, false);
	T_INT("421: first", send_one(t, "a@example.org", &r), SEND_OK);
	T_INT("421: retried", send_one(t, "b@example.org", &r), SEND_OK);
	T_INT("421: third", send_one(t, "c@example.org", &r), SEND_OK);
	transport_close(t);
	fake_stop(&s, &tr);
	T_INT("421: two connections", count(tr.data, "EHLO"), 2);
	T_INT("421: four MAIL", count(tr.data, "MAIL FROM"), 4);
	T_INT("421: b once delivered", count(tr.data, "RCPT TO:<b@"), 1);

	/* the server closed the idle connection; curl finds out on reuse */
	if (!fake_start(&s, "stale", "nth=1:close-after-data", NULL))
		return;
	t = fake_open(&s, 0, false);
	T_INT("stale: first", send_one(t, "a@example.org", &r), SEND_OK);
	T_INT("stale: second", send_one(t, "b@example.org", &r), SEND_OK);
	if (r.status != SEND_OK)
		printf("  stale: %s\n", r.reason);
	transport_close(t);
	fake_stop(&s, &tr);
	T_INT("stale: two connections", count(tr.data, "EHLO"), 2);
	T_INT("stale: b delivered once", count(tr.data, "RCPT TO:<b@"), 1);

	/* the connection dies under MAIL without a reply: curl 56, retried */
	if (!fake_start(&s, "dead", "nth=2:mail=0", NULL))
		return;
	t = fake_open(&s, 0, false);
	T_INT("dead: first", send_one(t, "a@example.org", &r), SEND_OK);
	T_INT("dead: retried", send_one(t, "b@example.org", &r), SEND_OK);
	transport_close(t);
	fake_stop(&s, &tr);
	T_INT("dead: two connections", count(tr.data, "EHLO"), 2);
	T_INT("dead: b delivered once", count(tr.data, "RCPT TO:<b@"), 1);

	/* both attempts fail: one retry only, then temporary */
	if (!fake_start(&s, "dead2", "mail=0", NULL))
		return;
	t = fake_open(&s, 0, false);
	T_INT("dead twice temp", send_one(t, "a@example.org", &r), SEND_TEMP);
	transport_close(t);
	fake_stop(&s, &tr);
	T_INT("dead twice: exactly one retry", count(tr.data, "MAIL FROM"), 2);

	/* STACK-NOTES §6: a stale 421 waiting on a reused connection */
	if (!fake_start(&s, "stale421", "nth=1:timeout-after-data", NULL))
		return;
	t = fake_open(&s, 0, false);
	T_INT("stale 421: first", send_one(t, "a@example.org", &r), SEND_OK);
	T_INT("stale 421: second", send_one(t, "b@example.org", &r), SEND_OK);
	if (r.status != SEND_OK)
		printf("  stale 421: %s\n", r.reason);
	transport_close(t);
	fake_stop(&s, &tr);
	T_INT("stale 421: two connections", count(tr.data, "EHLO"), 2);
	T_INT("stale 421: b delivered once", count(tr.data, "RCPT TO:<b@"), 1);

	/* lost after the dot: the message may have arrived, no retry here */
	if (!fake_start(&s, "dropdot", "nth=1:drop-after-data", NULL))
		return;
	t = fake_open(&s, 0, false);
	T_INT("dropped dot temp", send_one(t, "a@example.org", &r), SEND_TEMP);
	T_INT("dropped dot code", r.code, 0);
	T_INT("after drop ok", send_one(t, "b@example.org", &r), SEND_OK);
	transport_close(t);
	fake_stop(&s, &tr);
	T_INT("dropdot: not resent", count(tr.data, "RCPT TO:<a@"), 1);
	buf_release(&tr);
}

/* with PIPELINING: the same results, one write for MAIL, RCPT and DATA */
static void
test_smtp_pipelined(void)
{
	struct buf tr = BUF_INIT(1 << 21), big = BUF_INIT(1 << 20);
	struct server s;
	struct transport *t;
	struct send_result r;
	int i;

	if (!fake_start(&s, "pipe", "pipelining", "nth=2:rcpt=550"))
		return;
	t = fake_open(&s, 0, false);
	T_INT("pipe 1", send_one(t, "one@example.org", &r), SEND_OK);
	T_INT("pipe 2 refused", send_one(t, "gone@example.org", &r), SEND_PERM);
	T_INT("pipe 2 code", r.code, 550);
	T_STR("pipe 2 verb", r.verb, "RCPT");
	T_INT("pipe 3", send_one(t, "three@example.org", &r), SEND_OK);
	/* dot-stuffing across the 64 kB writes, and a last line without CRLF */
	for (i = 0; i < 20000; i++)
		buf_addf(&big, ".dot line %d\r\n", i);
	buf_adds(&big, ".end");
	T_INT("pipe big",
	    transport_send(t, FROM, "big@example.org", big.data, big.len, &r),
	    0);
	T_INT("pipe big ok", r.status, SEND_OK);
	transport_close(t);
	fake_stop(&s, &tr);
	T_INT("pipe: one EHLO", count(tr.data, "EHLO stoa.test\n"), 1);
	T_INT("pipe: four MAIL", count(tr.data, "MAIL FROM:"), 4);
	T_INT("pipe: DATA refused after the RCPT", count(tr.data, "DATA\n"), 4);
	T_INT("pipe: one RSET, after the refusal", count(tr.data, "RSET\n"), 1);
	T_INT("pipe: two short bodies",
	    count(tr.data, "\nfirst line\n.leading dot\n.\n"), 2);
	T_INT("pipe: every dot line whole", count(tr.data, "\n.dot line "),
	    20000);
	T_INT("pipe: last line ended for it", count(tr.data, "\n.end\n.\n"), 1);
	T_INT("pipe: one QUIT", count(tr.data, "QUIT\n"), 1);

	/* a reply line longer than the read buffer is cut, not misread */
	if (!fake_start(&s, "longreply", "longreply", NULL))
		return;
	t = fake_open(&s, 0, false);
	T_INT("long reply 1", send_one(t, "a@example.org", &r), SEND_OK);
	T_INT("long reply 2", send_one(t, "b@example.org", &r), SEND_OK);
	transport_close(t);
	fake_stop(&s, &tr);
	T_INT("long reply: one connection", count(tr.data, "EHLO"), 1);
	T_INT("long reply: no RSET", count(tr.data, "RSET"), 0);

	/*
	 * a session idle too long is closed with QUIT and a new one opened;
	 * the message then has its whole timeout, not what the QUIT left
	 */
	if (!fake_start(&s, "idle", "slow=1", NULL))
		return;
	{
		struct transport_opts o = {
		    .helo = "stoa.test", .timeout = 10, .idle = 1};
		struct buf why = BUF_INIT(256);
		char url[64];
		const struct timespec pause = {2, 200 * 1000 * 1000};

		snprintf(url, sizeof url, "smtp://127.0.0.1:%d", s.port);
		T_INT("idle open", transport_open(url, &o, &t, &why), 0);
		T_INT("idle 1", send_one(t, "a@example.org", &r), SEND_OK);
		nanosleep(&pause, NULL);
		T_INT("idle 2, new session", send_one(t, "b@example.org", &r),
		    SEND_OK);
		if (r.status != SEND_OK)
			printf("  idle 2: %s\n", r.reason);
		transport_close(t);
		buf_release(&why);
	}
	fake_stop(&s, &tr);
	T_INT("idle: two sessions", count(tr.data, "EHLO"), 2);
	T_INT("idle: QUIT to the idle one", count(tr.data, "QUIT"), 2);

	/* a 421 to the pipelined MAIL: the rest is not answered; retried */
	if (!fake_start(&s, "pipe421", "pipelining", "nth=2:mail=421"))
		return;
	t = fake_open(&s, 0, false);
	T_INT("pipe 421: first", send_one(t, "a@example.org", &r), SEND_OK);
	T_INT("pipe 421: retried", send_one(t, "b@example.org", &r), SEND_OK);
	transport_close(t);
	fake_stop(&s, &tr);
	T_INT("pipe 421: two connections", count(tr.data, "EHLO"), 2);
	T_INT("pipe 421: b once", count(tr.data, "RCPT TO:<b@"), 1);
	buf_release(&tr);
	buf_release(&big);
}

/* closed_port - a loopback port with nobody listening. */
static int
closed_port(void)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0), port = 0;

	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0 &&
	    getsockname(fd, (struct sockaddr *)&sa, &len) == 0)
		port = ntohs(sa.sin_port);
	close(fd);
	return port;
}

static void
test_smtp_setup_failures(void)
{
	struct buf tr = BUF_INIT(1 << 16);
	struct server s = {.port = closed_port()};
	struct transport *t;
	struct send_result r;
	struct timespec a, b;

	t = fake_open(&s, 0, false);
	T_INT("refused temp", send_one(t, "a@example.org", &r), SEND_TEMP);
	T_INT("refused code", r.code, 0);
	T_OK("refused reason", strstr(r.reason, "curl 7") == r.reason);
	T_INT("bad rcpt before connecting", send_one(t, "a\r\n@x", &r),
	    SEND_PERM);
	transport_close(t);

	if (!fake_start(&s, "ehlo", "ehlo=550", NULL))
		return;
	t = fake_open(&s, 0, false);
	T_INT("EHLO 550 is not the message's fault",
	    send_one(t, "a@example.org", &r), SEND_TEMP);
	transport_close(t);
	fake_stop(&s, &tr);

	if (!fake_start(&s, "starttls", NULL, NULL))
		return;
	t = fake_open(&s, 0, true);
	T_INT("STARTTLS missing temp", send_one(t, "a@example.org", &r),
	    SEND_TEMP);
	transport_close(t);
	fake_stop(&s, &tr);
	T_INT("STARTTLS missing: no MAIL", count(tr.data, "MAIL"), 0);

	if (!fake_start(&s, "smtps", NULL, NULL))
		return;
	{
		struct buf why = BUF_INIT(256);
		char url[64];

		snprintf(url, sizeof url, "smtps://127.0.0.1:%d", s.port);
		T_INT("smtps open", transport_open(url, NULL, &t, &why), 0);
		T_INT("smtps to a plain server temp",
		    send_one(t, "a@example.org", &r), SEND_TEMP);
		T_OK("smtps reason", strstr(r.reason, "curl 35") == r.reason);
		transport_close(t);
		buf_release(&why);
	}
	fake_stop(&s, &tr);
	T_INT("smtps: no MAIL in clear", count(tr.data, "MAIL"), 0);

	if (!fake_start(&s, "slow", "slow=3", NULL))
		return;
	t = fake_open(&s, 1, false);
	clock_gettime(CLOCK_MONOTONIC, &a);
	T_INT("timeout temp", send_one(t, "a@example.org", &r), SEND_TEMP);
	clock_gettime(CLOCK_MONOTONIC, &b);
	T_INT("timeout code", r.code, 0);
	T_OK("timeout reason", strstr(r.reason, "curl 28") == r.reason);
	T_OK("timeout took about 1 s", b.tv_sec - a.tv_sec < 3);
	transport_close(t);
	fake_stop(&s, &tr);
	buf_release(&tr);
}

/* ---- a real peer: Postfix's smtp-sink ---- */

static pid_t
sink_start(int port, const char *opt)
{
	char addr[32];
	pid_t pid;
	int i, fd;
	struct sockaddr_in sa;

	snprintf(addr, sizeof addr, "127.0.0.1:%d", port);
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, STDOUT_FILENO);
		if (opt != NULL)
			execl("/usr/sbin/smtp-sink", "smtp-sink", "-u",
			    "nobody", opt, "rcpt", addr, "10", (char *)NULL);
		else
			execl("/usr/sbin/smtp-sink", "smtp-sink", "-u",
			    "nobody", addr, "10", (char *)NULL);
		_exit(127);
	}
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	for (i = 0; i < 100; i++) { /* up to 5 s for it to listen */
		const struct timespec tick = {0, 50 * 1000 * 1000};

		fd = socket(AF_INET, SOCK_STREAM, 0);
		if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0) {
			close(fd);
			return pid;
		}
		close(fd);
		nanosleep(&tick, NULL);
	}
	return pid;
}

static void
test_smtp_sink(void)
{
	struct transport_opts o = {
	    .helo = "stoa.test", .user = "stoa", .password = "secret"};
	struct transport *t = NULL;
	struct buf why = BUF_INIT(256);
	struct send_result r;
	char url[64];
	pid_t pid;
	int port;

	if (access("/usr/sbin/smtp-sink", X_OK) != 0) {
		printf(
		    "note: /usr/sbin/smtp-sink not installed; real-peer check skipped\n");
		return;
	}
	port = closed_port();
	pid = sink_start(port, NULL);
	snprintf(url, sizeof url, "smtp://127.0.0.1:%d", port);
	T_INT("sink open", transport_open(url, NULL, &t, &why), 0);
	T_INT("sink 1", send_one(t, "a@example.org", &r), SEND_OK);
	T_INT("sink 1 code", r.code, 250);
	T_INT("sink 2", send_one(t, "b@example.org", &r), SEND_OK);
	transport_close(t);
	/*
	 * smtp-sink offers AUTH PLAIN LOGIN but answers AUTH with 250, which
	 * curl rejects.  A failed AUTH is our configuration's fault, never
	 * the message's: temporary.
	 */
	T_INT("sink AUTH open", transport_open(url, &o, &t, &why), 0);
	T_INT("sink AUTH fails temp", send_one(t, "c@example.org", &r),
	    SEND_TEMP);
	T_OK("sink AUTH reason", strstr(r.reason, "curl 67") == r.reason);
	if (strstr(r.reason, "curl 67") != r.reason)
		printf("  sink AUTH: %s\n", r.reason);
	transport_close(t);
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);

	port = closed_port();
	pid = sink_start(port, "-f");
	snprintf(url, sizeof url, "smtp://127.0.0.1:%d", port);
	T_INT("sink -f open", transport_open(url, NULL, &t, &why), 0);
	T_INT("sink -f rcpt perm", send_one(t, "a@example.org", &r), SEND_PERM);
	T_INT("sink -f code", r.code / 100, 5);
	transport_close(t);
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	buf_release(&why);
}

int
main(void)
{
	log_set_syslog(false);
	log_set_stderr(getenv("T_VERBOSE") != NULL, true);
	test_addr();
	test_url();
	test_maildir();
	test_sendmail();
	test_smtp_three();
	test_smtp_rcpt550();
	test_smtp_data();
	test_smtp_retry();
	test_smtp_pipelined();
	test_smtp_setup_failures();
	test_smtp_sink();
	return t_done();
}

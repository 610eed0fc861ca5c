/*
 * transport.c - the outbound dispatcher: SMTP (smtp.c), sendmail, Maildir
 * (see transport.h).
 *
 * sendmail: the child gets the message on a socketpair rather than a pipe
 * so that the parent can write with MSG_NOSIGNAL: a sendmail that exits
 * early must not kill the sender with SIGPIPE, and a library has no
 * business changing signal dispositions.  Exit 0 is success, EX_TEMPFAIL
 * (75) and EX_OSERR (71) defer like Postfix's pipe(8) does, a signal or a
 * timeout defers, anything else is permanent.  The child leads its own
 * process group so that a timeout kills whatever it started as well.  A failed
 * execv() exits 75 in the child: a broken path must not bounce mail.
 *
 * Maildir: DIR/<rcpt lower-cased>/{tmp,new,cur}, file written in tmp,
 * fsync'd, hard-linked into new (link, unlike rename, never replaces a
 * file that has the same name), unlinked from tmp, then new is fsync'd:
 * the qmail protocol, so a reader never sees half a message.  The recipient
 * becomes a directory name, so it is checked to stay inside DIR.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bounds.h"
#include "conf.h"
#include "err.h"
#include "failpoint.h"
#include "log.h"
#include "smtp.h"
#include "transport.h"
#include "xmalloc.h"

#define TRANSPORT_DEFAULT_TIME 60 /* seconds for one sendmail run */
#define TRANSPORT_HOST_MAX     64 /* bytes of host name in a Maildir name */
#define TRANSPORT_EX_OSERR     71
#define TRANSPORT_EX_TEMPFAIL  75
#define TRANSPORT_CHILD_FDS    1024 /* fds a sendmail child closes */
#define MAILDIR_TRIES          10   /* unique names tried per message */

enum transport_kind { TRANSPORT_SMTP, TRANSPORT_SENDMAIL, TRANSPORT_MAILDIR };

struct transport {
	enum transport_kind kind;
	struct smtp *smtp;     /* TRANSPORT_SMTP */
	char *path;            /* sendmail program or Maildir root */
	long timeout;          /* seconds */
	unsigned long counter; /* Maildir unique names */
	char host[4 * TRANSPORT_HOST_MAX + 1]; /* Maildir-safe host name */
};

void
send_result_set(
    struct send_result *r, enum send_status st, int code, const char *fmt, ...)
{
	static const char hex[] = "0123456789abcdef";
	char tmp[2 * sizeof r->reason];
	size_t i, o = 0;
	unsigned char c;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	for (i = 0; tmp[i] != '\0'; i++) {
		c = (unsigned char)tmp[i];
		if (c >= 0x20 && c < 0x7f && c != '\\') {
			if (o + 1 >= sizeof r->reason)
				break;
			r->reason[o++] = (char)c;
			continue;
		}
		if (o + 4 >= sizeof r->reason)
			break;
		r->reason[o++] = '\\';
		r->reason[o++] = 'x';
		r->reason[o++] = hex[c >> 4];
		r->reason[o++] = hex[c & 15];
	}
	r->reason[o] = '\0';
	r->status = st;
	r->code = code;
	r->verb[0] = '\0';
}

/* mkdir_p - create dir and missing parents, mode 0700. */
static int
mkdir_p(const char *dir)
{
	char *p = xstrdup(dir), *s;
	int rc = 0;

	for (s = p + 1; rc == 0 && *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST)
			rc = -1;
		*s = '/';
	}
	if (rc == 0 && mkdir(p, 0700) != 0 && errno != EEXIST)
		rc = -1;
	free(p);
	return rc;
}

/* maildir_host - this host's name with '/' and ':' escaped (Maildir). */
static void
maildir_host(char *dst, size_t dstsize)
{
	char h[TRANSPORT_HOST_MAX + 1];
	size_t i, o = 0;

	if (gethostname(h, sizeof h) != 0 || h[0] == '\0')
		memcpy(h, "localhost", sizeof "localhost");
	h[sizeof h - 1] = '\0';
	for (i = 0; h[i] != '\0' && o + 5 < dstsize; i++) {
		if (h[i] == '/' || h[i] == ':') {
			snprintf(dst + o, 5, "\\%03o", (unsigned char)h[i]);
			o += 4;
		} else
			dst[o++] = h[i];
	}
	dst[o] = '\0';
}

struct transport_opts
transport_conf_opts(void)
{
	return (struct transport_opts){.helo = conf_smtp_helo,
	    .user = conf_smtp_user,
	    .password = conf_smtp_password,
	    .starttls = conf_smtp_starttls,
	    .cafile = conf_smtp_cafile};
}

int
transport_open(const char *url, const struct transport_opts *o,
    struct transport **out, struct buf *why)
{
	struct transport *t;
	struct stat st;
	int rc;

	*out = NULL;
	if (!transport_url_valid(url, why))
		return E_CONFIG;
	t = xcalloc(1, sizeof *t);
	t->timeout =
	    o != NULL && o->timeout > 0 ? o->timeout : TRANSPORT_DEFAULT_TIME;
	if (url[0] == 's' && url[1] == 'm') { /* smtp:// or smtps:// */
		t->kind = TRANSPORT_SMTP;
		rc = smtp_new(url, o, &t->smtp, why);
		if (rc != 0) {
			free(t);
			return rc;
		}
	} else if (url[0] == 's') {
		t->kind = TRANSPORT_SENDMAIL;
		t->path = xstrdup(url + 9);
		if (access(t->path, X_OK) != 0) {
			buf_sets(why,
			    "outbound: sendmail program is not executable: ");
			buf_adds(why, t->path);
			transport_close(t);
			return E_CONFIG;
		}
	} else {
		t->kind = TRANSPORT_MAILDIR;
		t->path = xstrdup(url + 8);
		maildir_host(t->host, sizeof t->host);
		if (mkdir_p(t->path) != 0 || stat(t->path, &st) != 0 ||
		    !S_ISDIR(st.st_mode) || access(t->path, W_OK | X_OK) != 0) {
			buf_sets(why, "outbound: cannot use Maildir root ");
			buf_adds(why, t->path);
			buf_addf(why, ": %s", strerror(errno));
			transport_close(t);
			return E_CONFIG;
		}
	}
	*out = t;
	return 0;
}

int
transport_probe(struct transport *t, struct buf *why)
{
	if (t->kind == TRANSPORT_SMTP)
		return smtp_probe(t->smtp, why);
	return 0; /* sendmail and Maildir were checked by transport_open() */
}

void
transport_close(struct transport *t)
{
	if (t == NULL)
		return;
	smtp_free(t->smtp);
	free(t->path);
	free(t);
}

/*
 * to_lf - head (may be NULL) then msg with every CRLF turned into LF, into
 * b.  Returns 0 or E_NOMEM/E_LIMIT from the buf.
 */
static int
to_lf(struct buf *b, const char *head, const char *msg, size_t len)
{
	const char *p = msg, *end = msg + len, *cr;

	if (head != NULL)
		buf_adds(b, head);
	while (p < end) {
		cr = memchr(p, '\r', (size_t)(end - p));
		if (cr == NULL || cr + 1 >= end) {
			buf_add(b, p, (size_t)(end - p));
			break;
		}
		if (cr[1] == '\n') {
			buf_add(b, p, (size_t)(cr - p));
			p = cr + 1; /* keep the LF */
		} else {
			buf_add(b, p, (size_t)(cr - p) + 1);
			p = cr + 1;
		}
	}
	return buf_error(b);
}

/* write_all - the whole of p[0..n) to fd; 0 or -1 with errno. */
static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		fail_point();
		w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* fsync_dir - make a rename in dir durable. */
static int
fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* maildir_name_ok - a recipient that names one directory inside DIR. */
static bool
maildir_name_ok(const char *a)
{
	return a[0] != '.' && strchr(a, '/') == NULL && strstr(a, "..") == NULL;
}

/* maildir_name - out = dir/sub/<time.pid_counter.host>; 0 or -1. */
static int
maildir_name(struct transport *t, const struct buf *dir, const char *sub,
    struct buf *out)
{
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	buf_reset(out);
	buf_addf(out, "%s/%s/%lld.%ld_%lu.%s", buf_cstr(dir), sub,
	    (long long)now.tv_sec, (long)getpid(), ++t->counter, t->host);
	if (buf_error(out) != 0) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

static int
maildir_send(struct transport *t, const char *from, const char *rcpt,
    const char *msg, size_t len, struct send_result *r)
{
	struct buf path = BUF_INIT(4096),
	           body = BUF_INIT(len + 2 * MAX_EMAIL + 64);
	struct buf tmp = BUF_INIT(4096), dst = BUF_INIT(4096);
	static const char *const sub[] = {"tmp", "new", "cur"};
	char *lower = NULL;
	size_t i, root;
	char q[LOG_Q_SIZE];
	int fd = -1, tries;
	bool created = false;

	if (!maildir_name_ok(rcpt)) {
		send_result_set(r, SEND_PERM, 0,
		    "recipient cannot name a Maildir: %s", rcpt);
		goto out;
	}
	lower = xstrdup(rcpt);
	str_lower(lower);
	buf_addf(&path, "%s/%s", t->path, lower);
	root = path.len;
	if (buf_error(&path) != 0 || mkdir_p(buf_cstr(&path)) != 0)
		goto fail;
	for (i = 0; i < 3; i++) {
		buf_truncate(&path, root);
		buf_addf(&path, "/%s", sub[i]);
		if (buf_error(&path) != 0 ||
		    (mkdir(buf_cstr(&path), 0700) != 0 && errno != EEXIST))
			goto fail;
	}
	buf_truncate(&path, root);
	buf_addf(&body, "Return-Path: <%s>\nDelivered-To: %s\n", from, rcpt);
	if (to_lf(&body, NULL, msg, len) != 0) {
		errno = ENOMEM;
		goto fail;
	}
	/* a name taken by another writer in the same second: count on */
	for (tries = 0; fd < 0 && tries < MAILDIR_TRIES; tries++) {
		if (maildir_name(t, &path, "tmp", &tmp) != 0)
			goto fail;
		fd = open(buf_cstr(&tmp),
		    O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST)
			goto fail;
	}
	created = fd >= 0;
	if (fd < 0 || write_all(fd, body.data, body.len) != 0 || fsync(fd) != 0)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	/* link, not rename: rename would silently replace an existing file */
	for (tries = 0;; tries++) {
		if (tries == 0) { /* same name as in tmp/, as is customary */
			buf_addf(&dst, "%s/new/%s", buf_cstr(&path),
			    strrchr(buf_cstr(&tmp), '/') + 1);
			if (buf_error(&dst) != 0)
				goto fail;
		} else if (maildir_name(t, &path, "new", &dst) != 0)
			goto fail;
		fail_point();
		if (link(buf_cstr(&tmp), buf_cstr(&dst)) == 0)
			break;
		if (errno != EEXIST || tries == MAILDIR_TRIES)
			goto fail;
	}
	created = false; /* it is in new/ now: a retry would duplicate it */
	fail_point();
	unlink(buf_cstr(&tmp));
	buf_addf(&path, "/new");
	if (fsync_dir(buf_cstr(&path)) != 0)
		log_warn("maildir_fsync dir=%s error=%s",
		    log_q(q, buf_cstr(&path)), strerror(errno));
	send_result_set(r, SEND_OK, 0, "delivered to %s", buf_cstr(&dst));
	goto out;
fail:
	send_result_set(r, SEND_TEMP, 0, "maildir %s: %s", buf_cstr(&path),
	    strerror(errno));
	if (fd >= 0)
		close(fd);
	if (created)
		unlink(buf_cstr(&tmp));
out:
	free(lower);
	buf_release(&path);
	buf_release(&body);
	buf_release(&tmp);
	buf_release(&dst);
	return 0;
}

/* ms_left - milliseconds until deadline (never negative). */
static int
ms_left(const struct timespec *deadline)
{
	struct timespec now;
	long long ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (long long)(deadline->tv_sec - now.tv_sec) * 1000 +
	    (deadline->tv_nsec - now.tv_nsec) / 1000000;
	return ms < 0 ? 0 : ms > 60000 ? 60000 : (int)ms;
}

/* feed - write p[0..n) to the non-blocking socket fd before deadline. */
static int
feed(int fd, const char *p, size_t n, const struct timespec *deadline)
{
	struct pollfd pfd = {.fd = fd, .events = POLLOUT};
	ssize_t w;

	while (n > 0) {
		w = send(fd, p, n, MSG_NOSIGNAL);
		if (w > 0) {
			p += w;
			n -= (size_t)w;
			continue;
		}
		if (w < 0 && errno != EAGAIN && errno != EINTR)
			return -1; /* EPIPE: the child stopped reading */
		if (ms_left(deadline) == 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		if (poll(&pfd, 1, ms_left(deadline)) < 0 && errno != EINTR)
			return -1;
	}
	return 0;
}

/* reap - wait for pid until deadline, then kill it; its wait status. */
static int
reap(pid_t pid, const struct timespec *deadline, bool *killed)
{
	const struct timespec tick = {0, 20 * 1000 * 1000};
	int status = 0;
	pid_t w;

	*killed = false;
	for (;;) {
		w = waitpid(pid, &status, WNOHANG);
		if (w == pid)
			return status;
		if (w < 0 && errno != EINTR)
			return -1;
		if (ms_left(deadline) == 0)
			break;
		nanosleep(&tick, NULL);
	}
	*killed = true;
	kill(-pid, SIGKILL); /* its process group: a script's children too */
	kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		continue;
	return status;
}

static int
sendmail_send(struct transport *t, const char *from, const char *rcpt,
    const char *msg, size_t len, struct send_result *r)
{
	struct buf body = BUF_INIT(len + 1);
	struct timespec deadline;
	int sv[2], status, werr = 0;
	bool killed;
	pid_t pid;
	char *argv[7];

	if (to_lf(&body, NULL, msg, len) != 0) {
		send_result_set(r, SEND_TEMP, 0, "out of memory");
		buf_release(&body);
		return 0;
	}
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
		send_result_set(
		    r, SEND_TEMP, 0, "socketpair: %s", strerror(errno));
		buf_release(&body);
		return 0;
	}
	argv[0] = t->path;
	argv[1] = (char *)"-i";
	argv[2] = (char *)"-f";
	argv[3] = (char *)from;
	argv[4] = (char *)"--";
	argv[5] = (char *)rcpt;
	argv[6] = NULL;
	pid = fork();
	if (pid < 0) {
		send_result_set(r, SEND_TEMP, 0, "fork: %s", strerror(errno));
		close(sv[0]);
		close(sv[1]);
		buf_release(&body);
		return 0;
	}
	if (pid == 0) {
		int fd;

		setpgid(0, 0);
		if (dup2(sv[1], STDIN_FILENO) < 0)
			_exit(TRANSPORT_EX_TEMPFAIL);
		for (fd = 3; fd < TRANSPORT_CHILD_FDS; fd++)
			close(fd); /* database, sockets: not sendmail's */
		execv(t->path, argv);
		_exit(TRANSPORT_EX_TEMPFAIL);
	}
	setpgid(pid, pid); /* as the child does: no race either way */
	close(sv[1]);
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += t->timeout;
	fcntl(sv[0], F_SETFL, fcntl(sv[0], F_GETFL) | O_NONBLOCK);
	if (feed(sv[0], body.data != NULL ? body.data : "", body.len,
	        &deadline) != 0)
		werr = errno;
	close(sv[0]);
	buf_release(&body);
	if (werr == ETIMEDOUT)
		clock_gettime(CLOCK_MONOTONIC, &deadline); /* kill at once */
	status = reap(pid, &deadline, &killed);
	if (killed)
		send_result_set(r, SEND_TEMP, 0,
		    "sendmail timed out after %ld s", t->timeout);
	else if (status < 0)
		send_result_set(
		    r, SEND_TEMP, 0, "waitpid: %s", strerror(errno));
	else if (WIFSIGNALED(status))
		send_result_set(r, SEND_TEMP, 0, "sendmail killed by signal %d",
		    WTERMSIG(status));
	else if (WEXITSTATUS(status) == 0 && werr != 0)
		send_result_set(r, SEND_TEMP, 0,
		    "sendmail exited 0 without reading the message: %s",
		    strerror(werr));
	else if (WEXITSTATUS(status) == 0)
		send_result_set(r, SEND_OK, 0, "sendmail accepted");
	else if (WEXITSTATUS(status) == TRANSPORT_EX_TEMPFAIL ||
	    WEXITSTATUS(status) == TRANSPORT_EX_OSERR)
		send_result_set(
		    r, SEND_TEMP, 0, "sendmail exited %d", WEXITSTATUS(status));
	else
		send_result_set(
		    r, SEND_PERM, 0, "sendmail exited %d", WEXITSTATUS(status));
	return 0;
}

int
transport_send(struct transport *t, const char *from, const char *rcpt,
    const char *msg, size_t len, struct send_result *r)
{
	struct buf why = BUF_INIT(200);
	int rc = 0;

	if (r == NULL)
		return E_INTERNAL;
	if (t == NULL || from == NULL || rcpt == NULL || msg == NULL) {
		send_result_set(
		    r, SEND_PERM, 0, "transport_send: missing argument");
		return E_INTERNAL;
	}
	if (!transport_crlf_only(msg, len)) {
		send_result_set(r, SEND_PERM, 0, "message has a bare LF or CR");
		return E_PARSE;
	}
	if (t->kind == TRANSPORT_SMTP)
		return smtp_send(t->smtp, from, rcpt, msg, len, r);
	if ((from[0] != '\0' && !transport_addr_valid(from, &why)) ||
	    !transport_addr_valid(rcpt, &why))
		send_result_set(r, SEND_PERM, 0, "%s", buf_cstr(&why));
	else if (t->kind == TRANSPORT_SENDMAIL)
		rc = sendmail_send(t, from, rcpt, msg, len, r);
	else
		rc = maildir_send(t, from, rcpt, msg, len, r);
	buf_release(&why);
	return rc;
}

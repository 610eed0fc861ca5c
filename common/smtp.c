/*
 * smtp.c - SMTP through libcurl (see smtp.h).
 *
 * libcurl opens the session: TCP, the greeting, EHLO, STARTTLS or
 * smtps://, AUTH (CURLOPT_CONNECT_ONLY stops it right there).  The
 * transactions on that session are ours, written with curl_easy_send()
 * and read with curl_easy_recv(), so TLS stays libcurl's: MAIL FROM,
 * RCPT TO and DATA in one write when the server offers PIPELINING
 * (RFC 2920), then the message, dot-stuffed here with memchr() in large
 * writes.  libcurl's own upload escapes the end of data one byte at a
 * time, which was most of the sender's work on a 60 kB digest
 * (docs/bench-digest.md).
 *
 * What this file adds for a mail delivery (STACK-NOTES §6): envelope
 * checks before anything is written (curl passes CR/LF through), one
 * recipient per transaction, a result class per message, the server's
 * reply text, RSET after a refused transaction, and the dead-connection
 * retry.  The debug callback watches the replies of the session's
 * opening (a 535 to AUTH is our configuration, not the message), and
 * the reads below feed the same watch_reply().
 */
#include <curl/curl.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "log.h"
#include "rfile.h"
#include "smtp.h"
#include "xmalloc.h"

#define SMTP_MAXAGE_CONN  30 /* seconds a connection may idle and be reused */
#define SMTP_CONNECT_TIME 10 /* seconds to connect (TCP, greeting, TLS) */
#define SMTP_DEFAULT_TIME 60 /* seconds for one whole message */
#define SMTP_QUIT_TIME    2  /* seconds to wait for the reply to QUIT */
#define SMTP_REPLY_MAX    200
#define SMTP_VERB_MAX     12
#define SMTP_HOST_MAX     255
#define SMTP_IN_MAX       4096  /* bytes read at once */
#define SMTP_OUT_MAX      65536 /* bytes of message written at once */

struct smtp {
	CURL *proto;                  /* options only; each session a copy */
	CURL *curl;                   /* the open session, or NULL */
	char *url;                    /* scheme://host:port/helo for curl */
	char errbuf[CURL_ERROR_SIZE]; /* curl's last error text */
	long timeout;                 /* seconds for one message */
	long idle;                    /* seconds a session may idle */
	time_t last_used;             /* end of the session's last reply */
	bool pipelining;              /* the server offers PIPELINING */
	bool size;                    /* ... and SIZE */
	struct timespec deadline;     /* of the current message */
	char in[SMTP_IN_MAX];         /* bytes received, not yet parsed */
	size_t in_len;
	struct buf out;                 /* the next write */
	char verb[SMTP_VERB_MAX];       /* command the next reply answers */
	char reply[SMTP_REPLY_MAX];     /* last reply line received */
	char err_reply[SMTP_REPLY_MAX]; /* first reply >= 400 */
	char err_verb[SMTP_VERB_MAX];   /* the command err_reply answered */
	int err_code;
	bool saw_354; /* the server took DATA */
};

/* copy_line - the first line of p[0..n) into dst, without CR/LF. */
static void
copy_line(char *dst, size_t dstsize, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n && i + 1 < dstsize; i++) {
		if (p[i] == '\r' || p[i] == '\n')
			break;
		dst[i] = p[i];
	}
	dst[i] = '\0';
}

/* reply_code - the three-digit code at the start of a reply line, or 0. */
static int
reply_code(const char *p, size_t n)
{
	if (n < 3 || p[0] < '1' || p[0] > '5' || p[1] < '0' || p[1] > '9' ||
	    p[2] < '0' || p[2] > '9')
		return 0;
	return (p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0');
}

/* has_word - the EHLO line p[0..n) names the extension w ("250-SIZE 10"). */
static bool
has_word(const char *p, size_t n, const char *w)
{
	size_t k = strlen(w);

	if (n < 4 + k || strncasecmp(p + 4, w, k) != 0)
		return false;
	return n == 4 + k || p[4 + k] == ' ' || p[4 + k] == '\r';
}

/* watch_reply - note one server reply line (see the file header). */
static void
watch_reply(struct smtp *s, const char *p, size_t n)
{
	int code = reply_code(p, n);

	copy_line(s->reply, sizeof s->reply, p, n);
	if (code == 250 && strcmp(s->verb, "EHLO") == 0) {
		s->pipelining |= has_word(p, n, "PIPELINING");
		s->size |= has_word(p, n, "SIZE");
	}
	if (code == 354)
		s->saw_354 = true;
	if (code >= 400 && s->err_code == 0) {
		s->err_code = code;
		copy_line(s->err_reply, sizeof s->err_reply, p, n);
		memcpy(s->err_verb, s->verb, sizeof s->verb);
	}
}

/* watch_reset - forget what the last attempt saw, before a new one. */
static void
watch_reset(struct smtp *s)
{
	s->verb[0] = s->reply[0] = s->err_reply[0] = s->err_verb[0] = '\0';
	s->err_code = 0;
	s->saw_354 = false;
	s->errbuf[0] = '\0';
}

/* watch_command - keep only the verb: AUTH lines carry secrets. */
static void
watch_command(struct smtp *s, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n && i + 1 < sizeof s->verb; i++) {
		if (p[i] == ' ' || p[i] == '\r' || p[i] == '\n')
			break;
		s->verb[i] = p[i];
	}
	s->verb[i] = '\0';
	if (strcmp(s->verb, "EHLO") == 0)
		s->pipelining = s->size = false; /* again after STARTTLS */
}

/* debug_cb - libcurl's view of the session's opening. */
static int
debug_cb(CURL *c, curl_infotype type, char *data, size_t size, void *arg)
{
	struct smtp *s = arg;
	const char *p = data, *end = data + size, *nl;

	(void)c;
	if (type == CURLINFO_HEADER_OUT) {
		watch_command(s, data, size);
		return 0;
	}
	if (type != CURLINFO_HEADER_IN)
		return 0;
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		if (nl > p)
			watch_reply(s, p, (size_t)(nl - p));
		p = nl + 1;
	}
	return 0;
}

/* is_loopback - localhost, 127.0.0.0/8 (digits and dots only), [::1]. */
static bool
is_loopback(const char *h, size_t n)
{
	size_t i;

	if (n == 9 && memcmp(h, "localhost", 9) == 0)
		return true;
	if (n == 5 && memcmp(h, "[::1]", 5) == 0)
		return true;
	if (n < 4 || memcmp(h, "127.", 4) != 0)
		return false;
	for (i = 4; i < n; i++)
		if ((h[i] < '0' || h[i] > '9') && h[i] != '.')
			return false; /* 127.attacker.example */
	return true;
}

#define SMTP_CAFILE_MAX (16LL << 20) /* the system bundle is about 200 kB */

/*
 * cafile_ok - a CA file named in the config is a readable regular file
 * (a FIFO there would hang every TLS session); else E_CONFIG and why.
 */
static int
cafile_ok(const char *path, struct buf *why)
{
	struct buf r = BUF_INIT(512);
	FILE *f;
	int rc = 0;

	if (path == NULL || path[0] == '\0')
		return 0;
	if (rfile_open(path, SMTP_CAFILE_MAX, &f, &r) == 0)
		fclose(f);
	else
		rc = buf_why(why, E_CONFIG, "smtp_cafile: %s", buf_cstr(&r));
	buf_release(&r);
	return rc;
}

/* setopts - everything that stays the same for every session. */
static int
setopts(struct smtp *s, bool tls, bool auth, const struct transport_opts *o)
{
	CURLcode rc = CURLE_OK;
	CURL *c = s->proto;

#define SET(opt, val)                                                          \
	do {                                                                   \
		if (rc == CURLE_OK)                                            \
			rc = curl_easy_setopt(c, opt, val);                    \
	} while (0)
	SET(CURLOPT_URL, s->url);
	SET(CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	SET(CURLOPT_ERRORBUFFER, s->errbuf);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_CONNECT_ONLY, 1L);
	SET(CURLOPT_VERBOSE, 1L); /* needed for the debug callback */
	SET(CURLOPT_DEBUGFUNCTION, debug_cb);
	SET(CURLOPT_DEBUGDATA, s);
	SET(CURLOPT_CONNECTTIMEOUT, (long)SMTP_CONNECT_TIME);
	SET(CURLOPT_TIMEOUT, s->timeout);
	SET(CURLOPT_TCP_KEEPALIVE, 1L);
	if (tls)
		SET(CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	if (tls && o->cafile != NULL && o->cafile[0] != '\0')
		SET(CURLOPT_CAINFO, o->cafile);
	if (auth) {
		SET(CURLOPT_USERNAME, o->user);
		SET(CURLOPT_PASSWORD, o->password != NULL ? o->password : "");
	}
#undef SET
	return rc == CURLE_OK ? 0 : E_CONFIG;
}

int
smtp_new(const char *url, const struct transport_opts *o, struct smtp **out,
    struct buf *why)
{
	const struct transport_opts none = {0};
	const char *helo;
	char host[SMTP_HOST_MAX + 1];
	struct smtp_url su;
	struct smtp *s;
	struct buf u = BUF_INIT(MAX_CONF_VALUE + SMTP_HOST_MAX + 16);
	bool tls, auth;
	int rc;

	*out = NULL;
	if (o == NULL)
		o = &none;
	if (url == NULL || smtp_url_split(url, &su, why) != 0)
		return E_CONFIG;
	tls = su.tls;
	helo = o->helo;
	if (helo == NULL || helo[0] == '\0') {
		rc = gethostname(host, sizeof host);
		host[sizeof host - 1] = '\0'; /* truncation leaves no NUL */
		if (rc != 0 || !smtp_helo_valid(host))
			memcpy(host, "localhost", sizeof "localhost");
		helo = host;
	}
	if (!smtp_helo_valid(helo)) {
		buf_sets(why,
		    "EHLO name: want a host name (letters, digits, '.', '-')");
		return E_CONFIG;
	}
	auth = o->user != NULL && o->user[0] != '\0';
	if (auth && !tls && !o->starttls &&
	    !is_loopback(su.host.p, su.host.n)) {
		buf_sets(why,
		    "SMTP AUTH needs smtps:// or STARTTLS (the password would cross the network in clear)");
		return E_CONFIG;
	}
	if (cafile_ok(o->cafile, why) != 0)
		return E_CONFIG;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		buf_sets(why, "libcurl: global init failed");
		return E_CONFIG;
	}
	s = xcalloc(1, sizeof *s);
	buf_init(&s->out, 2 * SMTP_OUT_MAX + 2 * MAX_EMAIL + 64);
	s->timeout = o->timeout > 0 ? o->timeout : SMTP_DEFAULT_TIME;
	s->idle = o->idle > 0 ? o->idle : SMTP_MAXAGE_CONN;
	buf_add(&u, url, (size_t)(su.hostport.p - url) + su.hostport.n);
	buf_addc(&u, '/');
	buf_adds(&u, helo);
	if (buf_error(&u) != 0) {
		buf_release(&u);
		free(s);
		curl_global_cleanup();
		buf_sets(why, "outbound: SMTP URL too long");
		return E_CONFIG;
	}
	s->url = buf_detach(&u);
	s->proto = curl_easy_init();
	rc = s->proto == NULL ? E_CONFIG
	                      : setopts(s, tls || o->starttls, auth, o);
	if (rc != 0) {
		buf_sets(why, "libcurl: cannot set up an SMTP handle");
		smtp_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

/* ---- the session: bytes in and out with a deadline ---- */

/* ms_left - milliseconds to the current deadline, at least 0. */
static int
ms_left(const struct smtp *s)
{
	struct timespec now;
	long long ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (long long)(s->deadline.tv_sec - now.tv_sec) * 1000 +
	    (s->deadline.tv_nsec - now.tv_nsec) / 1000000;
	return ms < 0 ? 0 : ms > 3600000 ? 3600000 : (int)ms;
}

static void
set_deadline(struct smtp *s, long seconds)
{
	clock_gettime(CLOCK_MONOTONIC, &s->deadline);
	s->deadline.tv_sec += seconds;
}

/* wait_io - until the session's socket is ready for events, or deadline. */
static CURLcode
wait_io(struct smtp *s, short events)
{
	curl_socket_t fd = CURL_SOCKET_BAD;
	struct pollfd p;
	int n, ms;

	if (curl_easy_getinfo(s->curl, CURLINFO_ACTIVESOCKET, &fd) !=
	        CURLE_OK ||
	    fd == CURL_SOCKET_BAD)
		return CURLE_RECV_ERROR;
	p.fd = fd;
	p.events = events;
	do {
		ms = ms_left(s);
		if (ms == 0)
			break;
		n = poll(&p, 1, ms);
	} while (n < 0 && errno == EINTR);
	if (ms == 0 || n == 0) {
		snprintf(s->errbuf, sizeof s->errbuf,
		    "no progress within %ld seconds", s->timeout);
		return CURLE_OPERATION_TIMEDOUT;
	}
	return n < 0 ? CURLE_RECV_ERROR : CURLE_OK;
}

/* put - write p[0..n) whole. */
static CURLcode
put(struct smtp *s, const char *p, size_t n)
{
	CURLcode rc;
	size_t done;

	while (n > 0) {
		rc = curl_easy_send(s->curl, p, n, &done);
		if (rc == CURLE_AGAIN)
			rc = wait_io(s, POLLOUT);
		else if (rc == CURLE_OK) {
			p += done;
			n -= done;
		}
		if (rc != CURLE_OK)
			return rc;
	}
	return CURLE_OK;
}

/* fill - read what the server has sent into s->in. */
static CURLcode
fill(struct smtp *s)
{
	CURLcode rc;
	size_t n;

	for (;;) {
		rc = curl_easy_recv(
		    s->curl, s->in + s->in_len, sizeof s->in - s->in_len, &n);
		if (rc == CURLE_OK && n == 0) {
			snprintf(s->errbuf, sizeof s->errbuf,
			    "the server closed the connection");
			return CURLE_RECV_ERROR;
		}
		if (rc == CURLE_OK) {
			s->in_len += n;
			return CURLE_OK;
		}
		if (rc != CURLE_AGAIN)
			return rc;
		rc = wait_io(s, POLLIN);
		if (rc != CURLE_OK)
			return rc;
	}
}

/* skip_line - drop what is left of a cut reply line, up to its LF. */
static CURLcode
skip_line(struct smtp *s)
{
	CURLcode rc;
	char *nl;
	size_t n;

	for (;;) {
		nl = memchr(s->in, '\n', s->in_len);
		if (nl != NULL) {
			n = (size_t)(nl - s->in) + 1;
			memmove(s->in, s->in + n, s->in_len - n);
			s->in_len -= n;
			return CURLE_OK;
		}
		s->in_len = 0;
		rc = fill(s);
		if (rc != CURLE_OK)
			return rc;
	}
}

/*
 * read_reply - one whole reply, every line through watch_reply(); its
 * code in *code.  A line longer than the buffer is cut: its head counts,
 * the rest is dropped.
 */
static CURLcode
read_reply(struct smtp *s, int *code)
{
	CURLcode rc;
	char *nl;
	size_t n;
	bool last, cut;

	for (;;) {
		nl = memchr(s->in, '\n', s->in_len);
		cut = nl == NULL && s->in_len == sizeof s->in;
		if (cut)
			nl = s->in + s->in_len - 1;
		if (nl == NULL) {
			rc = fill(s);
			if (rc != CURLE_OK)
				return rc;
			continue;
		}
		n = (size_t)(nl - s->in) + 1;
		watch_reply(s, s->in, n);
		*code = reply_code(s->in, n);
		last = n < 4 || s->in[3] != '-';
		memmove(s->in, s->in + n, s->in_len - n);
		s->in_len -= n;
		if (cut && (rc = skip_line(s)) != CURLE_OK)
			return rc;
		if (last)
			return CURLE_OK;
	}
}

/* command - write s->out (one command) and read its reply. */
static CURLcode
command(struct smtp *s, const char *verb, int *code)
{
	CURLcode rc = put(s, s->out.data, s->out.len);

	buf_reset(&s->out);
	snprintf(s->verb, sizeof s->verb, "%s", verb);
	return rc != CURLE_OK ? rc : read_reply(s, code);
}

/* session_close - QUIT (when asked and possible) and hang up. */
static void
session_close(struct smtp *s, bool quit)
{
	int code;

	if (s->curl == NULL)
		return;
	if (quit) {
		set_deadline(s, SMTP_QUIT_TIME);
		buf_sets(&s->out, "QUIT\r\n");
		(void)command(s, "QUIT", &code);
	}
	curl_easy_cleanup(s->curl);
	s->curl = NULL;
	s->in_len = 0;
}

/* session_open - libcurl connects, greets, EHLO, STARTTLS, AUTH. */
static CURLcode
session_open(struct smtp *s)
{
	CURLcode rc;

	s->curl = curl_easy_duphandle(s->proto);
	if (s->curl == NULL) {
		snprintf(s->errbuf, sizeof s->errbuf, "out of memory");
		return CURLE_OUT_OF_MEMORY;
	}
	s->pipelining = s->size = false;
	rc = curl_easy_perform(s->curl);
	if (rc != CURLE_OK)
		session_close(s, false);
	return rc;
}

/* session_ready - an open session young enough to reuse, or a new one. */
static CURLcode
session_ready(struct smtp *s, bool fresh)
{
	if (s->curl != NULL && (fresh || time(NULL) - s->last_used > s->idle))
		session_close(s, !fresh);
	return s->curl != NULL ? CURLE_OK : session_open(s);
}

/* ---- one transaction ---- */

/* flush - write s->out and empty it. */
static CURLcode
flush(struct smtp *s)
{
	CURLcode rc = put(s, s->out.data, s->out.len);

	buf_reset(&s->out);
	return rc;
}

/*
 * put_message - the message dot-stuffed (RFC 5321 4.5.2), then the
 * final dot, in writes of about SMTP_OUT_MAX; the final dot is left in
 * s->out for command().
 */
static CURLcode
put_message(struct smtp *s, const char *msg, size_t len)
{
	const char *p = msg, *end = msg + len, *nl;
	CURLcode rc = CURLE_OK;

	if (len > 0 && msg[0] == '.')
		buf_addc(&s->out, '.');
	while (rc == CURLE_OK && p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		nl = nl == NULL ? end : nl + 1;
		if ((size_t)(nl - p) >= SMTP_OUT_MAX) {
			rc = flush(s); /* a long line goes out as it is */
			if (rc == CURLE_OK)
				rc = put(s, p, (size_t)(nl - p));
		} else
			buf_add(&s->out, p, (size_t)(nl - p));
		if (nl < end && *nl == '.')
			buf_addc(&s->out, '.');
		p = nl;
		if (rc == CURLE_OK && s->out.len >= SMTP_OUT_MAX)
			rc = flush(s);
	}
	buf_adds(&s->out,
	    len >= 2 && memcmp(end - 2, "\r\n", 2) == 0 ? ".\r\n"
	                                                : "\r\n.\r\n");
	return rc;
}

/*
 * to_data - MAIL FROM, RCPT TO and DATA: in one write when the server
 * pipelines (RFC 2920), else one at a time until one is refused.  *code
 * is the last reply read.
 */
static CURLcode
to_data(
    struct smtp *s, const char *from, const char *rcpt, size_t len, int *code)
{
	CURLcode rc;
	char size[32] = "";

	if (s->size)
		snprintf(size, sizeof size, " SIZE=%zu", len);
	if (s->pipelining) {
		buf_addf(&s->out,
		    "MAIL FROM:<%s>%s\r\nRCPT TO:<%s>\r\nDATA\r\n", from, size,
		    rcpt);
		rc = flush(s);
		snprintf(s->verb, sizeof s->verb, "MAIL");
		if (rc == CURLE_OK)
			rc = read_reply(s, code);
		snprintf(s->verb, sizeof s->verb, "RCPT");
		if (rc == CURLE_OK)
			rc = read_reply(s, code);
		snprintf(s->verb, sizeof s->verb, "DATA");
		return rc == CURLE_OK ? read_reply(s, code) : rc;
	}
	buf_addf(&s->out, "MAIL FROM:<%s>%s\r\n", from, size);
	rc = command(s, "MAIL", code);
	if (rc == CURLE_OK && *code / 100 == 2) {
		buf_addf(&s->out, "RCPT TO:<%s>\r\n", rcpt);
		rc = command(s, "RCPT", code);
	}
	if (rc == CURLE_OK && *code / 100 == 2) {
		buf_adds(&s->out, "DATA\r\n");
		rc = command(s, "DATA", code);
	}
	return rc;
}

/*
 * transaction - one message on the open session: curl's code, and in
 * *code the reply to the final dot (0 when it was never sent).
 */
static CURLcode
transaction(struct smtp *s, const char *from, const char *rcpt, const char *msg,
    size_t len, int *code)
{
	CURLcode rc;
	int last = 0;

	*code = 0;
	rc = to_data(s, from, rcpt, len, &last);
	if (rc == CURLE_OK && last == 354) {
		if (s->err_code == 0)
			rc = put_message(s, msg, len);
		else
			buf_sets(&s->out, ".\r\n"); /* 354 after a refusal */
		if (rc == CURLE_OK)
			rc = command(s, "DATA", code);
		if (s->err_code != 0 && s->err_code != *code)
			*code = 0; /* that 250 is not this message's */
	} else if (rc == CURLE_OK && s->err_code != 421) {
		buf_sets(&s->out, "RSET\r\n"); /* a refused transaction */
		rc = command(s, "RSET", &last);
	}
	if (rc == CURLE_OK)
		s->last_used = time(NULL);
	return rc;
}

/* stale - looks like a dead reused connection (STACK-NOTES §6). */
static bool
stale(struct smtp *s, CURLcode rc)
{
	if (s->saw_354)
		return false; /* the message may have arrived */
	if (s->err_code == 421)
		return true;
	return (rc == CURLE_SEND_ERROR || rc == CURLE_RECV_ERROR) &&
	    s->err_code == 0;
}

/* attempt - open (or reuse) a session and run one transaction. */
static CURLcode
attempt(struct smtp *s, bool fresh, const char *from, const char *rcpt,
    const char *msg, size_t len, int *code)
{
	CURLcode rc;

	watch_reset(s);
	*code = 0;
	rc = session_ready(s, fresh); /* curl's own timeouts bound this */
	set_deadline(s, s->timeout);  /* after a QUIT's shorter one */
	if (rc == CURLE_OK)
		rc = transaction(s, from, rcpt, msg, len, code);
	if (rc != CURLE_OK || s->err_code == 421)
		session_close(s, false);
	return rc;
}

/* permanent_verb - a 5xx to these is about this message, not our setup. */
static bool
permanent_verb(const char *v)
{
	return strcmp(v, "MAIL") == 0 || strcmp(v, "RCPT") == 0 ||
	    strcmp(v, "DATA") == 0;
}

/* result - the send_result of an attempt. */
static void
result(struct smtp *s, CURLcode rc, int code, struct send_result *r)
{
	if (rc == CURLE_OK && code / 100 == 2 && s->err_code == 0)
		send_result_set(r, SEND_OK, code, "%s", s->reply);
	else if (s->err_code >= 500 && permanent_verb(s->err_verb)) {
		send_result_set(r, SEND_PERM, s->err_code, "%s", s->err_reply);
		snprintf(r->verb, sizeof r->verb, "%s", s->err_verb);
	} else if (s->err_reply[0] != '\0')
		send_result_set(r, SEND_TEMP, s->err_code, "%s (after %s)",
		    s->err_reply,
		    s->err_verb[0] != '\0' ? s->err_verb : "connect");
	else if (rc == CURLE_OK)
		send_result_set(r, SEND_TEMP, 0,
		    "unexpected reply: %s (after %s)", s->reply, s->verb);
	else
		send_result_set(r, SEND_TEMP, 0, "curl %d: %s", (int)rc,
		    s->errbuf[0] != '\0' ? s->errbuf : curl_easy_strerror(rc));
}

int
smtp_send(struct smtp *s, const char *from, const char *rcpt, const char *msg,
    size_t len, struct send_result *r)
{
	struct buf why = BUF_INIT(200);
	CURLcode rc;
	int code;

	if (s == NULL || from == NULL || rcpt == NULL || msg == NULL) {
		send_result_set(r, SEND_PERM, 0, "smtp_send: missing argument");
		return E_INTERNAL;
	}
	if ((from[0] != '\0' && !transport_addr_valid(from, &why)) ||
	    !transport_addr_valid(rcpt, &why)) {
		send_result_set(r, SEND_PERM, 0, "%s", buf_cstr(&why));
		buf_release(&why);
		return 0;
	}
	buf_release(&why);
	rc = attempt(s, false, from, rcpt, msg, len, &code);
	if (stale(s, rc)) {
		log_debug("smtp_retry curl=%d code=%d", (int)rc, s->err_code);
		rc = attempt(s, true, from, rcpt, msg, len, &code);
	}
	result(s, rc, code, r);
	return 0;
}

int
smtp_probe(struct smtp *s, struct buf *why)
{
	CURLcode rc;
	int code = 0;

	watch_reset(s);
	rc = session_ready(s, true);
	set_deadline(s, s->timeout);
	if (rc == CURLE_OK) {
		buf_sets(&s->out, "NOOP\r\n");
		rc = command(s, "NOOP", &code);
	}
	if (rc == CURLE_OK && code / 100 == 2)
		return 0;
	if (code >= 400 || s->err_code >= 400)
		buf_addf(why, "the server answered %s with %d: %s",
		    code >= 400 ? "NOOP" : s->err_verb,
		    code >= 400 ? code : s->err_code,
		    code >= 400 ? s->reply : s->err_reply);
	else
		buf_addf(why, "no SMTP session: %s",
		    s->errbuf[0] != '\0' ? s->errbuf : curl_easy_strerror(rc));
	session_close(s, false);
	return E_TEMP;
}

void
smtp_free(struct smtp *s)
{
	if (s == NULL)
		return;
	session_close(s, true);
	if (s->proto != NULL)
		curl_easy_cleanup(s->proto);
	buf_release(&s->out);
	free(s->url);
	free(s);
	curl_global_cleanup();
}

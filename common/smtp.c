/*
 * smtp.c - SMTP through one libcurl easy handle (see smtp.h).
 *
 * libcurl does the protocol; this file adds what it lacks for a mail
 * delivery (STACK-NOTES §6): envelope checks before curl sees an address
 * (curl passes CR/LF through), one recipient per transaction, a result
 * class per message, the server's reply text (curl only shows it in the
 * debug callback), and the dead-connection retry.
 *
 * The debug callback watches the dialogue of one attempt: the verb of the
 * last command sent, the first reply of 400 or more and the command it
 * answered, whether DATA got its 354, and the last reply line.  That is
 * enough to tell "550 to RCPT" (permanent) from "535 to AUTH" (our
 * configuration: temporary) and a stale connection (retry) from a
 * connection lost after the message was handed over (no retry).
 */
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "log.h"
#include "smtp.h"
#include "xmalloc.h"

#define SMTP_MAXAGE_CONN  30 /* seconds a connection may idle and be reused */
#define SMTP_CONNECT_TIME 10 /* seconds to connect (TCP, greeting, TLS) */
#define SMTP_DEFAULT_TIME 60 /* seconds for one whole message */
#define SMTP_REPLY_MAX    200
#define SMTP_VERB_MAX     12
#define SMTP_HOST_MAX     255

struct smtp {
	CURL *curl;
	char *url;                    /* scheme://host:port/helo for curl */
	char errbuf[CURL_ERROR_SIZE]; /* curl's last error text */
	const char *msg;              /* message of the current send */
	size_t len;
	size_t pos;                     /* bytes handed to curl so far */
	char verb[SMTP_VERB_MAX];       /* last command sent: "RCPT" */
	char reply[SMTP_REPLY_MAX];     /* last reply line received */
	char err_reply[SMTP_REPLY_MAX]; /* first reply >= 400 */
	char err_verb[SMTP_VERB_MAX];   /* the command err_reply answered */
	int err_code;
	bool saw_354; /* the server took DATA */
};

/* read_cb - hand curl the next piece of the message from memory. */
static size_t
read_cb(char *dst, size_t size, size_t nitems, void *arg)
{
	struct smtp *s = arg;
	size_t room = size * nitems, n = s->len - s->pos;

	if (n > room)
		n = room;
	memcpy(dst, s->msg + s->pos, n);
	s->pos += n;
	return n;
}

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

/* watch_reply - note one server reply line (see the file header). */
static void
watch_reply(struct smtp *s, const char *p, size_t n)
{
	int code = reply_code(p, n);

	copy_line(s->reply, sizeof s->reply, p, n);
	if (code == 354)
		s->saw_354 = true;
	if (code >= 400 && s->err_code == 0) {
		s->err_code = code;
		copy_line(s->err_reply, sizeof s->err_reply, p, n);
		memcpy(s->err_verb, s->verb, sizeof s->verb);
	}
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
}

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

/* setopts - everything that stays the same for every message. */
static int
setopts(struct smtp *s, bool tls, bool auth, const struct transport_opts *o)
{
	long timeout = o->timeout > 0 ? o->timeout : SMTP_DEFAULT_TIME;
	CURLcode rc = CURLE_OK;
	CURL *c = s->curl;

#define SET(opt, val)                                                          \
	do {                                                                   \
		if (rc == CURLE_OK)                                            \
			rc = curl_easy_setopt(c, opt, val);                    \
	} while (0)
	SET(CURLOPT_URL, s->url);
	SET(CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	SET(CURLOPT_ERRORBUFFER, s->errbuf);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_UPLOAD, 1L);
	SET(CURLOPT_READFUNCTION, read_cb);
	SET(CURLOPT_READDATA, s);
	SET(CURLOPT_VERBOSE, 1L); /* needed for the debug callback */
	SET(CURLOPT_DEBUGFUNCTION, debug_cb);
	SET(CURLOPT_DEBUGDATA, s);
	SET(CURLOPT_CONNECTTIMEOUT, (long)SMTP_CONNECT_TIME);
	SET(CURLOPT_TIMEOUT, timeout);
	SET(CURLOPT_MAXAGE_CONN, (long)SMTP_MAXAGE_CONN);
	SET(CURLOPT_TCP_KEEPALIVE, 1L);
	if (tls)
		SET(CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
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
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		buf_sets(why, "libcurl: global init failed");
		return E_CONFIG;
	}
	s = xcalloc(1, sizeof *s);
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
	s->curl = curl_easy_init();
	rc = s->curl == NULL ? E_CONFIG
	                     : setopts(s, tls || o->starttls, auth, o);
	if (rc != 0) {
		buf_sets(why, "libcurl: cannot set up an SMTP handle");
		smtp_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

/* attempt - one curl_easy_perform; returns curl's code. */
static CURLcode
attempt(struct smtp *s, bool fresh)
{
	CURLcode rc;

	s->pos = 0;
	s->verb[0] = '\0';
	s->reply[0] = '\0';
	s->err_reply[0] = '\0';
	s->err_verb[0] = '\0';
	s->err_code = 0;
	s->saw_354 = false;
	s->errbuf[0] = '\0';
	curl_easy_setopt(s->curl, CURLOPT_FRESH_CONNECT, fresh ? 1L : 0L);
	rc = curl_easy_perform(s->curl);
	if (fresh)
		curl_easy_setopt(s->curl, CURLOPT_FRESH_CONNECT, 0L);
	return rc;
}

/* failed_code - the reply code that explains a failed attempt, or 0. */
static int
failed_code(struct smtp *s)
{
	long code = 0;

	if (s->err_code != 0)
		return s->err_code;
	curl_easy_getinfo(s->curl, CURLINFO_RESPONSE_CODE, &code);
	return code >= 400 && code <= 599 ? (int)code : 0;
}

/* stale - looks like a dead reused connection (STACK-NOTES §6). */
static bool
stale(struct smtp *s, CURLcode rc, int code)
{
	if (s->saw_354)
		return false; /* the message may have arrived */
	if (code == 421)
		return true;
	return (rc == CURLE_SEND_ERROR || rc == CURLE_RECV_ERROR) && code == 0;
}

/* permanent_verb - a 5xx to these is about this message, not our setup. */
static bool
permanent_verb(const char *v)
{
	return strcmp(v, "MAIL") == 0 || strcmp(v, "RCPT") == 0 ||
	    strcmp(v, "DATA") == 0;
}

int
smtp_send(struct smtp *s, const char *from, const char *rcpt, const char *msg,
    size_t len, struct send_result *r)
{
	struct curl_slist *rcpts = NULL;
	struct buf why = BUF_INIT(200);
	CURLcode rc;
	int code;

	if (s == NULL || from == NULL || rcpt == NULL || msg == NULL) {
		send_result_set(r, SEND_PERM, 0, "smtp_send: missing argument");
		return E_INTERNAL;
	}
	if (!transport_crlf_only(msg, len)) {
		send_result_set(r, SEND_PERM, 0, "message has a bare LF or CR");
		return E_PARSE;
	}
	if ((from[0] != '\0' && !transport_addr_valid(from, &why)) ||
	    !transport_addr_valid(rcpt, &why)) {
		send_result_set(r, SEND_PERM, 0, "%s", buf_cstr(&why));
		buf_release(&why);
		return 0;
	}
	buf_release(&why);
	rcpts = curl_slist_append(NULL, rcpt);
	if (rcpts == NULL) {
		send_result_set(r, SEND_TEMP, 0, "out of memory");
		return 0;
	}
	s->msg = msg;
	s->len = len;
	curl_easy_setopt(s->curl, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(s->curl, CURLOPT_MAIL_RCPT, rcpts);
	curl_easy_setopt(s->curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	rc = attempt(s, false);
	code = rc == CURLE_OK ? 0 : failed_code(s);
	if (rc != CURLE_OK && stale(s, rc, code)) {
		log_debug("smtp_retry curl=%d code=%d", (int)rc, code);
		rc = attempt(s, true);
		code = rc == CURLE_OK ? 0 : failed_code(s);
	}
	curl_easy_setopt(s->curl, CURLOPT_MAIL_RCPT, (struct curl_slist *)NULL);
	curl_slist_free_all(rcpts);
	s->msg = NULL;
	if (rc == CURLE_OK) {
		long ok = 0;

		curl_easy_getinfo(s->curl, CURLINFO_RESPONSE_CODE, &ok);
		send_result_set(r, SEND_OK, (int)ok, "%s", s->reply);
	} else if (code >= 500 && permanent_verb(s->err_verb)) {
		send_result_set(r, SEND_PERM, code, "%s", s->err_reply);
		snprintf(r->verb, sizeof r->verb, "%s", s->err_verb);
	} else if (s->err_reply[0] != '\0')
		send_result_set(r, SEND_TEMP, code, "%s (after %s)",
		    s->err_reply,
		    s->err_verb[0] != '\0' ? s->err_verb : "connect");
	else
		send_result_set(r, SEND_TEMP, code, "curl %d: %s", (int)rc,
		    s->errbuf[0] != '\0' ? s->errbuf : curl_easy_strerror(rc));
	return 0;
}

int
smtp_probe(struct smtp *s, struct buf *why)
{
	CURLcode rc;
	long code = 0;

	curl_easy_setopt(s->curl, CURLOPT_UPLOAD, 0L);
	curl_easy_setopt(s->curl, CURLOPT_CUSTOMREQUEST, "NOOP");
	rc = attempt(s, true);
	curl_easy_getinfo(s->curl, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_setopt(s->curl, CURLOPT_CUSTOMREQUEST, (char *)NULL);
	curl_easy_setopt(s->curl, CURLOPT_UPLOAD, 1L);
	if (rc == CURLE_OK && code >= 200 && code < 300)
		return 0;
	if (code >= 400)
		buf_addf(why, "the server answered NOOP with %ld: %s", code,
		    s->reply);
	else
		buf_addf(why, "no SMTP session: %s",
		    s->errbuf[0] != '\0' ? s->errbuf : curl_easy_strerror(rc));
	return E_TEMP;
}

void
smtp_free(struct smtp *s)
{
	if (s == NULL)
		return;
	if (s->curl != NULL)
		curl_easy_cleanup(s->curl);
	free(s->url);
	free(s);
	curl_global_cleanup();
}

/*
 * smtp.h - SMTP submission through libcurl; the only module that includes
 * curl headers (STYLE §1).
 *
 * One smtp object keeps one session open for consecutive messages.
 * libcurl opens it (CURLOPT_CONNECT_ONLY: TCP, greeting, EHLO, STARTTLS
 * or smtps://, AUTH); the transactions are written here over libcurl's
 * connection (curl_easy_send/recv), MAIL FROM, RCPT TO and DATA in one
 * write when the server offers PIPELINING.  Every message is its own
 * transaction with exactly one RCPT, so every recipient gets its own
 * result; a refused transaction is followed by RSET.
 *
 * Invariants (STACK-NOTES §6): sessions idle for more than 30 s are not
 * reused; a failure before DATA that looks like a dead reused connection
 * (the connection lost without a 4xx/5xx reply, or a 421) is retried once
 * at once on a fresh connection.  A failure after the server said 354 is
 * not retried here: the message may have arrived, so the outbox decides.
 *
 * Non-goals: several recipients, DSN, SMTPUTF8, CHUNKING.
 */
#ifndef STOA_SMTP_H
#define STOA_SMTP_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "transport.h"

struct smtp;

/*
 * smtp_new - url is "smtp://host[:port]" or "smtps://host[:port]" (an
 * optional trailing "/" only; the EHLO name comes from o->helo).  AUTH
 * needs TLS (smtps:// or starttls) unless the host is the loopback.
 * Returns 0 and *out, or E_CONFIG with why.  Nothing is contacted yet.
 */
int smtp_new(const char *url, const struct transport_opts *o, struct smtp **out,
    struct buf *why);

/*
 * smtp_send - one transaction: MAIL FROM:<from> SIZE=len, RCPT TO:<rcpt>,
 * DATA msg.  msg must use CRLF line ends: transport_send() checks that
 * (a bare LF or CR is E_PARSE there), so it is not checked twice.
 * Returns 0 with r filled: 2xx -> SEND_OK; 4xx, network trouble, timeouts,
 * TLS and AUTH failures -> SEND_TEMP; a 5xx to MAIL, RCPT or DATA ->
 * SEND_PERM.  Addresses failing transport_addr_valid() are SEND_PERM
 * without contacting the server.
 */
int smtp_send(struct smtp *s, const char *from, const char *rcpt,
    const char *msg, size_t len, struct send_result *r);

/*
 * smtp_probe - a session that sends nothing: connect, EHLO (STARTTLS,
 * AUTH as configured), NOOP; the QUIT follows at smtp_free().  0, or
 * E_TEMP with why saying what failed (for `stoa check`).
 */
int smtp_probe(struct smtp *s, struct buf *why);

/* smtp_free - QUIT, close, free; s may be NULL. */
void smtp_free(struct smtp *s);

/*
 * The URL and name checks below live in transport_check.c, which needs no
 * libcurl (config validation in programs linked without it).
 */

/* smtp_url - an SMTP URL taken apart; slices borrowed from the URL. */
struct smtp_url {
	bool tls;            /* smtps:// */
	struct str hostport; /* "host:port" or "host" */
	struct str host;     /* "host", "[::1]" */
};

/* smtp_url_split - see smtp_new() for the syntax; 0 or E_CONFIG + why. */
int smtp_url_split(const char *url, struct smtp_url *u, struct buf *why);
/* smtp_url_valid - the URL syntax smtp_new() accepts. */
bool smtp_url_valid(const char *url, struct buf *why);
/* smtp_helo_valid - a host name usable as EHLO name (letters, digits, . -). */
bool smtp_helo_valid(const char *name);

#endif

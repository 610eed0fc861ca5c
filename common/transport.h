/*
 * transport.h - hand one finished message to one recipient.
 *
 * The outbox (DESIGN §5) opens one transport per delivery pass from the
 * `outbound` config key and sends every due row through it:
 *
 *   smtp://host[:port]   SMTP via libcurl (common/smtp.c), one connection
 *   smtps://host[:port]  reused for many messages; STARTTLS/AUTH optional
 *   sendmail:/PATH       fork + execv PATH -i -f SENDER -- RCPT
 *   maildir:DIR          DIR/<rcpt lower-cased>/new/<unique>
 *
 * Messages arrive as finished bytes with CRLF line ends (common/compose).
 * SMTP sends them as they are; sendmail and maildir get LF line ends.
 *
 * Non-goals: queueing, retry schedules and bounces (the outbox decides from
 * send_result), several recipients per transaction (one RCPT each, so that
 * every recipient gets its own result).
 */
#ifndef STOA_TRANSPORT_H
#define STOA_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* transport_opts - all borrowed for the duration of transport_open(). */
struct transport_opts {
	const char *helo;     /* EHLO name; NULL: this host's name */
	const char *user;     /* SMTP AUTH user; NULL or "": no AUTH */
	const char *password; /* SMTP AUTH password */
	bool starttls;        /* smtp://: require STARTTLS */
	const char *cafile;   /* PEM CA bundle; NULL or "": the system's */
	long timeout;         /* seconds per message (SMTP, sendmail); 0: 60 */
	long idle;            /* SMTP: seconds a session may idle; 0: 30 */
};

enum send_status {
	SEND_OK,   /* accepted by the next hop */
	SEND_TEMP, /* try again later (4xx, network, timeout, local trouble) */
	SEND_PERM  /* never try again (5xx to the envelope or the message) */
};

/*
 * send_result - code is the SMTP reply code when there was one (250, 550),
 * else 0.  reason is one printable line (control bytes escaped) for logs
 * and the outbox row: the server's reply, or what went wrong locally.
 * verb says which command a permanent reply answered, so the outbox can
 * tell a refused recipient (scored as a bounce) from a refused sender.
 */
struct send_result {
	enum send_status status;
	int code;
	char reason[200];
	char verb[12]; /* SMTP command a 5xx answered ("RCPT", "DATA"), or "" */
};

struct transport;

/* transport_conf_opts - the options the config file sets (conf.h). */
struct transport_opts transport_conf_opts(void);

/*
 * transport_open - parse url (see the file header) and prepare the
 * transport.  Nothing is contacted yet: SMTP connects on the first send.
 * Returns 0 and *out (caller frees with transport_close), or E_CONFIG
 * with why saying what is wrong.
 */
int transport_open(const char *url, const struct transport_opts *o,
    struct transport **out, struct buf *why);

/*
 * transport_send - deliver msg[0..len) from `from` (the envelope sender;
 * "" is the null sender <>) to the one address rcpt.  Returns 0 when r is
 * filled (whatever the outcome, including refused addresses), or a
 * negative E_* only for caller bugs (NULL arguments; a message with bare
 * LF or CR, which SMTP must not send), in which case r still says PERM.
 */
int transport_send(struct transport *t, const char *from, const char *rcpt,
    const char *msg, size_t len, struct send_result *r);

/*
 * transport_probe - reach the next hop without sending: for SMTP a
 * session of EHLO and NOOP (smtp_probe); sendmail and Maildir are
 * checked by transport_open() already.  0 or E_TEMP with why.
 */
int transport_probe(struct transport *t, struct buf *why);

/* transport_close - QUIT and free; t may be NULL. */
void transport_close(struct transport *t);

/* transport_url_valid - the syntax transport_open() accepts. */
bool transport_url_valid(const char *url, struct buf *why);

/*
 * transport_addr_valid - an envelope address we will hand to any
 * transport: at most MAX_EMAIL bytes, an '@' with text on both sides, no
 * control bytes, spaces, '<' or '>' (libcurl would pass CR/LF through).
 */
bool transport_addr_valid(const char *addr, struct buf *why);
/* transport_crlf_only - every LF has a CR before it, every CR an LF after. */
bool transport_crlf_only(const char *p, size_t n);

/* send_result_set - fill r: status, code and a printf reason (escaped). */
void send_result_set(struct send_result *r, enum send_status st, int code,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif

/*
 * transport_check.c - the checks of transport.h and smtp.h that need no
 * libcurl: URL syntax, EHLO names and envelope addresses.
 *
 * They live apart from transport.c and smtp.c so that a program which only
 * validates configuration (stoa-hook links without libcurl) can call them
 * without pulling smtp.o, and so libcurl, out of libstoa.a.
 */
#include <string.h>

#include "bounds.h"
#include "err.h"
#include "smtp.h"
#include "transport.h"

#define SMTP_URL_HOST_MAX 255

/* host_ok - a DNS name, an IPv4 address, or an [IPv6] literal. */
static bool
host_ok(const char *h, size_t n)
{
	size_t i;

	if (n == 0 || n > SMTP_URL_HOST_MAX)
		return false;
	if (h[0] == '[') {
		if (n < 3 || h[n - 1] != ']')
			return false;
		for (i = 1; i + 1 < n; i++)
			if (strchr("0123456789abcdefABCDEF:.", h[i]) == NULL)
				return false;
		return true;
	}
	for (i = 0; i < n; i++) {
		if (!((h[i] >= 'a' && h[i] <= 'z') ||
		        (h[i] >= 'A' && h[i] <= 'Z') ||
		        (h[i] >= '0' && h[i] <= '9') || h[i] == '.' ||
		        h[i] == '-'))
			return false;
	}
	return h[0] != '.' && h[0] != '-';
}

bool
smtp_helo_valid(const char *h)
{
	return h[0] != '[' && host_ok(h, strlen(h));
}

int
smtp_url_split(const char *url, struct smtp_url *u, struct buf *why)
{
	const char *p, *colon, *end;
	unsigned long long port;
	char digits[8];
	size_t n;

	if (str_has_prefix(url, "smtp://")) {
		u->tls = false;
		p = url + 7;
	} else if (str_has_prefix(url, "smtps://")) {
		u->tls = true;
		p = url + 8;
	} else {
		buf_sets(why,
		    "outbound: want smtp://host[:port] or smtps://host[:port]");
		return E_CONFIG;
	}
	end = p + strlen(p);
	if (end > p && end[-1] == '/')
		end--;
	if (memchr(p, '@', (size_t)(end - p)) != NULL) {
		/* never echo the value: it would put a password in the log */
		buf_sets(why,
		    "outbound: no user name or password in the URL "
		    "(set smtp_user and smtp_password)");
		return E_CONFIG;
	}
	if (p[0] == '[') {
		colon = memchr(p, ']', (size_t)(end - p));
		colon = colon == NULL ? end : colon + 1;
		if (colon != end && *colon != ':')
			colon = p; /* junk after the literal: fail below */
	} else {
		colon = memchr(p, ':', (size_t)(end - p));
		if (colon == NULL)
			colon = end;
	}
	if (!host_ok(p, (size_t)(colon - p))) {
		buf_sets(why, "outbound: bad host name in SMTP URL");
		return E_CONFIG;
	}
	u->hostport.p = p;
	u->hostport.n = (size_t)(end - p);
	u->host.p = p;
	u->host.n = (size_t)(colon - p);
	if (colon == end)
		return 0;
	n = (size_t)(end - colon - 1);
	if (n == 0 || n >= sizeof digits) {
		buf_sets(why, "outbound: bad port in SMTP URL");
		return E_CONFIG;
	}
	memcpy(digits, colon + 1, n);
	digits[n] = '\0';
	if (parse_u64(digits, 65535, &port) != 0 || port == 0) {
		buf_sets(why, "outbound: bad port in SMTP URL");
		return E_CONFIG;
	}
	return 0;
}

bool
smtp_url_valid(const char *url, struct buf *why)
{
	struct smtp_url u;

	return url != NULL && smtp_url_split(url, &u, why) == 0;
}

bool
transport_addr_valid(const char *addr, struct buf *why)
{
	const char *at;
	size_t i, n;

	if (addr == NULL || addr[0] == '\0') {
		buf_sets(why, "empty address");
		return false;
	}
	n = strlen(addr);
	if (n > MAX_EMAIL) {
		buf_sets(why, "address longer than 254 bytes");
		return false;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)addr[i];

		if (c < 0x21 || c == 0x7f || c == '<' || c == '>') {
			buf_sets(why,
			    "address has a space, control byte, '<' or '>'");
			return false;
		}
	}
	at = strrchr(addr, '@');
	if (at == NULL || at == addr || at[1] == '\0') {
		buf_sets(why, "address lacks local@domain");
		return false;
	}
	return true;
}

bool
transport_url_valid(const char *url, struct buf *why)
{
	if (url == NULL) {
		buf_sets(why, "outbound: missing");
		return false;
	}
	if (str_has_prefix(url, "smtp://") || str_has_prefix(url, "smtps://"))
		return smtp_url_valid(url, why);
	if (str_has_prefix(url, "sendmail:")) {
		if (url[9] != '/') {
			buf_sets(why, "outbound: want sendmail:/absolute/path");
			return false;
		}
		return true;
	}
	if (str_has_prefix(url, "maildir:")) {
		if (url[8] == '\0') {
			buf_sets(why, "outbound: want maildir:DIR");
			return false;
		}
		return true;
	}
	buf_sets(why,
	    "outbound: want smtp://, smtps://, sendmail:/PATH or maildir:DIR");
	return false;
}

bool
transport_crlf_only(const char *p, size_t n)
{
	const char *end = p + n, *q;

	for (q = p; (q = memchr(q, '\n', (size_t)(end - q))) != NULL; q++)
		if (q == p || q[-1] != '\r')
			return false;
	for (q = p; (q = memchr(q, '\r', (size_t)(end - q))) != NULL; q++)
		if (q + 1 == end || q[1] != '\n')
			return false;
	return true;
}

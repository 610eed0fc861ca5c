/* addr.c - address normalisation and comparison (see addr.h). */
#include <string.h>

#include "addr.h"
#include "err.h"

static bool
atext(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') ||
	    (c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL);
}

static bool
local_valid(struct str l)
{
	size_t i;

	if (l.n == 0 || l.n > MAX_LOCAL_PART || l.p[0] == '.' ||
	    l.p[l.n - 1] == '.')
		return false;
	for (i = 0; i < l.n; i++) {
		if (l.p[i] == '.' && l.p[i + 1] == '.')
			return false;
		if (l.p[i] != '.' && !atext((unsigned char)l.p[i]))
			return false;
	}
	return true;
}

bool
addr_domain_valid(struct str d, bool need_dot)
{
	size_t i, label = 0;
	char c;

	if (d.n == 0 || d.n > 253 || d.p[0] == '.' || d.p[d.n - 1] == '.')
		return false;
	for (i = 0; i < d.n; i++) {
		c = d.p[i];
		if (c == '.') {
			if (label == 0 || d.p[i - 1] == '-')
				return false;
			label = 0;
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-') {
			if ((label == 0 && c == '-') || ++label > 63)
				return false;
		} else
			return false;
	}
	return d.p[d.n - 1] != '-' &&
	    (!need_dot || memchr(d.p, '.', d.n) != NULL);
}

int
addr_normalise(const char *in, char out[MAX_EMAIL + 1], struct buf *why)
{
	struct str a = str_trim(str_from(in)), local, dom;
	const char *at;

	if (a.n > 1 && a.p[0] == '<' && a.p[a.n - 1] == '>') {
		a.p++;
		a.n -= 2;
	}
	if (a.n == 0) {
		buf_adds(why, "empty address");
		return E_PARSE;
	}
	if (a.n > MAX_EMAIL) {
		buf_adds(why, "address too long");
		return E_PARSE;
	}
	at = memchr(a.p, '@', a.n);
	if (at == NULL || memchr(at + 1, '@', a.n - (size_t)(at + 1 - a.p))) {
		buf_adds(why, at == NULL ? "missing @" : "more than one @");
		return E_PARSE;
	}
	local.p = a.p;
	local.n = (size_t)(at - a.p);
	dom.p = at + 1;
	dom.n = a.n - local.n - 1;
	if (!local_valid(local)) {
		buf_adds(why, "invalid characters before the @");
		return E_PARSE;
	}
	if (!addr_domain_valid(dom, true)) {
		buf_adds(why, "invalid domain");
		return E_PARSE;
	}
	memcpy(out, a.p, a.n);
	out[a.n] = '\0';
	str_lower(out + local.n + 1);
	return 0;
}

bool
addr_same(const char *a, const char *b)
{
	const char *at = strrchr(a, '@');
	size_t n;

	if (at == NULL)
		return strcmp(a, b) == 0;
	n = (size_t)(at - a);
	if (strncmp(a, b, n) != 0 || b[n] != '@')
		return false;
	return str_ieq(str_from(at + 1), b + n + 1);
}

bool
list_name_valid(const char *name)
{
	size_t i, n = strlen(name);

	if (n == 0 || n > MAX_LIST_NAME)
		return false;
	for (i = 0; i < n; i++) {
		char c = name[i];

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			continue;
		if (i > 0 && (c == '-' || c == '_'))
			continue;
		if (i > 0 && c == '.' && name[i - 1] != '.')
			continue; /* "a..b" is no local part */
		return false;
	}
	return name[n - 1] != '.';
}

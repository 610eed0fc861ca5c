/*
 * conf.c - the configuration table and its reader (Postfix style: one
 * typed table, read once).  Non-goal: reloading; programs are short-lived.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "bounds.h"
#include "clock.h"
#include "conf.h"
#include "err.h"
#include "log.h"
#include "rfile.h"
#include "transport.h"
#include "xmalloc.h"

char *conf_database;
char *conf_domain;
char *conf_outbound;
char *conf_secret_file;
char *conf_templates;
char *conf_timezone;
char *conf_site_name;
char *conf_archive_url;
char *conf_badge_base_url;
char *conf_unsubscribe_url;
char *conf_smtp_helo;
char *conf_smtp_user;
char *conf_smtp_password;
bool conf_smtp_starttls;
char *conf_smtp_cafile;
long long conf_max_message_bytes;
long long conf_max_header_bytes;
long long conf_max_headers;
long long conf_max_addresses;
long long conf_max_mime_depth;
long long conf_max_mime_parts;
long long conf_max_attachment_bytes;
long long conf_hook_deadline;
long long conf_busy_timeout_ms;
long long conf_outbox_max_age;
long long conf_token_ttl_days;
long long conf_secret_grace_days;
long long conf_notices_per_day;
long long conf_learning_mails_per_day;
bool conf_mentor_ics;
long long conf_posts_per_hour;

#ifndef STOA_TEMPLATES
#define STOA_TEMPLATES "/usr/local/share/stoa/templates"
#endif

enum conf_type {
	CT_STR,      /* any text */
	CT_PATH,     /* a path; relative = relative to the config file */
	CT_DOMAIN,   /* a DNS name */
	CT_TZ,       /* a name in the tz database */
	CT_OUTBOUND, /* smtp://, smtps://, sendmail:/PATH, maildir:DIR */
	CT_URL,      /* "" or an https:// or http:// URL */
	CT_INT,      /* integer in [min, max] */
	CT_SIZE,     /* integer with optional k/M suffix */
	CT_SECONDS,  /* integer with optional s/m/h/d suffix */
	CT_BOOL      /* yes/no/true/false/on/off/1/0 */
};

struct conf_entry {
	const char *name;
	enum conf_type type;
	const char *def; /* NULL = required */
	long long min;
	long long max;
	void *var;
};

#define BIG 0x7fffffffLL
static const struct conf_entry table[] = {
    {"database", CT_PATH, "/var/lib/stoa/stoa.db", 0, 0, &conf_database},
    {"domain", CT_DOMAIN, NULL, 0, 0, &conf_domain},
    {"outbound", CT_OUTBOUND, "sendmail:/usr/sbin/sendmail", 0, 0,
        &conf_outbound},
    {"secret_file", CT_PATH, "/var/lib/stoa/secret", 0, 0, &conf_secret_file},
    {"templates", CT_PATH, STOA_TEMPLATES, 0, 0, &conf_templates},
    {"timezone", CT_TZ, "UTC", 0, 0, &conf_timezone},
    {"site_name", CT_STR, "Stoa", 0, 0, &conf_site_name},
    {"archive_url", CT_URL, "", 0, 0, &conf_archive_url},
    {"badge_base_url", CT_URL, "", 0, 0, &conf_badge_base_url},
    {"unsubscribe_url", CT_URL, "", 0, 0, &conf_unsubscribe_url},
    {"smtp_helo", CT_DOMAIN, "localhost", 0, 0, &conf_smtp_helo},
    {"smtp_user", CT_STR, "", 0, 0, &conf_smtp_user},
    {"smtp_password", CT_STR, "", 0, 0, &conf_smtp_password},
    {"smtp_starttls", CT_BOOL, "no", 0, 0, &conf_smtp_starttls},
    {"smtp_cafile", CT_PATH, "", 0, 0, &conf_smtp_cafile},
    {"max_message_bytes", CT_SIZE, "10M", 1024, 1LL << 30,
        &conf_max_message_bytes},
    {"max_header_bytes", CT_SIZE, "256k", 1024, 64LL << 20,
        &conf_max_header_bytes},
    {"max_headers", CT_INT, "500", 10, 100000, &conf_max_headers},
    {"max_addresses", CT_INT, "1000", 1, 1000000, &conf_max_addresses},
    {"max_mime_depth", CT_INT, "20", 1, 100, &conf_max_mime_depth},
    {"max_mime_parts", CT_INT, "500", 1, 100000, &conf_max_mime_parts},
    {"max_attachment_bytes", CT_SIZE, "5M", 0, 1LL << 30,
        &conf_max_attachment_bytes},
    {"hook_deadline", CT_SECONDS, "60", 1, 3600, &conf_hook_deadline},
    {"busy_timeout_ms", CT_INT, "5000", 0, 600000, &conf_busy_timeout_ms},
    {"outbox_max_age", CT_SECONDS, "5d", 60, 90LL * 86400,
        &conf_outbox_max_age},
    {"token_ttl_days", CT_INT, "60", 1, 3650, &conf_token_ttl_days},
    {"secret_grace_days", CT_INT, "7", 0, 365, &conf_secret_grace_days},
    {"notices_per_day", CT_INT, "10", 0, 1000, &conf_notices_per_day},
    {"posts_per_hour", CT_INT, "30", 0, 100000, &conf_posts_per_hour},
    {"learning_mails_per_day", CT_INT, "3", 0, 50,
        &conf_learning_mails_per_day},
    {"mentor_ics", CT_BOOL, "no", 0, 0, &conf_mentor_ics},
};
#define NTABLE (sizeof table / sizeof table[0])

const char *
conf_path(const char *arg)
{
	const char *env;

	if (arg != NULL)
		return arg;
	env = getenv("STOA_CONFIG");
	if (env != NULL && *env != '\0')
		return env;
	return CONF_DEFAULT_PATH;
}

/* parse_scaled - "10", "10k", "10M", "5d": integer times a suffix unit. */
static int
parse_scaled(const char *s, enum conf_type type, long long *out)
{
	char num[32];
	size_t n = strlen(s);
	long long unit = 1, v;
	char last;

	if (n == 0 || n >= sizeof num)
		return E_PARSE;
	last = s[n - 1];
	if (type == CT_SIZE && (last == 'k' || last == 'K'))
		unit = 1024;
	else if (type == CT_SIZE && (last == 'm' || last == 'M'))
		unit = 1024 * 1024;
	else if (type == CT_SECONDS && last == 's')
		unit = 1;
	else if (type == CT_SECONDS && last == 'm')
		unit = 60;
	else if (type == CT_SECONDS && last == 'h')
		unit = 3600;
	else if (type == CT_SECONDS && last == 'd')
		unit = 86400;
	else if (last < '0' || last > '9')
		return E_PARSE;
	memcpy(num, s, n);
	num[n - (last >= '0' && last <= '9' ? 0 : 1)] = '\0';
	if (parse_i64(num, 0, (1LL << 40), &v) != 0)
		return E_PARSE;
	*out = v * unit;
	return 0;
}

static int
parse_bool(const char *s, bool *out)
{
	static const char *yes[] = {"yes", "true", "on", "1"};
	static const char *no[] = {"no", "false", "off", "0"};
	size_t i;

	for (i = 0; i < 4; i++) {
		if (strcmp(s, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcmp(s, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	return E_PARSE;
}

/* resolve - make a relative path relative to the config file's directory. */
static char *
resolve(const char *confpath, const char *value)
{
	struct buf b = BUF_INIT(8192);
	const char *slash;

	if (value[0] == '/' || value[0] == '\0' ||
	    (slash = strrchr(confpath, '/')) == NULL)
		return xstrdup(value);
	buf_add(&b, confpath, (size_t)(slash - confpath) + 1);
	buf_adds(&b, value);
	return buf_detach(&b);
}

/* set_value - check and store one value; why gets the reason. */
static int
set_value(const struct conf_entry *e, const char *confpath, const char *v,
    struct buf *why)
{
	long long n;
	bool ok = true;

	switch (e->type) {
	case CT_INT:
		ok = parse_i64(v, e->min, e->max, &n) == 0;
		break;
	case CT_SIZE:
	case CT_SECONDS:
		ok = parse_scaled(v, e->type, &n) == 0 && n >= e->min &&
		    n <= e->max;
		break;
	case CT_BOOL:
		ok = parse_bool(v, (bool *)e->var) == 0;
		if (!ok)
			buf_addf(why, "%s must be yes or no", e->name);
		return ok ? 0 : E_CONFIG;
	case CT_DOMAIN:
		ok = addr_domain_valid(str_from(v), false);
		break;
	case CT_TZ:
		ok = tz_valid(v);
		break;
	case CT_OUTBOUND:
		/* the transport's own check; its reason never echoes v */
		if (!transport_url_valid(v, why))
			return E_CONFIG;
		break;
	case CT_URL:
		ok = *v == '\0' ||
		    ((str_has_prefix(v, "https://") ||
		         str_has_prefix(v, "http://")) &&
		        strpbrk(v, " \t\"<>") == NULL);
		break;
	case CT_STR:
	case CT_PATH:
		break;
	}
	if (!ok) {
		if (e->type == CT_INT || e->type == CT_SIZE ||
		    e->type == CT_SECONDS)
			buf_addf(why,
			    "bad value for %s: \"%s\" (from %lld to %lld)",
			    e->name, v, e->min, e->max);
		else
			buf_addf(why, "bad value for %s: \"%s\"", e->name, v);
		return E_CONFIG;
	}
	if (e->type == CT_INT || e->type == CT_SIZE || e->type == CT_SECONDS) {
		*(long long *)e->var = n;
		return 0;
	}
	free(*(char **)e->var);
	if (e->type == CT_PATH)
		*(char **)e->var = resolve(confpath, v);
	else if (e->type == CT_OUTBOUND && str_has_prefix(v, "maildir:")) {
		char *dir = resolve(confpath, v + 8);
		struct buf b = BUF_INIT(8192);

		buf_addf(&b, "maildir:%s", dir);
		free(dir);
		*(char **)e->var = buf_detach(&b);
	} else
		*(char **)e->var = xstrdup(v);
	return 0;
}

static const struct conf_entry *
lookup(struct str key)
{
	size_t i;

	for (i = 0; i < NTABLE; i++)
		if (str_eq(key, table[i].name))
			return &table[i];
	return NULL;
}

/* parse_line - one line; 0 or E_CONFIG with why set. seen[] marks keys. */
static int
parse_line(const char *path, char *line, bool *seen, struct buf *why)
{
	struct str key, val;
	const struct conf_entry *e;
	char *eq, *v;
	int rc;

	key = str_trim(str_from(line));
	if (key.n == 0 || key.p[0] == '#')
		return 0;
	eq = strchr(line, '=');
	if (eq == NULL) {
		buf_adds(why, "expected \"key = value\"");
		return E_CONFIG;
	}
	key.p = line;
	key.n = (size_t)(eq - line);
	key = str_trim(key);
	val = str_trim(str_from(eq + 1));
	e = lookup(key);
	if (e == NULL) {
		buf_adds(why, "unknown key \"");
		buf_add(why, key.p, key.n > 64 ? 64 : key.n);
		buf_adds(why, "\"");
		return E_CONFIG;
	}
	if (seen[e - table]) {
		buf_addf(why, "%s is set twice", e->name);
		return E_CONFIG;
	}
	seen[e - table] = true;
	if (val.n > MAX_CONF_VALUE) {
		buf_addf(why, "value of %s is too long", e->name);
		return E_CONFIG;
	}
	v = str_dup(val);
	rc = set_value(e, path, v, why);
	free(v);
	return rc;
}

static int
set_defaults(const bool *seen, const char *path, struct buf *why)
{
	size_t i;

	for (i = 0; i < NTABLE; i++) {
		if (seen[i])
			continue;
		if (table[i].def == NULL) {
			buf_addf(
			    why, "%s: %s is required", path, table[i].name);
			return E_CONFIG;
		}
		if (set_value(&table[i], path, table[i].def, why) != 0)
			return E_CONFIG;
	}
	return 0;
}

int
conf_load(const char *path, struct buf *why)
{
	char line[MAX_CONF_LINE + 2];
	bool seen[NTABLE] = {false};
	struct buf reason = BUF_INIT(512);
	FILE *f;
	int lineno = 0, rc = 0;

	if (rfile_open(path, MAX_CONF_FILE, &f, why) != 0)
		return E_CONFIG;
	while (rc == 0 && fgets(line, sizeof line, f) != NULL) {
		lineno++;
		if (strlen(line) > MAX_CONF_LINE) {
			buf_adds(&reason, "line too long");
			rc = E_CONFIG;
			break;
		}
		line[strcspn(line, "\r\n")] = '\0';
		rc = parse_line(path, line, seen, &reason);
	}
	if (rc == 0 && ferror(f)) {
		buf_addf(why, "%s: read error", path);
		rc = E_CONFIG;
	} else if (rc != 0) {
		buf_addf(why, "%s:%d: %s", path, lineno, buf_cstr(&reason));
	}
	fclose(f);
	buf_release(&reason);
	if (rc == 0)
		rc = set_defaults(seen, path, why);
	if (rc == 0)
		log_set_instance(conf_domain);
	return rc;
}

void
conf_free(void)
{
	size_t i;
	enum conf_type t;

	for (i = 0; i < NTABLE; i++) {
		t = table[i].type;
		if (t == CT_INT || t == CT_SIZE || t == CT_SECONDS ||
		    t == CT_BOOL)
			continue;
		free(*(char **)table[i].var);
		*(char **)table[i].var = NULL;
	}
}

/* one entry's value, held while a reload reads the file again */
union conf_val {
	char *s;
	long long n;
	bool b;
};

/* is_text - the entry's variable is a heap string. */
static bool
is_text(enum conf_type t)
{
	return t != CT_INT && t != CT_SIZE && t != CT_SECONDS && t != CT_BOOL;
}

/* snap_swap - exchange every conf_* value with v[] (strings move). */
static void
snap_swap(union conf_val *v)
{
	union conf_val tmp;
	size_t i;

	for (i = 0; i < NTABLE; i++) {
		if (is_text(table[i].type)) {
			tmp.s = *(char **)table[i].var;
			*(char **)table[i].var = v[i].s;
		} else if (table[i].type == CT_BOOL) {
			tmp.b = *(bool *)table[i].var;
			*(bool *)table[i].var = v[i].b;
		} else {
			tmp.n = *(long long *)table[i].var;
			*(long long *)table[i].var = v[i].n;
		}
		v[i] = tmp;
	}
}

int
conf_reload(const char *path, struct buf *why)
{
	union conf_val old[NTABLE];
	size_t i;
	int rc;

	memset(old, 0, sizeof old);
	snap_swap(old); /* the globals are now empty, old holds them */
	rc = conf_load(path, why);
	if (rc != 0) {
		conf_free();
		snap_swap(old); /* back to the previous values */
		return rc;
	}
	for (i = 0; i < NTABLE; i++)
		if (is_text(table[i].type))
			free(old[i].s);
	return 0;
}

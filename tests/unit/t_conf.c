/* t_conf.c - the config reader: defaults, types, and every error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "err.h"
#include "t.h"

/* load - write text as a config file and load it; why gets the error. */
static int
load(const char *text, struct buf *why)
{
	buf_reset(why);
	conf_free();
	return conf_load(t_write("stoa.conf", text), why);
}

static void
test_good(void)
{
	struct buf why = BUF_INIT(1024);
	char want[600];

	T_INT("minimal", load("domain = learn.example\n", &why), 0);
	T_STR("default outbound", conf_outbound, "sendmail:/usr/sbin/sendmail");
	T_INT("default max headers", conf_max_headers, 500);
	T_INT("default size", conf_max_message_bytes, 10 * 1024 * 1024);
	T_STR("no CA file: the system store", conf_smtp_cafile, "");
	T_INT("full",
	    load("# comment\n\n  domain = learn.example  \n"
	         "database = data/stoa.db\n"
	         "outbound = maildir:mail\n"
	         "timezone = Europe/Berlin\n"
	         "max_message_bytes = 64k\n"
	         "outbox_max_age = 2h\n"
	         "smtp_starttls = yes\n"
	         "smtp_cafile = tls/ca.pem\n"
	         "site_name = Stoa = learning\n",
	        &why),
	    0);
	snprintf(want, sizeof want, "%s/data/stoa.db", t_tmpdir());
	T_STR("relative path", conf_database, want);
	snprintf(want, sizeof want, "maildir:%s/mail", t_tmpdir());
	T_STR("relative maildir", conf_outbound, want);
	T_INT("k suffix", conf_max_message_bytes, 65536);
	T_INT("h suffix", conf_outbox_max_age, 7200);
	T_INT("bool", conf_smtp_starttls, 1);
	snprintf(want, sizeof want, "%s/tls/ca.pem", t_tmpdir());
	T_STR("relative CA file", conf_smtp_cafile, want);
	T_STR("value with =", conf_site_name, "Stoa = learning");
	T_STR("tz", conf_timezone, "Europe/Berlin");
	buf_release(&why);
}

static void
test_bad(void)
{
	static const struct {
		const char *name, *text, *want;
	} t[] = {
	    {"unknown key", "domain = a.example\ncolour = blue\n",
	        ":2: unknown key \"colour\""},
	    {"no equals", "domain = a.example\njust words\n",
	        ":2: expected \"key = value\""},
	    {"bad int", "domain = a.example\n\nmax_headers = lots\n",
	        ":3: bad value for max_headers"},
	    {"int range", "domain = a.example\nmax_headers = 1\n",
	        ":2: bad value for max_headers"},
	    {"bad bool", "domain = a.example\nsmtp_starttls = maybe\n",
	        ":2: smtp_starttls must be yes or no"},
	    {"bad domain", "domain = not a domain\n",
	        ":1: bad value for domain"},
	    {"bad tz", "domain = a.example\ntimezone = Mars/Olympus\n",
	        ":2: bad value for timezone"},
	    {"tz path trick",
	        "domain = a.example\ntimezone = ../../etc/passwd\n",
	        ":2: bad value for timezone"},
	    {"bad outbound", "domain = a.example\noutbound = ftp://x\n",
	        ":2: outbound: want smtp://"},
	    {"outbound credentials",
	        "domain = a.example\noutbound = smtp://user:pass@127.0.0.1:25\n",
	        ":2: outbound: no user name or password in the URL"},
	    {"bad url", "domain = a.example\narchive_url = javascript:x\n",
	        ":2: bad value for archive_url"},
	    {"twice", "domain = a.example\ndomain = b.example\n",
	        ":2: domain is set twice"},
	    {"missing required", "site_name = x\n", "domain is required"},
	    {"bad suffix", "domain = a.example\noutbox_max_age = 3w\n",
	        ":2: bad value for outbox_max_age"},
	};
	struct buf why = BUF_INIT(1024);
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		T_INT(t[i].name, load(t[i].text, &why), E_CONFIG);
		if (strstr(buf_cstr(&why), t[i].want) == NULL)
			T_STR(t[i].name, buf_cstr(&why), t[i].want);
		T_OK("names the file",
		    strstr(buf_cstr(&why), "stoa.conf") != NULL);
		T_OK("never echoes a password",
		    strstr(buf_cstr(&why), "pass@") == NULL);
	}
	buf_reset(&why);
	conf_free();
	T_INT("missing file", conf_load("/nonexistent/stoa.conf", &why),
	    E_CONFIG);
	T_OK("missing file reason",
	    strstr(buf_cstr(&why), "/nonexistent/stoa.conf") != NULL);
	buf_reset(&why);
	T_INT("directory", conf_load(t_tmpdir(), &why), E_CONFIG);
	T_OK("directory reason",
	    strstr(buf_cstr(&why), "is a directory") != NULL);
	buf_reset(&why);
	T_INT("device", conf_load("/dev/zero", &why), E_CONFIG);
	T_OK("device reason",
	    strstr(buf_cstr(&why), "not a regular file") != NULL);
	buf_release(&why);
}

static void
test_path(void)
{
	T_STR("arg wins", conf_path("/x.conf"), "/x.conf");
	setenv("STOA_CONFIG", "/env.conf", 1);
	T_STR("env", conf_path(NULL), "/env.conf");
	unsetenv("STOA_CONFIG");
	T_STR("default", conf_path(NULL), CONF_DEFAULT_PATH);
}

int
main(void)
{
	test_good();
	test_bad();
	test_path();
	conf_free();
	return t_done();
}

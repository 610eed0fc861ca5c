/*
 * conf.h - the one configuration file, read once at start-up.
 *
 * Format: `key = value` lines, `#` comments, blank lines.  Every key is in
 * one table (conf.c) with its type, default and range; an unknown key or a
 * bad value is an error naming file:line.  Relative paths (database,
 * secret_file, templates, a maildir: outbound) are taken relative to the
 * directory of the config file.  The values are the conf_* globals below,
 * immutable after conf_load() except for a daemon's conf_reload() between
 * passes.
 */
#ifndef STOA_CONF_H
#define STOA_CONF_H

#include <stdbool.h>

#include "buf.h"

#define CONF_DEFAULT_PATH "/etc/stoa/stoa.conf"

extern char *conf_database;
extern char *conf_domain;
extern char *conf_outbound;
extern char *conf_secret_file;
extern char *conf_templates;
extern char *conf_timezone;
extern char *conf_site_name;
extern char *conf_archive_url;     /* "" = none */
extern char *conf_badge_base_url;  /* hosted Open Badges, "" = none */
extern char *conf_unsubscribe_url; /* "" = none; https one-click base */
extern char *conf_smtp_helo;
extern char *conf_smtp_user;
extern char *conf_smtp_password;
extern bool conf_smtp_starttls;
extern char *conf_smtp_cafile; /* "" = the system CA store */
extern long long conf_max_message_bytes;
extern long long conf_max_header_bytes;
extern long long conf_max_headers;
extern long long conf_max_addresses;
extern long long conf_max_mime_depth;
extern long long conf_max_mime_parts;
extern long long conf_max_attachment_bytes;
extern long long conf_hook_deadline; /* seconds */
extern long long conf_busy_timeout_ms;
extern long long conf_outbox_max_age; /* seconds */
extern long long conf_token_ttl_days;
extern long long conf_secret_grace_days;
extern long long conf_notices_per_day; /* automatic notices per address */
extern long long conf_posts_per_hour;  /* posts per member before holding */
extern long long conf_learning_mails_per_day; /* quiz mails per member */
extern bool conf_mentor_ics; /* the pairing mail carries a calendar invite */

/*
 * conf_path - the config file to use: arg (from -c) if not NULL, else
 * $STOA_CONFIG, else CONF_DEFAULT_PATH.  Borrowed.
 */
const char *conf_path(const char *arg);
/*
 * conf_load - read and validate path into the conf_* globals.  Returns 0,
 * or E_CONFIG with why = "FILE:LINE: reason" (or "FILE: reason").
 */
int conf_load(const char *path, struct buf *why);
/*
 * conf_reload - read path again (a daemon's SIGHUP).  On success the
 * conf_* globals hold the new values; on failure (E_CONFIG, why as for
 * conf_load) they keep the previous ones, unchanged.
 */
int conf_reload(const char *path, struct buf *why);
/* conf_free - release the strings (for leak checkers). */
void conf_free(void);

#endif

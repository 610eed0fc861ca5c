/*
 * intromail.h - the mails that ask for an introduction (docs/connect.md):
 * the welcome of a list with introductions on, the one reminder a week
 * later, and the fresh invitation the "intro" command sends.  Each is a
 * row of prompts (kind intro or intro_reminder) and one mail whose
 * Reply-To is LIST+p-TOKEN@ (kind p, object the prompt, member the
 * recipient), so the invitation never costs a second mail.  Shared by
 * stoa (member add, import), stoa-hook (subscribe confirm, "intro") and
 * stoa-digest (the reminder).
 */
#ifndef STOA_INTROMAIL_H
#define STOA_INTROMAIL_H

#include "store_connect.h"
#include "tmpl.h"
#include "token.h"

#define INTRO_TTL_DAYS 60 /* an invitation can be answered this long */

/* What one invitation needs (borrowed). */
struct intromail {
	const struct list_rec *list;
	const struct connect_member *to;
	const char *kind; /* intro, intro_reminder */
	const char *tmpl; /* welcome, intro-reminder, intro-again */
	long long object; /* intro_reminder: the intro prompt; else 0 */
	long long now;
};

/*
 * intromail_send - the prompt row, its mail with v's variables plus
 * recipient_name, member_name, reply_address and intro (true), and the
 * event intro.invite (kind intro) or intro.remind; *id the prompt.
 * Inside the caller's transaction.  0 or an enum err (logged).
 */
int intromail_send(struct store *st, const struct token_keys *keys,
    const struct intromail *m, struct vars *v, long long *id);

/*
 * intromail_welcome - the welcome of a new member of list l (delivery:
 * each, digest, none) at now: with the invitation when the list has
 * introductions on (*sent true), else nothing (*sent false: the caller
 * sends its plain welcome, if any).  Inside the caller's transaction.
 */
int intromail_welcome(struct store *st, const struct token_keys *keys,
    const struct list_rec *l, long long member, const char *delivery,
    long long now, bool *sent);

/* intromail_delivery - what a delivery setting means, for people. */
const char *intromail_delivery(const char *d);

#endif

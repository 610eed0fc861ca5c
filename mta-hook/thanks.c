/*
 * thanks.c - "thanks", "+1", "this helped" from the asker to an answer
 * (handlers.h thanks_note; docs/badges.md, the Helpful badges).
 *
 * Only the member who started the thread can thank, only a reply to
 * another member's answer counts, and whether the text is a thank-you is
 * the pure rule badge_is_thanks() (learn/badges.c).  The event is written
 * in the post's transaction; a redelivered post never comes here twice.
 */
#include <stdio.h>

#include "badges.h"
#include "handlers.h"
#include "log.h"
#include "store_badge.h"

int
thanks_note(struct inbound *in, const struct inbound_outcome *o)
{
	char detail[24];
	long long answer, author;
	int rc;

	if (o->msg_id <= 0 || o->author_id <= 0 ||
	    !badge_is_thanks(o->trim.text))
		return 0;
	rc = store_badge_thanked_answer(in->st, o->msg_id, &answer, &author);
	if (rc != 0 || answer == 0)
		return rc;
	snprintf(detail, sizeof detail, "%lld", o->msg_id);
	log_info("thanks list=%s answer=%lld by=%lld", in->list.name, answer,
	    o->msg_id);
	return store_event(
	    in->st, in->list.id, author, "answer.thanked", answer, detail);
}

/*
 * handlers.h - the handlers of mta-hook/: one file per kind of address or
 * reply (DESIGN §9).  The router (inbound.c) reaches each through one row
 * of its route table; a handler reaches the shared helpers through
 * inbound_ctx.h and never calls back into the router.
 *
 * A routed handler is called with the message parsed and not seen before.
 * With ROUTE_TX in its row the router has opened the transaction
 * (store_begin): the handler does its effects and ends with
 * inbound_finish(), which commits, or rolls back and returns an error
 * (the exit-code table then defers).  Without it (post.c) the handler
 * stores through inbound_record(), which opens its own.
 *
 * Adding a kind of address: one file with its handler, its prototype
 * here, one row in inbound.c's routes[].
 */
#ifndef STOA_HANDLERS_H
#define STOA_HANDLERS_H

#include <stdbool.h>

#include "buf.h"
#include "inbound_ctx.h"

/* --- routed: one row each in inbound.c --- */
int post_handle(struct inbound *in);         /* LIST@, LIST+r-TOKEN@ */
int request_handle(struct inbound *in);      /* LIST+request@ */
int request_confirm(struct inbound *in);     /* LIST+c-TOKEN@ */
int request_unsubscribe(struct inbound *in); /* LIST+u-TOKEN@ */
int moderate_handle(struct inbound *in);     /* LIST+m-TOKEN@ */
int bounce_handle(struct inbound *in);       /* LIST+b-TOKEN@ */
int wiki_handle(struct inbound *in);         /* LIST+wiki@, LIST+wiki-PAGE@ */
int quiz_handle(struct inbound *in);         /* LIST+q-TOKEN@ */
int prompt_handle(struct inbound *in);       /* LIST+p-TOKEN@ */
int owner_handle(struct inbound *in);        /* LIST+owner@ */
int quiz_propose(struct inbound *in);        /* LIST+quiz@ */

/* --- not routed: stoa-hook --approve-held ID (main.c) --- */
/*
 * moderate_operator_wiki - `stoa held approve ID` of a held wiki
 * contribution (stoa-hook --approve-held ID): onto its page, as by a
 * moderator's reply, decided by the operator.  E_PERM when post id is
 * not a held wiki contribution, E_DUP when someone decided first.
 */
int moderate_operator_wiki(long long id);

/*
 * --- calls between handlers, each one way (docs/architecture.md) ---
 * post.c -> wiki.c: wiki_capture;  request.c -> wiki.c: wiki_request;
 * moderate.c -> wiki.c: wiki_held_apply;  moderate.c -> curate.c:
 * digest_curate;  moderate.c -> propose.c: propose_decide;  request.c ->
 * quiz.c: quiz_request;  request.c -> prompt.c: mentor_request.
 * prompt.c -> connect.c: intro_reply;  prompt.c -> reflect.c:
 * reflect_reply;  request.c -> connect.c: connect_request;  post.c ->
 * connect.c: route_answered;  post.c -> thanks.c: thanks_note;
 * request.c -> badge.c: badge_request;  moderate.c -> badge.c:
 * badge_decide.  wiki.c, curate.c, propose.c, quiz.c, connect.c,
 * reflect.c and prompt.c call no other handler.
 */

struct prompt_rec;

/*
 * intro_reply - the reply to introduction invitation p (kind intro or
 * intro_reminder; token checked by prompt.c): posted as a "Meet NAME"
 * thread, its answers the member's profile; or a notice.  Inside the
 * router's transaction; ends with a commit.  0 or an enum err.
 */
int intro_reply(struct inbound *in, const struct prompt_rec *p);

/*
 * connect_request - "intro", "help off" or "help on" at LIST+request@
 * from member: appends the answer to reply and sets *handled when the
 * line was one.  Inside the request transaction; 0 or an enum err.
 */
int connect_request(struct inbound *in, long long member, const char *line,
    struct buf *reply, bool *handled);

/*
 * route_answered - a post o by a member who was asked to help with
 * thread (an open prompt of kind expert): the prompt is answered and
 * route.answer recorded.  Inside the post's transaction.
 */
int route_answered(
    struct inbound *in, const struct inbound_outcome *o, long long thread);

/*
 * thanks_note - a posted reply o from the member who started its thread,
 * to another member's answer, that reads as a thank-you
 * (badge_is_thanks()): event answer.thanked (member the answer's author,
 * object the answer, detail the thanking message's id).  Inside the
 * post's transaction (thanks.c); 0 or an enum err.
 */
int thanks_note(struct inbound *in, const struct inbound_outcome *o);

/*
 * badge_decide - a moderator's reply to the confirmation of "award
 * ADDRESS BADGE" (request.c): t is the verified (possibly expired) m-
 * token of kind 'a' (object the grant, member the moderator).  An empty
 * reply or "award" gives the badge, "cancel" drops it; a wrong sender, a
 * grant already decided, a moderator no more or an expired address
 * changes nothing and earns a notice.  Called inside the open
 * transaction; ends with inbound_finish() (badge.c).  0 or an enum err.
 */
int badge_decide(struct inbound *in, const struct token *t);

/*
 * badge_request - the "award ADDRESS BADGE [reason]" and "leaderboard
 * on|off" lines at LIST+request@ from member (badge.c): appends the
 * answer to reply and sets *handled when the line was one.  Inside the
 * request transaction; 0 or an enum err (defer).
 */
int badge_request(struct inbound *in, long long member, const char *line,
    struct buf *reply, bool *handled);

/*
 * propose_decide - a moderator's reply about a proposed quiz question:
 * t is the verified (possibly expired) m- token of kind 'o' (object the
 * question, member the moderator).  "approve" (or an empty reply) makes
 * it active, "reject [reason]" rejected, the author is told; a wrong
 * sender, a question already decided or an expired address changes
 * nothing and earns a notice.  Called inside the open transaction; ends
 * with inbound_finish().  0 or an enum err.
 */
int propose_decide(struct inbound *in, const struct token *t);

/*
 * mentor_request - "mentor pause" or "mentor resume" at LIST+request@
 * from member: every open pair of the member in the list; appends the
 * answer to reply and sets *handled when the line was one.  Inside the
 * request transaction; 0 or an enum err (defer).
 */
int mentor_request(struct inbound *in, long long member, const char *line,
    struct buf *reply, bool *handled);

/*
 * quiz_request - one quiz command line at LIST+request@ from member
 * (quiz on, quiz off, pause 2w|10d, stats): appends the answer to reply
 * and sets *handled when the line was one.  Inside the request
 * transaction; 0 or an enum err (defer).
 */
int quiz_request(struct inbound *in, long long member, const char *line,
    struct buf *reply, bool *handled);

/*
 * reflect_reply - the reply to a reflection question: p is its checked
 * prompt (kind question, this list, token member = p->member_id).  A
 * public answer is posted to the list in the round's thread, a private
 * one mailed to the moderators; reflect.answer event.  Called inside the
 * open transaction by prompt.c; ends with inbound_finish() or
 * inbound_finish_post().  0 or an enum err.
 */
struct prompt_rec;
int reflect_reply(
    struct inbound *in, const struct prompt_rec *p, const char *now_iso);

/*
 * wiki_request - one "wiki ..." command line sent to LIST+request@ (get,
 * list, history, diff, watch, unwatch).  Appends the answer to reply and
 * sets *handled when the line was a wiki command.  "wiki get" also
 * queues the page mail (text + HTML, reply-to-edit address).  Call inside
 * the request transaction; returns 0 or an enum err (defer).
 */
int wiki_request(
    struct inbound *in, const char *line, struct buf *reply, bool *handled);

/*
 * wiki_capture - a reply to thread_id whose first line was "wiki: PAGE":
 * append text (the rest of the reply) to PAGE with a link back to the
 * thread, as a revision by the sender.  Call inside the post's
 * transaction, after the post is stored.  0 or an enum err.
 */
int wiki_capture(struct inbound *in, long long thread_id, const char *page,
    const char *text);

/*
 * wiki_held_apply - a moderator approved a held contribution sent to
 * LIST+EXT@ (raw: the stored message): apply it to its page instead of
 * posting it.  Inside the moderator's transaction; 0 or an enum err.
 */
int wiki_held_apply(struct inbound *in, const char *ext, const char *raw,
    size_t raw_len, const char *author);

/*
 * digest_curate - moderators curating the weekly digest by reply (issue
 * 7, docs/digest.md): the draft each moderator gets has Reply-To
 * LIST+m-TOKEN@ with a token of kind 'd' (object the digest, member the
 * moderator); moderate.c hands such tokens here.  Applies the commands in
 * the reply (pin N, drop N, move N to M, note: ..., title N: ..., add
 * THREAD-ID, send, hold), mails the updated draft back to the moderator
 * with any lines not understood, and one line to each other moderator
 * saying what changed.  A token that has expired (t->expires <= now),
 * names another member than the From address, a member who is no longer
 * a moderator or owner of the list, a digest of another list or one
 * already sent changes nothing and earns a notice.  Called inside the
 * open transaction; ends with inbound_finish() (which commits).  Returns
 * 0 or an enum err (the hook then defers).
 */
int digest_curate(struct inbound *in, const struct token *t);

#endif

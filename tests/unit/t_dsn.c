/*
 * t_dsn.c - the bounce classifier on hand-written messages: RFC 3464
 * reports (failed, delayed, delivered, several recipients, folded
 * fields, an empty part, expired/unknown Actions, empty Status), text
 * bounces of several mailers (delays with 4.x.x codes, success reports,
 * inline fields, fml, Japanese), ARF complaints, read receipts,
 * auto-replies and ordinary mail; dsn_status_kind() on codes;
 * dsn_from_reply(); the error return.
 */
#include <stdio.h>
#include <string.h>

#include "dsn.h"
#include "err.h"
#include "mime.h"
#include "t.h"

struct dcase {
	const char *name;
	const char *raw;
	enum dsn_kind kind;
	const char *status; /* "" = none */
	const char *rcpts;  /* comma-separated, in order found */
	const char *diag;   /* NULL = not checked */
	int rfc3464;
};

#define REPORT_HEAD                                                            \
	"From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\n"          \
	"To: learn+b-x@learn.example\n"                                        \
	"Subject: Undelivered Mail Returned to Sender\n"                       \
	"Message-ID: <r@mx.example.org>\n"                                     \
	"MIME-Version: 1.0\n"                                                  \
	"Content-Type: multipart/report; report-type=delivery-status;"         \
	" boundary=\"B\"\n\n"                                                  \
	"--B\nContent-Type: text/plain\n\nThe mail system.\n\n"                \
	"--B\nContent-Type: message/delivery-status\n\n"                       \
	"Reporting-MTA: dns; mx.example.org\n\n"

static const struct dcase cases[] = {
    {"3464 hard",
        REPORT_HEAD "Final-Recipient: rfc822; Ana@Example.org\n"
                    "Action: failed\nStatus: 5.1.1\n"
                    "Diagnostic-Code: smtp; 550 5.1.1 no such\n"
                    "  user here\n\n--B--\n",
        DSN_HARD, "5.1.1", "ana@example.org",
        "smtp; 550 5.1.1 no such user here", 1},
    {"3464 failed 4.x is soft",
        REPORT_HEAD "Final-Recipient: rfc822; ana@example.org\n"
                    "Action: failed\nStatus: 4.4.7 (expired)\n\n--B--\n",
        DSN_SOFT, "4.4.7", "ana@example.org", "", 1},
    {"3464 mailbox full 5.2.2 is soft",
        REPORT_HEAD "Final-Recipient: rfc822; ana@example.org\n"
                    "Action: failed\nStatus: 5.2.2\n\n--B--\n",
        DSN_SOFT, "5.2.2", "ana@example.org", NULL, 1},
    {"3464 delayed",
        REPORT_HEAD "Final-Recipient: rfc822; ana@example.org\n"
                    "Action: delayed\nStatus: 4.4.1\n\n--B--\n",
        DSN_DELAYED, "4.4.1", "ana@example.org", NULL, 1},
    {"3464 delivered is no bounce",
        REPORT_HEAD "Final-Recipient: rfc822; ana@example.org\n"
                    "Action: delivered\nStatus: 2.0.0\n\n--B--\n",
        DSN_NONE, "", "", NULL, 1},
    {"3464 original recipient first, hard beats delayed",
        REPORT_HEAD "Original-Recipient: rfc822;ana@example.org\n"
                    "Final-Recipient: rfc822; ana@mail.example.org\n"
                    "Action: failed\nStatus: 5.1.1\n\n"
                    "Final-Recipient: rfc822; bo@example.org\n"
                    "Action: delayed\nStatus: 4.4.1\n\n"
                    "Final-Recipient: rfc822; cy@example.org\n"
                    "Action: failed\nStatus: 5.7.1\n\n--B--\n",
        DSN_HARD, "5.1.1", "ana@example.org,cy@example.org", NULL, 1},
    {"3464 without action: status decides",
        REPORT_HEAD "Final-Recipient: rfc822; <ana@example.org>\n"
                    "Status: 5.0.0\n\n--B--\n",
        DSN_HARD, "5.0.0", "ana@example.org", NULL, 1},
    {"3464 empty part: text decides",
        "From: MAILER-DAEMON@mx.example.org\n"
        "Subject: Mail delivery failed\n"
        "Content-Type: multipart/report; report-type=delivery-status;"
        " boundary=\"B\"\n\n"
        "--B\nContent-Type: text/plain\n\n"
        "<ana@example.org>: 550 5.1.1 User unknown\n\n"
        "--B\nContent-Type: message/delivery-status\n\n"
        "Reporting-MTA: dns; mx.example.org\n\n--B--\n",
        DSN_HARD, "5.1.1", "ana@example.org", NULL, 0},
    {"postfix text",
        "From: MAILER-DAEMON@mx.example.org (Mail Delivery System)\n"
        "To: learn+b-x@learn.example\n"
        "Subject: Undelivered Mail Returned to Sender\n\n"
        "I'm sorry to have to inform you that your message could not\n"
        "be delivered to one or more recipients.\n\n"
        "<ana@example.org>: host mx.example.org[192.0.2.1] said: 550 "
        "5.1.1\n    <ana@example.org>... User unknown\n",
        DSN_HARD, "5.1.1", "ana@example.org", NULL, 0},
    {"qmail text, copy not read",
        "From: MAILER-DAEMON@mx.example.org\n"
        "Subject: failure notice\n\n"
        "Hi. This is the qmail-send program at mx.example.org.\n"
        "I'm afraid I wasn't able to deliver your message to the "
        "following addresses.\n\n"
        "<ana@example.org>:\nSorry, no mailbox here by that name. "
        "(#5.1.1)\n\n"
        "--- Below this line is a copy of the message.\n\n"
        "From: learn@learn.example\nTo: bo@example.org\n",
        DSN_HARD, "5.1.1", "ana@example.org", NULL, 0},
    {"exim user unknown, no code",
        "From: Mail Delivery System <Mailer-Daemon@mx.example.org>\n"
        "Subject: Mail delivery failed: returning message to sender\n\n"
        "This message was created automatically by mail delivery "
        "software.\n\n"
        "A message that you sent could not be delivered to one or more "
        "of its\nrecipients. This is a permanent error.\n\n"
        "  ana@example.org\n    Unrouteable address\n",
        DSN_HARD, "", "ana@example.org", NULL, 0},
    {"mailbox full text is soft",
        "From: postmaster@example.org\nSubject: Returned mail\n\n"
        "Your message to ana@example.org was not delivered:\n"
        "the recipient's mailbox is full.\n",
        DSN_SOFT, "", "ana@example.org", "the recipient's mailbox is full.", 0},
    {"552 quota is soft",
        "From: MAILER-DAEMON@mx.example.org\nSubject: Undeliverable\n\n"
        "ana@example.org: 552 Requested mail action aborted: exceeded "
        "storage allocation\n",
        DSN_SOFT, "", "ana@example.org", NULL, 0},
    {"4.x.x text is soft",
        "From: MAILER-DAEMON@mx.example.org\nSubject: Undeliverable\n\n"
        "ana@example.org: 451 4.3.0 temporary failure, gave up\n",
        DSN_SOFT, "4.3.0", "ana@example.org", NULL, 0},
    {"sendmail warning is a delay",
        "From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.org>\n"
        "Subject: Warning: could not send message for past 4 hours\n\n"
        "    **********************************************\n"
        "    **      THIS IS A WARNING MESSAGE ONLY      **\n"
        "    **  YOU DO NOT NEED TO RESEND YOUR MESSAGE  **\n"
        "    **********************************************\n\n"
        "The original message was received at Mon, 5 Jan 2026\n"
        "   ----- Transcript of session follows -----\n"
        "<ana@example.org>... Deferred: Connection timed out\n"
        "Warning: message still undelivered after 4 hours\n"
        "Will keep trying until message is 5 days old\n",
        DSN_DELAYED, "", "ana@example.org", NULL, 0},
    {"vacation",
        "From: Ana <ana@example.org>\n"
        "Subject: Out of office: [learn] hello\n"
        "Auto-Submitted: auto-replied\n\n"
        "I am away until Monday.\n",
        DSN_AUTOREPLY, "", "", NULL, 0},
    {"x-autoreply",
        "From: ana@example.org\nSubject: Re: hello\n"
        "X-Autoreply: yes\n\nThanks, I will read it later.\n",
        DSN_AUTOREPLY, "", "", NULL, 0},
    {"ordinary mail",
        "From: ana@example.org\nSubject: Re: hello\n\n"
        "Which address should I write to?\n",
        DSN_NONE, "", "", NULL, 0},
    {"numbers alone are no bounce",
        "From: ana@example.org\nSubject: version\n\n"
        "We upgraded to 5.1.1 and 550 servers, ask bo@example.org.\n",
        DSN_NONE, "", "", NULL, 0},
    {"ordinary mail saying not found",
        "From: ana@example.org\nSubject: question\n\n"
        "The page was not found, can you help?\n",
        DSN_NONE, "", "", NULL, 0},
    {"own addresses are not recipients",
        "From: MAILER-DAEMON@mx.example.org\n"
        "To: learn+b-abc@learn.example\nSubject: Undeliverable\n\n"
        "Mail from learn+b-abc@learn.example to ana@example.org failed:\n"
        "user unknown. Contact postmaster@mx.example.org.\n",
        DSN_HARD, "", "ana@example.org", NULL, 0},
    {"3464 expired 4.x is soft",
        REPORT_HEAD "Final-Recipient: rfc822; ana@example.org\n"
                    "Action: expired\nStatus: 4.4.7\n\n--B--\n",
        DSN_SOFT, "4.4.7", "ana@example.org", NULL, 1},
    {"3464 unknown action: status decides",
        REPORT_HEAD "Final-Recipient: rfc822; ana@example.org\n"
                    "Action: error\nStatus: 5.0.0\n\n--B--\n",
        DSN_HARD, "5.0.0", "ana@example.org", NULL, 1},
    {"3464 empty status: diagnostic code decides",
        REPORT_HEAD "Final-Recipient: rfc822; ana@example.org\n"
                    "Status:\nDiagnostic-Code: 550 5.1.1 <ana@example.org>"
                    "... User Unknown\n\n--B--\n",
        DSN_HARD, "5.1.1", "ana@example.org", NULL, 1},
    {"3464 failed 4.0.0 with a 4.2.2 diagnostic",
        REPORT_HEAD "Final-Recipient: rfc822; ana@example.org\n"
                    "Action: failed\nStatus: 4.0.0\n"
                    "Diagnostic-Code: smtp; 452 4.2.2 over quota\n\n--B--\n",
        DSN_SOFT, "4.2.2", "ana@example.org", NULL, 1},
    {"ARF complaint is no bounce",
        "From: fbl@isp.example.net\nSubject: Abuse report\n"
        "Content-Type: multipart/report; report-type=feedback-report;"
        " boundary=\"F\"\n\n"
        "--F\nContent-Type: text/plain\n\n550 5.1.1 quoted\n\n"
        "--F\nContent-Type: message/feedback-report\n\n"
        "Feedback-Type: abuse\nOriginal-Rcpt-To: <Ana@example.org>\n\n"
        "--F--\n",
        DSN_COMPLAINT, "", "ana@example.org", "abuse", 0},
    {"read receipt is no bounce",
        "From: ana@example.org\nSubject: Read: week 3\n"
        "Content-Type: multipart/report;"
        " report-type=disposition-notification; boundary=\"M\"\n\n"
        "--M\nContent-Type: text/plain\n\nDisplayed.\n\n"
        "--M\nContent-Type: message/disposition-notification\n\n"
        "Final-Recipient: rfc822; ana@example.org\n"
        "Disposition: manual-action/MDN-sent-manually; displayed\n\n"
        "--M--\n",
        DSN_NONE, "", "", NULL, 0},
    {"text success report is no bounce",
        "From: MAILER-DAEMON@mx.example.org\nSubject: Return receipt\n\n"
        "<ana@example.org>  (relayed to non-DSN-aware mailer)\n",
        DSN_NONE, "", "", NULL, 0},
    {"text delay warning with a 4.x.x code",
        "From: Mailer-Daemon@mx.example.org\n"
        "Subject: Warning: message 1a-2b delayed 24 hours\n\n"
        "A message that you sent has not yet been delivered.\n"
        "  ana@example.org: 452 4.2.2 Mailbox full\n"
        "Delivery attempts will continue for some time.\n",
        DSN_DELAYED, "4.2.2", "ana@example.org", NULL, 0},
    {"text delay phrase but a final verdict",
        "From: Mailer-Daemon@mx.example.org\nSubject: Mail delivery failed\n\n"
        "This is a permanent error. We will not retry.\n"
        "  ana@example.org: 550 5.1.1 No such user\n",
        DSN_HARD, "5.1.1", "ana@example.org", NULL, 0},
    {"inline delivery-status fields",
        "From: MAILER-DAEMON@mx.example.org\nSubject: Returned mail\n\n"
        "permanent fatal errors, 550 relay temporarily unavailable\n\n"
        "Final-Recipient: RFC822; ana@example.org\nAction: failed\n"
        "Status: 4.3.0\n",
        DSN_SOFT, "4.3.0", "ana@example.org", NULL, 0},
    {"fml rejection",
        "From: club-admin@ml.example.jp\nX-MLServer: fml [fml 8.0]\n"
        "Subject: NOT MEMBER article from learn@learn.example\n\n"
        "You are not a member of this mailing list <club@ml.example.jp>.\n"
        "Send \"guide\" to club-ctl@ml.example.jp.\n",
        DSN_HARD, "", "club@ml.example.jp", NULL, 0},
    {"Japanese user unknown",
        "From: postmaster@mail.example.ne.jp\n"
        "Subject: =?UTF-8?B?6YWN5L+h5LiN6IO9?=\n"
        "Content-Type: text/plain; charset=UTF-8\n\n"
        "ana@example.jp\n"
        "\xe5\xad\x98\xe5\x9c\xa8\xe3\x81\x97\xe3\x81\xbe\xe3\x81"
        "\x9b\xe3\x82\x93\n",
        DSN_HARD, "", "ana@example.jp", NULL, 0},
};

/* joined - r's recipients as "a,b". */
static void
joined(const struct dsn_result *r, char *out, size_t n)
{
	size_t i, o = 0;

	out[0] = '\0';
	for (i = 0; i < r->n_rcpt && o < n; i++)
		o += (size_t)snprintf(
		    out + o, n - o, "%s%s", i > 0 ? "," : "", r->rcpt[i]);
}

static void
status_kinds(void)
{
	T_INT("status 5.1.1", dsn_status_kind("5.1.1"), DSN_HARD);
	T_INT("status 4.4.1", dsn_status_kind("4.4.1"), DSN_SOFT);
	T_INT("status 5.2.2", dsn_status_kind("5.2.2"), DSN_SOFT);
	T_INT("status 5.2.3", dsn_status_kind("5.2.3"), DSN_SOFT);
	T_INT("status 5.2.22", dsn_status_kind("5.2.22"), DSN_HARD);
	T_INT(
	    "status 5.7.1 (text)", dsn_status_kind("5.7.1 (denied)"), DSN_HARD);
	T_INT("status 2.0.0", dsn_status_kind("2.0.0"), DSN_NONE);
	T_INT("status 5.1", dsn_status_kind("5.1"), DSN_NONE);
	T_INT("status 5.1.1234", dsn_status_kind("5.1.1234"), DSN_NONE);
	T_INT("status 6.1.1", dsn_status_kind("6.1.1"), DSN_NONE);
	T_INT("status empty", dsn_status_kind(""), DSN_NONE);
	T_INT("status NULL", dsn_status_kind(NULL), DSN_NONE);
	T_STR("kind name hard", dsn_kind_name(DSN_HARD), "hard");
	T_STR("kind name autoreply", dsn_kind_name(DSN_AUTOREPLY), "autoreply");
	T_STR("kind name complaint", dsn_kind_name(DSN_COMPLAINT), "complaint");
}

/* replies - an SMTP refusal read as a DSN (dsn_from_reply). */
static void
replies(void)
{
	struct dsn_result r;

	dsn_from_reply(550, "550 5.1.1 <ana@example.org>: User unknown",
	    "Ana@example.org", &r);
	T_STR("reply 550 5.1.1: kind", dsn_kind_name(r.kind), "hard");
	T_STR("reply 550 5.1.1: status", r.status, "5.1.1");
	T_STR("reply 550 5.1.1: rcpt", r.n_rcpt == 1 ? r.rcpt[0] : "",
	    "ana@example.org");
	T_STR("reply 550 5.1.1: diag", r.diag,
	    "550 5.1.1 <ana@example.org>: User unknown");
	dsn_result_release(&r);
	dsn_from_reply(552, "552 Mailbox over quota", "ana@example.org", &r);
	T_STR("reply 552: kind", dsn_kind_name(r.kind), "soft");
	T_STR("reply 552: status", r.status, "5.2.2");
	dsn_result_release(&r);
	dsn_from_reply(554, "554 denied", "ana@example.org", &r);
	T_STR("reply 554 bare: status", r.status, "5.0.0");
	T_STR("reply 554 bare: kind", dsn_kind_name(r.kind), "hard");
	dsn_result_release(&r);
}

int
main(void)
{
	struct dsn_result r;
	struct msg *m;
	char got[1024], name[256];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct dcase *c = &cases[i];

		if (mime_parse(c->raw, strlen(c->raw), NULL, &m, NULL) != 0) {
			T_OK(c->name, false);
			continue;
		}
		T_INT(c->name, dsn_classify(m, &r), 0);
		snprintf(name, sizeof name, "%s: kind", c->name);
		T_STR(name, dsn_kind_name(r.kind), dsn_kind_name(c->kind));
		snprintf(name, sizeof name, "%s: status", c->name);
		T_STR(name, r.status, c->status);
		joined(&r, got, sizeof got);
		snprintf(name, sizeof name, "%s: recipients", c->name);
		T_STR(name, got, c->rcpts);
		snprintf(name, sizeof name, "%s: rfc3464", c->name);
		T_INT(name, r.rfc3464, c->rfc3464);
		if (c->diag != NULL) {
			snprintf(name, sizeof name, "%s: diag", c->name);
			T_STR(name, r.diag, c->diag);
		}
		dsn_result_release(&r);
		msg_free(m);
	}
	T_INT("NULL message", dsn_classify(NULL, &r), E_PARSE);
	T_INT("NULL message: kind", r.kind, DSN_NONE);
	dsn_result_release(&r);
	dsn_result_release(NULL);
	status_kinds();
	replies();
	return t_done();
}

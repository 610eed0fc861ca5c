/*
 * t_trim.c - reply trimming on hand-written messages, one per quoting
 * style.  Each case gives the body, the options, the text we want and
 * the flags that must be set; quoted is checked where it matters.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "buf.h"
#include "err.h"
#include "t.h"
#include "trim.h"

#define BIG_LINE (1024 * 1024)

struct tcase {
	const char *name;
	const char *in;
	unsigned opts;
	const char *want;
	unsigned flags; /* must all be set */
};

static const struct tcase cases[] = {
    {"gmail-en",
        "Thanks, that fixed it.\n\nOn Tue, 5 Mar 2024 at 10:00, Jörg Müller "
        "<j@example.org> wrote:\n> Try restarting the daemon.\n> \n",
        0, "Thanks, that fixed it.", TRIM_F_QUOTE},
    {"gmail-wrapped",
        "Sounds good.\n\nOn Tue, Mar 5, 2024 at 10:00 AM Jörg Müller <\n"
        "joerg.mueller@example.org> wrote:\n\n> See you then.\n",
        0, "Sounds good.", TRIM_F_QUOTE},
    {"wrapped-before-wrote",
        "Yes.\n\nOn 05/03/2024 10:00, Jörg Müller <j@example.org>\nwrote:\n"
        "> Is it Tuesday?\n",
        0, "Yes.", TRIM_F_QUOTE},
    {"thunderbird", "Agreed.\n\nOn 05/03/2024 10:00, Jorg wrote:\n> Ship it?\n",
        0, "Agreed.", TRIM_F_QUOTE},
    {"german",
        "Danke!\n\nAm 05.03.2024 um 10:00 schrieb Jörg Müller:\n> Hallo\n", 0,
        "Danke!", TRIM_F_QUOTE},
    {"french",
        "Merci.\n\nLe mar. 5 mars 2024 à 10:00, Jean Dupont <jean@example.fr> "
        "a écrit :\n> Bonjour\n",
        0, "Merci.", TRIM_F_QUOTE},
    {"spanish",
        "Gracias.\n\nEl mar, 5 mar 2024 a las 10:00, Juan Pérez "
        "(<juan@example.es>) escribió:\n> Hola\n",
        0, "Gracias.", TRIM_F_QUOTE},
    {"italian",
        "Grazie.\n\nIl giorno mar 5 mar 2024 alle ore 10:00 Mario Rossi "
        "<mario@example.it> ha scritto:\n> Ciao\n",
        0, "Grazie.", TRIM_F_QUOTE},
    {"dutch",
        "Bedankt.\n\nOp di 5 mrt 2024 om 10:00 schreef Jan Jansen "
        "<jan@example.nl>:\n> Hoi\n",
        0, "Bedankt.", TRIM_F_QUOTE},
    {"portuguese",
        "Obrigado.\n\nEm ter., 5 de mar. de 2024 às 10:00, João Silva "
        "<joao@example.pt> escreveu:\n> Olá\n",
        0, "Obrigado.", TRIM_F_QUOTE},
    {"swedish",
        "Tack.\n\nDen 5 mars 2024 kl. 10:00 skrev Sven Svensson "
        "<sven@example.se>:\n> Hej\n",
        0, "Tack.", TRIM_F_QUOTE},
    {"polish",
        "Dzięki.\n\nW dniu 5.03.2024 o 10:00, Jan Kowalski <jan@example.pl> "
        "napisał(a):\n> Cześć\n",
        0, "Dzięki.", TRIM_F_QUOTE},
    {"japanese",
        "了解しました。\n\n2024年3月5日(火) 10:00 山田太郎 <taro@example.jp>:\n"
        "> こんにちは\n",
        0, "了解しました。", TRIM_F_QUOTE},
    {"chinese",
        "好的，谢谢。\n\n在 2024年3月5日 10:00，张三 <zhang@example.cn> 写道：\n"
        "> 你好\n",
        0, "好的，谢谢。", TRIM_F_QUOTE},
    {"unquoted-original-after-attribution",
        "See below.\n\nOn Tue, 5 Mar 2024 at 10:00, Ana <ana@example.org> "
        "wrote:\nThe original text, not quoted.\n",
        0, "See below.", TRIM_F_ORIGINAL},
    {"outlook-original-message",
        "Top-posted answer.\n\n-----Original Message-----\nFrom: Ana "
        "<ana@example.org>\nSent: Tuesday, March 5, 2024 10:00 AM\nTo: "
        "learn@example.org\nSubject: Question\n\nThe question.\n",
        0, "Top-posted answer.", TRIM_F_ORIGINAL},
    {"outlook-header-block",
        "Top-posted answer.\n\n________________________________\nFrom: Ana "
        "<ana@example.org>\nSent: Tuesday, March 5, 2024 10:00 AM\nTo: "
        "learn@example.org\nSubject: Question\n\nThe question.\n",
        0, "Top-posted answer.", TRIM_F_ORIGINAL},
    {"outlook-german",
        "Passt.\n\nVon: Ana <ana@example.org>\nGesendet: Dienstag, 5. März "
        "2024 10:00\nAn: learn@example.org\nBetreff: Frage\n\nDie Frage.\n",
        0, "Passt.", TRIM_F_ORIGINAL},
    {"outlook-french",
        "D'accord.\n\nDe : Ana <ana@example.org>\nEnvoyé : mardi 5 mars 2024 "
        "10:00\nÀ : learn@example.org\nObjet : Question\n\nLa question.\n",
        0, "D'accord.", TRIM_F_ORIGINAL},
    {"schedule-not-a-header-block",
        "Office hours:\nFrom: 9am\nTo: 5pm\n\nSee you.\n", 0,
        "Office hours:\nFrom: 9am\nTo: 5pm\n\nSee you.", 0},
    {"original-message-german",
        "Ja.\n\n-----Ursprüngliche Nachricht-----\nVon: Ana\n\nText\n", 0,
        "Ja.", TRIM_F_ORIGINAL},
    {"forwarded",
        "FYI, see below.\n\n---------- Forwarded message ---------\nFrom: Ana "
        "<ana@example.org>\nDate: Tue, Mar 5, 2024\nSubject: News\n\nBody.\n",
        0, "FYI, see below.", TRIM_F_FORWARD},
    {"apple-forward",
        "Look at this.\n\nBegin forwarded message:\n\nFrom: Ana\n\nBody.\n", 0,
        "Look at this.", TRIM_F_FORWARD},
    {"our-marker",
        "My answer.\n\n## Reply above this line ##\n\nNew post in learn: ...\n",
        0, "My answer.", TRIM_F_MARKER},
    {"signature", "Here is the fix.\n\n-- \nAna Lima\nExample Corp\n", 0,
        "Here is the fix.", TRIM_F_SIGNATURE},
    {"signature-kept",
        "Here is the fix.\n\n-- \nAna Lima\n\nOn Tue, 5 Mar 2024 at 10:00, "
        "Bo <bo@example.org> wrote:\n> Broken?\n",
        TRIM_KEEP_SIGNATURE, "Here is the fix.\n\n--\nAna Lima", TRIM_F_QUOTE},
    {"mobile-iphone", "Yes, Thursday works.\n\nSent from my iPhone\n", 0,
        "Yes, Thursday works.", TRIM_F_SIGNATURE},
    {"mobile-android",
        "OK.\n\nSent from my Android\n\nOn Tue, 5 Mar 2024 at 10:00, Bo "
        "<bo@example.org> wrote:\n> Thursday?\n",
        0, "OK.", TRIM_F_SIGNATURE | TRIM_F_QUOTE},
    {"mobile-outlook-ios", "Fine.\n\nGet Outlook for iOS\n", 0, "Fine.",
        TRIM_F_SIGNATURE},
    {"mobile-german", "Gut.\n\nVon meinem iPhone gesendet\n", 0, "Gut.",
        TRIM_F_SIGNATURE},
    {"sent-from-sentence",
        "Sent from my desk, which is easier than my phone.\n", 0,
        "Sent from my desk, which is easier than my phone.", 0},
    {"inline-reply",
        "On Tue, 5 Mar 2024 at 10:00, Bo <bo@example.org> wrote:\n"
        "> Which port?\n\n8080.\n\n> And the host?\n\nlocalhost.\n",
        0, "8080.\n\nlocalhost.", TRIM_F_QUOTE},
    {"all-quoted-fallback", "> only a quote\n> nothing new\n", 0,
        "> only a quote\n> nothing new", TRIM_F_FALLBACK},
    {"false-positive-on-the-other-hand",
        "On the other hand, I wrote: nothing.\nStill thinking.\n", 0,
        "On the other hand, I wrote: nothing.\nStill thinking.", 0},
    {"crlf", "Line one\r\nLine two   \r\n\r\n> quoted\r\n", 0,
        "Line one\nLine two", TRIM_F_QUOTE},
    {"invalid-utf8", "caf\xe9 ok\xff\xfe\n\n> q\n", 0,
        "caf\xef\xbf\xbd ok\xef\xbf\xbd\xef\xbf\xbd",
        TRIM_F_INVALID | TRIM_F_QUOTE},
    {"nul-byte", "a\0b\n", 0,
        "a\xef\xbf\xbd"
        "b",
        TRIM_F_INVALID},
    /* The classes of misses of issue 11 (more in tests/corpora/classes). */
    {"split-after-lt-ru",
        "Готово.\n\n6 марта 2024 г., в 9:15, пользователь \"Ольга\" <\n"
        "olga@example.ru> написал:\n> Уже готово?\n",
        0, "Готово.", TRIM_F_QUOTE},
    {"date-name-only",
        "Noted.\n\nWed, 6 Mar 2024 09:15, Olga Ivanova:\n> Is it done?\n", 0,
        "Noted.", TRIM_F_QUOTE},
    {"trailing-decoration", "Noted.\n\n~~~~~~\n#####\n", 0, "Noted.",
        TRIM_F_SIGNATURE},
    {"forwarded-colon",
        "See below.\n\nForwarded message:\nFrom: Olga <o@example.org>\n", 0,
        "See below.", TRIM_F_FORWARD},
    {"signoff-polish", "Gotowe.\n\nZ poważaniem\nOlga Nowak\n", 0, "Gotowe.",
        TRIM_F_SIGNATURE},
    {"dash-nbsp", "Done.\n\n--\xc2\xa0\nOlga\n", 0, "Done.", TRIM_F_SIGNATURE},
    {"outlook-spaced-ru",
        "Да.\n\nОт: Ольга\n\nОтправлено: 6 марта 2024 г. 9:15\n\n"
        "Кому: learn@example.org\n\nГотово?\n",
        0, "Да.", TRIM_F_ORIGINAL},
    {"slash-name", "Done.\n\n/Olga\n", 0, "Done.", TRIM_F_SIGNATURE},
    {"slash-path-kept", "It is in\n/var/lib/stoa\n", 0,
        "It is in\n/var/lib/stoa", 0},
    {"empty", "", 0, "", 0},
    {"blank", "  \n\t\n", 0, "", 0},
};

static void
run_case(struct trimmer *t, const struct tcase *c)
{
	struct trim_result r;
	size_t len = strlen(c->in);
	char name[128];
	int rc;

	if (strcmp(c->name, "nul-byte") == 0)
		len = 4;
	rc = trim_reply(t, c->in, len, c->opts, &r);
	T_INT(c->name, rc, 0);
	if (rc != 0)
		return;
	T_STR(c->name, r.text, c->want);
	snprintf(name, sizeof(name), "%s flags %#x", c->name, r.flags);
	T_OK(name, (r.flags & c->flags) == c->flags);
	snprintf(name, sizeof(name), "%s valid utf-8", c->name);
	T_OK(name, utf8_valid(r.text, strlen(r.text)));
	trim_result_release(&r);
}

/*
 * many_attributions - an inline reply long enough for the patterns to
 * be JIT-compiled on the way (JIT_AFTER attempts).
 */
static void
many_attributions(struct trimmer *t)
{
	struct buf b = BUF_INIT(1024 * 1024);
	struct buf want = BUF_INIT(1024 * 1024);
	struct trim_result r;
	int i;

	for (i = 0; i < 600; i++) {
		buf_addf(&b,
		    "Answer %d.\n\nOn 5 Mar 2024, Bob <b@x.org> "
		    "wrote:\n> Question %d?\n\n",
		    i, i);
		buf_addf(&want, "%sAnswer %d.", i > 0 ? "\n\n" : "", i);
	}
	T_INT("many rc", trim_reply(t, b.data, b.len, 0, &r), 0);
	T_STR("many text", r.text, buf_cstr(&want));
	trim_result_release(&r);
	buf_release(&b);
	buf_release(&want);
}

int
main(void)
{
	struct trimmer *t = NULL;
	struct buf why = BUF_INIT(512);
	struct trim_result r;
	size_t i;
	char *big;

	T_INT("trimmer_new", trimmer_new(&t, &why), 0);
	if (t == NULL) {
		printf("why: %s\n", buf_cstr(&why));
		return t_done();
	}
	/* Lazily compiled first, then all compiled (and some JIT-compiled
	 * by the long body below): the same results. */
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(t, &cases[i]);
	many_attributions(t);
	T_INT("trimmer_compile_all", trimmer_compile_all(t, &why), 0);
	T_STR("compile_all why", buf_cstr(&why), "");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(t, &cases[i]);

	/* What was removed goes to quoted, in order. */
	T_INT("quoted rc",
	    trim_reply(t, "New.\n\n> old 1\n> old 2\n", 22, 0, &r), 0);
	T_STR("quoted", r.quoted, "> old 1\n> old 2");
	trim_result_release(&r);
	T_INT("fallback quoted rc", trim_reply(t, "> a\n", 4, 0, &r), 0);
	T_STR("fallback quoted empty", r.quoted, "");
	trim_result_release(&r);

	/* A 1 MB line starting with "On " once took seconds (unbounded
	 * address pattern); it must come back unchanged, and quickly. */
	big = malloc(BIG_LINE + 4);
	if (big != NULL) {
		memcpy(big, "On ", 3);
		memset(big + 3, 'x', BIG_LINE);
		big[BIG_LINE + 3] = '\0';
		T_INT(
		    "big line rc", trim_reply(t, big, BIG_LINE + 3, 0, &r), 0);
		T_OK("big line kept",
		    r.text != NULL && strcmp(r.text, big) == 0);
		trim_result_release(&r);
		free(big);
	}

	/* Over the size limit: refused before the body is read. */
	T_INT("too large",
	    trim_reply(t, "x", (size_t)DEF_MESSAGE_BYTES + 1, 0, &r), E_LIMIT);
	T_OK("too large leaves NULL", r.text == NULL && r.quoted == NULL);
	trim_result_release(&r);
	trim_result_release(NULL);

	trimmer_free(t);
	trimmer_free(NULL);
	buf_release(&why);
	return t_done();
}

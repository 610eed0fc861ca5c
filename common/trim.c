/*
 * trim.c - reply trimming: the only user of pcre2.
 *
 * How it works.  The body is first normalised into one owned buffer:
 * CRLF and lone CR become LF, NUL and every byte that is not part of a
 * well-formed UTF-8 sequence become U+FFFD.  Everything after that sees
 * valid UTF-8 (the patterns are still compiled with
 * PCRE2_MATCH_INVALID_UTF, as STACK-NOTES §4 asks, so a bug here cannot
 * turn into a match error).
 *
 * The normalised text is cut into lines and each line gets a kind:
 *
 *   L_TEXT   new text (kept)
 *   L_QUOTE  removed: a `>` line, or an attribution and the blank lines
 *            between it and its `>` block
 *   L_CUT    removed: from a cut point to the end (unquoted original)
 *   L_SIG    removed: a signature at the end of the kept text
 *
 * Lines are classified top-down in one pass.  Cheap byte tests come
 * first (`>`, blank, our marker); the patterns run only on the other
 * lines, always anchored at the start of the line, on a subject that
 * ends with the line (or with the 1-3 line window of an attribution), so
 * the cost is linear in the body.  An attribution that is followed by a
 * `>` block is just part of that quote; one that is not, and that holds a
 * digit or an '@' (a date or an address: "On the other hand, I wrote:"
 * has neither), cuts to the end.  An Outlook header block is a From-like
 * line with at least two more header lines (or one, when it starts with
 * From) in the same paragraph; a separator line just above it ("____",
 * "-----") is cut too.
 *
 * Signatures are looked for last, among the kept lines: the first "-- ",
 * "--", "__..." or mobile line ("Sent from my iPhone") that has at most
 * SIG_MAX_LINES kept non-blank lines after it and some kept text before
 * it.  Finally the kept lines are joined (trailing whitespace removed,
 * runs of blank lines where a quote was removed collapsed to one), and the
 * removed lines are joined into quoted.  When nothing is left the whole
 * normalised body is returned with TRIM_F_FALLBACK.
 *
 * Cost.  Each pattern has a prefilter (a required byte, its first word,
 * its first characters) and is compiled only when a line passes it, and
 * JIT-compiled only after JIT_AFTER attempts; a short reply compiles one
 * or two patterns, where compiling and JIT-compiling all of them cost the
 * hook 42% of its instructions.
 *
 * Invariants: a prefilter is false only when its pattern cannot match;
 * the trimmer caches compiled patterns (one per thread); match data is
 * per call.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "bounds.h"
#include "buf.h"
#include "err.h"
#include "trim.h"
#include "xmalloc.h"

#define MATCH_LIMIT    200000 /* pcre2 match() calls per attempt */
#define DEPTH_LIMIT    2000   /* backtracking depth (interpreter only) */
#define SIG_MAX_LINES  12     /* kept non-blank lines after a "-- " */
#define MOBILE_MAX     3      /* kept non-blank lines after a mobile line */
#define ATTR_LINES     3      /* an attribution wraps over at most this */
#define HDR_SCAN       8      /* lines looked at after a From: line */
#define WRAP_MIN       60     /* a quoted line this long may have wrapped */
#define VALE_MAX       4      /* kept non-blank lines after "Regards," */
#define SLASH_NAME_MAX 40     /* bytes of a "/Anna Svensson" line */
#define FW_COLON       "\xef\xbc\x9a" /* U+FF1A, full-width colon */
#define HDR_WORD_MAX   64             /* bytes before the colon of "Subject:" */
#define JIT_AFTER      256 /* attempts of a pattern before JIT pays */

/*
 * Verbs of attribution lines, Latin scripts (need a word boundary before
 * them) and CJK (no word boundary between Han characters under UCP).
 */
#define VERBS_LATIN                                                            \
	"wrote|writes|sent|het\\s+volgende\\s+geschreven|schrieb|schreibt|"    \
	"schreef|a\\s+[ée]crit|escribi[óo]|ha\\s+scritto|scrisse|escreveu|"  \
	"escreve|skrev|skriver|kirjoitti|napisa[łl](?:\\(a\\)|a)?|pisze|"     \
	"написал(?:\\(а\\)|а)?|пишет|написав|написала|пише|đã\\s+viết|napsal|írta|yazdı|kirjutas"
#define VERBS_CJK "写道|寫道|書きました|のメッセージ|작성"
#define VERB      "(?:\\b(?:" VERBS_LATIN ")|(?:" VERBS_CJK "))"
/* Words (and a leading date) that start a possibly wrapped attribution. */
#define HEADS                                                                      \
	"On|Am|Le|El|Il|Op|Em|Den|På|W\\s+dniu|Dnia|Vào|Dne|Il\\s+giorno|"       \
	"In\\s+data|Citando|Quoting|Zitat\\s+von|В|Στις|Kl\\.|man\\.|tir\\.|" \
	"ons\\.|tor\\.|fre\\.|lør\\.|søn\\.|\\d{1,4}[./-]\\d{1,2}[./-]\\d{1,4}|" \
	"\\p{L}{2,4}\\.?,?\\s+\\d{1,4}(?=[\\s.,])"
/* A Gmail date ("2011/4/7", "2014-10-17") at the start of the line. */
#define LEAD_DATE                                                              \
	"\\d{4}[./-]\\d{1,2}[./-]\\d{1,2}|\\d{1,2}[./-]\\d{1,2}[./-]\\d{4}"
/* An address (bounded, RFC 5321: 254): <a@b>, maybe wrapped, or bare. */
#define ADDR                                                                   \
	"(?:<\\n?[^\\s<>]{1,254}@[^\\s<>]{1,254}\\n?[ \\t]*>|"                 \
	"\\(?[^\\s<>()]{1,254}@[^\\s<>()]{1,254}\\)?)"

/* Names of "-----Original Message-----" style separators. */
#define ORIG_NAMES                                                                                  \
	"Original\\s+Message|Reply\\s+Message|Ursprüngliche\\s+Nachricht|"                         \
	"Originalnachricht|Antwort\\s+Nachricht|Message\\s+d'origine|"                              \
	"Message\\s+original|Mensaje\\s+original|Messaggio\\s+originale|"                           \
	"Oorspronkelijk\\s+bericht|Origineel\\s+bericht|"                                           \
	"Mensagem\\s+original|Ursprungligt\\s+meddelande|"                                          \
	"Originalmeddelande|Oprindelig\\s+meddelelse|Oprindelig\\s+besked|"                         \
	"Original\\s+meddelelse|Opprinnelig\\s+melding|"                                            \
	"Wiadomo[śs][ćc]\\s+oryginalna|Oryginalna\\s+wiadomo[śs][ćc]|"                          \
	"Alkuperäinen\\s+viesti|Исходное\\s+сообщение|原始邮件|原始郵件|" \
	"元のメッセージ"
/* Names of forwarded-message separators. */
#define FWD_NAMES                                                              \
	"Forwarded\\s+message|Weitergeleitete\\s+Nachricht|"                   \
	"Message\\s+transf[ée]r[ée]|Mensaje\\s+reenviado|"                   \
	"Messaggio\\s+inoltrato|Doorgestuurd\\s+bericht|"                      \
	"Mensagem\\s+encaminhada|Vidarebefordrat\\s+meddelande|"               \
	"Videresendt\\s+meddelelse|Videresendt\\s+melding|"                    \
	"Przekazana\\s+wiadomo[śs][ćc]|Välitetty\\s+viesti|"                \
	"Пересылаемое\\s+сообщение|转发的邮件|転送されたメッセージ"

#define HDR_FROM_WORDS                                                           \
	"From|Von|De|Van|Da|Från|Fra|Od|Lähettäjä|Feladó|От|Kimden|Từ|" \
	"发件人|寄件者|差出人|보낸\\s+사람"
#define HDR_DATE_WORDS                                                                                \
	"Sent|Date|Gesendet|Datum|Envoy[ée]|Enviado|Enviada|Fecha|Inviato|"                          \
	"Data|Verzonden|Skickat|Sendt|Dato|Wysłano|Wysłane|Lähetetty|"                             \
	"Päivämäärä|Отправлено|Дата|Tarih|Ngày|Gửi|发送时间|时间|日期|" \
	"Message\\s+du|"                                                                              \
	"寄件日期|送信日時"
#define HDR_OTHER_WORDS                                                        \
	HDR_DATE_WORDS                                                         \
	"|To|Cc|Subject|An|Betreff|À|A|Objet|Sujet|Copie\\s+à|Para|Asunto|"  \
	"Assunto|Oggetto|Aan|Onderwerp|Till|Ämne|Til|Emne|Do|"                \
	"Temat|Vastaanottaja|Aihe|Кому|Тема|Kime|Konu|Đến|"         \
	"Tiêu\\s+đề|收件人|主题|收件者|主旨|宛先|件名"
#define HDR(words) "^[ \\t]*[*_]{0,2}(?:" words ")[ \\t]*[*_]{0,2}[ \\t]*[:：]"

enum pat {
	P_ATTR,        /* On ... wrote: (1-3 lines) */
	P_ATTR_NC,     /* On <date> Bob <b@x> wrote (no colon) */
	P_ATTR_DASH,   /* ---- Bob wrote ---- (Android) */
	P_ATTR_ADDR,   /* 2024-03-05 10:00 GMT Bob <b@x>: (Gmail, localised) */
	P_ATTR_WEAK,   /* 2011/4/7 Bob <b@x> (no colon: only before a quote) */
	P_DATE_NAME,   /* Tue, 5 Mar 2024 10:00, Bob: (only before a quote) */
	P_ORIG,        /* -----Original Message----- */
	P_FWD,         /* ---------- Forwarded message ---------- */
	P_HDR_FROM,    /* From: in an Outlook header block */
	P_HDR_DATE,    /* Sent:, Date: */
	P_HDR_OTHER,   /* Sent:, To:, Subject: ... */
	P_MOBILE,      /* Sent from my iPhone */
	P_VALEDICTION, /* Regards, */
	P_SPLIT,       /* "reply On ... wrote:" sharing one line */
	P_COUNT
};

/* rtrim_len - n without trailing spaces and tabs. */
static size_t
rtrim_len(const char *s, size_t n)
{
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return n;
}

/*
 * Prefilters.  Each pattern has a cheap test on its subject that is false
 * whenever the pattern cannot match: a required byte, the first
 * non-blank byte, or one of the words the pattern must start with.  Most
 * lines of a reply fail it, so most patterns are never compiled.
 */

/* lead - s[0..n) without leading blanks (and '*', '_' when bold). */
static const char *
lead(const char *s, size_t n, bool bold, size_t *rest)
{
	size_t i = 0;

	while (i < n &&
	    (s[i] == ' ' || s[i] == '\t' ||
	        (bold && (s[i] == '*' || s[i] == '_'))))
		i++;
	*rest = n - i;
	return s + i;
}

static bool
has_colon(const char *s, size_t n)
{
	const char *e = s + n;

	if (memchr(s, ':', n) != NULL)
		return true;
	while ((s = memchr(s, '\xef', (size_t)(e - s))) != NULL) {
		if (e - s >= 3 && memcmp(s, FW_COLON, 3) == 0)
			return true;
		s++;
	}
	return false;
}

static bool
has_at(const char *s, size_t n)
{
	return memchr(s, '@', n) != NULL;
}

static bool
has_at_colon(const char *s, size_t n)
{
	return has_at(s, n) && has_colon(s, n);
}

/* first_in - the first non-blank byte is one of set. */
static bool
first_in(const char *s, size_t n, const char *set)
{
	s = lead(s, n, false, &n);
	return n > 0 && strchr(set, s[0]) != NULL;
}

static bool
first_dash(const char *s, size_t n)
{
	return first_in(s, n, "-");
}

static bool
first_digit_at(const char *s, size_t n)
{
	return first_in(s, n, "0123456789") && has_at(s, n);
}

/* has_time - "10:00", "10.00": a digit, ':' or '.', two digits. */
static bool
has_time(const char *s, size_t n)
{
	size_t i;

	for (i = 1; i + 2 < n; i++)
		if ((s[i] == ':' || s[i] == '.') &&
		    isdigit((unsigned char)s[i - 1]) &&
		    isdigit((unsigned char)s[i + 1]) &&
		    isdigit((unsigned char)s[i + 2]))
			return true;
	return false;
}

/*
 * starts_word - s starts with one of words (ASCII letters case-folded),
 * and no ASCII letter follows it ("Met" is not "Metrics").
 */
static bool
starts_word(const char *s, size_t n, const char *const *words)
{
	const char *w;
	size_t k;

	for (; *words != NULL; words++) {
		w = *words;
		for (k = 0; w[k] != '\0' && k < n; k++)
			if (tolower((unsigned char)s[k]) !=
			    tolower((unsigned char)w[k]))
				break;
		if (w[k] == '\0' && (k == n || !isalpha((unsigned char)s[k])))
			return true;
	}
	return false;
}

/* rule_then_text - "---- Name ----": two rule bytes, then some text. */
static bool
rule_then_text(const char *s, size_t n)
{
	size_t i;

	s = lead(s, n, false, &n);
	if (n < 3 || strchr("-_=*", s[0]) == NULL ||
	    strchr("-_=*", s[1]) == NULL)
		return false;
	for (i = 2; i < n; i++)
		if (strchr("-_=*: \t", s[i]) == NULL)
			return true;
	return false;
}

/* dashed_text - "---- Bob wrote ----": dashes, text, dashes. */
static bool
dashed_text(const char *s, size_t n)
{
	n = rtrim_len(s, n);
	return n > 0 && s[n - 1] == '-' && first_dash(s, n) &&
	    rule_then_text(s, n);
}

static bool
maybe_forward(const char *s, size_t n)
{
	static const char *const w[] = {"Begin", "Anfang", "Début", "Debut",
	    "Inicio", "Forwarded", "Weitergeleitete", "Message", "Mensaje",
	    "Messaggio", "Doorgestuurd", "Mensagem", "Vidarebefordrat",
	    "Videresendt", "Przekazana", "Välitetty", "Пересылаемое",
	    "转发的邮件", "転送されたメッセージ", NULL};

	if (rule_then_text(s, n))
		return true;
	s = lead(s, n, false, &n);
	return starts_word(s, n, w);
}

/*
 * maybe_header - "Subject:", "*Von:*", "Lähettäjä :": only letters,
 * blanks, '*' and '_' before the colon.
 */
static bool
maybe_header(const char *s, size_t n)
{
	size_t i;

	s = lead(s, n, true, &n);
	if (n > HDR_WORD_MAX)
		n = HDR_WORD_MAX;
	if (!has_colon(s, n))
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] == ':' ||
		    (n - i >= 3 && memcmp(s + i, FW_COLON, 3) == 0))
			return i > 0;
		if (!isalpha((unsigned char)s[i]) && (s[i] & 0x80) == 0 &&
		    strchr(" \t*_", s[i]) == NULL)
			return false;
	}
	return false;
}

static bool
maybe_mobile(const char *s, size_t n)
{
	static const char *const w[] = {"Sent", "Get", "Envoyé", "Envoye",
	    "Von", "Gesendet", "Enviado", "Inviato", "Verzonden", "Verstuurd",
	    "Skickat", "Sendt", "Wysłane", "Lähetetty", "Отправлено",
	    "отправлено", "发自我的", "寄自我的", "從我的", NULL};

	s = lead(s, n, false, &n);
	return starts_word(s, n, w);
}

static bool
maybe_valediction(const char *s, size_t n)
{
	static const char *const w[] = {"best", "kind", "warm", "warmest",
	    "many", "regards", "Mit", "Viele", "MfG", "Cordialement", "Bien",
	    "Saludos", "Cordiali", "Met", "Med", "Pozdrawiam", "Atenciosamente",
	    "Com", "Venlig", "Venlige", "Vennlig", "Hilsen", "Hilsner", "Kh",
	    "Mvh", "Vh", "Kærlig", "Mange", "Z", "Pozdrowienia", "Serdecznie",
	    NULL};

	s = lead(s, n, false, &n);
	return starts_word(s, n, w);
}

static const struct {
	const char *name;
	const char *re;
	bool (*maybe)(const char *s, size_t n); /* false: cannot match */
} pattern_table[P_COUNT] = {
    [P_ATTR] = {"attribution",
        "^[ \\t]*(?:(?:" HEADS ")\\b[^\\n]{0,300}?"
        "(?:\\n(?![ \\t]*>)[^\\n]{0,300}?){0,2}|"
        "[^\\n>][^\\n]{0,300}?(?:<\\n[^\\n]{0,300}?)?)" VERB
        "[^\\n:：]{0,200}?(?:\\n[ \\t]*>)?[:：][ \\t]*$",
        has_colon},
    [P_ATTR_NC] = {"attribution-no-colon",
        "^[ \\t]*(?:" HEADS ")\\b[^\\n]{0,300}?" ADDR "[ \\t]*" VERB "[ \\t]*$",
        has_at},
    [P_ATTR_DASH] = {"attribution-dashes",
        "^[ \\t]*-{2,}[ \\t]*[^\\n]{1,300}?" VERB
        "[ \\t]*[:：]?[ \\t]*-{2,}[ \\t]*$",
        dashed_text},
    [P_ATTR_ADDR] = {"attribution-address",
        "^(?=[^\\n]*\\d{1,2}[:.h]\\d{2})[ \\t]*[^\\n>][^\\n]{0,300}?" ADDR
        "\\)?[ \\t]*[:：][ \\t]*$",
        has_at_colon},
    [P_ATTR_WEAK] = {"attribution-date-address",
        "^[ \\t]*(?:" LEAD_DATE ")[^\\n]{0,300}?" ADDR "[ \\t]*$",
        first_digit_at},
    [P_DATE_NAME] = {"date-name",
        "^[ \\t]*(?:\\p{L}{2,9}\\.?,?[ \\t]+)?\\d{1,4}[^\\n]{0,60}?"
        "\\d{1,2}[:.]\\d{2}(?:[:.]\\d{2})?[^\\n]{0,40}?[ \\t,]"
        "\\p{L}[\\p{L}'.-]*(?:[ \\t]+\\p{L}[\\p{L}'.-]*){0,3}"
        "[ \\t]*[:：]?[ \\t]*$",
        has_time},
    [P_ORIG] = {"original-message",
        "^[ \\t]*[-_=*]{2,}[ \\t]*(?:" ORIG_NAMES ")[ \\t]*[-_=*:]*[ \\t]*$",
        rule_then_text},
    [P_FWD] = {"forwarded-message",
        "^[ \\t]*(?:[-_=*]{2,}[ \\t]*(?:" FWD_NAMES ")[ \\t]*[-_=*:]*"
        "|(?:" FWD_NAMES ")[ \\t]*[:：]"
        "|Begin\\s+forwarded\\s+message:?"
        "|Anfang\\s+der\\s+weitergeleiteten\\s+Nachricht:?"
        "|D[ée]but\\s+du\\s+message\\s+r[ée]exp[ée]di[ée]\\s*:?"
        "|Inicio\\s+del\\s+mensaje\\s+reenviado:?)[ \\t]*$",
        maybe_forward},
    [P_HDR_FROM] = {"header-from", HDR(HDR_FROM_WORDS), maybe_header},
    [P_HDR_DATE] = {"header-date", HDR(HDR_DATE_WORDS), maybe_header},
    [P_HDR_OTHER] = {"header-other", HDR(HDR_OTHER_WORDS), maybe_header},
    [P_MOBILE] = {"mobile-signature",
        "^[ \\t]*(?:(?:Sent\\s+from|Sent\\s+with|Sent\\s+using|Sent\\s+via|"
        "Get\\s+Outlook\\s+for|Envoy[ée]\\s+de|Envoy[ée]\\s+depuis|"
        "Envoy[ée]\\s+à\\s+partir\\s+de|Envoy[ée]\\s+avec|Von\\s+meinem|"
        "Gesendet\\s+von|Gesendet\\s+mit|Enviado\\s+desde|Enviado\\s+de|"
        "Enviado\\s+do|Enviado\\s+con|Inviato\\s+da|Inviato\\s+dal|"
        "Verzonden\\s+met|Verzonden\\s+vanaf|Verstuurd\\s+vanaf|"
        "Skickat\\s+från|Sendt\\s+fra|Wysłane\\s+z|Lähetetty|"
        "Отправлено\\s+с)\\b|发自我的|寄自我的|從我的)[^\\n,;!]{0,100}$",
        maybe_mobile},
    [P_SPLIT] = {"shared-line",
        "^(?![ \\t]*(?:" HEADS ")\\b)[^\\n]*?[^\\s-][ \\t]*-*[ \\t]*"
        "(?=(?-i:On|Am|Le|El|Il|Op|Em|Den|W\\s+dniu)\\s[^\\n]{0,300}?" VERB
        "[^\\n:：]{0,200}?[:：][ \\t]*$)",
        has_colon},
    [P_VALEDICTION] = {"valediction",
        "^[ \\t]*(?:(?:(?:best|kind|warm|warmest|many)\\s+)?regards|"
        "Mit\\s+freundlichen\\s+Grü(?:ß|ss)en|Viele\\s+Grü(?:ß|ss)e|MfG|"
        "Cordialement|Bien\\s+cordialement|Saludos(?:\\s+cordiales)?|"
        "Cordiali\\s+saluti|Met\\s+vriendelijke\\s+groet(?:en)?|"
        "Med\\s+vänliga\\s+hälsningar|Pozdrawiam(?:\\s+serdecznie)?|"
        "Atenciosamente|"
        "(?:Med\\s+)?(?:venlig|venlige|vennlig)\\s+hilsen|"
        "(?:Kærlig|Mange|Venlige)\\s+hilsner|Kærlig\\s+hilsen|Hilsen|"
        "Hilsner|Kh|Mvh|Vh|Z\\s+poważaniem|Z\\s+pozdrowieniami|"
        "Pozdrowienia|Serdecznie\\s+pozdrawiam|"
        "Com\\s+os\\s+melhores\\s+cumprimentos)[ \\t]*[,.!]?[ \\t]*$",
        maybe_valediction},
};

struct trimmer {
	pcre2_code *re[P_COUNT]; /* NULL until first needed */
	bool broken[P_COUNT];    /* did not compile: never matches */
	unsigned tries[P_COUNT]; /* match attempts, for JIT_AFTER */
	pcre2_match_context *mctx;
};

enum line_kind { L_TEXT, L_QUOTE, L_CUT, L_SIG };

struct line {
	size_t off;  /* into the normalised text */
	size_t len;  /* without the LF */
	size_t keep; /* bytes at the start kept as text when removed */
	enum line_kind kind;
};

int
trimmer_new(struct trimmer **out, struct buf *why)
{
	struct trimmer *t;

	*out = NULL;
	t = xcalloc(1, sizeof(*t));
	t->mctx = pcre2_match_context_create(NULL);
	if (t->mctx == NULL) {
		if (why != NULL)
			buf_addf(why, "trim: out of memory");
		trimmer_free(t);
		return E_NOMEM;
	}
	pcre2_set_match_limit(t->mctx, MATCH_LIMIT);
	pcre2_set_depth_limit(t->mctx, DEPTH_LIMIT);
	*out = t;
	return 0;
}

/*
 * compile - compile pattern p unless done; false when it does not
 * compile (a bug: the reason goes to why when not NULL).
 */
static bool
compile(struct trimmer *t, enum pat p, struct buf *why)
{
	PCRE2_UCHAR msg[160];
	PCRE2_SIZE erroff;
	int errcode;
	const uint32_t flags = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_UCP |
	    PCRE2_MULTILINE | PCRE2_CASELESS | PCRE2_ANCHORED;

	if (t->re[p] != NULL)
		return true;
	if (t->broken[p])
		return false;
	t->re[p] = pcre2_compile((PCRE2_SPTR)pattern_table[p].re,
	    PCRE2_ZERO_TERMINATED, flags, &errcode, &erroff, NULL);
	if (t->re[p] != NULL)
		return true;
	t->broken[p] = true;
	pcre2_get_error_message(errcode, msg, sizeof(msg));
	if (why != NULL)
		buf_addf(why, "trim pattern %s at %zu: %s",
		    pattern_table[p].name, (size_t)erroff, (const char *)msg);
	return false;
}

int
trimmer_compile_all(struct trimmer *t, struct buf *why)
{
	int i;

	for (i = 0; i < P_COUNT; i++)
		if (!compile(t, (enum pat)i, why))
			return E_CONFIG;
	return 0;
}

void
trimmer_free(struct trimmer *t)
{
	int i;

	if (t == NULL)
		return;
	for (i = 0; i < P_COUNT; i++)
		pcre2_code_free(t->re[i]); /* NULL is fine */
	pcre2_match_context_free(t->mctx);
	free(t);
}

void
trim_result_release(struct trim_result *r)
{
	if (r == NULL)
		return;
	free(r->text);
	free(r->quoted);
	r->text = NULL;
	r->quoted = NULL;
	r->flags = 0;
}

/*
 * match - does pattern p match s[0..n) at its start?  *end gets the end
 * offset of the match.  The prefilter runs first; the pattern is compiled
 * on first need and JIT-compiled once it has been tried JIT_AFTER times
 * (a long body: for a short one the JIT costs more than it saves).
 * Errors, including the match and depth limits, count as no match.
 */
static bool
match(struct trimmer *t, pcre2_match_data *md, enum pat p, const char *s,
    size_t n, size_t *end)
{
	PCRE2_SIZE *ov;
	int rc;

	if (!pattern_table[p].maybe(s, n) || !compile(t, p, NULL))
		return false;
	if (++t->tries[p] == JIT_AFTER)
		(void)pcre2_jit_compile(t->re[p], PCRE2_JIT_COMPLETE);
	rc = pcre2_match(t->re[p], (PCRE2_SPTR)s, n, 0, 0, md, t->mctx);
	if (rc <= 0)
		return false;
	if (end != NULL) {
		ov = pcre2_get_ovector_pointer(md);
		*end = ov[1];
	}
	return true;
}

/*
 * normalise - LF line ends, U+FFFD for NUL and bad UTF-8.  Appends to b;
 * sets TRIM_F_INVALID in *flags when something was replaced.
 */
static void
normalise(const char *body, size_t len, struct buf *b, unsigned *flags)
{
	const unsigned char *p = (const unsigned char *)body;
	size_t i = 0, k, run;

	while (i < len) {
		run = i;
		while (run < len && p[run] >= 0x20 && p[run] < 0x80)
			run++;
		if (run > i) {
			buf_add(b, p + i, run - i);
			i = run;
			continue;
		}
		if (p[i] == '\r') {
			buf_addc(b, '\n');
			i += (i + 1 < len && p[i + 1] == '\n') ? 2 : 1;
			continue;
		}
		k = p[i] == 0 ? 0 : utf8_char_len(p + i, len - i);
		if (k == 0) {
			buf_add(b, "\xef\xbf\xbd", 3);
			*flags |= TRIM_F_INVALID;
			i++;
			continue;
		}
		buf_add(b, p + i, k);
		i += k;
	}
}

static bool
is_blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

static bool
is_quote(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i < n && s[i] == '>';
}

static bool
is_marker(const char *s, size_t n)
{
	size_t i = 0;
	size_t m = strlen(TRIM_REPLY_MARKER);

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	n = rtrim_len(s, n);
	return n - i == m && memcmp(s + i, TRIM_REPLY_MARKER, m) == 0;
}

/* is_separator - a line of 5 or more '_', '-' or '=' ("____", "-----"). */
static bool
is_separator(const char *s, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '_' || s[i] == '-' || s[i] == '=')
			c++;
		else if (s[i] != ' ' && s[i] != '\t')
			return false;
	}
	return c >= 4;
}

/* rtrim_nbsp - n without trailing blanks and no-break spaces (C2 A0). */
static size_t
rtrim_nbsp(const char *s, size_t n)
{
	for (;;) {
		n = rtrim_len(s, n);
		if (n < 2 || memcmp(s + n - 2, "\xc2\xa0", 2) != 0)
			return n;
		n -= 2;
	}
}

/* is_sig_delim - "-- ", "--", "--" + no-break space, or "__...". */
static bool
is_sig_delim(const char *s, size_t n)
{
	size_t i;

	n = rtrim_nbsp(s, n);
	if (n == 2 && s[0] == '-' && s[1] == '-')
		return true;
	if (n < 2)
		return false;
	for (i = 0; i < n; i++)
		if (s[i] != '_')
			return false;
	return true;
}

/* is_gt_colon - ">:", the end of an address wrapped before its '>'. */
static bool
is_gt_colon(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i >= n || s[i] != '>')
		return false;
	i++;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i >= n || s[i] != ':')
		return false;
	return is_blank(s + i + 1, n - i - 1);
}

static bool
has_date_or_addr(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((s[i] >= '0' && s[i] <= '9') || s[i] == '@')
			return true;
	return false;
}

/*
 * attribution - does an attribution start at line i?  Returns the number
 * of lines it covers (0: none); *strong says whether it may stand for an
 * unquoted original (it holds a date or an address, or is dashed).
 */
static size_t
attribution(struct trimmer *t, pcre2_match_data *md, const char *text,
    const struct line *ln, size_t nl, size_t i, bool *strong)
{
	size_t j, last, end, wlen, k;

	last = i;
	for (j = i + 1; j < nl && j < i + ATTR_LINES; j++) {
		if (is_blank(text + ln[j].off, ln[j].len) ||
		    (is_quote(text + ln[j].off, ln[j].len) &&
		        !is_gt_colon(text + ln[j].off, ln[j].len)))
			break;
		last = j;
	}
	wlen = ln[last].off + ln[last].len - ln[i].off;
	*strong = true;
	if (match(t, md, P_ATTR_DASH, text + ln[i].off, ln[i].len, &end))
		return 1;
	if (match(t, md, P_ATTR, text + ln[i].off, wlen, &end) ||
	    match(t, md, P_ATTR_NC, text + ln[i].off, wlen, &end) ||
	    match(t, md, P_ATTR_ADDR, text + ln[i].off, wlen, &end))
		*strong = has_date_or_addr(text + ln[i].off, end);
	else if (match(t, md, P_ATTR_WEAK, text + ln[i].off, wlen, &end) ||
	    match(t, md, P_DATE_NAME, text + ln[i].off, ln[i].len, &end))
		*strong = false;
	else
		return 0;
	k = 1;
	while (i + k <= last && ln[i + k].off < ln[i].off + end)
		k++;
	return k;
}

/* next_text - the first non-blank line at or after j, or nl. */
static size_t
next_text(const char *text, const struct line *ln, size_t nl, size_t j)
{
	while (j < nl && is_blank(text + ln[j].off, ln[j].len))
		j++;
	return j;
}

/* header_line - line j is a header line (From-like or another one). */
static bool
header_line(struct trimmer *t, pcre2_match_data *md, const char *text,
    const struct line *ln, size_t j)
{
	return match(t, md, P_HDR_FROM, text + ln[j].off, ln[j].len, NULL) ||
	    match(t, md, P_HDR_OTHER, text + ln[j].off, ln[j].len, NULL);
}

/*
 * header_block - is line i the first line of an Outlook header block
 * ("From: / Sent: / To: / Subject:", localised)?  Three header lines in
 * the paragraph (single blank lines between header lines allowed, as
 * some clients write them), or two starting with From/Date/Sent that
 * hold an '@' or sit right above a quote.
 */
static bool
header_block(struct trimmer *t, pcre2_match_data *md, const char *text,
    const struct line *ln, size_t nl, size_t i)
{
	size_t j, k, last = i, hdrs = 1, other = 0;
	bool first;

	first = match(t, md, P_HDR_FROM, text + ln[i].off, ln[i].len, NULL) ||
	    match(t, md, P_HDR_DATE, text + ln[i].off, ln[i].len, NULL);
	if (!first &&
	    !match(t, md, P_HDR_OTHER, text + ln[i].off, ln[i].len, NULL))
		return false;
	for (j = i + 1; j < nl && j <= i + HDR_SCAN; j++) {
		if (is_blank(text + ln[j].off, ln[j].len)) {
			k = next_text(text, ln, nl, j);
			if (k != j + 1 || k >= nl ||
			    !header_line(t, md, text, ln, k))
				break;
		} else if (header_line(t, md, text, ln, j)) {
			hdrs++;
			last = j;
		} else if (++other > 2)
			break;
	}
	if (hdrs >= 3)
		return true;
	if (!first || hdrs != 2)
		return false;
	/* Two lines: "From: 9am / To: 5pm" stays. */
	k = next_text(text, ln, nl, last + 1);
	return memchr(text + ln[i].off, '@',
	           ln[last].off + ln[last].len - ln[i].off) != NULL ||
	    (k < nl && is_quote(text + ln[k].off, ln[k].len));
}

/*
 * broken_quote - a non-quote line between two quote lines that is the
 * rest of a wrapped link ("_nonce=3dd518)", " (http://x/y) >").
 */
static bool
broken_quote(const char *text, const struct line *ln, size_t nl, size_t i)
{
	const char *s = text + ln[i].off;
	size_t n = rtrim_len(s, ln[i].len), k, pn;
	bool space = false, linkish = false;
	const char *p;

	if (i == 0 || i + 1 >= nl || ln[i - 1].kind != L_QUOTE ||
	    !is_quote(text + ln[i + 1].off, ln[i + 1].len))
		return false;
	if (n > 0 && s[n - 1] == '>')
		return true;
	for (k = 0; k < n; k++) {
		if (s[k] == ' ' || s[k] == '\t')
			space = true;
		if (strchr("=/)&?", s[k]) != NULL)
			linkish = true;
	}
	if (!space && linkish && n >= 6)
		return true;
	/* A long quoted line wrapped without its '>': "...pharetra d",
	 * "ignissim odio?"; an answer would start with a capital. */
	p = text + ln[i - 1].off;
	pn = rtrim_len(p, ln[i - 1].len);
	return pn >= WRAP_MIN && n > 0 && s[0] >= 'a' && s[0] <= 'z';
}

/* cut_from - mark lines i.. as cut, pulling in a separator just above. */
static void
cut_from(const char *text, struct line *ln, size_t nl, size_t i)
{
	size_t j = i;

	while (j > 0 && ln[j - 1].kind == L_TEXT &&
	    is_blank(text + ln[j - 1].off, ln[j - 1].len))
		j--;
	if (j > 0 && ln[j - 1].kind == L_TEXT &&
	    is_separator(text + ln[j - 1].off, ln[j - 1].len))
		i = j - 1;
	for (; i < nl; i++)
		ln[i].kind = L_CUT;
}

/*
 * shared_line - "reply On <date>, Bob wrote:": the length of the reply
 * before the attribution (trailing dashes and blanks dropped), or 0.
 */
static size_t
shared_line(struct trimmer *t, pcre2_match_data *md, const char *s, size_t n)
{
	size_t end;

	if (!match(t, md, P_SPLIT, s, n, &end))
		return 0;
	while (end > 0 &&
	    (s[end - 1] == ' ' || s[end - 1] == '\t' || s[end - 1] == '-'))
		end--;
	return end;
}

/* classify - the one top-down pass; returns TRIM_F_* flags. */
static unsigned
classify(struct trimmer *t, pcre2_match_data *md, const char *text,
    struct line *ln, size_t nl)
{
	size_t i, j, k;
	unsigned flags = 0;
	bool strong;
	const char *s;

	for (i = 0; i < nl; i++) {
		s = text + ln[i].off;
		if (is_blank(s, ln[i].len))
			continue;
		if (is_quote(s, ln[i].len) || broken_quote(text, ln, nl, i)) {
			ln[i].kind = L_QUOTE;
			flags |= TRIM_F_QUOTE;
			continue;
		}
		if (is_marker(s, ln[i].len)) {
			cut_from(text, ln, nl, i);
			return flags | TRIM_F_MARKER;
		}
		if (match(t, md, P_FWD, s, ln[i].len, NULL)) {
			cut_from(text, ln, nl, i);
			return flags | TRIM_F_FORWARD;
		}
		if (match(t, md, P_ORIG, s, ln[i].len, NULL) ||
		    header_block(t, md, text, ln, nl, i)) {
			cut_from(text, ln, nl, i);
			return flags | TRIM_F_ORIGINAL;
		}
		k = attribution(t, md, text, ln, nl, i, &strong);
		if (k == 0)
			continue;
		if (k == 1)
			ln[i].keep = shared_line(t, md, s, ln[i].len);
		j = i + k;
		while (j < nl && is_blank(text + ln[j].off, ln[j].len))
			j++;
		if (j < nl && is_quote(text + ln[j].off, ln[j].len)) {
			for (; i < j; i++)
				ln[i].kind = L_QUOTE;
			i--;
			flags |= TRIM_F_QUOTE;
		} else if (strong) {
			cut_from(text, ln, nl, i);
			return flags | TRIM_F_ORIGINAL;
		}
	}
	return flags;
}

/* signature - mark a trailing signature among the kept lines. */
static unsigned
signature(struct trimmer *t, pcre2_match_data *md, const char *text,
    struct line *ln, size_t nl)
{
	size_t i, j, before = 0, after, max;
	bool delim;

	for (i = 0; i < nl; i++) {
		if (ln[i].kind != L_TEXT)
			continue;
		if (is_blank(text + ln[i].off, ln[i].len))
			continue;
		delim = is_sig_delim(text + ln[i].off, ln[i].len);
		if (!delim && before > 0 &&
		    match(t, md, P_MOBILE, text + ln[i].off, ln[i].len, NULL))
			max = MOBILE_MAX;
		else if (delim && before > 0)
			max = SIG_MAX_LINES;
		else if (before > 0 &&
		    match(t, md, P_VALEDICTION, text + ln[i].off, ln[i].len,
		        NULL))
			max = VALE_MAX;
		else {
			before++;
			continue;
		}
		after = 0;
		for (j = i + 1; j < nl; j++)
			if (ln[j].kind == L_TEXT &&
			    !is_blank(text + ln[j].off, ln[j].len))
				after++;
		if (after > max) {
			before++;
			continue;
		}
		for (j = i; j < nl; j++)
			if (ln[j].kind == L_TEXT)
				ln[j].kind = L_SIG;
		return TRIM_F_SIGNATURE;
	}
	return 0;
}

/* is_decoration - a row of one repeated "-*#~=_+" ("***", "~~~~~"). */
static bool
is_decoration(const char *s, size_t n)
{
	size_t i;

	s = lead(s, n, false, &n);
	n = rtrim_nbsp(s, n);
	if (n < 2 || strchr("-*#~=_+", s[0]) == NULL)
		return false;
	for (i = 1; i < n; i++)
		if (s[i] != s[0])
			return false;
	return true;
}

/* is_slash_name - "/Jonas", "/Anna Svensson": a name signed with '/'. */
static bool
is_slash_name(const char *s, size_t n)
{
	size_t i, words = 1;

	s = lead(s, n, false, &n);
	n = rtrim_len(s, n);
	if (n < 3 || n > SLASH_NAME_MAX || s[0] != '/' ||
	    !(isupper((unsigned char)s[1]) || (s[1] & 0x80) != 0))
		return false;
	for (i = 2; i < n; i++) {
		if (s[i] == ' ')
			words++;
		else if (!isalpha((unsigned char)s[i]) && (s[i] & 0x80) == 0 &&
		    s[i] != '.' && s[i] != '-')
			return false;
	}
	return words <= 3;
}

/*
 * trailing - mark decorative rows and a "/Name" at the end of the kept
 * text as signature, as long as some kept text stays above them.
 */
static unsigned
trailing(const char *text, struct line *ln, size_t nl)
{
	size_t i = nl, k;
	unsigned flags = 0;

	while (i > 0) {
		i--;
		if (ln[i].kind != L_TEXT ||
		    is_blank(text + ln[i].off, ln[i].len))
			continue;
		if (!is_decoration(text + ln[i].off, ln[i].len) &&
		    !is_slash_name(text + ln[i].off, ln[i].len))
			break;
		for (k = 0; k < i; k++)
			if (ln[k].kind == L_TEXT &&
			    !is_blank(text + ln[k].off, ln[k].len))
				break;
		if (k == i)
			break; /* nothing kept above it */
		ln[i].kind = L_SIG;
		flags = TRIM_F_SIGNATURE;
	}
	return flags;
}

/*
 * emit - join the lines of kind == want (or != want when invert) into b,
 * right-trimmed, without leading blank lines; a run of removed lines
 * between kept ones leaves at most one blank line.
 */
static void
emit_text(const char *text, const struct line *ln, size_t nl, struct buf *b)
{
	size_t i, n;
	bool gap = false;

	for (i = 0; i < nl; i++) {
		n = ln[i].kind == L_TEXT ? ln[i].len : ln[i].keep;
		n = rtrim_len(text + ln[i].off, n);
		if (ln[i].kind != L_TEXT && n == 0) {
			gap = true;
			continue;
		}
		if (n == 0) {
			if (b->len > 0 && !gap)
				buf_addc(b, '\n');
			continue;
		}
		gap = ln[i].kind != L_TEXT;
		buf_add(b, text + ln[i].off, n);
		buf_addc(b, '\n');
	}
	while (b->len > 0 && b->data[b->len - 1] == '\n')
		buf_truncate(b, b->len - 1);
}

static void
emit_removed(const char *text, const struct line *ln, size_t nl, struct buf *b)
{
	size_t i, n;

	for (i = 0; i < nl; i++) {
		if (ln[i].kind == L_TEXT)
			continue;
		n = ln[i].len - ln[i].keep;
		if (b->len == 0 && is_blank(text + ln[i].off + ln[i].keep, n))
			continue;
		buf_add(b, text + ln[i].off + ln[i].keep, n);
		buf_addc(b, '\n');
	}
	while (b->len > 0 && (b->data[b->len - 1] == '\n'))
		buf_truncate(b, b->len - 1);
}

int
trim_reply(struct trimmer *t, const char *body, size_t len, unsigned opts,
    struct trim_result *out)
{
	struct buf norm, tb, qb;
	struct line *ln = NULL;
	pcre2_match_data *md = NULL;
	size_t nl = 0, cap = 0, i, start;
	unsigned flags = 0;
	const char *text;
	int rc;

	out->text = NULL;
	out->quoted = NULL;
	out->flags = 0;
	if (len > DEF_MESSAGE_BYTES)
		return E_LIMIT;
	buf_init(&norm, 3 * len + 16);
	buf_init(&tb, 3 * len + 16);
	buf_init(&qb, 3 * len + 16);
	buf_reserve(&norm, len + 16); /* grows only for replaced bytes */
	normalise(body, len, &norm, &flags);
	rc = buf_error(&norm);
	if (rc != 0)
		goto out;
	text = buf_cstr(&norm);
	buf_reserve(&tb, norm.len);
	cap = 1;
	for (i = 0; i < norm.len; i++)
		cap += text[i] == '\n';
	ln = xreallocarray(NULL, cap, sizeof(*ln)); /* exact: one per line */

	start = 0;
	for (i = 0; i <= norm.len; i++) {
		if (i < norm.len && text[i] != '\n')
			continue;
		if (i == norm.len && i == start)
			break;
		if (nl == cap) {
			cap = cap == 0 ? 64 : cap * 2;
			ln = xreallocarray(ln, cap, sizeof(*ln));
		}
		ln[nl].off = start;
		ln[nl].len = i - start;
		ln[nl].kind = L_TEXT;
		ln[nl].keep = 0;
		nl++;
		start = i + 1;
	}

	md = pcre2_match_data_create(4, NULL);
	if (md == NULL) {
		rc = E_NOMEM;
		goto out;
	}
	flags |= classify(t, md, text, ln, nl);
	if ((opts & TRIM_KEEP_SIGNATURE) == 0) {
		flags |= signature(t, md, text, ln, nl);
		flags |= trailing(text, ln, nl);
	}
	emit_text(text, ln, nl, &tb);
	if (tb.len == 0) {
		/* Never trim to nothing: keep everything. */
		for (i = 0; i < nl; i++) {
			ln[i].kind = L_TEXT;
			ln[i].keep = 0;
		}
		buf_reset(&tb);
		emit_text(text, ln, nl, &tb);
		flags = (flags & TRIM_F_INVALID) |
		    (tb.len > 0 ? TRIM_F_FALLBACK : 0);
	}
	emit_removed(text, ln, nl, &qb);
	rc = buf_error(&tb);
	if (rc == 0)
		rc = buf_error(&qb);
	if (rc != 0)
		goto out;
	out->text = buf_detach(&tb);
	out->quoted = buf_detach(&qb);
	out->flags = flags;
out:
	pcre2_match_data_free(md);
	free(ln);
	buf_release(&norm);
	buf_release(&tb);
	buf_release(&qb);
	return rc;
}

/*
 * reportfmt.c - `stoa report` (reportfmt.h): the period, the computation
 * from the store's reads (every median, share and weekly count through
 * learn/report.h), and the text, JSON and CSV forms; the HTML form is
 * reportfmt_html.c.  JSON strings escape <, > and & too, so a value can
 * never close a tag of a page that embeds it; CSV cells a spreadsheet
 * would run as a formula (= + - @) get a leading '.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "err.h"
#include "json.h"
#include "mailout.h"
#include "report.h"
#include "reportfmt.h"
#include "xmalloc.h"

const char *const report_health_names[4] = {
    "on track", "needs a check-in", "inactive", "too early"};

static long
day_of(long long t)
{
	return (long)(t >= 0 ? t / 86400 : -((-t + 86399) / 86400));
}

static void
day_str(long day, char out[11])
{
	char iso[CLOCK_ISO_LEN];

	time_format_iso((long long)day * 86400, iso);
	memcpy(out, iso, 10);
	out[10] = '\0';
}

/* parse_day - "YYYY-MM-DD" into a day number. */
static int
parse_day(const char *s, long *day)
{
	char iso[32];
	long long t;

	if (strlen(s) != 10)
		return E_PARSE;
	memcpy(iso, s, 10);
	memcpy(iso + 10, "T00:00:00Z", 11);
	if (time_parse_iso(iso, &t) != 0)
		return E_PARSE;
	*day = day_of(t);
	return 0;
}

int
report_period(struct report *r, const char *from, const char *to, long long now,
    struct buf *why)
{
	long f, t = day_of(now);

	if (to != NULL && parse_day(to, &t) != 0) {
		buf_addf(why, "--to wants a date YYYY-MM-DD");
		return E_PARSE;
	}
	f = t - 29;
	if (from != NULL && parse_day(from, &f) != 0) {
		buf_addf(why, "--from wants a date YYYY-MM-DD");
		return E_PARSE;
	}
	if (f > t || t - f >= REPORT_MAX_DAYS) {
		buf_addf(why, "the period must run forwards, at most %d days",
		    REPORT_MAX_DAYS);
		return E_PARSE;
	}
	day_str(f, r->from);
	day_str(t, r->to);
	r->days = t - f + 1;
	return 0;
}

/* weeks - active members and posts per week of the period. */
static void
weeks(struct report *r, long first, long last)
{
	long long *act, *posts;
	struct report_dm *dm;
	size_t i;

	r->n_weeks = report_weeks(first, last);
	r->weeks = xcalloc(r->n_weeks, sizeof *r->weeks);
	act = xcalloc(r->n_weeks, sizeof *act);
	posts = xcalloc(r->n_weeks, sizeof *posts);
	dm = xcalloc(r->raw.n_active + 1, sizeof *dm);
	for (i = 0; i < r->raw.n_active; i++) {
		dm[i].day = r->raw.active[i].day;
		dm[i].member = r->raw.active[i].member;
	}
	r->active = report_active(dm, r->raw.n_active, first, act, r->n_weeks);
	for (i = 0; i < r->raw.n_post_days; i++)
		report_bucket_day(r->raw.post_days[i].day,
		    r->raw.post_days[i].member, first, posts, r->n_weeks);
	r->active_week_mean = 0;
	for (i = 0; i < r->n_weeks; i++) {
		day_str(report_week(first) + 7 * (long)i, r->weeks[i].start);
		r->weeks[i].active = act[i];
		r->weeks[i].posts = posts[i];
		r->active_week_mean += (double)act[i] / (double)r->n_weeks;
	}
	free(dm);
	free(act);
	free(posts);
}

static void
participation(struct report *r)
{
	double *h = xcalloc(r->raw.n_threads + 1, sizeof *h);
	size_t i, n = 0;

	for (i = 0; i < r->raw.n_threads; i++)
		if (r->raw.threads[i].first_answer >= 0)
			h[n++] = (double)(r->raw.threads[i].first_answer -
			             r->raw.threads[i].root) /
			    3600.0;
	r->answered = (long long)n;
	r->share_answered =
	    report_share(r->answered, (long long)r->raw.n_threads);
	r->median_hours = report_median(h, n);
	r->active_share = report_share(r->active, r->raw.members);
	free(h);
}

static void
quizzes(struct report *r, long long end)
{
	struct report_card *c = xcalloc(r->raw.n_cards + 1, sizeof *c);
	struct fsrs_params p;
	size_t i;

	for (i = 0; i < r->raw.n_topics; i++) {
		r->first += r->raw.topics[i].first;
		r->first_right += r->raw.topics[i].first_right;
		r->now += r->raw.topics[i].now;
		r->now_right += r->raw.topics[i].now_right;
	}
	r->baseline = report_share(r->first_right, r->first);
	r->proficiency = report_share(r->now_right, r->now);
	r->completion =
	    report_share(r->raw.answered, r->raw.answered + r->raw.missed);
	for (i = 0; i < r->raw.n_cards; i++) {
		c[i].s = r->raw.cards[i].s;
		c[i].last = r->raw.cards[i].last;
	}
	fsrs_params_default(&p);
	r->retention = report_retention(&p, c, r->raw.n_cards, end);
	free(c);
}

static void
mentoring(struct report *r)
{
	double *v = xcalloc(r->raw.n_checkins_90 + 1, sizeof *v);
	size_t i, k, n = r->raw.n_checkins_90;
	long long ten = 0;

	for (i = 0; i < r->raw.n_health; i++)
		for (k = 0; k < 4; k++)
			if (strcmp(r->raw.health[i].name,
			        report_health_names[k]) == 0)
				r->health[k] += r->raw.health[i].n;
	r->pairs = r->raw.pairs_active + r->raw.pairs_paused;
	r->mean_90 = n > 0 ? 0 : -1;
	for (i = 0; i < n; i++) {
		v[i] = (double)r->raw.checkins_90[i];
		r->mean_90 += v[i] / (double)n;
		ten += r->raw.checkins_90[i] >= 10;
	}
	r->share_10 = report_share(ten, (long long)n);
	r->median_90 = report_median(v, n);
	free(v);
}

static void
people(struct report *r)
{
	struct buf q = BUF_INIT(REPORT_QUOTE_MAX + 16);
	size_t i;

	r->routed_share = report_share(r->raw.routed_answered, r->raw.routed);
	r->cross_share = report_share(r->raw.cross_team, r->raw.team_replies);
	r->answer_rate =
	    report_share(r->raw.reflect_answered, r->raw.reflect_asked);
	for (i = 0; i < r->raw.n_answers; i++) {
		buf_reset(&q);
		if (!report_quote(r->raw.answers[i], &q))
			continue;
		r->quotable++;
		if (r->n_quotes < REPORT_QUOTES && q.len > 0)
			r->quotes[r->n_quotes++] = xstrdup(buf_cstr(&q));
	}
	buf_release(&q);
}

int
report_build(struct store *st, const struct list_rec *l, struct report *r)
{
	char from[CLOCK_ISO_LEN], to[CLOCK_ISO_LEN];
	long f, t;
	int rc;

	parse_day(r->from, &f);
	parse_day(r->to, &t);
	time_format_iso((long long)f * 86400, from);
	time_format_iso((long long)(t + 1) * 86400, to);
	rc = store_report_read(st, l->id, from, to, &r->raw);
	if (rc != 0)
		return rc;
	r->list = xstrdup(l->name);
	r->title = xstrdup(l->title);
	weeks(r, f, t);
	participation(r);
	quizzes(r, (long long)(t + 1) * 86400);
	mentoring(r);
	people(r);
	return 0;
}

void
report_release(struct report *r)
{
	size_t i;

	if (r == NULL)
		return;
	free(r->list);
	free(r->title);
	free(r->weeks);
	for (i = 0; i < r->n_quotes; i++)
		free(r->quotes[i]);
	rep_raw_release(&r->raw);
	memset(r, 0, sizeof *r);
}

bool
report_format_parse(const char *s, enum report_format *f)
{
	static const char *const names[] = {"text", "html", "json", "csv"};
	size_t i;

	for (i = 0; i < 4; i++)
		if (strcmp(s, names[i]) == 0) {
			*f = (enum report_format)i;
			return true;
		}
	return false;
}

void
report_pct(struct buf *out, double v)
{
	if (v < 0)
		buf_adds(out, "-");
	else
		buf_addf(out, "%.0f%%", floor(v * 100 + 0.5));
}

void
report_num(struct buf *out, double v)
{
	if (v < 0)
		buf_adds(out, "-");
	else
		buf_addf(out, "%.1f", floor(v * 10 + 0.5) / 10);
}

/* --- text --- */

static void text_line(struct buf *b, const char *label, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
text_line(struct buf *b, const char *label, const char *fmt, ...)
{
	va_list ap;

	buf_addf(b, "  %-24s ", label);
	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
	buf_addc(b, '\n');
}

/*
 * shown - v as text in o: a percentage (PCT) or a number (NUM); each use
 * gets a buffer of its own, so one call may hold several.
 */
static const char *
shown(char *o, double v, bool percent)
{
	struct buf t = BUF_INIT(32);

	if (percent)
		report_pct(&t, v);
	else
		report_num(&t, v);
	memcpy(o, buf_cstr(&t), t.len + 1);
	buf_release(&t);
	return o;
}

#define PCT(v) shown((char[40]){0}, (v), true)
#define NUM(v) shown((char[40]){0}, (v), false)

static void
text_top(const struct report *r, struct buf *b)
{
	buf_addf(b, "Stoa report: %s (%s)\n%s to %s (%ld days)\n\n", r->list,
	    r->title, r->from, r->to, r->days);
	buf_adds(b, "The five numbers\n");
	text_line(b, "Active members", "%lld of %lld (%s)", r->active,
	    r->raw.members, PCT(r->active_share));
	text_line(b, "Questions answered", "%s (%lld of %zu threads)",
	    PCT(r->share_answered), r->answered, r->raw.n_threads);
	text_line(b, "Median first answer", "%s h", NUM(r->median_hours));
	text_line(b, "Quiz answers right", "%s now, %s at first try",
	    PCT(r->proficiency), PCT(r->baseline));
	text_line(b, "Mentoring pairs on track", "%lld of %lld", r->health[0],
	    r->pairs);
}

static void
text_participation(const struct report *r, struct buf *b)
{
	size_t i;

	buf_adds(b, "\nParticipation\n");
	text_line(b, "members", "%lld", r->raw.members);
	text_line(b, "active members", "%lld (%s), %s a week", r->active,
	    PCT(r->active_share), NUM(r->active_week_mean));
	text_line(b, "posts", "%lld: %zu threads, %lld replies", r->raw.posts,
	    r->raw.n_threads, r->raw.replies);
	text_line(b, "threads answered", "%lld of %zu (%s)", r->answered,
	    r->raw.n_threads, PCT(r->share_answered));
	text_line(b, "median first answer", "%s h", NUM(r->median_hours));
	buf_addf(b, "  %-24s %6s %6s\n", "week of", "active", "posts");
	for (i = 0; i < r->n_weeks; i++)
		buf_addf(b, "  %-24s %6lld %6lld\n", r->weeks[i].start,
		    r->weeks[i].active, r->weeks[i].posts);
}

static void
text_quizzes(const struct report *r, struct buf *b)
{
	const struct rep_topic *tp;
	size_t i;

	buf_addf(b, "\nQuizzes (%s)\n",
	    r->raw.scheduler[0] ? r->raw.scheduler : "off");
	text_line(b, "right at first try", "%lld of %lld (%s)", r->first_right,
	    r->first, PCT(r->baseline));
	text_line(b, "right now", "%lld of %lld (%s)", r->now_right, r->now,
	    PCT(r->proficiency));
	for (i = 0; i < r->raw.n_topics; i++) {
		tp = &r->raw.topics[i];
		buf_addf(b, "  - topic %s: %s at first try, %s now\n",
		    tp->name[0] != '\0' ? tp->name : "(none)",
		    PCT(report_share(tp->first_right, tp->first)),
		    PCT(report_share(tp->now_right, tp->now)));
	}
	text_line(b, "retired", "%lld learnt, %lld by an admin",
	    r->raw.retired_learnt, r->raw.retired_admin);
	text_line(b, "predicted retention", "%s of %zu adaptive cards",
	    PCT(r->retention), r->raw.n_cards);
	text_line(b, "completion", "%lld of %lld sends answered (%s)",
	    r->raw.answered, r->raw.answered + r->raw.missed,
	    PCT(r->completion));
}

static void
text_mentoring(const struct report *r, struct buf *b)
{
	size_t k;

	buf_adds(b, "\nMentoring\n");
	text_line(b, "pairs", "%lld (%lld active, %lld paused), %lld ended",
	    r->pairs, r->raw.pairs_active, r->raw.pairs_paused,
	    r->raw.pairs_ended);
	for (k = 0; k < 4; k++)
		text_line(b, report_health_names[k], "%lld", r->health[k]);
	text_line(b, "check-ins, first 90 days", "median %s, mean %s",
	    NUM(r->median_90), NUM(r->mean_90));
	text_line(b, "pairs with 10 or more",
	    "%s of %zu (%lld still in"
	    " their first 90 days)",
	    PCT(r->share_10), r->raw.n_checkins_90, r->raw.pairs_in_window);
	text_line(b, "check-in replies", "%lld", r->raw.mentor_replies);
}

static void
text_rest(const struct report *r, struct buf *b)
{
	size_t i;

	buf_adds(b, "\nConnection\n");
	text_line(b, "introductions", "%lld", r->raw.intros);
	text_line(b, "routed questions", "%lld, %lld answered (%s)",
	    r->raw.routed, r->raw.routed_answered, PCT(r->routed_share));
	text_line(b, "cross-team replies", "%lld of %lld (%s)",
	    r->raw.cross_team, r->raw.team_replies, PCT(r->cross_share));
	buf_adds(b, "\nReflection\n");
	text_line(b, "questions asked", "%lld, %lld answered (%s)",
	    r->raw.reflect_asked, r->raw.reflect_answered, PCT(r->answer_rate));
	text_line(b, "may be quoted", "%zu", r->quotable);
	for (i = 0; i < r->n_quotes; i++)
		buf_addf(b, "  \"%s\"\n", r->quotes[i]);
	buf_adds(b, "\nBadges\n");
	text_line(b, "awarded", "%lld to %lld members (%lld revoked)",
	    r->raw.badges, r->raw.badge_members, r->raw.badges_revoked);
	for (i = 0; i < r->raw.n_by_badge; i++)
		text_line(
		    b, r->raw.by_badge[i].name, "%lld", r->raw.by_badge[i].n);
}

static void
text(const struct report *r, struct buf *b)
{
	text_top(r, b);
	text_participation(r, b);
	text_quizzes(r, b);
	text_mentoring(r, b);
	text_rest(r, b);
}

/* --- JSON and CSV: one walk, two writers --- */

struct emit {
	struct buf *b;
	bool csv;
	bool first;          /* no member written yet in this object */
	const char *section; /* CSV: the first column */
	char prefix[192];    /* CSV: "weeks.2026-01-05." inside an item */
};

static void
csv_cell(struct buf *b, const char *s)
{
	bool quote = strpbrk(s, ",\"\r\n") != NULL || strchr("=+-@", s[0]);

	if (s[0] == '\0' || !quote) {
		buf_adds(b, s);
		return;
	}
	buf_addc(b, '"');
	if (strchr("=+-@", s[0]) != NULL)
		buf_addc(b, '\'');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			buf_addc(b, '"');
		buf_addc(b, *s);
	}
	buf_addc(b, '"');
}

/* e_key - start a member: JSON "key": ; CSV section,prefix+key, */
static void
e_key(struct emit *e, const char *key)
{
	struct buf k = BUF_INIT(512);

	if (e->csv) {
		csv_cell(e->b, e->section);
		buf_addc(e->b, ',');
		buf_addf(&k, "%s%s", e->prefix, key);
		csv_cell(e->b, buf_cstr(&k));
		buf_addc(e->b, ',');
	} else {
		buf_adds(e->b, e->first ? "" : ",");
		json_str(e->b, key);
		buf_addc(e->b, ':');
	}
	e->first = false;
	buf_release(&k);
}

static void
e_int(struct emit *e, const char *key, long long v)
{
	e_key(e, key);
	buf_addf(e->b, "%lld%s", v, e->csv ? "\n" : "");
}

/* e_real - v rounded to 4 decimals, trailing zeros cut; null when < 0. */
static void
e_real(struct emit *e, const char *key, double v)
{
	size_t n;

	e_key(e, key);
	if (v < 0) {
		buf_adds(e->b, e->csv ? "" : "null");
	} else {
		n = e->b->len;
		buf_addf(e->b, "%.4f", floor(v * 10000 + 0.5) / 10000);
		while (e->b->len > n && e->b->data[e->b->len - 1] == '0')
			buf_truncate(e->b, e->b->len - 1);
		if (e->b->data[e->b->len - 1] == '.')
			buf_truncate(e->b, e->b->len - 1);
	}
	if (e->csv)
		buf_addc(e->b, '\n');
}

static void
e_str(struct emit *e, const char *key, const char *v)
{
	e_key(e, key);
	if (e->csv) {
		csv_cell(e->b, v);
		buf_addc(e->b, '\n');
	} else
		json_str(e->b, v);
}

/* e_open - a nested object or array under key ('{' or '['). */
static void
e_open(struct emit *e, const char *key, char c)
{
	if (!e->csv) {
		if (key != NULL)
			e_key(e, key);
		else if (!e->first)
			buf_addc(e->b, ',');
		buf_addc(e->b, c);
	}
	e->first = true;
}

static void
e_close(struct emit *e, char c)
{
	if (!e->csv)
		buf_addc(e->b, c);
	e->first = false;
}

static void
e_section(struct emit *e, const char *name)
{
	if (!e->csv)
		buf_adds(e->b, e->section != NULL ? "},\n" : "{\n");
	e->section = name;
	if (!e->csv) {
		json_str(e->b, name);
		buf_adds(e->b, ":{");
	}
	e->first = true;
}

/* e_item - an array item labelled label (CSV: the key prefix). */
static void
e_item(struct emit *e, const char *array, const char *label)
{
	struct buf p = BUF_INIT(sizeof e->prefix);

	buf_addf(&p, "%s.%s.", array, label);
	memcpy(e->prefix, buf_cstr(&p), p.len + 1);
	buf_release(&p);
	e_open(e, NULL, '{');
}

static void
e_item_end(struct emit *e)
{
	e->prefix[0] = '\0';
	e_close(e, '}');
}

static void
emit_head(const struct report *r, struct emit *e)
{
	size_t i;

	e_section(e, "list");
	e_str(e, "name", r->list);
	e_str(e, "title", r->title);
	e_section(e, "period");
	e_str(e, "from", r->from);
	e_str(e, "to", r->to);
	e_int(e, "days", r->days);
	e_section(e, "participation");
	e_int(e, "members", r->raw.members);
	e_int(e, "active_members", r->active);
	e_real(e, "active_share", r->active_share);
	e_real(e, "active_per_week", r->active_week_mean);
	e_int(e, "posts", r->raw.posts);
	e_int(e, "threads", (long long)r->raw.n_threads);
	e_int(e, "replies", r->raw.replies);
	e_int(e, "threads_answered", r->answered);
	e_real(e, "share_answered", r->share_answered);
	e_real(e, "median_first_answer_hours", r->median_hours);
	e_open(e, "weeks", '[');
	for (i = 0; i < r->n_weeks; i++) {
		e_item(e, "weeks", r->weeks[i].start);
		e_str(e, "week", r->weeks[i].start);
		e_int(e, "active", r->weeks[i].active);
		e_int(e, "posts", r->weeks[i].posts);
		e_item_end(e);
	}
	e_close(e, ']');
}

static void
emit_quizzes(const struct report *r, struct emit *e)
{
	const struct rep_topic *t;
	size_t i;

	e_section(e, "quizzes");
	e_str(e, "scheduler", r->raw.scheduler);
	e_int(e, "first_tries", r->first);
	e_int(e, "first_right", r->first_right);
	e_real(e, "baseline", r->baseline);
	e_int(e, "latest_answers", r->now);
	e_int(e, "latest_right", r->now_right);
	e_real(e, "proficiency", r->proficiency);
	e_open(e, "topics", '[');
	for (i = 0; i < r->raw.n_topics; i++) {
		t = &r->raw.topics[i];
		e_item(e, "topics", t->name);
		e_str(e, "topic", t->name);
		e_int(e, "first_tries", t->first);
		e_real(e, "baseline", report_share(t->first_right, t->first));
		e_int(e, "latest_answers", t->now);
		e_real(e, "proficiency", report_share(t->now_right, t->now));
		e_item_end(e);
	}
	e_close(e, ']');
	e_int(e, "retired_learnt", r->raw.retired_learnt);
	e_int(e, "retired_by_admin", r->raw.retired_admin);
	e_int(e, "adaptive_cards", (long long)r->raw.n_cards);
	e_real(e, "predicted_retention", r->retention);
	e_int(e, "sends_answered", r->raw.answered);
	e_int(e, "sends_missed", r->raw.missed);
	e_real(e, "completion", r->completion);
}

static void
emit_mentoring(const struct report *r, struct emit *e)
{
	static const char *const keys[4] = {
	    "on_track", "needs_checkin", "inactive", "too_early"};
	size_t k;

	e_section(e, "mentoring");
	e_int(e, "pairs", r->pairs);
	e_int(e, "active", r->raw.pairs_active);
	e_int(e, "paused", r->raw.pairs_paused);
	e_int(e, "ended", r->raw.pairs_ended);
	for (k = 0; k < 4; k++)
		e_int(e, keys[k], r->health[k]);
	e_int(e, "pairs_past_90_days", (long long)r->raw.n_checkins_90);
	e_int(e, "pairs_in_first_90_days", r->raw.pairs_in_window);
	e_real(e, "checkins_90_median", r->median_90);
	e_real(e, "checkins_90_mean", r->mean_90);
	e_real(e, "share_10_or_more", r->share_10);
	e_int(e, "checkin_replies", r->raw.mentor_replies);
}

static void
emit_rest(const struct report *r, struct emit *e)
{
	size_t i;

	e_section(e, "connection");
	e_int(e, "introductions", r->raw.intros);
	e_int(e, "routed", r->raw.routed);
	e_int(e, "routed_answered", r->raw.routed_answered);
	e_real(e, "routed_share", r->routed_share);
	e_int(e, "team_replies", r->raw.team_replies);
	e_int(e, "cross_team_replies", r->raw.cross_team);
	e_real(e, "cross_team_share", r->cross_share);
	e_section(e, "reflection");
	e_int(e, "asked", r->raw.reflect_asked);
	e_int(e, "answered", r->raw.reflect_answered);
	e_real(e, "answer_rate", r->answer_rate);
	e_int(e, "quotable", (long long)r->quotable);
	e_open(e, "quotes", '[');
	for (i = 0; i < r->n_quotes; i++) {
		if (e->csv) {
			e_key(e, "quote");
			csv_cell(e->b, r->quotes[i]);
			buf_addc(e->b, '\n');
		} else {
			buf_adds(e->b, i > 0 ? "," : "");
			json_str(e->b, r->quotes[i]);
		}
	}
	e_close(e, ']');
	e_section(e, "badges");
	e_int(e, "awarded", r->raw.badges);
	e_int(e, "members", r->raw.badge_members);
	e_int(e, "revoked", r->raw.badges_revoked);
	e_open(e, "by_badge", '[');
	for (i = 0; i < r->raw.n_by_badge; i++) {
		e_item(e, "by_badge", r->raw.by_badge[i].name);
		e_str(e, "badge", r->raw.by_badge[i].name);
		e_int(e, "count", r->raw.by_badge[i].n);
		e_item_end(e);
	}
	e_close(e, ']');
}

int
report_render(const struct report *r, enum report_format f, struct buf *out)
{
	struct emit e = {out, f == REPORT_CSV, true, NULL, ""};

	switch (f) {
	case REPORT_TEXT:
		text(r, out);
		break;
	case REPORT_HTML:
		return report_html(r, out);
	case REPORT_JSON:
	case REPORT_CSV:
		if (e.csv)
			buf_adds(out, "section,key,value\n");
		emit_head(r, &e);
		emit_quizzes(r, &e);
		emit_mentoring(r, &e);
		emit_rest(r, &e);
		if (!e.csv)
			buf_adds(out, "}}\n");
		break;
	}
	return buf_error(out);
}

int
report_mail(struct store *st, const struct token_keys *keys,
    const struct list_rec *l, const struct report *r, size_t *sent,
    struct buf *why)
{
	struct buf key = BUF_INIT(160), txt = BUF_INIT(REPORT_MAX_OUT);
	struct buf html = BUF_INIT(REPORT_MAX_OUT), per = BUF_INIT(32);
	struct rcpt_rec *own = NULL;
	struct mailout m;
	size_t n = 0, i;
	bool queued;
	int rc;

	*sent = 0;
	buf_addf(&per, "%s..%s", r->from, r->to);
	rc = report_render(r, REPORT_TEXT, &txt);
	if (rc == 0)
		rc = report_html(r, &html);
	if (rc == 0)
		rc = store_delivery_owners(st, l->id, &own, &n);
	for (i = 0; rc == 0 && i < n; i++) {
		struct vars *v = vars_new();

		buf_reset(&key);
		buf_addf(&key, "report:%lld:%s:%lld", l->id, buf_cstr(&per),
		    own[i].member_id);
		vars_set(v, "recipient_name",
		    own[i].name[0] != '\0' ? own[i].name : own[i].email);
		vars_set(v, "from", r->from);
		vars_set(v, "to", r->to);
		vars_set(v, "report", buf_cstr(&txt));
		vars_set_safe(v, "report_html", buf_cstr(&html));
		m = (struct mailout){l, "report", "report-monthly",
		    own[i].email, own[i].name, own[i].member_id, buf_cstr(&key),
		    NULL, NULL, false, v};
		rc = mailout_queue(st, keys, &m, &queued, why);
		if (rc == 0 && queued) {
			rc = store_event(st, l->id, own[i].member_id,
			    "report.mail", 0, buf_cstr(&per));
			(*sent)++;
		}
		vars_free(v);
	}
	rcpt_recs_free(own, n);
	buf_release(&key);
	buf_release(&txt);
	buf_release(&html);
	buf_release(&per);
	return rc;
}

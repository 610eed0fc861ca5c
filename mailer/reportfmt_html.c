/*
 * reportfmt_html.c - the report as one HTML page (reportfmt.h): the five
 * numbers first, then a section per part with inline SVG bar charts.  No
 * script, no remote resource (a Content-Security-Policy forbids both),
 * one column that reads on a phone.  Every value from the database goes
 * through wikitext_escape(); every number carries data-k="section.field"
 * naming its JSON field, which the render test compares.
 */
#include <math.h>
#include <string.h>

#include "htmlpage.h"
#include "report.h"
#include "reportfmt.h"
#include "wikitext.h"

#define HEAD "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n" HTML_PAGE_META

#define STYLE                                                                  \
	"<style>body{font-family:sans-serif;max-width:40em;margin:0 auto;"     \
	"padding:10px;line-height:1.4;color:#222}h1{font-size:1.4em;margin:"   \
	"0}h2{font-size:1.15em;border-bottom:1px solid #ccc;margin-top:1.6em}" \
	".sub{color:#555;margin:.2em 0 1em}.top{display:flex;flex-wrap:wrap;"  \
	"gap:8px}.k{flex:1 1 9em;border:1px solid #ddd;border-radius:6px;"     \
	"padding:8px}.big{display:block;font-size:1.7em;font-weight:bold}"     \
	".lab{font-size:.9em;color:#444}table{border-collapse:collapse;"       \
	"width:100%}td{padding:3px 4px;border-bottom:1px solid #eee;"          \
	"vertical-align:top}td.n{text-align:right;white-space:nowrap}"         \
	"svg{width:100%;height:auto;max-width:36em}blockquote{margin:.5em 0;"  \
	"padding-left:.8em;border-left:3px solid #ccc;color:#333}</style>\n"   \
	"</head>\n<body>\n"

enum kind { K_INT, K_PCT, K_NUM };

static void
esc(struct buf *b, const char *s)
{
	wikitext_escape(b, s, strlen(s));
}

/* val - one number, tagged with its JSON field. */
static void
val(struct buf *b, const char *key, enum kind k, double v)
{
	buf_addf(b, "<span data-k=\"%s\">", key);
	if (k == K_INT)
		buf_addf(b, "%.0f", v);
	else if (k == K_PCT)
		report_pct(b, v);
	else
		report_num(b, v);
	buf_adds(b, "</span>");
}

static void
row(struct buf *b, const char *label, const char *key, enum kind k, double v)
{
	buf_adds(b, "<tr><td>");
	buf_adds(b, label);
	buf_adds(b, "</td><td class=\"n\">");
	val(b, key, k, v);
	buf_adds(b, "</td></tr>\n");
}

static void
card(struct buf *b, const char *key, enum kind k, double v, const char *unit)
{
	buf_adds(b, "<div class=\"k\"><span class=\"big\">");
	val(b, key, k, v);
	buf_adds(b, unit);
	buf_adds(b, "</span><span class=\"lab\">");
}

static void
top(const struct report *r, struct buf *b)
{
	buf_adds(b, "<h1>");
	esc(b, r->list);
	buf_adds(b, ": learning report</h1>\n<p class=\"sub\">");
	esc(b, r->title);
	buf_addf(
	    b, " &middot; %s to %s</p>\n<div class=\"top\">\n", r->from, r->to);
	card(b, "participation.active_share", K_PCT, r->active_share, "");
	buf_addf(b, "members active (%lld of %lld)</span></div>\n", r->active,
	    r->raw.members);
	card(b, "participation.share_answered", K_PCT, r->share_answered, "");
	buf_addf(b, "questions answered (%lld of %zu)</span></div>\n",
	    r->answered, r->raw.n_threads);
	card(b, "participation.median_first_answer_hours", K_NUM,
	    r->median_hours, " h");
	buf_adds(b, "median time to a first answer</span></div>\n");
	card(b, "quizzes.proficiency", K_PCT, r->proficiency, "");
	buf_adds(b, "quiz answers right now, ");
	val(b, "quizzes.baseline", K_PCT, r->baseline);
	buf_adds(b, " at first try</span></div>\n");
	card(b, "mentoring.on_track", K_INT, (double)r->health[0], "");
	buf_adds(b, "of ");
	val(b, "mentoring.pairs", K_INT, (double)r->pairs);
	buf_adds(b, " mentoring pairs on track</span></div>\n</div>\n");
}

/* bars - a vertical bar chart of v[0..n) with label under the first/last. */
static void
bars(struct buf *b, const char *title, const long long *v, size_t n,
    const char *first, const char *last)
{
	double max = 1, step, h;
	size_t i;

	for (i = 0; i < n; i++)
		if ((double)v[i] > max)
			max = (double)v[i];
	step = n > 0 ? 290.0 / (double)n : 290.0;
	buf_addf(b, "<svg viewBox=\"0 0 320 150\" role=\"img\" aria-label=\"");
	esc(b, title);
	buf_adds(b,
	    "\"><line x1=\"28\" y1=\"120\" x2=\"320\" y2=\"120\" "
	    "stroke=\"#999\"/>\n");
	buf_addf(b,
	    "<text x=\"24\" y=\"24\" font-size=\"10\" "
	    "text-anchor=\"end\">%.0f</text>\n",
	    max);
	for (i = 0; i < n; i++) {
		h = 100.0 * (double)v[i] / max;
		buf_addf(b,
		    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
		    "height=\"%.1f\" fill=\"#3b6ea5\"/>\n",
		    30 + step * (double)i, 120 - h, step * 0.8, h);
	}
	buf_adds(b, "<text x=\"30\" y=\"136\" font-size=\"10\">");
	esc(b, first);
	buf_adds(b,
	    "</text><text x=\"320\" y=\"136\" font-size=\"10\" "
	    "text-anchor=\"end\">");
	esc(b, last);
	buf_adds(b, "</text>\n</svg>\n");
}

static void
participation(const struct report *r, struct buf *b)
{
	long long act[1024];
	size_t i, n = r->n_weeks < 1024 ? r->n_weeks : 1024;

	buf_adds(b, "<h2>Participation</h2>\n<p>Active members per week</p>\n");
	for (i = 0; i < n; i++)
		act[i] = r->weeks[i].active;
	bars(b, "Active members per week", act, n,
	    n > 0 ? r->weeks[0].start : "", n > 0 ? r->weeks[n - 1].start : "");
	buf_adds(b, "<table>\n");
	row(b, "Members", "participation.members", K_INT,
	    (double)r->raw.members);
	row(b, "Active members", "participation.active_members", K_INT,
	    (double)r->active);
	row(b, "Active per week (mean)", "participation.active_per_week", K_NUM,
	    r->active_week_mean);
	row(b, "Posts", "participation.posts", K_INT, (double)r->raw.posts);
	row(b, "Threads started", "participation.threads", K_INT,
	    (double)r->raw.n_threads);
	row(b, "Replies", "participation.replies", K_INT,
	    (double)r->raw.replies);
	row(b, "Threads answered", "participation.threads_answered", K_INT,
	    (double)r->answered);
	buf_adds(b, "</table>\n");
}

/* topic_bars - per topic: first try (light) and now (dark), in percent. */
static void
topic_bars(const struct report *r, struct buf *b)
{
	const struct rep_topic *t;
	double y, base, now;
	size_t i, n = r->raw.n_topics < 40 ? r->raw.n_topics : 40;

	if (n == 0)
		return;
	buf_addf(b,
	    "<svg viewBox=\"0 0 320 %zu\" role=\"img\" aria-label=\""
	    "Right at first try and now, per topic\">\n",
	    n * 34 + 6);
	for (i = 0; i < n; i++) {
		t = &r->raw.topics[i];
		y = 34.0 * (double)i;
		base = report_share(t->first_right, t->first);
		now = report_share(t->now_right, t->now);
		buf_addf(
		    b, "<text x=\"0\" y=\"%.0f\" font-size=\"10\">", y + 10);
		esc(b, t->name[0] != '\0' ? t->name : "(no topic)");
		buf_addf(b,
		    "</text><rect x=\"0\" y=\"%.0f\" width=\"%.1f\" "
		    "height=\"8\" fill=\"#b9cde3\"/><rect x=\"0\" "
		    "y=\"%.0f\" width=\"%.1f\" height=\"8\" "
		    "fill=\"#3b6ea5\"/>\n",
		    y + 13, base > 0 ? base * 280 : 0, y + 22,
		    now > 0 ? now * 280 : 0);
	}
	buf_adds(b,
	    "</svg>\n<p class=\"lab\">Light: right at first try; "
	    "dark: right now.</p>\n");
}

static void
quizzes(const struct report *r, struct buf *b)
{
	buf_adds(b, "<h2>Quizzes</h2>\n");
	topic_bars(r, b);
	buf_adds(b, "<table>\n");
	row(b, "First tries", "quizzes.first_tries", K_INT, (double)r->first);
	row(b, "Right at first try", "quizzes.baseline", K_PCT, r->baseline);
	row(b, "Latest answers", "quizzes.latest_answers", K_INT,
	    (double)r->now);
	row(b, "Right now", "quizzes.proficiency", K_PCT, r->proficiency);
	row(b, "Retired (learnt)", "quizzes.retired_learnt", K_INT,
	    (double)r->raw.retired_learnt);
	row(b, "Retired by an admin", "quizzes.retired_by_admin", K_INT,
	    (double)r->raw.retired_admin);
	row(b, "Predicted retention (adaptive)", "quizzes.predicted_retention",
	    K_PCT, r->retention);
	row(b, "Completion", "quizzes.completion", K_PCT, r->completion);
	buf_adds(b, "</table>\n");
}

static void
mentoring(const struct report *r, struct buf *b)
{
	static const char *const keys[4] = {"mentoring.on_track",
	    "mentoring.needs_checkin", "mentoring.inactive",
	    "mentoring.too_early"};
	static const char *const fill[4] = {
	    "#3b8a4a", "#d9a21b", "#b33a3a", "#999999"};
	double x = 0, w;
	size_t k;

	buf_adds(b, "<h2>Mentoring</h2>\n");
	if (r->pairs > 0) {
		buf_adds(b,
		    "<svg viewBox=\"0 0 320 20\" role=\"img\" "
		    "aria-label=\"Pairs by health\">\n");
		for (k = 0; k < 4; k++) {
			w = 320.0 * (double)r->health[k] / (double)r->pairs;
			buf_addf(b,
			    "<rect x=\"%.1f\" y=\"0\" width=\"%.1f\" "
			    "height=\"20\" fill=\"%s\"/>\n",
			    x, w, fill[k]);
			x += w;
		}
		buf_adds(b, "</svg>\n");
	}
	buf_adds(b, "<table>\n");
	row(b, "Pairs", "mentoring.pairs", K_INT, (double)r->pairs);
	for (k = 0; k < 4; k++)
		row(b, report_health_names[k], keys[k], K_INT,
		    (double)r->health[k]);
	row(b, "Check-ins in the first 90 days (median)",
	    "mentoring.checkins_90_median", K_NUM, r->median_90);
	row(b, "Pairs with 10 or more", "mentoring.share_10_or_more", K_PCT,
	    r->share_10);
	row(b, "Check-in replies", "mentoring.checkin_replies", K_INT,
	    (double)r->raw.mentor_replies);
	buf_adds(b, "</table>\n");
}

static void
rest(const struct report *r, struct buf *b)
{
	size_t i;

	buf_adds(b, "<h2>Connection</h2>\n<table>\n");
	row(b, "Introductions", "connection.introductions", K_INT,
	    (double)r->raw.intros);
	row(b, "Routed questions", "connection.routed", K_INT,
	    (double)r->raw.routed);
	row(b, "Routed questions answered", "connection.routed_answered", K_INT,
	    (double)r->raw.routed_answered);
	row(b, "Cross-team replies", "connection.cross_team_replies", K_INT,
	    (double)r->raw.cross_team);
	row(b, "Share of replies across teams", "connection.cross_team_share",
	    K_PCT, r->cross_share);
	buf_adds(b, "</table>\n<h2>Reflection</h2>\n<table>\n");
	row(b, "Reflection questions asked", "reflection.asked", K_INT,
	    (double)r->raw.reflect_asked);
	row(b, "Answered", "reflection.answered", K_INT,
	    (double)r->raw.reflect_answered);
	buf_adds(b, "</table>\n");
	for (i = 0; i < r->n_quotes; i++) {
		buf_adds(b, "<blockquote>");
		esc(b, r->quotes[i]);
		buf_adds(b, "</blockquote>\n");
	}
	buf_adds(b, "<h2>Badges</h2>\n<table>\n");
	row(b, "Badges awarded", "badges.awarded", K_INT,
	    (double)r->raw.badges);
	row(b, "Members with a new badge", "badges.members", K_INT,
	    (double)r->raw.badge_members);
	for (i = 0; i < r->raw.n_by_badge; i++) {
		buf_adds(b, "<tr><td>");
		esc(b, r->raw.by_badge[i].name);
		buf_addf(b, "</td><td class=\"n\">%lld</td></tr>\n",
		    r->raw.by_badge[i].n);
	}
	buf_adds(b, "</table>\n");
}

int
report_html(const struct report *r, struct buf *out)
{
	buf_adds(out, HEAD "<title>");
	esc(out, r->list);
	buf_adds(out, " report</title>\n" STYLE);
	top(r, out);
	participation(r, out);
	quizzes(r, out);
	mentoring(r, out);
	rest(r, out);
	buf_adds(out, "</body>\n</html>\n");
	return buf_error(out);
}

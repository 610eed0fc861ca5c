/*
 * wikitext.h - the wiki's text: page names, the light markup and its HTML
 * rendering, and the line-level diff and section merge used for edits
 * from a stale copy (docs/wiki.md).
 *
 * Markup, one construct per line (no nesting, no raw HTML):
 *	# Title, ## Section, ### Sub	headings (a "#" run, a space, text)
 *	- item, * item, 1. item		list items
 *	``` ... ```, or 4-space indent	code blocks (shown as written)
 *	[text](https://...), bare URLs	links: http, https and mailto only
 *	[[Page name]]			a link to another wiki page
 *	`code`, **bold**		inline
 * A blank line ends a paragraph or list.
 *
 * Sections: every heading line starts a section that runs to the next
 * heading line (headings inside code blocks do not count); the text
 * before the first heading is the preamble.  Section merge and section
 * replace work on that flat list.
 *
 * Non-goals: tables, images, nested lists, HTML passthrough.
 * Invariants: every byte of input reaches HTML output escaped; the only
 * tags produced are h2-h6 p ul ol li pre code a strong em br; href values
 * start with http://, https://, mailto: or are a page slug + suffix.
 */
#ifndef STOA_WIKITEXT_H
#define STOA_WIKITEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

#define WIKI_MAX_SLUG   64                /* characters in a page slug */
#define WIKI_MAX_TITLE  200               /* bytes of a page title */
#define WIKI_MAX_TEXT   (256 * 1024)      /* bytes of one page's text */
#define WIKI_MAX_OUTPUT (4 * 1024 * 1024) /* bytes of a rendering or diff */
#define WIKI_DIFF_CELLS (4 * 1024 * 1024) /* LCS table cap, then coarse */

/*
 * wikitext_slug - normalise a page name: ASCII letters lower-cased and
 * digits kept, every other run of bytes becomes one '-', no dash at
 * either end, at most WIKI_MAX_SLUG characters.  Returns 0, or E_PARSE
 * when nothing is left (out is then "").
 */
int wikitext_slug(const char *name, char out[WIKI_MAX_SLUG + 1]);

/* wikitext_escape - append s[0..n) HTML-escaped (& < > " ') to out. */
void wikitext_escape(struct buf *out, const char *s, size_t n);

/*
 * wikitext_html - render markup text as an HTML fragment appended to
 * out.  Page links [[Name]] become <a href="SLUG + link_suffix"> when
 * link_suffix is not NULL, else emphasised text.  Returns 0 or the buf
 * error.
 */
int wikitext_html(const char *text, const char *link_suffix, struct buf *out);

/* wikitext_append - text, a blank line, then add (trimmed); into out. */
int wikitext_append(const char *text, const char *add, struct buf *out);

/*
 * wikitext_section - replace the section whose heading text equals
 * heading (without case, "#"s and spaces) with body, into out.  When body
 * starts with a heading line it replaces the heading too, else the
 * heading line is kept.  A missing section is added at the end as
 * "## heading".  Returns 0 or the buf error.
 */
int wikitext_section(
    const char *text, const char *heading, const char *body, struct buf *out);

/*
 * wikitext_merge - three-way merge by section: base is the common
 * revision, theirs the current one, ours the edit applied to base.  A
 * section changed on one side only takes that side; changed the same way
 * on both, once.  *conflict is true (out unspecified) when a section
 * changed differently on both sides.  Returns 0 or the buf error.
 */
int wikitext_merge(const char *base, const char *theirs, const char *ours,
    struct buf *out, bool *conflict);

/*
 * wikitext_diff - a readable line diff from a to b appended to out:
 * "@@ line N @@" hunks with two lines of context, "- " removed and "+ "
 * added lines, "  " context.  Nothing when a equals b.  Large inputs
 * (over WIKI_DIFF_CELLS) get a coarse diff: the whole changed middle
 * removed, then added.  Returns 0 or the buf error.
 */
int wikitext_diff(const char *a, const char *b, struct buf *out);

/* wikitext_distance - edit distance of two short strings (capped 99). */
int wikitext_distance(const char *a, const char *b);

#endif

/*
 * tmpl.h - the template renderer: every text a person reads comes from a
 * file under the templates directory, rendered against a small tree of
 * values built by the code (struct vars).
 *
 * Syntax (docs/templates.md has the full description):
 *   {{name}}            a string value; HTML-escaped in .html templates
 *   {{{name}}}          a value the code marked safe (vars_set_safe) raw
 *   {{a.b}}             dotted lookup: a is found in the innermost scope
 *                       that has it, b must be in a
 *   {{#x}}...{{/x}}     a list: once per item, the item a new scope;
 *                       a map: once, as a new scope; a bool or string:
 *                       once when true / non-empty
 *   {{^x}}...{{/x}}     once when x is false, "" or an empty list
 *   {{>partial}}        the file "partial" + this template's extension
 *   {{! comment }}      nothing
 * A section, partial or comment tag alone on its line takes the line
 * with it.
 *
 * Strict: an unknown variable, a type mismatch, a missing template or
 * partial, a syntax error are errors; why names "file:line: reason".
 * Never an empty string in place of a value.
 *
 * Non-goals: lambdas, set-delimiter tags, partial indentation, logic.
 *
 * Lookup: DIR/lists/LIST/NAME first (a per-list override), then
 * DIR/NAME.  Template and list names are checked ([a-z0-9._-], no "..").
 */
#ifndef STOA_TMPL_H
#define STOA_TMPL_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* Limits; candidates for common/bounds.h. */
#define TMPL_MAX_FILE          (256 * 1024) /* bytes in one template file */
#define TMPL_MAX_OUTPUT        (4 * 1024 * 1024) /* bytes one render may produce */
#define TMPL_MAX_PARTIAL_DEPTH 8                 /* nested {{>partial}} */
#define TMPL_MAX_NESTING       32 /* nested sections in one file */
#define TMPL_MAX_STEPS         (4 * 1024 * 1024) /* nodes visited per render */
#define TMPL_WRAP_COLUMNS      72                /* plain-text body width */
#define TMPL_SOFT              '\x1f' /* a template's soft line break */
/* the most of one untrusted text (a post) a message may carry: escaped
 * for HTML (at most 6 bytes per byte) it still fits TMPL_MAX_OUTPUT */
#define TMPL_MAX_TEXT (TMPL_MAX_OUTPUT / 8)

/*
 * struct vars - a map from keys to values: strings (plain or marked
 * safe for raw HTML), booleans, lists of maps, and nested maps.  Keys are
 * [A-Za-z0-9_-]+.  Setting a key again replaces its value.  A bad key
 * does not abort: the tree remembers it and every render fails with
 * E_INTERNAL, naming the key.
 */
struct vars;

struct vars *vars_new(void);
/* vars_free - free v and everything under it; NULL is fine. */
void vars_free(struct vars *v);
/* vars_set - a string value; value is copied (NULL means ""). */
void vars_set(struct vars *v, const char *key, const char *value);
/*
 * vars_set_cut - vars_set() of value cut with tmpl_cut() to at most max
 * bytes, so that a text of any size can be rendered.
 */
void vars_set_cut(
    struct vars *v, const char *key, const char *value, size_t max);
/*
 * tmpl_cut - append text to out, or when it is over max bytes its start
 * (cut after the last line end in the second half of max, else at a
 * UTF-8 character boundary) and a line saying how many bytes were left
 * out.  Returns 0 or the buf error.
 */
int tmpl_cut(const char *text, size_t max, struct buf *out);
/* vars_setf - a formatted string value. */
void vars_setf(struct vars *v, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/*
 * vars_set_safe - a string the code vouches for as HTML (built from
 * escaped parts); only such values may appear in {{{triple}}} tags.
 */
void vars_set_safe(struct vars *v, const char *key, const char *html);
void vars_set_bool(struct vars *v, const char *key, bool b);
/* vars_set_list - make key an empty list (so {{^key}} knows it is empty). */
void vars_set_list(struct vars *v, const char *list_key);
/*
 * vars_add_item - append a new empty map to the list list_key (created
 * when missing) and return it; borrowed, owned by v.
 */
struct vars *vars_add_item(struct vars *v, const char *list_key);
/* vars_set_map - a nested map under key (for {{key.field}}); borrowed. */
struct vars *vars_set_map(struct vars *v, const char *key);

/*
 * tmpl_render - render template NAME ("notice-held.txt"; .html escapes)
 * for list LIST (NULL or "" for no override) from directory DIR, and
 * append the result to out.  The output is capped by out's max and by
 * TMPL_MAX_OUTPUT.  Returns 0; E_NOTFOUND when the template or a partial
 * is missing; E_PARSE for syntax errors, unknown variables and type
 * mismatches; E_LIMIT for depth, size and step caps; E_INTERNAL for a
 * bad vars tree.  On error out is cut back to its length on entry.
 */
int tmpl_render(const char *dir, const char *list, const char *name,
    const struct vars *v, struct buf *out, struct buf *why);

/*
 * tmpl_cache_begin - from now on keep every template read and parsed once
 * (for a loop rendering the same templates); tmpl_cache_end() frees them
 * and reads every template afresh again.  Not thread-safe.
 */
void tmpl_cache_begin(void);
void tmpl_cache_end(void);

/*
 * tmpl_render_string - render a template held in memory (named
 * "<string>" in errors); partials are an error.  For tests and fuzzing.
 */
int tmpl_render_string(const char *src, size_t n, bool html,
    const struct vars *v, struct buf *out, struct buf *why);

/* tmpl_exists - true when DIR/lists/LIST/NAME or DIR/NAME is a file. */
bool tmpl_exists(const char *dir, const char *list, const char *name);

/*
 * tmpl_check - read and parse DIR/NAME (a file name with its extension)
 * without rendering it: 0, or an enum err with why "file:line: reason"
 * (`stoa check`).
 */
int tmpl_check(const char *dir, const char *name, struct buf *why);

/* A header taken from the top of a .txt template. */
struct tmpl_header {
	char *name;
	char *value; /* unfolded, no CR/LF */
};

/*
 * struct rendered - a message rendered from BASE.txt (+ BASE.html).
 * Everything is owned; rendered_release() frees it.
 */
struct rendered {
	char *subject;               /* the Subject header, required */
	struct tmpl_header *headers; /* any other headers, in order */
	size_t n_headers;
	char *text; /* plain body, wrapped, "\n" line ends, ends with "\n" */
	char *html; /* NULL when there is no BASE.html */
};

void rendered_init(struct rendered *r);
void rendered_release(struct rendered *r);

/*
 * tmpl_render_message - render BASE.txt (required) and BASE.html
 * (optional) for LIST.  The .txt starts with header lines ("Subject:
 * ...", continuation lines allowed) and a blank line; the .html has no
 * headers.  A value that puts CR or LF into the header block is an
 * error (header injection), as is a header the composer owns (From, To,
 * Date, Message-ID, MIME-Version, Content-*, ...).  The text body is
 * wrapped with tmpl_wrap().  r must be initialised; on error it is left
 * released.  Returns as tmpl_render.
 */
int tmpl_render_message(const char *dir, const char *list, const char *base,
    const struct vars *v, struct rendered *r, struct buf *why);

/*
 * tmpl_wrap - append text to out with lines over `width` columns (UTF-8
 * code points) wrapped at spaces.  Never breaks a word or URL (a longer
 * one gets a line of its own); lines starting with '>' (quotes), a space
 * or a tab (code) and lines that fit are kept byte for byte.  A wrapped
 * "- ", "* " or "N. " list item keeps a hanging indent.  TMPL_SOFT marks
 * a template's own line break inside a paragraph (tmpl_render_message):
 * a newline while every piece fits, but from a piece that overflows on
 * the paragraph is reflowed, so a long value does not leave a stub line
 * mid-sentence.  Returns 0 or the buf error.
 */
int tmpl_wrap(const char *text, size_t len, size_t width, struct buf *out);

#endif

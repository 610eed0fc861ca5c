/*
 * html.h - turn an HTML mail part into readable plain text, and the
 * entities that escape text for HTML.
 *
 * Purpose: a text body for HTML-only mail.  Paragraphs and line breaks
 * kept, list items as "- item" (or "1. item"), links as "text <url>",
 * entities decoded, whitespace collapsed, nothing from <script>, <style>,
 * <head> or comments.  No third-party library; a forgiving one-pass scan,
 * not a conforming HTML parser.
 *
 * Invariant: the output is valid UTF-8 with LF line ends and no NUL,
 * whatever the input (invalid input bytes become U+FFFD).
 */
#ifndef STOA_HTML_H
#define STOA_HTML_H

#include <stddef.h>

#include "buf.h"

/*
 * html_to_text - append the text of html[0..len) to out.  Returns 0, or
 * the sticky error of out (E_LIMIT when its max is reached).
 */
int html_to_text(const char *html, size_t len, struct buf *out);

#define HTML_SPECIAL "&<>\"'" /* the bytes html_entity() replaces */

/*
 * html_entity - what c becomes in HTML text or a quoted attribute value:
 * "&amp;", "&lt;", "&gt;", "&quot;" or "&#39;"; NULL for any other byte.
 * Inline: the escapers call it for every byte.
 */
static inline const char *
html_entity(char c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	default:
		return NULL;
	}
}

#endif

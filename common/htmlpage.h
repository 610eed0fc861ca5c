/*
 * htmlpage.h - the <head> lines every static HTML page of Stoa carries
 * (the wiki build, the archive, the report): UTF-8, a
 * Content-Security-Policy that forbids scripts, frames, forms and remote
 * loads (a second line of defence behind escaping), and a viewport for
 * phones.
 */
#ifndef STOA_HTMLPAGE_H
#define STOA_HTMLPAGE_H

#define HTML_PAGE_META                                                         \
	"<meta charset=\"utf-8\">\n"                                           \
	"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "  \
	"'none'; style-src 'unsafe-inline'; form-action 'none'; "              \
	"frame-ancestors 'none'\">\n"                                          \
	"<meta name=\"viewport\" content=\"width=device-width, "               \
	"initial-scale=1\">\n"

#endif

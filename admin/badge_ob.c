/*
 * badge_ob.c - `stoa badge export DIR --base-url URL`: Open Badges 2.0,
 * hosted verification (docs/badges.md; the shape of
 * ../shared/reference/openbadges2-example/, field by field).
 *
 *	DIR/issuer.json              the Issuer profile
 *	DIR/classes/SLUG.json        one BadgeClass per badge
 *	DIR/images/SLUG.svg          its image
 *	DIR/assertions/NNNN.json     one Assertion per award (NNNN its id)
 *
 * URLs are BASE/issuer.json and so on: serve DIR at BASE.  The recipient
 * is "sha256$" + SHA-256(lower-cased address + the award's salt), hashed.
 * A revoked award's assertion says "revoked": true and its
 * revocationReason.  Every text goes through buf_add_json(), which also
 * escapes < > &, and through wikitext_escape() in the SVG.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "admin.h"
#include "badgemail.h"
#include "badges.h"
#include "conf.h"
#include "crypto.h"
#include "err.h"
#include "outdir.h"
#include "store_badge.h"
#include "wikitext.h"

#define OB_CONTEXT "https://w3id.org/openbadges/v2"

/* Writing one file: the directory, the URL base, the reason on failure. */
struct ob {
	const char *dir, *base;
	struct buf *why;
	size_t files;
};

/* field - "  KEY": VALUE (a JSON string), with the comma before. */
static void
field(struct buf *b, const char *key, const char *value, bool first)
{
	buf_addf(b, "%s\n  \"%s\": ", first ? "{" : ",", key);
	buf_add_json(b, value);
}

/* url - BASE/path. */
static void
url(const struct ob *o, const char *path, struct buf *out)
{
	badgemail_url(o->base, path, out);
}

/* put - b as DIR/sub/name. */
static int
put(struct ob *o, const char *sub, const char *name, struct buf *b)
{
	struct buf dir = BUF_INIT(4096);
	int rc;

	buf_addf(&dir, "%s%s%s", o->dir, sub[0] != '\0' ? "/" : "", sub);
	rc = buf_error(b) != 0 ? E_NOMEM : outdir_mkdir(buf_cstr(&dir), o->why);
	if (rc == 0)
		rc = outdir_write(buf_cstr(&dir), name, b, NULL, o->why);
	if (rc == 0)
		o->files++;
	buf_release(&dir);
	return rc;
}

static int
issuer(struct ob *o)
{
	struct buf b = BUF_INIT(64 * 1024), u = BUF_INIT(4096),
	           mail = BUF_INIT(512);
	int rc;

	url(o, "issuer.json", &u);
	buf_addf(&mail, "postmaster@%s", conf_domain);
	field(&b, "@context", OB_CONTEXT, true);
	field(&b, "type", "Issuer", false);
	field(&b, "id", buf_cstr(&u), false);
	field(&b, "name", conf_site_name, false);
	buf_reset(&u);
	url(o, "", &u);
	field(&b, "url", buf_cstr(&u), false);
	field(&b, "email", buf_cstr(&mail), false);
	buf_adds(&b, "\n}\n");
	rc = put(o, "", "issuer.json", &b);
	buf_release(&b);
	buf_release(&u);
	buf_release(&mail);
	return rc;
}

/* svg - a round badge in the tier's colour with its name. */
static int
svg(struct ob *o, const struct badge_rule *r)
{
	static const struct {
		const char *tier, *fill;
	} colours[] = {
	    {"bronze", "#b0793a"}, {"silver", "#8a96a3"}, {"gold", "#c9a227"}};
	struct buf b = BUF_INIT(16 * 1024), name = BUF_INIT(256);
	const char *fill = "#3367d6";
	size_t i;
	int rc;

	for (i = 0; i < sizeof colours / sizeof colours[0]; i++)
		if (strcmp(r->tier, colours[i].tier) == 0)
			fill = colours[i].fill;
	buf_addf(&b,
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"128\" "
	    "height=\"128\" viewBox=\"0 0 128 128\" role=\"img\" "
	    "aria-label=\"");
	wikitext_escape(&b, r->name, strlen(r->name));
	buf_addf(&b,
	    "\">\n<circle cx=\"64\" cy=\"64\" r=\"60\" fill=\"%s\"/>\n"
	    "<circle cx=\"64\" cy=\"64\" r=\"50\" fill=\"none\" "
	    "stroke=\"#fff\" stroke-width=\"3\"/>\n<text x=\"64\" y=\"70\" "
	    "font-family=\"sans-serif\" font-size=\"13\" fill=\"#fff\" "
	    "text-anchor=\"middle\">",
	    fill);
	wikitext_escape(&b, r->name, strlen(r->name));
	buf_adds(&b, "</text>\n</svg>\n");
	buf_addf(&name, "%s.svg", r->slug);
	rc = put(o, "images", buf_cstr(&name), &b);
	buf_release(&b);
	buf_release(&name);
	return rc;
}

static int
badge_class(struct ob *o, const struct badge_rule *r)
{
	struct buf b = BUF_INIT(64 * 1024), u = BUF_INIT(4096),
	           p = BUF_INIT(256);
	int rc;

	buf_addf(&p, "classes/%s.json", r->slug);
	url(o, buf_cstr(&p), &u);
	field(&b, "@context", OB_CONTEXT, true);
	field(&b, "type", "BadgeClass", false);
	field(&b, "id", buf_cstr(&u), false);
	field(&b, "name", r->name, false);
	field(&b, "description", r->description, false);
	buf_reset(&u);
	buf_reset(&p);
	buf_addf(&p, "images/%s.svg", r->slug);
	url(o, buf_cstr(&p), &u);
	field(&b, "image", buf_cstr(&u), false);
	buf_adds(&b, ",\n  \"criteria\": {\n    \"narrative\": ");
	buf_add_json(&b, r->criterion);
	buf_reset(&u);
	url(o, "issuer.json", &u);
	buf_adds(&b, "\n  }");
	field(&b, "issuer", buf_cstr(&u), false);
	buf_adds(&b, ",\n  \"tags\": [\n    ");
	buf_add_json(&b, r->tier);
	buf_adds(&b, ",\n    \"stoa\"\n  ]\n}\n");
	buf_reset(&p);
	buf_addf(&p, "%s.json", r->slug);
	rc = put(o, "classes", buf_cstr(&p), &b);
	if (rc == 0)
		rc = svg(o, r);
	buf_release(&b);
	buf_release(&u);
	buf_release(&p);
	return rc;
}

/* identity - "sha256$" + hex SHA-256(lower-cased email + salt). */
static int
identity(const struct badge_award *a, struct buf *out)
{
	struct buf in = BUF_INIT(MAX_EMAIL + 64);
	char hex[CRYPTO_SHA256_HEX];
	size_t i;
	int rc;

	buf_addf(&in, "%s%s", a->email, a->salt);
	for (i = 0; i < strlen(a->email); i++)
		in.data[i] = (char)tolower((unsigned char)in.data[i]);
	rc = crypto_sha256_hex(in.data, in.len, hex);
	if (rc == 0)
		buf_addf(out, "sha256$%s", hex);
	buf_release(&in);
	return rc;
}

/* evidence - what the assertion says about how it was earned. */
static void
evidence(const struct badge_award *a, struct buf *out)
{
	if (strcmp(a->by, "rule") == 0)
		buf_addf(out,
		    "Earned in the list %s on %.10s by the rule: ", a->list,
		    a->awarded_at);
	else
		buf_addf(out, "Given in the list %s on %.10s by its %s%s%s",
		    a->list, a->awarded_at,
		    strcmp(a->by, "admin") == 0 ? "administrator"
		                                : "moderators",
		    a->reason[0] != '\0' ? ": " : ".", a->reason);
}

static int
assertion(struct ob *o, const struct badge_award *a)
{
	const struct badge_rule *r = badge_find(a->badge);
	struct buf b = BUF_INIT(64 * 1024), u = BUF_INIT(4096),
	           p = BUF_INIT(256), id = BUF_INIT(128), ev = BUF_INIT(1024);
	char on[32];
	int rc;

	badgemail_assertion_path(a->id, &p);
	url(o, buf_cstr(&p), &u);
	rc = identity(a, &id);
	field(&b, "@context", OB_CONTEXT, true);
	field(&b, "type", "Assertion", false);
	field(&b, "id", buf_cstr(&u), false);
	buf_adds(&b,
	    ",\n  \"recipient\": {\n    \"type\": \"email\",\n"
	    "    \"hashed\": true,\n    \"salt\": ");
	buf_add_json(&b, a->salt);
	buf_adds(&b, ",\n    \"identity\": ");
	buf_add_json(&b, buf_cstr(&id));
	buf_adds(&b, "\n  }");
	buf_reset(&p);
	buf_reset(&u);
	buf_addf(&p, "classes/%s.json", a->badge);
	url(o, buf_cstr(&p), &u);
	field(&b, "badge", buf_cstr(&u), false);
	buf_adds(&b, ",\n  \"verification\": {\n    \"type\": \"hosted\"\n  }");
	snprintf(on, sizeof on, "%.19s+00:00", a->awarded_at);
	field(&b, "issuedOn", on, false);
	evidence(a, &ev);
	if (strcmp(a->by, "rule") == 0 && r != NULL)
		buf_adds(&ev, r->criterion);
	buf_adds(&b, ",\n  \"evidence\": {\n    \"narrative\": ");
	buf_add_json(&b, buf_cstr(&ev));
	buf_adds(&b, "\n  }");
	if (a->revoked_at[0] != '\0') {
		buf_adds(&b, ",\n  \"revoked\": true");
		field(&b, "revocationReason", a->revoke_reason, false);
	}
	buf_adds(&b, "\n}\n");
	buf_reset(&p);
	buf_addf(&p, "%04lld.json", a->id);
	if (rc == 0)
		rc = put(o, "assertions", buf_cstr(&p), &b);
	buf_release(&b);
	buf_release(&u);
	buf_release(&p);
	buf_release(&id);
	buf_release(&ev);
	return rc;
}

/* base_ok - an http(s) URL without characters that need quoting. */
static bool
base_ok(const char *s)
{
	return (strncmp(s, "https://", 8) == 0 ||
	           strncmp(s, "http://", 7) == 0) &&
	    strpbrk(s, " \t\r\n\"'<>\\") == NULL && strlen(s) < 1024;
}

int
badge_export(struct ctx *c, int argc, char **argv)
{
	struct opt opts[] = {{"base-url", 1, NULL}, {NULL, 0, NULL}};
	const char *pos[1];
	struct buf why = BUF_INIT(1024);
	struct badge_award *a = NULL;
	struct ob o;
	size_t n = 0, i;
	int rc;

	rc = opts_parse(argc, argv, opts, pos, 1, 1,
	    "stoa badge export DIR --base-url URL");
	if (rc != 0)
		return rc;
	o = (struct ob){pos[0],
	    opts[0].value != NULL ? opts[0].value : conf_badge_base_url, &why,
	    0};
	if (o.base == NULL || !base_ok(o.base))
		return die_rc(E_PARSE,
		    "--base-url needs an http(s) URL (or "
		    "badge_base_url in the config)");
	rc = ctx_open(c);
	if (rc != 0)
		return rc;
	rc = outdir_mkdir(o.dir, &why);
	if (rc == 0)
		rc = issuer(&o);
	for (i = 0; rc == 0 && i < badge_nrules; i++)
		rc = badge_class(&o, &badge_rules[i]);
	if (rc == 0)
		rc = store_badge_awards(c->st, 0, 0, false, &a, &n);
	for (i = 0; rc == 0 && i < n; i++)
		rc = assertion(&o, &a[i]);
	if (rc == 0)
		printf("%zu files written to %s: %zu badge classes, %zu "
		       "assertions\n",
		    o.files, o.dir, badge_nrules, n);
	else
		rc = die_rc(rc, why.len > 0 ? buf_cstr(&why) : "export failed");
	free(a);
	buf_release(&why);
	return rc;
}

/*
 * members.c - `stoa list ...` and `stoa member ...`, including the CSV
 * import (good rows in one transaction, bad rows reported by line).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "addr.h"
#include "admin.h"
#include "clock.h"
#include "conf.h"
#include "csv.h"
#include "err.h"
#include "intromail.h"
#include "rfile.h"
#include "store_connect.h"
#include "store_groups.h"
#include "store_sub.h"
#include "terms.h"

#define MEMBER_SHOW_TERMS 20 /* expertise words stoa member show prints */

static const char *const roles[] = {
    "member", "moderator", "mentor", "owner", NULL};
static const char *const deliveries[] = {"each", "digest", "none", NULL};
static const char *const statuses[] = {"active", "disabled", NULL};

/* one_of - v is NULL or in the NULL-terminated set. */
static bool
one_of(const char *v, const char *const *set)
{
	if (v == NULL)
		return true;
	for (; *set != NULL; set++)
		if (strcmp(v, *set) == 0)
			return true;
	return false;
}

bool
admin_text_ok(const char *s, size_t max)
{
	size_t n = strlen(s), i;

	if (n > max || !utf8_valid(s, n))
		return false;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

/* check_fields - validate role/delivery/status/name; why gets the reason. */
static int
check_fields(const struct member_rec *m, struct buf *why)
{
	if (!one_of(m->role, roles))
		buf_addf(why,
		    "unknown role \"%s\" (member, moderator, mentor, owner)",
		    m->role);
	else if (!one_of(m->delivery, deliveries))
		buf_addf(why, "unknown delivery \"%s\" (each, digest, none)",
		    m->delivery);
	else if (!one_of(m->status, statuses))
		buf_addf(
		    why, "unknown status \"%s\" (active, disabled)", m->status);
	else if (m->name != NULL && !admin_text_ok(m->name, MAX_NAME))
		buf_adds(why, "the name is too long or not clean UTF-8 text");
	else
		return 0;
	return E_PARSE;
}

int
admin_open_list(struct ctx *c, const char *name, struct list_rec *l)
{
	struct buf why = BUF_INIT(256);
	int rc;

	memset(l, 0, sizeof *l);
	rc = ctx_open(c);
	if (rc != 0)
		return rc;
	rc = store_list_get(c->st, name, l);
	if (rc == E_NOGROUP) {
		buf_addf(
		    &why, "no list named \"%s\" (see stoa list show)", name);
		rc = die_rc(rc, buf_cstr(&why));
	} else if (rc != 0)
		rc = die_rc(rc, "cannot read the lists");
	buf_release(&why);
	return rc;
}

int
admin_finish_tx(struct ctx *c, int rc, struct buf *why, const char *what)
{
	if (rc == 0)
		rc = store_commit(c->st);
	if (rc != 0) {
		store_rollback(c->st);
		return die_rc(rc, why->len ? buf_cstr(why) : what);
	}
	return 0;
}

static int
list_create(struct ctx *c, int argc, char **argv)
{
	struct opt opts[] = {{"title", 1, NULL}, {"timezone", 1, NULL},
	    {"moderated", 0, NULL}, {NULL, 0, NULL}};
	const char *pos[1];
	struct list_rec l = {0};
	struct buf why = BUF_INIT(256);
	int rc;

	rc = opts_parse(argc, argv, opts, pos, 1, 1,
	    "stoa list create NAME [--title T] [--timezone Z] [--moderated]");
	if (rc != 0)
		return rc;
	l.name = (char *)pos[0];
	l.title = (char *)(opts[0].value != NULL ? opts[0].value : pos[0]);
	l.timezone =
	    (char *)(opts[1].value != NULL ? opts[1].value : conf_timezone);
	l.moderated = opts[2].value != NULL;
	if (!list_name_valid(l.name))
		return die_rc(E_PARSE,
		    "a list name is lower-case letters, digits, '-', '_' "
		    "or single dots, at most 22 characters (so that reply "
		    "addresses fit 64)");
	if (!tz_valid(l.timezone))
		return die_rc(
		    E_PARSE, "unknown time zone (e.g. Europe/Berlin)");
	if (!admin_text_ok(l.title, MAX_NAME))
		return die_rc(E_PARSE,
		    "the title is too long, not UTF-8, or has control "
		    "characters (line breaks, tabs)");
	rc = ctx_open(c);
	if (rc != 0)
		return rc;
	rc = store_begin(c->st);
	if (rc == 0)
		rc = store_list_create(c->st, &l, &why);
	rc = admin_finish_tx(c, rc, &why, "cannot create the list");
	if (rc == 0)
		printf("list %s@%s created\n", l.name, conf_domain);
	buf_release(&why);
	return rc;
}

int
cmd_list(struct ctx *c, int argc, char **argv)
{
	int rc;

	if (argc >= 1 && strcmp(argv[0], "create") == 0)
		return list_create(c, argc - 1, argv + 1);
	if (argc >= 1 && strcmp(argv[0], "show") != 0)
		return cmd_list_admin(c, argc, argv);
	if (argc == 2)
		return cmd_list_admin(c, argc, argv);
	if (argc == 1) {
		rc = ctx_open(c);
		if (rc == 0 && store_list_show(c->st, stdout) != 0)
			rc = die_rc(E_TEMP, "cannot read the lists");
		return rc;
	}
	fprintf(stderr,
	    "stoa: usage: stoa list create|show|set|rename|delete ...\n");
	return EX_USAGE;
}

/* The welcome of members added here, for lists with introductions on. */
struct welcomer {
	bool on, have_keys;
	struct token_keys keys;
};

/* welcomer_init - look at list l's setting (keys loaded when on). */
static int
welcomer_init(struct ctx *c, const struct list_rec *l, struct welcomer *w,
    struct buf *why)
{
	struct connect_settings cs;
	int rc;

	memset(w, 0, sizeof *w);
	rc = store_connect_settings(c->st, l->id, &cs);
	if (rc != 0 || !cs.intros)
		return rc;
	w->on = true;
	rc = token_keys_load(conf_secret_file, &w->keys, why);
	w->have_keys = rc == 0;
	return rc;
}

/*
 * welcome - the welcome with the invitation to introduce themselves to a
 * member just added (intromail.h); nothing when the list has them off.
 */
static int
welcome(struct ctx *c, const struct list_rec *l, struct welcomer *w,
    const struct member_rec *m)
{
	long long id;
	char role[16];
	bool sent;
	int rc;

	if (!w->on)
		return 0;
	rc = store_member_lookup(c->st, l->id, m->email, &id, role);
	if (rc == 0)
		rc = intromail_welcome(c->st, &w->keys, l, id,
		    m->delivery != NULL ? m->delivery : "each", clock_now(),
		    &sent);
	return rc;
}

static void
welcomer_release(struct welcomer *w)
{
	if (w->have_keys)
		token_keys_clear(&w->keys);
}

/* member_one - add or set one member from options. */
static int
member_one(struct ctx *c, int argc, char **argv, bool add)
{
	struct opt opts[] = {{"name", 1, NULL}, {"role", 1, NULL},
	    {"delivery", 1, NULL}, {"status", 1, NULL}, {NULL, 0, NULL}};
	const char *pos[2];
	char email[MAX_EMAIL + 1];
	struct member_rec m;
	struct list_rec l = {0};
	struct welcomer w = {0};
	struct buf why = BUF_INIT(512);
	int rc;

	if (add)
		opts[3].name = NULL; /* status is for set only */
	rc = opts_parse(argc, argv, opts, pos, 2, 2,
	    add ? "stoa member add LIST EMAIL [--name N] [--role R] [--delivery D]"
	        : "stoa member set LIST EMAIL [--name N] [--role R] "
	          "[--delivery D] [--status S]");
	if (rc != 0)
		return rc;
	if (addr_normalise(pos[1], email, &why) != 0) {
		buf_addf(&why, ": %s", pos[1]);
		rc = die_rc(E_PARSE, buf_cstr(&why));
		goto out;
	}
	m = (struct member_rec){
	    email, opts[0].value, opts[1].value, opts[2].value, opts[3].value};
	if (check_fields(&m, &why) != 0) {
		rc = die_rc(E_PARSE, buf_cstr(&why));
		goto out;
	}
	rc = admin_open_list(c, pos[0], &l);
	if (rc != 0)
		goto out;
	rc = store_begin(c->st);
	if (rc == 0 && add)
		rc = welcomer_init(c, &l, &w, &why);
	if (rc == 0)
		rc = add ? store_member_add(c->st, l.id, &m, &why)
		         : store_member_set(c->st, l.id, &m, &why);
	if (rc == 0 && add)
		rc = welcome(c, &l, &w, &m);
	rc = admin_finish_tx(c, rc, &why, "cannot change the member");
	if (rc == 0)
		printf(
		    "%s %s in %s\n", email, add ? "added" : "updated", l.name);
out:
	welcomer_release(&w);
	list_rec_release(&l);
	buf_release(&why);
	return rc;
}

static int
member_remove(struct ctx *c, int argc, char **argv)
{
	const char *pos[2];
	char email[MAX_EMAIL + 1];
	struct list_rec l = {0};
	struct buf why = BUF_INIT(512);
	int rc;

	rc = opts_parse(
	    argc, argv, NULL, pos, 2, 2, "stoa member remove LIST EMAIL");
	if (rc != 0)
		return rc;
	if (addr_normalise(pos[1], email, &why) != 0) {
		rc = die_rc(E_PARSE, buf_cstr(&why));
		goto out;
	}
	rc = admin_open_list(c, pos[0], &l);
	if (rc != 0)
		goto out;
	rc = store_begin(c->st);
	if (rc == 0)
		rc = store_member_remove(c->st, l.id, email, &why);
	rc = admin_finish_tx(c, rc, &why, "cannot remove the member");
	if (rc == 0)
		printf("%s removed from %s\n", email, l.name);
out:
	list_rec_release(&l);
	buf_release(&why);
	return rc;
}

/*
 * Column positions found in the header row of an import file; any other
 * column is a member field (team, location ...) kept in member_fields.
 */
struct columns {
	int email, name, role, delivery;
	int extra[CSV_MAX_FIELDS];
	const char *extra_name[CSV_MAX_FIELDS]; /* borrowed from the header */
	int n_extra;
};

#define FIELD_NAME_MAX 32 /* bytes of a member field's name */

/* field_name_ok - letters, digits, '_', '-', at most FIELD_NAME_MAX. */
static bool
field_name_ok(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && n <= FIELD_NAME_MAX &&
	    strspn(s,
	        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	        "0123456789_-") == n;
}

static int
header_columns(const struct csv_row *r, struct columns *col)
{
	int i;

	memset(col, 0, sizeof *col);
	col->email = col->name = col->role = col->delivery = -1;
	for (i = 0; i < r->n; i++) {
		struct str f = str_from(r->field[i]);

		if (str_ieq(f, "email"))
			col->email = i;
		else if (str_ieq(f, "name"))
			col->name = i;
		else if (str_ieq(f, "role"))
			col->role = i;
		else if (str_ieq(f, "delivery"))
			col->delivery = i;
		else if (field_name_ok(r->field[i])) {
			col->extra[col->n_extra] = i;
			col->extra_name[col->n_extra++] = r->field[i];
		}
	}
	return col->email >= 0 ? 0 : E_PARSE;
}

static const char *
cell(const struct csv_row *r, int i)
{
	if (i < 0 || i >= r->n || r->field[i][0] == '\0')
		return NULL;
	return r->field[i];
}

/* extras_ok - the extra columns' values of row r are clean text. */
static int
extras_ok(const struct csv_row *r, const struct columns *col, struct buf *why)
{
	const char *v;
	int i;

	for (i = 0; i < col->n_extra; i++) {
		v = cell(r, col->extra[i]);
		if (v != NULL && !admin_text_ok(v, MAX_NAME)) {
			buf_addf(why,
			    "the %s is too long or not clean UTF-8 "
			    "text",
			    col->extra_name[i]);
			return E_PARSE;
		}
	}
	return 0;
}

/* keep_fields - the row's extra columns (team ...) as member fields. */
static int
keep_fields(struct ctx *c, const char *email, const struct csv_row *r,
    const struct columns *col)
{
	int i, rc = 0;

	for (i = 0; rc == 0 && i < col->n_extra; i++)
		rc = store_member_field_set(
		    c->st, email, col->extra_name[i], cell(r, col->extra[i]));
	return rc;
}

/* import_row - validate and add one row; why gets the reason. */
static int
import_row(struct ctx *c, const struct list_rec *l, struct welcomer *w,
    const struct csv_row *r, const struct columns *col, struct buf *why)
{
	char email[MAX_EMAIL + 1];
	struct member_rec m;
	const char *e = cell(r, col->email);
	int rc;

	if (e == NULL) {
		buf_adds(why, "no email");
		return E_PARSE;
	}
	if (addr_normalise(e, email, why) != 0)
		return E_PARSE;
	m = (struct member_rec){email, cell(r, col->name), cell(r, col->role),
	    cell(r, col->delivery), NULL};
	if (check_fields(&m, why) != 0 || extras_ok(r, col, why) != 0)
		return E_PARSE;
	rc = store_member_add(c->st, l->id, &m, why);
	if (rc == 0)
		rc = keep_fields(c, email, r, col);
	return rc == 0 ? welcome(c, l, w, &m) : rc;
}

/* report_row - one bad row on stderr: FILE:LINE (or LINE-LAST): reason. */
static void
report_row(const char *path, const struct csv_row *row, const struct buf *why)
{
	const char *reason = row->why != NULL ? row->why : "not a CSV row";

	if (why->len > 0)
		reason = buf_cstr(why);
	if (row->last > row->line)
		fprintf(stderr, "stoa: %s:%d-%d: %s; these lines are skipped\n",
		    path, row->line, row->last, reason);
	else
		fprintf(stderr, "stoa: %s:%d: %s\n", path, row->line, reason);
}

/*
 * import_rows - every data row; bad ones are reported and counted, good
 * ones added.  A transient store error stops the import (returned).
 */
static int
import_rows(struct ctx *c, const struct list_rec *l, struct welcomer *w,
    FILE *f, const char *path, int *lineno, const struct columns *col,
    int *good, int *bad)
{
	struct csv_row row = {0};
	struct buf why = BUF_INIT(512);
	int rc, r;

	while ((r = csv_read(f, lineno, &row)) != 0) {
		buf_reset(&why);
		if (r == 1 && row.n == 1 && row.field[0][0] == '\0')
			continue; /* blank line */
		rc = r < 0 ? E_PARSE : import_row(c, l, w, &row, col, &why);
		if (rc == E_TEMP || rc == E_NOMEM || rc == E_INTERNAL) {
			csv_row_release(&row);
			buf_release(&why);
			return rc;
		}
		if (rc == 0) {
			(*good)++;
			continue;
		}
		(*bad)++;
		report_row(path, &row, &why);
	}
	csv_row_release(&row);
	buf_release(&why);
	return 0;
}

static int
member_import(struct ctx *c, int argc, char **argv)
{
	const char *pos[2];
	struct list_rec l = {0};
	struct csv_row hdr = {0};
	struct welcomer w = {0};
	struct columns col;
	struct buf why = BUF_INIT(512);
	int rc, lineno = 0, good = 0, bad = 0;
	FILE *f;

	rc = opts_parse(
	    argc, argv, NULL, pos, 2, 2, "stoa member import LIST FILE.csv");
	if (rc != 0)
		return rc;
	if (rfile_open(pos[1], MAX_CSV_FILE, &f, &why) != 0) {
		rc = die_rc(E_PARSE, buf_cstr(&why));
		buf_release(&why);
		return rc;
	}
	if (csv_skip_bom(f) != 0 || csv_read(f, &lineno, &hdr) != 1 ||
	    header_columns(&hdr, &col) != 0) {
		buf_addf(&why,
		    "%s: the first line must be a CSV header with an "
		    "\"email\" column (and name, role, delivery); "
		    "nothing imported",
		    pos[1]);
		rc = die_rc(E_PARSE, buf_cstr(&why));
		goto out;
	}
	rc = admin_open_list(c, pos[0], &l);
	if (rc != 0)
		goto out;
	rc = store_begin(c->st);
	if (rc == 0)
		rc = welcomer_init(c, &l, &w, &why);
	if (rc == 0)
		rc = import_rows(
		    c, &l, &w, f, pos[1], &lineno, &col, &good, &bad);
	rc = admin_finish_tx(c, rc, &why, "import failed; nothing imported");
	if (rc == 0) {
		printf("imported %d members into %s, %d bad rows\n", good,
		    l.name, bad);
		if (bad > 0)
			rc = EX_DATAERR;
	}
out:
	welcomer_release(&w);
	fclose(f);
	csv_row_release(&hdr);
	list_rec_release(&l);
	buf_release(&why);
	return rc;
}

/* expertise - the words of member's expertise (route items), to f. */
static int
expertise(struct ctx *c, long long list, long long member)
{
	struct route_item *it;
	struct terms t;
	size_t n, i, shown = 0;
	int rc;

	rc = store_route_items(c->st, list, member, "", "", &it, &n);
	if (rc != 0)
		return rc;
	terms_init(&t);
	for (i = 0; i < n; i++)
		terms_extract(&t, it[i].title);
	printf("expertise:");
	for (i = 0; i < t.n && shown < MEMBER_SHOW_TERMS; i++)
		if (strchr(t.v[i], ' ') == NULL)
			printf("%s%s", shown++ > 0 ? ", " : " ", t.v[i]);
	printf("\n");
	terms_release(&t);
	route_items_free(it, n);
	return 0;
}

/* show_profile - the introduction and the expertise of member. */
static int
show_profile(struct ctx *c, long long list, long long member)
{
	struct profile_rec p;
	bool off = false;
	int rc;

	rc = store_help_off(c->st, list, member, &off);
	if (rc == 0)
		printf("help: %s\n", off ? "off" : "on");
	if (rc == 0)
		rc = store_profile_get(c->st, list, member, &p);
	if (rc == E_NOTFOUND) {
		printf("introduction: none yet\n");
		rc = 0;
	} else if (rc == 0) {
		printf(
		    "introduction: %s (thread %lld)\n", p.updated, p.thread_id);
		printf("works on: %s\ncan help with: %s\nwants to learn: %s\n",
		    p.works_on, p.can_help, p.want_learn);
		profile_rec_release(&p);
	}
	return rc == 0 ? expertise(c, list, member) : rc;
}

/* member_show - one member of a list: membership, profile, expertise. */
static int
member_show(struct ctx *c, int argc, char **argv)
{
	const char *pos[2];
	char email[MAX_EMAIL + 1];
	struct list_rec l = {0};
	struct sub_rec sub;
	struct connect_member who;
	struct buf why = BUF_INIT(512);
	int rc;

	rc = opts_parse(
	    argc, argv, NULL, pos, 2, 2, "stoa member show LIST EMAIL");
	if (rc != 0)
		return rc;
	if (addr_normalise(pos[1], email, &why) != 0) {
		rc = die_rc(E_PARSE, buf_cstr(&why));
		goto out;
	}
	rc = admin_open_list(c, pos[0], &l);
	if (rc == 0) {
		rc = store_sub_lookup(c->st, l.id, email, &sub);
		if (rc == E_NOTFOUND)
			buf_addf(
			    &why, "%s is not a member of %s", email, l.name);
	}
	if (rc == 0)
		rc = store_connect_member(c->st, sub.member_id, &who);
	if (rc == 0) {
		printf("email: %s\nname: %s\nlist: %s\nrole: %s\n"
		       "delivery: %s\nstatus: %s\n",
		    who.email, who.name, l.name, sub.role, sub.delivery,
		    sub.status);
		rc = show_profile(c, l.id, sub.member_id);
	}
	if (rc != 0 && rc < 0)
		rc = die_rc(rc,
		    why.len > 0 ? buf_cstr(&why) : "cannot read the member");
out:
	list_rec_release(&l);
	buf_release(&why);
	return rc;
}

int
cmd_member(struct ctx *c, int argc, char **argv)
{
	if (argc >= 1 && strcmp(argv[0], "add") == 0)
		return member_one(c, argc - 1, argv + 1, true);
	if (argc >= 1 && strcmp(argv[0], "set") == 0)
		return member_one(c, argc - 1, argv + 1, false);
	if (argc >= 1 && strcmp(argv[0], "remove") == 0)
		return member_remove(c, argc - 1, argv + 1);
	if (argc >= 1 && strcmp(argv[0], "import") == 0)
		return member_import(c, argc - 1, argv + 1);
	if (argc >= 1 && strcmp(argv[0], "show") == 0)
		return member_show(c, argc - 1, argv + 1);
	fprintf(stderr,
	    "stoa: usage: stoa member add|set|remove|import|show ...\n");
	return EX_USAGE;
}

/*
 * groups.c - `stoa group split|list|merge|dissolve` (docs/connect-groups.md):
 * a list's active members divided into small groups, each a list of its
 * own (parent_id: the list), told by mail who is in their group.  The
 * split itself is learn/split.c (pure, seeded); the whole split is one
 * transaction, so a failure leaves no half-made groups.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "addr.h"
#include "admin.h"
#include "conf.h"
#include "err.h"
#include "groupmail.h"
#include "split.h"
#include "store_groups.h"
#include "xmalloc.h"

const char group_usage[] =
    "usage: stoa group COMMAND ...\n"
    "\n"
    "  split LIST --size N [--by FIELD | --group-by FIELD] [--name PATTERN]\n"
    "        [--seed S] [--dry-run] [--no-mail]\n"
    "                        divide the active members into groups of about\n"
    "                        N (sizes differ by one at most), each a list of\n"
    "                        its own; --groups K instead of --size asks for K\n"
    "                        groups.  --by spreads each value of an imported\n"
    "                        CSV column (team, location) over the groups;\n"
    "                        --group-by keeps each value together.  PATTERN\n"
    "                        names the groups, {n} the number (default\n"
    "                        LIST-g{n}; at most 22 characters).  The same\n"
    "                        seed gives the same split (default: from the\n"
    "                        list's name).  --dry-run prints the split and\n"
    "                        changes nothing; --no-mail tells nobody\n"
    "  list LIST [--all]     the groups of LIST with their member counts\n"
    "                        (--all: dissolved ones too)\n"
    "  merge G1 G2           the members of G2 join G1; G2 is dissolved\n"
    "  dissolve G            end group G: its members leave it, its posts\n"
    "                        stay\n"
    "\n"
    "See docs/connect-groups.md.\n";

/* The options of a split (borrowed). */
struct split_opts {
	const char *list, *field, *pattern;
	size_t size, groups;
	enum split_mode mode;
	unsigned long long seed;
	bool dry, mail;
};

/* group_name - pattern with {n} replaced by number into out. */
static void
group_name(const char *pattern, size_t number, struct buf *out)
{
	const char *at = strstr(pattern, "{n}");

	buf_reset(out);
	buf_add(out, pattern, (size_t)(at - pattern));
	buf_addf(out, "%zu", number);
	buf_adds(out, at + 3);
}

/* names_ok - the names up to number last fit; why when not. */
static int
names_ok(const char *pattern, size_t last, struct buf *why)
{
	struct buf name = BUF_INIT(256);
	int rc = 0;

	if (strstr(pattern, "{n}") == NULL) {
		buf_addf(why,
		    "the name pattern \"%s\" needs {n}, the group's "
		    "number (e.g. learn-g{n})",
		    pattern);
		return E_PARSE;
	}
	group_name(pattern, last, &name);
	if (!list_name_valid(buf_cstr(&name))) {
		buf_addf(why,
		    "group names like %s are not valid list names (lower-case "
		    "letters, digits, '-', '_', '.', at most %d characters); "
		    "give a shorter --name, e.g. --name g{n}",
		    buf_cstr(&name), MAX_LIST_NAME);
		rc = E_PARSE;
	}
	buf_release(&name);
	return rc;
}

/* count_of - the number of groups for n members; why when refused. */
static int
count_of(const struct split_opts *o, size_t n, size_t *k, struct buf *why)
{
	*k = o->groups > 0 ? o->groups : split_count(n, o->size);
	if (n < 2)
		buf_addf(why,
		    "%s has %zu active members; a split needs at "
		    "least 2",
		    o->list, n);
	else if (*k > n)
		buf_addf(why,
		    "%zu groups for %zu members: more groups than "
		    "members",
		    *k, n);
	else if (*k < 2)
		buf_addf(why,
		    "%zu members in groups of about %zu make one group, the "
		    "list itself; choose a smaller --size",
		    n, o->size);
	else
		return 0;
	return E_PARSE;
}

/* print_dry - the split as NAME<TAB>EMAIL lines, by group. */
static void
print_dry(const struct split_opts *o, const struct group_member *m,
    const unsigned *g, size_t n, size_t k, size_t first)
{
	struct buf name = BUF_INIT(256);
	size_t i, j;

	for (j = 0; j < k; j++) {
		group_name(o->pattern, first + j, &name);
		for (i = 0; i < n; i++)
			if (g[i] == j)
				printf("%s\t%s\n", buf_cstr(&name), m[i].email);
	}
	buf_release(&name);
}

/* The groups being made. */
struct making {
	struct ctx *c;
	const struct split_opts *o;
	const struct list_rec *parent;
	struct token_keys keys;
	long long *ids; /* k new lists */
	size_t k, first, told;
};

/* tell_all - each member of each new group their group. */
static int
tell_all(struct making *mk)
{
	struct list_rec g;
	size_t j, sent;
	int rc = 0;

	for (j = 0; rc == 0 && j < mk->k; j++) {
		rc = store_list_get_id(mk->c->st, mk->ids[j], &g);
		if (rc == 0)
			rc = groupmail_tell(mk->c->st, &mk->keys,
			    &(struct groupmail){
			        &g, mk->parent, NULL, 0, "split"},
			    &sent);
		mk->told += sent;
		list_rec_release(&g);
	}
	return rc;
}

/* make - create the groups and their memberships (in the transaction). */
static int
make(struct making *mk, const struct group_member *m, const unsigned *g,
    size_t n, struct buf *why)
{
	struct buf name = BUF_INIT(256), title = BUF_INIT(512);
	size_t i, j;
	int rc = 0;

	for (j = 0; rc == 0 && j < mk->k; j++) {
		group_name(mk->o->pattern, mk->first + j, &name);
		buf_reset(&title);
		buf_addf(
		    &title, "%s, group %zu", mk->parent->title, mk->first + j);
		rc = store_group_create(mk->c->st, mk->parent, buf_cstr(&name),
		    buf_cstr(&title), &mk->ids[j], why);
	}
	for (i = 0; rc == 0 && i < n; i++)
		rc = store_group_join(mk->c->st, mk->parent->id, mk->ids[g[i]],
		    m[i].id, m[i].delivery);
	if (rc == 0 && mk->o->mail)
		rc = tell_all(mk);
	buf_release(&name);
	buf_release(&title);
	return rc;
}

/* summary - one line per new group, then the totals. */
static void
summary(const struct making *mk, const unsigned *g, size_t n)
{
	struct buf name = BUF_INIT(256);
	size_t i, j, cnt;

	for (j = 0; j < mk->k; j++) {
		for (cnt = 0, i = 0; i < n; i++)
			cnt += g[i] == j;
		group_name(mk->o->pattern, mk->first + j, &name);
		printf(
		    "%s@%s\t%zu members\n", buf_cstr(&name), conf_domain, cnt);
	}
	printf("split %s: %zu members into %zu groups (seed %llu); %zu "
	       "members told\n",
	    mk->parent->name, n, mk->k, mk->o->seed, mk->told);
	buf_release(&name);
}

/* create - the real split; exit code. */
static int
create(struct ctx *c, const struct split_opts *o, const struct list_rec *l,
    const struct group_member *m, const unsigned *g, size_t n, size_t k,
    size_t first)
{
	struct making mk;
	struct buf why = BUF_INIT(1024);
	int rc = 0;

	memset(&mk, 0, sizeof mk);
	mk.c = c;
	mk.o = o;
	mk.parent = l;
	mk.k = k;
	mk.first = first;
	mk.ids = xreallocarray(NULL, k, sizeof *mk.ids);
	if (o->mail)
		rc = token_keys_load(conf_secret_file, &mk.keys, &why);
	if (rc == 0)
		rc = store_begin(c->st);
	if (rc == 0)
		rc = make(&mk, m, g, n, &why);
	rc = admin_finish_tx(c, rc, &why, "cannot make the groups");
	if (rc == 0)
		summary(&mk, g, n);
	token_keys_clear(&mk.keys);
	free(mk.ids);
	buf_release(&why);
	return rc;
}

/* existing - refuse a list that is a group or has active groups. */
static int
existing(
    struct ctx *c, const struct list_rec *l, size_t *total, struct buf *why)
{
	struct group_rec *gs;
	long long parent;
	size_t n;
	int rc;

	rc = store_list_parent(c->st, l->id, &parent);
	if (rc == 0 && parent != 0) {
		buf_addf(why, "%s is itself a small group; split its parent",
		    l->name);
		return E_PARSE;
	}
	if (rc == 0)
		rc = store_groups(c->st, l->id, false, &gs, &n);
	if (rc != 0)
		return rc;
	free(gs);
	if (n > 0) {
		buf_addf(why,
		    "%s already has %zu groups (stoa group list %s); "
		    "dissolve them first",
		    l->name, n, l->name);
		return E_PARSE;
	}
	return store_group_total(c->st, l->id, total);
}

/* split_run - the split of o; exit code. */
static int
split_run(struct ctx *c, struct split_opts *o)
{
	struct list_rec l;
	struct group_member *m = NULL;
	struct split_item *work = NULL;
	unsigned *g = NULL, *key = NULL;
	struct buf why = BUF_INIT(1024), pat = BUF_INIT(256);
	size_t n = 0, nvalues = 0, k = 0, total = 0, i;
	int rc;

	rc = admin_open_list(c, o->list, &l);
	if (rc != 0)
		return rc;
	if (o->pattern == NULL) {
		buf_addf(&pat, "%s-g{n}", l.name);
		o->pattern = buf_cstr(&pat);
	}
	if (o->seed == 0)
		o->seed = split_seed_of(l.name);
	rc = existing(c, &l, &total, &why);
	if (rc == 0)
		rc = store_group_candidates(
		    c->st, l.id, o->field, &m, &n, &nvalues);
	if (rc == 0 && o->field != NULL && nvalues < 2) {
		buf_addf(&why,
		    "no two members of %s differ in the field \"%s\" (import "
		    "it as a CSV column of stoa member import)",
		    l.name, o->field);
		rc = E_PARSE;
	}
	if (rc == 0)
		rc = count_of(o, n, &k, &why);
	if (rc == 0)
		rc = names_ok(o->pattern, total + k, &why);
	if (rc != 0) {
		rc = die_rc(rc, why.len > 0 ? buf_cstr(&why) : "cannot split");
		goto out;
	}
	work = xreallocarray(NULL, n, sizeof *work);
	g = xreallocarray(NULL, n, sizeof *g);
	key = xreallocarray(NULL, n, sizeof *key);
	for (i = 0; i < n; i++)
		key[i] = m[i].key;
	if (split_assign(
	        &(struct split_in){n, key, k, o->mode, o->seed}, work, g) != 0)
		rc = die_rc(E_INTERNAL, "the split failed");
	else if (o->dry)
		print_dry(o, m, g, n, k, total + 1);
	else
		rc = create(c, o, &l, m, g, n, k, total + 1);
out:
	free(m);
	free(work);
	free(g);
	free(key);
	list_rec_release(&l);
	buf_release(&why);
	buf_release(&pat);
	return rc;
}

/* number - a positive count option into *out; why when bad. */
static int
number(const char *name, const char *v, unsigned long long min,
    unsigned long long max, unsigned long long *out)
{
	if (parse_u64(v, max, out) == 0 && *out >= min)
		return 0;
	fprintf(stderr, "stoa: --%s is a number from %llu to %llu\n", name, min,
	    max);
	return EX_USAGE;
}

static int
group_split(struct ctx *c, int argc, char **argv)
{
	struct opt opts[] = {{"size", 1, NULL}, {"groups", 1, NULL},
	    {"by", 1, NULL}, {"group-by", 1, NULL}, {"name", 1, NULL},
	    {"seed", 1, NULL}, {"dry-run", 0, NULL}, {"no-mail", 0, NULL},
	    {NULL, 0, NULL}};
	struct split_opts o = {0};
	unsigned long long v = 0;
	const char *pos[1];
	int rc;

	rc = opts_parse(argc, argv, opts, pos, 1, 1,
	    "stoa group split LIST --size N [--by FIELD | --group-by FIELD] "
	    "[--name PATTERN] [--seed S] [--dry-run] [--no-mail]");
	if (rc != 0)
		return rc;
	o.list = pos[0];
	if ((opts[0].value == NULL) == (opts[1].value == NULL)) {
		fprintf(stderr,
		    "stoa: give --size N (members per group) or "
		    "--groups K, one of them\n");
		return EX_USAGE;
	}
	if (opts[2].value != NULL && opts[3].value != NULL) {
		fprintf(stderr,
		    "stoa: --by mixes and --group-by keeps "
		    "together: give one of them\n");
		return EX_USAGE;
	}
	if (opts[0].value != NULL) {
		if (parse_u64(opts[0].value, 1000000, &v) != 0 ||
		    v < SPLIT_MIN_SIZE)
			return die_rc(E_PARSE,
			    "a group needs at least 2 members: --size 2 or "
			    "more");
		o.size = (size_t)v;
	}
	if (opts[1].value != NULL)
		rc = number("groups", opts[1].value, 1, 1000000, &v);
	if (rc != 0)
		return rc;
	o.groups = opts[1].value != NULL ? (size_t)v : 0;
	o.field = opts[2].value != NULL ? opts[2].value : opts[3].value;
	o.mode = opts[2].value != NULL ? SPLIT_MIX
	    : opts[3].value != NULL    ? SPLIT_GROUP
	                               : SPLIT_PLAIN;
	o.pattern = opts[4].value;
	if (opts[5].value != NULL)
		rc = number("seed", opts[5].value, 1, UINT64_MAX, &o.seed);
	if (rc != 0)
		return rc;
	o.dry = opts[6].value != NULL;
	o.mail = opts[7].value == NULL;
	return split_run(c, &o);
}

static int
group_list(struct ctx *c, int argc, char **argv)
{
	struct opt opts[] = {{"all", 0, NULL}, {NULL, 0, NULL}};
	const char *pos[1];
	struct list_rec l;
	struct group_rec *g = NULL;
	size_t n = 0, i;
	int rc;

	rc = opts_parse(
	    argc, argv, opts, pos, 1, 1, "stoa group list LIST [--all]");
	if (rc == 0)
		rc = admin_open_list(c, pos[0], &l);
	if (rc != 0)
		return rc;
	rc = store_groups(c->st, l.id, opts[0].value != NULL, &g, &n);
	if (rc != 0)
		rc = die_rc(rc, "cannot read the groups");
	for (i = 0; i < n; i++)
		printf("%s\t%s@%s\t%d members\t%s %.10s\n", g[i].name,
		    g[i].name, conf_domain, g[i].members,
		    g[i].dissolved[0] != '\0' ? "dissolved" : "created",
		    g[i].dissolved[0] != '\0' ? g[i].dissolved : g[i].created);
	if (rc == 0 && n == 0)
		printf("%s has no groups (stoa group split %s --size N)\n",
		    l.name, l.name);
	free(g);
	list_rec_release(&l);
	return rc;
}

/* open_group - the open store and active group name into g; exit code. */
static int
open_group(struct ctx *c, const char *name, struct group_rec *g)
{
	struct buf why = BUF_INIT(256);
	int rc;

	rc = store_group_get(c->st, name, g);
	if (rc == 0 && g->dissolved[0] != '\0') {
		buf_addf(&why, "%s was dissolved on %.10s", name, g->dissolved);
		rc = die_rc(E_PARSE, buf_cstr(&why));
	} else if (rc == E_NOGROUP) {
		buf_addf(&why,
		    "no small group named \"%s\" (see stoa group list LIST)",
		    name);
		rc = die_rc(rc, buf_cstr(&why));
	} else if (rc != 0)
		rc = die_rc(rc, "cannot read the groups");
	buf_release(&why);
	return rc;
}

/* merge_tx - the moves and mails of a merge (in the transaction). */
static int
merge_tx(struct ctx *c, const struct group_rec *into,
    const struct group_rec *from, size_t *moved, struct buf *why)
{
	struct token_keys keys;
	struct list_rec gl = {0}, pl = {0};
	struct buf tail = BUF_INIT(64);
	long long *ids = NULL;
	size_t sent = 0;
	int rc;

	memset(&keys, 0, sizeof keys);
	buf_addf(&tail, "merge-%lld", from->id);
	rc = token_keys_load(conf_secret_file, &keys, why);
	if (rc == 0)
		rc = store_group_move(
		    c->st, into->parent_id, from->id, into->id, &ids, moved);
	if (rc == 0)
		rc = store_group_dissolve(c->st, from, into->name);
	if (rc == 0)
		rc = store_event(c->st, into->parent_id, 0, "group.merge",
		    into->id, from->name);
	if (rc == 0)
		rc = store_list_get_id(c->st, into->id, &gl);
	if (rc == 0)
		rc = store_list_get_id(c->st, into->parent_id, &pl);
	if (rc == 0 && *moved > 0)
		rc = groupmail_tell(c->st, &keys,
		    &(struct groupmail){&gl, &pl, ids, *moved, buf_cstr(&tail)},
		    &sent);
	token_keys_clear(&keys);
	list_rec_release(&gl);
	list_rec_release(&pl);
	buf_release(&tail);
	free(ids);
	return rc;
}

static int
group_merge(struct ctx *c, int argc, char **argv)
{
	const char *pos[2];
	struct group_rec a, b;
	struct buf why = BUF_INIT(512);
	size_t moved = 0;
	int rc;

	rc = opts_parse(argc, argv, NULL, pos, 2, 2, "stoa group merge G1 G2");
	if (rc == 0)
		rc = ctx_open(c);
	if (rc == 0)
		rc = open_group(c, pos[0], &a);
	if (rc == 0)
		rc = open_group(c, pos[1], &b);
	if (rc != 0)
		return rc;
	if (a.id == b.id || a.parent_id != b.parent_id)
		return die_rc(E_PARSE,
		    a.id == b.id ? "a group cannot merge with itself"
		                 : "the groups belong to different lists");
	rc = store_begin(c->st);
	if (rc == 0)
		rc = merge_tx(c, &a, &b, &moved, &why);
	rc = admin_finish_tx(c, rc, &why, "cannot merge the groups");
	if (rc == 0)
		printf("%s merged into %s: %zu members moved, %s dissolved\n",
		    b.name, a.name, moved, b.name);
	buf_release(&why);
	return rc;
}

static int
group_dissolve(struct ctx *c, int argc, char **argv)
{
	const char *pos[1];
	struct group_rec g;
	struct buf why = BUF_INIT(256);
	int rc;

	rc = opts_parse(argc, argv, NULL, pos, 1, 1, "stoa group dissolve G");
	if (rc == 0)
		rc = ctx_open(c);
	if (rc == 0)
		rc = open_group(c, pos[0], &g);
	if (rc != 0)
		return rc;
	rc = store_begin(c->st);
	if (rc == 0)
		rc = store_group_dissolve(c->st, &g, "admin");
	rc = admin_finish_tx(c, rc, &why, "cannot dissolve the group");
	if (rc == 0)
		printf("%s dissolved: %d members left it; its posts stay\n",
		    g.name, g.members);
	buf_release(&why);
	return rc;
}

int
cmd_group(struct ctx *c, int argc, char **argv)
{
	if (argc >= 1 && strcmp(argv[0], "split") == 0)
		return group_split(c, argc - 1, argv + 1);
	if (argc >= 1 && strcmp(argv[0], "list") == 0)
		return group_list(c, argc - 1, argv + 1);
	if (argc >= 1 && strcmp(argv[0], "merge") == 0)
		return group_merge(c, argc - 1, argv + 1);
	if (argc >= 1 && strcmp(argv[0], "dissolve") == 0)
		return group_dissolve(c, argc - 1, argv + 1);
	fputs(group_usage, stderr);
	return EX_USAGE;
}

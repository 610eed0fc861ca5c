/*
 * mentor.c - `stoa mentor ...`: pair a mentor with a mentee (one pair, or
 * a CSV file all or nothing), list a list's pairs with their health, and
 * end, pause or resume a pair (docs/mentoring.md).  Both people must be
 * active members of the list; the pairing mail goes to both at the
 * scheduler's next pass (digest/mentor.c), never from here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>

#include "addr.h"
#include "admin.h"
#include "clock.h"
#include "csv.h"
#include "err.h"
#include "rfile.h"
#include "store_mentor.h"

#define MENTOR_GOAL_MAX 500 /* bytes of a pair's goal */

const char mentor_usage[] =
    "usage: stoa mentor COMMAND ...\n"
    "\n"
    "  pair LIST MENTOR MENTEE [--start YYYY-MM-DD]\n"
    "       [--track onboarding|ongoing] [--goal TEXT]\n"
    "                        pair two members (start: today in the list's\n"
    "                        zone; track: onboarding); both get a mail\n"
    "  import LIST FILE.csv  columns mentor,mentee,start,track,goal; a bad\n"
    "                        row is named by line and nothing is imported\n"
    "  list LIST             each pair: state, check-ins, last check-in,\n"
    "                        health\n"
    "  end|pause|resume PAIR end a pair, hold its prompts, start them again\n"
    "\n"
    "See docs/mentoring.md.\n";

/* The fields of one pair to make (borrowed). */
struct pair_args {
	const char *mentor, *mentee, *start, *track, *goal;
};

/* date_ok - s is a real calendar date YYYY-MM-DD. */
static bool
date_ok(const char *s)
{
	char iso[32];
	long long t;

	if (strlen(s) != 10)
		return false;
	snprintf(iso, sizeof iso, "%sT00:00:00Z", s);
	return time_parse_iso(iso, &t) == 0;
}

/* today - the list's local date into out. */
static void
today(const struct list_rec *l, char out[11])
{
	struct tm tm;

	out[0] = '\0';
	if (time_to_local(clock_now(), l->timezone, &tm) == 0)
		strftime(out, 11, "%Y-%m-%d", &tm);
}

/* person - the active member email of list into *id; why when not. */
static int
person(struct ctx *c, const struct list_rec *l, const char *email,
    long long *id, struct buf *why)
{
	char norm[MAX_EMAIL + 1], role[16];
	int rc;

	if (addr_normalise(email, norm, why) != 0)
		return E_PARSE;
	rc = store_member_lookup(c->st, l->id, norm, id, role);
	if (rc == E_NOTFOUND) {
		buf_addf(
		    why, "%s is not an active member of %s", norm, l->name);
		return E_PARSE;
	}
	return rc;
}

/* goal_ok - at most MENTOR_GOAL_MAX bytes, no control characters. */
static bool
goal_ok(const char *g)
{
	const unsigned char *p = (const unsigned char *)g;

	if (strlen(g) > MENTOR_GOAL_MAX)
		return false;
	for (; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

/* check_args - the fields of a (defaults filled in); why when bad. */
static int
check_args(struct pair_args *a, struct buf *why)
{
	if (a->track == NULL || a->track[0] == '\0')
		a->track = "onboarding";
	if (a->goal == NULL)
		a->goal = "";
	if (strcmp(a->track, "onboarding") != 0 &&
	    strcmp(a->track, "ongoing") != 0)
		buf_addf(why, "unknown track \"%s\" (onboarding, ongoing)",
		    a->track);
	else if (a->start[0] != '\0' && !date_ok(a->start))
		buf_addf(
		    why, "the start \"%s\" is not a date YYYY-MM-DD", a->start);
	else if (!goal_ok(a->goal))
		buf_addf(why,
		    "the goal is longer than %d bytes or not one line",
		    MENTOR_GOAL_MAX);
	else
		return 0;
	return E_PARSE;
}

/* pair_one - validate a and add the pair; *id.  why when refused. */
static int
pair_one(struct ctx *c, const struct list_rec *l, struct pair_args *a,
    long long *id, struct buf *why)
{
	struct mentor_pair_in in;
	long long mentor = 0, mentee = 0;
	char day[11];
	int rc;

	rc = check_args(a, why);
	if (rc == 0)
		rc = person(c, l, a->mentor, &mentor, why);
	if (rc == 0)
		rc = person(c, l, a->mentee, &mentee, why);
	if (rc == 0 && mentor == mentee) {
		buf_adds(why, "a member cannot mentor themselves");
		rc = E_PARSE;
	}
	if (rc != 0)
		return rc;
	today(l, day);
	in = (struct mentor_pair_in){l->id, mentor, mentee,
	    a->start[0] != '\0' ? a->start : day, a->track, a->goal};
	return store_mentor_add(c->st, &in, id, why);
}

static int
mentor_pair(struct ctx *c, int argc, char **argv)
{
	struct opt opts[] = {{"start", 1, NULL}, {"track", 1, NULL},
	    {"goal", 1, NULL}, {NULL, 0, NULL}};
	const char *pos[3];
	struct pair_args a;
	struct list_rec l;
	struct buf why = BUF_INIT(512);
	long long id = 0;
	int rc;

	rc = opts_parse(argc, argv, opts, pos, 3, 3,
	    "stoa mentor pair LIST MENTOR MENTEE [--start DATE] "
	    "[--track onboarding|ongoing] [--goal TEXT]");
	if (rc != 0)
		return rc;
	rc = admin_open_list(c, pos[0], &l);
	if (rc != 0)
		return rc;
	a = (struct pair_args){pos[1], pos[2],
	    opts[0].value != NULL ? opts[0].value : "", opts[1].value,
	    opts[2].value};
	rc = store_begin(c->st);
	if (rc == 0)
		rc = pair_one(c, &l, &a, &id, &why);
	rc = admin_finish_tx(c, rc, &why, "cannot pair them");
	if (rc == 0)
		printf("pair %lld: %s mentors %s in %s (%s)\n", id, a.mentor,
		    a.mentee, l.name, a.track);
	list_rec_release(&l);
	buf_release(&why);
	return rc;
}

/* Column positions of an import file's header. */
struct cols {
	int mentor, mentee, start, track, goal;
};

static int
header(const struct csv_row *r, struct cols *col)
{
	static const char *const names[] = {
	    "mentor", "mentee", "start", "track", "goal"};
	int *at[] = {
	    &col->mentor, &col->mentee, &col->start, &col->track, &col->goal};
	int i;
	size_t k;

	*col = (struct cols){-1, -1, -1, -1, -1};
	for (i = 0; i < r->n; i++)
		for (k = 0; k < sizeof names / sizeof names[0]; k++)
			if (str_ieq(str_from(r->field[i]), names[k]))
				*at[k] = i;
	return col->mentor >= 0 && col->mentee >= 0 ? 0 : E_PARSE;
}

static const char *
field(const struct csv_row *r, int i)
{
	return i >= 0 && i < r->n ? r->field[i] : "";
}

/* import_row - one data row; why when bad. */
static int
import_row(struct ctx *c, const struct list_rec *l, const struct csv_row *r,
    const struct cols *col, struct buf *why)
{
	struct pair_args a = {field(r, col->mentor), field(r, col->mentee),
	    field(r, col->start), field(r, col->track), field(r, col->goal)};
	long long id;

	return pair_one(c, l, &a, &id, why);
}

/*
 * import_rows - every data row of f: *good and *bad counted, each bad row
 * named on stderr as FILE:LINE: reason.  A store failure is returned.
 */
static int
import_rows(struct ctx *c, const struct list_rec *l, FILE *f, const char *path,
    const struct cols *col, int *good, int *bad)
{
	struct csv_row row = {0};
	struct buf why = BUF_INIT(512);
	int r, rc = 0, lineno = 1;

	while (rc == 0 && (r = csv_read(f, &lineno, &row)) != 0) {
		buf_reset(&why);
		if (r == 1 && row.n == 1 && row.field[0][0] == '\0')
			continue;
		rc = r < 0 ? E_PARSE : import_row(c, l, &row, col, &why);
		if (rc == E_PARSE || rc == E_DUP) {
			fprintf(stderr, "stoa: %s:%d: %s\n", path, row.line,
			    why.len > 0           ? buf_cstr(&why)
			        : row.why != NULL ? row.why
			                          : "not a CSV row");
			(*bad)++;
			rc = 0;
		} else if (rc == 0)
			(*good)++;
	}
	csv_row_release(&row);
	buf_release(&why);
	return rc;
}

static int
mentor_import(struct ctx *c, int argc, char **argv)
{
	const char *pos[2];
	struct list_rec l;
	struct csv_row hdr = {0};
	struct cols col;
	struct buf why = BUF_INIT(512);
	int rc, lineno = 0, good = 0, bad = 0;
	FILE *f;

	rc = opts_parse(
	    argc, argv, NULL, pos, 2, 2, "stoa mentor import LIST FILE.csv");
	if (rc != 0)
		return rc;
	if (rfile_open(pos[1], MAX_CSV_FILE, &f, &why) != 0) {
		rc = die_rc(E_PARSE, buf_cstr(&why));
		buf_release(&why);
		return rc;
	}
	memset(&l, 0, sizeof l);
	if (csv_skip_bom(f) != 0 || csv_read(f, &lineno, &hdr) != 1 ||
	    header(&hdr, &col) != 0) {
		buf_addf(&why,
		    "%s: the first line must be the header "
		    "mentor,mentee,start,track,goal; nothing imported",
		    pos[1]);
		rc = die_rc(E_PARSE, buf_cstr(&why));
		goto out;
	}
	rc = admin_open_list(c, pos[0], &l);
	if (rc == 0)
		rc = store_begin(c->st);
	if (rc == 0)
		rc = import_rows(c, &l, f, pos[1], &col, &good, &bad);
	if (rc == 0 && bad > 0) {
		store_rollback(c->st);
		fprintf(stderr, "stoa: %s: %d bad rows; nothing imported\n",
		    pos[1], bad);
		rc = EX_DATAERR;
		goto out;
	}
	rc = admin_finish_tx(c, rc, &why, "import failed; nothing imported");
	if (rc == 0)
		printf("%s: %d pairs imported into %s\n", pos[1], good, l.name);
out:
	fclose(f);
	csv_row_release(&hdr);
	list_rec_release(&l);
	buf_release(&why);
	return rc;
}

/* show - one line per pair. */
static void
show(const struct mentor_pair *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		printf("%lld\t%s\t%s\t%s\t%s\tpace=%s\tstarted=%s\t%s\n",
		    p[i].id, p[i].mentor.email, p[i].mentee.email, p[i].state,
		    p[i].track, p[i].pace[0] != '\0' ? p[i].pace : "-",
		    p[i].started, p[i].health);
}

static int
mentor_list(struct ctx *c, int argc, char **argv)
{
	const char *pos[1];
	struct list_rec l;
	struct mentor_pair *p;
	size_t n;
	int rc;

	rc = opts_parse(argc, argv, NULL, pos, 1, 1, "stoa mentor list LIST");
	if (rc == 0)
		rc = admin_open_list(c, pos[0], &l);
	if (rc != 0)
		return rc;
	rc = store_mentor_pairs(c->st, l.id, &p, &n);
	if (rc == 0)
		show(p, n);
	else
		rc = die_rc(rc, "cannot read the pairs");
	mentor_pairs_free(p, n);
	list_rec_release(&l);
	return rc;
}

/* A state change: the command, the states it starts from, the target. */
struct change {
	const char *cmd, *from, *to, *event;
};

static const struct change changes[] = {
    {"end", "active paused", "ended", "mentor.end"},
    {"pause", "active", "paused", "mentor.pause"},
    {"resume", "paused", "active", "mentor.resume"},
};

static int
mentor_change(struct ctx *c, const struct change *ch, int argc, char **argv)
{
	const char *pos[1];
	struct mentor_pair p;
	unsigned long long id;
	int rc;

	rc = opts_parse(
	    argc, argv, NULL, pos, 1, 1, "stoa mentor end|pause|resume PAIR");
	if (rc != 0)
		return rc;
	if (parse_u64(pos[0], (1ULL << 62), &id) != 0)
		return die_rc(
		    E_PARSE, "PAIR is a number (see stoa mentor list)");
	rc = ctx_open(c);
	if (rc == 0)
		rc = store_begin(c->st);
	if (rc == 0)
		rc = store_mentor_get(c->st, (long long)id, &p);
	if (rc == 0)
		rc = store_mentor_state(c->st, p.id, ch->from, ch->to);
	if (rc == 0)
		rc = store_event(c->st, p.list_id, 0, ch->event, p.id, "admin");
	if (rc == 0)
		rc = store_commit(c->st);
	if (rc == 0)
		printf("pair %lld: %s\n", p.id, ch->to);
	else {
		store_rollback(c->st);
		rc = die_rc(rc,
		    rc == E_NOTFOUND   ? "no such pair"
		        : rc == E_PERM ? "the pair is not in a state for that"
		                       : "cannot change the pair");
	}
	mentor_pair_release(&p);
	return rc;
}

int
cmd_mentor(struct ctx *c, int argc, char **argv)
{
	size_t i;

	if (argc >= 1 && strcmp(argv[0], "pair") == 0)
		return mentor_pair(c, argc - 1, argv + 1);
	if (argc >= 1 && strcmp(argv[0], "import") == 0)
		return mentor_import(c, argc - 1, argv + 1);
	if (argc >= 1 && strcmp(argv[0], "list") == 0)
		return mentor_list(c, argc - 1, argv + 1);
	for (i = 0; argc >= 1 && i < sizeof changes / sizeof changes[0]; i++)
		if (strcmp(argv[0], changes[i].cmd) == 0)
			return mentor_change(
			    c, &changes[i], argc - 1, argv + 1);
	fputs(mentor_usage, stderr);
	return EX_USAGE;
}

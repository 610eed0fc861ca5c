/*
 * t_learn_fsrs.c - FSRS-6 against the reference vectors.
 *
 * A few hand-checked values always run.  When the reference file
 * ../shared/reference/fsrs6-vectors.json (STOA_REFERENCE overrides the
 * folder) is present, every value in it is compared: the primitive
 * tables, the retrievability and interval grids and all review sequences
 * (R, S, D to 1e-6 relative; t and intervals exactly).  The "steps"
 * sequences are checked for t, R, S, D and their Review-state intervals;
 * state and step are not, since learn/ has no learning steps.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "fsrs.h"
#include "t.h"
#include "t_learn_json.h"

#define REL_TOL 1e-6
#define T0      1740992400LL /* 2025-03-03T09:00:00Z, the vectors' start */

static int n_values;  /* reference values compared */
static int n_skipped; /* reference values not applicable (steps) */

static void
near(const char *name, double got, double want)
{
	char msg[160];
	double err = fabs(got - want);

	n_values++;
	if (err <= REL_TOL * fabs(want) || err < 1e-12) {
		T_OK(name, true);
		return;
	}
	snprintf(msg, sizeof msg, "%s: got %.17g, want %.17g", name, got, want);
	T_OK(msg, false);
}

static void
exact(const char *name, long long got, long long want)
{
	n_values++;
	T_INT(name, got, want);
}

/* builtin - values from fsrs6.md, checked without the vectors file. */
static void
builtin(void)
{
	struct fsrs_params p;
	struct fsrs_card c = {false, 0, 0, 0};
	struct fsrs_review r;

	fsrs_params_default(&p);
	T_INT("first again ivl", fsrs_review(&p, &c, FSRS_AGAIN, T0, &r), 0);
	T_INT("first again ivl", r.interval, 1);
	T_OK("first again S", fabs(r.s - 0.212) < 1e-12);
	T_OK("first again D", fabs(r.d - 6.4133) < 1e-12);
	c.reviewed = false;
	fsrs_review(&p, &c, FSRS_GOOD, T0, &r);
	T_INT("first good ivl", r.interval, 2);
	T_INT("first good due", r.due, T0 + 2 * FSRS_DAY);
	T_INT("first good t", r.t, -1);
	fsrs_review(&p, &c, FSRS_GOOD, T0 + 2 * FSRS_DAY, &r);
	T_INT("second good t", r.t, 2);
	T_OK("second good R", fabs(r.r - 0.9094932559773545) < 1e-9);
	T_OK("second good S", fabs(r.s - 10.964332335820698) < 1e-9);
	T_INT("second good ivl", r.interval, 11);
	T_INT("47h is 1 day", fsrs_elapsed_days(0, 47 * 3600), 1);
	T_INT("23h is 0 days", fsrs_elapsed_days(0, 23 * 3600), 0);
	T_INT("clock back", fsrs_elapsed_days(100, 0), 0);
	T_INT("tie 2.5 -> 2", fsrs_interval(&p, 2.5, 0.9), 2);
	T_INT("tie 4.5 -> 4", fsrs_interval(&p, 4.5, 0.9), 4);
	T_INT("0.5 -> 1", fsrs_interval(&p, 0.5, 0.9), 1);
	T_INT("bad grade", fsrs_review(&p, &c, 0, T0, &r), -3);
	T_INT("bad grade 5", fsrs_review(&p, &c, 5, T0, &r), -3);
	p.retention = 1.0;
	T_INT("bad retention", fsrs_review(&p, &c, FSRS_GOOD, T0, &r), -3);
	p.retention = FSRS_RETENTION;
	c = (struct fsrs_card){true, 10.964332335820698, 5, T0};
	T_OK("recall at the review", fsrs_recall_at(&p, &c, T0) == 1.0);
	T_OK("recall 11 days on",
	    fabs(fsrs_recall_at(&p, &c, T0 + 11 * FSRS_DAY + 3600) -
	        fsrs_retrievability(&p, 11, c.s)) < 1e-12);
	T_OK("recall at S is 0.9",
	    fabs(fsrs_retrievability(&p, c.s, c.s) - 0.9) < 1e-9);
	c.reviewed = false;
	T_OK("recall never reviewed", fsrs_recall_at(&p, &c, T0) == -1);
	T_INT("binary right", fsrs_grade_binary(true), FSRS_GOOD);
	T_INT("binary wrong", fsrs_grade_binary(false), FSRS_AGAIN);
}

/* cell - column j of table row i. */
static double
cell(const struct tj *rows, size_t i, size_t j)
{
	return tj_num(tj_at(tj_at(rows, i), j), NAN);
}

static void
primitives(const struct fsrs_params *p, const struct tj *prim)
{
	const struct tj *t;
	size_t i;
	int g;

	t = tj_get(tj_get(prim, "initial"), "rows");
	for (i = 0; t != NULL && i < t->n; i++) {
		g = (int)cell(t, i, 0);
		near("initial S0", fsrs_init_stability(p, g), cell(t, i, 1));
		near("initial D0", fsrs_init_difficulty(p, g, true),
		    cell(t, i, 2));
	}
	near("D0 unclamped easy", fsrs_init_difficulty(p, FSRS_EASY, false),
	    tj_num(tj_get(tj_get(prim, "initial"), "D0_unclamped_easy"), 0));
	t = tj_get(tj_get(prim, "next_difficulty"), "rows");
	for (i = 0; t != NULL && i < t->n; i++)
		for (g = 1; g <= 4; g++)
			near("next D",
			    fsrs_next_difficulty(p, cell(t, i, 0), g),
			    cell(t, i, (size_t)g));
	t = tj_get(tj_get(prim, "short_term_stability"), "rows");
	for (i = 0; t != NULL && i < t->n; i++)
		for (g = 1; g <= 4; g++)
			near("short-term S",
			    fsrs_short_term_stability(p, cell(t, i, 0), g),
			    cell(t, i, (size_t)g));
	t = tj_get(tj_get(prim, "recall_stability"), "rows");
	for (i = 0; t != NULL && i < t->n; i++)
		for (g = 2; g <= 4; g++)
			near("recall S",
			    fsrs_recall_stability(p, cell(t, i, 0),
			        cell(t, i, 1), cell(t, i, 2), g),
			    cell(t, i, (size_t)g + 1));
	t = tj_get(tj_get(prim, "forget_stability"), "rows");
	for (i = 0; t != NULL && i < t->n; i++)
		near("forget S",
		    fsrs_forget_stability(
		        p, cell(t, i, 0), cell(t, i, 1), cell(t, i, 2)),
		    cell(t, i, 3));
}

static void
grids(struct fsrs_params p, const struct tj *rg, const struct tj *ig)
{
	const struct tj *ts = tj_get(rg, "t"), *ss = tj_get(rg, "S");
	const struct tj *rr = tj_get(rg, "R"), *rs = tj_get(ig, "r");
	size_t i, j;
	double s, r;

	for (i = 0; ss != NULL && i < ss->n; i++)
		for (j = 0; ts != NULL && j < ts->n; j++)
			near("R grid",
			    fsrs_retrievability(&p, tj_num(tj_at(ts, j), 0),
			        tj_num(tj_at(ss, i), 0)),
			    cell(rr, i, j));
	p.max_interval = (int)tj_num(tj_get(ig, "maximum_interval"), 36500);
	ss = tj_get(ig, "S");
	for (j = 0; rs != NULL && j < rs->n; j++) {
		r = tj_num(tj_at(rs, j), 0);
		near("factor", fsrs_interval_raw(&p, 1, r),
		    tj_num(tj_at(tj_get(ig, "factor"), j), 0));
		for (i = 0; ss != NULL && i < ss->n; i++) {
			s = tj_num(tj_at(ss, i), 0);
			near("raw ivl", fsrs_interval_raw(&p, s, r),
			    cell(tj_get(ig, "raw"), i, j));
			exact("ivl", fsrs_interval(&p, s, r),
			    (long long)cell(tj_get(ig, "ivl"), i, j));
		}
	}
}

/* check_ivl - compare the interval at retention r when the row has one. */
static void
check_ivl(struct fsrs_params p, double s, double r, const struct tj *want)
{
	if (tj_is_null(want)) {
		n_skipped++;
		return;
	}
	exact("sequence ivl", fsrs_interval(&p, s, r),
	    (long long)tj_num(want, -1));
}

static void
review_row(const struct fsrs_params *p, struct fsrs_card *c,
    const struct tj *row, bool steps)
{
	struct fsrs_review r;
	long long at = T0 + (long long)tj_num(tj_get(row, "at_min"), 0) * 60;
	int g = (int)tj_num(tj_get(row, "g"), 0);

	T_INT("review rc", fsrs_review(p, c, g, at, &r), 0);
	exact("sequence t", r.t, (long long)tj_num(tj_get(row, "t"), -1));
	if (!tj_is_null(tj_get(row, "R")))
		near("sequence R", r.r, tj_num(tj_get(row, "R"), 0));
	near("sequence S", r.s, tj_num(tj_get(row, "S"), 0));
	near("sequence D", r.d, tj_num(tj_get(row, "D"), 0));
	check_ivl(*p, r.s, 0.90, tj_get(row, "ivl_090"));
	check_ivl(*p, r.s, 0.85, tj_get(row, "ivl_085"));
	if (steps)
		n_skipped += 2; /* state, step */
	else
		exact("state Review",
		    strcmp(tj_str(tj_get(row, "state")), "Review"), 0);
}

static void
sequences(struct fsrs_params p, const struct tj *seqs, const struct tj *cfgs)
{
	const struct tj *s, *rows, *cfg, *ls;
	struct fsrs_card c;
	size_t i, j;
	bool steps;

	for (i = 0; seqs != NULL && i < seqs->n; i++) {
		s = tj_at(seqs, i);
		cfg = tj_get(cfgs, tj_str(tj_get(s, "config")));
		p.max_interval =
		    (int)tj_num(tj_get(cfg, "maximum_interval"), 36500);
		ls = tj_get(cfg, "learning_steps_min");
		steps = ls != NULL && ls->n > 0;
		rows = tj_get(s, "reviews");
		c.reviewed = false;
		for (j = 0; rows != NULL && j < rows->n; j++)
			review_row(&p, &c, tj_at(rows, j), steps);
	}
}

static void
vectors(void)
{
	struct tj *v;
	struct fsrs_params p;

	v = tj_load_reference("fsrs6-vectors.json");
	if (v == NULL)
		return;
	fsrs_params_default(&p);
	for (size_t i = 0; i < FSRS_NPARAM; i++)
		exact("parameter",
		    p.w[i] ==
		        tj_num(
		            tj_at(tj_get(tj_get(v, "header"), "parameters"), i),
		            NAN),
		    1);
	primitives(&p, tj_get(v, "primitives"));
	grids(p, tj_get(v, "retrievability_grid"), tj_get(v, "interval_grid"));
	sequences(
	    p, tj_get(v, "sequences"), tj_get(tj_get(v, "header"), "configs"));
	printf("fsrs6 vectors: %d values compared, %d not applicable "
	       "(learning steps)\n",
	    n_values, n_skipped);
	T_OK("vectors compared", n_values > 4000);
	tj_free(v);
}

int
main(void)
{
	builtin();
	vectors();
	return t_done();
}

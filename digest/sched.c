/*
 * sched.c - what is due at a given time: held posts that expire, weekly
 * digests and their drafts, wiki change notices (at most hourly per page),
 * quiz questions (quiz.c), mentoring prompts (mentor.c), introduction
 * reminders and routed questions (connect.c), reflection questions
 * (reflect.c), badges (badgerun.c), the monthly report (report.c).  Each
 * step is idempotent.  (Expanding posts into copies is part of delivery:
 * deliver.c.)
 */
#include "badgerun.h"
#include "connect.h"
#include "mentor.h"
#include "quiz.h"
#include "reflect.h"
#include "sched.h"
#include "wiki_watch.h"

int
sched_run(struct store *st, long long now)
{
	int rc;

	rc = expire_held(st, now);
	if (rc == 0)
		rc = digest_weekly(st, now);
	if (rc == 0)
		rc = wiki_notify(st, now);
	if (rc == 0)
		rc = quiz_run(st, now);
	if (rc == 0)
		rc = mentor_run(st, now);
	if (rc == 0)
		rc = connect_run(st, now);
	if (rc == 0)
		rc = reflect_run(st, now);
	if (rc == 0)
		rc = badge_run(st, now);
	if (rc == 0)
		rc = report_run(st, now);
	return rc;
}

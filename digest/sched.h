/*
 * sched.h - one pass of the scheduler: enqueue what is due, then deliver.
 * All logic takes "now" as a parameter (DESIGN §6).
 */
#ifndef STOA_SCHED_H
#define STOA_SCHED_H

#include "store.h"

/* sched_run - enqueue every job due at now (digests, drafts, prompts). */
int sched_run(struct store *st, long long now);
/* digest_weekly - drafts and weekly digests due at now (weekly.c). */
int digest_weekly(struct store *st, long long now);
/* expire_held - held posts past their time: notice to the poster (expire.c). */
int expire_held(struct store *st, long long now);
/* expand_posts - delivery jobs into one outbox row per recipient (expand.c). */
int expand_posts(struct store *st, long long now);
/* report_run - the monthly report to each list's owners (report.c). */
int report_run(struct store *st, long long now);
/*
 * sched_list_name - list id's name for a log line ("-" for none or an
 * error); the last one is remembered, so a run of one list's mail costs
 * one query (deliver.c); st NULL forgets it (each pass).
 */
const char *sched_list_name(struct store *st, long long id);
/* sched_deliver - send what the outbox holds that is due at now. */
int sched_deliver(struct store *st, long long now);

#endif

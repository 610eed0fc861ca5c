/*
 * reflect.c - asking reflection questions (reflect.h).  Each ask is one
 * prompt row (kind question, object the round), one outbox row and one
 * reflect.ask event, in the round's transaction.
 */
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "conf.h"
#include "err.h"
#include "log.h"
#include "mailout.h"
#include "mentormail.h"
#include "quizmail.h"
#include "reflect.h"
#include "store_reflect.h"
#include "trim.h"

/* One look at a round. */
struct look {
	struct store *st;
	const struct token_keys *keys;
	struct reflect_round r;
	struct list_rec list;
	long long now;
	char now_iso[21];
	int asked;
};

/* mail - the question to member m with reply address addr. */
static int
mail(struct look *k, const struct rcpt_rec *m, long long id, const char *addr)
{
	struct buf key = BUF_INIT(128);
	struct vars *v = vars_new();
	struct mailout out;
	int rc;

	buf_addf(&key, "reflect:prompt:%lld", id);
	vars_set(v, "recipient_name", m->name[0] != '\0' ? m->name : m->email);
	vars_set(v, "question", k->r.text);
	vars_set_bool(v, "private", k->r.private_answers);
	vars_set(v, "reply_address", addr);
	vars_set(v, "reply_marker", TRIM_REPLY_MARKER);
	out =
	    (struct mailout){&k->list, "reflect", "reflect-question", m->email,
	        m->name, m->member_id, buf_cstr(&key), NULL, addr, false, v};
	rc = mailout_send(k->st, k->keys, &out, NULL, "reflect mail");
	vars_free(v);
	buf_release(&key);
	return rc;
}

/* ask - member m's prompt, mail and event, within the budget. */
static int
ask(struct look *k, const struct rcpt_rec *m)
{
	struct buf addr = BUF_INIT(MAX_EMAIL + 1);
	long long id = 0;
	bool ok = false;
	int rc;

	rc = quizmail_budget_left(
	    k->st, m->member_id, k->now, k->list.timezone, &ok);
	if (rc != 0 || !ok)
		return rc;
	rc = store_reflect_prompt_add(
	    k->st, k->list.id, m->member_id, k->r.id, k->now_iso, &id);
	if (rc == 0)
		rc = mailout_prompt_address(k->keys, k->list.name, id,
		    m->member_id, k->now, PROMPT_TTL_DAYS, &addr);
	if (rc == 0)
		rc = mail(k, m, id, buf_cstr(&addr));
	if (rc == 0)
		rc = store_event(
		    k->st, k->list.id, m->member_id, "reflect.ask", id, "");
	k->asked += rc == 0;
	buf_release(&addr);
	return rc;
}

/* in_hours - now is within the list's sending hours. */
static bool
in_hours(const struct look *k)
{
	struct tm tm;

	return time_to_local(k->now, k->list.timezone, &tm) == 0 &&
	    tm.tm_hour >= MENTOR_HOUR && tm.tm_hour < MENTOR_QUIET_FROM;
}

/* members - every pending member of the round, batch by batch. */
static int
members(struct look *k)
{
	struct rcpt_rec *m;
	long long after = 0;
	size_t n, i;
	int rc;

	do {
		rc = store_reflect_pending(
		    k->st, k->r.id, k->list.id, after, REFLECT_BATCH, &m, &n);
		for (i = 0; rc == 0 && i < n; i++) {
			rc = ask(k, &m[i]);
			after = m[i].member_id;
		}
		rcpt_recs_free(m, n);
	} while (rc == 0 && n == REFLECT_BATCH);
	return rc;
}

/* round - one look at round id in its own transaction. */
static int
round_look(struct store *st, const struct token_keys *keys, long long id,
    long long now)
{
	struct look k;
	int rc;

	memset(&k, 0, sizeof k);
	k.st = st;
	k.keys = keys;
	k.now = now;
	rc = time_format_iso(now, k.now_iso);
	if (rc == 0)
		rc = store_begin(st);
	if (rc != 0)
		return rc;
	rc = store_reflect_round(st, id, &k.r);
	if (rc == 0)
		rc = store_list_get_id(st, k.r.list_id, &k.list);
	if (rc == 0 && in_hours(&k))
		rc = members(&k);
	if (rc == 0 && in_hours(&k))
		rc = store_reflect_looked(st, id, k.now_iso);
	if (rc == 0)
		rc = store_commit(st);
	if (rc != 0)
		store_rollback(st);
	else if (k.asked > 0)
		log_info("reflect round=%lld list=%s asked=%d", id, k.list.name,
		    k.asked);
	reflect_round_release(&k.r);
	list_rec_release(&k.list);
	return rc;
}

/* start - rounds of the questions due at now. */
static int
start(struct store *st, long long now)
{
	int n = 0, rc;

	rc = store_begin(st);
	if (rc == 0)
		rc = store_reflect_start_due(st, now, &n);
	if (rc == 0)
		rc = store_commit(st);
	if (rc != 0)
		store_rollback(st);
	return rc;
}

int
reflect_run(struct store *st, long long now)
{
	struct token_keys keys;
	struct buf why = BUF_INIT(1024);
	char now_iso[21], before[21];
	long long *ids = NULL;
	size_t n = 0, i;
	int rc;

	rc = start(st, now);
	if (rc == 0)
		rc = time_format_iso(now, now_iso);
	if (rc == 0)
		rc = time_format_iso(now - REFLECT_LOOK + 1, before);
	if (rc == 0)
		rc = store_reflect_open(st, now_iso, before, &ids, &n);
	if (rc != 0 || n == 0) {
		free(ids);
		return rc;
	}
	rc = token_keys_load(conf_secret_file, &keys, &why);
	if (rc != 0) {
		log_err("reflect error=keys reason=%s", buf_cstr(&why));
		free(ids);
		buf_release(&why);
		return E_TEMP;
	}
	for (i = 0; rc == 0 && i < n; i++)
		rc = round_look(st, &keys, ids[i], now);
	token_keys_clear(&keys);
	free(ids);
	buf_release(&why);
	return rc;
}

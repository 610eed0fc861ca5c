/*
 * quiz.c - the quiz job of a scheduler pass (quiz.h).
 *
 * A learner row carries its next delivery slot (next_at); the pass reads
 * only the learners whose slot has come (a partial index), so a pass with
 * nothing due costs one index probe.  For each: not a member any more or
 * quizzes off -> no slot; before the list's hour or in the quiet evening
 * -> the next slot at the list's hour; else the welcome (once), then up to
 * per_batch questions (classic: learn/classic.h's delivery order;
 * adaptive: due FSRS cards by due time, then new questions), never more
 * learning mails in the member's local day than learning_mails_per_day.
 * The next slot is every_days later at the list's local hour, or the next
 * day when the budget cut the batch short.  Every send is one outbox row
 * whose dedupe key names the send, in the same transaction as the send.
 */
#include <stdlib.h>
#include <string.h>

#include "classic.h"
#include "clock.h"
#include "conf.h"
#include "err.h"
#include "log.h"
#include "mailout.h"
#include "quiz.h"
#include "quizmail.h"
#include "store_quiz.h"
#include "trim.h"

/* One learner's pass: what it needs and what it has decided. */
struct job {
	struct store *st;
	const struct token_keys *keys;
	const struct quiz_due *d;
	struct list_rec list;
	struct quiz_settings set;
	long long now, today;
	char now_iso[21];
	int left; /* learning mails still allowed today */
};

/* iso - t as ISO text into out. */
static void
iso(long long t, char out[21])
{
	if (time_format_iso(t, out) != 0)
		out[0] = '\0';
}

/* welcome - the one-time "how quizzes work / how to stop" mail. */
static int
welcome(struct job *j)
{
	struct buf key = BUF_INIT(128), why = BUF_INIT(1024);
	struct vars *v = vars_new();
	struct mailout m;
	bool queued;
	int rc;

	buf_addf(&key, "quiz:welcome:%lld:%lld", j->list.id, j->d->member_id);
	vars_set(v, "recipient_name",
	    j->d->name[0] != '\0' ? j->d->name : j->d->email);
	vars_setf(v, "per_batch", "%d", j->set.per_batch);
	vars_setf(v, "every_days", "%d", j->set.every_days);
	vars_setf(v, "expiry_days", "%d", j->set.expiry_days);
	vars_set_bool(v, "adaptive", strcmp(j->set.scheduler, "adaptive") == 0);
	m = (struct mailout){&j->list, "quiz", "quiz-welcome", j->d->email,
	    j->d->name, j->d->member_id, buf_cstr(&key), NULL, NULL, false, v};
	rc = mailout_queue(j->st, j->keys, &m, &queued, &why);
	if (rc == 0)
		rc = store_quiz_welcomed(
		    j->st, j->list.id, j->d->member_id, j->now_iso);
	if (rc == 0 && queued)
		rc = store_event(
		    j->st, j->list.id, j->d->member_id, "quiz.welcome", 0, "");
	if (rc == 0 && queued)
		j->left--;
	if (rc != 0)
		log_err("quiz welcome error=%s reason=%s", err_name(rc),
		    buf_cstr(&why));
	vars_free(v);
	buf_release(&key);
	buf_release(&why);
	return rc;
}

/* question_mail - queue the mail of send id (question q) to the learner. */
static int
question_mail(
    struct job *j, long long id, const struct quiz_full *q, long long expires)
{
	struct buf key = BUF_INIT(128), why = BUF_INIT(1024);
	struct buf addr = BUF_INIT(MAX_EMAIL + 1);
	struct vars *v = vars_new();
	struct token t = {'q', (unsigned long long)id,
	    (unsigned long long)j->d->member_id,
	    expires + conf_token_ttl_days * 86400};
	struct mailout m;
	char until[21];
	bool queued;
	int rc;

	rc = mailout_token_address(j->keys, j->list.name, &t, &addr);
	if (rc != 0)
		goto out;
	buf_addf(&key, "quiz:send:%lld", id);
	iso(expires, until);
	quizmail_vars(v, q, buf_cstr(&addr), "Quiz answer");
	vars_set(v, "recipient_name",
	    j->d->name[0] != '\0' ? j->d->name : j->d->email);
	vars_setf(v, "until", "%.10s", until);
	vars_set(v, "reply_marker", TRIM_REPLY_MARKER);
	m = (struct mailout){&j->list, "quiz", "quiz-question", j->d->email,
	    j->d->name, j->d->member_id, buf_cstr(&key), NULL, buf_cstr(&addr),
	    false, v};
	rc = mailout_queue(j->st, j->keys, &m, &queued, &why);
	if (rc != 0)
		log_err("quiz question error=%s reason=%s", err_name(rc),
		    buf_cstr(&why));
out:
	vars_free(v);
	buf_release(&key);
	buf_release(&why);
	buf_release(&addr);
	return rc;
}

/* send_one - mail question it to the learner: send row, card, mail. */
static int
send_one(struct job *j, const struct quiz_item *it)
{
	struct quiz_send s;
	struct quiz_full q;
	struct quiz_card card = it->card;
	struct classic_item ci;
	long long id = 0, expires;
	int rc;

	rc = quizmail_at(
	    j->now, j->list.timezone, j->set.expiry_days, 0, &expires);
	if (rc == 0)
		rc = store_quiz_get(j->st, it->qid, it->vid, &q);
	if (rc != 0)
		return rc;
	memset(&s, 0, sizeof s);
	s = (struct quiz_send){0, j->list.id, j->d->member_id, it->qid, it->vid,
	    "", "", "", "", "", false};
	snprintf(s.scheduler, sizeof s.scheduler, "%s", j->set.scheduler);
	snprintf(s.sent_at, sizeof s.sent_at, "%s", j->now_iso);
	iso(expires, s.expires);
	rc = store_quiz_send_add(j->st, &s, &id);
	quizmail_item(&card, &ci);
	if (rc == 0 && classic_send(&ci, (long)j->today) != 0)
		rc = E_INTERNAL;
	quizmail_card_set(&card, &ci);
	if (!it->card.exists)
		snprintf(card.due, sizeof card.due, "%s", j->now_iso);
	if (rc == 0)
		rc =
		    store_quiz_card_put(j->st, j->d->member_id, it->qid, &card);
	quizmail_shuffle(&q, id);
	if (rc == 0)
		rc = question_mail(j, id, &q, expires);
	if (rc == 0)
		rc = store_event(j->st, j->list.id, j->d->member_id,
		    "quiz.send", id, q.title != NULL ? q.title : "");
	quiz_full_release(&q);
	return rc;
}

/* pick_adaptive - due cards by due time, then new questions by id. */
static size_t
pick_adaptive(const struct job *j, const struct quiz_item *items, size_t n,
    size_t *out, size_t max)
{
	size_t k = 0, i, best;
	bool taken;

	while (k < max) {
		best = n;
		for (i = 0; i < n; i++) {
			const struct quiz_card *c = &items[i].card;
			size_t x;

			for (taken = false, x = 0; x < k; x++)
				taken = taken || out[x] == i;
			if (taken || !c->exists ||
			    c->c_state != CLASSIC_WAITING ||
			    strcmp(c->due, j->now_iso) > 0)
				continue;
			if (best == n ||
			    strcmp(c->due, items[best].card.due) < 0)
				best = i;
		}
		for (i = 0; best == n && i < n; i++) {
			size_t x;

			for (taken = false, x = 0; x < k; x++)
				taken = taken || out[x] == i;
			if (!taken && !items[i].card.exists)
				best = i;
		}
		if (best == n)
			break;
		out[k++] = best;
	}
	return k;
}

/* questions - pick and send up to max questions; *sent of them. */
static int
questions(struct job *j, size_t max, size_t *sent)
{
	struct quiz_item *items;
	struct classic_params p;
	struct classic_item *ci;
	size_t n, i, *pick, k;
	int rc;

	*sent = 0;
	rc = store_quiz_items_due(j->st, j->list.id, j->d->member_id, j->today,
	    j->now_iso, max, &items, &n);
	if (rc != 0 || n == 0 || max == 0) {
		free(items);
		return rc;
	}
	pick = calloc(max, sizeof *pick);
	ci = calloc(n, sizeof *ci);
	if (pick == NULL || ci == NULL)
		rc = E_NOMEM;
	for (i = 0; rc == 0 && i < n; i++)
		quizmail_item(&items[i].card, &ci[i]);
	quizmail_params(&j->set, &p);
	k = rc != 0 ? 0
	    : strcmp(j->set.scheduler, "adaptive") == 0
	    ? pick_adaptive(j, items, n, pick, max)
	    : classic_pick(&p, ci, n, (long)j->today, pick, max);
	for (i = 0; rc == 0 && i < k; i++)
		rc = send_one(j, &items[pick[i]]);
	*sent = rc == 0 ? k : 0;
	free(pick);
	free(ci);
	free(items);
	return rc;
}

/* deliver - welcome and questions; the next slot into *next. */
static int
deliver(struct job *j, long long *next)
{
	char since[21];
	long long start;
	size_t want = (size_t)j->set.per_batch, sent = 0, max;
	int used = 0, rc;

	rc = quizmail_at(j->now, j->list.timezone, 0, 0, &start);
	if (rc == 0) {
		iso(start, since);
		rc = store_quiz_mails_since(
		    j->st, j->d->member_id, since, &used);
	}
	j->left = (int)conf_learning_mails_per_day - used;
	if (rc == 0 && !j->d->welcomed && j->left > 0)
		rc = welcome(j);
	max = j->left > 0 ? (size_t)j->left : 0;
	if (rc == 0)
		rc = questions(j, max < want ? max : want, &sent);
	if (rc == 0)
		rc = quizmail_at(j->now, j->list.timezone,
		    max < want ? 1 : j->set.every_days, j->set.hour, next);
	return rc;
}

/* slot - when a learner due now should really get mail; *now_ok. */
static int
slot(struct job *j, long long *next, bool *now_ok)
{
	struct tm tm;
	long long until;
	int rc;

	*now_ok = false;
	if (j->d->paused_until[0] != '\0' &&
	    time_parse_iso(j->d->paused_until, &until) == 0 && until > j->now) {
		*next = until;
		return 0;
	}
	rc = time_to_local(j->now, j->list.timezone, &tm);
	if (rc != 0)
		return rc;
	if (tm.tm_hour < j->set.hour)
		return quizmail_at(
		    j->now, j->list.timezone, 0, j->set.hour, next);
	if (tm.tm_hour >= QUIZ_QUIET_FROM)
		return quizmail_at(
		    j->now, j->list.timezone, 1, j->set.hour, next);
	*now_ok = true;
	return quizmail_day(j->now, j->list.timezone, &j->today);
}

/* learner - one due learner in its own transaction. */
static int
learner(struct job *j)
{
	char next_iso[21];
	long long next = 0;
	bool now_ok = false;
	int rc;

	memset(&j->list, 0, sizeof j->list);
	rc = store_begin(j->st);
	if (rc != 0)
		return rc;
	if (!j->d->active) {
		rc = store_quiz_next(
		    j->st, j->d->list_id, j->d->member_id, NULL);
		goto out;
	}
	rc = store_list_get_id(j->st, j->d->list_id, &j->list);
	if (rc == 0)
		rc = store_quiz_settings_get(j->st, j->list.id, &j->set);
	if (rc == 0)
		rc = slot(j, &next, &now_ok);
	if (rc == 0 && now_ok)
		rc = deliver(j, &next);
	if (rc == 0 && next <= j->now)
		next = j->now + 3600; /* never the same slot twice in a pass */
	iso(next, next_iso);
	if (rc == 0)
		rc = store_quiz_next(
		    j->st, j->list.id, j->d->member_id, next_iso);
out:
	if (rc == 0)
		rc = store_commit(j->st);
	if (rc != 0)
		store_rollback(j->st);
	list_rec_release(&j->list);
	return rc;
}

/* missed - send s expired unanswered: result, card, event. */
static int
missed(struct store *st, const struct quiz_send *s, long long now)
{
	struct list_rec list;
	struct quiz_settings set;
	struct quiz_card card;
	struct classic_item ci;
	struct classic_params p;
	long long day = 0, due;
	int rc;

	memset(&list, 0, sizeof list);
	rc = store_list_get_id(st, s->list_id, &list);
	if (rc == 0)
		rc = store_quiz_settings_get(st, s->list_id, &set);
	if (rc == E_NOTFOUND)
		rc = 0; /* settings gone: defaults */
	if (rc == 0)
		rc = store_quiz_card_get(st, s->member_id, s->qid, &card);
	if (rc == 0)
		rc = quizmail_day(now, list.timezone, &day);
	quizmail_params(&set, &p);
	quizmail_item(&card, &ci);
	if (rc == 0 && classic_expire(&p, &ci, (long)day) &&
	    strcmp(s->scheduler, "classic") == 0 &&
	    quizmail_at(now, list.timezone, (int)(ci.day - day), 0, &due) == 0)
		iso(due, card.due); /* classic: back X days after the miss */
	quizmail_card_set(&card, &ci);
	if (rc == 0)
		rc = store_quiz_card_put(st, s->member_id, s->qid, &card);
	if (rc == 0)
		rc = store_quiz_send_missed(st, s->id);
	if (rc == 0)
		rc = store_event(
		    st, s->list_id, s->member_id, "quiz.miss", s->id, "");
	list_rec_release(&list);
	return rc;
}

/* expire - every send past its expiry without an answer is missed. */
static int
expire(struct store *st, long long now, const char *now_iso)
{
	struct quiz_send *s;
	size_t n, i;
	int rc;

	do {
		rc = store_quiz_expired(st, now_iso, QUIZ_BATCH, &s, &n);
		if (rc == 0 && n > 0)
			rc = store_begin(st);
		for (i = 0; rc == 0 && i < n; i++)
			rc = missed(st, &s[i], now);
		if (rc == 0 && n > 0)
			rc = store_commit(st);
		if (rc != 0)
			store_rollback(st);
		free(s);
	} while (rc == 0 && n == QUIZ_BATCH);
	return rc;
}

/* learners - every learner due at now. */
static int
learners(struct store *st, const struct token_keys *keys, long long now,
    const char *now_iso)
{
	struct quiz_due *d;
	struct job j;
	size_t n, i;
	int rc;

	do {
		rc = store_quiz_due(st, now_iso, QUIZ_BATCH, &d, &n);
		for (i = 0; rc == 0 && i < n; i++) {
			memset(&j, 0, sizeof j);
			j.st = st;
			j.keys = keys;
			j.d = &d[i];
			j.now = now;
			snprintf(j.now_iso, sizeof j.now_iso, "%s", now_iso);
			rc = learner(&j);
		}
		quiz_dues_free(d, n);
	} while (rc == 0 && n == QUIZ_BATCH);
	return rc;
}

int
quiz_run(struct store *st, long long now)
{
	struct token_keys keys;
	struct buf why = BUF_INIT(1024);
	struct quiz_due *d;
	char now_iso[21];
	size_t n;
	int rc;

	iso(now, now_iso);
	rc = expire(st, now, now_iso);
	if (rc == 0)
		rc = store_quiz_due(st, now_iso, 1, &d, &n);
	if (rc != 0 || n == 0) {
		if (rc == 0)
			quiz_dues_free(d, n);
		return rc;
	}
	quiz_dues_free(d, n);
	rc = token_keys_load(conf_secret_file, &keys, &why);
	if (rc != 0) {
		log_err("quiz error=keys reason=%s", buf_cstr(&why));
		buf_release(&why);
		return E_TEMP;
	}
	rc = learners(st, &keys, now, now_iso);
	token_keys_clear(&keys);
	buf_release(&why);
	return rc;
}

/*
 * fz_gift.c - libFuzzer target: the GIFT parser, the member form and the
 * grader on arbitrary bytes.  Checks the contract: a parse either fails
 * with an error text and no question, or gives questions with text and
 * 1..GIFT_MAX_ANSWERS answers, exactly one right answer in a choice or
 * true/false; every question gets a 64-digit key; grading the input as
 * a reply to each question returns a choice inside the answers.  A
 * broken contract aborts, which the fuzzer reports.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "gift.h"
#include "grade.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_question(const struct gift_question *q, const char *reply, size_t n)
{
	struct grade_result r;
	char key[GIFT_KEY_LEN];
	size_t i, right = 0;

	if (q->text == NULL || q->text[0] == '\0' || q->n_answers == 0 ||
	    q->n_answers > GIFT_MAX_ANSWERS)
		abort();
	for (i = 0; i < q->n_answers; i++)
		right += q->answers[i].right;
	if (q->kind != GIFT_SHORT && right != 1)
		abort();
	if (gift_key(q, key) != 0 || strlen(key) != 64)
		abort();
	grade_reply(q, reply, n, &r);
	if (r.choice < -1 || r.choice >= (int)q->n_answers)
		abort();
	if (r.verdict == GRADE_UNPARSEABLE && r.choice != -1)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gift_set set = GIFT_SET_INIT;
	struct gift_question q;
	struct buf err = BUF_INIT(1 << 20);
	const char *p = (const char *)data;
	size_t i;

	if (gift_parse(p, size, &set, &err) == 0) {
		for (i = 0; i < set.n; i++)
			check_question(&set.q[i], p, size);
	} else if (set.n != 0 || err.len == 0) {
		abort();
	}
	gift_set_release(&set);
	buf_reset(&err);
	if (gift_parse_form(p, size, &q, &err) == 0)
		check_question(&q, p, size);
	gift_question_release(&q);
	buf_release(&err);
	return 0;
}

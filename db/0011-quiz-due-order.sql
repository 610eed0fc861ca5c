-- 0011-quiz-due-order: the scheduler pass reads the learners whose slot
-- has come in (next_at, list_id, member_id) order, QUIZ_BATCH at a time
-- (db/store_quiz_run.c store_quiz_due).  With an index on next_at alone
-- SQLite sorted every due learner again for each batch (a temp B-tree):
-- one day's 50,000 due learners of a 100,000-member list cost 250 sorts
-- of up to 50,000 rows.  This index hands them out in order, so a batch
-- reads only its own rows (bench/quiz.sh, docs/quiz.md).
DROP INDEX quiz_learners_due;
CREATE INDEX quiz_learners_due
    ON quiz_learners(next_at, list_id, member_id) WHERE state = 'on';

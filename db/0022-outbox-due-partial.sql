-- 0022-outbox-due-partial: the index the sender claims from holds only the
-- rows that wait (queued, deferred), so settling a sent row rewrites the
-- row alone, not an index entry too (docs/delivery.md, "The pass").  The
-- few rows in 'sending' are found by a scan at the start of a pass.
DROP INDEX outbox_due;
CREATE INDEX outbox_due ON outbox(state, next_attempt)
    WHERE state = 'queued' OR state = 'deferred';

-- 0003-deliveries: one job per accepted post, expanded by stoa-digest into
-- one outbox row per recipient, so the hook's work does not grow with the
-- list.  Members may ask for copies of their own posts.

CREATE TABLE deliveries (
	message INTEGER PRIMARY KEY REFERENCES messages(id),
	list_id INTEGER NOT NULL REFERENCES lists(id),
	state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done')),
	created TEXT NOT NULL,
	done_at TEXT
);
CREATE INDEX deliveries_pending ON deliveries(state);

ALTER TABLE memberships ADD COLUMN self_copy INTEGER NOT NULL DEFAULT 0
    CHECK (self_copy IN (0, 1));

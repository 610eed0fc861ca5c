-- 0005-moderation: who handled a held post, how and why, and how long a
-- list keeps held posts before they expire (docs/moderation.md).

-- One row per held post that left the 'held' state: the first moderator
-- to act wins (the row's primary key makes a second decision impossible).
CREATE TABLE moderations (
	message INTEGER PRIMARY KEY REFERENCES messages(id),
	list_id INTEGER NOT NULL REFERENCES lists(id),
	member_id INTEGER REFERENCES members(id), -- NULL: expired by the scheduler
	action TEXT NOT NULL
	    CHECK (action IN ('approve', 'reject', 'discard', 'allow', 'expire')),
	reason TEXT NOT NULL DEFAULT '',
	at TEXT NOT NULL
);

-- The scheduler looks for expired held posts every minute.
CREATE INDEX messages_held ON messages(date) WHERE status = 'held';

ALTER TABLE lists ADD COLUMN held_days INTEGER NOT NULL DEFAULT 7
    CHECK (held_days BETWEEN 1 AND 365);

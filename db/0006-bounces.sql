-- 0006-bounces: scored bounces at the VERP address (docs/bounces.md).
-- One row per member, list and UTC day at most: a hard bounce scores 1.0,
-- a soft one 0.5; scores older than 7 days are ignored and a suspension
-- clears the member's rows.

CREATE TABLE bounces (
	id INTEGER PRIMARY KEY,
	list_id INTEGER NOT NULL REFERENCES lists(id),
	member_id INTEGER NOT NULL REFERENCES members(id),
	at TEXT NOT NULL,                      -- when the bounce arrived
	day TEXT NOT NULL,                     -- YYYY-MM-DD (UTC) of at
	kind TEXT NOT NULL CHECK (kind IN ('hard', 'soft')),
	score REAL NOT NULL,
	status TEXT NOT NULL DEFAULT '',       -- RFC 3463 code, e.g. '5.1.1'
	recipient TEXT NOT NULL DEFAULT '',    -- the failed address reported
	diag TEXT NOT NULL DEFAULT '',         -- one line of reason
	cleared INTEGER NOT NULL DEFAULT 0 CHECK (cleared IN (0, 1)),
	UNIQUE (list_id, member_id, day)
);
CREATE INDEX bounces_member ON bounces(list_id, member_id, at);

-- 0007-digests: the weekly digest (docs/digest.md).  One digests row per
-- list per scheduled send time; its items are what the moderators curate;
-- digest_rcpts records who got which digest (so items are not repeated).

ALTER TABLE lists ADD COLUMN digest_draft_hours INTEGER NOT NULL DEFAULT 24
    CHECK (digest_draft_hours BETWEEN 0 AND 144); -- draft this long before; 0 = no draft
ALTER TABLE lists ADD COLUMN digest_approval INTEGER NOT NULL DEFAULT 0
    CHECK (digest_approval IN (0, 1));            -- 1 = send only after a moderator's "send"
ALTER TABLE lists ADD COLUMN digest_quiet_note INTEGER NOT NULL DEFAULT 0
    CHECK (digest_quiet_note IN (0, 1));          -- 1 = a quiet week sends a one-line note
ALTER TABLE lists ADD COLUMN digest_max_items INTEGER NOT NULL DEFAULT 8
    CHECK (digest_max_items BETWEEN 1 AND 100);   -- ranked threads in a draft

ALTER TABLE memberships ADD COLUMN digest_optout INTEGER NOT NULL DEFAULT 0
    CHECK (digest_optout IN (0, 1));              -- "digest off"

CREATE TABLE digests (
	id INTEGER PRIMARY KEY,
	list_id INTEGER NOT NULL REFERENCES lists(id),
	send_at TEXT NOT NULL,                 -- the scheduled slot (UTC)
	due_at TEXT NOT NULL,                  -- when it goes out: the slot, or earlier after "send"
	period_start TEXT NOT NULL,            -- activity from here ...
	period_end TEXT NOT NULL,              -- ... to here (the selection time)
	state TEXT NOT NULL DEFAULT 'draft'
	    CHECK (state IN ('draft', 'held', 'sending', 'sent', 'quiet', 'lapsed')),
	approved INTEGER NOT NULL DEFAULT 0,   -- a moderator said "send"
	note TEXT NOT NULL DEFAULT '',         -- the editor's note
	version INTEGER NOT NULL DEFAULT 1,    -- bumped by every accepted change
	n_posts INTEGER NOT NULL DEFAULT 0,    -- the "this week" line
	n_threads INTEGER NOT NULL DEFAULT 0,
	n_people INTEGER NOT NULL DEFAULT 0,
	n_joined INTEGER NOT NULL DEFAULT 0,
	created TEXT NOT NULL,
	sent_at TEXT,
	UNIQUE (list_id, send_at)
);

CREATE TABLE digest_items (
	id INTEGER PRIMARY KEY,
	digest_id INTEGER NOT NULL REFERENCES digests(id) ON DELETE CASCADE,
	number INTEGER NOT NULL,               -- the stable [N] moderators use
	section TEXT NOT NULL CHECK (section IN ('thread', 'question', 'joined')),
	thread_id INTEGER REFERENCES threads(id),  -- thread, question
	member_id INTEGER REFERENCES members(id),  -- joined
	position REAL NOT NULL,                -- order inside the section
	pinned INTEGER NOT NULL DEFAULT 0,
	dropped INTEGER NOT NULL DEFAULT 0,
	title TEXT,                            -- a moderator's title, or NULL
	score REAL NOT NULL DEFAULT 0,
	upto INTEGER NOT NULL DEFAULT 0,       -- newest messages.id covered
	UNIQUE (digest_id, number)
);
CREATE INDEX digest_items_thread ON digest_items(thread_id);

CREATE TABLE digest_rcpts (
	digest_id INTEGER NOT NULL REFERENCES digests(id) ON DELETE CASCADE,
	member_id INTEGER NOT NULL REFERENCES members(id),
	items INTEGER NOT NULL,                -- 0 = skipped (nothing new for them)
	PRIMARY KEY (member_id, digest_id)
);

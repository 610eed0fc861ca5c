-- 0015-groups: small groups and reflection questions (docs/connect-groups.md).
-- A small group is a list of its own whose parent_id names the list it
-- was split from; dissolving one keeps its posts and ends its
-- memberships (dissolved is when).  A reflection question is asked to
-- every member of its list every every_weeks weeks; each asking is a
-- round, and each member's mail a prompt of kind 'question' whose
-- object_id is the round.  A round's public answers share one thread.
ALTER TABLE lists ADD COLUMN parent_id INTEGER
    REFERENCES lists(id) ON DELETE SET NULL;
ALTER TABLE lists ADD COLUMN dissolved TEXT;
CREATE INDEX lists_parent ON lists(parent_id) WHERE parent_id IS NOT NULL;
-- a group copies its parent's moderators: without this each group of a
-- 100,000-member list read every membership of it (and so did every
-- lookup of a big list's moderators)
CREATE INDEX memberships_mods ON memberships(list_id, member_id)
    WHERE status = 'active' AND role IN ('moderator', 'owner');

CREATE TABLE reflect_questions (
	id INTEGER PRIMARY KEY,
	list_id INTEGER NOT NULL REFERENCES lists(id) ON DELETE CASCADE,
	text TEXT NOT NULL,
	every_weeks INTEGER NOT NULL CHECK (every_weeks BETWEEN 1 AND 52),
	private INTEGER NOT NULL DEFAULT 0 CHECK (private IN (0, 1)),
	state TEXT NOT NULL DEFAULT 'active'
	    CHECK (state IN ('active', 'stopped')),
	next_at TEXT NOT NULL,                 -- the next round starts
	created TEXT NOT NULL
);
CREATE INDEX reflect_due ON reflect_questions(next_at) WHERE state = 'active';

CREATE TABLE reflect_rounds (
	id INTEGER PRIMARY KEY,
	question_id INTEGER NOT NULL
	    REFERENCES reflect_questions(id) ON DELETE CASCADE,
	started TEXT NOT NULL,
	until TEXT NOT NULL,                   -- members are asked until then
	looked TEXT,                           -- the scheduler's last look
	thread_id INTEGER                      -- the public answers' thread
);
CREATE INDEX reflect_open ON reflect_rounds(until);

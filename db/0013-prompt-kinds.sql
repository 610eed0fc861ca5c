-- 0013-prompt-kinds: the personal prompts of the connecting features
-- (introductions, reflection questions, routed "can you help?" requests)
-- and the mentoring close-out join the mentoring ones, and a prompt may
-- name the row it is about (object_id: a thread, a question ...).
-- SQLite cannot widen a CHECK in place, so the table is rebuilt.
-- member_fields keeps the extra CSV columns of a member import (team,
-- location ...), which groups and team figures read; profiles holds
-- introductions.
CREATE TABLE prompts_new (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('reflection', 'prep', 'fit',
	    'relay', 'nudge', 'closeout', 'intro', 'intro_reminder',
	    'question', 'expert')),
	member_id INTEGER NOT NULL REFERENCES members(id),
	list_id INTEGER NOT NULL REFERENCES lists(id),
	mentorship_id INTEGER REFERENCES mentorships(id),
	sent_at TEXT NOT NULL,
	replied_at TEXT,
	week INTEGER NOT NULL DEFAULT 0,       -- the check-in's number
	answer TEXT,                           -- the reply, trimmed
	pulse INTEGER CHECK (pulse BETWEEN 1 AND 4),
	fit TEXT CHECK (fit IN ('yes', 'not sure', 'no')),
	pace TEXT,
	object_id INTEGER                      -- what the kind names, or NULL
);
INSERT INTO prompts_new (id, kind, member_id, list_id, mentorship_id,
    sent_at, replied_at, week, answer, pulse, fit, pace)
SELECT id, kind, member_id, list_id, mentorship_id, sent_at, replied_at,
    week, answer, pulse, fit, pace FROM prompts;
DROP TABLE prompts;
ALTER TABLE prompts_new RENAME TO prompts;
CREATE INDEX prompts_pair ON prompts(mentorship_id, kind, week);
CREATE INDEX prompts_member ON prompts(member_id, sent_at);
CREATE INDEX prompts_kind ON prompts(list_id, kind, sent_at);

CREATE TABLE member_fields (
	member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
	name TEXT NOT NULL COLLATE NOCASE,     -- the CSV column, e.g. team
	value TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (member_id, name)
) WITHOUT ROWID;

-- profiles: a member's introduction on a list (docs/connect.md); the
-- terms learnt from activity are kept apart by the code that learns them.
CREATE TABLE profiles (
	member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
	list_id INTEGER NOT NULL REFERENCES lists(id) ON DELETE CASCADE,
	works_on TEXT NOT NULL DEFAULT '',     -- "what do you work on?"
	can_help TEXT NOT NULL DEFAULT '',     -- "what could you help with?"
	want_learn TEXT NOT NULL DEFAULT '',   -- "what do you want to learn?"
	message_id INTEGER REFERENCES messages(id), -- the "Meet NAME" post
	updated TEXT NOT NULL,
	PRIMARY KEY (member_id, list_id)
) WITHOUT ROWID;

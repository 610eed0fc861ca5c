-- 0012-mentoring: mentoring pairs and the personal prompts of the
-- learning layer; see docs/mentoring.md ("Storage").  Numbered 0012 so
-- that another branch's 0011 does not collide (the gap is harmless).
CREATE TABLE mentorships (
	id INTEGER PRIMARY KEY,
	list_id INTEGER NOT NULL REFERENCES lists(id),
	mentor_id INTEGER NOT NULL REFERENCES members(id),
	mentee_id INTEGER NOT NULL REFERENCES members(id),
	started TEXT NOT NULL,                 -- YYYY-MM-DD, the list's zone
	track TEXT NOT NULL CHECK (track IN ('onboarding', 'ongoing')),
	goal TEXT NOT NULL DEFAULT '',
	state TEXT NOT NULL DEFAULT 'active'
	    CHECK (state IN ('active', 'paused', 'ended')),
	pace TEXT NOT NULL DEFAULT ''
	    CHECK (pace IN ('', 'weekly', 'fortnightly', 'monthly', 'pause')),
	created TEXT NOT NULL,
	health TEXT NOT NULL DEFAULT 'too early',  -- as of the last look
	announced TEXT,                        -- the pairing mail went
	nudged TEXT,                           -- the last 14-day nudge
	alerted TEXT,                          -- the last 21-day drift alert
	next_at TEXT,                          -- the scheduler looks again
	ended TEXT,
	CHECK (mentor_id != mentee_id)
);
CREATE UNIQUE INDEX mentorships_pair ON mentorships(list_id, mentor_id,
    mentee_id) WHERE state != 'ended';
CREATE INDEX mentorships_due ON mentorships(next_at) WHERE state = 'active';
CREATE TABLE prompts (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('reflection', 'prep', 'fit',
	    'relay', 'nudge')),
	member_id INTEGER NOT NULL REFERENCES members(id),
	list_id INTEGER NOT NULL REFERENCES lists(id),
	mentorship_id INTEGER REFERENCES mentorships(id),
	sent_at TEXT NOT NULL,
	replied_at TEXT,
	week INTEGER NOT NULL DEFAULT 0,       -- the check-in's number
	answer TEXT,                           -- the reply, trimmed
	pulse INTEGER CHECK (pulse BETWEEN 1 AND 4),
	fit TEXT CHECK (fit IN ('yes', 'not sure', 'no')),
	pace TEXT
);
CREATE INDEX prompts_pair ON prompts(mentorship_id, kind, week);
CREATE INDEX prompts_member ON prompts(member_id, sent_at);
-- A mentor or mentee who leaves the list ends the pair (ended stays
-- NULL: the trigger has no clock of ours; the removal's event has the time).
CREATE TRIGGER mentorships_member_gone AFTER UPDATE OF status ON memberships
WHEN NEW.status = 'removed' AND OLD.status != 'removed'
BEGIN
	UPDATE mentorships SET state = 'ended'
	WHERE list_id = NEW.list_id AND state != 'ended'
	    AND NEW.member_id IN (mentor_id, mentee_id);
END;

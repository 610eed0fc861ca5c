-- 0016-badges: badges earned from events, moderators' awards by reply,
-- and the leaderboard opt-out (docs/badges.md).  An award is one row per
-- list, member and badge, for ever: the UNIQUE key makes a rule that
-- fires twice a no-op, and a revoked row stays (revocation is final).
CREATE TABLE badge_awards (
	id INTEGER PRIMARY KEY,
	list_id INTEGER NOT NULL REFERENCES lists(id),
	member_id INTEGER NOT NULL REFERENCES members(id),
	badge TEXT NOT NULL,                   -- the slug, learn/badges.c
	awarded_at TEXT NOT NULL,
	awarded_by TEXT NOT NULL DEFAULT 'rule', -- 'rule', 'admin', or a moderator's address
	reason TEXT NOT NULL DEFAULT '',       -- a hand award's words
	salt TEXT NOT NULL,                    -- of the hashed Open Badges recipient
	announced TEXT,                        -- the badge mail went (or NULL)
	revoked_at TEXT,
	revoke_reason TEXT,
	UNIQUE (list_id, member_id, badge)
);
CREATE INDEX badge_awards_member ON badge_awards(member_id, list_id);
CREATE INDEX badge_awards_unannounced ON badge_awards(list_id, member_id)
    WHERE announced IS NULL AND revoked_at IS NULL;
-- A moderator's "award ADDRESS BADGE" at LIST+request@ waits here for the
-- moderator's reply to the confirmation (an m- token of kind 'a').
CREATE TABLE badge_grants (
	id INTEGER PRIMARY KEY,
	list_id INTEGER NOT NULL REFERENCES lists(id),
	moderator_id INTEGER NOT NULL REFERENCES members(id),
	member_id INTEGER NOT NULL REFERENCES members(id),
	badge TEXT NOT NULL,
	reason TEXT NOT NULL DEFAULT '',
	created TEXT NOT NULL,
	decided TEXT,                          -- confirmed or cancelled at
	outcome TEXT CHECK (outcome IN ('awarded', 'cancelled'))
);
-- The rules count a member's posts and answers (store_badge_counts).
CREATE INDEX messages_author ON messages(author_id, list_id);
-- How far each list's events were read by the badge rules.
CREATE TABLE badge_marks (
	list_id INTEGER PRIMARY KEY REFERENCES lists(id),
	last_event INTEGER NOT NULL DEFAULT 0
);
-- Badges and the leaderboard line are a list's choice (stoa list set LIST
-- badges yes), off by default like quizzes.
ALTER TABLE lists ADD COLUMN badges INTEGER NOT NULL DEFAULT 0
    CHECK (badges IN (0, 1));
-- "leaderboard off" at any LIST+request@: the member's name leaves every
-- leaderboard and team figure of every list at once.
ALTER TABLE members ADD COLUMN leaderboard INTEGER NOT NULL DEFAULT 1
    CHECK (leaderboard IN (0, 1));

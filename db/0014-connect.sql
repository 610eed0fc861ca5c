-- 0014-connect: introductions and "can you help?" routing
-- (docs/connect.md).  intros: the welcome invites an introduction
-- (off until a moderator turns it on: stoa list set LIST intros yes).
-- route_hours: working hours (Mon-Fri in the list's zone) a question
-- waits for an answer before it is routed; 0 = never routed.
-- help_off: the member said "help off" (never asked to help).
-- routed: one row per question thread the router has looked at, so a
-- pass never asks twice; asked = how many people it went to.
ALTER TABLE lists ADD COLUMN intros INTEGER NOT NULL DEFAULT 0
    CHECK (intros IN (0, 1));
ALTER TABLE lists ADD COLUMN route_hours INTEGER NOT NULL DEFAULT 24
    CHECK (route_hours BETWEEN 0 AND 720);
ALTER TABLE memberships ADD COLUMN help_off INTEGER NOT NULL DEFAULT 0
    CHECK (help_off IN (0, 1));
CREATE TABLE routed (
	thread_id INTEGER PRIMARY KEY REFERENCES threads(id) ON DELETE CASCADE,
	list_id INTEGER NOT NULL REFERENCES lists(id) ON DELETE CASCADE,
	at TEXT NOT NULL,
	asked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX prompts_object ON prompts(object_id, kind)
    WHERE object_id IS NOT NULL;

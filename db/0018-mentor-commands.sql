-- 0018-mentor-commands: what the reply commands (skip, pause 2w, done,
-- reschedule) and the onboarding close-out keep on a pair; see
-- docs/mentoring.md ("Storage").  shift moves the anchored weekly
-- check-ins (days); hold is the first local date a check-in may go;
-- closeout the day-90 close-out went, onboarded the pair completed the
-- onboarding track (mentor.onboarded).  A pair ended by the removal
-- trigger has ended NULL until the other person has been told; the
-- partial index keeps that look cheap.
ALTER TABLE mentorships ADD COLUMN shift INTEGER NOT NULL DEFAULT 0;
ALTER TABLE mentorships ADD COLUMN hold TEXT;
ALTER TABLE mentorships ADD COLUMN closeout TEXT;
ALTER TABLE mentorships ADD COLUMN onboarded TEXT;
CREATE INDEX mentorships_gone ON mentorships(id)
    WHERE state = 'ended' AND ended IS NULL;
-- Pairs ended before this migration are not announced again.
UPDATE mentorships SET ended = created WHERE state = 'ended' AND ended IS NULL;

-- 0021-archive-badges: whether the static archive's badge page keeps the
-- badges of members who left the list (docs/archive.md); off by default.
ALTER TABLE lists ADD COLUMN archive_left_badges INTEGER NOT NULL DEFAULT 0
    CHECK (archive_left_badges IN (0, 1));

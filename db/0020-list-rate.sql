-- 0020-list-rate: a list's own rate limit for members' posts (issue 17
-- item 11): posts by one member in an hour before the next is held.
-- NULL: the config's posts_per_hour; 0: no limit
-- (`stoa list set LIST posts_per_hour N|default`, docs/admin.md).
ALTER TABLE lists ADD COLUMN posts_per_hour INTEGER
    CHECK (posts_per_hour IS NULL OR posts_per_hour BETWEEN 0 AND 100000);

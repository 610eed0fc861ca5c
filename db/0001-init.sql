-- 0001-init: lists, members, memberships, threads, messages, events.
-- Times are ISO-8601 UTC text, 'YYYY-MM-DDTHH:MM:SSZ', which sorts correctly.

CREATE TABLE lists (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,             -- local part, lower case
	title TEXT NOT NULL,
	timezone TEXT NOT NULL,
	moderated INTEGER NOT NULL DEFAULT 0 CHECK (moderated IN (0, 1)),
	digest_weekday INTEGER NOT NULL DEFAULT 1 CHECK (digest_weekday BETWEEN 0 AND 6), -- 0 = Sunday
	digest_hour INTEGER NOT NULL DEFAULT 9 CHECK (digest_hour BETWEEN 0 AND 23),
	created TEXT NOT NULL
);

CREATE TABLE members (
	id INTEGER PRIMARY KEY,
	email TEXT NOT NULL UNIQUE COLLATE NOCASE, -- trimmed, domain lower case; compared without case
	name TEXT NOT NULL DEFAULT '',
	created TEXT NOT NULL
);

CREATE TABLE memberships (
	id INTEGER PRIMARY KEY,
	list_id INTEGER NOT NULL REFERENCES lists(id) ON DELETE CASCADE,
	member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
	role TEXT NOT NULL DEFAULT 'member'
	    CHECK (role IN ('member', 'moderator', 'mentor', 'owner')),
	delivery TEXT NOT NULL DEFAULT 'each'
	    CHECK (delivery IN ('each', 'digest', 'none')),
	status TEXT NOT NULL DEFAULT 'active'
	    CHECK (status IN ('active', 'pending', 'disabled', 'removed')),
	joined TEXT NOT NULL,
	UNIQUE (list_id, member_id)
);

CREATE TABLE threads (
	id INTEGER PRIMARY KEY,
	list_id INTEGER NOT NULL REFERENCES lists(id),
	subject TEXT NOT NULL,
	base_subject TEXT NOT NULL,            -- normalised, for the subject fallback
	root_id INTEGER,                       -- messages.id of the first post
	message_count INTEGER NOT NULL DEFAULT 0,
	created TEXT NOT NULL,
	last_activity TEXT NOT NULL
);
CREATE INDEX threads_subject ON threads(list_id, base_subject, last_activity);

CREATE TABLE messages (
	id INTEGER PRIMARY KEY,
	list_id INTEGER NOT NULL REFERENCES lists(id),
	thread_id INTEGER REFERENCES threads(id),
	parent_id INTEGER REFERENCES messages(id),
	message_id TEXT NOT NULL,              -- without angle brackets
	dedup_key TEXT NOT NULL UNIQUE,        -- Message-ID, or sha256:HEX of the raw bytes
	author_id INTEGER REFERENCES members(id),
	author TEXT NOT NULL,                  -- the From address
	author_name TEXT NOT NULL DEFAULT '',
	subject TEXT NOT NULL DEFAULT '',
	date TEXT NOT NULL,                    -- when we received it
	header_date TEXT,                      -- the Date: header, when parseable
	text TEXT NOT NULL DEFAULT '',         -- trimmed new text
	quoted TEXT NOT NULL DEFAULT '',       -- what trimming removed
	html TEXT,                             -- the original HTML part, if any
	status TEXT NOT NULL
	    CHECK (status IN ('posted', 'held', 'rejected', 'quarantined', 'dropped')),
	flags TEXT NOT NULL DEFAULT '',        -- e.g. 'charset-guess'
	raw_sha256 TEXT NOT NULL,
	raw BLOB
);
CREATE INDEX messages_thread ON messages(thread_id);
CREATE INDEX messages_list_date ON messages(list_id, date);

-- Every Message-ID we have seen or that a References header named; a row
-- with message IS NULL is a placeholder that a later arrival fills in.
CREATE TABLE msgids (
	list_id INTEGER NOT NULL REFERENCES lists(id),
	message_id TEXT NOT NULL,
	thread_id INTEGER NOT NULL REFERENCES threads(id),
	message INTEGER REFERENCES messages(id),
	PRIMARY KEY (list_id, message_id)
);

CREATE TABLE attachments (
	id INTEGER PRIMARY KEY,
	message INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	type TEXT NOT NULL,
	size INTEGER NOT NULL,
	data BLOB                              -- NULL when over the configured cap
);

CREATE TABLE events (
	id INTEGER PRIMARY KEY,
	at TEXT NOT NULL,
	list_id INTEGER REFERENCES lists(id),
	member_id INTEGER REFERENCES members(id),
	kind TEXT NOT NULL,                    -- 'member.add', 'post', ...
	object_id INTEGER,
	detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX events_kind ON events(kind, at);
CREATE INDEX events_member ON events(member_id, at);

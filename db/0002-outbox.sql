-- 0002-outbox: every mail Stoa will send is first a row here (DESIGN §5),
-- and the bookkeeping of the hook's poison-message guard.

CREATE TABLE outbox (
	id INTEGER PRIMARY KEY,
	dedupe_key TEXT NOT NULL UNIQUE,       -- e.g. 'notice:held:42', 'digest:3:member:7'
	kind TEXT NOT NULL,                    -- 'notice', 'post', 'digest', ...
	list_id INTEGER REFERENCES lists(id),
	sender TEXT NOT NULL,                  -- envelope sender (VERP b- address)
	recipient TEXT NOT NULL,               -- envelope recipient
	message_id TEXT NOT NULL,              -- deterministic, without <>
	body BLOB NOT NULL,                    -- the whole RFC 5322 message, CRLF
	state TEXT NOT NULL DEFAULT 'queued'
	    CHECK (state IN ('queued', 'sending', 'sent', 'deferred', 'failed')),
	attempts INTEGER NOT NULL DEFAULT 0,
	next_attempt TEXT NOT NULL,            -- not before this time
	created TEXT NOT NULL,
	sent_at TEXT,
	last_code INTEGER,
	last_error TEXT
);
CREATE INDEX outbox_due ON outbox(state, next_attempt);

-- Raw-hash failure counts: a message that makes the hook fail the same way
-- three times is quarantined on the next delivery.
CREATE TABLE hook_failures (
	raw_sha256 TEXT PRIMARY KEY,
	count INTEGER NOT NULL,
	last_error TEXT NOT NULL,
	last_at TEXT NOT NULL
);

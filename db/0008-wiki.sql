-- 0008-wiki: wiki pages, their revisions and who watches them
-- (docs/wiki.md).

-- One row per page and list; slug is the normalised name
-- (letters, digits, dashes; at most 64), title as first written.
CREATE TABLE wiki_pages (
	id INTEGER PRIMARY KEY,
	list_id INTEGER NOT NULL REFERENCES lists(id),
	slug TEXT NOT NULL,
	title TEXT NOT NULL,
	head INTEGER,                          -- wiki_revisions.id of the current text
	created TEXT NOT NULL,
	UNIQUE (list_id, slug)
);

-- Every revision keeps the whole page text after it.  A 'pending'
-- revision is an edit from a stale copy that conflicted: it has no number
-- until its author confirms it (then it becomes 'live').
CREATE TABLE wiki_revisions (
	id INTEGER PRIMARY KEY,
	page_id INTEGER NOT NULL REFERENCES wiki_pages(id),
	number INTEGER,                        -- 1, 2, ... per page; NULL while pending
	base INTEGER NOT NULL DEFAULT 0,       -- the number the edit started from
	author_id INTEGER REFERENCES members(id),
	author TEXT NOT NULL,
	mode TEXT NOT NULL
	    CHECK (mode IN ('replace', 'append', 'section', 'capture', 'merge', 'confirm')),
	text TEXT NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('live', 'pending', 'applied')),
	created TEXT NOT NULL,
	UNIQUE (page_id, number)
);
CREATE INDEX wiki_revisions_page ON wiki_revisions(page_id, number);

-- Who gets change notices: editors and "wiki watch PAGE".  seen is the
-- revision number the member last saw; notified when the last notice went.
CREATE TABLE wiki_watches (
	page_id INTEGER NOT NULL REFERENCES wiki_pages(id),
	member_id INTEGER NOT NULL REFERENCES members(id),
	seen INTEGER NOT NULL DEFAULT 0,
	notified TEXT,
	PRIMARY KEY (page_id, member_id)
);

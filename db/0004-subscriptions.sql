-- 0004-subscriptions: double opt-in.  A subscribe or unsubscribe request
-- at LIST+request@ creates a confirmation; a reply to LIST+c-TOKEN@ (the
-- token names the row) from the same address carries it out, once.  At
-- most one unused confirmation is mailed per address and list per day.

CREATE TABLE confirmations (
	id INTEGER PRIMARY KEY,
	list_id INTEGER NOT NULL REFERENCES lists(id),
	email TEXT NOT NULL COLLATE NOCASE,    -- where the request was mailed
	action TEXT NOT NULL CHECK (action IN ('subscribe', 'unsubscribe')),
	delivery TEXT NOT NULL DEFAULT 'each'
	    CHECK (delivery IN ('each', 'digest', 'none')),
	created TEXT NOT NULL,                 -- also when it was mailed
	expires TEXT NOT NULL,
	used TEXT                              -- when it was carried out
);
CREATE INDEX confirmations_addr ON confirmations(list_id, email, created);

-- 0019-outbox-bodies: each outbox row's message in a table of its own,
-- written once when the row is queued and read once when it is sent.  The
-- claim (queued -> sending) and the settlement (-> sent) then rewrite a
-- row of a few hundred bytes instead of one carrying a 4-60 kB message
-- in its overflow pages (docs/bench-digest.md).  A body has the id of its
-- outbox row and goes with it.  outbox_full joins the two, for people
-- and tests reading a message with sqlite3; the programs use db/.
CREATE TABLE outbox_bodies (
	id INTEGER PRIMARY KEY REFERENCES outbox(id) ON DELETE CASCADE,
	body BLOB NOT NULL                     -- the whole RFC 5322 message, CRLF
);
INSERT INTO outbox_bodies(id, body) SELECT id, body FROM outbox;
ALTER TABLE outbox DROP COLUMN body;
CREATE VIEW outbox_full AS
    SELECT outbox.*, outbox_bodies.body AS body
    FROM outbox JOIN outbox_bodies ON outbox_bodies.id = outbox.id;

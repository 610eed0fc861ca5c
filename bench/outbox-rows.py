#!/usr/bin/env python3
"""outbox-rows.py - what a state change costs a row that holds a big body
(docs/bench-digest.md, issue 11 item 8).  For 2,000 rows, one transaction
per row settles the previous row ('sent', sent_at) and claims this one
('sending', attempts + 1), then reads its body, as stoa-digest deliver does:
once with the body in the row, once with it in a table of its own.
WAL, synchronous = NORMAL.  Usage: python3 bench/outbox-rows.py [DIR]"""
import os
import sqlite3
import sys
import time

ROWS = 2000


def setup(c, split, size):
    if split:
        c.execute("CREATE TABLE o(id INTEGER PRIMARY KEY, state TEXT,"
                  " attempts INT, sent_at TEXT)")
        c.execute("CREATE TABLE b(id INTEGER PRIMARY KEY, body BLOB)")
    else:
        c.execute("CREATE TABLE o(id INTEGER PRIMARY KEY, state TEXT,"
                  " attempts INT, sent_at TEXT, body BLOB)")
    c.execute("BEGIN")
    for i in range(ROWS):
        body = os.urandom(size)
        if split:
            c.execute("INSERT INTO o(id, state, attempts) VALUES (?, 'queued', 0)", (i,))
            c.execute("INSERT INTO b VALUES (?, ?)", (i, body))
        else:
            c.execute("INSERT INTO o(id, state, attempts, body)"
                      " VALUES (?, 'queued', 0, ?)", (i, body))
    c.execute("COMMIT")


def run(c, split):
    t = time.time()
    for i in range(ROWS):
        c.execute("BEGIN IMMEDIATE")
        if i:
            c.execute("UPDATE o SET state = 'sent', sent_at = '2026-01-01T00:00:00Z'"
                      " WHERE id = ?", (i - 1,))
        c.execute("UPDATE o SET state = 'sending', attempts = attempts + 1"
                  " WHERE id = ?", (i,))
        c.execute("SELECT body FROM %s WHERE id = ?" % ("b" if split else "o"),
                  (i,)).fetchone()
        c.execute("COMMIT")
    return time.time() - t


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else "/tmp"
    p = os.path.join(d, "outbox-rows.db")
    for size in (4000, 60000):
        for split in (False, True):
            for f in (p, p + "-wal", p + "-shm"):
                if os.path.exists(f):
                    os.remove(f)
            c = sqlite3.connect(p, isolation_level=None)
            c.execute("PRAGMA journal_mode = WAL")
            c.execute("PRAGMA synchronous = NORMAL")
            setup(c, split, size)
            print("%6d B  %-22s %.3f s" % (size, "body in its own table" if split
                                           else "body in the row", run(c, split)))
            c.close()
    for f in (p, p + "-wal", p + "-shm"):
        if os.path.exists(f):
            os.remove(f)


main()

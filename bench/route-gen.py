#!/usr/bin/env python3
"""bench/route-gen.py SEED MEMBERS QUESTIONS OUTDIR - a generated company
for the routing bench (docs/bench-route.md).

MEMBERS people in one list, 40 topics.  Each person has 1-3 expertise
topics (the truth, written to OUTDIR/truth.txt as "member topic ...").
What Stoa can see of it, written as SQL to OUTDIR/company.sql:
  - 70% introduced themselves: "can help with" names two or three words
    of one of their topics, among everyday words;
  - each answered 0-6 older threads, 75% on one of their topics, 25% on
    any topic (people answer outside their field too);
  - 0-2 wiki pages edited (60% on their topics), 0-3 quiz topics learnt
    (50% on their topics);
  - 10% said "help off".
QUESTIONS new questions (one topic each, the truth in questions.txt as
"thread topic"), asked by random members over 5 working days, phrased
with 1-3 words of their topic, everyday words, and in 20% of them one
word of another topic.
Topic words are made-up syllable words, so no topic shares a word with
another or with the stop lists by accident.
"""
import random
import sys

seed, n_members, n_questions, out = int(sys.argv[1]), int(sys.argv[2]), \
    int(sys.argv[3]), sys.argv[4]
rnd = random.Random(seed)
SYL = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi", "pe", "sa", "do",
       "fu", "gi", "ha", "ju", "be", "co", "xa", "ye", "wu"]
TOPICS = 40
used = set()


def word():
    while True:
        w = "".join(rnd.choice(SYL) for _ in range(rnd.choice([3, 4])))
        if w not in used:
            used.add(w)
            return w


topic_words = [[word() for _ in range(8)] for _ in range(TOPICS)]
EVERYDAY = ["deploy", "error", "team", "project", "setup", "config",
            "production", "customer", "release", "report", "meeting",
            "process", "server", "data", "tool", "week", "issue", "change"]


def phrase(t, k):
    ws = rnd.sample(topic_words[t], k)
    ev = rnd.sample(EVERYDAY, 2)
    return ws, ev


def q(s):
    return "'" + s.replace("'", "''") + "'"


sql = ["BEGIN;",
       "INSERT INTO lists(id, name, title, timezone, created, intros,"
       " route_hours) VALUES (1, 'corp', 'corp', 'UTC',"
       " '2025-01-01T00:00:00Z', 1, 24);"]
truth = []
msg = 0
thread = 0


def post(thread_id, parent, author, subject, text, date):
    global msg
    msg += 1
    sql.append(
        "INSERT INTO messages(id, list_id, thread_id, parent_id, message_id,"
        " dedup_key, author_id, author, subject, date, text, status,"
        " raw_sha256) VALUES (%d, 1, %d, %s, 'm%d@x', '1/ m%d@x', %d,"
        " 'p%d@corp.example', %s, %s, %s, 'posted', 'x');"
        % (msg, thread_id, parent or "NULL", msg, msg, author, author,
           q(subject), q(date), q(text)))
    return msg


def new_thread(author, subject, text, date):
    global thread
    thread += 1
    sql.append(
        "INSERT INTO threads(id, list_id, subject, base_subject,"
        " message_count, created, last_activity) VALUES (%d, 1, %s, %s,"
        " 1, %s, %s);" % (thread, q(subject), q(subject.lower()),
                          q(date), q(date)))
    m = post(thread, None, author, subject, text, date)
    sql.append("UPDATE threads SET root_id = %d WHERE id = %d;"
               % (m, thread))
    return thread, m


expert = {}
for m in range(1, n_members + 1):
    sql.append("INSERT INTO members(id, email, name, created) VALUES"
               " (%d, 'p%d@corp.example', 'P%d', '2025-01-01T00:00:00Z');"
               % (m, m, m))
    sql.append("INSERT INTO memberships(list_id, member_id, joined,"
               " help_off) VALUES (1, %d, '2025-01-01T00:00:00Z', %d);"
               % (m, 1 if rnd.random() < 0.10 else 0))
    ts = rnd.sample(range(TOPICS), rnd.choice([1, 2, 2, 3]))
    expert[m] = ts
    truth.append("%d %s" % (m, " ".join(map(str, ts))))

# history: everyone's evidence, spread over the past year
for m in range(1, n_members + 1):
    ts = expert[m]
    if rnd.random() < 0.70:
        ws, ev = phrase(rnd.choice(ts), rnd.choice([2, 3]))
        sql.append("INSERT INTO profiles(member_id, list_id, works_on,"
                   " can_help, want_learn, updated) VALUES (%d, 1, %s, %s,"
                   " %s, '2025-06-01T00:00:00Z');"
                   % (m, q("the " + ev[0] + " " + ev[1]),
                      q(", ".join(ws) + " and " + ev[0]),
                      q(rnd.choice(topic_words[rnd.randrange(TOPICS)]))))
    for _ in range(rnd.randint(0, 6)):
        t = rnd.choice(ts) if rnd.random() < 0.75 else rnd.randrange(TOPICS)
        ws, ev = phrase(t, 2)
        asker = rnd.randint(1, n_members)
        if asker == m:
            continue
        day = "2025-%02d-%02dT10:00:00Z" % (rnd.randint(2, 11),
                                           rnd.randint(1, 28))
        th, root = new_thread(asker, "%s %s %s" % (ws[0], ev[0], ws[1]),
                              "How do we handle %s with %s in %s?"
                              % (ws[0], ws[1], ev[1]), day)
        post(th, root, m, "Re: " + ws[0], "Try this.", day)
    for _ in range(rnd.randint(0, 2)):
        t = rnd.choice(ts) if rnd.random() < 0.6 else rnd.randrange(TOPICS)
        ws, _ = phrase(t, 2)
        sql.append("INSERT OR IGNORE INTO wiki_pages(list_id, slug, title,"
                   " created) VALUES (1, %s, %s, '2025-03-01T00:00:00Z');"
                   % (q(ws[0] + "-" + ws[1]), q(ws[0] + " " + ws[1])))
        sql.append("INSERT INTO wiki_revisions(page_id, number, author_id,"
                   " author, mode, text, status, created) SELECT id, NULL,"
                   " %d, 'p%d@corp.example', 'replace', 'x', 'live',"
                   " '2025-03-01T00:00:00Z' FROM wiki_pages WHERE slug = %s;"
                   % (m, m, q(ws[0] + "-" + ws[1])))
    for _ in range(rnd.randint(0, 3)):
        t = rnd.choice(ts) if rnd.random() < 0.5 else rnd.randrange(TOPICS)
        sql.append("INSERT INTO events(at, list_id, member_id, kind,"
                   " object_id, detail) VALUES ('2025-05-01T00:00:00Z', 1,"
                   " %d, 'quiz.retire', %d, 'learnt');" % (m, 1000 + t))

# one quiz question per topic, its topic the topic's first two words
for t in range(TOPICS):
    sql.append("INSERT INTO quiz_questions(id, list_id, qkey, status,"
               " author, created) VALUES (%d, 1, 'k%d', 'active', 'admin',"
               " '2025-01-01T00:00:00Z');" % (1000 + t, t))
    sql.append("INSERT INTO quiz_versions(id, question_id, version, digest,"
               " kind, topic, text, source, created) VALUES (%d, %d, 1,"
               " 'd%d', 'tf', %s, 'x', 'x', '2025-01-01T00:00:00Z');"
               % (1000 + t, 1000 + t, t,
                  q(topic_words[t][0] + " " + topic_words[t][1])))
    sql.append("UPDATE quiz_questions SET current = %d WHERE id = %d;"
               % (1000 + t, 1000 + t))

# the new questions: Monday 5 January 2026 .. Friday 9 January
qs = []
days = ["2026-01-05", "2026-01-06", "2026-01-07", "2026-01-08", "2026-01-09"]
for i in range(n_questions):
    t = rnd.randrange(TOPICS)
    ws, ev = phrase(t, rnd.choice([1, 2, 3]))
    extra = ""
    if rnd.random() < 0.20:
        extra = " " + rnd.choice(topic_words[rnd.randrange(TOPICS)])
    asker = rnd.randint(1, n_members)
    day = "%sT%02d:00:00Z" % (days[i * len(days) // n_questions],
                              9 + i % 8)
    th, _ = new_thread(asker, "Question about %s" % ws[0],
                       "Has anyone set up %s for %s? Our %s keeps failing%s."
                       % (" ".join(ws), ev[0], ev[1], extra), day)
    qs.append("%d %d" % (th, t))
sql.append("COMMIT;")
open(out + "/company.sql", "w").write("\n".join(sql) + "\n")
open(out + "/truth.txt", "w").write("\n".join(truth) + "\n")
open(out + "/questions.txt", "w").write("\n".join(qs) + "\n")

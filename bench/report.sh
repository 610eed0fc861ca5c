#!/bin/bash
# bench/report.sh [BUILD] [MEMBERS] [MESSAGES] - docs/bench-report.md.
#
# 1. The report: a list of MEMBERS (default 10,000) members (teams in
#    member_fields) with two years (2024-2025) of generated history in
#    SQL: threads and posts, quiz sends of an adaptive list with their
#    answer events and cards, mentoring pairs with check-ins,
#    introductions, routed questions, reflection questions and answers,
#    badges (some revoked).  Times `stoa report` for the two years in each
#    format, and for the last 30 days as text (/usr/bin/time -v: elapsed,
#    peak RSS).
# 2. The archive: a list of MESSAGES (default 100,000) posts in threads
#    of 5 posts; `stoa site build` full, again with nothing new, and
#    after one new post (time, peak RSS, files written).
# Deterministic: every value is arithmetic on the row number.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
B=$(cd "${1:-$top/build}" && pwd)
N=${2:-10000}
M=${3:-100000}
w=$(mktemp -d)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$w"' EXIT

# instance DIR - a database with list learn and N members
instance() {
	mkdir -p "$1"
	cat >"$1/stoa.conf" <<CONF
database = $1/stoa.db
domain = learn.example
outbound = maildir:$1/mail
secret_file = $1/secret
templates = $top/templates
timezone = UTC
site_name = Stoa
CONF
	"$B/stoa" -c "$1/stoa.conf" init >/dev/null
	"$B/stoa" -c "$1/stoa.conf" list create learn --title "Bench list" >/dev/null
	sqlite3 "$1/stoa.db" <<SQL
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < $N)
INSERT INTO members(id, email, name, created)
SELECT n, 'm' || n || '@example.org', 'Member ' || n, '2024-01-01T00:00:00Z' FROM t;
INSERT INTO memberships(list_id, member_id, role, delivery, status, joined)
SELECT 1, id, CASE id WHEN 1 THEN 'owner' ELSE 'member' END, 'each', 'active', created FROM members;
INSERT INTO member_fields SELECT id, 'team', 'team' || (id % 50) FROM members;
SQL
}

# posts DIR COUNT DAYS - COUNT posts over DAYS days from 2024-01-01:
# threads of 5 posts, one post every DAYS*86400/COUNT seconds
posts() {
	sqlite3 "$1/stoa.db" <<SQL
PRAGMA synchronous = OFF;
CREATE TEMP TABLE p AS
WITH RECURSIVE t(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM t WHERE n < $2 - 1)
SELECT n + 1 AS id, n / 5 + 1 AS thread, n % 5 AS pos,
    strftime('%Y-%m-%dT%H:%M:%SZ', 1704067200 + n * ($3 * 86400 / $2), 'unixepoch') AS date,
    (n * 7919) % $N + 1 AS author FROM t;
INSERT INTO threads(id, list_id, subject, base_subject, root_id, message_count, created, last_activity)
SELECT thread, 1, 'Question ' || thread || ' about topic ' || (thread % 97), 'q' || thread,
    min(id), count(*), min(date), max(date) FROM p GROUP BY thread;
INSERT INTO messages(id, list_id, thread_id, parent_id, message_id, dedup_key, author_id, author,
    author_name, subject, date, text, quoted, status, raw_sha256)
SELECT p.id, 1, thread, CASE pos WHEN 0 THEN NULL ELSE p.id - 1 END, 'b' || p.id || '@x',
    '1/ b' || p.id || '@x', author, 'm' || author || '@example.org', 'Member ' || author,
    CASE pos WHEN 0 THEN '' ELSE 'Re: ' END || 'Question ' || thread,
    date, 'Post ' || p.id || ': ' || substr(replace(hex(zeroblob(300)), '00', 'word '), 1, 400 + (p.id % 7) * 60),
    CASE pos WHEN 0 THEN '' ELSE '> the post before, quoted' END, 'posted', ''
FROM p;
INSERT INTO events(at, list_id, member_id, kind, object_id)
SELECT date, 1, author_id, 'posted', id FROM messages;
SQL
}

# learning DIR - two years of quizzes, mentoring, connecting, badges
learning() {
	sqlite3 "$1/stoa.db" <<SQL
PRAGMA synchronous = OFF;
INSERT INTO quiz_settings VALUES (1, 1, 'adaptive', 7, 1, 9, 7, 0.9, '2024-01-01T00:00:00Z');
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 50)
INSERT INTO quiz_questions(id, list_id, qkey, current, status, author, created)
SELECT n, 1, 'q' || n, n, 'active', 'm1@example.org', '2024-01-01T00:00:00Z' FROM t;
INSERT INTO quiz_versions(id, question_id, version, digest, kind, topic, text, source, created)
SELECT id, id, 1, 'd', 'tf', 'Topic ' || (id % 10), 'Question', 's', created FROM quiz_questions;
-- a question every 14 days per member: 52 sends each over two years
WITH RECURSIVE k(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM k WHERE n < 51)
INSERT INTO quiz_sends(list_id, member_id, question_id, version_id, scheduler, sent_at, expires, result)
SELECT 1, m.id, (m.id + k.n) % 50 + 1, (m.id + k.n) % 50 + 1, 'adaptive',
    strftime('%Y-%m-%dT09:00:00Z', 1704067200 + (k.n * 14 + m.id % 14) * 86400, 'unixepoch'),
    strftime('%Y-%m-%dT09:00:00Z', 1704067200 + (k.n * 14 + m.id % 14 + 7) * 86400, 'unixepoch'),
    CASE (m.id * 31 + k.n * 17) % 10 WHEN 0 THEN 'missed' WHEN 1 THEN 'wrong'
        WHEN 2 THEN 'wrong' ELSE 'correct' END
FROM members m, k;
INSERT INTO events(at, list_id, member_id, kind, object_id, detail)
SELECT replace(sent_at, 'T09', 'T12'), 1, member_id, 'quiz.answer', id, result
FROM quiz_sends WHERE result != 'missed';
INSERT OR IGNORE INTO quiz_cards
SELECT member_id, question_id, '2026-01-01T09:00:00Z', 0, 0, 0, 0, 1, 0, 1,
    5 + (id % 40), 5, CAST(strftime('%s', sent_at) AS INTEGER) FROM quiz_sends;
-- 1,000 mentoring pairs, 10 check-ins each
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 1000)
INSERT INTO mentorships(id, list_id, mentor_id, mentee_id, started, track, state, created, health)
SELECT n, 1, n, $N + 1 - n, date(1704067200 + (n % 600) * 86400, 'unixepoch'), 'onboarding',
    CASE n % 10 WHEN 0 THEN 'ended' WHEN 1 THEN 'paused' ELSE 'active' END,
    '2024-01-01T00:00:00Z', CASE n % 4 WHEN 0 THEN 'on track' WHEN 1 THEN 'needs a check-in'
        WHEN 2 THEN 'inactive' ELSE 'too early' END FROM t;
WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 10)
INSERT INTO prompts(kind, member_id, list_id, mentorship_id, sent_at, week, replied_at)
SELECT 'reflection', mentee_id, 1, id, date(started, '+' || (7 * k.n) || ' days') || 'T10:00:00Z', k.n,
    date(started, '+' || (7 * k.n + 1) || ' days') || 'T10:00:00Z' FROM mentorships, k;
INSERT INTO events(at, list_id, member_id, kind, object_id, detail)
SELECT replied_at, 1, member_id, 'mentor.reply', id, 'reflection' FROM prompts WHERE kind = 'reflection';
-- introductions, routed questions, reflection questions, badges
INSERT INTO events(at, list_id, member_id, kind, object_id)
SELECT strftime('%Y-%m-%dT10:00:00Z', 1704067200 + (id % 700) * 86400, 'unixepoch'), 1, id, 'intro.post', id
FROM members;
INSERT INTO events(at, list_id, member_id, kind, object_id, detail)
SELECT strftime('%Y-%m-%dT11:00:00Z', 1704067200 + (id % 720) * 86400, 'unixepoch'), 1,
    (id * 13) % $N + 1, CASE id % 3 WHEN 0 THEN 'route.ask' WHEN 1 THEN 'route.answer' ELSE 'route.ask' END,
    id, '' FROM threads WHERE id % 4 = 0;
WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 2)
INSERT INTO prompts(kind, member_id, list_id, sent_at, replied_at, answer)
SELECT 'question', m.id, 1, strftime('%Y-%m-%dT09:00:00Z', 1704067200 + (k.n * 300 + m.id % 300) * 86400, 'unixepoch'),
    CASE WHEN (m.id + k.n) % 3 = 0 THEN NULL
        ELSE strftime('%Y-%m-%dT12:00:00Z', 1704067200 + (k.n * 300 + m.id % 300) * 86400, 'unixepoch') END,
    CASE WHEN (m.id + k.n) % 3 = 0 THEN NULL
        WHEN m.id % 5 = 0 THEN 'I now write the test first.' || char(10) || 'quote ok'
        ELSE 'I asked for help sooner.' END
FROM members m, k;
INSERT INTO events(at, list_id, member_id, kind, object_id)
SELECT sent_at, 1, member_id, 'reflect.ask', id FROM prompts WHERE kind = 'question';
INSERT INTO events(at, list_id, member_id, kind, object_id)
SELECT replied_at, 1, member_id, 'reflect.answer', id FROM prompts WHERE kind = 'question' AND answer IS NOT NULL;
INSERT INTO events(at, list_id, member_id, kind, object_id, detail)
SELECT strftime('%Y-%m-%dT13:00:00Z', 1704067200 + (id % 720) * 86400, 'unixepoch'), 1, id % $N + 1,
    'badge.award', id, 'badge-' || (id % 14) FROM messages WHERE id % 3 = 0;
INSERT INTO events(at, list_id, member_id, kind, object_id, detail)
SELECT '2025-12-31T00:00:00Z', 1, member_id, 'badge.revoke', object_id, detail
FROM events WHERE kind = 'badge.award' AND object_id % 100 = 0;
ANALYZE;
SQL
}

# timed LABEL CMD... - run CMD under /usr/bin/time -v: seconds, peak RSS
timed() {
	local label=$1
	shift
	/usr/bin/time -v -o "$w/time" "$@" >"$w/out"
	printf '%-34s %8s wall %6.2f s CPU  peak RSS %7s kB  %s\n' "$label" \
		"$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$w/time")" \
		"$(awk -F': ' '/User time|System time/ { t += $2 } END { print t }' "$w/time")" \
		"$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$w/time")" \
		"$(tail -n 1 "$w/out" | cut -c1-60)"
}

r=$w/report
s=$(date +%s)
instance "$r"
posts "$r" 60000 730
learning "$r"
echo "report data: $N members, $(sqlite3 "$r/stoa.db" "SELECT count(*) FROM events") events," \
	"$(sqlite3 "$r/stoa.db" "SELECT count(*) FROM messages") posts," \
	"$(sqlite3 "$r/stoa.db" "SELECT count(*) FROM quiz_sends") quiz sends," \
	"$(sqlite3 "$r/stoa.db" "SELECT count(*) FROM quiz_cards") cards;" \
	"$(du -m "$r/stoa.db" | cut -f1) MB, generated in $(($(date +%s) - s)) s"
export STOA_NOW=2026-01-01T10:00:00Z
for f in text html json csv; do
	timed "report 2024-01-01..2025-12-31 $f" "$B/stoa" -c "$r/stoa.conf" report learn \
		--from 2024-01-01 --to 2025-12-31 --format $f
done
timed "report last 30 days text" "$B/stoa" -c "$r/stoa.conf" report learn
[ -n "${KEEP:-}" ] || rm -rf "$r"

a=$w/archive
s=$(date +%s)
instance "$a"
posts "$a" "$M" 730
echo "archive data: $(sqlite3 "$a/stoa.db" "SELECT count(*) FROM messages") posts in" \
	"$(sqlite3 "$a/stoa.db" "SELECT count(*) FROM threads") threads;" \
	"$(du -m "$a/stoa.db" | cut -f1) MB, generated in $(($(date +%s) - s)) s"
timed "site build (full)" "$B/stoa" -c "$a/stoa.conf" site build "$a/out"
timed "site build (nothing new)" "$B/stoa" -c "$a/stoa.conf" site build "$a/out"
sqlite3 "$a/stoa.db" "INSERT INTO messages(list_id, thread_id, parent_id, message_id, dedup_key,
    author_id, author, author_name, subject, date, text, status, raw_sha256)
    SELECT 1, thread_id, id, 'new@x', '1/ new@x', 2, 'm2@example.org', 'Member 2', 'Re: new',
    '2026-01-01T09:00:00Z', 'One new reply.', 'posted', '' FROM messages WHERE id = 500;"
timed "site build (one new post)" "$B/stoa" -c "$a/stoa.conf" site build "$a/out"
echo "archive: $(find "$a/out" -type f | wc -l) files, $(du -sm "$a/out" | cut -f1) MB"

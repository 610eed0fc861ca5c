#!/bin/bash
# bench/quiz.sh [BUILD] [LEARNERS] [QUESTIONS] - the quiz scheduler pass
# (docs/quiz.md, "Measured"): a list of LEARNERS (default 100000) members
# with quizzes on (classic, 1 question every 2 days) and a bank of
# QUESTIONS (default 500); half the learners are due today, half
# tomorrow.  Times four `stoa-digest run` passes, delivery kept out by
# holding DB.deliver.lock (as bench/digest.sh does):
#   idle    before the hour: nothing due
#   due     at the hour: one day's questions (LEARNERS / 2 mails)
#   again   the same time once more: nothing due (and 50,000 sends open)
#   idle2   late evening: nothing due, quiet hours
# and prints the time per learner, the peak RSS and the query plans of
# the due and expiry queries (they must use indexes, not scan).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
B=$(cd "${1:-$top/build}" && pwd)
N=${2:-100000}
Q=${3:-500}
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
cat >"$w/stoa.conf" <<CONF
database = $w/stoa.db
domain = learn.example
outbound = maildir:$w/mail
secret_file = $w/secret
templates = $top/templates
timezone = UTC
site_name = Stoa
learning_mails_per_day = 3
CONF
export STOA_NOW=2026-01-01T10:00:00Z
st() { "$B/stoa" -c "$w/stoa.conf" "$@"; }
st init >/dev/null
st list create learn --title "Bench list" >/dev/null
# 100 members through `stoa member import` (so the rows are as the
# program writes them), the rest copied from them in SQL: the import's
# own speed is not what is measured here
awk 'BEGIN { print "email,name,delivery";
	for (i = 1; i <= 100; i++) printf "m%d@example.org,Member %d,each\n", i, i }' \
	>"$w/members.csv"
t0=$(date +%s.%N)
st member import learn "$w/members.csv" >/dev/null
sqlite3 "$w/stoa.db" <<SQL
WITH RECURSIVE t(n) AS (SELECT 101 UNION ALL SELECT n + 1 FROM t WHERE n < $N)
INSERT INTO members(id, email, name, created)
SELECT n, 'm' || n || '@example.org', 'Member ' || n, created
FROM t, (SELECT created FROM members WHERE id = 1);
INSERT INTO memberships(list_id, member_id, role, delivery, status, joined)
SELECT 1, id, 'member', 'each', 'active', created FROM members WHERE id > 100;
SQL
t1=$(date +%s.%N)
awk -v n="$Q" 'BEGIN { for (i = 1; i <= n; i++) {
	printf "$CATEGORY: Topic %d\n\n", i % 10
	if (i % 4 == 0) printf "::q%d:: Statement number %d is true. {T####Because %d.}\n\n", i, i, i
	else printf "::q%d:: Which answer is right for question %d? {=right %d ~wrong a%d ~wrong b%d ~wrong c%d####It is right %d because of reason %d.}\n\n", i, i, i, i, i, i, i, i
} }' >"$w/bank.gift"
st quiz import learn "$w/bank.gift" >/dev/null
st quiz enable learn --every 2d --per-batch 1 >/dev/null
t2=$(date +%s.%N)
# already welcomed; half due today at 09:00, half tomorrow
sqlite3 "$w/stoa.db" "UPDATE quiz_learners SET welcomed = '2025-12-31T09:00:00Z',
    next_at = CASE member_id % 2 WHEN 0 THEN '2026-01-07T09:00:00Z'
    ELSE '2026-01-08T09:00:00Z' END;
    UPDATE memberships SET digest_optout = 1; ANALYZE;"

# pass NAME TIME - one run under the delivery lock: seconds, RSS, mails
pass() {
	local before after s e
	before=$(sqlite3 "$w/stoa.db" "SELECT count(*) FROM outbox")
	s=$(date +%s.%N)
	/usr/bin/time -v -o "$w/time" flock "$w/stoa.db.deliver.lock" \
		"$B/stoa-digest" -c "$w/stoa.conf" run --now "$2"
	e=$(date +%s.%N)
	after=$(sqlite3 "$w/stoa.db" "SELECT count(*) FROM outbox")
	rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$w/time")
	secs=$(echo "$e - $s" | bc -l)
	printf '%-6s %s  %6d mails  %7.3f s  %6.1f us/learner  %7.1f us/mail  peak RSS %d kB\n' \
		"$1" "$2" "$((after - before))" "$secs" \
		"$(echo "$secs * 1000000 / $N" | bc -l)" \
		"$(echo "$secs * 1000000 / ($after - $before + (after == before))" | bc -l)" "$rss"
}
printf 'learners %d, questions %d (members %.1f s, bank + enable %.1f s)\n' "$N" "$Q" \
	"$(echo "$t1 - $t0" | bc -l)" "$(echo "$t2 - $t1" | bc -l)"
pass idle 2026-01-07T08:00:00Z
pass due 2026-01-07T09:00:00Z
pass again 2026-01-07T09:00:00Z
pass idle2 2026-01-07T23:00:00Z
echo "query plans:"
sqlite3 "$w/stoa.db" <<'SQL'
EXPLAIN QUERY PLAN SELECT l.list_id, l.member_id, m.email, m.name,
  coalesce(ms.status = 'active' AND q.enabled = 1, 0),
  l.welcomed IS NOT NULL, coalesce(l.paused_until, '')
  FROM quiz_learners l JOIN members m ON m.id = l.member_id
  LEFT JOIN memberships ms ON ms.list_id = l.list_id
  AND ms.member_id = l.member_id
  LEFT JOIN quiz_settings q ON q.list_id = l.list_id
  WHERE l.state = 'on' AND l.next_at <= '2026-01-07T08:00:00Z'
  ORDER BY l.next_at, l.list_id, l.member_id LIMIT 500;
EXPLAIN QUERY PLAN SELECT id, list_id, member_id FROM quiz_sends
  WHERE result IS NULL AND expires <= '2026-01-07T08:00:00Z'
  ORDER BY expires, id LIMIT 500;
SQL
echo "outbox by kind:"
sqlite3 "$w/stoa.db" "SELECT kind, count(*) FROM outbox GROUP BY kind"

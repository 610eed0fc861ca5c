#!/bin/bash
# bench/mentor.sh [BUILD] [PAIRS] [DAYS] [STEP_HOURS] - the mentoring
# scheduler over a simulated stretch of time (docs/bench-mentor.md):
# PAIRS (default 20000) onboarding pairs, each mentor with two mentees,
# starting on the seven days of the first week, then `stoa-digest run
# --now T` every STEP_HOURS (default 1) for DAYS (default 120) days, the
# delivery pass locked out (as bench/quiz.sh).  Nobody replies, so every
# pair also gets the 14-day nudges and the 21-day drift alerts.  Prints:
#   - the baseline: an idle pass of a database with the same list and
#     members but no pairs, median of 15, measured in this run;
#   - an idle pass of the full database before the first look (every
#     pair due at 09:00Z, the pass at 03:00Z), median of 15, and its
#     ratio to the baseline;
#   - each simulated pass's time, summed up: passes with nothing queued
#     (median, max), busy passes (max, total), mails queued;
#   - check-ins (reflections) per pair in its first 90 days: min, mean,
#     and the pairs below 10 (must be 0: nobody paused);
#   - the peak RSS of the largest pass (/usr/bin/time -v).
# MENTOR_ICS=yes turns the calendar invite of the pairing mail on.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
B=$(cd "${1:-$top/build}" && pwd)
N=${2:-20000}
D=${3:-120}
H=${4:-1}
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
conf() { # conf DIR
	mkdir -p "$1"
	cat >"$1/stoa.conf" <<CONF
database = $1/stoa.db
domain = learn.example
outbound = maildir:$1/mail
secret_file = $1/secret
templates = $top/templates
timezone = UTC
site_name = Stoa
mentor_ics = ${MENTOR_ICS:-no}
CONF
}
setup() { # setup DIR PAIRS [none] - list, 1.5 * PAIRS members, PAIRS pairs
	local d=$1 n=$2 none=${3:-}
	conf "$d"
	export STOA_NOW=2026-01-01T08:00:00Z
	"$B/stoa" -c "$d/stoa.conf" init >/dev/null
	"$B/stoa" -c "$d/stoa.conf" list create learn --timezone Europe/Berlin >/dev/null
	"$B/stoa" -c "$d/stoa.conf" member add learn m1@example.org --name "Member 1" >/dev/null
	"$B/stoa" -c "$d/stoa.conf" member add learn m2@example.org --name "Member 2" >/dev/null
	# members 1..M mentors (M = PAIRS / 2), M+1..M+PAIRS mentees
	sqlite3 "$d/stoa.db" <<SQL
WITH RECURSIVE t(n) AS (SELECT 3 UNION ALL SELECT n + 1 FROM t WHERE n < $n / 2 + $n)
INSERT INTO members(id, email, name, created)
SELECT n, 'm' || n || '@example.org', 'Member ' || n, created
FROM t, (SELECT created FROM members WHERE id = 1);
INSERT INTO memberships(list_id, member_id, role, delivery, status, joined)
SELECT 1, id, 'member', 'each', 'active', created FROM members WHERE id > 2;
UPDATE memberships SET role = 'mentor', digest_optout = 1;
SQL
	[ -z "$none" ] || return 0
	# one pair through the program, the rest copied in SQL
	"$B/stoa" -c "$d/stoa.conf" mentor pair learn m1@example.org \
		m$((n / 2 + 1))@example.org --start 2026-01-05 >/dev/null
	sqlite3 "$d/stoa.db" <<SQL
WITH RECURSIVE t(k) AS (SELECT 2 UNION ALL SELECT k + 1 FROM t WHERE k < $n)
INSERT INTO mentorships(list_id, mentor_id, mentee_id, started, track,
    goal, created, next_at)
SELECT 1, (k - 1) / 2 + 1, $n / 2 + k, date('2026-01-05', '+' || (k % 7) || ' days'),
    'onboarding', 'Ship a first change', created, ''
FROM t, (SELECT created FROM mentorships WHERE id = 1);
ANALYZE;
SQL
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
idle() { # idle DIR TIME - median seconds of 15 idle passes
	for i in $(seq 15); do
		s=$(date +%s.%N)
		flock "$1/stoa.db.deliver.lock" "$B/stoa-digest" -c "$1/stoa.conf" run --now "$2"
		e=$(date +%s.%N)
		echo "$e - $s" | bc -l
	done | median
}
t0=$(date +%s.%N)
setup "$w/base" "$N" none
setup "$w/full" "$N"
t1=$(date +%s.%N)
printf 'pairs %d, days %d, a pass every %d h (setup %.1f s)\n' "$N" "$D" "$H" \
	"$(echo "$t1 - $t0" | bc -l)"
# nothing due before 09:00Z (the first look, 10:00 Berlin)
sqlite3 "$w/full/stoa.db" "UPDATE mentorships SET next_at = '2026-01-05T09:00:00Z'"
base=$(idle "$w/base" 2026-01-05T03:00:00Z)
full=$(idle "$w/full" 2026-01-05T03:00:00Z)
printf 'idle pass, no pairs (baseline): %.3f s; with %d pairs: %.3f s = %.2fx\n' \
	"$base" "$N" "$full" "$(echo "$full / $base" | bc -l)"
# the simulation: every H hours from 2026-01-05 09:00Z (the pairing mails)
start=$(date -u -d 2026-01-05T09:00:00Z +%s)
steps=$((D * 24 / H))
: >"$w/passes"
maxrss=0
for i in $(seq 0 $((steps - 1))); do
	now=$(date -u -d "@$((start + i * H * 3600))" +%Y-%m-%dT%H:%M:%SZ)
	before=$(sqlite3 "$w/full/stoa.db" "SELECT count(*) FROM outbox")
	s=$(date +%s.%N)
	/usr/bin/time -v -o "$w/time" flock "$w/full/stoa.db.deliver.lock" \
		"$B/stoa-digest" -c "$w/full/stoa.conf" run --now "$now"
	e=$(date +%s.%N)
	after=$(sqlite3 "$w/full/stoa.db" "SELECT count(*) FROM outbox")
	rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$w/time")
	[ "$rss" -gt "$maxrss" ] && maxrss=$rss || true
	echo "$now $((after - before)) $(echo "$e - $s" | bc -l)" >>"$w/passes"
	# the outbox would be delivered: keep it small, as delivery would
	[ $((i % 24)) != 23 ] || sqlite3 "$w/full/stoa.db" \
		"PRAGMA foreign_keys = ON; DELETE FROM outbox"
done
awk '$2 == 0 { print $3 }' "$w/passes" | median >"$w/idle.med"
awk -v med="$(cat "$w/idle.med")" '
	$2 == 0 { ni++; if ($3 > imax) imax = $3 }
	$2 > 0 { nb++; mails += $2; bt += $3; if ($3 > bmax) { bmax = $3; bw = $1 } }
	{ total += $3 }
	END {
		printf "passes %d: %d with nothing queued (median %.3f s, max %.3f s), ", NR, ni, med, imax
		printf "%d busy (max %.2f s at %s, %.1f s in all), %d mails queued, %.2f ms per mail, %.0f s in all\n", nb, bmax, bw, bt, mails, bt * 1000 / (mails + (mails == 0)), total
	}' "$w/passes"
printf 'peak RSS of a pass: %d kB\n' "$maxrss"
sqlite3 "$w/full/stoa.db" <<'SQL'
.mode list
SELECT 'check-ins in the first 90 days per pair: min ' || min(n) || ', mean ' ||
    round(avg(n), 2) || ', max ' || max(n) || '; pairs below 10: ' ||
    sum(n < 10) || ' of ' || count(*)
FROM (SELECT m.id, (SELECT count(*) FROM prompts p WHERE p.mentorship_id = m.id
    AND p.kind = 'reflection' AND p.sent_at < date(m.started, '+90 days')) AS n
    FROM mentorships m);
SELECT 'prompts by kind: ' || group_concat(kind || ' ' || n, ', ')
FROM (SELECT kind, count(*) AS n FROM prompts GROUP BY kind);
SQL
echo "query plan of the due pairs:"
sqlite3 "$w/full/stoa.db" "EXPLAIN QUERY PLAN SELECT id FROM mentorships
    WHERE state = 'active' AND next_at <= '2026-02-01T00:00:00Z'
    ORDER BY next_at, id LIMIT 200;
    EXPLAIN QUERY PLAN SELECT id FROM mentorships WHERE state = 'ended'
    AND ended IS NULL ORDER BY id;"

#!/bin/bash
# bench/quiz-answers.sh [BUILD] [ANSWERS] - the hook on a burst of quiz
# answers (docs/quiz.md, "Measured"): a list of ANSWERS (default 10000)
# learners, 500 questions, one question out to each (a scheduler pass),
# then one reply per question - each to its own LIST+q-TOKEN@ address,
# from its member, a letter on top of a quoted question as mail clients
# send it - fed through stoa-hook one process each, as Postfix's pipe(8)
# does (bench/drive.c).  The same messages go through bench/baseline.c
# (read stdin, one row, WAL + synchronous=FULL: the least a pipe hook can
# do, as in `make bench`), interleaved in chunks of 1,000 with the order
# alternating, so the machine's load hits both alike.  Prints median and
# p90 wall time per answer, CPU, peak RSS and the ratio hook / baseline;
# checks that every answer was graded and got its feedback mail.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
B=$(cd "${1:-$top/build}" && pwd)
N=${2:-10000}
Q=500
w=$(mktemp -d)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$w"' EXIT; echo "work: $w" >&2
CF="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -Wall -Wextra"
cc $CF -o "$w/drive" "$top/bench/drive.c"
cc $CF $(pkg-config --cflags sqlite3 2>/dev/null) -o "$w/baseline" \
    "$top/bench/baseline.c" -lsqlite3
cat >"$w/stoa.conf" <<CONF
database = $w/stoa.db
domain = learn.example
outbound = maildir:$w/mail
secret_file = $w/secret
templates = $top/templates
timezone = UTC
site_name = Stoa
CONF
export STOA_NOW=2026-01-01T10:00:00Z
st() { "$B/stoa" -c "$w/stoa.conf" "$@"; }
st init >/dev/null
st list create learn --title "Bench list" >/dev/null
# the first 100 (or N) through the program, the rest copied in SQL
awk -v n="$N" 'BEGIN { print "email,name,delivery";
	for (i = 1; i <= (n < 100 ? n : 100); i++)
		printf "m%d@example.org,Member %d,each\n", i, i }' \
	>"$w/members.csv"
st member import learn "$w/members.csv" >/dev/null
[ "$N" -le 100 ] || sqlite3 "$w/stoa.db" <<SQL
WITH RECURSIVE t(n) AS (SELECT 101 UNION ALL SELECT n + 1 FROM t WHERE n < $N)
INSERT INTO members(id, email, name, created)
SELECT n, 'm' || n || '@example.org', 'Member ' || n, created
FROM t, (SELECT created FROM members WHERE id = 1);
INSERT INTO memberships(list_id, member_id, role, delivery, status, joined)
SELECT 1, id, 'member', 'each', 'active', created FROM members WHERE id > 100;
SQL
awk -v n="$Q" 'BEGIN { for (i = 1; i <= n; i++) {
	printf "$CATEGORY: Topic %d\n\n", i % 10
	printf "::q%d:: Which answer is right for question %d? {=right %d ~wrong a%d ~wrong b%d ~wrong c%d####It is right %d because of reason %d.}\n\n", i, i, i, i, i, i, i, i
} }' >"$w/bank.gift"
st quiz import learn "$w/bank.gift" >/dev/null
st quiz enable learn --every 2d --per-batch 1 >/dev/null
sqlite3 "$w/stoa.db" "UPDATE quiz_learners SET welcomed = '2025-12-31T09:00:00Z',
    next_at = '2026-01-07T09:00:00Z'; UPDATE memberships SET digest_optout = 1;
    ANALYZE;"
flock "$w/stoa.db.deliver.lock" "$B/stoa-digest" -c "$w/stoa.conf" run \
    --now 2026-01-07T09:00:00Z
# one answer per question mail: its q- address from its Reply-To
mkdir -p "$w/a"
sqlite3 -separator ' ' "$w/stoa.db" "SELECT o.id, o.recipient,
    substr(o.body, instr(o.body, 'learn+q-'), instr(substr(o.body,
    instr(o.body, 'learn+q-')), '@') - 1) FROM outbox_full o
    WHERE o.kind = 'quiz' ORDER BY o.id" |
awk -v d="$w/a" '{
	f = d "/" $1 ".eml"
	printf "From: Member <%s>\nTo: %s@learn.example\n", $2, $3 >f
	printf "Subject: Re: [learn] Question\nMessage-ID: <ans%d@example.org>\n", $1 >f
	printf "Date: Wed, 07 Jan 2026 10:00:00 +0000\nMIME-Version: 1.0\n" >f
	printf "Content-Type: text/plain; charset=utf-8\n\n" >f
	printf "%s\n\nOn Wed, 7 Jan 2026 at 09:00, Bench list wrote:\n", substr("ABCD", $1 % 4 + 1, 1) >f
	printf "> Which answer is right for question %d?\n>\n> A) right\n> B) wrong\n", $1 % 500 >f
	printf "> Reply with the letter.\n\n-- \nSent from my phone\n" >f
	close(f)
	printf "%s\t%s@learn.example\t%s\n", f, $3, $2
}' >"$w/list"
n=$(wc -l <"$w/list")
[ "$n" = "$N" ] || { echo "bench: $n question mails for $N learners" >&2; exit 1; }
echo "bench: $N answers, $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
"$w/baseline" --init "$w/baseline.db" </dev/null
export STOA_NOW=2026-01-07T10:00:00Z
split -l 1000 -d -a 3 "$w/list" "$w/chunk."
raw=$w/samples
: >"$raw"
k=0
for c in "$w"/chunk.*; do
	if [ $((k % 2)) = 0 ]; then
		DRIVE_RAW=$raw "$w/drive" baseline "$c" "$w/baseline" "$w/baseline.db" >/dev/null
		DRIVE_RAW=$raw "$w/drive" hook "$c" "$B/stoa-hook" -c "$w/stoa.conf" \
		    --recipient @1@ --sender @2@ >/dev/null
	else
		DRIVE_RAW=$raw "$w/drive" hook "$c" "$B/stoa-hook" -c "$w/stoa.conf" \
		    --recipient @1@ --sender @2@ >/dev/null
		DRIVE_RAW=$raw "$w/drive" baseline "$c" "$w/baseline" "$w/baseline.db" >/dev/null
	fi
	k=$((k + 1))
done
for l in baseline hook; do
	awk -v l=$l '$1 == l { print $2 }' "$raw" | sort -n >"$w/wall"
	awk -v l=$l '$1 == l { print $3 }' "$raw" | sort -n >"$w/cpu"
	m=$(wc -l <"$w/wall")
	printf '%-8s n=%d median_ms=%s p90_ms=%s cpu_median_ms=%s maxrss_kb=%s\n' \
	    $l "$m" "$(sed -n "$((m / 2 + 1))p" "$w/wall")" \
	    "$(sed -n "$((m * 9 / 10 + 1))p" "$w/wall")" \
	    "$(sed -n "$((m / 2 + 1))p" "$w/cpu")" \
	    "$(awk -v l=$l '$1 == l && $4 > r { r = $4 } END { print r }' "$raw")" |
	    tee -a "$w/res"
done
awk '{ split($3, a, "="); split($4, b, "="); m[$1] = a[2]; p[$1] = b[2] } END {
	printf "hook / baseline: median %.2fx, p90 %.2fx\n", m["hook"] / m["baseline"],
	    p["hook"] / p["baseline"] }' "$w/res"
sqlite3 "$w/stoa.db" "SELECT 'graded ' || count(*) FILTER (WHERE result IN
    ('correct', 'wrong')) || ' of ' || count(*) || ' sends; feedback mails ' ||
    (SELECT count(*) FROM outbox WHERE dedupe_key LIKE '%feedback%')
    FROM quiz_sends"

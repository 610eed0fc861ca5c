#!/bin/bash
# bench/digest.sh [BUILD] [MEMBERS] [ITEMS] - render and enqueue the
# personalised weekly digest for MEMBERS (default 10000) members with
# ITEMS (default 50) threads in it, and report the time per member and
# the peak memory of `stoa-digest run`.  Delivery is kept out of the
# measurement by holding the delivery pass's lock (DB.deliver.lock), so
# the numbers are selection + rendering + tokens + outbox inserts.
# Then the queued digests are sent to a counting smtp-sink (bench/sink.sh;
# the bench FAILS when fewer arrive than were queued), and smtp-source
# sends as many messages of their mean size to the same kind of sink on
# one connection (-d): the ratio of the two (goal <= 2x).
# DIGEST_PORT=2626; DIGEST_WRAP="valgrind --tool=callgrind ..." runs the
# sending under a profiler.  Results: docs/bench-digest.md.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
B=$(cd "${1:-$top/build}" && pwd)
N=${2:-10000}
I=${3:-50}
PORT=${DIGEST_PORT:-2626}
w=$(mktemp -d)
. "$top/bench/sink.sh"
trap '[ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null; rm -rf "$w"' EXIT
cat >"$w/stoa.conf" <<CONF
database = $w/stoa.db
domain = learn.example
outbound = smtp://127.0.0.1:$PORT
secret_file = $w/secret
templates = $top/templates
timezone = UTC
site_name = Stoa
CONF
export STOA_NOW=2026-01-01T10:00:00Z
st() { "$B/stoa" -c "$w/stoa.conf" "$@"; }
st init >/dev/null
st list create learn --title "Bench list" >/dev/null
{
	echo "email,name,delivery"
	seq 1 "$N" | awk '{ printf "m%d@example.org,Member %d,%s\n", $1, $1,
	    $1 % 3 == 0 ? "digest" : "each" }'
} >"$w/members.csv"
st member import learn "$w/members.csv" >/dev/null
# I threads of 4 posts by 4 different members in the week, written directly
sqlite3 "$w/stoa.db" <<SQL
UPDATE lists SET digest_draft_hours = 0, digest_max_items = $I;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < $I)
INSERT INTO threads(id, list_id, subject, base_subject, root_id, message_count, created, last_activity)
SELECT n, 1, 'Thread ' || n || ': how do we do thing ' || n || '?', 'thread ' || n, n * 10, 4,
    '2026-01-06T10:00:00Z', '2026-01-08T10:00:00Z' FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < $I),
    k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < 3)
INSERT INTO messages(id, list_id, thread_id, parent_id, message_id, dedup_key, author_id, author,
    author_name, subject, date, text, status, raw_sha256)
SELECT n * 10 + j, 1, n, CASE j WHEN 0 THEN NULL ELSE n * 10 + j - 1 END, 'b' || n || '.' || j || '@x',
    'b' || n || '.' || j || '@x', j + 1, 'm' || (j + 1) || '@example.org', 'Member ' || (j + 1),
    'Thread ' || n, '2026-01-0' || (6 + j % 3) || 'T1' || j || ':00:00Z',
    'A reasonably long answer with some detail about thread ' || n || ', the kind of paragraph people write when they explain how something works and why it matters, ' || j || '?',
    'posted', 'x' FROM t, k;
SQL
start=$(date +%s.%N)
/usr/bin/time -v -o "$w/time" flock "$w/stoa.db.deliver.lock" \
	"$B/stoa-digest" -c "$w/stoa.conf" run --now 2026-01-12T09:00:00Z
end=$(date +%s.%N)
rows=$(sqlite3 "$w/stoa.db" "SELECT count(*) FROM outbox WHERE kind = 'digest'")
items=$(sqlite3 "$w/stoa.db" "SELECT count(*) FROM digest_items WHERE section = 'thread'")
# outbox_full: outbox and outbox_bodies (0019); a build before 0019 has
# the body in outbox itself
full=$(sqlite3 "$w/stoa.db" "SELECT coalesce((SELECT name FROM sqlite_master WHERE name = 'outbox_full'), 'outbox')")
bytes=$(sqlite3 "$w/stoa.db" "SELECT sum(length(body)) FROM $full WHERE kind = 'digest'")
rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$w/time")
secs=$(echo "$end - $start" | bc -l)
printf 'members %d, thread items %d, digests queued %d, %.1f MB of mail\n' "$N" "$items" "$rows" "$(echo "$bytes / 1048576" | bc -l)"
printf 'total %.2f s, %.0f us per member, peak RSS %d kB\n' "$secs" "$(echo "$secs * 1000000 / $rows" | bc -l)" "$rss"

# sending: every queued digest to the sink, then smtp-source alike
mean=$((bytes / rows))
sink_start "$PORT"
t0=$(date +%s.%N)
# CPU time (user + system) of both senders, less sensitive than wall
# time to other work on the machine
cpu() { /usr/bin/time -f '%U %S' -o "$w/cpu.$1" "${@:2}"; }
if [ -n "${DIGEST_WRAP:-}" ]; then
	env -u STOA_NOW $DIGEST_WRAP "$B/stoa-digest" -c "$w/stoa.conf" deliver
else
	cpu deliver env -u STOA_NOW "$B/stoa-digest" -c "$w/stoa.conf" deliver
fi
t1=$(date +%s.%N)
got=$(sink_stop)
sent=$(sqlite3 "$w/stoa.db" "SELECT count(*) FROM outbox WHERE kind = 'digest' AND state = 'sent'")
sink_expect "stoa-digest deliver" "$got" "$rows"
sink_start "$PORT"
t2=$(date +%s.%N)
cpu source smtp-source -d -s 1 -m "$rows" -l "$mean" -f a@example.org \
    -t b@sink.example "127.0.0.1:$PORT"
t3=$(date +%s.%N)
sink_expect smtp-source "$(sink_stop)" "$rows"
send=$(echo "$t1 - $t0" | bc -l)
src=$(echo "$t3 - $t2" | bc -l)
printf 'send %d digests (%d sent, %d at the sink) %.2f s; smtp-source %d x %d B, one connection, %.2f s; send/smtp-source %.2fx (goal <= 2)\n' \
    "$rows" "$sent" "$got" "$send" "$rows" "$mean" "$src" "$(echo "$send / $src" | bc -l)"
printf 'render + queue + send %.2f s = %.2fx smtp-source\n' \
    "$(echo "$secs + $send" | bc -l)" "$(echo "($secs + $send) / $src" | bc -l)"
if [ -z "${DIGEST_WRAP:-}" ]; then
	c1=$(awk '{ print $1 + $2 }' "$w/cpu.deliver")
	c2=$(awk '{ print $1 + $2 }' "$w/cpu.source")
	printf 'cpu (user + system): send %.2f s, smtp-source %.2f s, ratio %.2fx\n' \
	    "$c1" "$c2" "$(echo "$c1 / $c2" | bc -l)"
fi
echo "load: $(uptime | sed 's/.*load/load/')"

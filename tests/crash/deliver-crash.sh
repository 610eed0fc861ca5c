#!/bin/bash
# deliver-crash.sh BUILD - kill -9 `stoa-digest deliver` at 20 random
# moments of a 500-message batch and check DESIGN §5's promise: every
# message reaches its recipient at least once, and a duplicate exists only
# for a message that was in flight ('sending') at a kill - at most one per
# kill - and is the same message (same Message-ID, same bytes).
#
# A fresh installation in a temporary directory (stoa.conf as
# tests/tools/runcase.sh writes it, outbound = maildir:DIR) gets one list
# and a post from each of 50 non-members, so the real hook queues 50
# notices; SQL copies each 9 times under a new Message-ID and dedupe key
# (500 messages, 10 per recipient) - much faster than 500 hook runs.
# Delivery then runs in the background and is killed after a random
# sleep, restarted,
# killed again ... until 20 kills have happened; a last run finishes the
# batch.  The kill moments are random points of the batch (see the kill
# loop), so they spread over all of it.  After each kill the row left 'sending' (there is at most one:
# a pass delivers one row at a time) is recorded as "in flight".
#
# STOA_CRASH_SEED=N repeats a run's random sleeps.  Prints one line per
# check, a summary, and "N passed, N failed"; exits 1 on any failure and
# keeps the directory for inspection.
set -u
B=$(cd "${1:-build}" && pwd)
top=$(cd "$(dirname "$0")/../.." && pwd)
KILLS=20
SENDERS=50
PER_SENDER=10
TOTAL=$((SENDERS * PER_SENDER))
seed=${STOA_CRASH_SEED:-$(($$ % 32768))}
RANDOM=$seed

pass=0
fail=0
ok() { # ok NAME COND... - one check
	local name=$1
	shift
	if "$@"; then
		pass=$((pass + 1))
		echo "ok   $name"
	else
		fail=$((fail + 1))
		echo "FAIL $name"
	fi
}
ms() { echo $(($(date +%s%N) / 1000000)); }

for p in stoa stoa-hook stoa-digest; do
	if [ ! -x "$B/$p" ]; then
		echo "deliver-crash: $B/$p missing (make all)"
		echo "0 passed, 1 failed"
		exit 1
	fi
done
command -v sqlite3 >/dev/null || {
	echo "deliver-crash: sqlite3 missing"
	echo "0 passed, 1 failed"
	exit 1
}

dir=$(mktemp -d /tmp/stoa-crash-XXXXXX)
pid=
cleanup() {
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill -9 "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	fi
	if [ "$fail" = 0 ]; then rm -rf "$dir"; else echo "kept: $dir"; fi
}
trap cleanup EXIT
cat >"$dir/stoa.conf" <<CONF
database = $dir/stoa.db
domain = learn.example
outbound = maildir:$dir/mail
secret_file = $dir/secret
templates = $top/templates
timezone = UTC
site_name = Stoa Test
CONF
conf=$dir/stoa.conf
db=$dir/stoa.db
sql() { sqlite3 -cmd '.timeout 5000' "$db" "$@"; }

t0=$(ms)
"$B/stoa" -c "$conf" init >"$dir/setup.log" 2>&1 &&
	"$B/stoa" -c "$conf" list create learn --title "Crash test" \
		>>"$dir/setup.log" 2>&1
ok "init and list create" [ $? = 0 ]

# 50 posts from non-members: the hook queues one notice to each sender;
# each notice is then copied 9 times in SQL with its own Message-ID (in
# the row and in the message) and dedupe key: 500 distinct messages
hook_fail=0
for ((s = 0; s < SENDERS; s++)); do
	printf 'From: User %d <u%02d@outside.example>\nTo: learn@learn.example\nSubject: Post of u%02d\nMessage-ID: <p%d@outside.example>\n\nHello, list.\n' \
		"$s" "$s" "$s" "$s" |
		"$B/stoa-hook" -c "$conf" --recipient learn@learn.example \
			--sender "$(printf 'u%02d@outside.example' "$s")" \
			>>"$dir/setup.log" 2>&1 || hook_fail=$((hook_fail + 1))
done
ok "$SENDERS posts accepted by stoa-hook" [ "$hook_fail" = 0 ]
sql "CREATE TEMP TABLE k AS WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL
	SELECT n + 1 FROM k WHERE n < $((PER_SENDER - 1))) SELECT n FROM k;
    INSERT INTO outbox(dedupe_key, kind, list_id, sender, recipient,
	message_id, next_attempt, created)
    SELECT o.dedupe_key || ':copy' || k.n, o.kind, o.list_id, o.sender,
	o.recipient, 'c' || k.n || '.' || o.message_id, o.next_attempt,
	o.created
    FROM outbox o, k;
    INSERT INTO outbox_bodies(id, body)
    SELECT c.id, CAST(replace(CAST(o.body AS TEXT), '<' || o.message_id || '>',
	'<c' || k.n || '.' || o.message_id || '>') AS BLOB)
    FROM outbox_full o, k JOIN outbox c
	ON c.dedupe_key = o.dedupe_key || ':copy' || k.n" >>"$dir/setup.log" 2>&1
queued=$(sql "SELECT count(*) FROM outbox WHERE state = 'queued'")
recips=$(sql "SELECT count(DISTINCT recipient) FROM outbox")
ids=$(sql "SELECT count(DISTINCT message_id) FROM outbox_full
    WHERE instr(CAST(body AS TEXT), 'Message-ID: <' || message_id || '>') > 0")
ok "outbox holds $TOTAL queued notices (got $queued), $TOTAL distinct Message-IDs (got $ids), to $SENDERS recipients (got $recips)" \
	[ "$queued" = "$TOTAL" -a "$ids" = "$TOTAL" -a "$recips" = "$SENDERS" ]
t_fill=$(ms)

pending() {
	sql "SELECT count(*) FROM outbox WHERE state IN ('queued', 'sending', 'deferred')"
}

# kill loop.  The 20 kill moments are random points of the batch: kill
# i comes when the i-th of 20 sorted random message counts (5 .. 380)
# has been delivered in all (a fifth of the batch stays after the last
# mark, so a busy machine's slow polling cannot miss the end), plus a random 0-5 ms, so that it lands
# anywhere inside one message's claim, write and settle.  Progress is
# read from the run's own log ("deliver id=N state=sent" lines, -v).
# Pacing by progress rather than by time keeps all 20 kills inside the
# batch however fast the disk is.
mapfile -t marks < <(for ((i = 0; i < KILLS; i++)); do
	echo $((5 + RANDOM % 376))
done | sort -n)
kills=0
runs=0
natural=0
: >"$dir/inflight"
while [ "$kills" -lt "$KILLS" ]; do
	left=$(pending)
	[ "$left" = 0 ] && break
	need=$((marks[kills] - (TOTAL - left)))
	[ "$need" -lt 0 ] && need=0
	us=$((RANDOM % 5000))
	log=$dir/run.$runs.log
	start=$(ms)
	"$B/stoa-digest" -c "$conf" -v deliver >"$log" 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null &&
		[ "$(grep -c 'state=sent' "$log")" -lt "$need" ] &&
		[ $(($(ms) - start)) -lt 20000 ]; do
		sleep 0.001
	done
	sleep "$(printf '0.%06d' "$us")"
	kill -9 "$pid" 2>/dev/null
	{ wait "$pid"; } 2>/dev/null
	st=$?
	pid=
	runs=$((runs + 1))
	cat "$log" >>"$dir/deliver.log"
	d=$((left - $(pending)))
	if [ "$st" = 137 ]; then
		kills=$((kills + 1))
		# recipient, id, attempts: a kill before the next pass
		# recovered the row finds the same claim again
		sql "SELECT recipient || ' ' || message_id || ' ' || attempts
		    FROM outbox WHERE state = 'sending'" >>"$dir/inflight"
	elif [ "$st" = 0 ]; then
		natural=$((natural + 1))
	else
		echo "deliver exited $st"
		break
	fi
	echo "run $runs: waited for $need sent + ${us}us, exit $st, delivered $d in $(($(ms) - start))ms"
done
ok "$KILLS kills of stoa-digest deliver (got $kills, $natural runs ended by themselves)" \
	[ "$kills" = "$KILLS" ]
left_at_last_kill=$(pending)
"$B/stoa-digest" -c "$conf" -v deliver >>"$dir/deliver.log" 2>&1
ok "last uninterrupted pass exits 0" [ $? = 0 ]
t_end=$(ms)

nsent=$(sql "SELECT count(*) FROM outbox WHERE state = 'sent'")
ok "every outbox row is sent ($nsent of $TOTAL)" [ "$nsent" = "$TOTAL" ]

# expected: recipient, message id, size of the Maildir file (the body with
# LF line ends after Return-Path and Delivered-To)
sql -separator ' ' "SELECT recipient, message_id,
    length(CAST(replace(CAST(body AS TEXT), char(13), '') AS BLOB))
    + length('Return-Path: <' || sender || '>' || char(10))
    + length('Delivered-To: ' || recipient || char(10))
    FROM outbox_full" >"$dir/expected"
# actual: every file in new/: recipient, Message-ID, size, path
find "$dir/mail" -path "$dir/mail/*/new/*" -type f -printf '%s %p\n' >"$dir/sizes"
cut -d ' ' -f 2- "$dir/sizes" | xargs awk -v sizes="$dir/sizes" '
BEGIN { while ((getline l < sizes) > 0) { split(l, f, " "); sz[f[2]] = f[1] } }
FNR == 1 { inhdr = 1; id[FILENAME] = "" }
inhdr && /^$/ { inhdr = 0 }
inhdr && id[FILENAME] == "" && tolower($0) ~ /^message-id:/ {
	v = $0; sub(/^[^<]*</, "", v); sub(/>.*/, "", v); id[FILENAME] = v
}
END {
	for (p in id) {
		r = p; sub(/\/new\/.*/, "", r); sub(/.*\//, "", r)
		print r, (id[p] == "" ? "-" : id[p]), sz[p], p
	}
}' | sort >"$dir/actual"
ntmp=$(find "$dir/mail" -path "$dir/mail/*/tmp/*" -type f | wc -l)

# one awk pass: per message, count its copies and compare their sizes; a
# message may have one extra copy per kill that found it in flight
awk -v out="$dir/report" '
FILENAME ~ /expected$/ { want[$1 " " $2] = $3; next }
FILENAME ~ /inflight$/ { if (!seen[$0]++) infl[$1 " " $2]++; next }
{
	k = $1 " " $2
	n[k]++
	files++
	if (!(k in want)) stray++
	else if ($3 != want[k]) partial++
	if (n[k] == 1) first[k] = $4
	else print first[k], $4 > (out ".pairs")
}
END {
	for (k in want) {
		if (!(k in n)) missing++
		else if (n[k] > 1) {
			dupmsg++
			if (n[k] - 1 > infl[k]) excess++
		}
	}
	printf "files=%d missing=%d stray=%d partial=%d dupmsg=%d excess=%d\n", \
	    files, missing, stray, partial, dupmsg, excess > out
}' "$dir/expected" "$dir/inflight" "$dir/actual"
cat "$dir/report"
get() { sed -n "s/.*\<$1=\([0-9]*\).*/\1/p" "$dir/report"; }
files=$(get files)
dups=$((files - TOTAL))
ninfl=$(sort -u "$dir/inflight" | grep -c .)
ok "every message is in its recipient's Maildir (missing $(get missing))" [ "$(get missing)" = 0 ]
ok "no file that is not a queued message (stray $(get stray))" [ "$(get stray)" = 0 ]
ok "every file is the whole message (wrong size $(get partial))" [ "$(get partial)" = 0 ]
ok "extra copies only of messages in flight at a kill, at most one per such kill ($(get excess) messages over)" \
	[ "$(get excess)" = 0 ]
ok "at most one duplicate per kill ($dups duplicates, $kills kills)" [ "$dups" -le "$kills" ]
same=0
if [ -f "$dir/report.pairs" ]; then
	while read -r a b; do
		cmp -s "$a" "$b" || same=$((same + 1))
	done <"$dir/report.pairs"
fi
ok "duplicate copies are byte-identical, same Message-ID ($same differ)" [ "$same" = 0 ]
# every claim increments attempts: a row's attempts are its final,
# successful claim plus the claims that a kill left 'sending'
sql -separator ' ' "SELECT recipient, message_id, attempts FROM outbox" >"$dir/attempts"
sort -u "$dir/inflight" >"$dir/inflight.u"
bad_att=$(awk '
FILENAME ~ /inflight.u$/ { c[$1 " " $2]++; next }
{ if ($3 != 1 + c[$1 " " $2]) bad++ }
END { print bad + 0 }' "$dir/inflight.u" "$dir/attempts")
ok "every row was claimed once plus once per kill that left it in flight ($bad_att rows not)" \
	[ "$bad_att" = 0 ]
echo "deliver-crash: seed=$seed kills=$kills runs=$((runs + 1)) in_flight=$ninfl" \
	"duplicates=$dups left_at_last_kill=$left_at_last_kill tmp_leftovers=$ntmp" \
	"fill_ms=$((t_fill - t0)) deliver_ms=$((t_end - t_fill)) total_ms=$((t_end - t0))"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]

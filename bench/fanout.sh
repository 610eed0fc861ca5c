#!/bin/bash
# fanout.sh BUILD [MEMBERS] - one post to a list of MEMBERS (10,000)
# members, from stoa-hook to the last copy accepted by Postfix's smtp-sink,
# against two baselines measured in the same run:
#   (a) smtp-source sending MEMBERS messages of the same size on one
#       connection to the same sink;
#   (b) mlmmj from Debian distributing the same post (per-recipient VERP)
#       to MLMMJ_MEMBERS (1,000) of the addresses: mlmmj is too slow for
#       10,000 within the bench budget, so its rate is per copy
#       (MLMMJ_MEMBERS=0 leaves it out).
# Also the hook's own time for this post vs a 10-member list.
# Each program sends to a counting smtp-sink of its own (bench/sink.sh)
# and the bench FAILS when one delivered fewer messages than asked.
# smtp-source uses one connection (-d), as stoa-digest does; mlmmj sends
# one copy per recipient (maxverprecips = 1).
# Prints a Markdown table; docs/bench-fanout.md keeps the results.
set -eu
B=$(cd "${1:-build}" && pwd)
N=${2:-10000}
MLMMJ_N=${MLMMJ_MEMBERS:-1000}
PORT=${FANOUT_PORT:-2625}
top=$(pwd)
T=$(mktemp -d /tmp/stoa-fanout.XXXXXX)
chmod 755 "$T"
. "$top/bench/sink.sh"
cleanup() {
	[ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null || true
	rm -rf "$T"
}
trap cleanup EXIT
[ -n "${FANOUT_KEEP:-}" ] && trap - EXIT

now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc -l; }

command -v smtp-sink >/dev/null || { echo "fanout: smtp-sink (postfix) missing"; exit 1; }
command -v bc >/dev/null || apt-get install -y -qq bc >/dev/null

# one installation per list size
install() { # install DIR MEMBERS
	mkdir -p "$1"
	cat >"$1/stoa.conf" <<CONF
database = stoa.db
domain = learn.example
outbound = smtp://127.0.0.1:$PORT
secret_file = secret
templates = $top/templates
CONF
	"$B/stoa" -c "$1/stoa.conf" init >/dev/null
	"$B/stoa" -c "$1/stoa.conf" list create learn >/dev/null
	{
		echo "email,name"
		echo "poster@example.org,Poster"
		seq 1 "$(($2 - 1))" | awk '{printf "m%05d@sink.example,Member %d\n", $1, $1}'
	} >"$1/members.csv"
	"$B/stoa" -c "$1/stoa.conf" member import learn "$1/members.csv" >/dev/null
}

post() { # post DIR - print the hook's wall time in seconds
	local t0 t1
	t0=$(now)
	"$B/stoa-hook" -c "$1/stoa.conf" --recipient learn@learn.example \
	    --sender poster@example.org <"$T/post.eml"
	t1=$(now)
	elapsed "$t0" "$t1"
}

# a 4 KB post
{
	printf 'From: Poster <poster@example.org>\nSubject: Fan-out benchmark\n'
	printf 'Message-ID: <fanout-%s@example.org>\n\n' "$$"
	for i in $(seq 1 50); do
		printf 'Line %02d of a realistic post about rotating certificates.\n' "$i"
	done
} >"$T/post.eml"
size=$(wc -c <"$T/post.eml")

install "$T/small" 10
install "$T/big" "$N"
hook_small=$(post "$T/small")
hook_big=$(post "$T/big")
# cpu LABEL CMD... - run CMD, keeping its user + system CPU seconds
cpu() { /usr/bin/time -f '%U %S' -o "$T/cpu.$1" "${@:2}"; }
cpus() { awk '{ print $1 + $2 }' "$T/cpu.$1"; }
sink_start "$PORT"
t0=$(now)
cpu stoa "$B/stoa-digest" -c "$T/big/stoa.conf" deliver
t1=$(now)
stoa_s=$(elapsed "$t0" "$t1")
got=$(sink_stop)
sent=$(sqlite3 "$T/big/stoa.db" "SELECT count(*) FROM outbox WHERE state = 'sent'")
sink_expect "stoa-digest (expand + send)" "$got" "$((N - 1))"
# bench/deliver: the same rows again, outbox to sink only (no expansion)
sqlite3 "$T/big/stoa.db" "UPDATE outbox SET state = 'queued', attempts = 0"
sink_start "$PORT"
t0=$(now)
"$B/stoa-digest" -c "$T/big/stoa.conf" deliver
t1=$(now)
deliver_s=$(elapsed "$t0" "$t1")
sink_expect "stoa-digest (send only)" "$(sink_stop)" "$((N - 1))"

# size of one composed copy, for the smtp-source baseline
# (outbox_full since migration 0019; a build before it: outbox)
full=$(sqlite3 "$T/big/stoa.db" "SELECT coalesce((SELECT name FROM sqlite_master WHERE name = 'outbox_full'), 'outbox')")
copy_kb=$(sqlite3 "$T/big/stoa.db" "SELECT (length(body) + 1023) / 1024 FROM $full LIMIT 1")
sink_start "$PORT"
t0=$(now)
cpu source smtp-source -d -s 1 -m "$N" -l "$((copy_kb * 1024))" \
    -f a@example.org -t b@sink.example 127.0.0.1:$PORT
t1=$(now)
source_s=$(elapsed "$t0" "$t1")
sink_expect smtp-source "$(sink_stop)" "$N"
# the same without -d: a connection per message (the figure of issue 11)
sink_start "$PORT"
t0=$(now)
smtp-source -s 1 -m "$N" -l "$((copy_kb * 1024))" -f a@example.org \
    -t b@sink.example 127.0.0.1:$PORT
t1=$(now)
source1_s=$(elapsed "$t0" "$t1")
sink_expect "smtp-source (a connection each)" "$(sink_stop)" "$N"

# mlmmj, if Debian's package can be had
mlmmj_line="| mlmmj 1.3 (Debian), per-recipient VERP | not measured (mlmmj not installable) | |"
if [ "$MLMMJ_N" = 0 ]; then
	mlmmj_line="| mlmmj | not measured (MLMMJ_MEMBERS=0) | |"
elif dpkg-query -W mlmmj >/dev/null 2>&1 || apt-get install -y -qq mlmmj >/dev/null 2>&1; then
	L=$T/mlmmj
	mkdir -p "$L"/{control,subscribers.d,queue,archive,incoming,requeue,bounce,moderation,digesters.d,nomailsubs.d,text,lastdigest}
	echo "learn@learn.example" >"$L/control/listaddress"
	echo "127.0.0.1" >"$L/control/relayhost"
	echo "$PORT" >"$L/control/smtpport"
	# one copy per recipient: an empty verp tunable sends the recipients
	# in groups of maxverprecips (default 100).  (Without the tunable
	# mlmmj 1.3 would VERP each copy itself, but Debian's segfaults.)
	touch "$L/control/verp"
	echo 1 >"$L/control/maxverprecips"
	seq 1 "$MLMMJ_N" | awk '{printf "m%05d@sink.example\n", $1}' >"$L/subscribers.d/m"
	echo 0 >"$L/index"
	cp "$T/post.eml" "$L/queue/1"
	sink_start "$PORT"
	t0=$(now)
	/usr/bin/mlmmj-send -L "$L" -m "$L/queue/1" -a -D >"$T/mlmmj.log" 2>&1 || true
	t1=$(now)
	mlmmj_s=$(elapsed "$t0" "$t1")
	sink_expect mlmmj "$(sink_stop)" "$MLMMJ_N"
	mlmmj_rate=$(echo "$MLMMJ_N / $mlmmj_s" | bc -l)
	mlmmj_line=$(printf '| mlmmj 1.3 (Debian), maxverprecips = 1, %d copies | %.2f s | %.0f copies/s |' "$MLMMJ_N" "$mlmmj_s" "$mlmmj_rate")
fi

printf '\n| what | time | rate |\n|---|---|---|\n'
printf '| stoa-digest deliver: expand + send %d personalised copies (%s sent) | %.2f s | %.0f copies/s |\n' \
    "$N" "$sent" "$stoa_s" "$(echo "$N / $stoa_s" | bc -l)"
printf '| stoa-digest deliver: the same %d outbox rows again (send only) | %.2f s | %.0f msgs/s |\n' \
    "$sent" "$deliver_s" "$(echo "$sent / $deliver_s" | bc -l)"
printf '| smtp-source, %d messages of %d KB, one connection | %.2f s | %.0f msgs/s |\n' \
    "$N" "$copy_kb" "$source_s" "$(echo "$N / $source_s" | bc -l)"
printf '| smtp-source, %d messages of %d KB, a connection per message | %.2f s | %.0f msgs/s |\n' \
    "$N" "$copy_kb" "$source1_s" "$(echo "$N / $source1_s" | bc -l)"
printf '| ratio stoa/smtp-source (rates): end to end %.2f, send only %.2f | | (a connection per message) |\n' \
    "$(echo "$source1_s / $stoa_s" | bc -l)" \
    "$(echo "($sent / $deliver_s) / ($N / $source1_s)" | bc -l)"
printf '| ratio stoa/smtp-source (rates): end to end %.2f, send only %.2f | | goal >= 0.80 end to end |\n' \
    "$(echo "($N / $stoa_s) / ($N / $source_s)" | bc -l)" \
    "$(echo "($sent / $deliver_s) / ($N / $source_s)" | bc -l)"
printf '| CPU (user + system): stoa-digest expand + send %.2f s, smtp-source -d %.2f s | | ratio %.2f |\n' \
    "$(cpus stoa)" "$(cpus source)" "$(echo "$(cpus stoa) / $(cpus source)" | bc -l)"
echo "$mlmmj_line"
printf '| stoa-hook, the post to a 10-member list | %.4f s | |\n' "$hook_small"
printf '| stoa-hook, the post to a %d-member list | %.4f s | ratio %.2f |\n' \
    "$N" "$hook_big" "$(echo "$hook_big / $hook_small" | bc -l)"
printf '\npost: %d bytes; machine: %s cores, %s; every sink counted what was asked\n' \
    "$size" "$(nproc)" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "load: $(uptime | sed 's/.*load/load/')"

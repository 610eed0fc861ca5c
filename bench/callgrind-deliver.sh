#!/bin/bash
# callgrind-deliver.sh BUILD [MEMBERS] - instruction counts of one
# `stoa-digest deliver` that expands one 3 kB post to MEMBERS (2,000)
# members and sends every copy to a counting smtp-sink (bench/sink.sh),
# under valgrind --tool=callgrind; then the same rows again, send only.
# Prints the totals and the inclusive share of the delivery's parts
# (docs/bench-fanout.md).  Deterministic up to the sink's timing.
# CG_PORT (2627) picks the port; CG_DIGEST=1 queues that many weekly
# digests (50 items, as bench/digest.sh) instead of the post.
set -eu
top=$(pwd)
B=$(cd "${1:-build}" && pwd)
N=${2:-2000}
PORT=${CG_PORT:-2627}
w=$(mktemp -d /tmp/stoa-cgdeliver.XXXXXX)
. "$top/bench/sink.sh"
trap '[ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null; rm -rf "$w"' EXIT
[ -n "${CG_KEEP:-}" ] && trap '[ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null; echo "kept $w"' EXIT
cat >"$w/stoa.conf" <<CONF
database = $w/stoa.db
domain = learn.example
outbound = smtp://127.0.0.1:$PORT
secret_file = $w/secret
templates = $top/templates
timezone = UTC
CONF
st() { "$B/stoa" -c "$w/stoa.conf" "$@"; }
st init >/dev/null
st list create learn >/dev/null
{
	echo "email,name"
	echo "poster@example.org,Poster"
	seq 1 "$((N - 1))" | awk '{printf "m%05d@sink.example,Member %d\n", $1, $1}'
} >"$w/members.csv"
st member import learn "$w/members.csv" >/dev/null
{
	printf 'From: Poster <poster@example.org>\nSubject: Fan-out benchmark\n'
	printf 'Message-ID: <cg-fanout@example.org>\n\n'
	for i in $(seq 1 50); do
		printf 'Line %02d of a realistic post about rotating certificates.\n' "$i"
	done
} | "$B/stoa-hook" -c "$w/stoa.conf" --recipient learn@learn.example \
    --sender poster@example.org
cg() { # cg LABEL - one deliver pass under callgrind
	sink_start "$PORT"
	valgrind --tool=callgrind --callgrind-out-file="$w/$1.out" \
	    "$B/stoa-digest" -c "$w/stoa.conf" deliver 2>"$w/$1.log"
	sink_expect "$1" "$(sink_stop)" "$((N - 1))"
	tot=$(sed -n 's/^summary: //p' "$w/$1.out")
	echo "$1: $tot instructions, $(((tot + N / 2) / N)) per copy"
	callgrind_annotate --inclusive=yes "$w/$1.out" 2>/dev/null |
	    grep -v '=>' |
	    grep -E ':(expand_posts|claim|send_one|settle_tx|store_outbox_body|transport_send|smtp_send|curl_easy_perform|sqlite3_step|store_commit|store_begin|sqlite3WalFrames) ' |
	    awk -v t="$tot" '{
		n = $1; gsub(",", "", n); f = $0; sub(/.*:/, "", f); sub(/ .*/, "", f)
		if (!(f in seen)) printf "  %5.1f%% %14s  %s\n", 100 * n / t, $1, f
		seen[f] = 1 }'
}
cg expand+send
sqlite3 "$w/stoa.db" "UPDATE outbox SET state = 'queued', attempts = 0"
cg send-only

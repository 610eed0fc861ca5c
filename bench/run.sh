#!/bin/sh
# run.sh BUILD - the ingest benchmark (`make bench`); docs/bench.md.
#
# Generates a deterministic corpus (bench/gen.c), then feeds every
# message, one process each as Postfix's pipe(8) would, through
#   baseline   bench/baseline.c: read stdin, one row, WAL + sync=FULL
#   hook-10    stoa-hook, list of 10 members
#   hook-10k   stoa-hook, list of 10,000 members (stoa member import)
# interleaved in chunks of 250, and reports median / p90 per-message wall time, messages/s and the
# ratios hook/baseline (goal <= 2) and 10k/10 (goal <= 1.2).  Then the
# peak RSS of stoa-hook for one 10 MB message (goal < 4x its size).
#
# BENCH_N=5000 messages (default), BENCH_SEED=1, BENCH_LIST=0 skips
# bench/fanout.sh and bench/digest.sh.  BENCH_N=500 is a quick
# run; the figures in docs/bench.md come from 5,000.
set -eu
B=${1:-build}
N=${BENCH_N:-5000}
SEED=${BENCH_SEED:-1}
BIG=${BENCH_BIG:-10000000}
top=$(pwd)
out=$top/$B/bench
work=$out/run
mkdir -p "$out"
CF="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -Wall -Wextra"
cc $CF -o "$out/gen" bench/gen.c
cc $CF -o "$out/drive" bench/drive.c
cc $CF $(pkg-config --cflags sqlite3 2>/dev/null) -o "$out/baseline" \
    bench/baseline.c -lsqlite3
hook=$top/$B/stoa-hook
stoa=$top/$B/stoa
[ -x "$hook" ] && [ -x "$stoa" ] || {
	echo "bench: build $B first (make all)" >&2
	exit 1
}

# corpus, cached by size and seed
corpus=$out/corpus-$N-$SEED
if [ ! -f "$corpus/.done" ]; then
	rm -rf "$corpus"
	mkdir -p "$corpus"
	"$out/gen" corpus "$corpus" "$N" "$SEED" 10
	touch "$corpus/.done"
fi
ls "$corpus"/*.eml >"$out/list-$N"
rm -rf "$work"
mkdir -p "$work"

# instance DIR MEMBERS - a database with list "learn" of MEMBERS members
instance() {
	d=$work/$1
	mkdir -p "$d/mail"
	cat >"$d/stoa.conf" <<CONF
database = $d/stoa.db
domain = learn.example
outbound = maildir:$d/mail
secret_file = $d/secret
templates = $top/templates
timezone = UTC
site_name = Stoa Bench
posts_per_hour = 0
CONF
	"$out/gen" members "$d/members.csv" "$2"
	"$stoa" -c "$d/stoa.conf" init >/dev/null
	"$stoa" -c "$d/stoa.conf" list create learn >/dev/null
	"$stoa" -c "$d/stoa.conf" member import learn "$d/members.csv" \
	    >/dev/null
}

instance small 10
instance large 10000
"$out/baseline" --init "$work/baseline.db" </dev/null

echo "bench: $N messages ($(du -sk "$corpus" | cut -f1) KB), seed $SEED," \
    "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
res=$out/results.txt
raw=$out/samples.txt
: >"$res"
: >"$raw"
# Interleaved in chunks of 250 messages, so that a change in the
# machine's load or the disk's fsync latency hits all three alike.
split -l 250 -d -a 3 "$out/list-$N" "$work/chunk."
# drv LABEL CHUNK - one chunk through one of the three programs
drv() {
	case $1 in
	baseline) set -- "$1" "$2" "$out/baseline" "$work/baseline.db" ;;
	hook-10) set -- "$1" "$2" "$hook" -c "$work/small/stoa.conf" \
	    --recipient learn@learn.example --sender member00001@example.org ;;
	hook-10k) set -- "$1" "$2" "$hook" -c "$work/large/stoa.conf" \
	    --recipient learn@learn.example --sender member00001@example.org ;;
	esac
	DRIVE_RAW=$raw "$out/drive" "$@" >/dev/null
}
k=0
for c in "$work"/chunk.*; do
	# the order rotates, so none of the three always follows another
	case $((k % 3)) in
	0) drv baseline "$c"; drv hook-10 "$c"; drv hook-10k "$c" ;;
	1) drv hook-10 "$c"; drv hook-10k "$c"; drv baseline "$c" ;;
	2) drv hook-10k "$c"; drv baseline "$c"; drv hook-10 "$c" ;;
	esac
	k=$((k + 1))
done
for l in baseline hook-10 hook-10k; do
	awk -v l=$l '$1 == l { print $2 }' "$raw" | sort -n >"$work/w"
	awk -v l=$l '$1 == l { print $3 }' "$raw" | sort -n >"$work/c"
	awk -v l=$l '$1 == l { n++; s += $2; if ($4 > r) r = $4 }
	    END { printf "%s %d %.1f %d\n", l, n, n * 1000 / s, r }' \
	    "$raw" >"$work/s"
	n=$(wc -l <"$work/w")
	printf '%s n=%d median_ms=%s p90_ms=%s msgs_per_s=%s cpu_median_ms=%s maxrss_kb=%s\n' \
	    $l "$n" "$(sed -n "$((n / 2 + 1))p" "$work/w")" \
	    "$(sed -n "$((n * 9 / 10 + 1))p" "$work/w")" \
	    "$(awk '$1 == l' l=$l "$work/s" | cut -d' ' -f3)" \
	    "$(sed -n "$((n / 2 + 1))p" "$work/c")" \
	    "$(cut -d' ' -f4 "$work/s")" | tee -a "$res"
done

# every message must have been posted, in threads (posts_per_hour = 0
# above: the bench's 10 members post far more than a real member would)
for i in small large; do
	command -v sqlite3 >/dev/null 2>&1 || break
	p=$(sqlite3 "$work/$i/stoa.db" \
	    "SELECT count(*) FROM messages WHERE status = 'posted'")
	echo "bench: $i: $p posted in $(sqlite3 "$work/$i/stoa.db" \
	    "SELECT (SELECT count(*) FROM threads) || ' threads, ' ||
	     (SELECT count(*) FROM attachments) || ' attachments'")"
	if [ "$p" -ne "$N" ]; then
		echo "bench: FAIL: $i posted $p of $N messages" >&2
		exit 1
	fi
done

# peak RSS for one big message, text-only and with attachments
for kind in text att; do
	f=$work/big-$kind.eml
	"$out/gen" big "$f" "$BIG" "$kind"
	echo "$f" >"$work/big-$kind.list"
	"$out/drive" "big-$kind-$(wc -c <"$f")B" "$work/big-$kind.list" "$hook" \
	    -c "$work/small/stoa.conf" --recipient learn@learn.example \
	    --sender member00001@example.org | tee -a "$res"
done

awk '
{ for (i = 2; i <= NF; i++) { split($i, kv, "="); v[$1, kv[1]] = kv[2] } }
$1 ~ /^big-/ { split($1, p, "-"); big[$1] = p[3] + 0; rss[$1] = v[$1, "maxrss_kb"] }
END {
	printf "hook-10/baseline median %.2fx (goal <= 2), p90 %.2fx, cpu %.2fx\n",
	    v["hook-10", "median_ms"] / v["baseline", "median_ms"],
	    v["hook-10", "p90_ms"] / v["baseline", "p90_ms"],
	    v["hook-10", "cpu_median_ms"] / v["baseline", "cpu_median_ms"]
	printf "hook-10k/hook-10 median %.2fx (goal <= 1.2), p90 %.2fx\n",
	    v["hook-10k", "median_ms"] / v["hook-10", "median_ms"],
	    v["hook-10k", "p90_ms"] / v["hook-10", "p90_ms"]
	for (k in big)
		printf "%s peak RSS %d KB = %.2fx the message (goal < 4)\n",
		    k, rss[k], rss[k] * 1024 / big[k]
}' "$res" | tee -a "$res"

# the list-side benchmarks (docs/bench-fanout.md, docs/bench-digest.md);
# BENCH_LIST=0 stops after the hook
[ "${BENCH_LIST:-1}" = 0 ] && exit 0
echo "== bench/fanout.sh"
bash bench/fanout.sh "${1:-build}"
echo "== bench/digest.sh"
bash bench/digest.sh "${1:-build}"

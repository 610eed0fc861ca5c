#!/bin/sh
# run.sh SECONDS [NAME...] - build every tests/fuzz/fz_*.c as a libFuzzer
# binary with clang (ASan + UBSan) and run each (or each NAME) for
# SECONDS, seeded from tests/fuzz/seeds/NAME.  New crashers land in
# tests/fuzz/crashers/NAME/; commit them: `make check` replays them as
# ordinary cases.  FUZZ_CLOCK=cpu counts SECONDS as the fuzzer's own CPU
# time instead of wall time (libFuzzer's -max_total_time), so a run on a
# shared machine still gets its full budget.
set -eu
secs=${1:-60}
[ $# -gt 0 ] && shift
only=${*:-}
top=$(pwd)
out=$top/build/fuzz-clang
mkdir -p "$out"
make -s db/migrations.c # generated: a fresh clone does not have it
CFLAGS="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 \
  -fsanitize=fuzzer-no-link,address,undefined -DSTOA_DEBUG -Icommon -Idb -Imailer -Ilearn \
  $(pkg-config --cflags libcurl libpcre2-8 sqlite3 nettle)"
objs=
for f in common/*.c learn/*.c db/*.c mailer/*.c; do
	o=$out/$(echo "$f" | tr / _).o
	clang $CFLAGS -c -o "$o" "$f"
	objs="$objs $o"
done
# cpu_seconds PID - user + system seconds the process has used so far
cpu_seconds() {
	awk '{ print int(($14 + $15) / 100) }' "/proc/$1/stat" 2>/dev/null || echo 0
}
# fuzz BIN NAME - one run; 0 when it ended without a finding
fuzz() {
	set -- "$1" "$2" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix="tests/fuzz/crashers/$2/" \
	    "$out/corpus-$2" "tests/fuzz/seeds/$2"
	if [ "${FUZZ_CLOCK:-wall}" != cpu ]; then
		bin=$1
		shift 2
		"$bin" -max_total_time="$secs" "$@"
		return
	fi
	bin=$1
	shift 2
	"$bin" "$@" &
	pid=$!
	stopped=
	while kill -0 "$pid" 2>/dev/null; do
		if [ -z "$stopped" ] && [ "$(cpu_seconds "$pid")" -ge "$secs" ]; then
			kill -INT "$pid"
			stopped=1
		fi
		sleep 5
	done
	rc=0
	wait "$pid" || rc=$?
	# 72: libFuzzer's exit after our SIGINT, not a finding
	[ "$rc" = 0 ] || { [ -n "$stopped" ] && [ "$rc" = 72 ]; }
}
status=0
for src in tests/fuzz/fz_*.c; do
	name=$(basename "$src" .c | sed 's/^fz_//')
	case " ${only:-$name} " in *" $name "*) ;; *) continue ;; esac
	bin=$out/fz_$name
	clang $CFLAGS -fsanitize=fuzzer -o "$bin" "$src" $objs \
	    -lsqlite3 -lnettle -letpan -lpcre2-8 -lcurl -lm
	mkdir -p "$out/corpus-$name" "tests/fuzz/crashers/$name"
	echo "fuzz: $name for ${secs}s (${FUZZ_CLOCK:-wall} clock)"
	if ! fuzz "$bin" "$name" 2>"$out/$name.log"; then
		echo "fuzz: $name found a problem; see $out/$name.log"
		status=1
	fi
	grep -E "^(Done|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+== libFuzzer: run interrupted)" "$out/$name.log" || true
done
exit $status

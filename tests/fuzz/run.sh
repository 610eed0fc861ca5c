#!/bin/sh
# run.sh SECONDS - build every tests/fuzz/fz_*.c as a libFuzzer binary with
# clang (ASan + UBSan) and run each for SECONDS, seeded from
# tests/fuzz/seeds/NAME.  New crashers land in tests/fuzz/crashers/NAME/;
# commit them: `make check` replays them as ordinary cases.
set -eu
secs=${1:-60}
top=$(pwd)
out=$top/build/fuzz-clang
mkdir -p "$out"
CFLAGS="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 \
  -fsanitize=fuzzer-no-link,address,undefined -DSTOA_DEBUG -Icommon -Idb -Imailer -Ilearn \
  $(pkg-config --cflags libcurl libpcre2-8 sqlite3 gnutls)"
objs=
for f in common/*.c learn/*.c db/*.c mailer/*.c; do
	o=$out/$(echo "$f" | tr / _).o
	clang $CFLAGS -c -o "$o" "$f"
	objs="$objs $o"
done
status=0
for src in tests/fuzz/fz_*.c; do
	name=$(basename "$src" .c | sed 's/^fz_//')
	bin=$out/fz_$name
	clang $CFLAGS -fsanitize=fuzzer -o "$bin" "$src" $objs \
	    -lsqlite3 -lgnutls -letpan -lpcre2-8 -lcurl -lm
	mkdir -p "$out/corpus-$name" "tests/fuzz/crashers/$name"
	echo "fuzz: $name for ${secs}s"
	if ! "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	    -artifact_prefix="tests/fuzz/crashers/$name/" \
	    "$out/corpus-$name" "tests/fuzz/seeds/$name" 2>"$out/$name.log"; then
		echo "fuzz: $name found a problem; see $out/$name.log"
		status=1
	fi
	grep -E '^(Done|#[0-9]+ +DONE)' "$out/$name.log" | tail -n 1 || true
done
exit $status

#!/bin/sh
# check.sh BUILD [KEYWORD] - run every unit test binary and every case file,
# then the end-to-end tests, and print one total "N passed, N failed".
set -u
B=${1:-build}
K=${2:-}
top=$(pwd)
out=$top/tests/out
mkdir -p "$out"
total_p=0
total_f=0
add() { # add LOGFILE - sum the "N passed, N failed" line of a log
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
	if [ -z "$line" ]; then
		total_f=$((total_f + 1))
		echo "check: $1: no result line (crashed?)"
		return
	fi
	p=$(echo "$line" | sed 's/ passed.*//')
	f=$(echo "$line" | sed 's/.* passed, //; s/ failed.*//')
	total_p=$((total_p + p))
	total_f=$((total_f + f))
}
run() { # run NAME CMD... - run a test program, keep its log
	name=$1
	shift
	log=$out/$name.log
	if [ -n "${STOA_VALGRIND:-}" ]; then
		valgrind -q --leak-check=full --error-exitcode=99 "$@" >"$log" 2>&1
	else
		"$@" >"$log" 2>&1
	fi
	rc=$?
	add "$log"
	if [ $rc != 0 ]; then
		echo "check: $name exited $rc; log: $log"
		grep -E '^FAIL|ERROR|runtime error' "$log" | head -n 20
		[ $rc -ge 90 ] && total_f=$((total_f + 1))
	else
		tail -n 1 "$log" | sed "s/^/$name: /"
	fi
}
export STOA_FAKESMTP="$B/tools/fakesmtp"
if [ -z "$K" ]; then
	for t in "$B"/tests/t_*; do
		[ -x "$t" ] || continue
		run "$(basename "$t")" "$t"
	done
	for r in "$B"/fuzz/replay_*; do
		[ -x "$r" ] || continue
		n=${r##*/replay_}
		set -- $(ls tests/fuzz/seeds/"$n"/* tests/fuzz/crashers/"$n"/* 2>/dev/null)
		[ $# -gt 0 ] && run "fuzz-replay-$n" "$r" "$@"
	done
fi
run cases bash tests/tools/runcase.sh "$B" "$K"
if [ -z "$K" ] || [ "$K" = digest-render ]; then
	run digest-render bash tests/digest-render/run.sh "$B"
fi
if [ -z "$K" ] || [ "$K" = report-render ]; then
	run report-render bash tests/report-render/run.sh "$B"
fi
if [ -z "$K" ] || [ "$K" = cli ]; then
	run help sh tests/tools/helpcheck.sh "$B"
	run commands bash tests/tools/cmdcheck.sh "$B"
fi
if [ -z "$K" ] || [ "$K" = ics ]; then
	if [ -x "$B/tools/icscheck" ]; then
		run ics sh tests/tools/ics.sh "$B"
	else
		echo "ics: skipped: no $B/tools/icscheck (make check builds it with libical-dev)"
	fi
fi
if [ -z "$K" ] || [ "$K" = crash ]; then
	run deliver-crash bash tests/crash/deliver-crash.sh "$B"
fi
if [ -z "$K" ] || [ "$K" = daemon ]; then
	run daemon-sighup bash tests/daemon/sighup.sh "$B"
fi
if [ -z "$K" ] || [ "$K" = dist ]; then
	run dist sh tests/tools/dist.sh "$B"
fi
if [ -z "$K" ] || [ "$K" = e2e ]; then
	if [ -f tests/e2e/run.sh ]; then
		run e2e bash tests/e2e/run.sh "$B"
	fi
fi
# the source checker (format, banned functions, layering) counts as one test
if [ -z "$K" ]; then
	if sh tests/tools/lint.sh "$B" >"$out/lint.log" 2>&1; then
		total_p=$((total_p + 1))
	else
		total_f=$((total_f + 1))
		echo "check: lint failed; log: $out/lint.log"
		head -n 20 "$out/lint.log"
	fi
fi
echo "$total_p passed, $total_f failed"
[ "$total_f" = 0 ]

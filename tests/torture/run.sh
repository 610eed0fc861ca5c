#!/bin/sh
# run.sh BUILD [FUZZ_SECONDS] - the reliability figures (docs/reliability.md).
#
# BUILD is a debug build (make torture builds build/debug with
# -DSTOA_DEBUG, which STOA_FAIL_AT and XMEM_FAIL_AT need).  Each part
# prints its figure; the logs land in tests/out/torture/.  Knobs, from
# the environment: TOKENS (forged tokens, default 100000), LOCK_SECONDS
# (database lock, default 60), RANDOM_KILLS (hook, default 120),
# DIGEST_RUNS (default 200).  Instances live under TORTURE_TMP (default
# /dev/shm, a tmpfs, when it is writable).  Exit 1 when any part fails.
set -u
B=${1:-build/debug}
secs=${2:-60}
out=tests/out/torture
mkdir -p "$out"
if [ -z "${TORTURE_TMP:-}" ] && [ -w /dev/shm ]; then
	TORTURE_TMP=/dev/shm
fi
export STOA_BUILD=$B STOA_TEMPLATES=templates TMPDIR=${TORTURE_TMP:-/tmp}
status=0

# part NAME CMD... - run one part, keep its log, print its figure lines
part() {
	name=$1
	shift
	start=$(date +%s)
	if "$@" >"$out/$name.log" 2>&1; then
		r=ok
	else
		r=FAILED
		status=1
	fi
	grep -v '^  FAIL' "$out/$name.log" | tail -n 8
	grep '^  FAIL' "$out/$name.log" | head -n 5
	echo "torture: $name $r in $(($(date +%s) - start))s"
}

T=tests/torture
part killpoints-hook python3 $T/killpoints_hook.py "${RANDOM_KILLS:-120}"
part killpoints-digest python3 $T/killpoints_digest.py "${DIGEST_RUNS:-200}"
part tokens python3 $T/tokens.py "${TOKENS:-100000}"
part markup python3 $T/markup.py
part autoreply python3 $T/autoreply.py
part faults python3 $T/faults.py "${LOCK_SECONDS:-60}"
part fuzz sh tests/fuzz/run.sh "$secs"
exit $status

#!/bin/sh
# helpcheck.sh BUILD - every program and every subcommand answers --help
# and --version with exit 0 and text on stdout, without reading the
# config (it points nowhere) and without creating a file (issue 17 item 5).
# Prints one line per failure and "N passed, N failed".
set -u
B=$(cd "${1:-build}" && pwd)
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
export STOA_CONFIG=$tmp/no-such.conf

# try PROG ARGS... - PROG ARGS --help and --version: 0, output, no files
try() {
	for flag in --help --version; do
		(cd "$tmp/run" && "$B/$@" "$flag") >"$tmp/out" 2>"$tmp/err"
		rc=$?
		n=$(ls -A "$tmp/run" | wc -l)
		if [ $rc != 0 ] || [ ! -s "$tmp/out" ] || [ "$n" != 0 ]; then
			fail=$((fail + 1))
			echo "FAIL $* $flag: exit $rc, files $n: $(head -c 200 "$tmp/err")"
		else
			pass=$((pass + 1))
		fi
		rm -rf "$tmp/run"
		mkdir "$tmp/run"
	done
}

mkdir "$tmp/run"
try stoa-hook
try stoa-hook --recipient x@example.org
try stoa-digest
for c in run deliver status; do try stoa-digest $c; done
try stoa
# every command and sub-command stoa --help names ("  word word ...")
"$B/stoa" --help | sed -n '/^Commands:/,/^$/p' |
    sed -n 's/^  \([a-z][a-z]*\)\( \([a-z|]*\)\)\{0,1\}.*/\1 \3/p' >"$tmp/cmds"
[ -s "$tmp/cmds" ] || { echo "FAIL no commands in stoa --help"; fail=$((fail + 1)); }
while read -r cmd subs; do
	try stoa "$cmd"
	try stoa -c "$tmp/no-such.conf" "$cmd" backup.db
	for s in $(echo "$subs" | tr '|' ' '); do
		case $s in [a-z]*) try stoa "$cmd" "$s" learn ;; esac
	done
done <"$tmp/cmds"
echo "$pass passed, $fail failed"
[ $fail = 0 ]

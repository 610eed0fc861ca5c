#!/bin/bash
# runcase.sh BUILD [KEYWORD] [FILE...] - run data-driven case files.
#
# A case file (tests/data/<area>/NNNN-slug.case) is a list of sections:
#   == info            free text; a "keywords:" line is used by K=
#   == config          extra stoa.conf lines for this case
#   == setup           commands, one per line: stoa|stoa-hook|stoa-digest ARGS
#                      (-c CONF is added; exit codes must be 0)
#   == setup.sql       SQL run with sqlite3 after the setup commands
#   == file NAME       a file written into the case directory before cmd
#   == cmd             one command line, as in setup (its exit code is checked)
#   == stdin           standard input for cmd; a line ending in %CR gets CRLF
#   == expect.exit     the exit code
#   == expect.stdout   exact standard output (@DIR@ = the case directory)
#   == expect.stderr   exact standard error
#   == expect.grep     lines that must each appear in stdout+stderr (fixed strings)
#   == expect.rows SQL the rows of SQL, as sqlite3 prints them ("|" separated)
#   == expect.files    one path per line (glob, relative to the case dir) that must exist
# Each case runs in a fresh directory with a fresh database and the clock
# fixed at STOA_NOW (2026-01-05T10:00:00Z unless the config sets it).
# Prints one line per failing case and "N passed, N failed".
set -u
B=$(cd "${1:-build}" && pwd)
K=${2:-}
shift 2 2>/dev/null || shift $#
top=$(pwd)
out=$top/tests/out/cases
rm -rf "$out"
mkdir -p "$out"
pass=0
fail=0

if [ $# -gt 0 ]; then files=("$@"); else
	mapfile -t files < <(find tests/data -name '*.case' | sort)
fi

# split CASE DIR - write each section of CASE into DIR/sec/NN-name
split_case() {
	mkdir -p "$2/sec"
	awk -v dir="$2/sec" '
	/^== / {
		n++; name = substr($0, 4); arg = "";
		sp = index(name, " ");
		if (sp > 0) { arg = substr(name, sp + 1); name = substr(name, 1, sp - 1) }
		f = sprintf("%s/%02d-%s", dir, n, name);
		printf "" > f;
		if (arg != "") { printf "%s", arg > (f ".arg"); close(f ".arg") }
		next
	}
	n > 0 {
		line = $0;
		if (line ~ /%CR$/) { sub(/%CR$/, "", line); printf "%s\r\n", line >> f }
		else print line >> f
	}' "$1"
}

# expand_cmd LINE - Stoa programs at the start of LINE or after |, ; or &
# become the built binary with -c CONF.
expand_cmd() {
	printf '%s\n' "$1" | sed -E "s#(^|[|;&] *)(stoa-hook|stoa-digest|stoa)( |\$)#\1$B/\2 -c $dir/stoa.conf\3#g; s#(^|[|;&] *)(fakesmtp|mailcheck|mktoken) #\1$B/tools/\2 #g"
}

run_case() {
	local cf=$1 name dir s why="" got want
	name=$(basename "$cf" .case)
	dir=$out/$(basename "$(dirname "$cf")")-$name
	mkdir -p "$dir"
	split_case "$cf" "$dir"
	cat >"$dir/stoa.conf" <<CONF
database = stoa.db
domain = learn.example
outbound = maildir:$dir/mail
secret_file = secret
templates = $top/templates
timezone = UTC
site_name = Stoa Test
CONF
	for s in "$dir"/sec/*-config; do
		[ -f "$s" ] || continue
		# a key the case sets replaces the default line
		for k in $(sed -n 's/^[[:space:]]*\([a-z_]*\)[[:space:]]*=.*/\1/p' "$s"); do
			sed -i "/^$k = /d" "$dir/stoa.conf"
		done
		cat "$s" >>"$dir/stoa.conf"
	done
	export STOA_NOW=2026-01-05T10:00:00Z
	if ! (cd "$dir" && $B/stoa -c "$dir/stoa.conf" init >"$dir/init.out" 2>&1); then
		# a case may test a broken config: init failing is then expected
		[ -f "$dir"/sec/*-cmd ] || why="init failed: $(head -c 300 "$dir/init.out")"
	fi
	for s in "$dir"/sec/*-file; do
		[ -f "$s" ] && cp "$s" "$dir/$(cat "$s.arg")"
	done
	for s in "$dir"/sec/*; do
		case "$s" in
		*.arg) continue ;;
		*-setup) while IFS= read -r l; do
				[ -z "$l" ] && continue
				if ! (cd "$dir" && eval "$(expand_cmd "$l")") >>"$dir/setup.out" 2>&1; then
					why="${why:-setup failed: $l: $(tail -n 2 "$dir/setup.out")}"
				fi
			done <"$s" ;;
		*-setup.sql) sqlite3 -bail "$dir/stoa.db" <"$s" >>"$dir/setup.out" 2>&1 ||
				why="${why:-setup.sql failed: $(tail -n 2 "$dir/setup.out")}" ;;
		esac
	done
	got_exit=none
	for s in "$dir"/sec/*-cmd; do
		[ -f "$s" ] || continue
		local in=/dev/null
		for i in "$dir"/sec/*-stdin; do [ -f "$i" ] && in=$i; done
		(cd "$dir" && eval "$(expand_cmd "$(head -n 1 "$s")")") <"$in" >"$dir/stdout" 2>"$dir/stderr"
		got_exit=$?
	done
	for s in "$dir"/sec/*; do
		[ -n "$why" ] && break
		case "$s" in
		*-expect.exit)
			want=$(tr -d ' \n' <"$s")
			[ "$got_exit" = "$want" ] || why="exit: got $got_exit, want $want; stderr: $(head -c 300 "$dir/stderr")" ;;
		*-expect.stdout | *-expect.stderr)
			local which=${s##*-expect.}
			sed "s|@DIR@|$dir|g" "$s" >"$dir/want.$which"
			diff -u "$dir/want.$which" "$dir/$which" >"$dir/diff.$which" ||
				why="$which differs: $(head -n 12 "$dir/diff.$which" | tail -n +3 | tr '\n' '~')" ;;
		*-expect.grep)
			while IFS= read -r l; do
				[ -z "$l" ] && continue
				cat "$dir/stdout" "$dir/stderr" | grep -qF -- "$l" || { why="missing output: $l"; break; }
			done <"$s" ;;
		*-expect.rows)
			sqlite3 "$dir/stoa.db" "$(cat "$s.arg")" >"$dir/rows" 2>&1
			diff -u "$s" "$dir/rows" >"$dir/diff.rows" ||
				why="rows differ ($(cat "$s.arg")): $(tail -n +3 "$dir/diff.rows" | head -n 12 | tr '\n' '~')" ;;
		*-expect.files)
			while IFS= read -r l; do
				[ -z "$l" ] && continue
				compgen -G "$dir/$l" >/dev/null || { why="missing file: $l"; break; }
			done <"$s" ;;
		esac
	done
	if [ -z "$why" ]; then
		pass=$((pass + 1))
		[ -n "${KEEP:-}" ] || rm -rf "$dir"
	else
		fail=$((fail + 1))
		echo "FAIL $cf: $why"
	fi
}

for cf in "${files[@]}"; do
	if [ -n "$K" ] && ! grep -q "^keywords:.*\b$K\b" "$cf"; then continue; fi
	run_case "$cf"
done
echo "$pass passed, $fail failed"
[ $fail = 0 ]

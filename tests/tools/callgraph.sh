#!/bin/sh
# callgraph.sh [BUILD] [-p] - the layering checks of DESIGN §9 that the
# compiler cannot make (docs/architecture.md):
#   1. no file under common/ includes a header from outside common/
#      (db/, mailer/ or a program: common/ knows no SQL and no program);
#   2. no circle among the files of mta-hook/ in their #include graph
#      (x.c and x.h are one node, x);
#   3. no circle among the files of mta-hook/ in their call graph, read
#      from the objects in BUILD/mta-hook/ with nm: the file that defines
#      a global symbol, the files that use it (a function named in a
#      table counts as a call).
# -p prints the call graph (one "caller -> callee" line per pair).
# Exits 1 on a violation, naming it; 2 when the objects are missing.
set -u
B=build
print=
for a in "$@"; do
	case $a in
	-p) print=1 ;;
	*) B=$a ;;
	esac
done
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
rc=0

# included FILE... - "file header" for every #include "header" line
included() {
	grep -H '^#[[:space:]]*include[[:space:]]*"' "$@" |
	    sed 's/^\([^:]*\):.*"\(.*\)".*/\1 \2/'
}

# cycle NAME EDGES - fail when the "from to" pairs in EDGES form a circle
cycle() {
	if ! tsort "$2" >/dev/null 2>"$tmp/loop"; then
		echo "callgraph: circle in the $1 graph of mta-hook/:"
		grep -v 'input contains a loop' "$tmp/loop" | sed 's/^tsort: /  /'
		rc=1
	fi
}

# 1. common/ includes only common/ headers
included common/*.c common/*.h | while read -r f h; do
	[ -f "common/$h" ] || echo "callgraph: $f includes $h, not in common/"
done >"$tmp/common"
if [ -s "$tmp/common" ]; then
	cat "$tmp/common"
	rc=1
fi

# 2. the include graph of mta-hook/, one node per module
included mta-hook/*.c mta-hook/*.h | while read -r f h; do
	[ -f "mta-hook/$h" ] || continue
	from=$(basename "$f")
	echo "${from%.*} ${h%.h}"
done | awk '$1 != $2' | sort -u >"$tmp/inc"
cycle include "$tmp/inc"

# 3. the call graph of mta-hook/, from the objects
set --
for c in mta-hook/*.c; do # objects of deleted sources are stale: skip
	o=$B/mta-hook/$(basename "$c" .c).o
	if [ ! -f "$o" ]; then
		echo "callgraph: no $o (build first: make)"
		exit 2
	fi
	set -- "$@" "$o"
done
for o in "$@"; do
	n=$(basename "$o" .o)
	nm -g --defined-only "$o" | awk -v f="$n" 'NF == 3 { print $3, f }'
done | sort >"$tmp/defs"
for o in "$@"; do
	n=$(basename "$o" .o)
	nm -u "$o" | awk -v f="$n" '{ print $NF, f }'
done | sort >"$tmp/uses"
# symbol user definer -> "user definer", once per pair of files
join "$tmp/uses" "$tmp/defs" | awk '$2 != $3 { print $2, $3 }' |
    sort -u >"$tmp/calls"
cycle call "$tmp/calls"
[ -n "$print" ] && sed 's/ / -> /' "$tmp/calls"
[ $rc = 0 ] && echo "callgraph: ok"
exit $rc

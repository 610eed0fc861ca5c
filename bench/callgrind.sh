#!/bin/sh
# callgrind.sh BUILD - instruction counts of one stoa-hook run on a typical
# reply (docs/bench.md): the first plain-text reply with a Gmail
# attribution, a "> " quote and a signature in the bench corpus (seed 1),
# delivered to a fresh 10-member list, under valgrind --tool=callgrind.
# Prints the total and the share of the functions named in the profile
# that matter for the hook's cost (pcre2 compile and JIT, the dynamic
# loader).  Deterministic: the same build gives the same counts.
set -eu
B=${1:-build}
top=$(pwd)
out=$top/$B/bench/cg
hook=${CG_HOOK:-$top/$B/stoa-hook} # CG_HOOK: another build of the hook
stoa=$top/$B/stoa
[ -x "$hook" ] && [ -x "$stoa" ] || {
	echo "callgrind: build $B first (make all)" >&2
	exit 1
}
rm -rf "$out"
mkdir -p "$out/corpus" "$out/mail"
cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 \
    -o "$out/gen" bench/gen.c
"$out/gen" corpus "$out/corpus" 40 1 10
# first reply that is one text/plain part with a quote
msg=$(grep -l '^In-Reply-To:' "$out/corpus"/*.eml |
	xargs grep -L -i 'multipart\|quoted-printable\|text/html' |
	xargs grep -l '^> ' | head -n 1)
cat >"$out/stoa.conf" <<CONF
database = $out/stoa.db
domain = learn.example
outbound = maildir:$out/mail
secret_file = $out/secret
templates = $top/templates
timezone = UTC
site_name = Stoa Bench
CONF
"$out/gen" members "$out/members.csv" 10
"$stoa" -c "$out/stoa.conf" init >/dev/null
"$stoa" -c "$out/stoa.conf" list create learn >/dev/null
"$stoa" -c "$out/stoa.conf" member import learn "$out/members.csv" >/dev/null
valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.out" \
    "$hook" -c "$out/stoa.conf" --recipient learn@learn.example \
    --sender member00001@example.org <"$msg" 2>"$out/valgrind.log"
tot=$(sed -n 's/^summary: //p' "$out/callgrind.out")
echo "callgrind: $(basename "$msg") ($(wc -c <"$msg") bytes), $tot instructions"
callgrind_annotate --inclusive=yes "$out/callgrind.out" 2>/dev/null |
    grep -v '=>' |
    grep -E ':(trimmer_new|trim_reply|pcre2_compile_8|pcre2_jit_compile_8|pcre2_match_8|_dl_start|_dl_relocate_object) ' |
    awk -v t="$tot" '{
	n = $1; gsub(",", "", n); f = $0; sub(/.*:/, "", f); sub(/ .*/, "", f)
	if (!(f in seen)) printf "  %5.1f%% %12s  %s\n", 100 * n / t, $1, f
	seen[f] = 1 }'

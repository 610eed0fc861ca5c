#!/bin/sh
# run.sh BUILD - score reply trimming and subject normalisation against
# other projects' fixtures in ../shared/corpora (relative to the repo
# root; STOA_CORPORA overrides).  Builds its scorers with make, prints one
# "name: passed/total (pct%)" line per set and rewrites the block between
# the corpora markers in docs/trimming.md.  Missing corpora: a message
# and exit 0.  -v (second argument) lists every failed check.  The
# per-class cases in tests/corpora/classes are ours and always scored.
set -u
B=${1:-build}
V=${2:-}
C=${STOA_CORPORA:-../shared/corpora}
if [ ! -d "$C" ]; then
	echo "corpora: $C not found, skipping"
	exit 0
fi
make -s B="$B" "$B/corpora/trim_score" "$B/corpora/subject_score" || exit 1
out=$(mktemp) || exit 1
trap 'rm -f "$out"' EXIT
score() { # score SET FOLDER
	if [ -f "$C/$2/expected.tsv" ]; then
		"$B/corpora/trim_score" $V "$1" "$C/$2" | tee -a "$out"
	else
		echo "$1: $C/$2 not found, skipped" | tee -a "$out"
	fi
}
score github github-email-reply-parser
score zapier zapier-email-reply-parser
score crisp crisp-email-reply-parser
score talon mailgun-talon
# our own cases, one folder per class of misses found on real mail
"$B/corpora/trim_score" $V classes tests/corpora/classes | tee -a "$out"
if [ -d "$C/mailkit-threading" ]; then
	"$B/corpora/subject_score" $V "$C/mailkit-threading" | tee -a "$out"
else
	echo "mailkit-subject: $C/mailkit-threading not found, skipped" |
	    tee -a "$out"
fi
doc=docs/trimming.md
if [ -f "$doc" ] && grep -q '^<!-- corpora:begin -->' "$doc"; then
	{
		sed '/^<!-- corpora:begin -->/q' "$doc"
		echo '```'
		echo "\$ sh tests/corpora/run.sh $B    # $(date -u +%Y-%m-%d)"
		grep -v '^FAIL\|^  got:' "$out"
		echo '```'
		sed -n '/^<!-- corpora:end -->/,$p' "$doc"
	} >"$doc.tmp" && mv "$doc.tmp" "$doc"
fi

# --- bounces: dsn.c against flufl.bounce and our per-class fixtures
# (tests/corpora/bounce-classes; docs/bounces.md) ---
bout=$(mktemp) || exit 1
trap 'rm -f "$out" "$bout"' EXIT
if [ -f "$C/flufl-bounce/expected.tsv" ]; then
	make -s B="$B" "$B/corpora/bounce_score" || exit 1
	"$B/corpora/bounce_score" $V "$C/flufl-bounce" | tee "$bout"
else
	echo "flufl-bounce: $C/flufl-bounce not found, skipped" | tee "$bout"
fi
# our own messages, one set per class of issue 11 (always present)
make -s B="$B" "$B/corpora/bounce_score" || exit 1
"$B/corpora/bounce_score" $V -c tests/corpora/bounce-classes | tee -a "$bout"
doc=docs/bounces.md
if [ -f "$doc" ] && grep -q '^<!-- corpora:begin -->' "$doc"; then
	{
		sed '/^<!-- corpora:begin -->/q' "$doc"
		echo '```'
		echo "\$ sh tests/corpora/run.sh $B    # $(date -u +%Y-%m-%d)"
		grep -v '^FAIL' "$bout"
		echo '```'
		sed -n '/^<!-- corpora:end -->/,$p' "$doc"
	} >"$doc.tmp" && mv "$doc.tmp" "$doc"
fi

#!/bin/bash
# demo-report.sh BUILD DEMODIR - the learning report of the demo's list
# over its first three months (posts, mentoring, quizzes), printed as
# text and saved as HTML and JSON, then the static archive of the list
# (built twice: the second build finds nothing to rewrite).
set -eu
B=$1
d=$2
stoa() { "$B/stoa" -c "$d/stoa.conf" "$@"; }
p=(--from 2026-01-01 --to 2026-03-31)
echo "== stoa report learn ${p[*]}"
stoa report learn "${p[@]}"
stoa report learn "${p[@]}" --format html >"$d/report.html"
stoa report learn "${p[@]}" --format json >"$d/report.json"
echo "The report as HTML: $d/report.html (JSON: $d/report.json)"
echo "== stoa site build $d/archive (twice)"
stoa site build "$d/archive"
stoa site build "$d/archive"
echo "The archive: $d/archive/index.html ($(find "$d/archive" -name '*.html' | wc -l) pages)"

#!/bin/sh
# demo.sh BUILD - a demo installation under demo/: a database, a list and
# twenty fictional colleagues, then what was made.  Safe to run again: it
# starts from scratch each time.
set -eu
B=${1:-build}
top=$(pwd)
d=$top/demo
rm -rf "$d"
mkdir -p "$d"
cat >"$d/stoa.conf" <<CONF
# Demo configuration: SQLite plus Maildir output, everything under demo/.
database = stoa.db
domain = learn.example
outbound = maildir:mail
secret_file = secret
templates = $top/templates
timezone = Europe/Berlin
site_name = Stoa demo
CONF
stoa() { "$B/stoa" -c "$d/stoa.conf" "$@"; }
# the demo's story takes place in January 2026
export STOA_NOW=2026-01-01T00:00:00Z
echo "== stoa init"
stoa init
echo "== stoa list create learn"
stoa list create learn --title "Learning together" --timezone Europe/Berlin
echo "== stoa member import learn demo-data/colleagues.csv"
stoa member import learn demo-data/colleagues.csv
echo "== stoa list show"
stoa list show
echo "== stoa export members --json | head -n 5"
stoa export members --json | head -n 5
echo "== stoa export lists --json"
stoa export lists --json
echo "== a month of the list: posts through stoa-hook, stoa-digest every 6 hours"
bash tests/tools/demo-month.sh "$B" "$d"
echo "== mentoring: three mentors, five new colleagues, twelve weeks"
bash tests/tools/demo-mentor.sh "$B" "$d"
echo "== stoa export threads --json | head -n 3"
stoa export threads --json | head -n 3
echo "== outbox"
"$B/stoa-digest" -c "$d/stoa.conf" status
digest=$(grep -l -s 'Reply to this:' "$d"/mail/ana.lima@example.com/new/* | tail -n 1 || true)
if [ -n "$digest" ]; then
	"$B/tools/mailcheck" -H "$d/digest.html" -T "$d/digest.txt" "$digest" >/dev/null
	echo "== the last weekly digest Ana received (text part, first lines):"
	sed -n '1,24p' "$d/digest.txt"
	echo
	echo "Open its HTML part in a browser: $d/digest.html"
fi
echo "== four weeks of quizzes (February): 20 colleagues, 12 questions, by reply"
bash tests/tools/demo-quiz.sh "$B" "$d"
bash tests/tools/demo-connect.sh "$B" "$d"
bash tests/tools/demo-groups.sh "$B" "$d"
echo "== badges: earned from the events above, announced by mail"
bash tests/tools/demo-badges.sh "$B" "$d"
bash tests/tools/demo-report.sh "$B" "$d"
echo
echo "The demo lives in demo/ (config demo/stoa.conf, database demo/stoa.db)."
echo "Try: $B/stoa -c demo/stoa.conf member add learn you@example.com --name You"

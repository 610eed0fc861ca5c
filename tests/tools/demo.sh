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
echo
echo "The demo lives in demo/ (config demo/stoa.conf, database demo/stoa.db)."
echo "Try: $B/stoa -c demo/stoa.conf member add learn you@example.com --name You"

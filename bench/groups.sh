#!/bin/bash
# bench/groups.sh [BUILD] [MEMBERS] [SIZE] - `stoa group split` of a list
# of MEMBERS (default 100000) into groups of about SIZE (default 20)
# (docs/bench-groups.md).  The members come in through `stoa member
# import` with a team column (50 teams), as a real cohort would; then
# four splits are timed with /usr/bin/time -v, each in a copy of the
# imported database:
#   dry      --dry-run: the split alone, printed, nothing written
#   nomail   --no-mail: groups and memberships, no mail
#   full     the default: groups, memberships and one mail per member
#   by-team  --by team, with the mails
# and prints the wall time, the peak RSS and the outbox size.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
B=$(cd "${1:-$top/build}" && pwd)
N=${2:-100000}
SIZE=${3:-20}
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
conf() {
	cat >"$1/stoa.conf" <<CONF
database = $1/stoa.db
domain = learn.example
outbound = maildir:$1/mail
secret_file = $w/secret
templates = $top/templates
timezone = UTC
site_name = Stoa
CONF
}
export STOA_NOW=2026-01-05T10:00:00Z
mkdir -p "$w/base"
conf "$w/base"
"$B/stoa" -c "$w/base/stoa.conf" init >/dev/null
"$B/stoa" -c "$w/base/stoa.conf" list create learn --title "Cohort" \
	>/dev/null
awk -v n="$N" 'BEGIN { print "email,name,team,location";
	for (i = 1; i <= n; i++)
		printf "m%d@example.org,Member %d,team%d,site%d\n", i, i, i % 50, i % 7 }' \
	>"$w/members.csv"
/usr/bin/time -f "import: %e s, %M KB max RSS" \
	"$B/stoa" -c "$w/base/stoa.conf" member import learn "$w/members.csv"
run() { # NAME ARGS...
	local name=$1 d=$w/$1
	shift
	mkdir -p "$d"
	conf "$d"
	cp "$w/base/stoa.db" "$d/stoa.db"
	/usr/bin/time -v -o "$d/time" "$B/stoa" -c "$d/stoa.conf" \
		group split learn --size "$SIZE" "$@" >"$d/out"
	printf '%-8s %s  wall %s s  max RSS %s KB  outbox %s rows  db %s MB\n' \
		"$name" "$(tail -1 "$d/out" | cut -c1-60)" \
		"$(awk -F': ' '/Elapsed/ { print $2 }' "$d/time")" \
		"$(awk -F': ' '/Maximum resident/ { print $2 }' "$d/time")" \
		"$(sqlite3 "$d/stoa.db" 'SELECT count(*) FROM outbox')" \
		"$(du -m "$d/stoa.db" | cut -f1)"
	rm -f "$d/stoa.db"*
}
run dry --dry-run
run nomail --no-mail
run full
run by-team --by team

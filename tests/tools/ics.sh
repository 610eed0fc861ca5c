#!/bin/sh
# ics.sh BUILD - the calendar invite of a mentoring pair (mentor_ics = yes)
# checked with libical and our own rules (tests/tools/icscheck.c), for
# zones with northern, southern and no daylight saving time; the
# reference invite (../shared/reference/ics-example) with libical only;
# and a broken invite must fail.  Last line: "N passed, N failed".
set -u
B=$(cd "${1:-build}" && pwd)
top=$(pwd)
dir=$top/tests/out/ics
rm -rf "$dir"
mkdir -p "$dir"
pass=0
fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL ics: $1"; }
# invite ZONE - a pair in a list of ZONE; the pairing mail's invite.ics
invite() {
	d=$dir/$(echo "$1" | tr / _)
	mkdir -p "$d"
	cat >"$d/stoa.conf" <<CONF
database = stoa.db
domain = learn.example
outbound = maildir:$d/mail
secret_file = secret
templates = $top/templates
timezone = UTC
site_name = Stoa Test
mentor_ics = yes
CONF
	s="$B/stoa -c $d/stoa.conf"
	(cd "$d" && export STOA_NOW=2026-01-05T08:00:00Z && $s init &&
		$s list create learn --timezone "$1" &&
		$s member add learn mia@example.org --name "Mia, Dr." --role mentor &&
		$s member add learn noe@example.org --name "Noé Ñandú-Lemaître" &&
		$s mentor pair learn mia@example.org noe@example.org --start 2026-01-05 &&
		for t in 2026-01-05T12:00:00Z 2026-01-05T16:00:00Z 2026-01-06T02:00:00Z; do
			"$B/stoa-digest" -c stoa.conf run --now $t || exit 1
		done) >"$d/log" 2>&1 # 10:00 to 21:00 local, whatever the zone
	sqlite3 "$d/stoa.db" "SELECT body FROM outbox_full WHERE dedupe_key = 'mentor:pair:1:1'" |
		tr -d '\r' | awk '/^ filename="invite.ics"$/ { f = 1; next }
		f == 1 && /^$/ { f = 2; next } f == 2 && /^$/ { exit } f == 2' |
		base64 -d >"$d/invite.ics" 2>/dev/null
	echo "$d/invite.ics"
}
for z in Europe/Berlin America/New_York Australia/Sydney Asia/Tokyo; do
	f=$(invite "$z")
	if "$B/tools/icscheck" "$f" >"$f.out" 2>&1; then ok; else ko "$z: $(cat "$f.out")"; fi
done
ref=$(ls "$top"/../shared/reference/ics-example/*.ics 2>/dev/null | head -n 1)
if [ -n "$ref" ]; then
	if "$B/tools/icscheck" -l "$ref" >/dev/null; then ok; else ko "reference $ref"; fi
fi
f=$dir/Europe_Berlin/invite.ics
sed '/BEGIN:VTIMEZONE/,/END:VTIMEZONE/d' "$f" >"$dir/broken.ics"
if "$B/tools/icscheck" "$dir/broken.ics" >/dev/null; then ko "a broken invite passed"; else ok; fi
echo "$pass passed, $fail failed"

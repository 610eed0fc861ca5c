#!/bin/bash
# demo-mentor.sh BUILD DEMODIR - three mentors and five new colleagues
# (demo-data/pairs.csv), twelve weeks of check-ins replayed with a moving
# clock: stoa-digest once a day, mentees replying to their reflections
# (Farid and Isabel every week, Hiro until week 6, Grace twice, Jonas
# never), then one prompt, one relayed reply, one reply command and
# `stoa mentor list`.
set -eu
B=$1
d=$2
conf=$d/stoa.conf
stoa() { "$B/stoa" -c "$conf" "$@"; }
# replies LOCALPART - how many check-ins the mentee answers
replies() {
	case $1 in
	farid.haddad | isabel.garcia) echo 99 ;;
	hiro.tanaka) echo 6 ;;
	grace.kim) echo 2 ;;
	*) echo 0 ;;
	esac
}
# answer LOCALPART WEEK MAILFILE - reply to one reflection by stoa-hook
answer() {
	local who=$1 week=$2 f=$3 to pace="" pulse=$(((week + ${#1}) % 3 + 2))
	to=$(sed -n 's/^Reply-To: *//p' "$f" | head -n 1 | tr -d '\r')
	[ "$week" = 9 ] && pace="monthly"
	STOA_NOW=$4 "$B/stoa-hook" -c "$conf" --recipient "$to" \
	    --sender "$who@example.com" <<MAIL
From: $who@example.com
Subject: Re: check-in $week
Message-ID: <demo-mentor-$who-$week@example.com>

$pulse
Week $week: I paired on a deploy and wrote my first runbook entry.
Next I would like to talk about code review.
$pace
MAIL
}
echo "== stoa mentor import learn demo-data/pairs.csv"
stoa mentor import learn demo-data/pairs.csv
: >"$d/answered"
for i in $(seq 0 83); do
	day=$(date -u -d "2026-02-02 +$i day" +%F)
	"$B/stoa-digest" -c "$conf" run --now "${day}T09:30:00Z" >/dev/null
	for f in $(grep -l -s '^Subject: .*check-in with' "$d"/mail/*/new/* || true); do
		grep -qxF "$f" "$d/answered" && continue
		echo "$f" >>"$d/answered"
		who=$(basename "$(dirname "$(dirname "$f")")")
		who=${who%@example.com}
		week=$(sed -n 's/^Subject: .*Week \([0-9]*\) check-in.*/\1/p' "$f")
		[ -n "$week" ] && [ "$week" -le "$(replies "$who")" ] || continue
		answer "$who" "$week" "$f" "${day}T17:00:00Z" >/dev/null
	done
done
first=$(grep -l -s '^Subject: .*Week 1 check-in' "$d"/mail/farid.haddad@example.com/new/* | head -n 1)
"$B/tools/mailcheck" -T "$d/prompt.txt" "$first" >/dev/null
echo "== a mentee's check-in (Farid, week 1, text part):"
cat "$d/prompt.txt"
relay=$(grep -l -s '^Subject: .*Farid Haddad wrote' "$d"/mail/dmitri.volkov@example.com/new/* | head -n 1)
"$B/tools/mailcheck" -T "$d/relay.txt" "$relay" >/dev/null
echo "== Farid's reply, relayed to Dmitri alone (text part):"
cat "$d/relay.txt"
# a command at the top of a reply: Grace moves her next check-in
nine=$(grep -l -s '^Subject: .*Week 9 check-in' "$d"/mail/grace.kim@example.com/new/* | head -n 1)
to=$(sed -n 's/^Reply-To: *//p' "$nine" | head -n 1 | tr -d '\r')
printf 'From: grace.kim@example.com\nSubject: Re: check-in\nMessage-ID: <demo-mentor-grace-cmd@example.com>\n\nreschedule thursday\n' |
	STOA_NOW=2026-04-26T12:00:00Z "$B/stoa-hook" -c "$conf" --recipient "$to" --sender grace.kim@example.com >/dev/null
"$B/stoa-digest" -c "$conf" run --now 2026-04-26T12:05:00Z >/dev/null
echo "== Grace writes \"reschedule thursday\" atop a reply; the confirmation:"
grep -h -A3 '^Hello Grace' $(grep -l -s 'Check-ins with .*: reschedule' "$d"/mail/grace.kim@example.com/new/*) | tr -d '\r'
echo "== stoa mentor list learn (health as of the pass of 2026-04-26)"
stoa mentor list learn

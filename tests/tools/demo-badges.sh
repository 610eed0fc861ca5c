#!/bin/bash
# demo-badges.sh BUILD DEMODIR - badges on the demo list, after the month
# of posts, the mentoring and the quizzes: turn them on, Hiro thanks Ben
# for an answer (answer.thanked), Ben (a moderator) gives Farid kudos by
# mail and confirms by reply, then one stoa-digest pass awards what the
# events earned and mails each earner once (several badges fold into one
# mail); Ben's mail, the awards, the leaderboard and the Open Badges files.
set -eu
B=$1
d=$2
conf=$d/stoa.conf
stoa() { "$B/stoa" -c "$conf" "$@"; }
hook() { # hook TIME RECIPIENT SENDER < mail
	STOA_NOW=$1 "$B/stoa-hook" -c "$conf" --recipient "$2" --sender "$3"
}
grep -q '^badge_base_url' "$conf" ||
	echo "badge_base_url = https://stoa.example/badges/" >>"$conf"
echo "== stoa list set learn badges yes"
stoa list set learn badges yes
hook 2026-05-04T07:00:00Z learn@learn.example hiro.tanaka@example.com <<MAIL
From: Hiro Tanaka <hiro.tanaka@example.com>
Subject: Staging database password?
Message-ID: <demo-badges-q@example.com>

Where do I find the password for the staging database?
MAIL
hook 2026-05-04T07:20:00Z learn@learn.example ben.okafor@example.com <<MAIL
From: Ben Okafor <ben.okafor@example.com>
Subject: Re: Staging database password?
Message-ID: <demo-badges-a@example.com>
In-Reply-To: <demo-badges-q@example.com>

It is in the team vault, under staging/db. Ask Ana for access.
MAIL
hook 2026-05-04T07:40:00Z learn@learn.example hiro.tanaka@example.com <<MAIL
From: Hiro Tanaka <hiro.tanaka@example.com>
Subject: Re: Staging database password?
Message-ID: <demo-badges-t@example.com>
In-Reply-To: <demo-badges-a@example.com>

Thanks, that worked!
MAIL
hook 2026-05-04T08:00:00Z learn+request@learn.example ben.okafor@example.com <<MAIL
From: Ben Okafor <ben.okafor@example.com>
Subject: commands
Message-ID: <demo-badges-r@example.com>

award farid.haddad@example.com kudos
MAIL
STOA_NOW=2026-05-04T08:05:00Z "$B/stoa-digest" -c "$conf" deliver >/dev/null
f=$(grep -l -s 'Confirm: give Kudos' "$d"/mail/ben.okafor@example.com/new/* | head -n 1)
to=$(sed -n 's/^Reply-To: *//p' "$f" | tr -d '\r')
hook 2026-05-04T08:10:00Z "$to" ben.okafor@example.com <<MAIL
From: Ben Okafor <ben.okafor@example.com>
Subject: Re: Confirm
Message-ID: <demo-badges-c@example.com>

award
MAIL
"$B/stoa-digest" -c "$conf" run --now 2026-05-04T08:30:00Z >/dev/null
echo "== badges awarded (stoa badge list learn), per badge:"
stoa badge list learn | awk '{print $4}' | sort | uniq -c | sort -rn
echo "== stoa badge leaderboard learn --days 150 (who helped most since December)"
STOA_NOW=2026-05-04T09:00:00Z stoa badge leaderboard learn --days 150
echo "== stoa badge export demo/badges"
stoa badge export "$d/badges"
m=$(grep -l -s '^Subject: \[learn\] You earned' "$d"/mail/ben.okafor@example.com/new/* | tail -n 1)
"$B/tools/mailcheck" -T "$d/badge.txt" "$m" >/dev/null
echo "== the badge mail Ben received (text part, first lines):"
sed -n '/^Subject:/p' "$m"
sed -n '1,14p' "$d/badge.txt"
echo "== badge mails sent: $(sqlite3 "$d/stoa.db" "SELECT count(*) FROM outbox WHERE kind = 'badge'") to $(sqlite3 "$d/stoa.db" "SELECT count(DISTINCT member_id) FROM badge_awards") earners (one each: several badges fold into one mail)"

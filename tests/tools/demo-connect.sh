#!/bin/bash
# demo-connect.sh BUILD DEMODIR - introductions and "can you help?"
# (docs/connect.md) in May 2026: introductions turned on, two newcomers
# (Nina, Omar) answer the welcome by reply (two "Meet" threads and
# profiles); Ana asks about TLS certificates on Monday, nobody answers,
# on Tuesday the question goes to the colleagues who know, and Nina
# answers by replying to the routed mail: the answer lands in the thread.
set -eu
B=$1
d=$2
conf=$d/stoa.conf
stoa() { "$B/stoa" -c "$conf" "$@"; }
hook() { STOA_NOW=$1 "$B/stoa-hook" -c "$conf" --recipient "$2" --sender "$3"; }
# reply_to WHO PATTERN - the Reply-To of WHO's newest mail whose subject matches
reply_to() {
	local f
	f=$(grep -l -s "^Subject: .*$2" "$d"/mail/"$1"/new/* | tail -n 1)
	sed -n 's/^Reply-To: *//p' "$f" | head -n 1 | tr -d '\r'
}
export STOA_NOW=2026-05-04T07:00:00Z
echo "== stoa list set learn intros yes; two newcomers join"
stoa list set learn intros yes
stoa member add learn nina.berg@example.com --name "Nina Berg"
stoa member add learn omar.said@example.com --name "Omar Said"
"$B/stoa-digest" -c "$conf" run --now 2026-05-04T07:05:00Z >/dev/null
hook 2026-05-04T08:00:00Z "$(reply_to nina.berg@example.com Welcome)" \
    nina.berg@example.com <<'MAIL'
From: Nina Berg <nina.berg@example.com>
Subject: Re: [learn] Welcome to learn
Message-ID: <demo-intro-nina@example.com>

1. I run the Kubernetes platform for the web shop.
2. Kubernetes ingress, TLS certificates, on-call runbooks.
3. Rust, and giving better code reviews.
MAIL
hook 2026-05-04T08:10:00Z "$(reply_to omar.said@example.com Welcome)" \
    omar.said@example.com <<'MAIL'
From: Omar Said <omar.said@example.com>
Subject: Re: [learn] Welcome to learn
Message-ID: <demo-intro-omar@example.com>

I build the finance reports and the monthly forecast.

Excel power query, budget forecasts, SQL for reporting.

Python, so I can automate the boring parts.
MAIL
echo "== the two introductions: threads and profiles"
sqlite3 "$d/stoa.db" "SELECT '  thread ' || thread_id || ': ' || subject || ' (' || author || ')' FROM messages WHERE subject LIKE 'Meet %'"
stoa export profiles --json
stoa member show learn nina.berg@example.com | sed 's/^/  /'
echo "== Ana asks on Monday; nobody answers"
hook 2026-05-04T10:00:00Z learn@learn.example ana.lima@example.com <<'MAIL'
From: Ana Lima <ana.lima@example.com>
Subject: Rotating the TLS certificates on the ingress
Message-ID: <demo-route-q@example.com>

How do we rotate the TLS certificates on the Kubernetes ingress without
dropping connections?
MAIL
"$B/stoa-digest" -c "$conf" run --now 2026-05-05T09:30:00Z >/dev/null
"$B/stoa-digest" -c "$conf" run --now 2026-05-05T10:30:00Z >/dev/null
echo "== Tuesday 10:30, 24 working hours later: routed privately to"
sqlite3 "$d/stoa.db" "SELECT '  ' || recipient FROM outbox WHERE dedupe_key LIKE 'route:ask:%' ORDER BY id"
routed=$(grep -l -s '^Subject: .*Can you help?' "$d"/mail/nina.berg@example.com/new/* | tail -n 1)
"$B/tools/mailcheck" -T "$d/routed.txt" "$routed" >/dev/null
echo "== the request Nina got (text part):"
cat "$d/routed.txt"
hook 2026-05-05T11:15:00Z "$(reply_to nina.berg@example.com 'Can you help?')" \
    nina.berg@example.com <<'MAIL'
From: Nina Berg <nina.berg@example.com>
Subject: Re: [learn] Can you help? Rotating the TLS certificates on the ingress
Message-ID: <demo-route-a@example.com>
In-Reply-To: <demo-route-q@example.com>

Put the new certificate in a second secret, point the ingress at it and
let the controller reload; old connections finish on the old one.
MAIL
"$B/stoa-digest" -c "$conf" run --now 2026-05-05T11:20:00Z >/dev/null
echo "== the thread now, and the event"
sqlite3 "$d/stoa.db" "SELECT '  ' || m.author || ': ' || substr(replace(m.text, char(10), ' '), 1, 60) FROM messages m JOIN messages q ON q.thread_id = m.thread_id WHERE q.message_id = 'demo-route-q@example.com' ORDER BY m.id"
sqlite3 "$d/stoa.db" "SELECT '  ' || e.kind || ' by ' || b.email || ', message ' || e.object_id FROM events e JOIN members b ON b.id = e.member_id WHERE e.kind = 'route.answer'"

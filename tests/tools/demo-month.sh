#!/bin/bash
# demo-month.sh BUILD DEMODIR - replay a month of a realistic list through
# stoa-hook and stoa-digest with a moving clock: questions, answers in
# several client styles (Gmail quoting, Outlook top-posting, inline), thank
# yous, a newcomer, and one moderator curating a digest draft by reply.
set -eu
B=$1
d=$2
conf=$d/stoa.conf
hook() { # hook TIME FROM RCPT - the message on stdin
	STOA_NOW=$1 "$B/stoa-hook" -c "$conf" --recipient "$3" --sender "$2"
}
run_at() { "$B/stoa-digest" -c "$conf" run --now "$1"; }
# name LOCALPART - the colleague's display name from the demo CSV
name() { awk -F, -v e="$1@example.com" '$1 == e { print $2 }' demo-data/colleagues.csv; }

# topic N: subject|asker|answerer1|answerer2|question|answer1|answer2
topics=(
"How do we rotate the staging certificates?|grace.kim|dmitri.volkov|jonas.berg|Is there a runbook for rotating the staging TLS certificates before they expire?|Run the rotate-certs job in the ops pipeline; it covers staging too.|And check the proxy reload step afterwards, it sometimes lags."
"Profiling C code on Linux|hiro.tanaka|maya.cohen|farid.haddad|Which profiler do you use for C services on our Linux hosts?|perf record -g plus perf report is where I start; flame graphs help.|valgrind --tool=callgrind when you need exact instruction counts."
"Onboarding checklist for new engineers|olivia.dubois|ana.lima|elena.rossi|Do we have an up-to-date onboarding checklist somewhere?|It lives in the wiki under onboarding; I refreshed it last month.|Add the laptop setup script to it, newcomers always ask."
"Writing good commit messages|quinn.reyes|ben.okafor|tomoko.sato|Any guidance on commit message style for the platform repo?|Imperative subject under 72 characters, then why, not what.|Link the ticket in the body, not the subject."
"Flaky integration tests|rania.aziz|liam.oconnor|sven.larsen|Our integration suite fails one run in five. Where do I start?|Look for shared state between tests first: temp dirs, ports, clocks.|Run it with a fixed seed and record the order; it is usually ordering."
"SQLite in production?|pedro.alves|dmitri.volkov|isabel.garcia|Is SQLite a sane choice for a small internal service?|Yes, with WAL mode and one writer; back it up with the online backup API.|Mind the busy timeout when cron jobs write at the same time."
"Mentoring: how often to meet?|kavya.nair|elena.rossi|maya.cohen|New mentor here: how often should I meet my mentee?|Every two weeks for the first three months worked well for me.|Keep a short shared doc of questions between meetings."
"Reviewing large pull requests|noah.schmidt|ben.okafor|grace.kim|How do you review a 2,000-line pull request without losing your mind?|Ask for it to be split; review the design first, then the code.|Read the tests first: they tell you what the change claims."
)

days=(05 06 07 08 12 13 14 15 19 20 21 22 26 27 28 29)
n=0
for t in "${topics[@]}"; do
	IFS='|' read -r subj asker a1 a2 q ans1 ans2 <<<"$t"
	week=$((n / 2))
	day=${days[$((week * 4 + n % 2))]}
	n=$((n + 1))
	id="demo-$n"
	hook "2026-01-${day}T08:1${n: -1}:00Z" "$asker@example.com" learn@learn.example <<MAIL
From: $(name $asker) <$asker@example.com>
To: learn@learn.example
Subject: $subj
Message-ID: <$id-q@example.com>
Date: Mon, 05 Jan 2026 08:00:00 +0000

Hi all,

$q

Thanks!
MAIL
	# a Gmail-style reply that quotes the question
	hook "2026-01-${day}T10:2${n: -1}:00Z" "$a1@example.com" learn@learn.example <<MAIL
From: $(name $a1) <$a1@example.com>
To: learn@learn.example
Subject: Re: $subj
Message-ID: <$id-a1@example.com>
In-Reply-To: <$id-q@example.com>
References: <$id-q@example.com>

$ans1

On Mon, 5 Jan 2026 at 08:00, $(name $asker) <$asker@example.com> wrote:
> Hi all,
>
> $q
MAIL
	# an Outlook top-post that dropped the threading headers
	hook "2026-01-${day}T14:3${n: -1}:00Z" "$a2@example.com" learn@learn.example <<MAIL
From: $(name $a2) <$a2@example.com>
To: learn@learn.example
Subject: AW: [learn] $subj
Message-ID: <$id-a2@example.com>

$ans2

-----Original Message-----
From: $(name $asker) <$asker@example.com>
Sent: Monday, January 5, 2026 8:00 AM
To: learn@learn.example
Subject: $subj

$q
MAIL
	# and a thank you, signed from a phone
	hook "2026-01-${day}T16:4${n: -1}:00Z" "$asker@example.com" learn@learn.example <<MAIL
From: $(name $asker) <$asker@example.com>
To: learn@learn.example
Subject: Re: $subj
Message-ID: <$id-t@example.com>
In-Reply-To: <$id-a1@example.com>
References: <$id-q@example.com> <$id-a1@example.com>

Thank you both, that helps.

Sent from my iPhone
MAIL
done
# an open question nobody answered: "Can you help?" in the digests
hook "2026-01-20T09:00:00Z" "tomoko.sato@example.com" learn@learn.example <<'MAIL'
From: Tomoko Sato <tomoko.sato@example.com>
To: learn@learn.example
Subject: Who knows the old billing export?
Message-ID: <demo-open@example.com>

Does anyone still know how the old billing export is scheduled?
MAIL

# the scheduler every six hours over the month; before the third digest a
# moderator curates the draft by reply
for day in $(seq -w 5 31); do
	for h in 00 06 12 18; do
		run_at "2026-01-${day}T$h:00:00Z" >/dev/null
		if [ "$day$h" = "1812" ]; then
			draft=$(grep -l -s 'learn+m-' "$d"/mail/ben.okafor@example.com/new/* | tail -n 1 || true)
			m=$(grep -h -o 'learn+m-[a-z0-9]*@learn.example' $draft 2>/dev/null | tail -n 1 || true)
			if [ -n "$m" ]; then
				hook "2026-01-18T13:00:00Z" ben.okafor@example.com "$m" <<'MAIL'
From: Ben Okafor <ben.okafor@example.com>
Subject: Re: digest draft
Message-ID: <demo-curate@example.com>

pin 2
note: Thanks to everyone who answered questions this week!

MAIL
			fi
		fi
	done
done

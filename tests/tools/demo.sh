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
hook() { "$B/stoa-hook" -c "$d/stoa.conf" --recipient "$1" --sender "$2"; }
echo "== a question, an answer that quotes it, and a stranger's post, through stoa-hook"
hook learn@learn.example grace.kim@example.com <<'MAIL'
From: Grace Kim <grace.kim@example.com>
To: learn@learn.example
Subject: How do we rotate the staging certificates?
Message-ID: <demo-q1@example.com>
Date: Mon, 05 Jan 2026 09:00:00 +0000

Hi all, is there a runbook for rotating the staging certificates?
Grace
MAIL
hook learn@learn.example dmitri.volkov@example.com <<'MAIL'
From: Dmitri Volkov <dmitri.volkov@example.com>
To: learn@learn.example
Subject: Re: How do we rotate the staging certificates?
Message-ID: <demo-a1@example.com>
In-Reply-To: <demo-q1@example.com>
References: <demo-q1@example.com>

Yes: run the rotate-certs job in the ops pipeline, it does staging too.

On Mon, 5 Jan 2026 at 09:00, Grace Kim <grace.kim@example.com> wrote:
> Hi all, is there a runbook for rotating the staging certificates?
> Grace
MAIL
hook learn@learn.example stranger@elsewhere.example <<'MAIL'
From: stranger@elsewhere.example
Subject: Great offer
Message-ID: <demo-s1@elsewhere.example>

Hello list!
MAIL
echo "== stoa export messages --json"
stoa export messages --json
echo "== stoa export threads --json"
stoa export threads --json
echo "== stoa-digest run (delivers the outbox into demo/mail/)"
"$B/stoa-digest" -c "$d/stoa.conf" run
stoa export outbox --json
echo "== the stranger's notice, as delivered:"
sed -n '1,40p' "$d"/mail/stranger@elsewhere.example/new/*
echo
echo "The demo lives in demo/ (config demo/stoa.conf, database demo/stoa.db)."
echo "Try: $B/stoa -c demo/stoa.conf member add learn you@example.com --name You"

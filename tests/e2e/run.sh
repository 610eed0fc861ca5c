#!/bin/bash
# run.sh BUILD - end-to-end scenarios through a real Postfix on loopback:
# mail goes in over SMTP, Postfix pipes it to stoa-hook, stoa-digest sends
# the copies back through Postfix over libcurl SMTP, and the checks read
# what the members' Maildirs received.  Ends with "N passed, N failed".
set -u
B=$(cd "${1:-build}" && pwd)
top=$(pwd)
E=$top/tests/e2e
. "$E/doc.sh"
export E2E_PORT=${E2E_PORT:-2525}
# a run that died may have left its Postfix behind on this port: stop
# those first (a run on another port is someone else's, and left alone)
for old in /tmp/stoa-e2e-"$E2E_PORT".*; do
	[ -d "$old" ] && bash "$E/postfix.sh" stop "$old"
done
T=$(mktemp -d /tmp/stoa-e2e-"$E2E_PORT".XXXXXX)
chmod 755 "$T"
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
check() { # check NAME GOT WANT
	if [ "$2" = "$3" ]; then ok; else bad "$1: got '$2', want '$3'"; fi
}

finish() {
	bash "$E/postfix.sh" stop "$T"
	if [ -f "$T/spool/pid/master.pid" ] &&
	    kill -0 "$(cat "$T/spool/pid/master.pid")" 2>/dev/null; then
		bad "postfix master still running after stop"
	else
		ok
	fi
	echo "$pass passed, $fail failed"
	[ "$fail" = 0 ] && rm -rf "$T"
	[ "$fail" = 0 ]
	exit $?
}

stoa() { "$B/stoa" -c "$T/stoa.conf" "$@"; }
digest() { "$B/stoa-digest" -c "$T/stoa.conf" "$@"; }
q() { sqlite3 "$T/data/stoa.db" "$1"; }
maildir() { echo "$T/vmail/test.example/$1/new"; }
count_mail() { ls "$(maildir "$1")" 2>/dev/null | wc -l; }

send() { # send FROM RCPT FILE - one message over SMTP into Postfix
	curl -s --url "smtp://127.0.0.1:$E2E_PORT" --mail-from "$1" \
	    --mail-rcpt "$2" -T "$3" || bad "curl could not send to $2"
}

settle() { # wait until Postfix's queue is empty (at most 20 s)
	for _ in $(seq 1 200); do
		[ -z "$(postqueue -c "$T/etc" -j 2>/dev/null)" ] && return 0
		sleep 0.1
	done
	bad "postfix queue did not drain: $(postqueue -c "$T/etc" -p | tail -n 3)"
}

mail() { # mail FILE FROM SUBJECT ID [HEADER...] - body on stdin
	local f=$T/msg/$1
	shift
	mkdir -p "$T/msg"
	{
		printf 'From: %s\r\nTo: learn@learn.example\r\nSubject: %s\r\n' "$1" "$2"
		printf 'Message-ID: <%s>\r\nDate: Mon, 05 Jan 2026 09:00:00 +0000\r\n' "$3"
		shift 3
		for h in "$@"; do printf '%s\r\n' "$h"; done
		printf '\r\n'
		sed 's/$/\r/'
	} >"$f"
}

setup() {
	# the pipe runs as nobody: give it copies it can reach whatever the
	# permissions of the checkout's parents
	mkdir -p "$T/data" "$T/bin"
	cp "$B/stoa-hook" "$B/stoa" "$T/bin/"
	cp -R "$top/templates" "$T/templates"
	cat >"$T/stoa.conf" <<CONF
database = $T/data/stoa.db
domain = learn.example
outbound = smtp://127.0.0.1:$E2E_PORT
secret_file = $T/data/secret
templates = $T/templates
busy_timeout_ms = 300
CONF
	stoa init >/dev/null
	stoa list create learn --title "Learning together" >/dev/null
	for u in alice bob carol; do
		stoa member add learn "$u@test.example" --name "${u^}" >/dev/null
	done
	stoa member add learn ghost@bounce.example --name Ghost >/dev/null
	chown -R nobody:nogroup "$T/data"
	bash "$E/postfix.sh" start "$T" "$T/bin" || { bad "postfix start"; finish; }
}

# docs/install.md's `stoa check` against the running Postfix: every check
# passes, the transport's one by a real SMTP session (no mail sent); the
# same line with the relay stopped names the fault.
scenario_check() {
	local cmd
	cmd=$(doc_block "$top/docs/install.md" check |
	    sed "$(doc_local "$T/data" "$T/stoa.conf" "$T/bin" nobody nogroup)")
	(cd "$T" && bash -ec "$cmd") >"$T/check.out" 2>&1
	check "guide's stoa check passes" "$?/$(grep -c '^fault' "$T/check.out")" 0/0
	check "it tried the transport" "$(grep -c '^ok: outbound' "$T/check.out")" 1
	sed "s#^outbound = .*#outbound = smtp://127.0.0.1:1#" "$T/stoa.conf" >"$T/nosmtp.conf"
	chmod 644 "$T/nosmtp.conf"
	(cd "$T" && bash -c "$(echo "$cmd" | sed "s#$T/stoa.conf#$T/nosmtp.conf#")") \
	    >"$T/check2.out" 2>&1
	check "a dead transport is a fault (exit 78)" \
	    "$?/$(grep -c '^fault: outbound' "$T/check2.out")" 78/1
}

# Mail to LIST+owner@ through Postfix reaches the owners only, with
# Reply-To the sender, and is not posted.
scenario_owner() {
	stoa member set learn alice@test.example --role owner >/dev/null
	mail o1.eml "Erin <erin@outside.example>" "Question for the owners" o1@outside.example <<'M'
Who runs this list?
M
	sed -i 's/^To: learn@/To: learn+owner@/' "$T/msg/o1.eml"
	local before_b
	before_b=$(count_mail bob)
	send erin@outside.example learn+owner@learn.example "$T/msg/o1.eml"
	settle
	digest deliver
	settle
	local f
	f=$(grep -l -s 'Who runs this list?' $(maildir alice)/* | head -n 1)
	check "the owner got the forward" "$([ -n "$f" ] && echo yes)" yes
	[ -n "$f" ] && check "the forward's Reply-To is the sender" \
	    "$(grep -c -i '^Reply-To:.*erin@outside.example' "$f")" 1
	check "a member who is no owner got nothing" "$(count_mail bob)" "$before_b"
	check "not posted to the list" \
	    "$(q "SELECT status FROM messages WHERE message_id='o1@outside.example'")" dropped
}

# A member posts; every other `each` member gets exactly one copy with
# the list headers, through Postfix both ways.
scenario_post() {
	mail q1.eml "Bob <bob@test.example>" "Certificates" q1@test.example <<'M'
How do we rotate the staging certificates?
M
	send bob@test.example learn@learn.example "$T/msg/q1.eml"
	settle
	check "post stored" "$(q "SELECT status FROM messages WHERE message_id='q1@test.example'")" posted
	digest deliver
	settle
	check "alice got one copy" "$(count_mail alice)" 1
	check "carol got one copy" "$(count_mail carol)" 1
	check "bob got no copy of his own post" "$(count_mail bob)" 0
	check "copies carry the list headers" \
	    "$("$B/tools/mailcheck" -r List-Id -r List-Unsubscribe -r Reply-To $(maildir alice)/* $(maildir carol)/* | tail -n 1)" \
	    "2 passed, 0 failed"
}

# Replies: one keeps References (to the list), one drops them (to the r-
# address from Reply-To); both land in the thread.
scenario_replies() {
	local rtok
	mail a1.eml "Alice <alice@test.example>" "Re: Certificates" a1@test.example \
	    "In-Reply-To: <q1@test.example>" "References: <q1@test.example>" <<'M'
Use the ops pipeline.
M
	send alice@test.example learn@learn.example "$T/msg/a1.eml"
	rtok=$(grep -h -o -m1 'learn+r-[a-z0-9]*@learn.example' $(maildir carol)/* | head -n 1)
	mail c1.eml "Carol <carol@test.example>" "AW: Zertifikate" c1@test.example <<'M'
And it does staging too.
M
	send carol@test.example "$rtok" "$T/msg/c1.eml"
	settle
	check "three messages in one thread" \
	    "$(q "SELECT count(*), count(DISTINCT thread_id) FROM messages WHERE status='posted'")" "3|1"
	# carol's r- address used by bob: refused, and the notice reaches him
	mail b2.eml "Bob <bob@test.example>" "Re: Certificates" b2@test.example <<'M'
Replying through someone else's address.
M
	send bob@test.example "$rtok" "$T/msg/b2.eml"
	settle
	check "wrong member's token refused" \
	    "$(q "SELECT status FROM messages WHERE message_id='b2@test.example'")" dropped
	digest deliver
	settle
	check "the refusal notice arrived in bob's Maildir" \
	    "$(grep -l -s 'Auto-Submitted: auto-generated' $(maildir bob)/* | wc -l)" 1
}

# A vacation auto-reply produces nothing.
scenario_vacation() {
	local before_a before_b
	before_a=$(count_mail alice)
	before_b=$(count_mail bob)
	mail v1.eml "Carol <carol@test.example>" "Out of office" v1@test.example \
	    "Auto-Submitted: auto-replied" <<'M'
I am away until Monday.
M
	send carol@test.example learn@learn.example "$T/msg/v1.eml"
	settle
	digest deliver
	settle
	check "vacation reply dropped" \
	    "$(q "SELECT status FROM messages WHERE message_id='v1@test.example'")" dropped
	check "nobody got mail for it" "$(count_mail alice)/$(count_mail bob)" \
	    "$before_a/$before_b"
}

# The database is locked when mail arrives: Postfix defers (75), and after
# the lock is released `postqueue -f` delivers it, once.
scenario_locked() {
	mail l1.eml "Alice <alice@test.example>" "While locked" l1@test.example <<'M'
This arrives while the database is busy.
M
	sqlite3 "$T/data/stoa.db" "BEGIN IMMEDIATE; INSERT INTO events(at, kind) VALUES ('x', 'lock');" ".shell sleep 3" &
	local lock=$!
	sleep 0.3
	send alice@test.example learn@learn.example "$T/msg/l1.eml"
	for _ in $(seq 1 50); do
		grep -q 'status=deferred' "$T/maillog" && break
		sleep 0.1
	done
	check "postfix deferred the message (exit 75)" \
	    "$(grep -q 'status=deferred' "$T/maillog" && echo yes)" yes
	check "nothing stored while locked" \
	    "$(q "SELECT count(*) FROM messages WHERE message_id='l1@test.example'")" 0
	wait "$lock"
	postqueue -c "$T/etc" -f
	settle
	check "delivered once after the lock" \
	    "$(q "SELECT count(*) FROM messages WHERE message_id='l1@test.example'")" 1
}

# Postfix reads "#" only at the start of a line: no main.cf line in the
# guide, README.md or docs/postfix.md may carry a comment after its value,
# and the excerpts in README.md and docs/postfix.md must be lines of the
# guide's main.cf and master.cf, which postfix.sh runs.
docs_agree() {
	local f which line n
	for which in main.cf master.cf; do
		doc_block "$top/docs/install.md" "$which" >"$T/doc.$which" ||
		    bad "docs/install.md has no $which block"
		for f in README.md docs/postfix.md; do
			n=0
			while IFS= read -r line; do
				n=$((n + 1))
				grep -qxF -- "$line" "$T/doc.$which" ||
				    bad "$f: $which line not in docs/install.md: $line"
			done < <(doc_block "$top/$f" "$which excerpt" | grep -v '^#')
			[ "$n" -gt 0 ] && ok || bad "$f: no $which excerpt block"
		done
	done
	check "no comment after a main.cf value" \
	    "$(cat "$T/doc.main.cf" <(doc_block "$top/README.md" "main.cf excerpt") \
	    <(doc_block "$top/docs/postfix.md" "main.cf excerpt") |
	    grep -cE '^[a-z_]+[[:space:]]*=.*[[:space:]]#')" 0
}

# Mail to an address at the list domain that is no list is refused during
# SMTP (stoa postfix-maps' relay_recipients), so nothing is bounced later.
scenario_backscatter() {
	mail n1.eml "Bob <bob@test.example>" "Hello" n1@test.example <<'M'
Is anybody there?
M
	if curl -s --url "smtp://127.0.0.1:$E2E_PORT" --mail-from bob@test.example \
	    --mail-rcpt nosuchlist@learn.example -T "$T/msg/n1.eml"; then
		bad "mail to nosuchlist@learn.example was accepted"
	else
		ok
	fi
	check "refused at RCPT by the relay recipient table" \
	    "$(grep -c 'nosuchlist@learn.example.*User unknown in relay recipient table' "$T/maillog")" 1
}

# A newcomer subscribes by mail, confirms by replying, and then receives
# list mail.
scenario_subscribe() {
	local c
	mail s1.eml "Dave <dave@test.example>" "subscribe" s1@test.example </dev/null
	sed -i 's/^To: learn@/To: learn+request@/' "$T/msg/s1.eml"
	send dave@test.example learn+request@learn.example "$T/msg/s1.eml"
	settle
	digest deliver
	settle
	c=$(grep -h -o -m1 'learn+c-[a-z0-9]*@learn.example' $(maildir dave)/* | head -n 1)
	check "the confirmation reached dave" "$(echo "$c" | grep -c 'learn+c-')" 1
	mail s2.eml "Dave <dave@test.example>" "Re: confirm" s2@test.example <<'M'
Yes, please.
M
	send dave@test.example "$c" "$T/msg/s2.eml"
	settle
	check "dave is a member" "$(q "SELECT m.status FROM memberships m JOIN members b ON b.id = m.member_id WHERE b.email = 'dave@test.example'")" active
	mail p2.eml "Alice <alice@test.example>" "Welcome Dave" p2@test.example <<'M'
Welcome to the list!
M
	send alice@test.example learn@learn.example "$T/msg/p2.eml"
	settle
	digest deliver
	settle
	check "dave receives list mail" \
	    "$(grep -l -s '^Message-ID: <p2@test.example>' $(maildir dave)/* | wc -l)" 1
}

# A copy to a member whose domain bounces: Postfix itself sends the DSN to
# the VERP address, and the hook scores it for that member.
scenario_bounce() {
	check "postfix's own DSN was scored for ghost" \
	    "$(q "SELECT count(*) FROM events e JOIN members b ON b.id = e.member_id WHERE e.kind = 'bounce.hard' AND b.email = 'ghost@bounce.example'")" 1
}

# `make install` puts what docs/install.md promises where it says.
scenario_install() {
	local r=$T/root f
	make -s -C "$top" install B="$B" DESTDIR="$r" PREFIX=/usr/local \
	    >"$T/install.log" 2>&1 || bad "make install failed: $(tail -n 3 "$T/install.log")"
	for f in usr/local/bin/stoa usr/local/bin/stoa-hook \
	    usr/local/bin/stoa-digest usr/local/share/stoa/templates/list-post.txt \
	    usr/local/share/stoa/db/0001-init.sql etc/stoa/stoa.conf \
	    usr/local/lib/systemd/system/stoa-digest.service \
	    usr/local/lib/systemd/system/stoa-digest.timer \
	    usr/local/lib/systemd/system/stoa-digest-run.service \
	    usr/local/share/man/man8/stoa.8 usr/local/share/man/man5/stoa.conf.5; do
		if [ -e "$r/$f" ]; then ok; else bad "make install: no $f"; fi
	done
	check "installed stoa runs" "$("$r/usr/local/bin/stoa" --help | head -n 1)" \
	    "usage: stoa [-c CONF] [-v] COMMAND [ARGS]"
}

# The week's digest arrives, and a reply to its second item lands in that
# item's thread.
scenario_digest() {
	local now slot f item subj addr
	now=$(date -u +%s)
	slot=$(date -u -d 'monday 09:00' +%s)
	[ "$slot" -le "$now" ] && slot=$((slot + 7 * 86400))
	digest run --now "$(date -u -d "@$((slot - 86400))" +%Y-%m-%dT%H:%M:%SZ)"
	digest run --now "$(date -u -d "@$slot" +%Y-%m-%dT%H:%M:%SZ)"
	settle
	f=$(grep -l -s 'Reply to this:' $(maildir alice)/* | head -n 1)
	check "the digest reached alice" "$([ -n "$f" ] && echo yes)" yes
	[ -n "$f" ] || return 0
	item=$(awk '/^2\. /{s = substr($0, 4); f = 1} f && /Reply to this:/ {print s "|" $4; exit}' "$f")
	subj=${item%%|*}
	addr=${item#*|}
	mail d1.eml "Alice <alice@test.example>" "Re: digest item" d1@test.example <<'M'
Answering the second item from the digest.
M
	send alice@test.example "$addr" "$T/msg/d1.eml"
	settle
	check "the reply to item 2 is in that thread" \
	    "$(q "SELECT t.subject FROM messages m JOIN threads t ON t.id = m.thread_id WHERE m.message_id = 'd1@test.example'")" \
	    "$subj"
}

# `make uninstall` takes away everything `make install` put in place but
# the operator's config (run on a second tree: the guide uses the first).
scenario_uninstall() {
	local r=$T/root2 left
	make -s -C "$top" install B="$B" DESTDIR="$r" PREFIX=/usr/local \
	    >"$T/install2.log" 2>&1 || bad "make install (2) failed"
	make -s -C "$top" uninstall B="$B" DESTDIR="$r" PREFIX=/usr/local \
	    >>"$T/install2.log" 2>&1 || bad "make uninstall failed"
	left=$(cd "$r" && find . -type f | sort | tr '\n' ' ')
	check "make uninstall leaves only the config" "$left" "./etc/stoa/stoa.conf "
}

# guide BLOCK ROOT CONF - docs/install.md's BLOCK for a host whose
# /var/lib/stoa is ROOT and whose config is CONF, with the programs `make
# install` put under $T/root, run as root in a shell that stops at the
# first failure.  Lines that drive the host's own Postfix or systemd
# (there is none here) are left out.
guide() {
	doc_block "$top/docs/install.md" "$1" |
	    sed "$(doc_local "$2" "$3" "$T/root/usr/local/bin" stoa stoa)" |
	    sed -E '/^(systemctl|postconf|postfix|postqueue) /d; s/^d=.*/d=$(date +%F)/' |
	    bash -e >>"$T/guide.log" 2>&1
}

# exports DIR CONF - every kind of `stoa export` into DIR/KIND.json.
exports() {
	local k
	mkdir -p "$1"
	for k in $("$B/stoa" -c "$2" export bogus --json 2>&1 |
	    sed 's/.*known: //; s/)$//'); do
		runuser -u stoa -- "$T/root/usr/local/bin/stoa" -c "$2" export "$k" --json \
		    >"$1/$k.json" || bad "export $k failed"
	done
}

# docs/install.md sections 2 and 6 as an administrator runs them: a
# system user, its directory, init, a list, an import, a post, then a
# backup as that user and a restore into a fresh directory that
# reproduces every export and keeps the secret.
scenario_guide() {
	local g=$T/guide n=$T/restored k
	mkdir -p "$g"
	cat >"$g/stoa.conf" <<CONF
database = $g/stoa.db
domain = learn.example
secret_file = $g/secret
templates = $T/root/usr/local/share/stoa/templates
CONF
	sed "s#$g#$n#" "$g/stoa.conf" >"$T/restored.conf"
	printf 'email,name,role\nana@example.com,Ana Lima,owner\nben@example.com,Ben,member\n' >"$g/people.csv"
	chmod 0644 "$g/people.csv" "$T/restored.conf"
	guide user "$g" "$g/stoa.conf" && guide user "$g" "$g/stoa.conf" ||
	    bad "guide: the user lines failed (or are not idempotent): $(tail -n 2 "$T/guide.log")"
	guide setup "$g" "$g/stoa.conf" || bad "guide: setup failed: $(tail -n 2 "$T/guide.log")"
	guide check "$g" "$g/stoa.conf" || bad "guide: stoa check failed: $(tail -n 8 "$T/guide.log")"
	printf 'From: Ana <ana@example.com>\nSubject: First\nMessage-ID: <g1@example.com>\n\nHello.\n' |
	    runuser -u stoa -- "$T/root/usr/local/bin/stoa-hook" -c "$g/stoa.conf" \
	    --recipient learn@learn.example --sender ana@example.com ||
	    bad "guide: the hook refused a post"
	check "guide: files belong to stoa" "$(stat -c %U "$g/stoa.db" "$g/secret" | sort -u)" stoa
	check "guide: secret is private" "$(stat -c %a "$g/secret")" 600
	guide backup "$g" "$g/stoa.conf" || bad "guide: backup failed: $(tail -n 2 "$T/guide.log")"
	check "guide: the backup has the members" \
	    "$(sqlite3 "$g/backup/stoa-$(date +%F).db" 'SELECT count(*) FROM members')" 2
	DOC_BACKUP=$g/backup guide restore "$n" "$T/restored.conf" ||
	    bad "guide: restore failed: $(tail -n 2 "$T/guide.log")"
	exports "$T/exp.before" "$g/stoa.conf"
	exports "$T/exp.after" "$T/restored.conf"
	check "guide: every export kind compared" "$(ls "$T/exp.after" | wc -l)" \
	    "$(ls "$T/exp.before" | wc -l)"
	check "guide: the restore reproduces every export" \
	    "$(diff -r "$T/exp.before" "$T/exp.after" >"$T/exp.diff" && echo same)" same
	check "guide: a post is among the exports" "$(grep -c g1@example.com "$T/exp.after/messages.json")" 1
	check "guide: the restore keeps the secret" "$(cmp -s "$g/secret" "$n/secret" && echo same)" same
}

# tls_conf NAME OUTBOUND [LINE...] - $T/NAME.conf: stoa.conf with another
# outbound and the extra lines.
tls_conf() {
	local f=$T/$1.conf
	sed "s#^outbound = .*#outbound = $2#" "$T/stoa.conf" >"$f"
	shift 2
	printf '%s\n' "$@" >>"$f"
	chmod 644 "$f"
}

# tls_post NAME ID CONF - bob posts NAME, CONF's transport sends the copies.
tls_post() {
	mail "$2.eml" "Bob <bob@test.example>" "$1" "$2@test.example" <<M
Sent over $1.
M
	send bob@test.example learn@learn.example "$T/msg/$2.eml"
	settle
	"$B/stoa-digest" -c "$3" deliver >/dev/null 2>&1
	settle
}

# TLS to the relay (postfix.sh's test CA): STARTTLS and smtps://, each
# verified against smtp_cafile.  Without it the relay's certificate is not
# trusted: stoa check names the fault, and a post waits in the outbox until
# a transport that can verify sends it.
scenario_tls() {
	local tls0 n waiting
	tls_conf starttls "smtp://127.0.0.1:$E2E_PORT" "smtp_starttls = yes" \
	    "smtp_cafile = $T/tls/ca.pem"
	tls_conf smtps "smtps://127.0.0.1:$((E2E_PORT + 1))" \
	    "smtp_cafile = $T/tls/ca.pem"
	tls_conf untrusted "smtp://127.0.0.1:$E2E_PORT" "smtp_starttls = yes"
	for n in starttls smtps untrusted; do
		runuser -u nobody -- "$T/bin/stoa" -c "$T/$n.conf" check >"$T/check-$n.out" 2>&1
		echo "$?/$(grep -c '^ok: outbound' "$T/check-$n.out")" >"$T/check-$n.rc"
	done
	check "stoa check: STARTTLS to the test CA's certificate" "$(cat "$T/check-starttls.rc")" 0/1
	check "stoa check: smtps:// to the test CA's certificate" "$(cat "$T/check-smtps.rc")" 0/1
	check "stoa check: a certificate nobody vouched for is a fault" \
	    "$(cut -d/ -f1 "$T/check-untrusted.rc")/$(grep -c '^fault: outbound' "$T/check-untrusted.out")" 78/1
	tls0=$(grep -c 'TLS connection established from' "$T/maillog")
	tls_post STARTTLS t1 "$T/starttls.conf"
	tls_post smtps t2 "$T/smtps.conf"
	check "copies sent over STARTTLS and smtps:// arrived" \
	    "$(grep -l -s -e 'Sent over STARTTLS' -e 'Sent over smtps' $(maildir alice)/* | wc -l)" 2
	check "Postfix saw the TLS sessions" \
	    "$(($(grep -c 'TLS connection established from' "$T/maillog") > tls0))" 1
	waiting=$(q "SELECT count(*) FROM outbox WHERE state = 'deferred'")
	tls_post untrusted t3 "$T/untrusted.conf"
	check "an untrusted relay gets nothing" \
	    "$(grep -l -s 'Sent over untrusted' $(maildir alice)/* | wc -l)" 0
	check "the copies wait in the outbox" \
	    "$(q "SELECT count(*) > $waiting FROM outbox WHERE state = 'deferred'")" 1
	q "UPDATE outbox SET next_attempt = '2000-01-01T00:00:00Z' WHERE state = 'deferred'"
	"$B/stoa-digest" -c "$T/starttls.conf" deliver >/dev/null 2>&1
	settle
	check "sent once a transport can verify" \
	    "$(grep -l -s 'Sent over untrusted' $(maildir alice)/* | wc -l)" 1
}

docs_agree
scenario_install
scenario_uninstall
scenario_guide
setup
scenario_check
scenario_post
scenario_replies
scenario_vacation
scenario_locked
scenario_subscribe
scenario_bounce
scenario_backscatter
scenario_owner
scenario_digest
scenario_tls
finish

#!/bin/bash
# sighup.sh BUILD - `stoa-digest --daemon` rereads its config on SIGHUP
# (issue 17 item 14): after the file names a new outbound maildir, the next
# post goes there; a file with errors is logged and the running
# configuration kept, and the daemon goes on.  Ends "N passed, N failed".
set -u
B=$(cd "${1:-build}" && pwd)
top=$(pwd)
D=$(mktemp -d /tmp/stoa-hup.XXXXXX)
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
check() { if [ "$2" = "$3" ]; then ok; else bad "$1: got '$2', want '$3'"; fi; }

conf() { # conf OUTBOUND_DIR
	cat >"$D/stoa.conf" <<CONF
database = $D/stoa.db
domain = learn.example
outbound = maildir:$D/$1
secret_file = $D/secret
templates = $top/templates
CONF
}

wait_for() { # wait_for TEXT - until the daemon's log has TEXT (5 s)
	for _ in $(seq 1 50); do
		grep -qF -- "$1" "$D/log" && return 0
		sleep 0.1
	done
	return 1
}

count() { find "$D/$1" -path '*/new/*' -type f 2>/dev/null | wc -l; }

conf m1
"$B/stoa" -c "$D/stoa.conf" init >/dev/null
"$B/stoa" -c "$D/stoa.conf" list create learn >/dev/null
"$B/stoa" -c "$D/stoa.conf" member add learn ana@example.org >/dev/null
"$B/stoa" -c "$D/stoa.conf" member add learn ben@example.org >/dev/null
"$B/stoa-digest" -v -c "$D/stoa.conf" --daemon 2>"$D/log" &
pid=$!
wait_for "daemon start" || bad "the daemon did not start"
conf m2
kill -HUP "$pid"
wait_for "reload config=" || bad "no reload after SIGHUP: $(tail -n 2 "$D/log")"
check "alive after SIGHUP" "$(kill -0 "$pid" 2>/dev/null && echo yes)" yes
printf 'From: Ana <ana@example.org>\nSubject: Hello\nMessage-ID: <h1@example.org>\n\nHi.\n' |
    "$B/stoa-hook" -c "$D/stoa.conf" --recipient learn@learn.example --sender ana@example.org
for _ in $(seq 1 50); do
	[ "$(count m2)" -ge 1 ] && break
	sleep 0.1
done
check "the copy went to the reloaded outbound" "$(count m1)/$(count m2)" 0/1
echo "bogus_key = 1" >>"$D/stoa.conf"
kill -HUP "$pid"
wait_for "keeping the running configuration" || bad "a bad file was not reported"
check "a bad file is not reported as loaded" "$(grep -c 'reload config=' "$D/log")" 1
check "alive after a bad reload" "$(kill -0 "$pid" 2>/dev/null && echo yes)" yes
kill -TERM "$pid"
wait "$pid"
check "clean stop" "$?" 0
[ "$fail" = 0 ] && rm -rf "$D"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]

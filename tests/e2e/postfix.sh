#!/bin/bash
# postfix.sh start|stop DIR BUILD - a private Postfix instance on loopback
# for the end-to-end tests (STACK-NOTES §7): never touches /etc/postfix,
# no systemd, nothing can leave the machine.  Both actions are idempotent
# and safe after a run that died.
#
#   learn.example  -> pipe transport "stoa" -> BUILD/stoa-hook (user nobody)
#   test.example   -> virtual Maildirs under DIR/vmail/test.example/USER/
#   bounce.example -> accepted, then bounced by Postfix itself (a DSN from
#                     the "bouncer" pipe, which exits 1)
#   anything else  -> error (outbound disabled)
# SMTP listens on 127.0.0.1:$E2E_PORT (2525), offering STARTTLS, and
# SMTP over TLS (smtps) on the next port, both with a certificate for
# 127.0.0.1 from a test CA made here (DIR/tls/ca.pem).  main.cf, the master.cf
# entry and the maps are docs/install.md's own lines (tests/e2e/doc.sh),
# with the harness's changes after them.  BUILD must hold stoa and
# stoa-hook, and $T/stoa.conf a database with the lists.
set -eu
action=$1
T=$2
B=${3:-}
PORT=${E2E_PORT:-2525}

stop() {
	if [ -f "$T/etc/main.cf" ]; then
		postfix -c "$T/etc" stop >/dev/null 2>&1 || true
		for _ in $(seq 1 50); do
			[ -f "$T/spool/pid/master.pid" ] || break
			kill -0 "$(cat "$T/spool/pid/master.pid" 2>/dev/null)" 2>/dev/null || break
			sleep 0.1
		done
	fi
}

E=$(cd "$(dirname "$0")" && pwd)
DOC=$E/../../docs/install.md
. "$E/doc.sh"

# guide NAME - docs/install.md's block NAME with the test's paths: the
# hook runs as nobody, the config is $T/stoa.conf, Postfix's is $T/etc.
guide() {
	doc_block "$DOC" "$1" |
	    sed "$(doc_local "$T/data" "$T/stoa.conf" "$B" nobody nogroup "$T/etc")"
}

# test_main_cf - what the tests change in the guide's main.cf (postconf
# -e replaces the guide's value): a private queue, loopback only, Maildirs
# for test.example, a bouncing bounce.example, and nothing leaves.
test_main_cf() {
	cat <<CF
queue_directory = $T/spool
data_directory = $T/pfdata
maillog_file_prefixes = /var, /dev/stdout, $T
maillog_file = $T/maillog
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
alias_maps =
alias_database =
biff = no
relay_domains = learn.example, bounce.example
transport_maps = hash:$T/etc/stoa/transport, texthash:$T/etc/transport
relay_recipient_maps = hash:$T/etc/stoa/relay_recipients, texthash:$T/etc/relay_extra
virtual_mailbox_domains = test.example
virtual_mailbox_base = $T/vmail
virtual_mailbox_maps = texthash:$T/etc/vmailbox
virtual_uid_maps = static:65534
virtual_gid_maps = static:65534
default_transport = error:outbound mail disabled in tests
smtp_dns_support_level = disabled
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 2s
maximal_queue_lifetime = 1h
bounce_queue_lifetime = 1h
smtpd_tls_cert_file = $T/tls/cert.pem
smtpd_tls_key_file = $T/tls/key.pem
smtpd_tls_security_level = may
smtpd_tls_loglevel = 1
CF
}

# test_tls - a test CA and a certificate it signs for 127.0.0.1 and
# localhost, in $T/tls (clients trust ca.pem through smtp_cafile).
test_tls() {
	local d=$T/tls ec="-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
	mkdir -p "$d"
	printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >"$d/ext"
	{
		openssl req -x509 $ec -days 2 -subj "/CN=Stoa test CA" \
		    -addext basicConstraints=critical,CA:TRUE \
		    -addext keyUsage=critical,keyCertSign,cRLSign \
		    -keyout "$d/ca.key" -out "$d/ca.pem" &&
		    openssl req $ec -subj /CN=localhost -keyout "$d/key.pem" \
		        -out "$d/req.pem" &&
		    openssl x509 -req -in "$d/req.pem" -CA "$d/ca.pem" \
		        -CAkey "$d/ca.key" -CAcreateserial -days 2 \
		        -extfile "$d/ext" -out "$d/cert.pem"
	} >"$T/tls.log" 2>&1 || {
		cat "$T/tls.log"
		exit 1
	}
	chmod 644 "$d/ca.pem"
}

start() {
	stop
	rm -rf "$T/spool" "$T/pfdata" "$T/etc"
	mkdir -p "$T/etc" "$T/spool" "$T/pfdata" "$T/vmail"
	chown postfix "$T/pfdata"
	chown nobody:nogroup "$T/vmail"
	test_tls
	guide main.cf >"$T/etc/main.cf" || { echo "e2e: no main.cf block in $DOC"; exit 1; }
	test_main_cf | grep -v '^#' | tr '\n' '\0' |
	    xargs -0 postconf -c "$T/etc" -e
	echo "bounce.example  bouncer:" >"$T/etc/transport"
	echo "@bounce.example  OK" >"$T/etc/relay_extra"
	(cd "$T" && guide maps | bash -e) >"$T/maps.log" 2>&1 || {
		cat "$T/maps.log"
		exit 1
	}
	: >"$T/etc/vmailbox"
	for u in ${E2E_USERS:-alice bob carol dave}; do
		echo "$u@test.example  test.example/$u/" >>"$T/etc/vmailbox"
	done
	{
		grep -v '^#' /usr/share/postfix/master.cf.dist | awk '
		/^[a-z]/ { keep = ($1 !~ /^(maildrop|uucp|ifmail|bsmtp|scalemail-backend|mailman|smtp)$/ || $2 == "unix") }
		keep' | sed -E 's/^(([^ ]+ +){4})y /\1n /'
		echo "127.0.0.1:$PORT inet n - n - - smtpd"
		echo "127.0.0.1:$((PORT + 1)) inet n - n - - smtpd -o smtpd_tls_wrappermode=yes -o smtpd_tls_security_level=encrypt"
		# exit 1 is a permanent failure for pipe(8): a DSN from Postfix
		echo "bouncer unix - n n - - pipe flags= user=nobody argv=/bin/false"
		guide master.cf
	} >"$T/etc/master.cf"
	script -qc "postfix -c $T/etc check" /dev/null >"$T/check.log" 2>&1 || {
		cat "$T/check.log"
		exit 1
	}
	postfix -c "$T/etc" start >/dev/null 2>&1
	for _ in $(seq 1 100); do
		(exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && return 0
		sleep 0.1
	done
	echo "e2e: postfix did not start; see $T/maillog"
	exit 1
}

case "$action" in
start) start ;;
stop) stop ;;
*) echo "usage: postfix.sh start|stop DIR [BUILD]" >&2; exit 2 ;;
esac

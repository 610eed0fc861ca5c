#!/bin/bash
# postfix.sh start|stop DIR BUILD - a private Postfix instance on loopback
# for the end-to-end tests (STACK-NOTES §7): never touches /etc/postfix,
# no systemd, nothing can leave the machine.  Both actions are idempotent
# and safe after a run that died.
#
#   learn.example  -> pipe transport "stoa" -> BUILD/stoa-hook (user nobody)
#   test.example   -> virtual Maildirs under DIR/vmail/test.example/USER/
#   bounce.example -> accepted, then bounced by Postfix itself (a DSN)
#   anything else  -> error (outbound disabled)
# SMTP listens on 127.0.0.1:$E2E_PORT (2525).
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

# stoa_main_cf - the lines an operator adds to main.cf (docs/install.md
# shows the same text; tests/e2e/run.sh checks that they agree).
stoa_main_cf() {
	cat <<'CF'
recipient_delimiter = +
stoa_destination_recipient_limit = 1
stoa_time_limit = 120s
CF
}

# stoa_master_cf HOOK CONF USER - the master.cf entry for the hook.
stoa_master_cf() {
	cat <<CF
stoa      unix  -       n       n       -       4       pipe
  flags=Rh user=$3 argv=$1 -c $2 --recipient \${recipient} --sender \${sender}
CF
}

start() {
	stop
	rm -rf "$T/spool" "$T/pfdata" "$T/etc"
	mkdir -p "$T/etc" "$T/spool" "$T/pfdata" "$T/vmail"
	chown postfix "$T/pfdata"
	chown nobody:nogroup "$T/vmail"
	cat >"$T/etc/main.cf" <<CF
compatibility_level = 3.6
queue_directory = $T/spool
data_directory = $T/pfdata
maillog_file_prefixes = /var, /dev/stdout, $T
maillog_file = $T/maillog
myhostname = mx.learn.example
mydomain = learn.example
myorigin = \$myhostname
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mydestination = localhost
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
alias_maps =
alias_database =
biff = no
relay_domains = learn.example, bounce.example
smtpd_reject_unlisted_recipient = no
transport_maps = texthash:$T/etc/transport
virtual_mailbox_domains = test.example
virtual_mailbox_base = $T/vmail
virtual_mailbox_maps = texthash:$T/etc/vmailbox
virtual_uid_maps = static:65534
virtual_gid_maps = static:65534
default_transport = error:outbound mail disabled in tests
relay_transport = error:outbound mail disabled in tests
smtp_dns_support_level = disabled
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 2s
maximal_queue_lifetime = 1h
bounce_queue_lifetime = 1h
CF
	stoa_main_cf >>"$T/etc/main.cf"
	{
		echo "learn.example  stoa:"
		echo "bounce.example  error:5.1.1 mailbox unavailable"
	} >"$T/etc/transport"
	: >"$T/etc/vmailbox"
	for u in ${E2E_USERS:-alice bob carol dave}; do
		echo "$u@test.example  test.example/$u/" >>"$T/etc/vmailbox"
	done
	{
		grep -v '^#' /usr/share/postfix/master.cf.dist | awk '
		/^[a-z]/ { keep = ($1 !~ /^(maildrop|uucp|ifmail|bsmtp|scalemail-backend|mailman|smtp)$/ || $2 == "unix") }
		keep' | sed -E 's/^(([^ ]+ +){4})y /\1n /'
		echo "127.0.0.1:$PORT inet n - n - - smtpd"
		stoa_master_cf "$B/stoa-hook" "$T/stoa.conf" nobody
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
main-cf) stoa_main_cf ;;
master-cf) stoa_master_cf /usr/local/bin/stoa-hook /etc/stoa/stoa.conf stoa ;;
*) echo "usage: postfix.sh start|stop|main-cf|master-cf DIR [BUILD]" >&2; exit 2 ;;
esac

#!/bin/sh
# dist.sh BUILD - check what `make install` ships besides the programs:
# the systemd units (systemd-analyze verify, as installed with a PREFIX)
# and the manual pages (mandoc -T lint).  A tool that is missing or cannot
# run here (systemd-analyze in some containers) is reported as skipped,
# not failed.  Ends with "N passed, N failed".
set -u
B=$(cd "${1:-build}" && pwd)
top=$(pwd)
T=$(mktemp -d /tmp/stoa-dist.XXXXXX)
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

# a unit file that must verify everywhere systemd-analyze works at all
analyze_works() {
	printf '[Service]\nType=oneshot\nExecStart=/bin/true\n' >"$T/probe.service"
	systemd-analyze verify --man=no "$T/probe.service" >/dev/null 2>&1
}

units() {
	local u
	if ! command -v systemd-analyze >/dev/null || ! analyze_works; then
		echo "skipped: systemd-analyze cannot run here"
		return 0
	fi
	mkdir -p "$T/p/bin"
	ln -s "$B/stoa-digest" "$T/p/bin/stoa-digest"
	ln -s "$B/stoa" "$T/p/bin/stoa"
	make -s -C "$top" install-units PREFIX="$T/p" DESTDIR= >"$T/units.log" 2>&1 ||
	    bad "make install-units: $(tail -n 2 "$T/units.log")"
	for u in stoa-digest.service stoa-digest-run.service stoa-digest.timer; do
		if systemd-analyze verify --man=no "$T/p/lib/systemd/system/$u" \
		    >"$T/$u.log" 2>&1 && [ ! -s "$T/$u.log" ]; then
			ok
		else
			bad "systemd-analyze verify $u: $(head -n 3 "$T/$u.log")"
		fi
	done
	grep -q "ExecStart=$T/p/bin/stoa-digest " "$T/p/lib/systemd/system/stoa-digest.service" &&
	    ok || bad "the installed unit does not name PREFIX/bin/stoa-digest"
}

# The daemon's service runs `stoa check` before it starts (issue 17 item
# 6), and that command, as installed, refuses a bad config.  (The timer's
# one-pass service does not: a check a minute would be an SMTP session a
# minute.)
startcheck() {
	local u line
	mkdir -p "$T/c/bin"
	make -s -C "$top" install-units PREFIX="$T/c" DESTDIR= >"$T/c.log" 2>&1
	printf 'domain = learn.example
colour = blue
' >"$T/bad.conf"
	for u in stoa-digest.service; do
		line=$(sed -n 's/^ExecStartPre=//p' "$T/c/lib/systemd/system/$u")
		[ "$line" = "$T/c/bin/stoa -c /etc/stoa/stoa.conf check" ] && ok ||
		    bad "$u: no ExecStartPre=PREFIX/bin/stoa ... check (got '$line')"
		line=$(echo "$line" | sed "s#^$T/c/bin/stoa#$B/stoa#; s#/etc/stoa/stoa.conf#$T/bad.conf#")
		$line >/dev/null 2>&1
		[ $? = 78 ] && ok || bad "$u: its check passed a bad config"
	done
}

manpages() {
	local m
	if ! command -v mandoc >/dev/null; then
		echo "skipped: no mandoc"
		return 0
	fi
	for m in "$top"/man/*.[0-9]; do
		if mandoc -T lint -W warning "$m" >"$T/man.log" 2>&1; then
			ok
		else
			bad "mandoc -T lint $(basename "$m"): $(head -n 3 "$T/man.log")"
		fi
	done
	[ -e "$top/man/stoa.8" ] && [ -e "$top/man/stoa-hook.8" ] &&
	    [ -e "$top/man/stoa-digest.8" ] && [ -e "$top/man/stoa.conf.5" ] &&
	    ok || bad "a manual page is missing"
}

units
startcheck
manpages
rm -rf "$T"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]

#!/bin/sh
# deps.sh build|test|fuzz - install the Debian 12 packages Stoa needs, only
# those missing, and say what is installed.  Needs root (apt-get).
set -eu
case "${1:-build}" in
build) pkgs="libetpan-dev libsqlite3-dev libcurl4-gnutls-dev libpcre2-dev nettle-dev pkg-config sqlite3 tzdata" ;;
test) pkgs="postfix openssl curl sqlite3 procps python3 chromium bc systemd mandoc libical-dev" ;;
fuzz) pkgs="clang libclang-rt-14-dev" ;;
*) echo "usage: deps.sh build|test|fuzz" >&2; exit 2 ;;
esac
missing=
for p in $pkgs; do
	s=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[ "$s" = "install ok installed" ] || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: installing:$missing"
if [ "$(id -u)" != 0 ]; then
	echo "stoa: missing packages:$missing (run: apt-get install$missing as root)" >&2
	exit 1
fi
# Postfix: no /etc/postfix/main.cf; tests run private instances only.
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=300 update -qq
apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends $missing >/dev/null
echo "deps: installed:$missing"

#!/bin/bash
# tests/digest-render/run.sh [BUILD] - render a real weekly digest's HTML
# part in headless Chromium at phone width (390 px), check that the
# screenshot is produced and that the page's item titles are the text
# part's items, in order.  Keeps the screenshot as docs/digest-phone.png.
#
# Installs Debian's chromium when missing; when it cannot be installed the
# test is skipped (exit 0, with a message), not failed.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
B=$(cd "${1:-$top/build}" && pwd)
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT

. "$top/tests/tools/chromium.sh"
if ! chromium_ready; then
	echo "digest-render: SKIP: chromium is not installed and could not be installed"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi

cat >"$w/stoa.conf" <<CONF
database = $w/stoa.db
domain = learn.example
outbound = maildir:$w/mail
secret_file = $w/secret
templates = $top/templates
timezone = UTC
site_name = Stoa
CONF
s() { "$B/stoa" -c "$w/stoa.conf" "$@" >/dev/null; }
hook() { STOA_NOW=$1 "$B/stoa-hook" -c "$w/stoa.conf" --recipient learn@learn.example --sender "$2" <"$3"; }
export STOA_NOW=2026-01-05T10:00:00Z
s init
s list create learn --title "Platform engineers"
s member add learn ana@example.org --name "Ana Lima" --role moderator
s member add learn ben@example.org --name "Ben Okafor"
s member add learn chloe@example.org --name "Chloe Martin"
s member add learn dana@example.org --name "Dana Ito" --delivery digest
mail() { # FILE ID FROM SUBJECT [PARENT] BODY
	{
		echo "From: $3"
		echo "Subject: $4"
		echo "Message-ID: <$2@example.org>"
		[ -n "$5" ] && echo "In-Reply-To: <$5@example.org>"
		echo
		echo "$6"
	} >"$w/$1"
}
mail a1 a1 "Ana Lima <ana@example.org>" "How do we rotate the TLS certificates?" "" "Our certificates expire next month. How do we rotate them without downtime?"
mail a2 a2 "Ben Okafor <ben@example.org>" "Re: How do we rotate the TLS certificates?" a1 "Use the renewal pipeline: it runs certbot, pushes the bundle to the vault and reloads the proxies one by one, so there is no downtime."
mail a3 a3 "Chloe Martin <chloe@example.org>" "Re: How do we rotate the TLS certificates?" a2 "And check the staging proxy first, it still pins the old intermediate."
mail b1 b1 "Chloe Martin <chloe@example.org>" "Build cache warm-up takes minutes" "" "The shared build cache takes minutes to warm up after a deploy."
mail b2 b2 "Ben Okafor <ben@example.org>" "Re: Build cache warm-up takes minutes" b1 "Prefetching the 200 most used artefacts at deploy time cut it to seconds for us."
mail c1 c1 "Dana Ito <dana@example.org>" "Which profiler for C on Linux?" "" "Which profiler do you use for C services on Linux, and why?"
hook 2026-01-06T10:00:00Z ana@example.org "$w/a1"
hook 2026-01-06T14:00:00Z ben@example.org "$w/a2"
hook 2026-01-07T09:00:00Z chloe@example.org "$w/a3"
hook 2026-01-08T10:00:00Z chloe@example.org "$w/b1"
hook 2026-01-08T16:00:00Z ben@example.org "$w/b2"
hook 2026-01-09T10:00:00Z dana@example.org "$w/c1"
"$B/stoa-digest" -c "$w/stoa.conf" run --now 2026-01-12T09:00:00Z
f=$(grep -l '^Subject: \[learn\] Weekly digest' "$w"/mail/dana@example.org/new/* | head -n 1)
[ -n "$f" ] || { echo "digest-render: FAIL: no digest was delivered"; exit 1; }

# the two parts, decoded
python3 - "$f" "$w" <<'PY'
import email, sys
from email import policy
m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=policy.default)
for p in m.walk():
    t = p.get_content_type()
    if t == 'text/html':
        open(sys.argv[2] + '/digest.html', 'w').write(p.get_content())
    elif t == 'text/plain':
        open(sys.argv[2] + '/digest.txt', 'w').write(p.get_content())
PY
grep -qi 'src="http' "$w/digest.html" && { echo "digest-render: FAIL: a remote image"; exit 1; }

chromium_render "file://$w/digest.html" "$w/shot.png" "$w/dom.html" 2000 "$w"
[ -s "$w/shot.png" ] || {
	echo "digest-render: FAIL: no screenshot ($(tail -n 3 "$w/chromium.log" | tr '\n' ' '))"
	echo "0 passed, 1 failed"
	exit 1
}
python3 - "$w/shot.png" <<'PY'
import struct, sys
d = open(sys.argv[1], 'rb').read()
assert d[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
w, h = struct.unpack('>II', d[16:24])
assert w == 390, 'width %d' % w
PY

# the item titles of the rendered page = the numbered items of the text part
python3 - "$w/dom.html" "$w/digest.txt" <<'PY'
import html, re, sys
dom = open(sys.argv[1]).read()
txt = open(sys.argv[2]).read()
page = [html.unescape(re.sub('<[^>]*>', '', t)).strip()
        for t in re.findall(r'<p class="item-title"[^>]*>(.*?)</p>', dom, re.S)]
text = [l.strip() for l in txt.splitlines() if re.match(r'^\d+\. ', l)]
if not page or page != text:
    print('digest-render: FAIL: page items %r, text items %r' % (page, text))
    sys.exit(1)
print('digest-render: %d items match' % len(page))
PY
# the screenshot a reader sees in docs/ is refreshed on request only
mkdir -p "$top/tests/out"
cp "$w/shot.png" "$top/tests/out/digest-phone.png"
[ -n "${UPDATE_DOCS:-}" ] && cp "$w/shot.png" "$top/docs/digest-phone.png"
echo "digest-render: ok, screenshot in tests/out/digest-phone.png (UPDATE_DOCS=1 refreshes docs/digest-phone.png)"
echo "1 passed, 0 failed"

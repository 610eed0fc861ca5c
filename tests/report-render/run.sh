#!/bin/bash
# tests/report-render/run.sh [BUILD] - render the report of the fixed data
# set (tests/data/report/golden.sql) in headless Chromium at phone width
# (390 px): the screenshot must be 390 px wide, and every number of the
# rendered page (each carries data-k="section.field") must equal that
# field of the JSON report.  Keeps the screenshot as
# tests/out/report-phone.png (UPDATE_DOCS=1: docs/report-phone.png).
# Skipped (exit 0) when chromium is missing and cannot be installed.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
B=$(cd "${1:-$top/build}" && pwd)
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT

. "$top/tests/tools/chromium.sh"
if ! chromium_ready; then
	echo "report-render: SKIP: chromium is not installed and could not be installed"
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
s() { "$B/stoa" -c "$w/stoa.conf" "$@"; }
export STOA_NOW=2026-01-05T10:00:00Z
s init >/dev/null
s list create learn --title "Platform engineers" >/dev/null
for m in "ana Ana Lima" "ben Ben Okafor" "chloe Chloe Martin" "dana Dana Ito" \
	"eli Eli Haddad" "fay Fay Kim" "gus Gus Berg"; do
	set -- $m
	s member add learn "$1@example.org" --name "$2 $3" >/dev/null
done
sqlite3 -bail "$w/stoa.db" <"$top/tests/data/report/golden.sql"
s report learn --from 2026-02-02 --to 2026-02-15 --format json >"$w/report.json"
s report learn --from 2026-02-02 --to 2026-02-15 --format html >"$w/report.html"

chromium_render "file://$w/report.html" "$w/shot.png" "$w/dom.html" 2400 "$w"
if [ ! -s "$w/shot.png" ] || [ ! -s "$w/dom.html" ]; then
	echo "report-render: FAIL: no screenshot or DOM ($(tail -n 3 "$w/chromium.log" | tr '\n' ' '))"
	echo "0 passed, 1 failed"
	exit 1
fi
python3 - "$w/shot.png" "$w/dom.html" "$w/report.json" <<'PY'
import html.parser, json, struct, sys

d = open(sys.argv[1], 'rb').read()
assert d[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
width = struct.unpack('>II', d[16:24])[0]
if width != 390:
    print('report-render: FAIL: screenshot width %d' % width)
    sys.exit(1)

class Numbers(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.key, self.got, self.bad = None, [], []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'script' or any(k.startswith('on') for k in a):
            self.bad.append(tag)
        if 'data-k' in a:
            self.key = a['data-k']
            self.got.append([self.key, ''])
    def handle_endtag(self, tag):
        self.key = None
    def handle_data(self, data):
        if self.key:
            self.got[-1][1] += data

p = Numbers()
p.feed(open(sys.argv[2]).read())
rep = json.load(open(sys.argv[3]))
fails = []
for key, shown in p.got:
    sec, field = key.split('.')
    want = rep[sec][field]
    shown = shown.strip()
    if want is None:
        ok = shown == '-'
    elif shown.endswith('%'):
        ok = abs(float(shown[:-1]) - 100 * want) <= 0.5 + 1e-9
    elif '.' in shown:
        ok = abs(float(shown) - want) <= 0.05 + 1e-9
    else:
        ok = int(shown) == want
    if not ok:
        fails.append('%s shows %r, JSON %r' % (key, shown, want))
if p.bad:
    fails.append('executable markup: %r' % p.bad)
if len(p.got) < 30:
    fails.append('only %d numbers on the page' % len(p.got))
if fails:
    print('report-render: FAIL: ' + '; '.join(fails))
    print('0 passed, 1 failed')
    sys.exit(1)
print('report-render: %d numbers match the JSON report' % len(p.got))
PY
mkdir -p "$top/tests/out"
cp "$w/shot.png" "$top/tests/out/report-phone.png"
[ -n "${UPDATE_DOCS:-}" ] && cp "$w/shot.png" "$top/docs/report-phone.png"
echo "report-render: ok, screenshot in tests/out/report-phone.png"
echo "1 passed, 0 failed"

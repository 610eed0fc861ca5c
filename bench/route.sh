#!/bin/bash
# bench/route.sh [BUILD] [MEMBERS] [QUESTIONS] [SEED] - routing quality
# (docs/bench-route.md): a generated company (bench/route-gen.py) of
# MEMBERS (default 2000) people with known expertise and QUESTIONS
# (default 200) new questions over one working week; `stoa-digest run`
# every working hour until the next Tuesday routes them (the real
# passes: SQL evidence, terms, scores, exclusions, budget).  Prints the
# share of routed questions where at least one of the people asked has
# the question's topic among their expertise, and the time per pass.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
B=$(cd "${1:-$top/build}" && pwd)
N=${2:-2000}
Q=${3:-200}
SEED=${4:-1}
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
cat >"$w/stoa.conf" <<CONF
database = $w/stoa.db
domain = corp.example
outbound = maildir:$w/mail
secret_file = $w/secret
templates = $top/templates
timezone = UTC
site_name = Stoa
CONF
"$B/stoa" -c "$w/stoa.conf" init >/dev/null
python3 "$top/bench/route-gen.py" "$SEED" "$N" "$Q" "$w"
sqlite3 "$w/stoa.db" <"$w/company.sql"
passes=0
start=$(date +%s.%N)
for d in 06 07 08 09 12 13; do
	for h in 09 10 11 12 13 14 15 16 17; do
		"$B/stoa-digest" -c "$w/stoa.conf" run --now "2026-01-${d}T$h:30:00Z"
		passes=$((passes + 1))
	done
done
end=$(date +%s.%N)
sqlite3 "$w/stoa.db" "SELECT object_id, member_id FROM prompts
    WHERE kind = 'expert' ORDER BY object_id" >"$w/asked.txt"
python3 - "$w" "$passes" "$start" "$end" <<'PY'
import sys
w, passes, t0, t1 = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), \
    float(sys.argv[4])
truth = {}
for line in open(w + "/truth.txt"):
    f = line.split()
    truth[int(f[0])] = set(map(int, f[1:]))
topic = {}
for line in open(w + "/questions.txt"):
    t, k = map(int, line.split())
    topic[t] = k
asked = {}
for line in open(w + "/asked.txt"):
    t, m = map(int, line.strip().split("|"))
    if t in topic:
        asked.setdefault(t, []).append(m)
routed = len(asked)
hit = sum(1 for t, ms in asked.items() if any(topic[t] in truth[m]
                                              for m in ms))
people = sum(len(ms) for ms in asked.values())
print("questions %d, routed %d (%.1f%%), asked %d people (%.2f each)"
      % (len(topic), routed, 100.0 * routed / len(topic), people,
         people / max(routed, 1)))
print("routed questions with >= 1 matching expert asked: %d of %d = %.1f%%"
      % (hit, routed, 100.0 * hit / max(routed, 1)))
print("%d passes in %.1f s (%.0f ms a pass, delivery included)"
      % (passes, t1 - t0, 1000 * (t1 - t0) / passes))
PY

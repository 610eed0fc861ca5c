#!/bin/bash
# demo-groups.sh BUILD DEMODIR - the demo list split into small groups of
# about 5, mixing the teams of demo-data/colleagues.csv (its team column
# is a member field since the import); then the groups, one member's
# mail about their group, and the export.
set -eu
B=$1
d=$2
conf=$d/stoa.conf
stoa() { "$B/stoa" -c "$conf" "$@"; }
echo "== stoa group split learn --size 5 --by team --seed 2026"
stoa group split learn --size 5 --by team --seed 2026
echo "== stoa group list learn"
stoa group list learn
"$B/stoa-digest" -c "$conf" deliver >/dev/null
mail=$(grep -l -s '^Subject: .*Your small group' "$d"/mail/farid.haddad@example.com/new/* | head -n 1)
"$B/tools/mailcheck" -T "$d/group.txt" "$mail" >/dev/null
echo "== Farid's mail about his group (text part):"
sed -n '1,16p' "$d/group.txt"
echo "== stoa export groups --json | head -n 1"
stoa export groups --json | head -n 1

#!/bin/bash
# cmdcheck.sh BUILD - every mail command that a template or a document
# tells people to send must exist (issue 17 item 3).  The commands are
# read from the files, never listed here:
#   templates/*   send "CMD" ... (every quoted word of the sentence),
#                 mailto:{{request_address}}?subject=CMD, and the
#                 two-column command lines of help-body.txt;
#   docs/*.md     in each section that names LIST+request@, the first
#                 column of a "| command |" table and the `code` spans
#                 of every sentence that names LIST+request@.
# Each one goes, as the Subject of a mail from an owner of its own, to
# LIST+request@ through stoa-hook; the reply must not list it under
# "Not understood".  Prints one line per failure and "N passed, N failed".
set -u
B=$(cd "${1:-build}" && pwd)
top=$(pwd)
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

# placeholders: a page name, revision numbers, {{variables}}
fill() {
	sed -E 's/\{\{[a-z_]+\}\}/intro/g; s/\bPAGE\b/intro/g;
	    s/\bSLUG\b/intro/g; s/\bN M\b/1 2/g; s/\bN\b/1/g' |
	    sed -E 's/%20/ /g; s/\\\|/|/g; s/[[:space:]]+$//'
}

# alternatives - "cmd [a|b]" and "a|b" into one command per line
alternatives() {
	while IFS= read -r c; do
		case $c in
		*'['*']'*)
			base=${c%%[*}
			opt=${c#*[}
			opt=${opt%%]*}
			echo "${base% }"
			echo "$opt" | tr '|' '\n' | sed "s/^/${base}/" ;;
		*) echo "$c" ;;
		esac
	done
}

templates() {
	grep -ho 'send "[^.;]*' templates/*.txt templates/*.html |
	    grep -o '"[^"]*"' | tr -d '"'
	grep -ho 'mailto:{{request_address}}?subject=[^"]*' templates/* |
	    sed 's/.*subject=//'
	sed -n 's/^  \([a-z][a-z0-9 ]*[a-z0-9]\)  .*/\1/p' templates/help-body.txt
}

docs() {
	# the sections (from one heading to the next) that name +request@
	# (in its prose: a table row that names it does not count)
	awk '/^#/ { if (hit) print sec; sec = ""; hit = 0 }
	    !/^\|/ && /\+request@/ { hit = 1 }
	    { sec = sec $0 "\n" } END { if (hit) print sec }' \
	    docs/*.md >"$tmp/sections"
	awk -F'|' '/^\| *command *\|/ { t = 1; next }
	    t && /^\|/ { print $2; next } { t = 0 }' "$tmp/sections" |
	    sed -n 's/^ *`\([^`]*\)`.*/\1/p' | sed 's/`, `/\n/g'
	# the code spans of every sentence (outside tables) that names it
	grep -v '^|' "$tmp/sections" | awk 'BEGIN { RS = "" } { gsub(/\n/, " "); print }' |
	    sed 's/\. /.\n/g' | grep '+request@' | grep -o '`[^`]*`' | tr -d '`' |
	    grep -E '^[a-z][a-z0-9]*( [a-zA-Z0-9|]+)*$'
}

{ templates; docs; } | grep -v '^-' | fill | alternatives | sed 's/  */ /g' |
    grep -v '^$' | sort -u >"$tmp/cmds"
cat >"$tmp/stoa.conf" <<CONF
database = $tmp/stoa.db
domain = learn.example
outbound = maildir:$tmp/mail
secret_file = $tmp/secret
templates = $top/templates
timezone = UTC
CONF
S="$B/stoa -c $tmp/stoa.conf"
$S init >/dev/null && $S list create learn >/dev/null || {
	echo "cmdcheck: cannot set up"
	exit 2
}
n=0
while IFS= read -r cmd; do
	n=$((n + 1))
	who=m$n@example.org
	$S member add learn "$who" --role owner >/dev/null
	last=$(sqlite3 "$tmp/stoa.db" 'SELECT coalesce(max(id), 0) FROM outbox')
	printf 'From: %s\nTo: learn+request@learn.example\nSubject: %s\nMessage-ID: <c%d@example.org>\n\n' \
	    "$who" "$cmd" "$n" |
	    "$B/stoa-hook" -c "$tmp/stoa.conf" --recipient learn+request@learn.example \
	    --sender "$who" 2>"$tmp/err"
	rc=$?
	sqlite3 "$tmp/stoa.db" "SELECT body FROM outbox_full WHERE id > $last" >"$tmp/reply"
	if [ $rc != 0 ] || grep -q '^Not understood' "$tmp/reply"; then
		fail=$((fail + 1))
		echo "FAIL \"$cmd\" is not a command (exit $rc): $(grep -A1 '^Not understood' "$tmp/reply" | tail -n 1)"
	else
		pass=$((pass + 1))
	fi
done <"$tmp/cmds"
[ "$n" -gt 10 ] || { echo "FAIL only $n commands found"; fail=$((fail + 1)); }
echo "$pass passed, $fail failed"
[ $fail = 0 ]

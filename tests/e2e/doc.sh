# doc.sh - sourced by the end-to-end scripts: the operator's commands and
# Postfix lines come out of docs/install.md, never out of a copy, so the
# guide cannot drift from what is tested (issue 17 item 1).

# doc_block FILE NAME - the fenced block after "<!-- e2e: NAME -->" in FILE,
# without its fences.  Fails when there is no such block.
doc_block() {
	awk -v want="<!-- e2e: $2 -->" '
	$0 == want { armed = 1; next }
	armed && /^```/ { if (inside) exit; inside = 1; next }
	inside { print; found = 1 }
	END { exit found ? 0 : 1 }' "$1"
}

# doc_local ROOT CONF BIN USER GROUP [PFDIR] - a sed program turning the guide's
# host paths into the test's: /var/lib/stoa -> ROOT, the config -> CONF,
# programs from BIN, the stoa user -> USER:GROUP, learn.example.com ->
# learn.example, /etc/postfix -> PFDIR (postmap told so).  Backups stay
# in $DOC_BACKUP when set.
doc_local() {
	local bk=${DOC_BACKUP:-$1/backup}
	printf '%s\n' \
	    "s#/var/lib/stoa/backup#$bk#g" \
	    "s#/var/lib/stoa#$1#g" \
	    "s#/etc/stoa/stoa.conf#$2#g" \
	    "s#/usr/local/bin/stoa-hook#$3/stoa-hook#g" \
	    "s#runuser -u stoa -- stoa #runuser -u $4 -- $3/stoa -c $2 #g" \
	    "s#runuser -u stoa #runuser -u $4 #g" \
	    "s#-o stoa -g stoa#-o $4 -g $5#g" \
	    "s#user=stoa#user=$4#g" \
	    "s#learn\\.example\\.com#learn.example#g"
	[ -z "${6:-}" ] || printf '%s\n' "s#/etc/postfix#$6#g" \
	    "s#^postmap #postmap -c $6 #"
}

# sink.sh - a counting smtp-sink for bench/fanout.sh and bench/digest.sh
# (sourced, bash).  Every program under comparison gets a sink of its
# own, so that what it delivered is counted, not assumed:
#   sink_start PORT   start Postfix's smtp-sink -c on 127.0.0.1:PORT
#   sink_stop         stop it; print the messages it received
#   sink_expect WHAT GOT WANT  FAIL (exit 1) when GOT < WANT
# smtp-sink -c prints "sess=S quit=Q mesg=M" after every message.
sink_pid=
sink_out=

sink_start() {
	sink_out=$(mktemp /tmp/stoa-sink.XXXXXX)
	smtp-sink -c -u nobody "127.0.0.1:$1" 256 >"$sink_out" 2>&1 &
	sink_pid=$!
	sleep 0.5
}

sink_stop() {
	sleep 0.2 # the last "." may still be on its way
	kill "$sink_pid" 2>/dev/null || true
	wait "$sink_pid" 2>/dev/null || true
	sink_pid=
	tr '\r' '\n' <"$sink_out" | sed -n 's/.*mesg=\([0-9]*\).*/\1/p' |
	    tail -n 1 | grep . || echo 0
	rm -f "$sink_out"
}

sink_expect() {
	if [ "$2" -lt "$3" ]; then
		echo "bench: FAIL: $1 delivered $2 messages of $3" >&2
		exit 1
	fi
}

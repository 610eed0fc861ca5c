# chromium.sh - sourced by the render tests (tests/digest-render,
# tests/report-render): headless Chromium at a phone's width.

# chromium_ready - true when chromium is installed (installed from
# Debian's archive first when missing and running as root).
chromium_ready() {
	if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
		apt-get install -y chromium >/dev/null 2>&1 || true
	fi
	command -v chromium >/dev/null 2>&1
}

# chromium_render URL PNG DOM HEIGHT WORKDIR - a 390 px wide screenshot
# of URL into PNG and its DOM after loading into DOM; chromium's output
# goes to WORKDIR/chromium.log.  Failures leave the files missing.
chromium_render() {
	local flags=(--headless --no-sandbox --disable-gpu --disable-quic
		--no-first-run --disable-background-networking
		--disable-component-update --disable-sync
		--user-data-dir="$5/profile" --window-size="390,$4" --hide-scrollbars)
	timeout 120 chromium "${flags[@]}" --screenshot="$2" "$1" >"$5/chromium.log" 2>&1 || true
	timeout 120 chromium "${flags[@]}" --dump-dom "$1" >"$3" 2>>"$5/chromium.log" || true
}

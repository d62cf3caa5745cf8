#!/bin/sh
# End-to-end tests of the graph explorer: builds quiver (with the explorer
# embedded), starts `quiver serve` on a free loopback port with a fresh
# --data directory holding the seed plus a 10,000-node fixture, runs the
# playwright-core suite (ui/e2e) in Debian's Chromium, prints
# "N passed, N failed", stops the server. Exit status 1 when a test fails.
#
# Needs Node 20 (ui/node_modules is installed with `npm ci` when missing)
# and /usr/bin/chromium (scripts/ensure-chromium.sh installs it).
# Environment: E2E_SHOTS=DIR keeps screenshots of failures; QUIVER_BIN uses
# a quiver binary already built; an argument filters tests by name.
set -eu
cd "$(dirname "$0")/.."

scripts/ensure-chromium.sh
[ -d ui/node_modules ] || (cd ui && npm ci --no-audit --no-fund)
[ -f ui/dist/index.html ] || (cd ui && npm run build)

TMP=$(mktemp -d "${TMPDIR:-/tmp}/quiver-ui-e2e.XXXXXX")
PID=""
cleanup() {
	if [ -n "$PID" ]; then
		kill "$PID" 2>/dev/null || true
		wait "$PID" 2>/dev/null || true
	fi
	rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

BIN=${QUIVER_BIN:-}
if [ -z "$BIN" ]; then
	BIN="$TMP/quiver"
	go build -o "$BIN" ./cmd/quiver
fi

DATA="$TMP/data"
"$BIN" --data "$DATA" init >/dev/null
node ui/e2e/fixture-10k.mjs "$TMP/fixture-10k.nq" >/dev/null
"$BIN" --data "$DATA" load "$TMP/fixture-10k.nq" >/dev/null 2>&1

# The explorer must come from the binary itself (ui.FS(), go:embed).
start() {
	rm -f "$TMP/serve.out"
	"$BIN" --data "$DATA" serve --addr 127.0.0.1:0 "$@" >"$TMP/serve.out" 2>"$TMP/serve.log" &
	PID=$!
	i=0
	while ! grep -q "serving" "$TMP/serve.out" 2>/dev/null; do
		i=$((i + 1))
		if [ $i -gt 100 ] || ! kill -0 "$PID" 2>/dev/null; then
			echo "ui-e2e: quiver serve did not start:" >&2
			cat "$TMP/serve.out" "$TMP/serve.log" >&2
			exit 1
		fi
		sleep 0.1
	done
	URL=$(sed -n 's/.* on \(http:\/\/[0-9.:]*\).*/\1/p' "$TMP/serve.out" | head -1)/
}
start
if ! curl -fsS "$URL" | grep -q "<title>Quiver explorer</title>"; then
	echo "ui-e2e: the quiver binary at $BIN does not serve the embedded explorer at $URL" >&2
	exit 1
fi
echo "ui-e2e: quiver serve at $URL" >&2

status=0
BASE_URL="$URL" node ui/e2e/run.mjs "$@" || status=$?
exit $status

#!/bin/sh
# Installs Debian's Chromium for the explorer's end-to-end tests when
# /usr/bin/chromium is missing. Idempotent: does nothing when it is there.
# playwright-core drives it; `npx playwright install` cannot download
# browsers on our machines, so Debian's package is the browser we use.
set -eu
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
	exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		SUDO="sudo"
	else
		echo "ensure-chromium: $CHROMIUM is missing and we are not root; run: apt-get install -y chromium" >&2
		exit 1
	fi
fi
echo "ensure-chromium: installing Debian's chromium package" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
[ -x "$CHROMIUM" ] || { echo "ensure-chromium: $CHROMIUM still missing after install" >&2; exit 1; }

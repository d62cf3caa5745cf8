#!/bin/sh
# Runs govulncheck against a local copy of the Go vulnerability database.
#
# The online database (vuln.go.dev) is not reachable from our machines, but
# the Go module proxy serves golang.org/x/vulndb, whose data/osv directory
# holds every report as OSV JSON. This script
#   1. installs govulncheck (golang.org/x/vuln, pinned below) and vulndb's
#      cmd/indexdb into $CACHE/bin,
#   2. downloads golang.org/x/vulndb@$VULNDB through the proxy (go mod
#      download) and builds the v1 database layout govulncheck reads
#      (index/db.json, index/modules.json, index/vulns.json, ID/*.json)
#      with indexdb, once per vulndb version,
#   3. runs govulncheck -db file://$CACHE/db-<version> ./...
#
# Exit status: govulncheck's (non-zero when a vulnerability is reachable
# from our code). Environment:
#   VULNDB          vulndb module version (default: pinned below so CI is
#                   reproducible; VULNDB=latest checks against the newest)
#   QUIVER_CACHE    cache directory (default: ${XDG_CACHE_HOME:-$HOME/.cache}/quiver-vuln)
#   GOVULNCHECK_ARGS extra arguments (e.g. "-show verbose")
set -eu
cd "$(dirname "$0")/.."
GO=${GO:-go}
GOVULNCHECK_VERSION=v1.9.0
VULNDB=${VULNDB:-v0.0.0-20261105234957-e22db6528018}
CACHE=${QUIVER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/quiver-vuln}
mkdir -p "$CACHE/bin"
CACHE=$(cd "$CACHE" && pwd)

# The vulndb module: resolve the version, then download it (cached by Go).
info=$(cd "$CACHE" && GOFLAGS=-mod=mod $GO mod download -json "golang.org/x/vulndb@$VULNDB")
version=$(printf '%s\n' "$info" | sed -n 's/^[[:space:]]*"Version": "\(.*\)",*$/\1/p' | head -n1)
dir=$(printf '%s\n' "$info" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p' | head -n1)
if [ -z "$version" ] || [ ! -d "$dir/data/osv" ]; then
	echo "govulncheck.sh: cannot download golang.org/x/vulndb@$VULNDB:" >&2
	printf '%s\n' "$info" >&2
	exit 1
fi

if [ ! -x "$CACHE/bin/govulncheck-$GOVULNCHECK_VERSION" ]; then
	echo "govulncheck.sh: installing govulncheck $GOVULNCHECK_VERSION" >&2
	(cd "$CACHE" && GOBIN="$CACHE/bin" GOFLAGS=-mod=mod $GO install "golang.org/x/vuln/cmd/govulncheck@$GOVULNCHECK_VERSION")
	mv "$CACHE/bin/govulncheck" "$CACHE/bin/govulncheck-$GOVULNCHECK_VERSION"
fi

db="$CACHE/db-$version"
if [ ! -f "$db/index/db.json" ]; then
	if [ ! -x "$CACHE/bin/indexdb-$version" ]; then
		echo "govulncheck.sh: building vulndb's indexdb ($version)" >&2
		(cd "$CACHE" && GOBIN="$CACHE/bin" GOFLAGS=-mod=mod $GO install "golang.org/x/vulndb/cmd/indexdb@$version")
		mv "$CACHE/bin/indexdb" "$CACHE/bin/indexdb-$version"
	fi
	echo "govulncheck.sh: indexing $(ls "$dir/data/osv" | wc -l) OSV reports from vulndb $version" >&2
	rm -rf "$db.tmp"
	"$CACHE/bin/indexdb-$version" -vulns "$dir/data/osv" -out "$db.tmp"
	mv "$db.tmp" "$db"
fi

echo "govulncheck.sh: govulncheck $GOVULNCHECK_VERSION, database vulndb $version ($(sed -n 's/.*"modified": *"\([^"]*\)".*/\1/p' "$db/index/db.json"))" >&2
# shellcheck disable=SC2086
exec "$CACHE/bin/govulncheck-$GOVULNCHECK_VERSION" -db "file://$db" ${GOVULNCHECK_ARGS:-} ./...

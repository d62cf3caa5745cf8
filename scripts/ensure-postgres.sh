#!/bin/sh
# Installs Debian's PostgreSQL server binaries for the postgres tests
# (internal/pgtest starts a throwaway server from /usr/lib/postgresql/*/bin)
# when no /usr/lib/postgresql/*/bin/initdb is present. Idempotent and silent
# when they are there.
#
# The package's own cluster and service are not used: pgtest runs initdb and
# pg_ctl itself, in a temporary directory on a free loopback port.
set -eu
have_initdb() {
	for f in /usr/lib/postgresql/*/bin/initdb; do
		[ -x "$f" ] && [ -x "$(dirname "$f")/pg_ctl" ] && return 0
	done
	return 1
}
if have_initdb; then
	exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		SUDO="sudo"
	else
		echo "ensure-postgres: PostgreSQL server binaries are missing and we are not root; run: apt-get install -y postgresql" >&2
		exit 1
	fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
	echo "ensure-postgres: no apt-get here; install the PostgreSQL server (initdb, pg_ctl) or set QUIVER_POSTGRES_DSN" >&2
	exit 1
fi
echo "ensure-postgres: installing Debian's postgresql package" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
have_initdb || { echo "ensure-postgres: /usr/lib/postgresql/*/bin/initdb still missing after install" >&2; exit 1; }

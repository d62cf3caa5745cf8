#!/bin/sh
# The long variants of the reliability tests (docs/RELIABILITY.md): what
# `make test` runs at CI sizes, here at full size. About an hour on two
# cores.
#
#   - internal/reliability with QUIVER_SOAK=1: 200 kill -9 runs on the
#     embedded store and 100 on PostgreSQL, 32 writers x 500 writes + 32
#     readers, 2000 byte flips for quiver check;
#   - quiverstore's own crash test with 200 kills (QUIVER_CRASH_RUNS);
#   - every fuzz target for FUZZTIME (default 2m).
#
# The figures of the run (lines "FIGURE name: value") are collected in
# $SOAK_LOG (default .tmp/soak.log) for docs/RELIABILITY.md.
set -eu
cd "$(dirname "$0")/.."
GO=${GO:-go}
SOAK_LOG=${SOAK_LOG:-.tmp/soak.log}
mkdir -p "$(dirname "$SOAK_LOG")"
scripts/ensure-postgres.sh
{
	QUIVER_SOAK=1 $GO test -race -count=1 -v -timeout 90m ./internal/reliability/
	QUIVER_CRASH_RUNS=${QUIVER_CRASH_RUNS:-200} $GO test -race -count=1 -v -timeout 60m -run 'TestCrash' ./graph/quiverstore/
} 2>&1 | tee "$SOAK_LOG" | grep -E '^(--- |FAIL|ok|PASS)|FIGURE'
status=$(grep -c -E '^(FAIL|--- FAIL)' "$SOAK_LOG" || true)
FUZZTIME=${FUZZTIME:-2m} scripts/fuzz-smoke.sh
if [ "$status" -ne 0 ]; then
	echo "soak: failures, see $SOAK_LOG" >&2
	exit 1
fi
echo "soak: passed; figures in $SOAK_LOG"

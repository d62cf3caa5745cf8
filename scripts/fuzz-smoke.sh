#!/bin/sh
# Short fuzz run of every fuzz target (docs/RELIABILITY.md, test 10). Each
# target runs for FUZZTIME (default 10s) after its committed seed corpus
# (testdata/fuzz/<Target>/ next to the test) has passed. A failure writes
# the input that broke it to that directory: commit it with the fix.
#
#   scripts/fuzz-smoke.sh               # 10 s per target (make test)
#   FUZZTIME=5m scripts/fuzz-smoke.sh   # longer (make soak)
set -eu
cd "$(dirname "$0")/.."
GO=${GO:-go}
FUZZTIME=${FUZZTIME:-10s}
for target in \
	./graph:FuzzReadNQuads \
	./graph:FuzzRoundTrip \
	./schema:FuzzCompileClaimsFile \
	./server:FuzzGizmoEndpoint \
	./server:FuzzWriteEndpoint; do
	pkg=${target%%:*}
	name=${target#*:}
	echo "fuzz-smoke: $name ($pkg) for $FUZZTIME"
	$GO test -run='^$' -fuzz="^$name\$" -fuzztime="$FUZZTIME" "$pkg"
done

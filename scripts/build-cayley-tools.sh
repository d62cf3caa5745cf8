#!/bin/sh
# Build Cayley's own cayleyimport and cayleyexport, at the version Quiver
# pins, into DIR (default: a new temporary directory), and print DIR.
#
# `go install github.com/cayleygraph/cayley/cmd/...@VERSION` fails because
# Cayley's go.mod has a replace directive (docs/design/cayley.md), so this builds them
# from a throw-away module that requires the pinned version. It uses the
# module cache first and the Go module proxy only for what is missing.
#
#   scripts/build-cayley-tools.sh [DIR]
#   DIR=$(scripts/build-cayley-tools.sh) && "$DIR/cayleyimport" --uri http://127.0.0.1:64210 data.nq
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
version=$(cd "$root" && go list -m -f '{{.Version}}' github.com/cayleygraph/cayley)
out=${1:-$(mktemp -d)}
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export GOFLAGS=-mod=mod
go mod init cayleytools.example >/dev/null 2>&1
# The root module's go.sum already vouches for these versions: reuse it.
cp "$root/go.sum" go.sum
if ! GOPROXY=off go get "github.com/cayleygraph/cayley@$version" >/dev/null 2>&1; then
	go get "github.com/cayleygraph/cayley@$version" >&2
fi
for tool in cayleyimport cayleyexport; do
	go build -o "$out/$tool" "github.com/cayleygraph/cayley/cmd/$tool" >&2
done
echo "$out"

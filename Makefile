# The targets mirror CI exactly: .ci/run calls `make test`.
GO      ?= go
BIN     := bin/quiver

# The Go release we build and test with: its standard library carries the
# fixes govulncheck asks for (the machine's go1.26.8 lacks 11 of them). Go
# fetches it from the module proxy on first use. Override with
# `make GOTOOLCHAIN=local ...` to use whatever go is installed.
export GOTOOLCHAIN ?= go1.26.10

UI_SRC := $(shell find ui/src -type f) ui/index.html ui/vite.config.ts ui/tsconfig.json ui/package.json

.PHONY: run test build vet ui soak bench bench-large clean

## run: build quiver and serve the embedded default store (the seed is loaded
## on first use) with the API and the explorer on http://127.0.0.1:64210/.
run: ui build
	$(BIN) why "recognition of the Taliban"
	$(BIN) serve

## ui: build the explorer into ui/dist (embedded by go:embed) when missing or
## stale; npm installs exactly what ui/package-lock.json pins.
ui: ui/dist/index.html
ui/node_modules/.package-lock.json: ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund
ui/dist/index.html: ui/node_modules/.package-lock.json $(UI_SRC)
	cd ui && npm run build

## build: compile the quiver binary into bin/.
build:
	$(GO) build -o $(BIN) ./cmd/quiver

## vet: static checks.
vet:
	$(GO) vet ./...

## test: everything CI runs: vet, a check that no binary is committed, every test under the race detector
## (PostgreSQL backend tests start their own throwaway server; the script
## installs Debian's PostgreSQL binaries when they are missing), a short run
## of every fuzz target, govulncheck against an offline database, the
## explorer's unit tests (Vitest) and its end-to-end tests in Debian's
## Chromium against a real quiver serve (installed when missing).
test: ui vet
	scripts/check-no-binaries.sh
	scripts/ensure-postgres.sh
	$(GO) test -race -timeout 20m ./...
	scripts/fuzz-smoke.sh
	scripts/govulncheck.sh
	cd ui && npm test
	scripts/ui-e2e.sh

## soak: the long reliability runs (docs/RELIABILITY.md), about an hour.
soak:
	scripts/soak.sh

## bench: Quiver against Cayley's bolt, leveldb and memstore, PostgreSQL and
## the path floor, in one run; writes docs/BENCHMARKS.md and
## docs/bench-scale.svg (about 7 minutes on 2 cores).
bench:
	scripts/ensure-postgres.sh
	$(GO) run ./bench

## bench-large: the same plus the 10^7-quad synthetic graph (3.6 GB more RAM).
bench-large:
	scripts/ensure-postgres.sh
	$(GO) run ./bench -large

clean:
	rm -rf bin ui/node_modules
	find ui/dist -mindepth 1 ! -name .keep -exec rm -rf {} +

# The targets mirror CI exactly: .ci/run calls `make test`.
GO      ?= go
BIN     := bin/quiver

.PHONY: run test build vet clean

## run: build quiver and serve the embedded default store (the seed is loaded
## on first use) with the API and the explorer on http://127.0.0.1:64210/.
run: build
	$(BIN) why "recognition of the Taliban"
	$(BIN) serve

## build: compile the quiver binary into bin/.
build:
	$(GO) build -o $(BIN) ./cmd/quiver

## vet: static checks.
vet:
	$(GO) vet ./...

## test: everything CI runs: vet, then every test under the race detector
## (PostgreSQL backend tests start their own throwaway server; the script
## installs Debian's PostgreSQL binaries when they are missing).
test: vet
	scripts/ensure-postgres.sh
	$(GO) test -race -timeout 20m ./...

clean:
	rm -rf bin

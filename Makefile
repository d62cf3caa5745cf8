# The targets mirror CI exactly: .ci/run calls `make test`.
GO      ?= go
BIN     := bin/quiver

.PHONY: run test build vet clean

## run: build quiver, create the embedded default store (the seed is loaded on
## first use) and ask it who influenced Russia's recognition of the Taliban.
run: build
	$(BIN) init
	$(BIN) query -f examples/who-influenced-recognition.js

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

# The README's commands. `make test` is what CI runs.
GO ?= go
STATICCHECK = $(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: run test lint test-sqlite build bench

run:
	$(GO) run ./cmd/fazhi serve --demo

build:
	CGO_ENABLED=0 $(GO) build -o fazhi ./cmd/fazhi

lint:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(STATICCHECK) ./...

# Every store test runs on SQLite and on PostgreSQL (127.0.0.1:5432).
#
# The race detector instruments our code and the standard library, not the
# SQLite engine: modernc's SQLite is C translated to Go (sqlite/lib, libc),
# and instrumenting its every memory access made SQLite work ~12 times
# slower (200,000 inserts and a LIKE scan: 24 s of CPU against 2 s) without
# checking anything of ours (a race in our code is still reported). Happens-before through sync and channels is still tracked, and the
# driver package (modernc.org/sqlite) that hands results to our code stays
# instrumented.
RACE_SKIP = -gcflags='modernc.org/sqlite/lib=-race=false' -gcflags='modernc.org/libc/...=-race=false'

test: lint
	$(GO) test -race $(RACE_SKIP) -count=1 -timeout 60m ./...

# A quick local run on SQLite only; CI never uses it.
test-sqlite:
	FAZHI_TEST_ENGINES=sqlite $(GO) test -count=1 ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

package graph_test

import (
	"os"
	"testing"
	"time"

	"github.com/quiver-kg/quiver/backends"
	"github.com/quiver-kg/quiver/internal/pgtest"
)

// pgDSN is the superuser DSN of the PostgreSQL server the postgres tests
// use: a throwaway server started by pgtest.Main, or QUIVER_POSTGRES_DSN.
// It is "" when PostgreSQL is not installed; tests needing it then fail
// with pgtest.Unavailable's message.
var pgDSN string

// TestMain registers every backend Quiver ships (a program links only the
// ones it registers; these tests exercise them all) and starts PostgreSQL.
func TestMain(m *testing.M) {
	backends.RegisterAll()
	os.Exit(pgtest.Main(m, &pgDSN))
}

// postgresDSN returns the DSN of a fresh, empty database for this test,
// dropped when the test ends. It fails the test, saying how to install
// PostgreSQL, when no server is available.
func postgresDSN(tb testing.TB, name string) string {
	tb.Helper()
	if pgDSN == "" {
		tb.Fatal(pgtest.Unavailable())
	}
	dsn, err := pgtest.CreateDatabase(pgDSN, name)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		// Runs after the store's Close (cleanups run last-in first-out).
		// Cayley's SQL store does not cancel a query that outlived its
		// context, so a backend may still be busy: retry, then only log; a
		// throwaway server is removed anyway.
		var err error
		for i := 0; i < 3; i++ {
			if err = pgtest.DropDatabase(pgDSN, dsn); err == nil {
				return
			}
			time.Sleep(time.Second)
		}
		tb.Logf("drop test database: %v", err)
	})
	return dsn
}

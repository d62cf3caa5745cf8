package pgtest_test

import (
	"database/sql"
	"os"
	"testing"
	"time"

	"github.com/quiver-kg/quiver/internal/pgtest"
)

var serverDSN string

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m, &serverDSN)) }

// TestServer checks the server Main provided answers, and that databases
// made by CreateDatabase are distinct, usable and can be dropped.
func TestServer(t *testing.T) {
	if serverDSN == "" {
		t.Fatal(pgtest.Unavailable())
	}
	a, err := pgtest.CreateDatabase(serverDSN, "Pg Test/1")
	if err != nil {
		t.Fatal(err)
	}
	b, err := pgtest.CreateDatabase(serverDSN, "Pg Test/1")
	if err != nil {
		t.Fatal(err)
	}
	if a == b {
		t.Fatalf("two databases share the DSN %s", a)
	}
	for _, dsn := range []string{a, b} {
		db, err := sql.Open("postgres", dsn)
		if err != nil {
			t.Fatal(err)
		}
		var name, enc string
		if err := db.QueryRow(`SELECT current_database(), pg_encoding_to_char(encoding) FROM pg_database WHERE datname = current_database()`).Scan(&name, &enc); err != nil {
			t.Fatalf("%s: %v", dsn, err)
		}
		if enc != "UTF8" {
			t.Errorf("%s: encoding %s, want UTF8", name, enc)
		}
		if _, err := db.Exec(`CREATE TABLE x (v text); INSERT INTO x VALUES ('AB')`); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		db.Close()
		if err := pgtest.DropDatabase(serverDSN, dsn); err != nil {
			t.Fatal(err)
		}
	}
}

// TestStartStop starts a second server, checks it answers, stops it and
// checks its directory is gone.
func TestStartStop(t *testing.T) {
	if err := pgtest.Available(); err != nil {
		t.Fatal(pgtest.Unavailable())
	}
	start := time.Now()
	s, err := pgtest.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("PostgreSQL %s started in %v at %s", s.Version, time.Since(start), s.DSN)
	db, err := sql.Open("postgres", s.DSN)
	if err != nil {
		s.Stop()
		t.Fatal(err)
	}
	err = db.Ping()
	db.Close()
	if err != nil {
		s.Stop()
		t.Fatalf("ping: %v\n%s", err, s.Log())
	}
	dsn, err := s.NewDatabase("startstop")
	if err != nil {
		s.Stop()
		t.Fatal(err)
	}
	t.Logf("database: %s", dsn)
	start = time.Now()
	if err := s.Stop(); err != nil {
		t.Fatal(err)
	}
	t.Logf("stopped in %v", time.Since(start))
	if _, err := os.Stat(s.Dir); !os.IsNotExist(err) {
		t.Errorf("server directory %s still exists (%v)", s.Dir, err)
	}
}

// Package pgtest starts a throwaway PostgreSQL server for tests.
//
// The server is a real PostgreSQL, run from the Debian server binaries in
// /usr/lib/postgresql/<version>/bin (the newest installed version; initdb and
// pg_ctl from PATH are used as a fallback). It lives in a temporary
// directory, listens on a free port on 127.0.0.1 only, trusts every local
// connection, runs with fsync off, and is removed by Stop.
//
// initdb refuses to run as root, and CI runs tests as root: when the process
// is root, the directory is handed to the "postgres" system user and initdb
// and pg_ctl run through `runuser -u postgres --`.
//
// Typical use, in a package's main_test.go:
//
//	var pgDSN string
//
//	func TestMain(m *testing.M) { os.Exit(pgtest.Main(m, &pgDSN)) }
//
// and in a test:
//
//	if pgDSN == "" {
//		t.Fatal(pgtest.Unavailable())
//	}
//	dsn, err := pgtest.CreateDatabase(pgDSN, "mytest")
//
// Environment:
//
//   - QUIVER_POSTGRES_DSN: use this existing server (its superuser DSN)
//     instead of starting one.
//   - QUIVER_REQUIRE_POSTGRES=1: a missing PostgreSQL installation fails the
//     whole test binary at once instead of leaving pgDSN empty.
//
// Install the binaries with `apt-get install postgresql` (or
// scripts/ensure-postgres.sh).
package pgtest

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "github.com/lib/pq" // registers the "postgres" database/sql driver
)

// Environment variables read by Main.
const (
	EnvDSN     = "QUIVER_POSTGRES_DSN"
	EnvRequire = "QUIVER_REQUIRE_POSTGRES"
)

// InstallHint tells a user how to get the PostgreSQL server binaries.
const InstallHint = "install the PostgreSQL server binaries with `apt-get install postgresql` " +
	"(or run scripts/ensure-postgres.sh), or point " + EnvDSN + " at a server " +
	"(postgres://user@host:port/db?sslmode=disable)"

// debianRoot is where Debian and Ubuntu install the server binaries (a
// variable so the package's tests can pretend they are missing).
var debianRoot = "/usr/lib/postgresql"

// Server is a running throwaway PostgreSQL server.
type Server struct {
	// DSN connects to the server's "postgres" database as the superuser
	// "postgres": postgres://postgres@127.0.0.1:PORT/postgres?sslmode=disable
	DSN string
	// Port is the TCP port the server listens on, on 127.0.0.1.
	Port int
	// Dir holds the cluster (Dir/data), the log (Dir/log) and the socket.
	Dir string
	// Version is the major version directory the binaries came from ("15"),
	// or "" when they came from PATH.
	Version string

	bin      string // directory of initdb and pg_ctl
	asUser   bool   // run the binaries through runuser -u postgres
	watchdog *exec.Cmd
}

// binaries locates initdb and pg_ctl: the newest /usr/lib/postgresql/*/bin
// holding both, else PATH.
func binaries() (bin, version string, err error) {
	dirs, _ := filepath.Glob(filepath.Join(debianRoot, "*", "bin", "initdb"))
	type cand struct {
		bin, ver string
		num      float64
	}
	var cands []cand
	for _, initdb := range dirs {
		b := filepath.Dir(initdb)
		if !isExec(filepath.Join(b, "initdb")) || !isExec(filepath.Join(b, "pg_ctl")) {
			continue
		}
		ver := filepath.Base(filepath.Dir(b))
		n, _ := strconv.ParseFloat(ver, 64) // "15", "9.6"; non-numeric sorts first
		cands = append(cands, cand{b, ver, n})
	}
	if len(cands) > 0 {
		sort.Slice(cands, func(i, j int) bool { return cands[i].num < cands[j].num })
		c := cands[len(cands)-1]
		return c.bin, c.ver, nil
	}
	initdb, err1 := exec.LookPath("initdb")
	pgctl, err2 := exec.LookPath("pg_ctl")
	if err1 == nil && err2 == nil && filepath.Dir(initdb) == filepath.Dir(pgctl) {
		return filepath.Dir(initdb), "", nil
	}
	return "", "", fmt.Errorf("pgtest: PostgreSQL server binaries not found "+
		"(no %s/*/bin/initdb and pg_ctl, none in PATH): %s", debianRoot, InstallHint)
}

func isExec(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0
}

// Available reports whether a server can be started here: nil when the
// binaries (and, for root, the postgres user and runuser) exist, otherwise
// an error saying what is missing and how to install it.
func Available() error {
	if _, _, err := binaries(); err != nil {
		return err
	}
	if os.Geteuid() == 0 {
		if _, err := user.Lookup("postgres"); err != nil {
			return fmt.Errorf("pgtest: running as root needs the \"postgres\" system user (initdb refuses root): %v; %s", err, InstallHint)
		}
		if _, err := exec.LookPath("runuser"); err != nil {
			return fmt.Errorf("pgtest: running as root needs runuser (util-linux) to start PostgreSQL as user postgres: %v", err)
		}
	}
	return nil
}

// Unavailable explains, for a test that got an empty DSN from Main, why
// PostgreSQL is missing and how to install it.
func Unavailable() error {
	err := Available()
	if err == nil {
		err = errors.New("pgtest: no PostgreSQL server (pgtest.Main was not run or the server failed to start)")
	}
	return fmt.Errorf("PostgreSQL tests cannot run: %w", err)
}

// Start initialises and starts a new server. Stop it with Stop.
func Start() (*Server, error) {
	if err := Available(); err != nil {
		return nil, err
	}
	bin, ver, _ := binaries()
	s := &Server{bin: bin, Version: ver, asUser: os.Geteuid() == 0}
	dir, err := os.MkdirTemp(tempParent(s.asUser), "quiver-pg-")
	if err != nil {
		return nil, fmt.Errorf("pgtest: %w", err)
	}
	s.Dir = dir
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(dir)
		}
	}()
	if s.asUser {
		u, err := user.Lookup("postgres")
		if err != nil {
			return nil, fmt.Errorf("pgtest: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			return nil, fmt.Errorf("pgtest: chown %s to postgres: %w", dir, err)
		}
	}
	data := filepath.Join(dir, "data")
	if out, err := s.run("initdb", "-D", data, "-A", "trust", "-U", "postgres",
		"-E", "UTF8", "--no-locale", "--no-sync"); err != nil {
		return nil, fmt.Errorf("pgtest: initdb: %v\n%s", err, out)
	}
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		port, err := freePort()
		if err != nil {
			return nil, fmt.Errorf("pgtest: %w", err)
		}
		opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off "+
			"-c synchronous_commit=off -c full_page_writes=off -c max_connections=300", port, dir)
		out, err := s.run("pg_ctl", "-D", data, "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "-t", "60", "start")
		if err != nil {
			logText, _ := os.ReadFile(filepath.Join(dir, "log"))
			lastErr = fmt.Errorf("pgtest: pg_ctl start on port %d: %v\n%s\nserver log:\n%s", port, err, out, logText)
			continue // most likely the port was taken meanwhile
		}
		s.Port = port
		s.DSN = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
		if err := ping(s.DSN); err != nil {
			s.stopServer()
			return nil, fmt.Errorf("pgtest: server started but does not answer: %w", err)
		}
		s.startWatchdog()
		ok = true
		return s, nil
	}
	return nil, lastErr
}

// tempParent picks where the server directory goes. The unix socket lives
// there too, so the path must stay short (sun_path is 108 bytes), and when
// the server runs as user postgres every ancestor must be traversable by it.
func tempParent(asUser bool) string {
	d := os.TempDir()
	if len(d) > 60 {
		return "/tmp"
	}
	if asUser {
		for p := d; ; p = filepath.Dir(p) {
			fi, err := os.Stat(p)
			if err != nil || fi.Mode().Perm()&0o001 == 0 {
				return "/tmp"
			}
			if p == filepath.Dir(p) {
				break
			}
		}
	}
	return d
}

// run runs one of the server binaries, as user postgres when needed.
func (s *Server) run(name string, args ...string) ([]byte, error) {
	return s.command(name, args...).CombinedOutput()
}

func (s *Server) command(name string, args ...string) *exec.Cmd {
	prog := filepath.Join(s.bin, name)
	var cmd *exec.Cmd
	if s.asUser {
		cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--", prog}, args...)...)
	} else {
		cmd = exec.Command(prog, args...)
	}
	// Keep the server's environment predictable whatever the caller's is.
	env := []string{"LC_ALL=C", "LANG=C"}
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "PG") || strings.HasPrefix(kv, "LC_") || strings.HasPrefix(kv, "LANG=") {
			continue
		}
		env = append(env, kv)
	}
	cmd.Env = env
	return cmd
}

// startWatchdog starts a small shell process, in its own process group, that
// stops the server and removes its directory once this process is gone. It
// covers test binaries that die without running Stop (a test timeout panics
// and exits, SIGKILL), which would otherwise leak a running postmaster.
func (s *Server) startWatchdog() {
	stop := s.command("pg_ctl", "-D", filepath.Join(s.Dir, "data"), "-m", "immediate", "-w", "stop")
	script := fmt.Sprintf(`while kill -0 %d 2>/dev/null; do sleep 1; done; %s >/dev/null 2>&1; rm -rf %s`,
		os.Getpid(), shellJoin(stop.Args), shellQuote(s.Dir))
	cmd := exec.Command("sh", "-c", script)
	cmd.Env = stop.Env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return // best effort: Stop still cleans up on the normal path
	}
	s.watchdog = cmd
	go cmd.Wait() // reap it when Stop kills it
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func shellJoin(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = shellQuote(a)
	}
	return strings.Join(q, " ")
}

func (s *Server) stopServer() error {
	out, err := s.run("pg_ctl", "-D", filepath.Join(s.Dir, "data"), "-m", "immediate", "-w", "stop")
	if err != nil {
		return fmt.Errorf("pgtest: pg_ctl stop: %v\n%s", err, out)
	}
	return nil
}

// Stop stops the server at once (pg_ctl stop -m immediate) and removes its
// directory. Calling it on a nil Server does nothing.
func (s *Server) Stop() error {
	if s == nil {
		return nil
	}
	if s.watchdog != nil && s.watchdog.Process != nil {
		s.watchdog.Process.Kill()
		s.watchdog = nil
	}
	err := s.stopServer()
	if rerr := os.RemoveAll(s.Dir); err == nil && rerr != nil {
		err = fmt.Errorf("pgtest: %w", rerr)
	}
	return err
}

// NewDatabase creates a database with a unique name derived from name and
// returns its DSN.
func (s *Server) NewDatabase(name string) (dsn string, err error) {
	return CreateDatabase(s.DSN, name)
}

// Log returns the server log so far, for diagnosing a failed test.
func (s *Server) Log() string {
	b, _ := os.ReadFile(filepath.Join(s.Dir, "log"))
	return string(b)
}

var unsafeName = regexp.MustCompile(`[^a-z0-9_]+`)

// CreateDatabase creates, on the server serverDSN connects to, a database
// with a unique name derived from name (lower-cased, reduced to [a-z0-9_],
// with a random suffix, so concurrent test binaries sharing one server do not
// collide) and returns a DSN for it: serverDSN with the database replaced.
func CreateDatabase(serverDSN, name string) (dsn string, err error) {
	u, err := url.Parse(serverDSN)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return "", fmt.Errorf("pgtest: server DSN %q is not a postgres:// URL", serverDSN)
	}
	base := strings.Trim(unsafeName.ReplaceAllString(strings.ToLower(name), "_"), "_")
	if base == "" || base[0] >= '0' && base[0] <= '9' {
		base = "t_" + base
	}
	if len(base) > 40 {
		base = base[:40]
	}
	var rnd [6]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		return "", fmt.Errorf("pgtest: %w", err)
	}
	db := base + "_" + hex.EncodeToString(rnd[:])
	conn, err := sql.Open("postgres", serverDSN)
	if err != nil {
		return "", fmt.Errorf("pgtest: %w", err)
	}
	defer conn.Close()
	// The name is made of [a-z0-9_] only, so quoting it is enough.
	if _, err := conn.Exec(`CREATE DATABASE "` + db + `"`); err != nil {
		return "", fmt.Errorf("pgtest: create database %s: %w", db, err)
	}
	u.Path = "/" + db
	return u.String(), nil
}

// DropDatabase drops the database dbDSN names, on the server serverDSN
// connects to, closing any connection still open to it (PostgreSQL 13+).
func DropDatabase(serverDSN, dbDSN string) error {
	u, err := url.Parse(dbDSN)
	if err != nil {
		return fmt.Errorf("pgtest: %w", err)
	}
	db := strings.TrimPrefix(u.Path, "/")
	if db == "" || unsafeName.MatchString(db) {
		return fmt.Errorf("pgtest: refusing to drop database %q", db)
	}
	conn, err := sql.Open("postgres", serverDSN)
	if err != nil {
		return fmt.Errorf("pgtest: %w", err)
	}
	defer conn.Close()
	if _, err := conn.Exec(`DROP DATABASE IF EXISTS "` + db + `" WITH (FORCE)`); err != nil {
		return fmt.Errorf("pgtest: drop database %s: %w", db, err)
	}
	return nil
}

func ping(dsn string) error {
	conn, err := sql.Open("postgres", dsn)
	if err != nil {
		return err
	}
	defer conn.Close()
	var lastErr error
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if lastErr = conn.Ping(); lastErr == nil {
			return nil
		}
	}
	return lastErr
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// Main runs a test binary's tests with a PostgreSQL server and returns the
// exit code for os.Exit. It sets *dsn to the server's superuser DSN before
// the tests run:
//
//   - QUIVER_POSTGRES_DSN set: that server is used (and checked to answer).
//   - otherwise a throwaway server is started and stopped after the tests.
//
// When the PostgreSQL binaries are missing, Main fails at once (returns 1,
// saying why) if QUIVER_REQUIRE_POSTGRES=1, and otherwise runs the tests with
// *dsn == "", so that the tests needing PostgreSQL fail with Unavailable's
// message rather than skip silently. A server that exists but fails to start
// always fails the binary.
func Main(m *testing.M, dsn *string) int {
	if !flag.Parsed() {
		flag.Parse() // for testing.Verbose
	}
	if env := os.Getenv(EnvDSN); env != "" {
		if err := ping(env); err != nil {
			fmt.Fprintf(os.Stderr, "pgtest: %s=%s does not answer: %v\n", EnvDSN, env, err)
			return 1
		}
		*dsn = env
		return m.Run()
	}
	if err := Available(); err != nil {
		if os.Getenv(EnvRequire) == "1" {
			fmt.Fprintf(os.Stderr, "%v\n(%s=1: PostgreSQL is required)\n", err, EnvRequire)
			return 1
		}
		*dsn = ""
		return m.Run()
	}
	start := time.Now()
	srv, err := Start()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer func() {
		if err := srv.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
	}()
	if testing.Verbose() {
		fmt.Fprintf(os.Stderr, "pgtest: PostgreSQL %s started in %v at %s\n", srv.Version, time.Since(start).Round(time.Millisecond), srv.DSN)
	}
	*dsn = srv.DSN
	return m.Run()
}

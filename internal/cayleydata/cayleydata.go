// Package cayleydata makes Cayley's test data reachable from Quiver's tests.
//
// Cayley's conformance suites (graph/graphtest and query/path/pathtest) open
// their data files at paths relative to the working directory of a test in
// Cayley's own tree: "../../data/30kmoviedata.nq.gz" (tried from "./" and
// "../") and "data/testdata.nq" (tried up to four levels up). From another
// module those paths lead nowhere. Chdir builds a temporary tree where they
// resolve to the data files of the Cayley module the test binary was built
// with, and moves the test into it.
package cayleydata

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"testing"

	cgraph "github.com/cayleygraph/cayley/graph"
)

// ModulePath is the Cayley module whose data is used.
const ModulePath = "github.com/cayleygraph/cayley"

// probe is a file every usable data directory holds.
const probe = "30kmoviedata.nq.gz"

var (
	dirOnce sync.Once
	dataDir string
	dirErr  error
)

// DataDir returns the data directory of the Cayley module this binary was
// built with (the module cache copy that `go test` downloaded).
func DataDir() (string, error) {
	dirOnce.Do(func() { dataDir, dirErr = findDataDir() })
	return dataDir, dirErr
}

func findDataDir() (string, error) {
	var tried []string
	ok := func(moddir string) (string, bool) {
		d := filepath.Join(moddir, "data")
		if _, err := os.Stat(filepath.Join(d, probe)); err == nil {
			return d, true
		}
		tried = append(tried, d)
		return "", false
	}
	// 1. Where the compiler found Cayley's sources: the module cache copy
	// this binary was built from. No subprocess, no network. (Test binaries
	// carry no dependency list in their build info, so that is no help.)
	if moddir, trimmed := cayleySourceDir(); moddir != "" {
		if !trimmed {
			if d, good := ok(moddir); good {
				return d, nil
			}
		} else { // built with -trimpath: "github.com/cayleygraph/cayley@v..."
			for _, cache := range modCaches() {
				if d, good := ok(filepath.Join(cache, moddir)); good {
					return d, nil
				}
			}
		}
	}
	// 1b. Build info, when the binary has it (go build, not go test).
	if bi, found := debug.ReadBuildInfo(); found {
		for _, dep := range bi.Deps {
			if dep.Path != ModulePath {
				continue
			}
			m := dep
			if dep.Replace != nil {
				m = dep.Replace
			}
			if m.Version == "" { // replaced by a local directory
				if d, good := ok(m.Path); good {
					return d, nil
				}
				break
			}
			for _, cache := range modCaches() {
				if d, good := ok(filepath.Join(cache, escapePath(m.Path)+"@"+m.Version)); good {
					return d, nil
				}
			}
		}
	}
	// 2. Ask the go command (works from inside the module's tree).
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", ModulePath).Output()
	if err == nil {
		if d, good := ok(strings.TrimSpace(string(out))); good {
			return d, nil
		}
	}
	return "", fmt.Errorf("cayleydata: cannot find the data directory of %s (tried %v; go list: %v); run `go mod download %s`",
		ModulePath, tried, err, ModulePath)
}

// cayleySourceDir returns the root of the Cayley module as recorded in this
// binary's debug information (the file of one of its functions), and whether
// the path is trimmed (relative to the module cache, from -trimpath).
func cayleySourceDir() (dir string, trimmed bool) {
	file, _ := runtime.FuncForPC(reflect.ValueOf(cgraph.IsRegistered).Pointer()).FileLine(0)
	file = filepath.ToSlash(file)
	marker := escapePath(ModulePath) + "@"
	i := strings.Index(file, marker)
	if i < 0 {
		return "", false
	}
	j := strings.Index(file[i+len(marker):], "/")
	if j < 0 {
		return "", false
	}
	return filepath.FromSlash(file[:i+len(marker)+j]), i == 0
}

// escapePath is the module cache's case encoding of a module path: each
// upper-case letter becomes '!' and its lower-case form.
func escapePath(p string) string {
	var b strings.Builder
	for _, r := range p {
		if 'A' <= r && r <= 'Z' {
			b.WriteByte('!')
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// modCaches lists candidate module cache roots: $GOMODCACHE, each
// $GOPATH/pkg/mod, ~/go/pkg/mod, then `go env GOMODCACHE`.
func modCaches() []string {
	var c []string
	if d := os.Getenv("GOMODCACHE"); d != "" {
		c = append(c, d)
	}
	for _, p := range filepath.SplitList(os.Getenv("GOPATH")) {
		if p != "" {
			c = append(c, filepath.Join(p, "pkg", "mod"))
		}
	}
	if home, err := os.UserHomeDir(); err == nil {
		c = append(c, filepath.Join(home, "go", "pkg", "mod"))
	}
	if out, err := exec.Command("go", "env", "GOMODCACHE").Output(); err == nil {
		if d := strings.TrimSpace(string(out)); d != "" {
			c = append(c, d)
		}
	}
	return c
}

// Chdir makes Cayley's relative data paths resolve for the rest of the
// test: it builds, under tb.TempDir(), a tree with data/ and a/data/ linking
// to the files of the Cayley module's data directory, and changes the
// working directory to a/b/c/d in it. The previous directory is restored
// when the test ends. Like testing.T.Chdir, it affects the whole process, so
// it must not be used in parallel tests.
func Chdir(tb testing.TB) {
	tb.Helper()
	src, err := DataDir()
	if err != nil {
		tb.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(src, "*.nq*"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("cayleydata: no *.nq* files in %s (%v)", src, err)
	}
	root := tb.TempDir()
	for _, sub := range []string{"data", filepath.Join("a", "data"), filepath.Join("a", "b", "c", "d")} {
		if err := os.MkdirAll(filepath.Join(root, sub), 0o755); err != nil {
			tb.Fatal(err)
		}
	}
	for _, f := range files {
		for _, sub := range []string{"data", filepath.Join("a", "data")} {
			if err := os.Symlink(f, filepath.Join(root, sub, filepath.Base(f))); err != nil {
				tb.Fatal(err)
			}
		}
	}
	tb.Chdir(filepath.Join(root, "a", "b", "c", "d"))
}

// Command bench is Quiver's benchmark harness (GitHub issue 6). It runs the
// workloads of docs/design/performance.md against Quiver's embedded engine and, in the
// same run, Cayley's own bolt (bbolt), leveldb and memstore through
// Cayley's API, PostgreSQL, and the compact-adjacency floor for paths, then
// writes docs/BENCHMARKS.md and docs/bench-scale.svg.
//
// Every measured backend runs in a child process (this binary re-executed
// as `bench child SPEC`), so peak RSS (rusage) and open-from-cold are real.
//
// Usage:
//
//	go run ./bench                 # default run, about 10 minutes on 2 cores
//	go run ./bench -large          # adds the 10^7-quad synthetic graph
//	go run ./bench -skip bolt,postgres -sizes 100000
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/quiver-kg/quiver/backends"
	"github.com/quiver-kg/quiver/internal/pgtest"
)

type config struct {
	large    bool
	out, svg string
	work     string
	keep     bool
	skip     map[string]bool
	sizes    []int
	budget   float64
	pgQuads  int
	opens    int
	pairs    int
	seconds  float64
	command  string
	results  string
}

func main() {
	backends.RegisterAll()
	if len(os.Args) >= 3 && os.Args[1] == "child" {
		childMain(os.Args[2])
		return
	}
	var cfg config
	var skip, sizes string
	flag.BoolVar(&cfg.large, "large", false, "add the 10^7-quad synthetic graph to the scale curve (needs ~10 GB RAM, ~10 more minutes)")
	flag.StringVar(&cfg.out, "out", "docs/BENCHMARKS.md", "report file")
	flag.StringVar(&cfg.svg, "svg", "docs/bench-scale.svg", "chart file")
	flag.StringVar(&cfg.work, "work", "", "directory for the stores (default: a temporary directory)")
	flag.BoolVar(&cfg.keep, "keep", false, "keep the stores after the run")
	flag.StringVar(&skip, "skip", "", "comma-separated parts to skip: movies,bolt,leveldb,memstore,postgres,paths,scale,server")
	flag.StringVar(&sizes, "sizes", "100000,1000000", "synthetic graph sizes (quads) for the scale curve")
	flag.Float64Var(&cfg.budget, "budget", 1.0, "seconds of timed runs per query case and backend")
	flag.IntVar(&cfg.pgQuads, "pg-quads", 100_000, "quads of the movie data loaded into PostgreSQL (0: all 471,705; about 2 minutes)")
	flag.IntVar(&cfg.opens, "opens", 5, "cold opens per store")
	flag.IntVar(&cfg.pairs, "pairs", 50, "random pairs for path finding")
	flag.Float64Var(&cfg.seconds, "server-seconds", 8, "duration of the server load test")
	flag.StringVar(&cfg.results, "results", "", "also write the raw results of the run as JSON to this file")
	flag.Parse()
	cfg.command = "go run ./bench " + strings.Join(os.Args[1:], " ")
	cfg.skip = map[string]bool{}
	for _, s := range strings.Split(skip, ",") {
		if s = strings.TrimSpace(s); s != "" {
			cfg.skip[s] = true
		}
	}
	for _, s := range strings.Split(sizes, ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(s)); err == nil && n > 0 {
			cfg.sizes = append(cfg.sizes, n)
		}
	}
	if cfg.large {
		cfg.sizes = append(cfg.sizes, 10_000_000)
	}
	if err := run(cfg); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// Run holds everything one run measured.
type Run struct {
	Started  time.Time
	Finished time.Time
	Command  string
	Load     map[string]Result // movies, by backend
	Open     map[string][]Result
	Queries  map[string]Result
	Paths    *Result
	PG       *PGRun
	Scale    []ScalePoint
	Server   *Result // reads with interleaved writes
	ServerRO *Result // reads only
	Notes    []string
}

type PGRun struct {
	Quads   int
	Load    Result
	Queries Result
	Err     string
}

type ScalePoint struct {
	N       int
	Backend string
	Load    Result
	Open    []Result
	Probe   Result
}

func run(cfg config) error {
	r := &Run{Started: time.Now(), Command: cfg.command, Load: map[string]Result{}, Open: map[string][]Result{}, Queries: map[string]Result{}}
	work := cfg.work
	if work == "" {
		var err error
		if work, err = os.MkdirTemp("", "quiver-bench-"); err != nil {
			return err
		}
	}
	if !cfg.keep {
		defer os.RemoveAll(work)
	}
	if err := os.MkdirAll(work, 0o755); err != nil {
		return err
	}
	logf("bench: stores in %s", work)
	dir := func(name string) string { return filepath.Join(work, name) }
	durable := []string{bQuiver}
	for _, b := range []string{bBolt, bLevelDB} {
		if !cfg.skip[b] {
			durable = append(durable, b)
		}
	}

	if !cfg.skip["movies"] {
		r.movies(cfg, dir, durable)
	}

	// 4. Paths against the floor.
	if !cfg.skip["paths"] && !cfg.skip["movies"] {
		logf("paths on the movie graph")
		res := runChild(Spec{Task: "paths", Dir: dir("movies-" + bQuiver), Pairs: cfg.pairs, Seed: 1})
		r.Paths = &res
	}

	// 5. PostgreSQL.
	if !cfg.skip[bPostgres] {
		r.PG = runPostgres(cfg)
	}

	// 6. Scale curve on the synthetic claims graph.
	if !cfg.skip["scale"] {
		for _, n := range cfg.sizes {
			backends := []string{bQuiver}
			if !cfg.skip[bMemstore] && n <= 1_000_000 {
				backends = append(backends, bMemstore)
			}
			if n <= 100_000 {
				for _, b := range []string{bBolt, bLevelDB} {
					if !cfg.skip[b] {
						backends = append(backends, b)
					}
				}
			}
			for _, b := range backends {
				r.Scale = append(r.Scale, scalePoint(cfg, n, b, dir(fmt.Sprintf("synth-%d-%s", n, b))))
			}
		}
	}

	// 7. Server throughput, on a copy of the embedded movie store.
	if !cfg.skip["server"] && !cfg.skip["movies"] {
		logf("server throughput")
		cp := dir("movies-server")
		os.RemoveAll(cp)
		if err := exec.Command("cp", "-r", dir("movies-"+bQuiver), cp).Run(); err != nil {
			r.Notes = append(r.Notes, "server: copy failed: "+err.Error())
		} else {
			ro := runChild(Spec{Task: "server", Dir: cp, Seconds: cfg.seconds / 2})
			r.ServerRO = &ro
			rw := runChild(Spec{Task: "server", Dir: cp, Seconds: cfg.seconds, N: 1})
			r.Server = &rw
		}
	}
	r.Finished = time.Now()
	if cfg.results != "" {
		if b, err := json.MarshalIndent(r, "", " "); err == nil {
			os.WriteFile(cfg.results, b, 0o644)
		}
	}
	logf("writing %s and %s", cfg.out, cfg.svg)
	return writeReport(cfg, r)
}

func scalePoint(cfg config, n int, b, d string) ScalePoint {
	sp := ScalePoint{N: n, Backend: b}
	os.RemoveAll(d)
	logf("scale %d quads -> %s: load", n, b)
	spec := Spec{Task: "load", Backend: b, Data: "synth", N: n, Seed: 42, Dir: d}
	if b == bMemstore {
		spec.Dir = ""
	}
	sp.Load = runChild(spec)
	logf("  %.2f s, peak RSS %s, heap %s", sp.Load.LoadSec, mib(sp.Load.MaxRSS), mib(sp.Load.HeapBytes))
	if b != bMemstore {
		opens := 3
		if n >= 10_000_000 {
			opens = 2
		}
		for i := 0; i < opens; i++ {
			sp.Open = append(sp.Open, runChild(Spec{Task: "open", Backend: b, Data: "synth", Dir: d}))
		}
		logf("  open: median %.3f s to first answer", medianOf(sp.Open, firstAnswer))
	}
	pairs := 0
	if b == bQuiver {
		pairs = 30
	}
	sp.Probe = runChild(Spec{Task: "synthprobe", Backend: b, Data: "synth", N: n, Seed: 42, Dir: spec.Dir, Budget: cfg.budget / 2, Timeout: 60, Pairs: pairs})
	if !cfg.keep {
		os.RemoveAll(d)
	}
	return sp
}

// pgCases are the integration cases run on PostgreSQL (Cayley's SQL
// backend turns some of the others into very long SQL queries).
var pgCases = []string{
	"name predicate",
	"Net and Speed",
	"Keanu in Speed",
	"Save a number of predicates around a set of nodes",
	"co-stars of Keanu Reeves, depth 1",
}

func runPostgres(cfg config) *PGRun {
	pg := &PGRun{Quads: cfg.pgQuads}
	logf("postgres: starting a throwaway server")
	srv, err := pgtest.Start()
	if err != nil {
		pg.Err = err.Error()
		logf("  %v", err)
		return pg
	}
	defer srv.Stop()
	dsn, err := srv.NewDatabase("bench")
	if err != nil {
		pg.Err = err.Error()
		return pg
	}
	logf("load movies -> postgres (%d quads; 0 = all)", cfg.pgQuads)
	pg.Load = runChild(Spec{Task: "load", Backend: bPostgres, Data: "movies", N: cfg.pgQuads, DSN: dsn})
	logf("  %.2f s", pg.Load.LoadSec)
	if pg.Load.Err == "" {
		logf("queries on postgres")
		pg.Queries = runChild(Spec{Task: "queries", Backend: bPostgres, Data: "movies", DSN: dsn, Budget: cfg.budget, Timeout: 30, Cases: pgCases})
	}
	return pg
}

func firstAnswer(r Result) float64 { return r.Extra["process_to_first_answer_sec"] }

func medianOf(rs []Result, f func(Result) float64) float64 {
	var xs []float64
	for _, r := range rs {
		if r.Err == "" {
			xs = append(xs, f(r))
		}
	}
	return median(xs)
}

func mib(b int64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }

// movies runs workloads 1-3 on the movie data: load, open, Gizmo.
func (r *Run) movies(cfg config, dir func(string) string, durable []string) {
	// 1. Load the movie data.
	for _, b := range durable {
		logf("load movies -> %s", b)
		os.RemoveAll(dir("movies-" + b))
		r.Load[b] = runChild(Spec{Task: "load", Backend: b, Data: "movies", Dir: dir("movies-" + b)})
		logf("  %.2f s, peak RSS %s, disk %s", r.Load[b].LoadSec, mib(r.Load[b].MaxRSS), mib(r.Load[b].DiskBytes))
	}
	logf("load movies -> quiver, streamed in 100,000-quad transactions")
	os.RemoveAll(dir("movies-streamed"))
	r.Load[bStreamed] = runChild(Spec{Task: "load", Backend: bQuiver, Data: "movies", Dir: dir("movies-streamed"), Chunk: 100_000})
	os.RemoveAll(dir("movies-streamed"))
	logf("  %.2f s, peak RSS %s", r.Load[bStreamed].LoadSec, mib(r.Load[bStreamed].MaxRSS))
	if !cfg.skip[bMemstore] {
		logf("load movies -> memstore")
		r.Load[bMemstore] = runChild(Spec{Task: "load", Backend: bMemstore, Data: "movies"})
		logf("  %.2f s, peak RSS %s", r.Load[bMemstore].LoadSec, mib(r.Load[bMemstore].MaxRSS))
	}

	// 2. Open from cold until the first answer.
	for _, b := range durable {
		n := cfg.opens
		if b != bQuiver {
			n = max(1, min(n, 3))
		}
		for i := 0; i < n; i++ {
			res := runChild(Spec{Task: "open", Backend: b, Data: "movies", Dir: dir("movies-" + b)})
			r.Open[b] = append(r.Open[b], res)
		}
		logf("open %s: median %.3f s to first answer", b, medianOf(r.Open[b], firstAnswer))
	}

	// 3. Gizmo: integration cases and recursive co-stars.
	qb := []string{bQuiver, bEngine}
	if !cfg.skip[bMemstore] {
		qb = append(qb, bMemstore)
	}
	qb = append(qb, durable[1:]...)
	for _, b := range qb {
		logf("queries on %s", b)
		d := dir("movies-" + b)
		if b == bEngine {
			d = dir("movies-" + bQuiver)
		}
		r.Queries[b] = runChild(Spec{Task: "queries", Backend: b, Data: "movies", Dir: d, Budget: cfg.budget, Timeout: 60})
	}

}

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"time"
)

// childMain runs one measurement in this (fresh) process and prints its
// Result as the last line of standard output.
func childMain(arg string) {
	var spec Spec
	var res Result
	if err := json.Unmarshal([]byte(arg), &spec); err != nil {
		res.Err = err.Error()
	} else {
		func() {
			defer func() {
				if r := recover(); r != nil {
					res.Err = fmt.Sprintf("panic: %v", r)
				}
			}()
			res = runTask(spec)
		}()
	}
	out, _ := json.Marshal(res)
	fmt.Println(string(out))
	if res.Err != "" {
		os.Exit(1)
	}
}

func runTask(spec Spec) Result {
	ctx := context.Background()
	switch spec.Task {
	case "load":
		return taskLoad(ctx, spec)
	case "open":
		return taskOpen(ctx, spec)
	case "queries":
		return taskQueries(ctx, spec)
	case "paths":
		return taskPaths(ctx, spec)
	case "synthprobe":
		return taskSynthProbe(ctx, spec)
	case "server":
		return taskServer(ctx, spec)
	}
	return Result{Err: fmt.Sprintf("unknown task %q", spec.Task)}
}

func heapAlloc() int64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc)
}

func errResult(err error) Result { return Result{Err: err.Error()} }

// taskLoad loads the data into a new store: wall time from the first byte
// read (parsing included; synthetic data is generated beforehand) until the
// store is closed (durable backends) and the Go heap the loaded store holds
// (measured before closing, outside the timed part).
func taskLoad(ctx context.Context, spec Spec) Result {
	base := heapAlloc() // before generating synthetic data, which is dropped before measuring
	src, err := dataSource(spec)
	if err != nil {
		return errResult(err)
	}
	heapAlloc() // collect the generator's garbage outside the timing
	start := time.Now()
	s, err := openStore(ctx, spec)
	if err != nil {
		return errResult(err)
	}
	n, err := s.load(ctx, src)
	if err != nil {
		return errResult(fmt.Errorf("load: %w", err))
	}
	loaded := time.Since(start)
	src = source{}
	runtime.KeepAlive(src)
	res := Result{Quads: n, HeapBytes: heapAlloc() - base, RSSBytes: vmStatus("VmRSS")}
	start = time.Now()
	if spec.Backend != bMemstore {
		if err := s.close(); err != nil {
			return errResult(err)
		}
	}
	res.LoadSec = (loaded + time.Since(start)).Seconds()
	if spec.Dir != "" {
		res.DiskBytes = dirSize(spec.Dir)
	}
	return res
}

// firstQuery is the query answered to end the open measurement.
func firstQuery(data string) string {
	if data == "synth" {
		return `g.V("<ent:E1>").out().all()`
	}
	return `g.V("Humphrey Bogart").in("<name>").all()`
}

// taskOpen opens an existing store and answers one query; the parent
// measures from before exec to the answer's timestamp.
func taskOpen(ctx context.Context, spec Spec) Result {
	start := time.Now()
	s, err := openStore(ctx, spec)
	if err != nil {
		return errResult(err)
	}
	rows, err := s.query(ctx, firstQuery(spec.Data))
	if err != nil {
		return errResult(err)
	}
	res := Result{FirstAnswer: time.Now().UnixNano(), OpenSec: time.Since(start).Seconds()}
	if n, _ := countRows(rows); n == 0 {
		return errResult(fmt.Errorf("first query found nothing"))
	}
	res.HeapBytes = heapAlloc()
	res.RSSBytes = vmStatus("VmRSS")
	if qs, ok := s.(*quiverStore); ok {
		st, err := qs.s.Stats(ctx)
		if err == nil {
			res.Quads = st.Quads
		}
	}
	s.close()
	return res
}

func specBudget(spec Spec) (time.Duration, time.Duration) {
	budget, timeout := time.Duration(spec.Budget*float64(time.Second)), time.Duration(spec.Timeout*float64(time.Second))
	if budget <= 0 {
		budget = time.Second
	}
	if timeout <= 0 {
		timeout = 60 * time.Second
	}
	return budget, timeout
}

// taskQueries runs the Gizmo cases. memstore is loaded first (outside the
// timings); the others open the store the load task built.
func taskQueries(ctx context.Context, spec Spec) Result {
	cases, err := pickCases(spec.Cases)
	if err != nil {
		return errResult(err)
	}
	s, err := openStore(ctx, spec)
	if err != nil {
		return errResult(err)
	}
	defer s.close()
	var res Result
	if spec.Backend == bMemstore {
		src, err := dataSource(spec)
		if err != nil {
			return errResult(err)
		}
		start := time.Now()
		if res.Quads, err = s.load(ctx, src); err != nil {
			return errResult(err)
		}
		res.LoadSec = time.Since(start).Seconds()
	}
	budget, timeout := specBudget(spec)
	res.Cases = runCases(ctx, s, cases, budget, timeout)
	return res
}

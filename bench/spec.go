package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strings"
	"syscall"
	"time"
)

// Spec tells a child process what to measure. The parent passes it as JSON
// in the child's arguments; the child prints one Result as JSON on the last
// line of its standard output.
type Spec struct {
	Task    string   `json:"task"`              // load, open, queries, paths, synthprobe, server
	Backend string   `json:"backend"`           // quiver, bolt, leveldb, memstore, postgres
	Data    string   `json:"data"`              // movies or synth
	N       int      `json:"n,omitempty"`       // synth size / max quads of a slice
	Seed    int64    `json:"seed,omitempty"`    // synth seed
	Dir     string   `json:"dir,omitempty"`     // store directory
	DSN     string   `json:"dsn,omitempty"`     // postgres
	Budget  float64  `json:"budget,omitempty"`  // seconds of timed runs per query case
	Timeout float64  `json:"timeout,omitempty"` // seconds per query run
	Cases   []string `json:"cases,omitempty"`   // subset of query cases; empty: all
	Pairs   int      `json:"pairs,omitempty"`   // path pairs
	Seconds float64  `json:"seconds,omitempty"` // server run time
	Chunk   int      `json:"chunk,omitempty"`   // quads per Load call (quiver), 0: whole input
}

// Result is what a child measured. The parent adds Wall and MaxRSS.
type Result struct {
	Quads       int64              `json:"quads,omitempty"`
	LoadSec     float64            `json:"load_sec,omitempty"`
	ParseSec    float64            `json:"parse_sec,omitempty"`
	DiskBytes   int64              `json:"disk_bytes,omitempty"`
	HeapBytes   int64              `json:"heap_bytes,omitempty"` // Go heap retained by the open store after GC
	RSSBytes    int64              `json:"rss_bytes,omitempty"`  // VmRSS after the task's main step
	OpenSec     float64            `json:"open_sec,omitempty"`   // in-process: open call until the first answer
	FirstAnswer int64              `json:"first_answer_unixnano,omitempty"`
	Cases       []CaseResult       `json:"cases,omitempty"`
	Paths       *PathsStats        `json:"paths,omitempty"`
	Server      *ServerStats       `json:"server,omitempty"`
	Extra       map[string]float64 `json:"extra,omitempty"`
	Note        string             `json:"note,omitempty"`
	Err         string             `json:"err,omitempty"`

	Wall   float64 `json:"wall,omitempty"`    // parent: process start to exit
	MaxRSS int64   `json:"max_rss,omitempty"` // parent: peak RSS of the child (rusage)
}

// CaseResult is one query case's timings in milliseconds.
type CaseResult struct {
	Name  string  `json:"name"`
	P50   float64 `json:"p50"`
	P99   float64 `json:"p99"`
	Runs  int     `json:"runs"`
	Rows  int     `json:"rows"`
	Count float64 `json:"count,omitempty"` // value of a count query
	Want  int     `json:"want"`            // expected rows, -1 unknown
	OK    bool    `json:"ok"`
	Err   string  `json:"err,omitempty"`
}

// runChild re-executes this binary to measure spec in a fresh process.
func runChild(spec Spec) Result {
	arg, _ := json.Marshal(spec)
	cmd := exec.Command(os.Args[0], "child", string(arg))
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = os.Stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	var res Result
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if jerr := json.Unmarshal([]byte(lines[len(lines)-1]), &res); jerr != nil {
		res.Err = fmt.Sprintf("child %s/%s: %v; output: %.300s", spec.Task, spec.Backend, err, out.String())
	} else if err != nil && res.Err == "" {
		res.Err = err.Error()
	}
	res.Wall = wall.Seconds()
	if ps := cmd.ProcessState; ps != nil {
		if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
			res.MaxRSS = ru.Maxrss * 1024
		}
	}
	if res.FirstAnswer > 0 {
		// open-to-first-answer from the parent's view: exec included.
		res.Extra = setExtra(res.Extra, "process_to_first_answer_sec", float64(res.FirstAnswer-start.UnixNano())/1e9)
	}
	if res.Err != "" {
		logf("  ! %s/%s: %s", spec.Task, spec.Backend, res.Err)
	}
	return res
}

func setExtra(m map[string]float64, k string, v float64) map[string]float64 {
	if m == nil {
		m = map[string]float64{}
	}
	m[k] = v
	return m
}

// vmStatus reads a field (in bytes) of /proc/self/status, e.g. "VmRSS".
func vmStatus(field string) int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, field+":") {
			var kb int64
			fmt.Sscanf(strings.TrimSpace(line[len(field)+1:]), "%d", &kb)
			return kb * 1024
		}
	}
	return 0
}

// percentile returns the nearest-rank p-th percentile of xs.
func percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	i := int(p/100*float64(len(s))+0.999999) - 1
	return s[max(0, min(i, len(s)-1))]
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
}

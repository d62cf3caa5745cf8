package main

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"time"

	"github.com/quiver-kg/quiver/internal/cayleycases"
)

// integrationJSON is the 12 Gizmo cases of Cayley's own integration
// table, with their expected rows (package cayleycases).
var integrationJSON = cayleycases.JSON

type queryCase struct {
	Name        string `json:"name"`
	Query       string `json:"query"`
	ExpectKind  string `json:"expect_kind"`
	ExpectCount int    `json:"expect_count"`
	Long        bool   `json:"long"`
	Recursive   bool   `json:"-"`
}

// costar is one co-star step: actor -> performance -> film -> performance -> actor.
const costar = `var costar = g.M().in("</film/performance/actor>").in("</film/film/starring>").out("</film/film/starring>").out("</film/performance/actor>");
`

// recursiveCases are the co-star networks of Keanu Reeves at depth 1, 2, 3
// and unbounded (Cayley's default recursion cap), counted.
func recursiveCases() []queryCase {
	var cs []queryCase
	for _, d := range []int{1, 2, 3, 0} {
		name := fmt.Sprintf("co-stars of Keanu Reeves, depth %d", d)
		arg := fmt.Sprintf(", %d", d)
		if d == 0 {
			name, arg = "co-stars of Keanu Reeves, unbounded", ""
		}
		cs = append(cs, queryCase{
			Name:       name,
			Query:      costar + `g.emit(g.V("Keanu Reeves").in("<name>").followRecursive(costar` + arg + `).count())`,
			ExpectKind: "count", ExpectCount: -1, Recursive: true,
		})
	}
	return cs
}

func allCases() ([]queryCase, error) {
	var doc struct {
		Cases []queryCase `json:"cases"`
	}
	if err := json.Unmarshal(integrationJSON, &doc); err != nil {
		return nil, err
	}
	if len(doc.Cases) != 12 {
		return nil, fmt.Errorf("integration cases: %d, want 12", len(doc.Cases))
	}
	return append(doc.Cases, recursiveCases()...), nil
}

func pickCases(names []string) ([]queryCase, error) {
	all, err := allCases()
	if err != nil || len(names) == 0 {
		return all, err
	}
	var out []queryCase
	for _, n := range names {
		found := false
		for _, c := range all {
			if c.Name == n {
				out, found = append(out, c), true
			}
		}
		if !found {
			return nil, fmt.Errorf("no query case %q", n)
		}
	}
	return out, nil
}

// runCases runs each case once to warm up and check its answer, then
// repeats it until budget seconds of timed runs (at least one, at most 200).
func runCases(ctx context.Context, s store, cases []queryCase, budget, timeout time.Duration) []CaseResult {
	var out []CaseResult
	for _, c := range cases {
		r := CaseResult{Name: c.Name, Want: c.ExpectCount}
		rows, d, err := timeQuery(ctx, s, c.Query, timeout)
		if err != nil {
			r.Err = err.Error()
			if ctx.Err() == nil && d >= timeout {
				r.Err = fmt.Sprintf("timeout after %v", timeout)
			}
			r.P50, r.P99 = d.Seconds()*1e3, d.Seconds()*1e3
			out = append(out, r)
			logf("    %-62s error: %s", c.Name, r.Err)
			continue
		}
		r.Rows, r.Count = countRows(rows)
		r.OK = c.ExpectCount < 0 || r.Rows == c.ExpectCount
		var samples []float64
		if d > budget { // too slow to repeat: the warm-up run is the sample
			samples = append(samples, d.Seconds()*1e3)
		}
		var spent time.Duration
		for len(samples) == 0 || (d <= budget && spent < budget && len(samples) < 200) {
			_, d, err := timeQuery(ctx, s, c.Query, timeout)
			if err != nil {
				r.Err = err.Error()
				break
			}
			spent += d
			samples = append(samples, d.Seconds()*1e3)
		}
		r.Runs = len(samples)
		r.P50, r.P99 = median(samples), percentile(samples, 99)
		out = append(out, r)
		logf("    %-62s p50 %9.2f ms  p99 %9.2f ms  rows %d ok=%v", c.Name, r.P50, r.P99, r.Rows, r.OK)
	}
	return out
}

// countRows counts non-null rows and returns the value of a single numeric
// row (count queries).
func countRows(rows []interface{}) (int, float64) {
	n, v := 0, 0.0
	for _, r := range rows {
		if r == nil {
			continue
		}
		n++
		switch x := r.(type) {
		case float64:
			v = x
		case int:
			v = float64(x)
		case int64:
			v = float64(x)
		}
	}
	return n, v
}

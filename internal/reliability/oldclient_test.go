package reliability_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestOldCayleyClient drives Cayley 0.6's npm client, cayley.js 0.2.1 (the
// `cayley` package on npm, with the request library its range resolves
// to), against a real `quiver serve`: its Gizmo queries, written in
// Cayley 0.6's capitalized style, go to /api/v1/query/gremlin, and
// request's json option sends each as a JSON string; its writes and
// deletes go to /api/v1/write and /api/v1/delete; its shape call goes to
// /api/v1/shape/gremlin, which answers 501. The client is installed with
// npm ci from the fixture's committed lockfile (testdata/cayleyjs) into a
// directory of the test's own; npm needs the registry.
func TestOldCayleyClient(t *testing.T) {
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is not installed: the old-client test runs Cayley 0.6's npm client (install Node.js 20, as for the explorer)", tool)
		}
	}
	dir := t.TempDir()
	for _, f := range []string{"package.json", "package-lock.json", "client.js"} {
		data, err := os.ReadFile(filepath.Join("testdata", "cayleyjs", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	install := exec.CommandContext(ctx, "npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts")
	install.Dir = dir
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("npm ci: %v\n%s", err, out)
	}

	s := startChild(t, filepath.Join(t.TempDir(), "store"))
	run := exec.CommandContext(ctx, "node", "client.js", s.url)
	run.Dir = dir
	out, err := run.Output()
	if err != nil {
		t.Fatalf("node client.js: %v\n%s", err, out)
	}
	var got map[string]json.RawMessage
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("client output %q: %v", out, err)
	}
	// What the old client gets for a query is what a current one gets for
	// the same query over /api/v1/query/gizmo.
	current := func(q string) string {
		code, body := s.query(t, q)
		var res struct{ Result json.RawMessage }
		if err := json.Unmarshal(body, &res); code != 200 || err != nil {
			t.Fatalf("%s: %d %s", q, code, body)
		}
		return string(res.Result)
	}
	for name, want := range map[string]string{
		"all":         current(`g.V("<ent:Russia>").Out("<kg:allies-with>").Out("<rdfs:label>").All()`),
		"getLimit":    current(`g.V("<ent:Russia>").Out("<kg:allies-with>").GetLimit(1)`),
		"morphism":    current(`var allies = g.Morphism().Out("<kg:allies-with>"); g.V("<ent:Russia>").Follow(allies).Out("<rdfs:label>").All()`),
		"promise":     current(`g.V("<ent:Iran>").Out("<rdfs:label>").All()`),
		"write":       `{"result":"Successfully wrote 1 quads."}`,
		"readBack":    `[{"id":"hello from cayley.js"}]`,
		"delete":      `{"result":"Successfully deleted 1 quads."}`,
		"afterDelete": `null`,
	} {
		if !sameRows(got[name], want) || strings.Contains(string(got[name]), "clientError") {
			t.Errorf("%s: got %s, want %s", name, got[name], want)
		}
	}
	var shape struct{ Error string }
	if err := json.Unmarshal(got["shape"], &shape); err != nil || !strings.Contains(shape.Error, "not served") {
		t.Errorf("shape: got %s, want the 501's error saying shapes are not served", got["shape"])
	}
}

// sameRows compares two JSON values, lists of rows in any order.
func sameRows(got json.RawMessage, want string) bool {
	var g, w any
	if json.Unmarshal(got, &g) != nil || json.Unmarshal([]byte(want), &w) != nil {
		return false
	}
	gl, gok := g.([]any)
	wl, wok := w.([]any)
	if !gok || !wok {
		gj, _ := json.Marshal(g)
		wj, _ := json.Marshal(w)
		return string(gj) == string(wj)
	}
	if len(gl) != len(wl) {
		return false
	}
	seen := map[string]int{}
	for _, x := range gl {
		b, _ := json.Marshal(x)
		seen[string(b)]++
	}
	for _, x := range wl {
		b, _ := json.Marshal(x)
		if seen[string(b)]--; seen[string(b)] < 0 {
			return false
		}
	}
	return true
}

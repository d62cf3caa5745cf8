package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quiver-kg/quiver/internal/cli"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/golden")

// ask runs the quiver command line on a fresh seeded memory store.
func ask(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = cli.Run(context.Background(), append([]string{"--backend", "memory"}, args...), strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), code
}

func TestQuestionCommands(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want []string // substrings the output must hold, beyond the golden file
	}{
		{"why-recognition", []string{"why", "ev:RussiaRecognizesTaliban"},
			[]string{"Vladimir Putin (ent:VladimirPutin): decided", "Sergey Lavrov (ent:SergeyLavrov): advised, influenced", "per TASS", "“Russian President Vladimir Putin made the final decision”"}},
		{"why-recognition-confident", []string{"why", "recognition of the Taliban", "--min-confidence", "0.85"}, []string{"Sergey Lavrov"}},
		{"paths-lavrov-taliban", []string{"paths", "Lavrov", "Taliban", "--k", "3"}, []string{"Path 3", "--influenced-->"}},
		{"paths-none", []string{"paths", "Taliban", "Russia", "--predicate", "kg:recognizes"}, []string{"No path from Taliban to Russia: filters"}},
		{"neighbors-russia", []string{"neighbors", "Russia", "--limit", "3"}, []string{"--> allies with (2): Iran, North Korea"}},
		{"timeline", []string{"timeline", "--after", "2022"}, []string{"2024-12"}},
		{"search-lavrof", []string{"search", "lavrof", "--limit", "2"}, []string{"Sergey Lavrov"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errs, code := ask(t, tt.args...)
			expectAnswer(t, tt.name, code, out, errs, tt.want)
		})
	}
}

func TestQuestionCommandsJSON(t *testing.T) {
	out, errs, code := ask(t, "why", "ent:SergeyLavrov", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var res struct {
		Target struct{ ID string }
		Reason string
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Target.ID != "ent:SergeyLavrov" || res.Reason == "" {
		t.Errorf("%+v %v\n%s", res, err, out)
	}
	out, _, code = ask(t, "paths", "Lavrov", "Taliban", "--json")
	if code != 0 || !strings.Contains(out, `"claim": "claim:lavrov-influenced-decision"`) {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

func TestUnknownNameSuggests(t *testing.T) {
	_, errs, code := ask(t, "why", "Lavrof")
	if code != 1 || !strings.Contains(errs, "not found") || !strings.Contains(errs, "Sergey Lavrov (ent:SergeyLavrov)") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
}

// expectAnswer checks a question command's answer: exit 0, every string
// of want in the output, and the output equal to the golden file name.txt.
func expectAnswer(t *testing.T, name string, code int, out, errs string, want []string) {
	t.Helper()
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	golden(t, name+".txt", out)
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file:\n%s", path, got)
	}
}

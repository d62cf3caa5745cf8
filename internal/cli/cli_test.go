package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/quiver-kg/quiver/internal/cli"
)

// run executes the CLI in-process and returns its exit code and output.
func run(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = cli.Run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestInitLoadsTheSeedOnce(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := run(t, "", "--data", dir, "init")
	if code != 0 || !strings.Contains(out, "created embedded store") {
		t.Fatalf("init: code %d, out %q, err %q", code, out, errOut)
	}
	code, out, _ = run(t, "", "--data", dir, "init")
	if code != 0 || !strings.Contains(out, "opened existing") {
		t.Fatalf("second init: code %d, out %q", code, out)
	}
}

func TestQuiverDataEnvSelectsTheStore(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("QUIVER_DATA", dir)
	if code, _, errOut := run(t, "", "--no-seed", "init"); code != 0 {
		t.Fatalf("init: %s", errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "quiver.lock")); err != nil {
		t.Fatalf("QUIVER_DATA not used: %v", err)
	}
}

func TestLoadQueryDumpStatsCheck(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := run(t, "", "--data", dir, "--no-seed", "load", "testdata/small.nq")
	if code != 0 || !strings.Contains(out, "loaded 9 quads") {
		t.Fatalf("load: code %d, out %q, err %q", code, out, errOut)
	}
	t.Run("query argument", func(t *testing.T) {
		code, out, errOut := run(t, "", "--data", dir, "query", `g.V("<ent:A>").out("<kg:knows>").all()`)
		if code != 0 {
			t.Fatalf("code %d: %s", code, errOut)
		}
		var rows []map[string]string
		if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 1 || rows[0]["id"] != "<ent:B>" {
			t.Fatalf("rows %q (%v)", out, err)
		}
	})
	t.Run("query stdin and file", func(t *testing.T) {
		q := `g.V("<ent:B>").in("<kg:knows>").all()`
		_, fromStdin, _ := run(t, q, "--data", dir, "query")
		f := filepath.Join(t.TempDir(), "q.js")
		os.WriteFile(f, []byte(q), 0o600)
		_, fromFile, _ := run(t, "", "--data", dir, "query", "-f", f)
		if fromStdin != fromFile || !strings.Contains(fromStdin, "<ent:A>") {
			t.Fatalf("stdin %q, file %q", fromStdin, fromFile)
		}
	})
	t.Run("query limit", func(t *testing.T) {
		_, out, errOut := run(t, "", "--data", dir, "query", "--limit", "2", `g.V().all()`)
		var rows []interface{}
		json.Unmarshal([]byte(out), &rows)
		if len(rows) != 2 || !strings.Contains(errOut, "truncated") {
			t.Fatalf("rows %d, stderr %q", len(rows), errOut)
		}
	})
	t.Run("query error", func(t *testing.T) {
		code, _, errOut := run(t, "", "--data", dir, "query", `g.V(`)
		if code != 1 || errOut == "" {
			t.Fatalf("code %d, stderr %q", code, errOut)
		}
	})
	t.Run("stats", func(t *testing.T) {
		_, out, _ := run(t, "", "--data", dir, "stats", "--json")
		var st struct{ Quads int }
		// 9 quads of the document, 6 of the change log's entry.
		if err := json.Unmarshal([]byte(out), &st); err != nil || st.Quads != 15 {
			t.Fatalf("stats %q", out)
		}
	})
	t.Run("check", func(t *testing.T) {
		code, out, _ := run(t, "", "--data", dir, "check")
		if code != 0 || !strings.Contains(out, "ok: 15 quads") {
			t.Fatalf("check: code %d, %q", code, out)
		}
	})
	for _, format := range []string{"nquads", "jsonld", "graphml", "dot"} {
		t.Run("dump "+format, func(t *testing.T) {
			code, out, errOut := run(t, "", "--data", dir, "dump", "--format", format)
			if code != 0 || !strings.Contains(out, "ent:A") {
				t.Fatalf("code %d, out %q, err %q", code, out, errOut)
			}
		})
	}
	t.Run("dump round-trips", func(t *testing.T) {
		f := filepath.Join(t.TempDir(), "out.nq")
		if code, _, errOut := run(t, "", "--data", dir, "dump", "-o", f); code != 0 {
			t.Fatal(errOut)
		}
		dir2 := t.TempDir()
		code, out, errOut := run(t, "", "--data", dir2, "--no-seed", "load", f)
		if code != 0 || !strings.Contains(out, "loaded 15 quads") || !strings.Contains(out, "15 new") {
			t.Fatalf("reload: %q %q", out, errOut)
		}
		// The dump brings its change log: the restore adds no entry, so
		// the two stores are the same.
		_, d1, _ := run(t, "", "--data", dir, "dump")
		_, d2, _ := run(t, "", "--data", dir2, "dump")
		if sortedLines(d1) != sortedLines(d2) {
			t.Fatalf("restored store differs:\n%s\n---\n%s", d1, d2)
		}
	})
}

func TestBadInputWritesNothing(t *testing.T) {
	dir := t.TempDir()
	run(t, "", "--data", dir, "--no-seed", "load", "testdata/small.nq")
	_, before, _ := run(t, "", "--data", dir, "stats", "--json")
	code, _, errOut := run(t, "", "--data", dir, "load", "testdata/small.nq", "testdata/bad-missing-dot.nq")
	if code != 1 || !strings.Contains(errOut, "testdata/bad-missing-dot.nq:2:27:") {
		t.Fatalf("code %d, stderr %q", code, errOut)
	}
	if _, after, _ := run(t, "", "--data", dir, "stats", "--json"); after != before {
		t.Fatalf("store changed by a failed load: %s, then %s", before, after)
	}
}

func TestValidateReportsEveryFileWithoutWriting(t *testing.T) {
	dir := t.TempDir()
	code, out, _ := run(t, "", "--data", dir, "validate", "testdata/small.nq", "testdata/bad-missing-dot.nq")
	if code != 1 || !strings.Contains(out, "testdata/small.nq: ok, 9 quads") || !strings.Contains(out, "bad-missing-dot.nq:2:27") {
		t.Fatalf("code %d, out %q", code, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "quiver.lock")); !os.IsNotExist(err) {
		t.Fatal("validate opened the store")
	}
}

func TestUsageErrors(t *testing.T) {
	for name, args := range map[string][]string{
		"unknown flag":    {"stats", "--nope"},
		"two query forms": {"query", "-f", "x.js", "g.V()"},
		"missing file":    {"load"},
	} {
		t.Run(name, func(t *testing.T) {
			code, _, errOut := run(t, "", append([]string{"--data", t.TempDir()}, args...)...)
			if code == 0 || errOut == "" {
				t.Fatalf("code %d, stderr %q", code, errOut)
			}
		})
	}
}

func TestUnknownBackendIsReported(t *testing.T) {
	code, _, errOut := run(t, "", "--backend", "nosuch", "stats")
	if code != 1 || !strings.Contains(errOut, "unknown backend") {
		t.Fatalf("code %d, stderr %q", code, errOut)
	}
}

func TestBadClaimsFileWritesNothing(t *testing.T) {
	dir := t.TempDir()
	run(t, "", "--data", dir, "init")
	_, before, _ := run(t, "", "--data", dir, "stats", "--json")
	text, err := os.ReadFile("../../seeds/russia-recognizes-taliban.txt")
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	os.WriteFile(filepath.Join(work, "article.txt"), text, 0o600)
	claims := `document:
  id: doc:test
  title: A test
  text: article.txt
entities:
  - id: ent:Russia
    type: kg:Country
    label: Russia
claims:
  - id: claim:bad
    quote: Russia has become the first country
    confidence: 1.5
    facts:
      - [ent:Russia, kg:recognises, ent:Russia]
`
	f := filepath.Join(work, "bad.claims.yaml")
	os.WriteFile(f, []byte(claims), 0o600)
	code, _, errOut := run(t, "", "--data", dir, "load", f)
	for _, want := range []string{"bad.claims.yaml:12:17", "confidence", "bad.claims.yaml:14:22", "did you mean kg:recognizes?"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
	_, after, _ := run(t, "", "--data", dir, "stats", "--json")
	if before != after {
		t.Fatalf("a rejected claims file changed the store: %s -> %s", before, after)
	}
}

// validate --schema checks N-Quads against the vocabulary: a misspelt
// predicate is found, with a suggestion; without the flag only the syntax
// is checked.
func TestValidateSchemaChecksNQuads(t *testing.T) {
	code, out, _ := run(t, "", "validate", "testdata/vocabulary-typo.nq")
	if code != 0 || !strings.Contains(out, "ok, 4 quads") {
		t.Fatalf("without --schema: code %d, out %q", code, out)
	}
	code, out, _ = run(t, "", "validate", "--schema", "testdata/vocabulary-typo.nq")
	if code != 1 || !strings.Contains(out, "quad 4: ent:Russia kg:recognises: unknown predicate kg:recognises (did you mean kg:recognizes?)") {
		t.Fatalf("with --schema: code %d, out %q", code, out)
	}
	if strings.Contains(out, "quad 3") {
		t.Errorf("a declared predicate was reported: %q", out)
	}
}

// A claims file's text is read next to it, whatever the directory the
// command runs in (the directory was joined twice: seeds/seeds/x.txt).
func TestValidateClaimsFileInAnotherDirectory(t *testing.T) {
	code, out, errOut := run(t, "", "validate", "../../seeds/russia-recognizes-taliban.claims.yaml")
	if code != 0 || !strings.Contains(out, "russia-recognizes-taliban.claims.yaml: ok") {
		t.Fatalf("validate: code %d, out %q, err %q", code, out, errOut)
	}
	dir := t.TempDir()
	code, out, errOut = run(t, "", "--data", dir, "--no-seed", "load", "../../seeds/russia-recognizes-taliban.claims.yaml")
	if code != 0 {
		t.Fatalf("load: code %d, out %q, err %q", code, out, errOut)
	}
}

// sortedLines returns s's lines sorted, to compare dumps as sets.
func sortedLines(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// quiver draft prints a claims file that loads as printed, with the text
// path relative to the output file, from the store's entities.
func TestDraftLoadsAsPrinted(t *testing.T) {
	dir := t.TempDir()
	work := t.TempDir()
	text := filepath.Join(work, "texts", "envoy.txt")
	if err := os.MkdirAll(filepath.Dir(text), 0o755); err != nil {
		t.Fatal(err)
	}
	article := "Envoy Accepted\nSpecial envoy Zamir Kabulov told TASS that Putin approved the decision on the recommendation of Lavrov."
	if err := os.WriteFile(text, []byte(article), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(work, "claims", "envoy.claims.yaml")
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		t.Fatal(err)
	}
	code, stdout, errOut := run(t, "", "--data", dir, "draft", text, "-o", out)
	if code != 0 || !strings.Contains(stdout, "claim stubs") {
		t.Fatalf("draft: code %d, %q %q", code, stdout, errOut)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"id: doc:envoy", `title: "Envoy Accepted"`, `text: "../texts/envoy.txt"`,
		"- [ent:SergeyLavrov, kg:advised, \"ent:VladimirPutin\"]", "attributedTo: ent:ZamirKabulov", "via: [ent:TASS]"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("draft lacks %q:\n%s", want, data)
		}
	}
	code, stdout, errOut = run(t, "", "--data", dir, "load", out)
	if code != 0 || !strings.Contains(stdout, "load doc:envoy") {
		t.Fatalf("loading the draft as printed: code %d, %q %q", code, stdout, errOut)
	}
	// Drafting an article the store holds warns that loading would replace it.
	_, _, errOut = run(t, "", "--data", dir, "draft", "--id", "doc:russia-recognizes-taliban", text)
	if !strings.Contains(errOut, "already holds doc:russia-recognizes-taliban (37 claims)") {
		t.Errorf("no warning about replacing the seed: %q", errOut)
	}
}

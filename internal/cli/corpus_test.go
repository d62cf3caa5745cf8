package cli_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The corpus of testdata/corpus (see its README) loaded the way a user
// does: quiver load of every claims file, then the correction.

// corpusFiles returns the paths of corpus claims files by name.
func corpusFiles(names ...string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = filepath.Join("..", "..", "testdata", "corpus", n+".claims.yaml")
	}
	return out
}

// allCorpus is every first version of the corpus, in a fixed order.
var allCorpus = []string{
	"steppe-wire-envoy", "kabul-ledger-envoy", "frontier-daily-envoy", "asia-digest-envoy",
	"northern-courier-april", "caspian-review-decision",
}

// corpusStore creates a seeded embedded store holding the whole corpus,
// the correction loaded last, and returns its directory.
func corpusStore(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, files := range [][]string{corpusFiles(allCorpus...), corpusFiles("corrections/caspian-review-decision")} {
		args := append([]string{"--data", dir, "load"}, files...)
		if code, out, errOut := run(t, "", args...); code != 0 {
			t.Fatalf("load: code %d\n%s\n%s", code, out, errOut)
		}
	}
	return dir
}

func TestCorpusQuestions(t *testing.T) {
	dir := corpusStore(t)
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"corpus-why", []string{"why", "ev:RussiaRecognizesTaliban", "--limit", "3"},
			[]string{"Vladimir Putin (ent:VladimirPutin): decided; distance 1, 3 independent sources", "(per Zamir Kabulov via Steppe Wire · F1, confidence 0.75; doc:kabul-ledger-envoy sentence 1, claim:ledger-putin-approved)"}},
		{"corpus-evidence-kabulov-alone", []string{"evidence", "--source", "ent:ZamirKabulov", "--sole-source"},
			[]string{"4 claims from 1 independent source", "--date--> \"2025-07-03\" (1 source)"}},
		{"corpus-evidence-putin-decided", []string{"evidence", "--fact", "Putin", "kg:decided", "ev:RussiaRecognizesTaliban"},
			[]string{"6 claims from 3 independent sources"}},
		{"corpus-evidence-document", []string{"evidence", "--document", "doc:caspian-review-decision"},
			[]string{"“a ruling in April 2025 by Russia’s Supreme Court that suspended the ban on the Taliban”"}},
		{"corpus-conflicts", []string{"conflicts"},
			[]string{"1. Russia (opposite): Russia does not recognize Taliban, and Russia recognizes Taliban, at overlapping times"}},
		{"corpus-timeline", []string{"timeline", "--after", "2025"}, []string{"2025-07-03  Russia accepts the credentials of the Taliban’s ambassador (1 source)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run(t, "", append([]string{"--data", dir}, tt.args...)...)
			expectAnswer(t, tt.name, code, out, errOut, tt.want)
		})
	}
}

// quiver evidence refuses what it cannot answer, saying why.
func TestEvidenceUsage(t *testing.T) {
	for name, tt := range map[string]struct {
		args []string
		code int
		want string
	}{
		"nothing to list":        {[]string{"evidence"}, 2, "say what to list"},
		"fact needs three":       {[]string{"evidence", "--fact", "ent:Russia", "kg:recognizes"}, 2, "--fact takes three arguments"},
		"sole source alone":      {[]string{"evidence", "--sole-source"}, 2, "--sole-source needs --source"},
		"unknown source":         {[]string{"evidence", "--source", "ent:Nobody"}, 1, "source ent:Nobody is neither an entity nor a document"},
		"two selectors":          {[]string{"evidence", "--claim", "claim:tass-report", "--node", "Lavrov"}, 1, "at most one of a claim, a fact and a node"},
		"arguments without fact": {[]string{"evidence", "ent:Russia"}, 2, "a fact is given as --fact S P O"},
	} {
		t.Run(name, func(t *testing.T) {
			_, errOut, code := ask(t, tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errOut, tt.code, tt.want)
			}
		})
	}
}

// A valid file's warnings are printed by load and validate, and it loads (they used to vanish):
// here a node id written where a literal belongs.
func TestLoadPrintsWarningsOfValidFiles(t *testing.T) {
	src, err := os.ReadFile(corpusFiles("caspian-review-decision")[0])
	if err != nil {
		t.Fatal(err)
	}
	text, err := filepath.Abs(filepath.Join("..", "..", "testdata", "corpus", "caspian-review-decision.txt"))
	if err != nil {
		t.Fatal(err)
	}
	claims := strings.Replace(string(src), "text: caspian-review-decision.txt", "text: "+text, 1)
	claims = strings.Replace(claims, `[ev:SupremeCourtSuspendsTalibanBan, kg:date, "2025-03"]`,
		"[ev:SupremeCourtSuspendsTalibanBan, kg:date, \"2025-03\"]\n      - [ev:SupremeCourtSuspendsTalibanBan, kg:description, ent:Taliban]", 1)
	f := filepath.Join(t.TempDir(), "warned.claims.yaml")
	if err := os.WriteFile(f, []byte(claims), 0o600); err != nil {
		t.Fatal(err)
	}
	const warning = "warning: claim:caspian-court-ruling kg:description: ent:Taliban is a node id, but kg:description takes a string"
	dir := t.TempDir()
	code, out, errOut := run(t, "", "--data", dir, "load", f)
	if code != 0 || !strings.Contains(out, "load doc:caspian-review-decision") || !strings.Contains(errOut, warning) {
		t.Fatalf("load: exit %d\nstdout %s\nstderr %s", code, out, errOut)
	}
	code, out, _ = run(t, "", "--data", dir, "validate", f)
	if code != 0 || !strings.Contains(out, warning) || !strings.Contains(out, "warned.claims.yaml: ok") {
		t.Fatalf("validate: exit %d\n%s", code, out)
	}
}

// validate checks claims files against the store --data names, as load
// would, prints the warnings of valid files, and writes nothing.
func TestValidateAgainstTheStore(t *testing.T) {
	dir := t.TempDir()
	if code, _, errOut := run(t, "", "--data", dir, "init"); code != 0 {
		t.Fatal(errOut)
	}
	_, before, _ := run(t, "", "--data", dir, "stats", "--json")
	files := corpusFiles("steppe-wire-envoy", "kabul-ledger-envoy")
	code, out, _ := run(t, "", append([]string{"--data", dir, "validate"}, files...)...)
	if code != 0 || strings.Count(out, ": ok,") != 2 {
		t.Fatalf("against the seed: exit %d\n%s", code, out)
	}
	// Alone, the seed's entities are unknown.
	code, out, _ = run(t, "", append([]string{"validate"}, files[0])...)
	if code != 1 || !strings.Contains(out, "unknown node ent:VladimirPutin") {
		t.Fatalf("without a store: exit %d\n%s", code, out)
	}
	if _, after, _ := run(t, "", "--data", dir, "stats", "--json"); after != before {
		t.Fatalf("validate changed the store: %s, then %s", before, after)
	}
}

// timestamps matches the change log's times, which goldens leave out.
var timestamps = regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z`)

// Documents, retract and the change log, as a user runs them.
func TestDocumentsRetractAndLog(t *testing.T) {
	t.Setenv("QUIVER_ACTOR", "analyst")
	dir := corpusStore(t)
	code, out, errOut := run(t, "", "--data", dir, "documents")
	if code != 0 || !strings.Contains(out, "loaded     ") || !strings.Contains(out, "(republishes doc:steppe-wire-envoy)") {
		t.Fatalf("documents: exit %d\n%s%s", code, out, errOut)
	}
	golden(t, "corpus-documents.txt", timestamps.ReplaceAllString(out, "TIME"))

	_, before, _ := run(t, "", "--data", dir, "stats", "--json")
	code, out, errOut = run(t, "", "--data", dir, "retract", "doc:kabul-ledger-envoy", "--dry-run")
	if code != 0 || !strings.Contains(out, "retract doc:kabul-ledger-envoy: -3 claims") || !strings.Contains(out, "nothing was written") {
		t.Fatalf("retract --dry-run: exit %d\n%s%s", code, out, errOut)
	}
	if _, after, _ := run(t, "", "--data", dir, "stats", "--json"); after != before {
		t.Fatalf("a dry run changed the store: %s, then %s", before, after)
	}
	code, out, errOut = run(t, "", "--data", dir, "retract", "doc:kabul-ledger-envoy", "--prune")
	if code != 0 || !strings.Contains(out, "pruned: ent:KabulLedger, ent:SergeiLavrov") || !strings.Contains(out, "retracted 1 document") {
		t.Fatalf("retract: exit %d\n%s%s", code, out, errOut)
	}
	if code, _, errOut = run(t, "", "--data", dir, "retract", "doc:kabul-ledger-envoy"); code != 1 || !strings.Contains(errOut, "retract doc:kabul-ledger-envoy: not found") {
		t.Fatalf("retracting it again: exit %d, %s", code, errOut)
	}

	code, out, _ = run(t, "", "--data", dir, "log", "--document", "doc:kabul-ledger-envoy", "--previous")
	if code != 0 || strings.Count(out, " by analyst") != 2 || !strings.Contains(out, "<claim:ledger-putin-approved> <kg:quote>") {
		t.Fatalf("log: exit %d\n%s", code, out)
	}
	code, out, _ = run(t, "", "--data", dir, "log")
	if code != 0 {
		t.Fatalf("log: exit %d", code)
	}
	golden(t, "corpus-log.txt", timestamps.ReplaceAllString(out, "TIME"))
}

// Duplicates, merge and its undo, as a user runs them.
func TestDuplicatesAndMerge(t *testing.T) {
	t.Setenv("QUIVER_ACTOR", "analyst")
	dir := corpusStore(t)
	code, out, errOut := run(t, "", "--data", dir, "duplicates")
	expectAnswer(t, "corpus-duplicates", code, out, errOut, []string{"quiver merge ent:SergeiLavrov ent:SergeyLavrov"})
	code, out, _ = run(t, "", "--data", dir, "merge", "ent:SergeiLavrov", "ent:SergeyLavrov")
	if code != 0 || out != "merge ent:SergeiLavrov (Sergei Lavrov) into ent:SergeyLavrov (Sergey Lavrov)\n" {
		t.Fatalf("merge: exit %d, %q", code, out)
	}
	if _, out, _ = run(t, "", "--data", dir, "duplicates"); out != "No likely duplicates.\n" {
		t.Errorf("after the merge: %q", out)
	}
	if _, out, _ = run(t, "", "--data", dir, "paths", "Sergei Lavrov", "Putin", "--predicate", "kg:advised"); !strings.Contains(out, "Sergey Lavrov --advised--> Vladimir Putin (2 sources)") ||
		!strings.Contains(out, "per Zamir Kabulov via Steppe Wire · F1, confidence 0.75; doc:kabul-ledger-envoy sentence 1, claim:ledger-lavrov-recommended") {
		t.Errorf("the merged entity's claim on Lavrov's edge:\n%s", out)
	}
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"merge", "ent:SergeiLavrov", "ent:SergeyLavrov"}, 1, "is merged into ent:SergeyLavrov already"},
		{[]string{"merge", "ent:SergeiLavrov"}, 2, "merge takes two entities"},
		{[]string{"merge", "--undo"}, 2, "merge --undo takes one entity"},
	} {
		if code, _, errOut := run(t, "", append([]string{"--data", dir}, tt.args...)...); code != tt.code || !strings.Contains(errOut, tt.want) {
			t.Errorf("%q: exit %d, %q", tt.args, code, errOut)
		}
	}
	code, out, _ = run(t, "", "--data", dir, "merge", "--undo", "ent:SergeiLavrov")
	if code != 0 || out != "unmerge ent:SergeiLavrov from ent:SergeyLavrov\n" {
		t.Fatalf("undo: exit %d, %q", code, out)
	}
	if _, out, _ = run(t, "", "--data", dir, "log"); !strings.Contains(out, "merge    by analyst\n    merge ent:SergeiLavrov") || !strings.Contains(out, "unmerge  by analyst") {
		t.Errorf("log:\n%s", out)
	}
}

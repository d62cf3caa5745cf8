package schema_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quiver-kg/quiver/schema"
)

// mustVocabulary parses testdata/vocab.yaml.
func mustVocabulary(tb testing.TB) *schema.Vocabulary {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "vocab.yaml"))
	if err != nil {
		tb.Fatal(err)
	}
	v, err := schema.ParseVocabulary("testdata/vocab.yaml", data)
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

// readTestdata reads a file under testdata.
func readTestdata(tb testing.TB, name string) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// edit applies old/new replacements to s, failing when an old string is
// missing so that a fixture change cannot silently turn a case into a no-op.
func edit(tb testing.TB, s string, pairs ...string) string {
	tb.Helper()
	for i := 0; i+1 < len(pairs); i += 2 {
		if !strings.Contains(s, pairs[i]) {
			tb.Fatalf("fixture does not contain %q", pairs[i])
		}
		s = strings.Replace(s, pairs[i], pairs[i+1], 1)
	}
	return s
}

// lines returns each violation's Error(), one per element.
func lines(vs schema.Violations) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.Error()
	}
	return out
}

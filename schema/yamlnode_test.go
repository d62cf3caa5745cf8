package schema_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/quiver-kg/quiver/schema"
)

// TestAliasExpansionIsBounded: one claim with many facts, repeated through
// YAML aliases, stands for hundreds of thousands of facts in a few lines; it
// is refused at the alias where the expansion crosses the bound, before
// the compiler reads any of it. A file using aliases moderately compiles.
func TestAliasExpansionIsBounded(t *testing.T) {
	base := string(readTestdata(t, "article.claims.yaml"))
	var facts strings.Builder
	for i := 0; i < 100; i++ {
		fmt.Fprintf(&facts, "      - [ent:Ruritania, kg:allies-with, ent:Freedonia]\n")
	}
	bomb := base + `  - &c0
    id: claim:bomb
    quote: Ruritania and Freedonia are allies
    confidence: 1
    facts:
` + facts.String() + strings.Repeat("  - *c0\n", 2000)
	_, _, err := schema.CompileClaimsFile(mustVocabulary(t), fixture, []byte(bomb), os.ReadFile)
	var vs schema.Violations
	if !errors.As(err, &vs) || len(vs) != 1 || !strings.Contains(vs[0].Message, "YAML aliases") || vs[0].Line == 0 {
		t.Fatalf("alias bomb of %d bytes: %v; want one located violation about YAML aliases", len(bomb), err)
	}

	// Aliases of scalars and a list used twice are fine.
	ok := strings.Replace(base, "quote: Ruritania has recognized Freedonia", "quote: &q Ruritania has recognized Freedonia", 1)
	ok = strings.Replace(ok, "    facts:\n      - [ent:AnnaBerg, kg:influenced, ev:Recognition]", "    facts: &f\n      - [ent:AnnaBerg, kg:influenced, ev:Recognition]", 1)
	ok = strings.Replace(ok, "  - id: claim:allies\n", "  - id: claim:again\n    quote: *q\n    confidence: 0.5\n    facts: *f\n  - id: claim:allies\n", 1)
	if _, _, err := schema.CompileClaimsFile(mustVocabulary(t), fixture, []byte(ok), os.ReadFile); err != nil {
		t.Fatalf("moderate aliases: %v", err)
	}
}

// TestClaimsFileSizeIsBounded: yaml.v3 builds a node per scalar, so the
// YAML itself is capped before it is parsed.
func TestClaimsFileSizeIsBounded(t *testing.T) {
	data := "document: {id: doc:x}\nx: [" + strings.Repeat("a,", schema.MaxClaimsFileBytes/2) + "a]\n"
	_, _, err := schema.CompileClaimsFile(mustVocabulary(t), fixture, []byte(data), os.ReadFile)
	var vs schema.Violations
	if !errors.As(err, &vs) || len(vs) != 1 || !strings.Contains(vs[0].Message, "at most 4 MiB") {
		t.Fatalf("a %d-byte claims file: %v", len(data), err)
	}
}

// TestCompileStopsWithItsContext: a compile whose context has ended stops
// and says so, instead of locating every quote first.
func TestCompileStopsWithItsContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	data := readTestdata(t, "article.claims.yaml")
	_, _, err := schema.CompileClaims(mustVocabulary(t), fixture, data, schema.CompileOptions{ReadFile: os.ReadFile, Context: ctx})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("compile with a cancelled context: %v", err)
	}
}

package seeds_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cayleygraph/cayley/graph/memstore"
	"github.com/cayleygraph/cayley/query"
	"github.com/cayleygraph/cayley/query/gizmo"
)

// queriesDoc holds the query recipes users copy; this test runs them.
const queriesDoc = "../docs/queries.md"

// recipe is one ```js block of docs/queries.md and the ```json block of
// expected rows that follows it.
type recipe struct {
	title   string // the "## N. ..." heading above the block
	query   string
	want    []json.RawMessage
	ordered bool // "```json ordered": the query sorts its rows itself
}

var (
	headingRE = regexp.MustCompile(`(?m)^## (\d+\. .*)$`)
	recipeRE  = regexp.MustCompile("(?s)```js\n(.*?)\n```\\s*```json( ordered)?\n(.*?)\n```")
)

func readRecipes(t *testing.T) []recipe {
	t.Helper()
	doc, err := os.ReadFile(queriesDoc)
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	headings := headingRE.FindAllStringSubmatchIndex(text, -1)
	var recipes []recipe
	for _, m := range recipeRE.FindAllStringSubmatchIndex(text, -1) {
		r := recipe{query: text[m[2]:m[3]], ordered: m[4] >= 0}
		for _, h := range headings {
			if h[0] < m[0] {
				r.title = text[h[2]:h[3]]
			}
		}
		if err := json.Unmarshal([]byte(text[m[6]:m[7]]), &r.want); err != nil {
			t.Fatalf("%s: expected rows are not a JSON array: %v", r.title, err)
		}
		recipes = append(recipes, r)
	}
	if got := strings.Count(text, "```js\n"); got != len(recipes) {
		t.Fatalf("%s has %d js blocks but %d are followed by a json block of expected rows", queriesDoc, got, len(recipes))
	}
	return recipes
}

// canonical re-encodes a JSON value with sorted keys, so rows compare by
// content.
func canonical(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var generic any
	if err := json.Unmarshal(b, &generic); err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	enc := json.NewEncoder(&sb)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(generic); err != nil { // maps encode with sorted keys
		t.Fatal(err)
	}
	return strings.TrimSpace(sb.String())
}

func TestQueryRecipes(t *testing.T) {
	recipes := readRecipes(t)
	if len(recipes) != 8 {
		t.Fatalf("%s has %d recipes, want one for each of the 8 questions", queriesDoc, len(recipes))
	}
	store := memstore.New(seedQuads(t)...)
	for i, r := range recipes {
		if !strings.HasPrefix(r.title, fmt.Sprintf("%d. ", i+1)) {
			t.Errorf("recipe %d is under heading %q", i+1, r.title)
		}
		t.Run(fmt.Sprintf("Q%d", i+1), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			it, err := gizmo.NewSession(store).Execute(ctx, r.query, query.Options{Collation: query.JSON, Limit: -1})
			if err != nil {
				t.Fatalf("%s: %v", r.title, err)
			}
			defer it.Close()
			var got []string
			for it.Next(ctx) {
				if row := it.Result(); row != nil { // null rows are dropped, as the HTTP API does
					got = append(got, canonical(t, row))
				}
			}
			if err := it.Err(); err != nil {
				t.Fatalf("%s: %v", r.title, err)
			}
			want := make([]string, len(r.want))
			for j, w := range r.want {
				want[j] = canonical(t, w)
			}
			if !r.ordered {
				slices.Sort(got)
				slices.Sort(want)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s: rows differ from %s\ngot:\n  %s\nwant:\n  %s", r.title, queriesDoc,
					strings.Join(got, "\n  "), strings.Join(want, "\n  "))
			}
		})
	}
}

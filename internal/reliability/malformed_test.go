package reliability_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/graph/parse"
	"github.com/quiver-kg/quiver/schema"
)

// malformed lists every file of testdata/malformed with where its error
// must be reported (line and column, 0 where the format has none: a gzip
// header, a binary pquads record, a claims-file problem of the whole file)
// and a phrase the message must contain. A file missing from this table
// fails the test, so the corpus cannot grow untested.
var malformed = map[string]struct {
	line, col int
	msg       string
}{
	"unterminated-iri.nq":                  {2, 26, "unterminated IRI"},
	"unterminated-literal.nq":              {2, 41, "unterminated string literal"},
	"bad-escape-literal.nq":                {3, 27, "bad escape in string literal"},
	"bad-escape-iri.nq":                    {1, 7, "bad escape in IRI"},
	"bad-unicode-escape.nq":                {1, 24, "bad escape"},
	"missing-dot.nq":                       {2, 27, "incomplete statement"},
	"missing-object.nq":                    {1, 20, "expected object"},
	"literal-subject.nq":                   {1, 1, "expected subject"},
	"blank-predicate.nq":                   {1, 9, "expected predicate"},
	"trailing-garbage.nq":                  {1, 30, "after the final '.'"},
	"empty-language-tag.nq":                {1, 26, "empty language tag"},
	"bad-datatype.nq":                      {1, 25, "datatype IRI"},
	"quoted-triple.nq":                     {1, 2, "unterminated IRI"},
	"nul.nq":                               {2, 26, "NUL byte"},
	"invalid-utf8.nq":                      {1, 26, "invalid UTF-8"},
	"bom.nq":                               {1, 1, "byte order mark"},
	"cr-only-line-ends.nq":                 {1, 29, `unexpected '\r'`},
	"empty-iri.nq":                         {2, 1, "empty IRI <> is not allowed"},
	"space-in-iri.nq":                      {1, 7, "not allowed inside <...>"},
	"nul-escape.nq":                        {2, 18, "NUL (U+0000)"},
	"surrogate-escape.nq":                  {1, 17, "surrogate"},
	"beyond-unicode-escape.nq":             {1, 17, "beyond U+10FFFF"},
	"iri-escape-space.nq":                  {1, 21, "decodes to ' '"},
	"long-iri.jsonld":                      {1, 9, "not a URL JSON-LD accepts"},
	"relative-id.jsonld":                   {1, 9, "not an absolute IRI"},
	"truncated.nq.gz":                      {660, 0, "unexpected EOF"},
	"not-gzip.nq.gz":                       {0, 0, "not a valid gzip file"},
	"bad-crc.nq.gz":                        {51, 0, "invalid checksum"},
	"bad-line-in-gzip.nq.gz":               {4, 24, "expected graph label or '.'"},
	"garbage.pq":                           {0, 0, "record 1"},
	"syntax.jsonld":                        {3, 33, "invalid character"},
	"not-json.jsonld":                      {1, 3, "invalid character"},
	"deep-nesting.jsonld":                  {1, 66, "nested deeper than 64"},
	"context-http.jsonld":                  {1, 14, "refused"},
	"context-https.jsonld":                 {1, 14, "refused"},
	"context-file.jsonld":                  {1, 14, "refused"},
	"context-relative.jsonld":              {1, 14, "refused"},
	"context-in-array.jsonld":              {1, 46, "refused"},
	"context-import.jsonld":                {1, 43, "refused"},
	"context-scoped.jsonld":                {1, 89, "refused"},
	"context-nested-graph.jsonld":          {1, 26, "refused"},
	"claims-yaml-syntax.claims.yaml":       {3, 0, "invalid YAML"},
	"claims-tab-indent.claims.yaml":        {2, 0, "invalid YAML"},
	"claims-unknown-predicate.claims.yaml": {29, 25, "unknown predicate kg:recognises (did you mean kg:recognizes?)"},
	"claims-unknown-class.claims.yaml":     {18, 11, "unknown class kg:Persn (did you mean kg:Person?)"},
	"claims-quote-not-found.claims.yaml":   {31, 12, "quote not found"},
	"claims-bad-confidence.claims.yaml":    {32, 17, "confidence must be in (0, 1]"},
	"claims-missing-text.claims.yaml":      {7, 9, "cannot read the document text"},
	"claims-undeclared-entity.claims.yaml": {0, 0, "ent:AnaBerg"},
	"claims-not-a-mapping.claims.yaml":     {1, 1, "expected a mapping"},
	"claims-empty.claims.yaml":             {1, 0, "empty file"},
	"claims-billion-laughs.claims.yaml":    {18, 10, "YAML aliases make this file larger"},
}

// locatedError checks that err is a located input error for file: a
// *parse.Error or schema.Violations naming file, with the given line
// and column (when non-zero) and a message containing msg. It returns a
// description of what is wrong, or "".
func locatedError(err error, file string, line, col int, msg string) string {
	var pe *parse.Error
	var vs schema.Violations
	switch {
	case err == nil:
		return "accepted"
	case errors.As(err, &pe):
		if pe.File != file {
			return "file " + pe.File
		}
		if line != 0 && pe.Line != line || col != 0 && pe.Column != col {
			return "located at " + itoa(pe.Line) + ":" + itoa(pe.Column) + ", want " + itoa(line) + ":" + itoa(col) + ": " + err.Error()
		}
	case errors.As(err, &vs):
		found := false
		for _, v := range vs {
			if v.File != file {
				return "violation names file " + v.File
			}
			if strings.Contains(v.Message+" "+v.Focus+" "+v.Value, msg) || strings.Contains(v.Error(), msg) {
				found = true
				if line != 0 && v.Line != line || col != 0 && v.Column != col {
					return "located at " + itoa(v.Line) + ":" + itoa(v.Column) + ", want " + itoa(line) + ":" + itoa(col) + ": " + v.Error()
				}
			}
		}
		if !found {
			return "no violation says " + msg + ": " + err.Error()
		}
		return ""
	default:
		return "not a located error: " + err.Error()
	}
	if !strings.Contains(err.Error(), msg) {
		return "message does not say " + msg + ": " + err.Error()
	}
	return ""
}

// TestMalformedCorpus loads every file of testdata/malformed into an
// embedded store that already holds data: each must fail with a located
// error and leave the store exactly as it was, through the library and
// through `quiver load`.
func TestMalformedCorpus(t *testing.T) {
	dir := repoTestdata + "/malformed"
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, e := range entries {
		seen[e.Name()] = true
		if _, ok := malformed[e.Name()]; !ok {
			t.Errorf("%s is in the corpus but not in the table of expected errors", e.Name())
		}
	}
	for name := range malformed {
		if !seen[name] {
			t.Errorf("%s is in the table but not in %s", name, dir)
		}
	}

	storeDir := filepath.Join(t.TempDir(), "store")
	ctx := context.Background()
	s := openStore(t, graph.Options{Dir: storeDir})
	for _, f := range []string{"/accepted/crlf.nq", "/accepted/article.claims.yaml"} {
		if _, err := s.LoadFile(ctx, repoTestdata+f, parse.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	before := dump(t, s)

	names := make([]string, 0, len(malformed))
	for n := range malformed {
		names = append(names, n)
	}
	sort.Strings(names)
	rejected := 0
	t.Run("library", func(t *testing.T) {
		for _, name := range names {
			want := malformed[name]
			path := dir + "/" + name
			_, err := s.LoadFile(ctx, path, parse.Options{})
			if problem := locatedError(err, path, want.line, want.col, want.msg); problem != "" {
				t.Errorf("%s: %s", name, problem)
				continue
			}
			rejected++
		}
		if after := dump(t, s); !equalLines(before, after) {
			t.Errorf("the store changed: %d quads before, %d after", len(before), len(after))
		}
		mustCheck(t, s)
	})
	figure(t, "malformed files rejected with a located error (library)", itoa(rejected)+" of "+itoa(len(names)))
	s.Close()

	t.Run("quiver load", func(t *testing.T) {
		n := 0
		for _, name := range names {
			want := malformed[name]
			path := dir + "/" + name
			r := quiver(t, time.Minute, "--data", storeDir, "load", path)
			loc := "quiver: " + path + ":"
			if want.line != 0 {
				loc += itoa(want.line) + ":"
			}
			if r.code != 1 || !strings.Contains(r.stderr, loc) || strings.Contains(r.stdout, "loaded") {
				t.Errorf("%s: exit %d, stderr %q; want exit 1 and %q", name, r.code, r.stderr, loc)
				continue
			}
			n++
		}
		figure(t, "malformed files rejected with a located error (quiver load)", itoa(n)+" of "+itoa(len(names)))
		r := quiver(t, time.Minute, "--data", storeDir, "check")
		if r.code != 0 || !strings.Contains(r.stdout, "ok: "+itoa(len(before))+" quads") {
			t.Errorf("after the corpus: check exit %d: %s%s", r.code, r.stdout, r.stderr)
		}
	})
}

func equalLines(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestAcceptedEdgeCases pins down inputs that look odd but are valid and
// load exactly: CRLF line ends (N-Quads allows them; escaped \r\n inside a
// literal stays in the value) and the valid claims file the malformed
// claims files are made from.
func TestAcceptedEdgeCases(t *testing.T) {
	ctx := context.Background()
	qs, err := parse.ReadFile(ctx, repoTestdata+"/accepted/crlf.nq", parse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []quad.Quad{
		quad.Make(quad.IRI("ent:A"), quad.IRI("kg:knows"), quad.IRI("ent:B"), nil),
		quad.Make(quad.IRI("ent:B"), quad.IRI("rdfs:label"), quad.String("B"), quad.IRI("graph:entities")),
		quad.Make(quad.IRI("ent:C"), quad.IRI("rdfs:label"), quad.String("C with \r\n escaped"), nil),
	}
	if len(qs) != len(want) {
		t.Fatalf("crlf.nq: %d quads, want %d: %v", len(qs), len(want), qs)
	}
	for i := range want {
		if qs[i] != want[i] {
			t.Errorf("crlf.nq quad %d = %v, want %v", i, qs[i], want[i])
		}
	}
	qs, err = parse.ReadFile(ctx, repoTestdata+"/accepted/article.claims.yaml", parse.Options{})
	if err != nil || len(qs) == 0 {
		t.Fatalf("article.claims.yaml: %d quads, %v", len(qs), err)
	}
}

// heapPeak runs fn while sampling the heap in use every few milliseconds
// and returns the largest growth over the heap before fn.
func heapPeak(fn func()) uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > base && ms.HeapInuse-base > peak {
				peak = ms.HeapInuse - base
			}
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	fn()
	close(done)
	wg.Wait()
	return peak
}

// memoryBound is the most heap a rejected generated input may take while
// it is read: the inputs below would take gigabytes if read whole.
const memoryBound = 512 << 20

// TestMalformedGenerated builds the inputs too big to commit — a line of
// several MB, a gzip bomb, JSON nested 100,000 deep, a billion-laughs
// claims file — and checks each is refused with a located error while the
// heap stays under memoryBound.
func TestMalformedGenerated(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	good := "<ent:A> <kg:knows> <ent:B> .\n"

	// A 17 MiB line after two good ones (the line limit is 16 MiB).
	longLine := filepath.Join(dir, "long-line.nq")
	writeFile(t, longLine, []byte(good+good+"<ent:A> <rdfs:label> \""+strings.Repeat("x", 17<<20)+"\" .\n"))

	// A gzip bomb: one member of 4 MiB of valid lines compresses to a few
	// KB; 1024 members in a row are 4 GiB of N-Quads in about 10 MB.
	line := `<ent:Bomb> <rdfs:label> "` + strings.Repeat("boom ", 12) + `" <graph:bomb> .` + "\n"
	var member bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&member, gzip.BestCompression)
	zw.Write(bytes.Repeat([]byte(line), (4<<20)/len(line)))
	zw.Close()
	bomb := filepath.Join(dir, "bomb.nq.gz")
	writeFile(t, bomb, bytes.Repeat(member.Bytes(), 1024))

	deep := filepath.Join(dir, "deep.jsonld")
	writeFile(t, deep, []byte(strings.Repeat(`{"@id": "http://example.org/x", "http://example.org/p": [`, 100000)))

	laughs := filepath.Join(dir, "laughs.claims.yaml")
	y := "document: {id: doc:x, title: x, text: t.txt}\nentities: &a [{id: ent:A, type: kg:Person, label: A}]\n"
	prev := "a"
	for _, c := range "bcdefghijklmnopqrstuvwxyz" {
		y += "x" + string(c) + ": &" + string(c) + " [*" + prev + ", *" + prev + "]\n"
		prev = string(c)
	}
	y += "claims: *" + prev + "\n"
	writeFile(t, laughs, []byte(y))
	writeFile(t, filepath.Join(dir, "t.txt"), []byte("A."))

	s := openStore(t, graph.Options{Dir: filepath.Join(dir, "store")})
	mustLoad(t, s, repoTestdata+"/accepted/crlf.nq")
	before := dump(t, s)
	for _, tt := range []struct {
		path      string
		line, col int
		msg       string
	}{
		{longLine, 3, 0, "line longer than"},
		{bomb, 0, 0, "decompression bomb"},
		{deep, 1, 0, "nested deeper than 64"},
		{laughs, 0, 0, ""},
	} {
		t.Run(filepath.Base(tt.path), func(t *testing.T) {
			var err error
			start := time.Now()
			peak := heapPeak(func() { _, err = s.LoadFile(ctx, tt.path, parse.Options{}) })
			if problem := locatedError(err, tt.path, tt.line, tt.col, tt.msg); problem != "" {
				t.Errorf("%s", problem)
			}
			if peak > memoryBound {
				t.Errorf("heap grew by %d MiB while reading (bound %d MiB)", peak>>20, memoryBound>>20)
			}
			t.Logf("refused in %v, heap peak +%d MiB: %v", time.Since(start).Round(time.Millisecond), peak>>20, err)
			figure(t, "heap peak MiB "+filepath.Base(tt.path), peak>>20)
		})
	}
	if after := dump(t, s); !equalLines(before, after) {
		t.Errorf("the store changed: %d quads before, %d after", len(before), len(after))
	}
	mustCheck(t, s)
}

func writeFile(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func mustLoad(t testing.TB, s *graph.Store, path string) {
	t.Helper()
	if _, err := s.LoadFile(context.Background(), path, parse.Options{}); err != nil {
		t.Fatalf("load %s: %v", path, err)
	}
}

package graph_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"

	"github.com/quiver-kg/quiver/graph"
	"github.com/quiver-kg/quiver/graph/parse"
)

func TestBadInputIsLocatedAndChangesNothing(t *testing.T) {
	tests := []struct {
		file      string
		line, col int
		msg       string
	}{
		{"testdata/bad-missing-dot.nq", 2, 27, "incomplete statement"},
		{"testdata/bad-iri.nq", 3, 26, "unterminated IRI"},
		{"testdata/bad-utf8.nq", 1, 24, "invalid UTF-8"},
		{"testdata/bad-bom.nq", 1, 1, "byte order mark"},
		{"testdata/truncated.nq.gz", 0, 0, "unexpected EOF"},
		{"testdata/bad-syntax.jsonld", 3, 0, "JSON"},
		{"testdata/remote-context.jsonld", 0, 0, "refused"},
		{"testdata/file-context.jsonld", 0, 0, "refused"},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			s := mustOpen(t, graph.Options{Backend: graph.BackendMemory})
			mustLoadFile(t, s, "testdata/small.nq")
			before := dumpSet(t, s)
			_, err := s.LoadFile(context.Background(), tt.file, parse.Options{})
			var pe *parse.Error
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v (%T), want *parse.Error", err, err)
			}
			if pe.File != tt.file {
				t.Errorf("file = %q, want %q", pe.File, tt.file)
			}
			if tt.line != 0 && pe.Line != tt.line {
				t.Errorf("line = %d, want %d (%v)", pe.Line, tt.line, err)
			}
			if tt.col != 0 && pe.Column != tt.col {
				t.Errorf("column = %d, want %d (%v)", pe.Column, tt.col, err)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q does not say %q", err, tt.msg)
			}
			after := dumpSet(t, s)
			if len(after) != len(before) {
				t.Errorf("store changed: %d quads before, %d after", len(before), len(after))
			}
		})
	}
}

func TestGoodInputFormats(t *testing.T) {
	pq := filepath.Join(t.TempDir(), "small.pq")
	writePQuads(t, pq, "testdata/small.nq")
	tests := []struct {
		file  string
		quads int
	}{
		{"testdata/small.nq", 9},
		{"testdata/small.nq.gz", 9},
		{"testdata/crlf.nq", 2},
		{"testdata/inline.jsonld", 2},
		{pq, 9},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			qs, err := parse.ReadFile(context.Background(), tt.file, parse.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(qs) != tt.quads {
				t.Fatalf("read %d quads, want %d", len(qs), tt.quads)
			}
		})
	}
}

func writePQuads(t *testing.T, dst, src string) {
	t.Helper()
	qs, err := parse.ReadFile(context.Background(), src, parse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w := pquads.NewWriter(&buf, nil)
	if _, err := w.WriteQuads(qs); err != nil {
		t.Fatal(err)
	}
	w.Close()
	if err := os.WriteFile(dst, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestDecompressionBombIsRefused(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	line := []byte("<ent:A> <kg:knows> <ent:B> .\n")
	for i := 0; i < 100_000; i++ {
		zw.Write(line)
	}
	zw.Close()
	_, err := parse.ReadQuads(context.Background(), "bomb.nq.gz", &buf, parse.Options{MaxBytes: 1 << 20})
	var pe *parse.Error
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "size limit") {
		t.Fatalf("err = %v, want a size-limit ParseError", err)
	}
}

func TestOverlongLineIsRefused(t *testing.T) {
	long := "<ent:A> <kg:knows> \"" + strings.Repeat("x", parse.MaxLineBytes) + "\" .\n"
	_, err := parse.ReadQuads(context.Background(), "long.nq", strings.NewReader(long), parse.Options{})
	var pe *parse.Error
	if !errors.As(err, &pe) || pe.Line != 1 {
		t.Fatalf("err = %v, want a ParseError on line 1", err)
	}
}

func TestDeeplyNestedJSONLDIsRefused(t *testing.T) {
	doc := strings.Repeat(`{"http://example.org/p":`, 200) + `"x"` + strings.Repeat("}", 200)
	_, err := parse.ReadQuads(context.Background(), "deep.jsonld", strings.NewReader(doc), parse.Options{})
	if err == nil || !strings.Contains(err.Error(), "nested deeper") {
		t.Fatalf("err = %v, want a nesting error", err)
	}
}

func TestFormatOf(t *testing.T) {
	for name, want := range map[string]string{
		"a.nq": parse.FormatNQuads, "a.NQ.GZ": parse.FormatNQuads, "a.nt": parse.FormatNQuads,
		"a.pq": parse.FormatPQuads, "a.jsonld": parse.FormatJSONLD, "x.claims.yaml": parse.FormatClaims,
	} {
		if got, err := parse.FormatOf(name); err != nil || got != want {
			t.Errorf("FormatOf(%q) = %q, %v; want %q", name, got, err, want)
		}
	}
	if _, err := parse.FormatOf("a.csv"); !errors.Is(err, parse.ErrUnknownFormat) {
		t.Errorf("FormatOf(a.csv): err = %v, want ErrUnknownFormat", err)
	}
}

func TestLoadRejectsInvalidQuadsAtomically(t *testing.T) {
	s := mustOpen(t, graph.Options{Backend: graph.BackendMemory})
	_, err := s.Load(context.Background(), []quad.Quad{
		quad.Make(entA, quad.IRI("kg:knows"), entB, nil),
		{Subject: entA, Predicate: quad.IRI("kg:knows")},
	})
	var pe *parse.Error
	if !errors.As(err, &pe) || pe.Line != 2 {
		t.Fatalf("err = %v, want ParseError at quad 2", err)
	}
	if st := mustStats(t, s); st.Quads != 0 {
		t.Fatalf("%d quads written by a failed load", st.Quads)
	}
}

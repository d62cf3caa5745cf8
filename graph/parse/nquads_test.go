package parse

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"
)

// refParseLine is the reference line parser: the strict scanner, then
// Cayley's nquads.Parse for the values (what Quiver did before decoding
// values itself).
func refParseLine(line []byte, first bool) (q *quad.Quad, perr *Error) {
	if first && bytes.HasPrefix(line, []byte("\xef\xbb\xbf")) {
		return nil, &Error{Column: 1, Msg: "byte order mark at the start of the file; N-Quads is UTF-8 without a BOM"}
	}
	if i := bytes.IndexByte(line, 0); i >= 0 {
		return nil, &Error{Column: utf8.RuneCount(line[:i]) + 1, Msg: "NUL byte in input"}
	}
	if !utf8.Valid(line) {
		i := 0
		for i < len(line) {
			r, size := utf8.DecodeRune(line[i:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			i += size
		}
		return nil, &Error{Column: utf8.RuneCount(line[:i]) + 1, Msg: "invalid UTF-8"}
	}
	text := strings.TrimSpace(string(line))
	if text == "" || text[0] == '#' {
		return nil, nil
	}
	defer func() {
		// The generated parser has panicked on odd input before; a panic
		// must become a located error, not a crash.
		if r := recover(); r != nil {
			q, perr = nil, &Error{Column: 1, Msg: fmt.Sprintf("cannot parse statement: %v", r)}
		}
	}()
	lead := len(line) - len(strings.TrimLeft(string(line), " \t"))
	end, col, msg := scanTerms(text, nil)
	if msg != "" {
		return nil, &Error{Column: col + utf8.RuneCount(line[:lead]), Msg: msg}
	}
	// Cayley's parser misreads a comment right after the '.' ("<a> <b>
	// <c>.# x" gets a label), so it sees the statement only.
	parsed, err := nquads.Parse(text[:end])
	if err != nil {
		return nil, &Error{Column: 1, Msg: "cannot parse statement: " + err.Error()}
	}
	if err := CheckQuad(parsed); err != "" {
		return nil, &Error{Column: 1, Msg: err}
	}
	return &parsed, nil
}

// refReadNQuads is the reference sequential reader: line by line.
func refReadNQuads(name string, data []byte) ([]quad.Quad, error) {
	var out []quad.Quad
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, MaxLineBytes+1)
	for lineNo := 1; sc.Scan(); lineNo++ {
		line := bytes.TrimRight(sc.Bytes(), "\r\n")
		if len(line) == 0 {
			continue
		}
		q, perr := refParseLine(line, lineNo == 1)
		if perr != nil {
			perr.File, perr.Line = name, lineNo
			return nil, perr
		}
		if q != nil {
			out = append(out, *q)
		}
	}
	return out, sc.Err()
}

func modDir(t *testing.T, mod string) string {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", mod).Output()
	if err != nil {
		t.Fatalf("cannot locate module %s: %v", mod, err)
	}
	return strings.TrimSpace(string(out))
}

func readMaybeGz(t *testing.T, path string) []byte {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if data, err = io.ReadAll(zr); err != nil {
			return nil // a deliberately broken file
		}
	}
	return data
}

// equivalenceCorpus returns N-Quads files: the movie data, Cayley's test
// data, our testdata and json-gold's N-Quads test files (typed and
// language-tagged literals, escapes, blank nodes).
func equivalenceCorpus(t *testing.T) []string {
	var files []string
	cay := modDir(t, "github.com/cayleygraph/cayley")
	files = append(files, filepath.Join(cay, "data", "30kmoviedata.nq.gz"), filepath.Join(cay, "data", "testdata.nq"))
	for _, g := range []string{"../testdata/*.nq", "../testdata/*.nq.gz", "../../internal/cli/testdata/*.nq",
		filepath.Join(modDir(t, "github.com/piprate/json-gold"), "ld", "testdata", "*", "*.nq")} {
		m, _ := filepath.Glob(g)
		files = append(files, m...)
	}
	return files
}

// TestFastDecodeMatchesCayley checks, line by line over the corpus and a
// set of tricky statements, that the values Quiver decodes itself are
// exactly those of Cayley's nquads.Parse (auto-converted typed literals
// included), and that errors are the same.
func TestFastDecodeMatchesCayley(t *testing.T) {
	if !nquads.AutoConvertTypedString {
		t.Fatal("test assumes Cayley's default AutoConvertTypedString")
	}
	lines := []string{
		`<a> <b> "x"^^<http://www.w3.org/2001/XMLSchema#integer> .`,
		`<a> <b> "12"^^<http://www.w3.org/2001/XMLSchema#integer> .`,
		`<a> <b> "1.5"^^<http://www.w3.org/2001/XMLSchema#double> .`,
		`<a> <b> "1.5e3"^^<http://www.w3.org/2001/XMLSchema#float> .`,
		`<a> <b> "true"^^<http://www.w3.org/2001/XMLSchema#boolean> .`,
		`<a> <b> "2001-02-03T04:05:06Z"^^<http://www.w3.org/2001/XMLSchema#dateTime> .`,
		`<a> <b> "2001-02-03"^^<http://www.w3.org/2001/XMLSchema#date> .`,
		`<a> <b> "x"^^<http://example.org/t> <g> .`,
		`<a> <b> "chat"@fr .`, `<a> <b> "chat"@fr-BE .`, `<a> <b> "x"@en-1 .`, `<a> <b> "x"@1en .`, `<a> <b> "x"@en- .`,
		`<a> <b> "tab\there \"q\" \\ \n \u00e9 \U0001F600" .`, `<a> <b> "\'\b\f\r" .`,
		`_:b1 <p> _:b2 _:g .`, `_:a.b <p> <o> .`, `_:a-b <p> <o> .`, `_:-a <p> <o> .`, `_:1 <p> <o> .`, `_:a:b <p> <o> .`, `_:é <p> <o> .`, `_:a_ <p> <o> .`,
		`<é> <ü> "ö"@de .`, `  <a> <b> <c> . # comment`, "\t<a>\t<b>\t<c>\t.", `<a> <b> <c>.# x`, `<> <b> <c> .`, `<a> <b> <> .`, `<a> <b> "" .`,
		`<a> <b> "x" <> .`, `# comment`, ` `, `<a> <b> "x"^^<> .`,
	}
	check := func(where, line string, first bool) {
		t.Helper()
		want, werr := refParseLine([]byte(line), first)
		var spans [4]termSpan
		var got *quad.Quad
		q, ok, gerr := parseLine(line, first, &spans)
		if ok {
			got = &q
		}
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gerr, werr) {
			t.Errorf("%s: %q:\n got  %#v, %v\n want %#v, %v", where, line, got, gerr, want, werr)
		}
	}
	for _, l := range lines {
		check("case", l, false)
	}
	n := 0
	for _, f := range equivalenceCorpus(t) {
		data := readMaybeGz(t, f)
		if data == nil {
			continue
		}
		for i, l := range strings.Split(string(data), "\n") {
			check(fmt.Sprintf("%s:%d", f, i+1), strings.TrimRight(l, "\r"), i == 0)
			n++
		}
	}
	t.Logf("%d lines compared", n)
}

// TestEscapesNameCharacters checks where Quiver departs from Cayley's
// parser on purpose: \u escapes in IRIs are decoded (<ent:\u0041> is
// <ent:A>), and an escape that names no storable character — NUL, a
// UTF-16 surrogate, a number past U+10FFFF, or in an IRI a character IRIs
// exclude — is refused where it is written, instead of being stored as
// U+FFFD or as a value no dump could write back.
func TestEscapesNameCharacters(t *testing.T) {
	ok := []struct{ line, want string }{
		{`<ent:\u0041> <b> <c\U00000041> .`, `<ent:A> <b> <cA> .`},
		{`<a> <b> "x"^^<t\u0041> .`, `<a> <b> "x"^^<tA> .`},
		{`<a> <b> <caf\u00E9> .`, `<a> <b> <café> .`},
		{`_:é <p\u0041> "\U0001F600"@fr .`, `_:é <pA> "😀"@fr .`},
	}
	for _, c := range ok {
		var spans [4]termSpan
		q, _, perr := parseLine(c.line, false, &spans)
		if perr != nil || q.NQuad() != c.want {
			t.Errorf("%s: got %q, %v; want %s", c.line, q.NQuad(), perr, c.want)
		}
	}
	bad := []struct {
		line string
		col  int
		msg  string
	}{
		{`<a> <b> "x\u0000y" .`, 11, "NUL (U+0000)"},
		{`<a> <b> "\uD800" .`, 10, "surrogate"},
		{`<a> <b> "ok \udfff" .`, 13, "surrogate"},
		{`<a> <b> "\U0011FFFF" .`, 10, "beyond U+10FFFF"},
		{`<a> <b> "\UFFFFFFFF" .`, 10, "beyond U+10FFFF"},
		{`<ent:\u0020x> <b> <c> .`, 6, "decodes to ' '"},
		{`<a> <b> <x\u003Ey> .`, 11, "decodes to '>'"},
		{`<a> <b> "x"^^<t\u0000> .`, 16, "NUL"},
		{`  <a> <b> "\u0000" .`, 12, "NUL"},
		{`_:é <b> "\uD800" .`, 10, "surrogate"},
	}
	for _, c := range bad {
		var spans [4]termSpan
		_, ok, perr := parseLine(c.line, false, &spans)
		if ok || perr == nil || perr.Column != c.col || !strings.Contains(perr.Msg, c.msg) {
			t.Errorf("%s: got %v (ok %v); want column %d saying %q", c.line, perr, ok, c.col, c.msg)
		}
	}
}

// TestCheckQuadRefusesUnwritable checks that values with no N-Quads form
// reading back as themselves — which pquads, JSON and Go callers can
// produce — are refused, and that every value accepted writes and reads
// back unchanged.
func TestCheckQuadRefusesUnwritable(t *testing.T) {
	iri, s := quad.IRI("ent:x"), quad.String("x")
	bad := map[string]quad.Quad{
		"contains ' '":          {Subject: quad.IRI("a b"), Predicate: iri, Object: s},
		"contains '>'":          {Subject: iri, Predicate: quad.IRI("p>"), Object: s},
		"IRI <a\\u0041>":        {Subject: iri, Predicate: iri, Object: quad.IRI(`a\u0041`)},
		"not valid UTF-8":       {Subject: iri, Predicate: iri, Object: quad.String("\xff")},
		"NUL":                   {Subject: iri, Predicate: iri, Object: quad.String("a\x00")},
		"blank node label":      {Subject: quad.BNode("a b"), Predicate: iri, Object: s},
		"empty blank node":      {Subject: quad.BNode(""), Predicate: iri, Object: s},
		"language tag":          {Subject: iri, Predicate: iri, Object: quad.LangString{Value: "x", Lang: "en us"}},
		"empty datatype":        {Subject: iri, Predicate: iri, Object: quad.TypedString{Value: "x"}},
		"graph label \"x\"":     {Subject: iri, Predicate: iri, Object: s, Label: quad.String("x")},
		"label: empty IRI":      {Subject: iri, Predicate: iri, Object: s, Label: quad.IRI("")},
		"datatype ... contains": {Subject: iri, Predicate: iri, Object: quad.TypedString{Value: "x", Type: "a b"}},
	}
	for want, q := range bad {
		msg := CheckQuad(q)
		if want == "datatype ... contains" {
			want = "contains ' '"
		}
		if !strings.Contains(msg, want) {
			t.Errorf("CheckQuad(%#v) = %q; want it to say %q", q, msg, want)
		}
	}
	good := []quad.Quad{
		{Subject: quad.BNode("é"), Predicate: iri, Object: quad.LangString{Value: "x\ty", Lang: "de-CH-1901"}},
		{Subject: iri, Predicate: iri, Object: quad.String("line\nbreak \"q\" \\ \x01"), Label: quad.BNode("g")},
		{Subject: quad.IRI("http://example.org/a?b=c#d"), Predicate: iri, Object: quad.TypedString{Value: "v", Type: "ex:t"}},
	}
	for _, q := range good {
		if msg := CheckQuad(q); msg != "" {
			t.Fatalf("CheckQuad(%v) = %q", q, msg)
		}
		back, err := ReadQuads(context.Background(), "q.nq", strings.NewReader(q.NQuad()+"\n"), Options{})
		if err != nil || len(back) != 1 || back[0] != q {
			t.Errorf("%#v written as %s read back as %v, %v", q, q.NQuad(), back, err)
		}
	}
}

// TestParallelReadMatchesSequential reads the corpus (and the movie data)
// through the chunked parallel reader, with chunks of every size from a
// few bytes up, and compares with the line-by-line reference reader.
func TestParallelReadMatchesSequential(t *testing.T) {
	defer func(n int) { nqChunkBytes = n }(nqChunkBytes)
	for _, f := range equivalenceCorpus(t) {
		data := readMaybeGz(t, f)
		if data == nil {
			continue
		}
		want, werr := refReadNQuads(f, data)
		sizes := []int{1, 7, 64, 4096, 1 << 20}
		if len(data) > 1<<20 {
			sizes = []int{4096, 1 << 20} // the movie data
		}
		for _, size := range sizes {
			nqChunkBytes = size
			got, gerr := ReadQuads(context.Background(), strings.TrimSuffix(f, ".gz"), bytes.NewReader(data), Options{Format: FormatNQuads})
			if !reflect.DeepEqual(gerr, werr) {
				t.Fatalf("%s, chunks of %d: error %v, want %v", f, size, gerr, werr)
			}
			if len(got) != len(want) || (len(got) > 0 && !reflect.DeepEqual(got, want)) {
				t.Fatalf("%s, chunks of %d: %d quads differ from the sequential %d", f, size, len(got), len(want))
			}
		}
	}
}

// TestParallelErrorLocation puts errors at various lines of a large input
// and checks that the parallel reader reports the first one, exactly
// located, whatever the chunking; quads before it are never handed over
// past the error.
func TestParallelErrorLocation(t *testing.T) {
	defer func(n int) { nqChunkBytes = n }(nqChunkBytes)
	var sb strings.Builder
	const nLines = 20000
	for i := 1; i <= nLines; i++ {
		fmt.Fprintf(&sb, "<s%d> <p> \"v%d\" .\n", i, i)
	}
	base := strings.Split(sb.String(), "\n")
	bad := func(lines map[int]string) string {
		cp := append([]string(nil), base...)
		for n, l := range lines {
			cp[n-1] = l
		}
		return strings.Join(cp, "\n")
	}
	cases := []struct {
		lines      map[int]string
		line, col  int
		msgContain string
	}{
		{map[int]string{1: "<a> <b> <c>"}, 1, 12, "incomplete statement"},
		{map[int]string{19999: "<a> <b> <c"}, 19999, 0, "unterminated IRI"},
		{map[int]string{7001: `<s> <p> "x`, 15000: "<a> <b> <c>"}, 7001, 11, "unterminated string"},
		{map[int]string{12345: "<s> <p> \"caf\xff\" .", 12346: "junk"}, 12345, 0, "invalid UTF-8"},
		{map[int]string{500: "<s> \"lit\" <o> ."}, 500, 0, "expected predicate"},
	}
	for _, size := range []int{100, 4096, 65536, 1 << 20} {
		nqChunkBytes = size
		for _, c := range cases {
			input := bad(c.lines)
			handed := 0
			err := streamNQuads(context.Background(), "in.nq", strings.NewReader(input), nil, func(qs []quad.Quad) error {
				handed += len(qs)
				return nil
			})
			var pe *Error
			if !errors.As(err, &pe) || pe.File != "in.nq" || pe.Line != c.line || (c.col != 0 && pe.Column != c.col) || !strings.Contains(pe.Msg, c.msgContain) {
				t.Logf("%#v", pe)
				t.Fatalf("chunks of %d, error at %d: got %v (%#v)", size, c.line, err, pe)
			}
			if handed >= c.line {
				t.Fatalf("chunks of %d: %d quads handed over before an error at line %d", size, handed, c.line)
			}
			// The reference agrees.
			_, rerr := refReadNQuads("in.nq", []byte(input))
			if !reflect.DeepEqual(rerr, err) {
				t.Fatalf("reference error %v, parallel %v", rerr, err)
			}
		}
	}
	// A line over the limit, spanning chunks, after valid lines.
	nqChunkBytes = 1 << 16
	long := base[0] + "\n" + "<a> <b> \"" + strings.Repeat("x", MaxLineBytes) + "\" .\n"
	_, err := ReadQuads(context.Background(), "in.nq", strings.NewReader(long), Options{})
	var pe *Error
	if !errors.As(err, &pe) || pe.Line != 2 || !strings.Contains(pe.Msg, "line longer") {
		t.Fatalf("overlong line: %v", err)
	}
}

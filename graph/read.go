package graph

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	"github.com/piprate/json-gold/ld"

	"github.com/quiver-kg/quiver/schema"
)

// Input formats understood by ReadQuads and ReadFile.
const (
	FormatNQuads = "nquads" // N-Quads (and N-Triples), one statement a line
	FormatPQuads = "pquads" // Cayley's protobuf quads
	FormatJSONLD = "jsonld" // JSON-LD; remote and file @context are refused
	FormatClaims = "claims" // a Quiver claims file (YAML), see docs/claims-format.md
)

// Limits applied while reading input when ReadOptions leaves them zero.
const (
	DefaultMaxInputBytes = 4 << 30  // decompressed bytes read from one input
	DefaultMaxLineBytes  = 16 << 20 // bytes in one N-Quads line
	DefaultMaxJSONDepth  = 64       // nesting depth of a JSON-LD document
	// DefaultMaxInflateRatio bounds how far gzip input may expand: past the
	// first inflateFloor decompressed bytes, at most this many bytes per
	// compressed byte. Real N-Quads compress 5-15x; a decompression bomb
	// (about 1000x) is refused long before it can fill memory.
	DefaultMaxInflateRatio = 100
)

// inflateFloor is how much gzip input may decompress to before the ratio
// limit applies, so small, very repetitive files are never refused.
const inflateFloor = 16 << 20

// ReadOptions tunes ReadQuads and ReadFile. The zero value is ready to use.
type ReadOptions struct {
	// Format is one of the Format constants; "" tells it from the name.
	Format string
	// Vocabulary validates claims files; nil means schema.Default().
	Vocabulary *schema.Vocabulary
	// MaxBytes caps the decompressed input size; zero means DefaultMaxInputBytes.
	MaxBytes int64
	// MaxInflateRatio caps how many times larger than its compressed size
	// gzip input may become (past its first 16 MiB); zero means
	// DefaultMaxInflateRatio, negative means no ratio limit (MaxBytes
	// still applies).
	MaxInflateRatio int
	// Progress, when set, is called as input is consumed with the bytes
	// read so far (compressed bytes for .gz input) and, for N-Quads, the
	// quads parsed so far (0 for formats parsed as a whole).
	Progress func(bytesRead int64, quadsRead int)
}

// FormatOf tells an input format from a file name: .nq, .nt (optionally
// .gz), .pq/.pquads, .jsonld, and .yaml/.yml for claims files.
func FormatOf(name string) (string, error) {
	base := strings.TrimSuffix(strings.ToLower(name), ".gz")
	switch filepath.Ext(base) {
	case ".nq", ".nt", ".nquads":
		return FormatNQuads, nil
	case ".pq", ".pquads":
		return FormatPQuads, nil
	case ".jsonld":
		return FormatJSONLD, nil
	case ".yaml", ".yml":
		return FormatClaims, nil
	}
	return "", fmt.Errorf("%s: cannot tell the format from the name (use .nq, .nq.gz, .pq, .jsonld or .claims.yaml): %w", name, ErrUnknownFormat)
}

// ReadFile reads every quad of the file at path, validating as it goes. It
// returns all quads or, at the first problem, a *ParseError (or, for claims
// files, schema.Violations listing every problem) and no quads.
func ReadFile(ctx context.Context, path string, opts ReadOptions) ([]quad.Quad, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadQuads(ctx, path, f, opts)
}

// ReadQuads reads every quad from r; name is used to tell the format (when
// opts.Format is empty), to locate errors and, for claims files, to resolve
// the document text path. Input ending in .gz is decompressed.
func ReadQuads(ctx context.Context, name string, r io.Reader, opts ReadOptions) ([]quad.Quad, error) {
	var out []quad.Quad
	err := streamQuads(ctx, name, r, opts, func(qs []quad.Quad) error {
		if out == nil {
			out = qs
		} else {
			out = append(out, qs...)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// streamQuads reads r as ReadQuads does and calls fn with the quads in
// input order, in parts (N-Quads: chunks of about a megabyte of input; other
// formats: all at once). fn is never called after an error in the input
// has been found, but earlier parts may already have been handed over: a
// caller that must be all-or-nothing undoes them when an error is returned.
func streamQuads(ctx context.Context, name string, r io.Reader, opts ReadOptions, fn func([]quad.Quad) error) error {
	format := opts.Format
	if format == "" {
		var err error
		if format, err = FormatOf(name); err != nil {
			return err
		}
	}
	var progress *progressReader
	if opts.Progress != nil {
		progress = &progressReader{r: r, fn: opts.Progress}
		r = progress
	}
	if strings.HasSuffix(strings.ToLower(name), ".gz") {
		in := &countReader{r: r}
		zr, err := gzip.NewReader(in)
		if err != nil {
			return &ParseError{File: name, Msg: "not a valid gzip file: " + err.Error(), Err: err}
		}
		defer zr.Close()
		r = zr
		ratio := opts.MaxInflateRatio
		if ratio == 0 {
			ratio = DefaultMaxInflateRatio
		}
		if ratio > 0 {
			r = &inflateGuard{r: zr, in: in, ratio: int64(ratio), file: name}
		}
	}
	max := opts.MaxBytes
	if max <= 0 {
		max = DefaultMaxInputBytes
	}
	r = &limitReader{r: r, left: max, file: name}
	var (
		qs  []quad.Quad
		err error
	)
	switch format {
	case FormatNQuads:
		return streamNQuads(ctx, name, r, progress, fn)
	case FormatPQuads:
		qs, err = readPQuads(ctx, name, r)
	case FormatJSONLD:
		qs, err = readJSONLD(ctx, name, r)
	case FormatClaims:
		qs, err = readClaims(name, r, opts.Vocabulary)
	default:
		return fmt.Errorf("%s: format %q: %w", name, format, ErrUnknownFormat)
	}
	if err != nil {
		return err
	}
	if len(qs) == 0 {
		return nil
	}
	return fn(qs)
}

// readNQuads parses N-Quads a line at a time so that every error carries its
// line and column: Cayley's own decoder reports neither and silently skips
// statements that parse but are not valid quads. Chunks of lines are
// parsed in parallel; the first error in line order is returned.
func readNQuads(ctx context.Context, name string, r io.Reader, progress *progressReader) ([]quad.Quad, error) {
	var out []quad.Quad
	err := streamNQuads(ctx, name, r, progress, func(qs []quad.Quad) error {
		out = append(out, qs...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// parseNQuadsLine parses one line; it returns nil for blank and comment
// lines. The returned error has Column and Msg set.
func parseNQuadsLine(line []byte, first bool) (*quad.Quad, *ParseError) {
	var spans [4]termSpan
	q, ok, perr := parseLine(string(line), first, &spans)
	if perr != nil || !ok {
		return nil, perr
	}
	return &q, nil
}

// checkQuad returns why q cannot be stored, or "".
func checkQuad(q quad.Quad) string {
	switch {
	case q.Subject == nil:
		return "missing subject"
	case q.Predicate == nil:
		return "missing predicate"
	case q.Object == nil:
		return "missing object"
	}
	if _, ok := q.Predicate.(quad.IRI); !ok {
		return fmt.Sprintf("predicate %s is not an IRI", q.Predicate)
	}
	// Cayley treats an empty IRI as no value: stores skip such quads or
	// fail the whole write, so refuse them here, where we can say where.
	for _, v := range []quad.Value{q.Subject, q.Predicate, q.Object, q.Label} {
		if v == quad.IRI("") {
			return "empty IRI <> is not allowed"
		}
	}
	switch q.Subject.(type) {
	case quad.IRI, quad.BNode:
	default:
		return fmt.Sprintf("subject %s is not an IRI or blank node", q.Subject)
	}
	return ""
}

func readPQuads(ctx context.Context, name string, r io.Reader) ([]quad.Quad, error) {
	pr := pquads.NewReader(r, 0)
	var out []quad.Quad
	for i := 1; ; i++ {
		q, err := pr.ReadQuad()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, &ParseError{File: name, Msg: fmt.Sprintf("record %d: %v", i, err), Err: err}
		}
		if msg := checkQuad(q); msg != "" {
			return nil, &ParseError{File: name, Msg: fmt.Sprintf("record %d: %s", i, msg)}
		}
		out = append(out, q)
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
	}
}

// refusingLoader refuses every remote or local @context: json-gold's
// default loader fetches URLs and reads local files, which would let a
// document make the server reach the network or disclose files.
type refusingLoader struct{}

func (refusingLoader) LoadDocument(u string) (*ld.RemoteDocument, error) {
	return nil, fmt.Errorf("loading @context %q is refused: Quiver never fetches remote or local documents; inline the context", u)
}

func readJSONLD(ctx context.Context, name string, r io.Reader) ([]quad.Quad, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, locate(err, name, 0)
	}
	if err := checkJSONDepth(data, DefaultMaxJSONDepth); err != nil {
		return nil, jsonError(name, data, err)
	}
	var doc interface{}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, jsonError(name, data, err)
	}
	if ref := externalContext(doc); ref != "" {
		pe := &ParseError{File: name, Msg: fmt.Sprintf("JSON-LD @context %q refused: Quiver never fetches remote or local documents; inline the context object", ref)}
		// Point at the reference as written, when it is written plainly.
		if lit, err := json.Marshal(ref); err == nil {
			if off := bytes.Index(data, lit); off >= 0 {
				pe.Line = bytes.Count(data[:off], []byte("\n")) + 1
				pe.Column = utf8.RuneCount(data[bytes.LastIndexByte(data[:off], '\n')+1:off]) + 1
			}
		}
		return nil, pe
	}
	opts := ld.NewJsonLdOptions("")
	opts.DocumentLoader = refusingLoader{}
	opts.Format = "application/n-quads"
	nq, err := ld.NewJsonLdProcessor().ToRDF(doc, opts)
	if err != nil {
		return nil, &ParseError{File: name, Msg: "JSON-LD: " + err.Error(), Err: err}
	}
	text, _ := nq.(string)
	qs, err := readNQuads(ctx, name, strings.NewReader(text), nil)
	if err != nil {
		var pe *ParseError
		if errors.As(err, &pe) {
			pe.Line, pe.Column = 0, 0
			pe.Msg = "JSON-LD produced an invalid statement: " + pe.Msg
		}
		return nil, err
	}
	return qs, nil
}

// externalContext returns the first @context (or @import) anywhere in doc
// that names a document instead of inlining it, or "".
func externalContext(doc interface{}) string {
	switch v := doc.(type) {
	case map[string]interface{}:
		for k, val := range v {
			if k == "@context" || k == "@import" {
				if ref := contextRef(val); ref != "" {
					return ref
				}
			}
			if ref := externalContext(val); ref != "" {
				return ref
			}
		}
	case []interface{}:
		for _, e := range v {
			if ref := externalContext(e); ref != "" {
				return ref
			}
		}
	}
	return ""
}

// contextRef returns the document reference in a @context value, if any.
func contextRef(val interface{}) string {
	switch c := val.(type) {
	case string:
		return c
	case []interface{}:
		for _, e := range c {
			if s, ok := e.(string); ok {
				return s
			}
		}
	}
	return ""
}

// checkJSONDepth refuses documents nested deeper than max before any
// expansion work is done on them.
func checkJSONDepth(data []byte, max int) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	depth := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
			if depth > max {
				return &json.SyntaxError{Offset: dec.InputOffset()}
			}
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
}

// jsonError turns a JSON decoding error into a located ParseError.
func jsonError(name string, data []byte, err error) error {
	var off int64 = -1
	msg := err.Error()
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset
		if se.Error() == "" {
			msg = fmt.Sprintf("JSON nested deeper than %d levels", DefaultMaxJSONDepth)
		}
	case errors.As(err, &te):
		off = te.Offset
	}
	pe := &ParseError{File: name, Msg: "JSON: " + msg, Err: err}
	if off >= 0 && off <= int64(len(data)) {
		pe.Line = bytes.Count(data[:off], []byte("\n")) + 1
		pe.Column = utf8.RuneCount(data[bytes.LastIndexByte(data[:off], '\n')+1:off]) + 1
	}
	return pe
}

func readClaims(name string, r io.Reader, v *schema.Vocabulary) ([]quad.Quad, error) {
	if v == nil {
		v = schema.Default()
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, locate(err, name, 0)
	}
	dir := filepath.Dir(name)
	readText := func(p string) ([]byte, error) {
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		return os.ReadFile(p)
	}
	qs, _, err := schema.CompileClaimsFile(v, name, data, readText)
	return qs, err
}

// locate wraps an I/O error from reading name (a truncated gzip stream, an
// input over the size limit) as a ParseError at the line being read.
func locate(err error, name string, line int) error {
	var pe *ParseError
	if errors.As(err, &pe) {
		if pe.Line == 0 && pe.File == name {
			pe.Line = line // a limit reader knows the file, not the line
		}
		return err
	}
	return &ParseError{File: name, Line: line, Msg: err.Error(), Err: err}
}

// limitReader fails, rather than truncating silently, once more than left
// bytes have been read: a decompression bomb becomes an error, not an
// out-of-memory crash.
type limitReader struct {
	r    io.Reader
	left int64
	file string
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.left <= 0 {
		return 0, &ParseError{File: l.file, Msg: "input larger than the size limit (decompression bomb?)"}
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}

// countReader counts the bytes read through it.
type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// inflateGuard fails once the decompressed stream r has grown past
// inflateFloor and more than ratio times the compressed bytes read from in.
type inflateGuard struct {
	r     io.Reader
	in    *countReader
	out   int64
	ratio int64
	file  string
}

func (g *inflateGuard) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	g.out += int64(n)
	if g.out > inflateFloor && g.out > g.ratio*g.in.n {
		return 0, &ParseError{File: g.file, Msg: fmt.Sprintf(
			"gzip input expands more than %dx (decompression bomb?): %d compressed bytes gave %d", g.ratio, g.in.n, g.out)}
	}
	return n, err
}

// progressReader reports bytes read, and the quads a parser says it has
// parsed, to a ReadOptions.Progress callback.
// Read runs on the goroutine reading the input, setQuads on the one
// consuming the parsed quads.
type progressReader struct {
	r     io.Reader
	n     int64
	quads atomic.Int64
	fn    func(int64, int)
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.n += int64(n)
	p.fn(p.n, int(p.quads.Load()))
	return n, err
}

// setQuads records the quads parsed so far; p may be nil.
func (p *progressReader) setQuads(n int) {
	if p != nil {
		p.quads.Store(int64(n))
	}
}

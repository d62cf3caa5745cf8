package parse

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/schema"
)

// Input formats understood by ReadQuads, ReadFile and Stream.
const (
	FormatNQuads = "nquads" // N-Quads (and N-Triples), one statement a line
	FormatPQuads = "pquads" // Cayley's protobuf quads
	FormatJSONLD = "jsonld" // JSON-LD; remote and file @context are refused
	FormatJSON   = "json"   // Cayley's JSON quad list: [{"subject": ..., "predicate": ..., "object": ..., "label": ...}]
	FormatClaims = "claims" // a Quiver claims file (YAML), see docs/claims-format.md
)

// Options tunes ReadQuads, ReadFile and Stream. The zero value is ready to
// use.
type Options struct {
	// Format is one of the Format constants; "" tells it from the name.
	Format string
	// Gzip says the input is gzipped whatever its name; input named .gz or
	// starting with gzip's magic number is decompressed anyway.
	Gzip bool
	// Vocabulary validates claims files; nil means schema.Default().
	Vocabulary *schema.Vocabulary
	// Known is what the store a claims file is loaded into holds, for the
	// identity rules (schema.Known); the zero value checks the file alone.
	Known schema.Known
	// Warn, when set, is called with each warning about a claims file
	// that compiles (warnings never block).
	Warn func(schema.Violation)
	// MaxBytes caps the decompressed input size; zero means
	// DefaultMaxInputBytes.
	MaxBytes int64
	// MaxInflateRatio caps how many times larger than its size as sent
	// an input may become once decompressed, and once parsed (pquads
	// records that repeat a quad, YAML aliases, JSON-LD contexts), past
	// its first InflateFloor bytes; zero means DefaultMaxInflateRatio,
	// negative means no ratio limit (MaxBytes still applies).
	MaxInflateRatio int
	// MaxQuads caps the quads one input may hold; zero means no cap
	// (MaxBytes still bounds them). Servers set it.
	MaxQuads int
	// Progress, when set, is called as input is consumed with the bytes
	// read so far (compressed bytes for gzipped input) and, for N-Quads,
	// the quads parsed so far (0 for formats parsed as a whole).
	Progress func(bytesRead int64, quadsRead int)
}

// FormatOf tells an input format from a file name: .nq, .nt (optionally
// .gz), .pq/.pquads, .jsonld, .json, and .yaml/.yml for claims files.
func FormatOf(name string) (string, error) {
	base := strings.TrimSuffix(strings.ToLower(name), ".gz")
	switch filepath.Ext(base) {
	case ".nq", ".nt", ".nquads":
		return FormatNQuads, nil
	case ".pq", ".pquads":
		return FormatPQuads, nil
	case ".jsonld":
		return FormatJSONLD, nil
	case ".json":
		return FormatJSON, nil
	case ".yaml", ".yml":
		return FormatClaims, nil
	}
	return "", fmt.Errorf("%s: cannot tell the format from the name (use .nq, .nq.gz, .pq, .jsonld, .json or .claims.yaml): %w", name, ErrUnknownFormat)
}

// ReadFile reads every quad of the file at path, validating as it goes. It
// returns all quads or, at the first problem, an *Error (or, for claims
// files, schema.Violations listing every problem) and no quads.
func ReadFile(ctx context.Context, path string, opts Options) ([]quad.Quad, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadQuads(ctx, path, f, opts)
}

// ReadQuads reads every quad from r; name is used to tell the format (when
// opts.Format is empty), to locate errors and, for claims files, to resolve
// the document text path. Gzipped input is decompressed.
func ReadQuads(ctx context.Context, name string, r io.Reader, opts Options) ([]quad.Quad, error) {
	var out []quad.Quad
	err := Stream(ctx, name, r, opts, func(qs []quad.Quad) error {
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

// Stream reads r as ReadQuads does and calls fn with the quads in input
// order, in parts (N-Quads: chunks of about a megabyte of input; pquads:
// a few thousand records; other formats: all at once). fn is never called
// after an error in the input has been found, but earlier parts may
// already have been handed over: a caller that must be all-or-nothing
// undoes them when an error is returned. The quads' values may share
// memory with the input. What the input becomes is bounded as it is
// parsed (see Options.MaxBytes, MaxInflateRatio and MaxQuads).
func Stream(ctx context.Context, name string, r io.Reader, opts Options, fn func([]quad.Quad) error) error {
	format := opts.Format
	if format == "" {
		var err error
		if format, err = FormatOf(name); err != nil {
			return err
		}
	}
	in, raw, closeInput, err := input(name, r, opts)
	if err != nil {
		return err
	}
	defer closeInput()
	b := newBudget(name, raw, opts)
	var qs []quad.Quad
	switch format {
	case FormatNQuads:
		// Parsed N-Quads are no larger than their text, which the input
		// layer bounds: only their number is counted.
		return streamNQuads(ctx, name, in, progressOf(in), func(qs []quad.Quad) error {
			if err := b.chargeQuads(qs, false); err != nil {
				return err
			}
			return fn(qs)
		})
	case FormatPQuads:
		return streamPQuads(ctx, name, in, b, fn)
	case FormatJSONLD:
		qs, err = readJSONLD(ctx, name, in, b)
	case FormatJSON:
		qs, err = readJSON(name, in)
	case FormatClaims:
		qs, err = readClaims(name, in, opts)
	default:
		return fmt.Errorf("%s: format %q: %w", name, format, ErrUnknownFormat)
	}
	if err != nil {
		return err
	}
	if len(qs) == 0 {
		return nil
	}
	if err := b.chargeQuads(qs, format != FormatJSON); err != nil {
		return err
	}
	return fn(qs)
}

// CheckQuad returns why q cannot be stored, or "": a missing subject,
// predicate or object, a predicate that is not an IRI, a subject that is
// neither an IRI nor a blank node, or a value that has no N-Quads form
// reading back as itself (an empty IRI, an IRI holding a space or another
// character IRIs exclude, a literal holding NUL or text that is not UTF-8,
// a bad blank node label or language tag). Every reader applies it to
// what it parses, and stores apply it to what they are given, so that
// whatever a store holds, a dump of it loads back.
func CheckQuad(q quad.Quad) string {
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
	switch q.Subject.(type) {
	case quad.IRI, quad.BNode:
	default:
		return fmt.Sprintf("subject %s is not an IRI or blank node", q.Subject)
	}
	switch q.Label.(type) {
	case nil, quad.IRI, quad.BNode:
	default:
		return fmt.Sprintf("graph label %s is not an IRI or blank node", q.Label)
	}
	for i, v := range []quad.Value{q.Subject, q.Predicate, q.Object, q.Label} {
		if msg := checkValue(v); msg != "" {
			return quad.Direction(i+1).String() + ": " + msg
		}
	}
	return ""
}

package parse

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"

	"github.com/cayleygraph/quad"
)

// Limits applied while reading input when Options leaves them zero.
const (
	DefaultMaxInputBytes = 4 << 30  // decompressed bytes read from one input
	MaxLineBytes         = 16 << 20 // bytes in one N-Quads line
	DefaultMaxJSONDepth  = 64       // nesting depth of a JSON or JSON-LD document
	// DefaultMaxInflateRatio bounds how far gzip input may expand: past the
	// first InflateFloor decompressed bytes, at most this many bytes per
	// compressed byte. Real N-Quads compress 5-15x; a decompression bomb
	// (about 1000x) is refused long before it can fill memory.
	DefaultMaxInflateRatio = 100
	// InflateFloor is how much gzip input may decompress to before the
	// ratio limit applies, so small, very repetitive files are never
	// refused.
	InflateFloor = 16 << 20
)

// input wraps the raw bytes r of the input name for a parser: progress
// reporting, gzip decompression (when the name ends in .gz or the bytes
// start with gzip's magic number) under the inflation guard, and the cap
// on decompressed bytes. close releases the decompressor. raw counts the
// bytes read from r, for the amplification guard (see budget).
func input(name string, r io.Reader, opts Options) (in io.Reader, raw *countReader, close func(), err error) {
	close = func() {}
	var progress *progressReader
	if opts.Progress != nil {
		progress = &progressReader{r: r, fn: opts.Progress}
		r = progress
	}
	raw = &countReader{r: r}
	br := bufio.NewReader(raw)
	gz := opts.Gzip || strings.HasSuffix(strings.ToLower(name), ".gz")
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		gz = true
	}
	in = br
	if gz {
		count := &countReader{r: br}
		zr, err := gzip.NewReader(count)
		if err != nil {
			return nil, nil, close, &Error{File: name, Msg: "not a valid gzip file: " + err.Error(), Err: err}
		}
		close = func() { zr.Close() }
		in = zr
		ratio := opts.MaxInflateRatio
		if ratio == 0 {
			ratio = DefaultMaxInflateRatio
		}
		if ratio > 0 {
			in = &inflateGuard{r: zr, in: count, ratio: int64(ratio), file: name}
		}
	}
	max := opts.MaxBytes
	if max <= 0 {
		max = DefaultMaxInputBytes
	}
	in = &limitReader{r: in, left: max, max: max, file: name}
	if progress != nil {
		in = &quadCounter{Reader: in, p: progress}
	}
	return in, raw, close, nil
}

// budget bounds what an input becomes once parsed, whatever amplifies it
// on the way: gzip, pquads records that repeat the quad before them
// (one byte each), YAML aliases, JSON-LD contexts whose IRIs every key
// expands to. It counts the quads handed over (Options.MaxQuads) and their
// size written as N-Quads, which may reach neither Options.MaxBytes nor,
// past InflateFloor, the inflation ratio times the bytes of the input as
// sent. A parser charges what it produces before producing more, so
// nothing past the bound is ever held.
type budget struct {
	file     string
	raw      *countReader // the input as sent
	maxBytes int64
	ratio    int64 // 0: no ratio limit
	maxQuads int64 // 0: no quad limit
	bytes    int64
	quads    int64
}

func newBudget(name string, raw *countReader, opts Options) *budget {
	b := &budget{file: name, raw: raw, maxBytes: opts.MaxBytes, maxQuads: int64(opts.MaxQuads)}
	if b.maxBytes <= 0 {
		b.maxBytes = DefaultMaxInputBytes
	}
	switch {
	case opts.MaxInflateRatio == 0:
		b.ratio = DefaultMaxInflateRatio
	case opts.MaxInflateRatio > 0:
		b.ratio = int64(opts.MaxInflateRatio)
	}
	return b
}

// chargeBytes counts n more bytes of output (what is about to be built),
// failing with an *Error wrapping ErrInputTooLarge past either bound.
func (b *budget) chargeBytes(n int64, what string) error {
	b.bytes += n
	if b.bytes > b.maxBytes {
		return tooLarge(b.file, 0, fmt.Sprintf("%s larger than the size limit of %d bytes", what, b.maxBytes))
	}
	if b.ratio > 0 && b.bytes > InflateFloor && b.bytes > b.ratio*b.raw.n {
		return tooLarge(b.file, 0, fmt.Sprintf("%s: %d bytes of input would become more than %d bytes, over %dx its size",
			what, b.raw.n, b.bytes, b.ratio))
	}
	return nil
}

// chargeQuads counts quads about to be handed over: their number, and
// their size when sized (formats whose output can outgrow their input).
func (b *budget) chargeQuads(qs []quad.Quad, sized bool) error {
	b.quads += int64(len(qs))
	if b.maxQuads > 0 && b.quads > b.maxQuads {
		return tooLarge(b.file, 0, fmt.Sprintf("input holds more than %d quads, the limit of one input", b.maxQuads))
	}
	if !sized {
		return nil
	}
	n := int64(0)
	for _, q := range qs {
		n += quadSize(q)
	}
	return b.chargeBytes(n, "parsed input")
}

// quadSize is about the size of q written as N-Quads, without allocating.
func quadSize(q quad.Quad) int64 {
	n := int64(4)
	for _, v := range []quad.Value{q.Subject, q.Predicate, q.Object, q.Label} {
		switch v := v.(type) {
		case nil:
		case quad.IRI:
			n += int64(len(v)) + 3
		case quad.BNode:
			n += int64(len(v)) + 3
		case quad.String:
			n += int64(len(v)) + 3
		case quad.LangString:
			n += int64(len(v.Value)+len(v.Lang)) + 4
		case quad.TypedString:
			n += int64(len(v.Value)+len(v.Type)) + 7
		default:
			n += 64 // numbers, booleans, times: short typed literals
		}
	}
	return n
}

// locate wraps an I/O error from reading name (a truncated gzip stream, an
// input over the size limit) as an *Error at the line being read.
func locate(err error, name string, line int) error {
	var pe *Error
	if errors.As(err, &pe) {
		if pe.Line == 0 && pe.File == name {
			pe.Line = line // a limit reader knows the file, not the line
		}
		return err
	}
	return &Error{File: name, Line: line, Msg: err.Error(), Err: err}
}

// limitReader fails, rather than truncating silently, once more than max
// bytes have been read: a decompression bomb becomes an error, not an
// out-of-memory crash.
type limitReader struct {
	r         io.Reader
	left, max int64
	file      string
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.left <= 0 {
		return 0, tooLarge(l.file, 0, fmt.Sprintf("input larger than the size limit of %d bytes (decompressed; a decompression bomb?)", l.max))
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
// InflateFloor and more than ratio times the compressed bytes read from in.
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
	if g.out > InflateFloor && g.out > g.ratio*g.in.n {
		return 0, tooLarge(g.file, 0, fmt.Sprintf(
			"gzip input expands more than %dx (decompression bomb?): %d compressed bytes gave %d", g.ratio, g.in.n, g.out))
	}
	return n, err
}

// progressReader reports bytes read, and the quads a parser says it has
// parsed, to an Options.Progress callback. Read runs on the goroutine
// reading the input, setQuads on the one consuming the parsed quads.
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

// quadCounter carries the progress reader past the decompression and limit
// layers, so the N-Quads parser can report its quads to it.
type quadCounter struct {
	io.Reader
	p *progressReader
}

// progressOf returns the progress reader behind in, or nil.
func progressOf(in io.Reader) *progressReader {
	if qc, ok := in.(*quadCounter); ok {
		return qc.p
	}
	return nil
}

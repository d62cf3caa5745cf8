package parse

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"
)

// N-Quads input is parsed in line-aligned chunks of about nqChunkBytes,
// on up to GOMAXPROCS goroutines, and handed over in input order.
var nqChunkBytes = 1 << 20 // a variable for tests

// nqChunk is a run of whole lines of the input and, once parsed, its quads
// or the first error in it.
type nqChunk struct {
	text  string // whole lines; the last may lack its '\n' at EOF
	first int    // line number of the first line
	rerr  error  // a read error right after these lines (already located)

	quads []quad.Quad
	err   error
	done  chan struct{}
}

// streamNQuads parses N-Quads from r and calls fn with the quads of each
// chunk in input order. It stops at the first problem in line order: a
// *Error locating it (file, line, column), an I/O error located at the
// line being read, fn's error, or ctx's. The quads' values may share
// memory with the input chunk they were parsed from.
func streamNQuads(ctx context.Context, name string, r io.Reader, progress *progressReader, fn func([]quad.Quad) error) error {
	workers := runtime.GOMAXPROCS(0)
	stop := make(chan struct{})
	work := make(chan *nqChunk, workers)
	order := make(chan *nqChunk, 2*workers)
	go splitChunks(r, name, MaxLineBytes, stop, work, order)
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range work {
				c.quads, c.err = parseChunk(name, c.text, c.first, MaxLineBytes)
				close(c.done)
			}
		}()
	}
	defer func() {
		close(stop) // the splitter leaves, closing work
		wg.Wait()   // workers finish their chunk and leave
	}()
	total := 0
	for c := range order {
		select {
		case <-c.done:
		case <-ctx.Done():
			return ctx.Err()
		}
		if c.err != nil {
			return c.err
		}
		if len(c.quads) > 0 {
			if err := fn(c.quads); err != nil {
				return err
			}
			total += len(c.quads)
			c.quads = nil
		}
		if c.rerr != nil {
			return c.rerr
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		progress.setQuads(total)
	}
	return nil
}

// splitChunks reads r into chunks of whole lines and sends each to work
// (to be parsed) and to order (to be consumed in order); it closes both at
// the end of the input, after a read error (sent as the last chunk's rerr)
// or when stop is closed.
func splitChunks(r io.Reader, name string, maxLine int, stop <-chan struct{}, work, order chan<- *nqChunk) {
	defer close(work)
	defer close(order)
	send := func(c *nqChunk) bool {
		c.done = make(chan struct{})
		if c.text == "" {
			close(c.done)
		} else {
			select {
			case work <- c:
			case <-stop:
				return false
			}
		}
		select {
		case order <- c:
			return true
		case <-stop:
			return false
		}
	}
	line := 1
	var carry []byte
	for {
		size := nqChunkBytes
		if 2*len(carry) > size {
			size = 2 * len(carry)
		}
		// A new buffer each time: the chunk's text (and the values parsed
		// from it) alias it, so it is never written again.
		buf := make([]byte, size)
		n := copy(buf, carry)
		var err error
		for n < len(buf) && err == nil {
			var m int
			m, err = r.Read(buf[n:])
			n += m
		}
		data := buf[:n]
		if err == io.EOF {
			if len(data) > 0 {
				send(&nqChunk{text: unsafe.String(&data[0], len(data)), first: line})
			}
			return
		}
		cut := bytes.LastIndexByte(data, '\n') + 1
		var c nqChunk
		c.first = line
		if cut > 0 {
			c.text = unsafe.String(&data[0], cut)
			line += bytes.Count(data[:cut], []byte{'\n'})
		}
		carry = data[cut:]
		switch {
		case err != nil:
			c.rerr = locate(err, name, line)
		case len(carry) > maxLine:
			c.rerr = tooLarge(name, line, fmt.Sprintf("line longer than %d bytes", maxLine))
		}
		if !send(&c) || c.rerr != nil {
			return
		}
	}
}

// parseChunk parses the lines of text, the first being line number first.
func parseChunk(name, text string, first, maxLine int) ([]quad.Quad, error) {
	out := make([]quad.Quad, 0, len(text)/96+16)
	var spans [4]termSpan
	for lineNo := first; len(text) > 0; lineNo++ {
		var line string
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
			if len(line)+1 > maxLine {
				return nil, tooLarge(name, lineNo, fmt.Sprintf("line longer than %d bytes", maxLine))
			}
		} else {
			line, text = text, ""
			if len(line) > maxLine {
				return nil, tooLarge(name, lineNo, fmt.Sprintf("line longer than %d bytes", maxLine))
			}
		}
		line = strings.TrimRight(line, "\r\n")
		if len(line) == 0 {
			continue
		}
		q, ok, perr := parseLine(line, lineNo == 1, &spans)
		if perr != nil {
			perr.File, perr.Line = name, lineNo
			return nil, perr
		}
		if ok {
			out = append(out, q)
		}
	}
	return out, nil
}

// parseLine parses one line (without its end-of-line bytes); ok is false
// for blank and comment lines. The returned error has Column and Msg set.
// Values are decoded from the spans the strict scanner found, as
// substrings of line where no unescaping is needed; anything unusual goes
// through Cayley's parser (see decodeTerm).
func parseLine(line string, first bool, spans *[4]termSpan) (q quad.Quad, ok bool, perr *Error) {
	if first && strings.HasPrefix(line, "\xef\xbb\xbf") {
		return q, false, &Error{Column: 1, Msg: "byte order mark at the start of the file; N-Quads is UTF-8 without a BOM"}
	}
	if i := strings.IndexByte(line, 0); i >= 0 {
		return q, false, &Error{Column: utf8.RuneCountInString(line[:i]) + 1, Msg: "NUL byte in input"}
	}
	if !utf8.ValidString(line) {
		i := 0
		for i < len(line) {
			r, size := utf8.DecodeRuneInString(line[i:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			i += size
		}
		return q, false, &Error{Column: utf8.RuneCountInString(line[:i]) + 1, Msg: "invalid UTF-8"}
	}
	text := strings.TrimSpace(line)
	if text == "" || text[0] == '#' {
		return q, false, nil
	}
	lead := len(line) - len(strings.TrimLeft(line, " \t"))
	*spans = [4]termSpan{}
	end, col, msg := scanTerms(text, spans)
	if msg != "" {
		return q, false, &Error{Column: col + utf8.RuneCountInString(line[:lead]), Msg: msg}
	}
	q, at, msg := decodeStatement(text, end, spans)
	if msg != "" {
		return quad.Quad{}, false, &Error{Column: utf8.RuneCountInString(line[:lead]) + utf8.RuneCountInString(text[:at]) + 1, Msg: msg}
	}
	if err := CheckQuad(q); err != "" {
		return quad.Quad{}, false, &Error{Column: 1, Msg: err}
	}
	return q, true, nil
}

// decodeStatement decodes the terms of a statement the strict scanner
// accepted (text[:end], terms at spans). On a problem, at is its byte
// offset in text and msg says what it is.
func decodeStatement(text string, end int, spans *[4]termSpan) (q quad.Quad, at int, msg string) {
	var vals [4]quad.Value
	slow := false
	for d, sp := range spans {
		if sp.start == sp.end {
			continue
		}
		v, fast, off, problem := decodeTerm(text, sp)
		if problem != "" {
			return quad.Quad{}, sp.start + off, problem
		}
		slow = slow || !fast
		vals[d] = v
	}
	if slow {
		return slowParse(text[:end])
	}
	return quad.Quad{Subject: vals[0], Predicate: vals[1], Object: vals[2], Label: vals[3]}, 0, ""
}

// slowParse decodes a statement that the strict scanner accepted with
// Cayley's typed N-Quads parser (the reference for decoded values), then
// decodes the escapes of its IRIs, which Cayley keeps as written. Escapes
// in literals were checked by decodeTerm before it is called.
func slowParse(stmt string) (q quad.Quad, at int, msg string) {
	defer func() {
		// The generated parser has panicked on odd input before; a panic
		// must become a located error, not a crash.
		if r := recover(); r != nil {
			q, at, msg = quad.Quad{}, 0, fmt.Sprintf("cannot parse statement: %v", r)
		}
	}()
	parsed, err := nquads.Parse(stmt)
	if err != nil {
		return quad.Quad{}, 0, "cannot parse statement: " + err.Error()
	}
	vals := []*quad.Value{&parsed.Subject, &parsed.Predicate, &parsed.Object, &parsed.Label}
	for _, v := range vals {
		switch iri := (*v).(type) {
		case quad.IRI:
			if s, _, problem := unescapeIRI(string(iri)); problem == "" {
				*v = quad.IRI(s)
			}
		case quad.TypedString:
			if s, _, problem := unescapeIRI(string(iri.Type)); problem == "" {
				iri.Type = quad.IRI(s)
				*v = iri
			}
		}
	}
	return parsed, 0, ""
}

// decodeTerm decodes one term the strict scanner accepted, giving the
// value Cayley's nquads.Parse gives for it, except that \u escapes in IRIs
// are decoded and escapes that name no storable character are refused
// (problem says why, off is where in the term). fast is false for what it
// does not decode itself (blank node labels or language tags outside the
// plain ASCII forms): the caller then uses nquads.Parse for the statement.
func decodeTerm(text string, sp termSpan) (v quad.Value, fast bool, off int, problem string) {
	t := text[sp.start:sp.end]
	switch t[0] {
	case '<':
		iri, off, problem := iriText(t[1 : len(t)-1])
		return quad.IRI(iri), problem == "", off + 1, problem
	case '_':
		label := t[2:]
		if !plainBNode(label) {
			return nil, false, 0, ""
		}
		return quad.BNode(label), true, 0, ""
	case '"':
		lit := sp.lit - sp.start
		body := t[1 : lit-1]
		if strings.IndexByte(body, '\\') >= 0 {
			var problem string
			if body, off, problem = unescapeLiteral(body); problem != "" {
				return nil, false, off + 1, problem
			}
		}
		suffix := t[lit:]
		switch {
		case suffix == "":
			return quad.String(body), true, 0, ""
		case suffix[0] == '@':
			if !plainLangTag(suffix[1:]) {
				return nil, false, 0, ""
			}
			return quad.LangString{Value: quad.String(body), Lang: suffix[1:]}, true, 0, ""
		case strings.HasPrefix(suffix, "^^<") && suffix[len(suffix)-1] == '>':
			typ, off, problem := iriText(suffix[3 : len(suffix)-1])
			if problem != "" {
				return nil, false, lit + 3 + off, problem
			}
			ts := quad.TypedString{Value: quad.String(body), Type: quad.IRI(typ)}
			if nquads.AutoConvertTypedString {
				if nv, err := ts.ParseValue(); err == nil {
					return nv, true, 0, ""
				}
			}
			return ts, true, 0, ""
		}
	}
	return nil, false, 0, ""
}

// iriText is the text of an IRI written as body between its brackets,
// escapes decoded.
func iriText(body string) (string, int, string) {
	if strings.IndexByte(body, '\\') < 0 {
		return body, 0, ""
	}
	return unescapeIRI(body)
}

// plainBNode reports whether label is a blank node label of ASCII letters,
// digits, '_', ':' and '-' (not first), which Cayley's grammar accepts as is.
func plainBNode(label string) bool {
	if label == "" || label[0] == '-' {
		return false
	}
	for i := 0; i < len(label); i++ {
		c := label[i]
		if !isAlnum(c) && c != '_' && c != ':' && c != '-' {
			return false
		}
	}
	return true
}

// plainLangTag reports whether tag matches [a-zA-Z]+('-'[a-zA-Z0-9]+)*.
func plainLangTag(tag string) bool {
	for i, part := range strings.Split(tag, "-") {
		if part == "" {
			return false
		}
		for j := 0; j < len(part); j++ {
			c := part[j]
			if i == 0 && !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') || !isAlnum(c) {
				return false
			}
		}
	}
	return true
}

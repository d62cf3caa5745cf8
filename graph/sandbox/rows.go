package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"unicode/utf8"
)

// Answers are streamed as JSON and bounded in bytes as well as rows: a
// row is encoded before it is handed over, by an encoder that gives up
// once the row would pass what the answer may still hold. So neither a
// script emitting a 32 MiB string a hundred times nor one emitting an
// array that shares itself 2^40 times (tiny in memory, astronomically
// large written out) builds more than the cap allows.

// Truncation says what cut an answer short.
type Truncation string

// What may cut an answer.
const (
	// NotTruncated: the answer is whole.
	NotTruncated Truncation = ""
	// TruncatedRows: Limits.MaxRows rows were handed over and the query
	// had more.
	TruncatedRows Truncation = "rows"
	// TruncatedBytes: the next row would have taken the answer past
	// Limits.MaxBytes.
	TruncatedBytes Truncation = "bytes"
)

// Outcome is how a streamed query ended.
type Outcome struct {
	// Rows is the number of rows handed over.
	Rows int
	// Truncated says what stopped the answer early, if anything.
	Truncated Truncation
}

// RowWriter receives a streamed query's rows, each a complete JSON value
// handed over in one or more parts; last is true on its final part. The
// parts are only valid during the call. An error stops the query.
type RowWriter func(part []byte, last bool) error

// rowPart is the largest part a row is handed over in, so that a large
// row never needs a second copy of itself.
const rowPart = 256 << 10

// errRowTooLarge stops the encoding of a row past its budget.
var errRowTooLarge = errors.New("row larger than the answer may still hold")

// rowEncoder encodes rows as encoding/json does (map keys sorted,
// optional HTML escaping), stopping at a byte budget.
type rowEncoder struct {
	escapeHTML bool
	buf        []byte
	limit      int
	scratch    bytes.Buffer
	enc        *json.Encoder
}

func newRowEncoder(escapeHTML bool) *rowEncoder {
	e := &rowEncoder{escapeHTML: escapeHTML}
	e.enc = json.NewEncoder(&e.scratch)
	e.enc.SetEscapeHTML(escapeHTML)
	return e
}

// encode returns v as JSON, or errRowTooLarge when it would be longer
// than limit bytes. The result is valid until the next call.
func (e *rowEncoder) encode(v any, limit int64) ([]byte, error) {
	e.buf, e.limit = e.buf[:0], int(min(limit, int64(^uint(0)>>1)))
	if err := e.value(v); err != nil {
		return nil, err
	}
	if cap(e.buf) > 4*rowPart && len(e.buf) < rowPart {
		e.buf = nil // do not keep a large buffer for small rows
	}
	return e.buf, nil
}

func (e *rowEncoder) add(b ...byte) error {
	if len(e.buf)+len(b) > e.limit {
		return errRowTooLarge
	}
	e.buf = append(e.buf, b...)
	return nil
}

func (e *rowEncoder) value(v any) error {
	switch v := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if err := e.add('{'); err != nil {
			return err
		}
		for i, k := range keys {
			if err := e.comma(i); err != nil {
				return err
			}
			if err := e.value(k); err != nil {
				return err
			}
			if err := e.add(':'); err != nil {
				return err
			}
			if err := e.value(v[k]); err != nil {
				return err
			}
		}
		return e.add('}')
	case []any:
		if err := e.add('['); err != nil {
			return err
		}
		for i, x := range v {
			if err := e.comma(i); err != nil {
				return err
			}
			if err := e.value(x); err != nil {
				return err
			}
		}
		return e.add(']')
	case []map[string]any:
		list := make([]any, len(v))
		for i, m := range v {
			list[i] = m
		}
		return e.value(list)
	case string:
		// Written straight into the row: a large string is not copied
		// through encoding/json's buffer first. Its JSON form is at least
		// as long as itself.
		if len(e.buf)+len(v)+2 > e.limit {
			return errRowTooLarge
		}
		if e.buf = appendString(e.buf, v, e.escapeHTML); len(e.buf) > e.limit {
			return errRowTooLarge
		}
		return nil
	}
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Slice && rv.Len() > e.limit-len(e.buf) {
		return errRowTooLarge // every element takes at least a byte
	}
	return e.scalar(v)
}

// comma separates element i from the one before it.
func (e *rowEncoder) comma(i int) error {
	if i == 0 {
		return nil
	}
	return e.add(',')
}

// scalar appends what encoding/json writes for v.
func (e *rowEncoder) scalar(v any) error {
	e.scratch.Reset()
	if err := e.enc.Encode(v); err != nil {
		return fmt.Errorf("row: %w", err)
	}
	return e.add(bytes.TrimSuffix(e.scratch.Bytes(), []byte("\n"))...)
}

// answer hands rows to a RowWriter under the row and byte caps.
type answer struct {
	w        RowWriter
	enc      *rowEncoder
	maxRows  int
	maxBytes int64 // 0: no cap
	bytes    int64
	out      Outcome
}

func newAnswer(w RowWriter, lim Limits) *answer {
	return &answer{w: w, enc: newRowEncoder(lim.EscapeHTML), maxRows: lim.MaxRows, maxBytes: lim.MaxBytes}
}

// row encodes v and hands it over; more is false once the answer is full
// (the caller stops the query then).
func (a *answer) row(v any) (more bool, err error) {
	if a.out.Rows >= a.maxRows {
		a.out.Truncated = TruncatedRows
		return false, nil
	}
	// The comma before every row but the first counts too: the cap
	// bounds the list as written.
	sep := int64(min(a.out.Rows, 1))
	budget := int64(1) << 62
	if a.maxBytes > 0 {
		budget = a.maxBytes - a.bytes - sep
	}
	data, err := a.enc.encode(v, budget)
	if errors.Is(err, errRowTooLarge) {
		a.out.Truncated = TruncatedBytes
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if err := writeParts(a.w, data); err != nil {
		return false, err
	}
	a.bytes += int64(len(data)) + sep
	a.out.Rows++
	return true, nil
}

// writeParts hands data to w in parts of at most rowPart bytes.
func writeParts(w RowWriter, data []byte) error {
	for len(data) > rowPart {
		if err := w(data[:rowPart], false); err != nil {
			return err
		}
		data = data[rowPart:]
	}
	return w(data, true)
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string exactly as encoding/json writes
// it: control characters, quote and backslash escaped, <, > and & too
// with escapeHTML, invalid UTF-8 as \ufffd, U+2028 and U+2029 escaped.
func appendString(dst []byte, s string, escapeHTML bool) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' && (!escapeHTML || b != '<' && b != '>' && b != '&') {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if c == '\u2028' || c == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[c&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

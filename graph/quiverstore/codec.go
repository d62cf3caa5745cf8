package quiverstore

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/cayleygraph/quad"
)

// Value tags of the on-disk value encoding.
const (
	tagDead    = 0 // a value slot that is no longer used (snapshot only)
	tagIRI     = 1
	tagBNode   = 2
	tagString  = 3
	tagTyped   = 4
	tagLang    = 5
	tagInt     = 6
	tagFloat   = 7
	tagBool    = 8
	tagTime    = 9
	tagGeneric = 10 // any other quad.Value, stored as its N-Quads string
)

// appendKey appends the canonical key of v to buf. The key is v.String(),
// the identity Cayley uses for values; common types are rendered without
// allocating.
func appendKey(buf []byte, v quad.Value) []byte {
	switch v := v.(type) {
	case quad.IRI:
		buf = append(buf, '<')
		buf = append(buf, v...)
		return append(buf, '>')
	case quad.BNode:
		buf = append(buf, "_:"...)
		return append(buf, v...)
	case quad.String:
		if !strings.ContainsAny(string(v), "\\\"\n\r\t") {
			buf = append(buf, '"')
			buf = append(buf, v...)
			return append(buf, '"')
		}
	}
	return append(buf, v.String()...)
}

func appendString(buf []byte, s string) []byte {
	buf = binary.AppendUvarint(buf, uint64(len(s)))
	return append(buf, s...)
}

// appendValue appends the binary encoding of v (nil encodes as a dead slot).
func appendValue(buf []byte, v quad.Value) []byte {
	switch v := v.(type) {
	case nil:
		return append(buf, tagDead)
	case quad.IRI:
		return appendString(append(buf, tagIRI), string(v))
	case quad.BNode:
		return appendString(append(buf, tagBNode), string(v))
	case quad.String:
		return appendString(append(buf, tagString), string(v))
	case quad.TypedString:
		buf = appendString(append(buf, tagTyped), string(v.Value))
		return appendString(buf, string(v.Type))
	case quad.LangString:
		buf = appendString(append(buf, tagLang), string(v.Value))
		return appendString(buf, v.Lang)
	case quad.Int:
		return binary.AppendVarint(append(buf, tagInt), int64(v))
	case quad.Float:
		return binary.LittleEndian.AppendUint64(append(buf, tagFloat), math.Float64bits(float64(v)))
	case quad.Bool:
		b := byte(0)
		if v {
			b = 1
		}
		return append(buf, tagBool, b)
	case quad.Time:
		tb, err := time.Time(v).MarshalBinary()
		if err != nil { // only for zone offsets that are not whole minutes
			tb, _ = time.Time(v).UTC().MarshalBinary()
		}
		return appendString(append(buf, tagTime), string(tb))
	default:
		return appendString(append(buf, tagGeneric), v.String())
	}
}

var errShort = errors.New("truncated data")

// decoder reads the binary encodings from a byte slice. The first error
// sticks; every read is bounds-checked, so garbage input never panics.
type decoder struct {
	buf []byte
	off int
	err error
}

func (d *decoder) fail(err error) {
	if d.err == nil {
		d.err = err
	}
}

func (d *decoder) done() bool { return d.off >= len(d.buf) }

func (d *decoder) byte() byte {
	if d.err != nil || d.off >= len(d.buf) {
		d.fail(errShort)
		return 0
	}
	b := d.buf[d.off]
	d.off++
	return b
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.buf[d.off:])
	if n <= 0 {
		d.fail(errShort)
		return 0
	}
	d.off += n
	return v
}

// u32 reads a uvarint that must fit in 32 bits.
func (d *decoder) u32() uint32 {
	v := d.uvarint()
	if v > math.MaxUint32 {
		d.fail(fmt.Errorf("id %d out of range", v))
		return 0
	}
	return uint32(v)
}

func (d *decoder) bytes(n uint64) []byte {
	if d.err != nil {
		return nil
	}
	if n > uint64(len(d.buf)-d.off) {
		d.fail(errShort)
		return nil
	}
	b := d.buf[d.off : d.off+int(n)]
	d.off += int(n)
	return b
}

func (d *decoder) string() string { return string(d.bytes(d.uvarint())) }

// value decodes one value; a dead slot decodes as nil.
func (d *decoder) value() quad.Value {
	switch tag := d.byte(); tag {
	case tagDead:
		return nil
	case tagIRI:
		return quad.IRI(d.string())
	case tagBNode:
		return quad.BNode(d.string())
	case tagString:
		return quad.String(d.string())
	case tagTyped:
		s := d.string()
		return quad.TypedString{Value: quad.String(s), Type: quad.IRI(d.string())}
	case tagLang:
		s := d.string()
		return quad.LangString{Value: quad.String(s), Lang: d.string()}
	case tagInt:
		if d.err != nil {
			return nil
		}
		v, n := binary.Varint(d.buf[d.off:])
		if n <= 0 {
			d.fail(errShort)
			return nil
		}
		d.off += n
		return quad.Int(v)
	case tagFloat:
		b := d.bytes(8)
		if b == nil {
			return nil
		}
		return quad.Float(math.Float64frombits(binary.LittleEndian.Uint64(b)))
	case tagBool:
		return quad.Bool(d.byte() != 0)
	case tagTime:
		var t time.Time
		if b := d.bytes(d.uvarint()); d.err == nil {
			if err := t.UnmarshalBinary(b); err != nil {
				d.fail(err)
				return nil
			}
		}
		return quad.Time(t)
	case tagGeneric:
		s := d.string()
		if d.err != nil {
			return nil
		}
		if v := quad.StringToValue(s); v != nil {
			return v
		}
		return quad.String(s)
	default:
		d.fail(fmt.Errorf("unknown value tag %d", tag))
		return nil
	}
}

// valueAndKey decodes one value and returns it with its canonical key
// (appendKey). For IRIs, blank nodes and plain strings the value's text is
// a substring of the key, so the two share one allocation. A dead slot
// decodes as (nil, "").
func (d *decoder) valueAndKey(kb *[]byte) (quad.Value, string) {
	if d.err != nil || d.off >= len(d.buf) {
		d.fail(errShort)
		return nil, ""
	}
	switch tag := d.buf[d.off]; tag {
	case tagIRI, tagBNode, tagString:
		save := d.off
		d.off++
		s := d.bytes(d.uvarint())
		if d.err != nil {
			return nil, ""
		}
		b := (*kb)[:0]
		switch tag {
		case tagIRI:
			b = append(append(append(b, '<'), s...), '>')
			key := string(b)
			*kb = b
			return quad.IRI(key[1 : len(key)-1]), key
		case tagBNode:
			b = append(append(b, "_:"...), s...)
			key := string(b)
			*kb = b
			return quad.BNode(key[2:]), key
		default:
			if !strings.ContainsAny(string(s), "\\\"\n\r\t") {
				b = append(append(append(b, '"'), s...), '"')
				key := string(b)
				*kb = b
				return quad.String(key[1 : len(key)-1]), key
			}
			d.off = save // escaped: the general path
		}
	}
	v := d.value()
	if v == nil {
		return nil, ""
	}
	*kb = appendKey((*kb)[:0], v)
	return v, string(*kb)
}

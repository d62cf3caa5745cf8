package quiverstore

import (
	"math/rand"
	"testing"

	"github.com/cayleygraph/quad"
)

// TestQuadSet checks the open-addressing quad table against a Go map
// through random inserts and deletes, with small value ids so that probe
// runs collide, wrap around and shift back on deletion.
func TestQuadSet(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	quads := []qkey{{}}
	var s quadSet
	want := map[qkey]uint32{}
	for step := 0; step < 200_000; step++ {
		q := qkey{uint32(r.Intn(40)), uint32(r.Intn(5)), uint32(r.Intn(40)), uint32(r.Intn(3))}
		if id, ok := want[q]; ok && r.Intn(3) > 0 {
			got, found := s.remove(quads, q)
			if !found || got != id {
				t.Fatalf("step %d: remove %v = %d, %v; want %d", step, q, got, found, id)
			}
			delete(want, q)
		} else if !ok {
			quads = append(quads, q)
			id := uint32(len(quads) - 1)
			s.insert(quads, id)
			want[q] = id
		}
		if step%1000 == 0 || step < 2000 {
			if s.n != len(want) {
				t.Fatalf("step %d: %d held, want %d", step, s.n, len(want))
			}
			for q, id := range want {
				if got, ok := s.find(quads, q); !ok || got != id {
					t.Fatalf("step %d: find %v = %d, %v; want %d", step, q, got, ok, id)
				}
			}
			miss := qkey{99, 99, 99, 99}
			if _, ok := s.find(quads, miss); ok {
				t.Fatalf("found a quad never added")
			}
		}
	}
	s.reserve(quads, 100_000)
	for q, id := range want {
		if got, ok := s.find(quads, q); !ok || got != id {
			t.Fatalf("after reserve: find %v = %d, %v; want %d", q, got, ok, id)
		}
	}
}

// TestValueAndKey checks that the shared-allocation decoder gives the same
// values and keys as the general decoder and appendKey.
func TestValueAndKey(t *testing.T) {
	for _, v := range testValues() {
		buf := appendValue(nil, v)
		d := &decoder{buf: buf}
		var kb []byte
		got, key := d.valueAndKey(&kb)
		if d.err != nil {
			t.Fatalf("%#v: %v", v, d.err)
		}
		if want := string(appendKey(nil, v)); key != want {
			t.Errorf("%#v: key %q, want %q", v, key, want)
		}
		if string(appendKey(nil, got)) != key || got.String() != v.String() {
			t.Errorf("%#v: decoded %#v", v, got)
		}
	}
}

func testValues() []quad.Value {
	return []quad.Value{
		quad.IRI("http://example.org/a"), quad.IRI(""), quad.BNode("b1"),
		quad.String("plain"), quad.String(""), quad.String("with \"quotes\"\n and \\ escapes\t"),
		quad.String("ünïcödé"), quad.LangString{Value: "chat", Lang: "fr"},
		quad.TypedString{Value: "12", Type: "http://www.w3.org/2001/XMLSchema#integer"},
		quad.Int(-42), quad.Float(2.5), quad.Bool(true),
	}
}

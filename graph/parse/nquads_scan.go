package parse

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// termSpan is where one term of a statement lies: [start, end) in bytes;
// for a literal, lit is the offset just past its closing quote (what
// follows up to end is its language tag or datatype). start == end: absent.
type termSpan struct{ start, end, lit int }

// scanTerms checks that line is one N-Quads statement in the W3C
// grammar: subject (IRI or blank node), predicate (IRI), object (IRI, blank
// node or literal), an optional graph label (IRI or blank node) and a final
// '.', optionally followed by a comment. Cayley's parser is lenient — it
// reads an unterminated "<ent:B ." as the plain string "<ent:B" — so we
// check the shape ourselves first and report the column (1-based, in code
// points) where the statement goes wrong. On success end is the byte
// offset just past the final '.': what follows is blank or a comment. The
// spans of subject, predicate, object and graph label are recorded in
// spans when it is not nil.
func scanTerms(line string, spans *[4]termSpan) (end, col int, msg string) {
	s := &scanner{src: line}
	roles := []struct {
		name         string
		iri, bn, lit bool
		optional     bool
	}{
		{name: "subject", iri: true, bn: true},
		{name: "predicate", iri: true},
		{name: "object", iri: true, bn: true, lit: true},
		{name: "graph label or '.'", iri: true, bn: true, optional: true},
	}
	for ri, r := range roles {
		s.skipSpace()
		if r.optional && s.peek() == '.' {
			break
		}
		start := s.pos
		var err string
		switch c := s.peek(); {
		case c == '<' && r.iri:
			err = s.iri()
		case c == '_' && r.bn:
			err = s.blank()
		case c == '"' && r.lit:
			err = s.literal()
		case c == 0:
			return 0, s.col(start), fmt.Sprintf("incomplete statement: expected %s", r.name)
		default:
			return 0, s.col(start), fmt.Sprintf("expected %s, found %q", r.name, c)
		}
		if err != "" {
			return 0, s.col(s.pos), err
		}
		if spans != nil {
			spans[ri] = termSpan{start: start, end: s.pos, lit: s.litEnd}
		}
	}
	s.skipSpace()
	if s.peek() != '.' {
		if s.peek() == 0 {
			return 0, s.col(s.pos), "incomplete statement: missing the final '.'"
		}
		return 0, s.col(s.pos), fmt.Sprintf("expected '.', found %q", s.peek())
	}
	s.pos++
	end = s.pos
	s.skipSpace()
	if c := s.peek(); c != 0 && c != '#' {
		return 0, s.col(s.pos), fmt.Sprintf("unexpected %q after the final '.'", c)
	}
	return end, 0, ""
}

type scanner struct {
	src    string
	pos    int // byte offset
	litEnd int // offset just past the closing quote of the last literal
}

func (s *scanner) peek() rune {
	if s.pos >= len(s.src) {
		return 0
	}
	r, _ := utf8.DecodeRuneInString(s.src[s.pos:])
	return r
}

func (s *scanner) col(pos int) int { return utf8.RuneCountInString(s.src[:pos]) + 1 }

func (s *scanner) skipSpace() {
	for s.pos < len(s.src) && (s.src[s.pos] == ' ' || s.src[s.pos] == '\t') {
		s.pos++
	}
}

// iri consumes <...>; characters the grammar forbids inside an IRI end it
// with an error.
func (s *scanner) iri() string {
	start := s.pos
	s.pos++ // '<'
	for s.pos < len(s.src) {
		c := s.src[s.pos]
		switch {
		case c == '>':
			s.pos++
			return ""
		case c == '\\':
			if !s.escape(true) {
				return "bad escape in IRI"
			}
			continue
		case c <= ' ' || strings.IndexByte("<\"{}|^`", c) >= 0:
			return fmt.Sprintf("unterminated IRI: %q is not allowed inside <...>", rune(c))
		}
		s.pos++
	}
	s.pos = start
	return "unterminated IRI: missing '>'"
}

func (s *scanner) blank() string {
	if !strings.HasPrefix(s.src[s.pos:], "_:") {
		return "expected a blank node label '_:name'"
	}
	s.pos += 2
	start := s.pos
	for s.pos < len(s.src) {
		c := s.src[s.pos]
		if c == ' ' || c == '\t' || c == '<' || c == '"' || (c == '.' && (s.pos+1 == len(s.src) || s.src[s.pos+1] == ' ' || s.src[s.pos+1] == '\t' || s.src[s.pos+1] == '#')) {
			break
		}
		s.pos++
	}
	if s.pos == start {
		return "empty blank node label"
	}
	return ""
}

func (s *scanner) literal() string {
	s.pos++ // '"'
	for {
		if s.pos >= len(s.src) {
			return "unterminated string literal: missing closing '\"'"
		}
		c := s.src[s.pos]
		if c == '"' {
			s.pos++
			s.litEnd = s.pos
			break
		}
		if c == '\\' {
			if !s.escape(false) {
				return "bad escape in string literal (use \\t \\b \\n \\r \\f \\\" \\' \\\\ \\uXXXX \\UXXXXXXXX)"
			}
			continue
		}
		if c == '\n' || c == '\r' {
			return "line break inside a string literal; escape it as \\n"
		}
		s.pos++
	}
	switch s.peek() {
	case '@':
		s.pos++
		start := s.pos
		for s.pos < len(s.src) && (isAlnum(s.src[s.pos]) || s.src[s.pos] == '-') {
			s.pos++
		}
		if s.pos == start {
			return "empty language tag after '@'"
		}
	case '^':
		if !strings.HasPrefix(s.src[s.pos:], "^^<") {
			return "expected '^^<datatype IRI>' after the literal"
		}
		s.pos += 2
		return s.iri()
	}
	return ""
}

// escape consumes a backslash escape; IRIs allow only \u and \U.
func (s *scanner) escape(iri bool) bool {
	if s.pos+1 >= len(s.src) {
		return false
	}
	c := s.src[s.pos+1]
	n := 0
	switch c {
	case 'u':
		n = 4
	case 'U':
		n = 8
	case 't', 'b', 'n', 'r', 'f', '"', '\'', '\\':
		if iri {
			return false
		}
		s.pos += 2
		return true
	default:
		return false
	}
	if s.pos+2+n > len(s.src) {
		return false
	}
	for _, h := range []byte(s.src[s.pos+2 : s.pos+2+n]) {
		if !isHex(h) {
			return false
		}
	}
	s.pos += 2 + n
	return true
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

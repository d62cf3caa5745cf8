package parse

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cayleygraph/quad"
)

// What a store may hold is what a dump can write and a load read back:
// every value must have an N-Quads form that parses to that same value.
// Readers of formats other than N-Quads (pquads, JSON, JSON-LD) and Go
// callers can produce values without one — an IRI with a space, a literal
// with a NUL (which PostgreSQL cannot store either), a string that is not
// UTF-8 — so CheckQuad refuses them wherever they come from.

// iriForbidden marks the bytes the N-Quads grammar excludes from an IRI
// (IRIREF: [^#x00-#x20<>"{}|^`\]).
var iriForbidden = func() (t [256]bool) {
	for c := 0; c <= 0x20; c++ {
		t[c] = true
	}
	for _, c := range []byte("<>\"{}|^`\\") {
		t[c] = true
	}
	return t
}()

// checkIRI returns why s cannot be an IRI's text, or "".
func checkIRI(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if iriForbidden[c] {
			return fmt.Sprintf("IRI <%s> contains %q, which an IRI may not hold", clip(s), rune(c))
		}
		ascii = ascii && c < utf8.RuneSelf
	}
	if !ascii && !utf8.ValidString(s) {
		return fmt.Sprintf("IRI <%s> is not valid UTF-8", clip(s))
	}
	return ""
}

// checkText returns why s cannot be a literal's text, or "".
func checkText(s string) string {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return "literal contains NUL (U+0000), which cannot be stored or dumped"
	}
	if !utf8.ValidString(s) {
		return fmt.Sprintf("literal %q is not valid UTF-8", clip(s))
	}
	return ""
}

// checkBNode returns why label cannot be a blank node label, or "": it
// must read back as itself from "_:label".
func checkBNode(label string) string {
	if label == "" {
		return "empty blank node label"
	}
	if plainBNode(label) {
		return ""
	}
	if v, ok := reparseTerm("_:" + label); !ok || v != quad.BNode(label) {
		return fmt.Sprintf("blank node label %q cannot be written in N-Quads", clip(label))
	}
	return ""
}

// checkLang returns why tag cannot be a language tag, or "".
func checkLang(tag string) string {
	if plainLangTag(tag) {
		return ""
	}
	want := quad.LangString{Value: "x", Lang: tag}
	if v, ok := reparseTerm(want.String()); !ok || v != want {
		return fmt.Sprintf("language tag %q is not a valid tag", clip(tag))
	}
	return ""
}

// reparseTerm reads one object term back with the N-Quads reader.
func reparseTerm(term string) (quad.Value, bool) {
	stmt := "<s:x> <p:x> " + term + " ."
	var spans [4]termSpan
	end, _, msg := scanTerms(stmt, &spans)
	if msg != "" {
		return nil, false
	}
	q, _, msg := decodeStatement(stmt, end, &spans)
	return q.Object, msg == ""
}

// checkValue returns why v cannot be stored, or "".
func checkValue(v quad.Value) string {
	switch v := v.(type) {
	case nil:
		return ""
	case quad.IRI:
		if v == "" {
			return "empty IRI <> is not allowed"
		}
		return checkIRI(string(v))
	case quad.BNode:
		return checkBNode(string(v))
	case quad.String:
		return checkText(string(v))
	case quad.LangString:
		if msg := checkText(string(v.Value)); msg != "" {
			return msg
		}
		return checkLang(v.Lang)
	case quad.TypedString:
		if msg := checkText(string(v.Value)); msg != "" {
			return msg
		}
		if v.Type == "" {
			return "empty datatype IRI <> is not allowed"
		}
		return checkIRI(string(v.Type))
	}
	// Numbers, booleans and times are written in their canonical form.
	return ""
}

// clip shortens s for a message.
func clip(s string) string {
	if len(s) <= 60 {
		return s
	}
	i := 57
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "..."
}

// decodeUCHAR decodes the hex digits of a \u or \U escape (already
// checked by the scanner to be 4 or 8 hex digits) into a character, or
// says why it is not one.
func decodeUCHAR(hex string) (rune, string) {
	n, err := strconv.ParseUint(hex, 16, 32)
	switch {
	case err != nil || n > utf8.MaxRune:
		return 0, fmt.Sprintf("escape \\%s%s is beyond U+10FFFF, the last Unicode character", uEsc(hex), hex)
	case n >= 0xD800 && n <= 0xDFFF:
		return 0, fmt.Sprintf("escape \\%s%s is a UTF-16 surrogate, not a character", uEsc(hex), hex)
	case n == 0:
		return 0, fmt.Sprintf("escape \\%s%s is NUL (U+0000), which cannot be stored or dumped", uEsc(hex), hex)
	}
	return rune(n), ""
}

func uEsc(hex string) string {
	if len(hex) == 8 {
		return "U"
	}
	return "u"
}

// unescapeIRI decodes the \u and \U escapes of an IRI's text, as the
// N-Quads grammar defines them (Cayley's parser keeps them as written, so
// <ent:\u0041> and <ent:A> would be two nodes). A decoded character that an
// IRI may not hold is refused: written back it would not read again. off
// is the byte offset in s of the escape at fault.
func unescapeIRI(s string) (out string, off int, msg string) {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		if s[i] != '\\' {
			b.WriteByte(s[i])
			i++
			continue
		}
		n := 4
		if s[i+1] == 'U' {
			n = 8
		}
		r, problem := decodeUCHAR(s[i+2 : i+2+n])
		if problem != "" {
			return "", i, problem
		}
		if r < utf8.RuneSelf && iriForbidden[r] {
			return "", i, fmt.Sprintf("escape %s decodes to %q, which an IRI may not hold", s[i:i+2+n], r)
		}
		b.WriteRune(r)
		i += 2 + n
	}
	return b.String(), 0, ""
}

// unescapeLiteral decodes the escapes of a literal's text (already
// checked by the scanner). A \u or \U escape must name a character other
// than NUL: Cayley's parser turns surrogates and numbers past U+10FFFF
// into U+FFFD silently, and a NUL could not be dumped. off is the byte
// offset in s of the escape at fault.
func unescapeLiteral(s string) (out string, off int, msg string) {
	buf := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c != '\\' {
			buf = append(buf, c)
			i++
			continue
		}
		e := s[i+1]
		switch e {
		case 'u', 'U':
			n := 4
			if e == 'U' {
				n = 8
			}
			r, problem := decodeUCHAR(s[i+2 : i+2+n])
			if problem != "" {
				return "", i, problem
			}
			buf = utf8.AppendRune(buf, r)
			i += 2 + n
			continue
		case 't':
			c = '\t'
		case 'b':
			c = '\b'
		case 'n':
			c = '\n'
		case 'r':
			c = '\r'
		case 'f':
			c = '\f'
		default: // '"', '\'', '\\': the scanner allows nothing else
			c = e
		}
		buf = append(buf, c)
		i += 2
	}
	return string(buf), 0, ""
}

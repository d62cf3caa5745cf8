package schema

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// textIndex finds quotes in a document text and numbers its sentences by
// the rule documented on Claim.
type textIndex struct {
	text   string
	starts []int // code point offsets where sentences 1, 2, ... start
}

func newTextIndex(text string) *textIndex {
	return &textIndex{text: text, starts: SentenceStarts([]rune(text))}
}

// SentenceStarts returns the code point offsets where sentences 1, 2, ...
// of text start (sentence 0, the title line, starts at 0), by the rule
// documented on Claim: a sentence ends at a newline, or at '.', '!' or '?'
// (after any closing quotes and brackets) followed by a space or the end,
// except the period of an abbreviation (abbreviationEnds).
func SentenceStarts(runes []rune) []int {
	var starts []int
	next := func(i int) { // the sentence after a boundary at i starts at the next non-space
		for i < len(runes) && unicode.IsSpace(runes[i]) {
			i++
		}
		if i < len(runes) && (len(starts) == 0 || starts[len(starts)-1] < i) {
			starts = append(starts, i)
		}
	}
	for i, r := range runes {
		switch r {
		case '\n':
			next(i + 1)
		case '.', '!', '?':
			if r == '.' && abbreviationEnds(runes, i) {
				continue
			}
			j := i + 1
			for j < len(runes) && strings.ContainsRune(`"'’”»)]`, runes[j]) {
				j++
			}
			if j == len(runes) || unicode.IsSpace(runes[j]) {
				next(j)
			}
		}
	}
	return starts
}

// abbreviations are the words whose period does not end a sentence:
// titles and a few common shortenings (lower case, without the period).
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "gen": true, "col": true,
	"lt": true, "sgt": true, "capt": true, "sen": true, "rep": true, "gov": true, "st": true,
	"mt": true, "jr": true, "sr": true, "no": true, "vs": true, "approx": true,
}

// abbreviationEnds reports whether the period at runes[i] ends an
// abbreviation rather than a sentence: a title such as "Mr." or "Dr.", or
// single letters joined by periods such as "U.S." and "e.g.". The known
// limit: an abbreviation that really ends a sentence ("... in the U.S.
// The next day") does not end it.
func abbreviationEnds(runes []rune, i int) bool {
	start := i
	for start > 0 && (unicode.IsLetter(runes[start-1]) || runes[start-1] == '.') {
		start--
	}
	word := string(runes[start:i])
	if abbreviations[strings.ToLower(word)] {
		return true
	}
	// Single letters joined by periods: "U.S", "e.g", "U.N".
	parts := strings.Split(word, ".")
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		if utf8.RuneCountInString(p) != 1 {
			return false
		}
	}
	return true
}

// sentence returns the index of the sentence holding code point offset at.
func (t *textIndex) sentence(at int) int {
	return sort.SearchInts(t.starts, at+1)
}

// codepoints converts a byte offset into a code point offset.
func (t *textIndex) codepoints(byteOffset int) int {
	return utf8.RuneCountInString(t.text[:byteOffset])
}

// occurrences returns the byte offsets of every occurrence of quote,
// overlapping ones included.
func occurrences(text, quote string) []int {
	var found []int
	for from := 0; from <= len(text); {
		i := strings.Index(text[from:], quote)
		if i < 0 {
			break
		}
		found = append(found, from+i)
		_, size := utf8.DecodeRuneInString(text[from+i:])
		from += i + max(size, 1)
	}
	return found
}

// locate finds the given occurrence (1-based, 0 when it should be unique)
// of quote and returns its code point span and sentence. When it cannot,
// the Violation says why and, where the text holds something close,
// suggests it.
func (t *textIndex) locate(quote string, occurrence int) (start, end, sentence int, problem *Violation) {
	found := occurrences(t.text, quote)
	switch {
	case len(found) == 0:
		return 0, 0, 0, t.notFound(quote)
	case occurrence == 0 && len(found) > 1:
		return 0, 0, 0, &Violation{Message: fmt.Sprintf("quote occurs %d times in the text; set occurrence (1 to %d) to say which", len(found), len(found))}
	case occurrence > len(found):
		return 0, 0, 0, &Violation{Message: fmt.Sprintf("occurrence %d asked for, but the quote occurs %d time(s)", occurrence, len(found))}
	}
	at := found[max(occurrence, 1)-1]
	start = t.codepoints(at)
	end = start + utf8.RuneCountInString(quote)
	return start, end, t.sentence(start), nil
}

// notFound explains a missing quote. If the quote matches once case,
// quotation marks, apostrophes, dashes and spaces are folded, it suggests
// the text's own spelling; otherwise it suggests the span starting where
// the longest prefix of the quote occurs.
func (t *textIndex) notFound(quote string) *Violation {
	v := &Violation{Message: "quote not found in the document text"}
	runes := []rune(t.text)
	n := utf8.RuneCountInString(quote)
	folded := fold(t.text)
	if i := strings.Index(folded, fold(quote)); i >= 0 {
		// fold maps code point to code point, so code point offsets agree.
		at := utf8.RuneCountInString(folded[:i])
		v.Message = "quote not found verbatim; the text differs only in case, quotation marks, apostrophes, dashes or spaces"
		v.Suggestion = fmt.Sprintf("%q", string(runes[at:at+n]))
		return v
	}
	q := []rune(quote)
	// The longest prefix of the quote that occurs in the text, by binary
	// search: if a prefix occurs, so do all shorter ones.
	lo, hi := 0, len(q)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if strings.Contains(t.text, string(q[:mid])) {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	if lo >= min(8, len(q)) && lo > 0 {
		at := t.codepoints(strings.Index(t.text, string(q[:lo])))
		v.Message = fmt.Sprintf("quote not found in the document text; its first %d of %d characters match", lo, len(q))
		v.Suggestion = fmt.Sprintf("%q", string(runes[at:min(at+n, len(runes))]))
	}
	return v
}

// fold maps each code point to a canonical one, keeping the number of code
// points: lower case, straight quotes and apostrophes, hyphens, spaces.
func fold(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case strings.ContainsRune("‘’‚‛′`´", r):
			return '\''
		case strings.ContainsRune("“”„‟″«»", r):
			return '"'
		case strings.ContainsRune("‐‑‒–—―−", r):
			return '-'
		case unicode.IsSpace(r):
			return ' '
		}
		return unicode.ToLower(r)
	}, s)
}

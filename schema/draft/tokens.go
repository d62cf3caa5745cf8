package draft

import (
	"strings"
	"unicode"
)

// token is one word of a text: letters, digits and the apostrophes and
// hyphens inside a word. Offsets are code points into the text, start
// inclusive, end exclusive, as claims files count them.
type token struct {
	start, end int
	text       string // as written
	norm       string // folded: lower case, typographic apostrophes straight
}

// folds maps typographic apostrophes and quotes to straight ones, so that
// "Russia’s" and "Russia's" are the same word.
var folds = strings.NewReplacer("’", "'", "‘", "'", "ʼ", "'", "“", `"`, "”", `"`)

// fold is the form words are compared in.
func fold(s string) string { return strings.ToLower(folds.Replace(s)) }

// tokenize splits runes into words.
func tokenize(runes []rune) []token {
	var out []token
	inWord := func(i int) bool {
		r := runes[i]
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
		// An apostrophe or hyphen between two letters belongs to the word.
		if (r == '\'' || r == '’' || r == '-' || r == '‐') && i > 0 && i+1 < len(runes) {
			return unicode.IsLetter(runes[i-1]) && unicode.IsLetter(runes[i+1])
		}
		return false
	}
	for i := 0; i < len(runes); {
		if !inWord(i) {
			i++
			continue
		}
		j := i
		for j < len(runes) && inWord(j) {
			j++
		}
		text := string(runes[i:j])
		out = append(out, token{start: i, end: j, text: text, norm: fold(text)})
		i = j
	}
	return out
}

// possessive returns the word without a possessive ending ("russia's" ->
// "russia", "states'" stays), and whether it had one.
func possessive(norm string) (string, bool) {
	if base, ok := strings.CutSuffix(norm, "'s"); ok && base != "" {
		return base, true
	}
	return norm, false
}

// articles are left out when matching names: "the Taliban" and "Taliban"
// name the same thing.
var articles = map[string]bool{"the": true, "a": true, "an": true}

// capitalized reports whether a word starts with an upper-case letter.
func capitalized(s string) bool {
	for _, r := range s {
		return unicode.IsUpper(r)
	}
	return false
}

// stem cuts common English endings so that a trigger word matches its
// forms: "recognize" matches "recognized", "recognizes", "recognizing".
func stem(w string) string {
	for _, suffix := range []string{"ing", "ed", "es", "s", "e"} {
		if len(w) > len(suffix)+3 {
			if base, ok := strings.CutSuffix(w, suffix); ok {
				return base
			}
		}
	}
	return w
}

package draft

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/quiver-kg/quiver/schema"
)

// Candidate is a proper name the store does not know: a new entity to
// declare, with a type guessed from the words around it. Every candidate
// needs a person's review.
type Candidate struct {
	// ID is a proposed id ("ent:ZamirKabulov").
	ID string `json:"id"`
	// Label is the name as first written, without a title before it.
	Label string `json:"label"`
	// Type is the guessed class; Why says what the guess rests on.
	Type string `json:"type"`
	Why  string `json:"why"`
	// Mentions are the spans that name it (the full name, and later the
	// last name alone).
	Mentions []Mention `json:"mentions"`
}

// titles are words that, before a name, say it is a person's: they are
// cues, not part of the name.
var titles = map[string]bool{
	"president": true, "minister": true, "foreign": true, "prime": true, "deputy": true,
	"special": true, "envoy": true, "ambassador": true, "secretary": true, "general": true,
	"chairman": true, "spokesman": true, "spokeswoman": true, "spokesperson": true,
	"senator": true, "mr": true, "mrs": true, "ms": true, "dr": true, "prof": true,
	"king": true, "queen": true, "prince": true, "sheikh": true, "mullah": true, "emir": true,
	"director": true, "chief": true, "head": true, "representative": true, "leader": true,
	"official": true, "diplomat": true, "commander": true,
}

// personCues, before a name, make it a person; organisation cues, before
// it, name its class.
var personCues = map[string]bool{
	"president": true, "minister": true, "envoy": true, "ambassador": true, "spokesman": true,
	"spokeswoman": true, "spokesperson": true, "mr": true, "mrs": true, "ms": true, "dr": true,
	"senator": true, "leader": true, "official": true, "diplomat": true, "secretary": true,
	"chairman": true, "director": true, "representative": true, "commander": true, "prof": true,
}

var classCues = map[string]string{
	"agency": "kg:MediaOutlet", "outlet": "kg:MediaOutlet", "newspaper": "kg:MediaOutlet",
	"broadcaster": "kg:MediaOutlet", "news": "kg:MediaOutlet", "novosti": "kg:MediaOutlet",
	"times": "kg:MediaOutlet", "post": "kg:MediaOutlet", "press": "kg:MediaOutlet", "gazette": "kg:MediaOutlet",
	"tv": "kg:MediaOutlet", "radio": "kg:MediaOutlet", "wire": "kg:MediaOutlet", "daily": "kg:MediaOutlet",
	"ministry": "kg:Ministry", "court": "kg:Court", "parliament": "kg:Legislature", "duma": "kg:Legislature",
	"assembly": "kg:Legislature", "congress": "kg:Legislature", "senate": "kg:Legislature",
	"government": "kg:Government", "party": "kg:Organization", "movement": "kg:Organization",
	"organization": "kg:Organization", "organisation": "kg:Organization", "company": "kg:Organization",
	"bank": "kg:Organization", "council": "kg:StateBody", "committee": "kg:StateBody",
	"forum": "kg:Forum", "summit": "kg:Forum", "law": "kg:Law", "act": "kg:Law",
	"country": "kg:Country", "republic": "kg:Country", "kingdom": "kg:Country", "emirate": "kg:Country",
}

// notNames are capitalised words that start sentences or name times, not
// things.
var notNames = map[string]bool{
	"the": true, "a": true, "an": true, "in": true, "on": true, "at": true, "as": true, "but": true,
	"and": true, "or": true, "this": true, "that": true, "these": true, "those": true, "it": true,
	"its": true, "he": true, "she": true, "they": true, "we": true, "i": true, "despite": true,
	"after": true, "before": true, "while": true, "since": true, "when": true, "according": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
	"saturday": true, "sunday": true, "january": true, "february": true, "march": true, "april": true,
	"may": true, "june": true, "july": true, "august": true, "september": true, "october": true,
	"november": true, "december": true,
}

// connectors may join the words of one name ("Ministry of Foreign
// Affairs").
var connectors = map[string]bool{"of": true, "for": true, "de": true, "al": true, "bin": true}

// findCandidates returns the proper names among toks that no mention
// covers: runs of capitalised words (joined by connectors), a single one
// only after a title or when it is not the first word of its sentence.
func findCandidates(text []rune, toks []token, covered []bool, sentenceStart func(int) bool, sentenceOf func(int) int, v *schema.Vocabulary) []Candidate {
	// A title in title case capitalises every word: names cannot be told
	// there.
	titleCase := func(at int) bool { return sentenceOf(at) == 0 && titleCased(text, toks) }
	var out []Candidate
	byName := map[string]int{}
	for i := 0; i < len(toks); {
		j := nameRun(toks, covered, i)
		if j == i {
			i++
			continue
		}
		start := i
		for start < j && titles[toks[start].norm] {
			start++
		}
		cue := strings.ToLower(strings.Join(words(toks[i:start]), " "))
		if cue == "" && i > 0 {
			cue = toks[i-1].norm
			if i > 1 && !titles[cue] {
				cue = toks[i-2].norm + " " + cue
			}
		}
		single := j-start == 1
		if start == j || single && sentenceStart(toks[start].start) && cue == "" || single && notNames[toks[start].norm] ||
			single && demonym(toks[start].norm) || titleCase(toks[start].start) {
			i = j
			continue
		}
		label := string(text[toks[start].start:toks[j-1].end])
		m := Mention{Start: toks[start].start, End: toks[j-1].end, Text: label, Sentence: sentenceOf(toks[start].start)}
		if k, ok := byName[fold(label)]; ok {
			m.Entity = out[k].ID
			out[k].Mentions = append(out[k].Mentions, m)
		} else if k := lastNameOf(out, label); k >= 0 {
			m.Entity = out[k].ID
			out[k].Mentions = append(out[k].Mentions, m)
		} else {
			typ, why := guessType(toks[start:j], cue, v)
			c := Candidate{ID: "ent:" + camel(label), Label: label, Type: typ, Why: why}
			m.Entity = c.ID
			c.Mentions = []Mention{m}
			byName[fold(label)] = len(out)
			out = append(out, c)
		}
		i = j
	}
	return out
}

// nameRun returns the end of the run of capitalised, uncovered words (and
// connectors between them) starting at i, or i when none starts there.
func nameRun(toks []token, covered []bool, i int) int {
	j := i
	for j < len(toks) && !covered[j] {
		t := toks[j]
		switch {
		case capitalized(t.text) && !(j > i && notNames[t.norm] && !titles[t.norm]):
			j++
		case j > i && connectors[t.norm] && j+1 < len(toks) && !covered[j+1] && capitalized(toks[j+1].text):
			j++
		default:
			return j
		}
	}
	return j
}

// demonym reports whether a capitalised word is an adjective of origin
// ("Russian", "Afghan", "Chinese"), not a name.
func demonym(w string) bool {
	for _, suffix := range []string{"ian", "ean", "ese", "ish", "an", "i"} {
		if strings.HasSuffix(w, suffix) && len(w) > len(suffix)+2 {
			return true
		}
	}
	return false
}

// titleCased reports whether the text's first line capitalises most of its
// words.
func titleCased(text []rune, toks []token) bool {
	end := slices.Index(text, '\n')
	if end < 0 {
		end = len(text)
	}
	n, caps := 0, 0
	for _, t := range toks {
		if t.start >= end {
			break
		}
		n++
		if capitalized(t.text) {
			caps++
		}
	}
	return n > 2 && caps*10 >= n*6
}

// lastNameOf returns the candidate whose name ends with the single word
// label ("Kabulov" after "Zamir Kabulov"), or -1.
func lastNameOf(cs []Candidate, label string) int {
	if strings.ContainsRune(label, ' ') {
		return -1
	}
	for k, c := range cs {
		if f := strings.Fields(c.Label); len(f) > 1 && fold(f[len(f)-1]) == fold(label) {
			return k
		}
	}
	return -1
}

// guessType guesses a candidate's class from its words and the cue before
// it, with the reason.
func guessType(name []token, cue string, v *schema.Vocabulary) (string, string) {
	for _, w := range strings.Fields(cue) {
		if personCues[strings.Trim(w, ".")] {
			return "kg:Person", fmt.Sprintf("after %q", cue)
		}
	}
	for k := len(name) - 1; k >= 0; k-- {
		if c, ok := classCues[name[k].norm]; ok {
			return c, fmt.Sprintf("the word %q", name[k].text)
		}
		for _, cl := range v.Classes {
			if fold(cl.Label) == name[k].norm {
				return cl.ID, fmt.Sprintf("the word %q is a class", name[k].text)
			}
		}
	}
	for _, w := range strings.Fields(cue) {
		if c, ok := classCues[w]; ok {
			return c, fmt.Sprintf("after %q", cue)
		}
	}
	if len(name) >= 2 && len(name) <= 3 {
		return "kg:Person", "two or three capitalised words; check it is a person"
	}
	return "kg:Agent", "no cue: choose the class"
}

// words returns the texts of toks.
func words(toks []token) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.text
	}
	return out
}

// camel makes an id's local part from a name: "Zamir Kabulov" ->
// "ZamirKabulov".
func camel(s string) string {
	var b strings.Builder
	up := true
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if up {
				r = unicode.ToUpper(r)
			}
			b.WriteRune(r)
			up = false
		default:
			up = true
		}
	}
	return b.String()
}

package draft

import (
	"slices"
	"strings"

	"github.com/quiver-kg/quiver/schema"
)

// Mention is a span of the text that names an entity of the store.
type Mention struct {
	// Start and End are code point offsets into the text (end exclusive).
	Start int `json:"start"`
	End   int `json:"end"`
	// Text is the span as written ("Russia’s").
	Text string `json:"text"`
	// Entity is the id of the entity named; Alternatives lists the other
	// entities with the same name, when the name is ambiguous.
	Entity       string   `json:"entity"`
	Alternatives []string `json:"alternatives,omitempty"`
	// Sentence is the index of the sentence holding the mention.
	Sentence int `json:"sentence"`
	// Inside is true for a name inside a longer one of another entity
	// ("Ukraine" in "Russia’s invasion of Ukraine", the office in "Foreign
	// Minister Sergey Lavrov").
	Inside bool `json:"inside,omitempty"`
}

// name is one label or alias, as the words it is matched by.
type name struct {
	words  []string
	entity int
	label  bool
}

// matcher finds the names of a set of entities in tokenized text, longest
// name first, tolerant of case, curly or straight apostrophes, a leading
// article and a possessive ending.
type matcher struct {
	entities []schema.Entity
	byFirst  map[string][]name
}

func newMatcher(ents []schema.Entity) *matcher {
	m := &matcher{entities: ents, byFirst: map[string][]name{}}
	for i, e := range ents {
		add := func(s string, label bool) {
			toks := tokenize([]rune(s))
			for len(toks) > 1 && articles[toks[0].norm] {
				toks = toks[1:]
			}
			if len(toks) == 0 {
				return
			}
			words := make([]string, len(toks))
			for j, t := range toks {
				words[j] = t.norm
			}
			m.byFirst[words[0]] = append(m.byFirst[words[0]], name{words: words, entity: i, label: label})
		}
		if e.Label != "" {
			add(e.Label, true)
		}
		for _, a := range e.Aliases {
			add(a, false)
		}
	}
	return m
}

// match returns the mentions in toks, left to right: at each word the
// longest name that starts there wins, and the names of other entities
// inside it are mentions too (Inside).
func (m *matcher) match(text []rune, toks []token, sentenceOf func(int) int) []Mention {
	var out []Mention
	for i := 0; i < len(toks); {
		n, ents := m.longestAt(toks, i)
		if n == 0 {
			i++
			continue
		}
		outer := m.mention(text, toks[i:i+n], ents, sentenceOf)
		out = append(out, outer)
		for j := i; j < i+n; j++ {
			limit := i + n
			if j == i {
				limit-- // a shorter name at the same start
			}
			if j >= limit {
				continue
			}
			k, inner := m.longestAt(toks[:limit], j)
			if k == 0 || inner[0] == ents[0] {
				continue
			}
			in := m.mention(text, toks[j:j+k], inner, sentenceOf)
			in.Inside = true
			out = append(out, in)
		}
		i += n
	}
	return out
}

// mention is the Mention of the names ents over toks.
func (m *matcher) mention(text []rune, toks []token, ents []int, sentenceOf func(int) int) Mention {
	first, last := toks[0], toks[len(toks)-1]
	mention := Mention{
		Start: first.start, End: last.end, Text: string(text[first.start:last.end]),
		Entity: m.entities[ents[0]].ID, Sentence: sentenceOf(first.start),
	}
	for _, e := range ents[1:] {
		mention.Alternatives = append(mention.Alternatives, m.entities[e].ID)
	}
	return mention
}

// longestAt returns how many words the longest name starting at toks[i]
// spans (0: none) and the entities it names, labels before aliases.
func (m *matcher) longestAt(toks []token, i int) (int, []int) {
	first, _ := possessive(toks[i].norm)
	candidates := append(slices.Clone(m.byFirst[toks[i].norm]), m.byFirst[first]...)
	best := 0
	var ents []int
	var labels []bool
	for _, c := range candidates {
		if !wordsMatch(c.words, toks[i:]) {
			continue
		}
		switch {
		case len(c.words) > best:
			best, ents, labels = len(c.words), []int{c.entity}, []bool{c.label}
		case len(c.words) == best && !slices.Contains(ents, c.entity):
			ents, labels = append(ents, c.entity), append(labels, c.label)
		}
	}
	// An entity whose label matched comes before those matched by alias.
	order := make([]int, len(ents))
	for j := range order {
		order[j] = j
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case labels[a] && !labels[b]:
			return -1
		case labels[b] && !labels[a]:
			return 1
		}
		return strings.Compare(m.entities[ents[a]].ID, m.entities[ents[b]].ID)
	})
	sorted := make([]int, len(ents))
	for j, o := range order {
		sorted[j] = ents[o]
	}
	return best, sorted
}

// wordsMatch reports whether toks start with words; the last word may
// carry a possessive ending ("Russia’s").
func wordsMatch(words []string, toks []token) bool {
	if len(toks) < len(words) {
		return false
	}
	for j, w := range words {
		got := toks[j].norm
		if j == len(words)-1 {
			if base, ok := possessive(got); ok && base == w {
				continue
			}
		}
		if got != w {
			return false
		}
	}
	return true
}

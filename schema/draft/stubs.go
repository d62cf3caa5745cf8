package draft

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/quiver-kg/quiver/schema"
)

// Stub is a proposed claim: a quote, a fact whose predicate a word of the
// sentence suggests, and an attribution when the sentence reports someone
// else's words. Every stub needs a person's review.
type Stub struct {
	ID           string      `json:"id"`
	Sentence     int         `json:"sentence"`
	Quote        string      `json:"quote"`
	Occurrence   int         `json:"occurrence,omitempty"`
	Start        int         `json:"start"`
	End          int         `json:"end"`
	Confidence   float64     `json:"confidence"`
	AttributedTo string      `json:"attributedTo,omitempty"`
	Via          []string    `json:"via,omitempty"`
	Facts        [][3]string `json:"facts"`
	Why          string      `json:"why"`
}

// draftConfidence is the confidence stubs are proposed with: the author
// sets it.
const draftConfidence = 0.8

// node is something a fact can name in a sentence: a mention of a known
// entity or of a candidate, with its class.
type node struct {
	id, typ    string
	start, end int
	possessive bool // written with 's: "Moscow’s"
	event      bool // an event, whose name may say what happened
}

// trigger is a place in a sentence where a predicate's label or trigger
// word is written.
type trigger struct {
	pred       schema.Predicate
	word       string
	start, end int
}

// findTriggers returns, for each predicate whose label or a trigger word
// occurs in the sentence's tokens outside the names of nodes, its first
// occurrence; a trigger inside a longer one ("control" in "seized control
// of") is dropped.
func findTriggers(v *schema.Vocabulary, toks []token, nodes []node) []trigger {
	stems := make([]string, len(toks))
	for i, t := range toks {
		stems[i] = stem(t.norm)
	}
	var out []trigger
	for _, p := range v.Predicates {
		phrases := append([]string{p.Label}, p.Triggers...)
		for _, ph := range phrases {
			pw := tokenize([]rune(ph))
			if len(pw) == 0 {
				continue
			}
			if i := findPhrase(stems, pw, toks, nodes); i >= 0 {
				out = append(out, trigger{pred: p, word: ph, start: toks[i].start, end: toks[i+len(pw)-1].end})
				break
			}
		}
	}
	return slices.DeleteFunc(out, func(t trigger) bool {
		return slices.ContainsFunc(out, func(u trigger) bool {
			return u.start <= t.start && t.end <= u.end && u.end-u.start > t.end-t.start
		})
	})
}

// findPhrase returns where the words of phrase occur in stems, compared by
// stem and outside every node's name, or -1.
func findPhrase(stems []string, phrase []token, toks []token, nodes []node) int {
	// Words inside an entity's name describe it, not a relation; an
	// event's name ("Russia’s invasion of Ukraine") says what happened.
	inName := func(t token) bool {
		return slices.ContainsFunc(nodes, func(n node) bool { return n.start <= t.start && t.end <= n.end && !n.event })
	}
	for i := 0; i+len(phrase) <= len(stems); i++ {
		if inName(toks[i]) {
			continue
		}
		ok := true
		for j, w := range phrase {
			if stems[i+j] != stem(w.norm) {
				ok = false
				break
			}
		}
		if ok {
			return i
		}
	}
	return -1
}

// pairFor chooses a subject and an object for a node predicate among the
// sentence's nodes, by domain and range. The words around the trigger
// decide first: an agent after "by" or "from" ("influenced by Lavrov",
// "advice from Lavrov", see agentAfter) is the subject and the nearest fitting node before
// the trigger the object; a possessive before it ("Moscow’s invasion") is
// the subject. Otherwise the pair whose span with the trigger is
// shortest wins, the subject before the trigger and the object after it
// preferred (active voice).
func pairFor(v *schema.Vocabulary, tr trigger, nodes []node, toks []token) (s, o node, ok bool) {
	fits := func(n node, class string) bool {
		return class == "" || n.typ != "" && v.IsSubClassOf(n.typ, class)
	}
	if agent, found := agentAfter(tr, nodes, toks); found && fits(agent, tr.pred.Domain) {
		if obj, found := nearestBefore(tr, nodes, agent, func(n node) bool { return fits(n, tr.pred.Range) }); found {
			return agent, obj, true
		}
	}
	best := -1
	for _, a := range nodes {
		if !fits(a, tr.pred.Domain) {
			continue
		}
		for _, b := range nodes {
			if a.id == b.id || !fits(b, tr.pred.Range) {
				continue
			}
			lo := min(a.start, b.start, tr.start)
			hi := max(a.end, b.end, tr.end)
			cost := hi - lo
			if !tr.pred.Symmetric && (a.start > tr.start || b.end < tr.end) {
				cost += 1000
			}
			if a.possessive && a.end <= tr.start && tr.start-a.end <= 30 {
				cost -= 500
			}
			if best < 0 || cost < best {
				best, s, o = cost, a, b
			}
		}
	}
	return s, o, best >= 0
}

// agentAfter returns the node right after "by" or "from" following the
// trigger, or "of" for an influence predicate ("the recommendation of
// Lavrov", "the decision of Putin"); a title or article may come between.
func agentAfter(tr trigger, nodes []node, toks []token) (node, bool) {
	for i, t := range toks {
		agentWord := t.norm == "by" || t.norm == "from" || t.norm == "of" && tr.pred.Influence
		if t.start < tr.end || t.start > tr.end+12 || !agentWord {
			continue
		}
		for j := i + 1; j < len(toks) && j <= i+4; j++ {
			for _, n := range nodes {
				if n.start <= toks[j].start && toks[j].end <= n.end {
					return n, true
				}
			}
		}
	}
	return node{}, false
}

// nearestBefore returns the fitting node that ends closest before the
// trigger, other than not.
func nearestBefore(tr trigger, nodes []node, not node, fit func(node) bool) (node, bool) {
	var best node
	found := false
	for _, n := range nodes {
		if n.id != not.id && n.end <= tr.start && fit(n) && (!found || n.end > best.end) {
			best, found = n, true
		}
	}
	return best, found
}

// negated reports whether a negation comes shortly before the trigger
// ("has not been recognized", "never recognized").
func negated(tr trigger, toks []token) bool {
	for _, t := range toks {
		if t.end <= tr.start && tr.start-t.end <= 25 && (t.norm == "not" || t.norm == "never" || t.norm == "no" || strings.HasSuffix(t.norm, "n't")) {
			return true
		}
	}
	return false
}

var months = map[string]string{
	"january": "01", "february": "02", "march": "03", "april": "04", "may": "05", "june": "06",
	"july": "07", "august": "08", "september": "09", "october": "10", "november": "11", "december": "12",
}

var datePattern = regexp.MustCompile(`(?i)\b(?:(\d{1,2})\s+)?(January|February|March|April|May|June|July|August|September|October|November|December)(?:\s+(\d{1,2}),?)?\s+((?:19|20)\d{2})\b|\b((?:19|20)\d{2})\b`)

// dateIn returns the first date the sentence gives, as an ISO-8601 prefix
// (2021-08, 2025-07-03, 2022), and where it is written.
func dateIn(sentence string) (iso string, at []int) {
	m := datePattern.FindStringSubmatchIndex(sentence)
	if m == nil {
		return "", nil
	}
	g := func(k int) string {
		if m[2*k] < 0 {
			return ""
		}
		return sentence[m[2*k]:m[2*k+1]]
	}
	if year := g(5); year != "" {
		return year, m[:2]
	}
	iso = g(4) + "-" + months[strings.ToLower(g(2))]
	if day := g(1) + g(3); day != "" {
		if len(day) == 1 {
			day = "0" + day
		}
		iso += "-" + day
	}
	return iso, m[:2]
}

// speechVerbs, after a node, make it the speaker of what follows; "told",
// before a node, names whom it was told to (the route to the document).
var speechVerbs = map[string]bool{
	"called": true, "calls": true, "referred": true,
	"said": true, "says": true, "say": true, "stated": true, "states": true, "reported": true,
	"reports": true, "announced": true, "announces": true, "told": true, "tells": true,
	"claimed": true, "claims": true, "added": true, "noted": true, "wrote": true, "writes": true,
	"confirmed": true, "confirms": true, "declared": true, "explained": true,
}

// attribution finds who a sentence says made its statement ("according to
// X", "X said", "X reported", "said X") and through whom it reached the
// document ("told Y").
func attribution(toks []token, nodes []node) (who string, via []string, why string) {
	nodeAt := func(start int) (node, bool) {
		for _, n := range nodes {
			if n.start == start {
				return n, true
			}
		}
		return node{}, false
	}
	nodeEndingAt := func(end int) (node, bool) {
		for _, n := range nodes {
			if n.end == end {
				return n, true
			}
		}
		return node{}, false
	}
	for i, t := range toks {
		switch {
		case t.norm == "according" && i+1 < len(toks) && toks[i+1].norm == "to":
			j := i + 2
			for j < len(toks) && (articles[toks[j].norm] || titles[toks[j].norm]) {
				j++
			}
			if j < len(toks) {
				if n, ok := nodeAt(toks[j].start); ok && who == "" {
					who, why = n.id, `"according to"`
				}
			}
		case speechVerbs[t.norm] && i > 0:
			if n, ok := nodeEndingAt(toks[i-1].end); ok && who == "" {
				who, why = n.id, fmt.Sprintf("%q", t.text)
			} else if i+1 < len(toks) && t.norm != "told" {
				if n, ok := nodeAt(toks[i+1].start); ok && who == "" {
					who, why = n.id, fmt.Sprintf("%q", t.text)
				}
			}
			if t.norm == "told" && i+1 < len(toks) {
				if n, ok := nodeAt(toks[i+1].start); ok && n.id != who && !slices.Contains(via, n.id) {
					via = append(via, n.id)
				}
			}
		}
	}
	return who, via, why
}

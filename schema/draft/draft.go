package draft

import (
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/quiver-kg/quiver/schema"
)

// Options describe the article to draft.
type Options struct {
	// ID is the document id; "" derives it from TextPath's file name
	// ("doc:" and the name without its extension).
	ID string
	// Title is the document title; "" takes the text's first line.
	Title string
	// TextPath is the text's path as the claims file will name it
	// (relative to where the claims file is written).
	TextPath string
	// Entities are the store's entities the text may mention (ID,
	// Type, Label, Aliases).
	Entities []schema.Entity
	// Vocabulary gives the predicates, their trigger words, domains and
	// ranges; nil means schema.Default().
	Vocabulary *schema.Vocabulary
}

// Sentence is one sentence of the text, numbered as the claims compiler
// numbers them (0 is the title line), with its code point offsets.
type Sentence struct {
	Index int    `json:"index"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// Draft is what drafting found in an article: its sentences, the mentions
// of known entities, candidate new entities and claim stubs. YAML renders
// it as a claims file that loads as printed.
type Draft struct {
	ID         string      `json:"id"`
	Title      string      `json:"title"`
	TextPath   string      `json:"textPath"`
	Sentences  []Sentence  `json:"sentences"`
	Mentions   []Mention   `json:"mentions"`
	Candidates []Candidate `json:"candidates"`
	Stubs      []Stub      `json:"stubs"`
}

// Make drafts a claims file for text. It never fails: a text with nothing
// recognisable gives a draft with its document and sentences only.
func Make(text string, opts Options) *Draft {
	v := opts.Vocabulary
	if v == nil {
		v = schema.Default()
	}
	runes := []rune(text)
	d := &Draft{ID: opts.ID, Title: opts.Title, TextPath: opts.TextPath}
	if d.ID == "" {
		base := path.Base(strings.ReplaceAll(opts.TextPath, "\\", "/"))
		base = strings.TrimSuffix(base, path.Ext(base))
		d.ID = "doc:" + strings.Trim(strings.ToLower(camelDash(base)), "-")
	}
	if d.Title == "" {
		d.Title = strings.TrimSpace(strings.SplitN(text, "\n", 2)[0])
	}
	starts := append([]int{0}, schema.SentenceStarts(runes)...)
	for i, s := range starts {
		end := len(runes)
		if i+1 < len(starts) {
			end = starts[i+1]
		}
		d.Sentences = append(d.Sentences, Sentence{Index: i, Start: s, End: end, Text: strings.TrimSpace(string(runes[s:end]))})
	}
	sentenceOf := func(at int) int { return sort.SearchInts(starts, at+1) - 1 }
	isStart := func(at int) bool { _, found := slices.BinarySearch(starts, at); return found }

	toks := tokenize(runes)
	d.Mentions = newMatcher(opts.Entities).match(runes, toks, sentenceOf)
	covered := make([]bool, len(toks))
	for i, t := range toks {
		for _, m := range d.Mentions {
			if t.start >= m.Start && t.end <= m.End {
				covered[i] = true
			}
		}
	}
	d.Candidates = findCandidates(runes, toks, covered, isStart, sentenceOf, v)
	types := map[string]string{}
	for _, e := range opts.Entities {
		types[e.ID] = e.Type
	}
	for _, c := range d.Candidates {
		types[c.ID] = c.Type
	}
	for _, s := range d.Sentences {
		d.Stubs = append(d.Stubs, d.stubsOf(runes, s, toks, types, v)...)
	}
	return d
}

// stubsOf proposes the claims of one sentence.
func (d *Draft) stubsOf(runes []rune, s Sentence, toks []token, types map[string]string, v *schema.Vocabulary) []Stub {
	var stoks []token
	for _, t := range toks {
		if t.start >= s.Start && t.end <= s.End {
			stoks = append(stoks, t)
		}
	}
	var nodes []node
	add := func(m Mention) {
		if m.Sentence == s.Index {
			_, poss := possessive(fold(m.Text))
			typ := types[m.Entity]
			ev := typ != "" && v.IsSubClassOf(typ, "kg:Event")
			nodes = append(nodes, node{id: m.Entity, typ: typ, start: m.Start, end: m.End, possessive: poss, event: ev})
		}
	}
	for _, m := range d.Mentions {
		add(m)
	}
	for _, c := range d.Candidates {
		for _, m := range c.Mentions {
			add(m)
		}
	}
	who, via, whyWho := attribution(stoks, nodes)
	local := strings.TrimPrefix(d.ID, "doc:")
	out := d.structural(runes, s, nodes, v)
	if who != "" && whyWho != `"according to"` {
		out = append(out, d.statement(runes, s, who, whyWho, nodes, types))
	}
	for _, tr := range findTriggers(v, stoks, nodes) {
		if quoted(runes[s.Start:tr.start]) {
			continue // words in quotation marks are what someone said, not a relation
		}
		p := tr.pred
		if negated(tr, stoks) {
			opp, ok := v.Predicate(p.Opposite)
			if !ok {
				continue // "not" with no opposite to say it: nothing to propose
			}
			p, tr.pred = opp, opp
		}
		var fact [3]string
		lo, hi := tr.start, tr.end
		why := "the word \"" + tr.word + "\""
		switch {
		case p.Datatype != "":
			continue // a literal the author words: nothing to propose
		default:
			subj, obj, ok := pairFor(v, tr, nodes, stoks)
			if !ok {
				continue
			}
			fact = [3]string{subj.id, p.ID, obj.id}
			lo, hi = min(lo, subj.start, obj.start), max(hi, subj.end, obj.end)
			why += "; subject and object by " + p.ID + "'s domain and range and the words around it"
		}
		st := Stub{
			ID: "claim:" + local + "-s" + strconv.Itoa(s.Index) + "-" + localName(p.ID), Sentence: s.Index,
			Start: lo, End: hi, Quote: string(runes[lo:hi]), Confidence: draftConfidence,
			Facts: [][3]string{fact}, Why: why,
		}
		st.Occurrence = occurrence(string(runes), st.Quote, lo)
		if who != "" && who != fact[0] {
			st.AttributedTo, st.Via = who, via
			st.Why += "; attributed by " + whyWho
		}
		out = append(out, st)
	}
	return out
}

// quoted reports whether text leaves a quotation open: an odd number of
// straight double quotes, or more opening curly quotes than closing ones.
func quoted(text []rune) bool {
	straight, open := 0, 0
	for _, r := range text {
		switch r {
		case '"':
			straight++
		case '“':
			open++
		case '”':
			open--
		}
	}
	return straight%2 == 1 || open > 0
}

// firstOfClass returns the first node of class (or a subclass).
func firstOfClass(nodes []node, class string, v *schema.Vocabulary) (node, bool) {
	for _, n := range nodes {
		if n.typ != "" && v.IsSubClassOf(n.typ, class) {
			return n, true
		}
	}
	return node{}, false
}

// occurrence returns which occurrence of quote (1-based, overlapping ones
// counted, as the compiler counts) starts at code point at, or 0 when the
// quote occurs once.
func occurrence(text, quote string, at int) int {
	var found []int
	for i := 0; ; {
		j := strings.Index(text[i:], quote)
		if j < 0 {
			break
		}
		found = append(found, utf8.RuneCountInString(text[:i+j]))
		_, size := utf8.DecodeRuneInString(text[i+j:])
		i += j + size
	}
	if len(found) < 2 {
		return 0
	}
	return slices.Index(found, at) + 1
}

// localName is the part of a CURIE after its prefix.
func localName(id string) string {
	if i := strings.IndexByte(id, ':'); i >= 0 {
		return id[i+1:]
	}
	return id
}

// camelDash turns a file name into an id part: "Russia Recognizes" ->
// "russia-recognizes".
func camelDash(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	return b.String()
}

// structural proposes the claims a sentence's names and dates make
// without a trigger word: the office in a person's name ("Foreign
// Minister Sergey Lavrov": kg:holdsOffice), and the date of an event
// named just before it ("Russia’s invasion of Ukraine in 2022": kg:date).
func (d *Draft) structural(runes []rune, s Sentence, nodes []node, v *schema.Vocabulary) []Stub {
	local := strings.TrimPrefix(d.ID, "doc:")
	var out []Stub
	stub := func(name string, lo, hi int, fact [3]string, why string) {
		st := Stub{ID: "claim:" + local + "-s" + strconv.Itoa(s.Index) + "-" + name, Sentence: s.Index,
			Start: lo, End: hi, Quote: string(runes[lo:hi]), Confidence: draftConfidence, Facts: [][3]string{fact}, Why: why}
		st.Occurrence = occurrence(string(runes), st.Quote, lo)
		out = append(out, st)
	}
	for _, p := range nodes {
		if p.typ == "" || !v.IsSubClassOf(p.typ, "kg:Person") {
			continue
		}
		for _, o := range nodes {
			if o.typ != "" && v.IsSubClassOf(o.typ, "kg:Office") && p.start <= o.start && o.end <= p.end && o.id != p.id {
				stub(localName(p.id)+"-holdsOffice", p.start, p.end, [3]string{p.id, "kg:holdsOffice", o.id}, "an office in the person's name")
			}
		}
	}
	text := string(runes[s.Start:s.End])
	iso, at := dateIn(text)
	if iso == "" {
		return out
	}
	at0 := s.Start + utf8.RuneCountInString(text[:at[0]])
	at1 := s.Start + utf8.RuneCountInString(text[:at[1]])
	var ev node
	for _, n := range nodes {
		if n.event && n.end <= at0 && at0-n.end <= 12 && n.end > ev.end {
			ev = n
		}
	}
	if ev.id != "" {
		stub(localName(ev.id)+"-date", ev.start, at1, [3]string{ev.id, "kg:date", iso}, "a date right after the event's name")
	}
	return out
}

// statement proposes the speech act of a sentence that reports someone's
// words ("TASS reported that ...", "Putin referred to ... as"): a new
// statement node (a candidate) with its speaker. Speech is not the thing
// said: the relations the words mention are the author's to state, as
// claims attributed to the speaker.
func (d *Draft) statement(runes []rune, s Sentence, who, verb string, nodes []node, types map[string]string) Stub {
	var speaker node
	for _, n := range nodes {
		if n.id == who {
			speaker = n
			break
		}
	}
	class, kind := "kg:Statement", "Statement"
	if strings.Contains(verb, "report") {
		class, kind = "kg:Report", "Report"
	}
	id := "ev:" + camel(strings.TrimPrefix(d.ID, "doc:")) + "S" + strconv.Itoa(s.Index) + kind
	lo, hi := speaker.start, s.End
	for hi > lo && (runes[hi-1] == ' ' || runes[hi-1] == '\n' || runes[hi-1] == '.') {
		hi--
	}
	quote := string(runes[lo:hi])
	d.Candidates = append(d.Candidates, Candidate{
		ID: id, Label: localName(who) + " " + strings.ToLower(kind) + " in sentence " + strconv.Itoa(s.Index), Type: class,
		Why:      "the speech verb " + verb + "; name it and say what it is about (kg:about, kg:content or kg:utterance)",
		Mentions: []Mention{{Start: lo, End: hi, Text: quote, Entity: id, Sentence: s.Index}},
	})
	types[id] = class
	st := Stub{
		ID:       "claim:" + strings.TrimPrefix(d.ID, "doc:") + "-s" + strconv.Itoa(s.Index) + "-" + strings.ToLower(kind),
		Sentence: s.Index, Start: lo, End: hi, Quote: quote, Confidence: draftConfidence,
		Facts: [][3]string{{id, "kg:speaker", who}}, Why: "the speech verb " + verb + ": a statement and its speaker",
	}
	st.Occurrence = occurrence(string(runes), quote, lo)
	return st
}

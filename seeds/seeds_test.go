package seeds_test

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/schema"
	"github.com/quiver-kg/quiver/seeds"
)

const (
	articleFile = "russia-recognizes-taliban.txt"
	claimsFile  = "russia-recognizes-taliban.claims.yaml"
	// articleSHA256 is the SHA-256 of the seed article as it was
	// published; the embedded copy must stay byte-for-byte identical.
	articleSHA256 = "4f8caa1fd44f678ebc0bdc3a9c52ee1bf36c96c04778e34afbc04ddbc58a4737"
	decision      = "ev:RussiaRecognizesTaliban"
)

var (
	compileOnce  sync.Once
	compiled     []quad.Quad
	compileError error
)

// seedQuads compiles the seeds once per test binary.
func seedQuads(t testing.TB) []quad.Quad {
	t.Helper()
	compileOnce.Do(func() { compiled, compileError = seeds.Compile(schema.Default()) })
	if compileError != nil {
		t.Fatalf("seeds.Compile: %v", compileError)
	}
	return compiled
}

// graph is a tiny in-test index over quads, independent of Cayley.
type graph struct{ quads []quad.Quad }

func newGraph(t testing.TB) graph { return graph{seedQuads(t)} }

// id is the text of a node as the claims file writes it: ent:Russia for
// <ent:Russia>, the lexical form for literals.
func id(v quad.Value) string {
	switch v := v.(type) {
	case nil:
		return ""
	case quad.IRI:
		return string(v)
	case quad.String:
		return string(v)
	}
	return quad.StringOf(v)
}

// match returns the quads whose parts equal the non-empty arguments.
func (g graph) match(s, p, o, label string) []quad.Quad {
	var out []quad.Quad
	for _, q := range g.quads {
		if (s == "" || id(q.Subject) == s) && (p == "" || id(q.Predicate) == p) &&
			(o == "" || id(q.Object) == o) && (label == "" || id(q.Label) == label) {
			out = append(out, q)
		}
	}
	return out
}

// objects returns the objects of s p in graph label ("" for any).
func (g graph) objects(s, p, label string) []quad.Value {
	var out []quad.Value
	for _, q := range g.match(s, p, "", label) {
		out = append(out, q.Object)
	}
	return out
}

// one returns the single object of s p in <graph:evidence> or fails.
func (g graph) one(t testing.TB, s, p string) quad.Value {
	t.Helper()
	os := g.objects(s, p, "graph:evidence")
	if len(os) != 1 {
		t.Fatalf("%s %s: want one value in <graph:evidence>, got %v", s, p, os)
	}
	return os[0]
}

// claims returns the claims whose label carries the fact s p o.
func (g graph) claims(s, p, o string) []string {
	var out []string
	for _, q := range g.match(s, p, o, "") {
		if l := id(q.Label); strings.HasPrefix(l, "claim:") {
			out = append(out, l)
		}
	}
	sort.Strings(out)
	return out
}

// claimIDs lists every claim record in <graph:evidence>.
func (g graph) claimIDs() []string {
	var out []string
	for _, q := range g.match("", "rdf:type", "kg:Claim", "graph:evidence") {
		out = append(out, id(q.Subject))
	}
	return out
}

func (g graph) attribution(c string) string {
	if os := g.objects(c, "prov:wasAttributedTo", "graph:evidence"); len(os) == 1 {
		return id(os[0])
	}
	return ""
}

func intOf(t testing.TB, v quad.Value) int {
	t.Helper()
	n, ok := v.(quad.Int)
	if !ok {
		t.Fatalf("want an xsd:integer, got %#v", v)
	}
	return int(n)
}

func floatOf(t testing.TB, v quad.Value) float64 {
	t.Helper()
	f, ok := v.(quad.Float)
	if !ok {
		t.Fatalf("want an xsd:double, got %#v", v)
	}
	return float64(f)
}

func article(t testing.TB) string {
	t.Helper()
	b, err := fs.ReadFile(seeds.FS, articleFile)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestFiles(t *testing.T) {
	if got := seeds.Files(); !slices.Equal(got, []string{claimsFile}) {
		t.Fatalf("Files() = %v, want [%s]", got, claimsFile)
	}
}

func TestArticleIsByteForByte(t *testing.T) {
	text := article(t)
	sum := sha256.Sum256([]byte(text))
	if got := hex.EncodeToString(sum[:]); got != articleSHA256 {
		t.Errorf("sha256 of embedded %s = %s, want %s (the article must be kept byte-for-byte)", articleFile, got, articleSHA256)
	}
	if strings.HasSuffix(text, "\n") {
		t.Error("the article must not end with a newline")
	}
	if !utf8.ValidString(text) || !strings.Contains(text, "’") {
		t.Error("the article must be UTF-8 with its curly apostrophes")
	}
	// The compiled document records the same digest and its title.
	g := newGraph(t)
	doc := "doc:russia-recognizes-taliban"
	if got := id(g.one(t, doc, "kg:sha256")); got != articleSHA256 {
		t.Errorf("kg:sha256 = %s, want %s", got, articleSHA256)
	}
	title, _, _ := strings.Cut(text, "\n")
	if got := id(g.one(t, doc, "kg:title")); got != title {
		t.Errorf("kg:title = %q, want the first line %q", got, title)
	}
	if got := id(g.one(t, doc, "kg:text")); got != text {
		t.Error("kg:text differs from the embedded article")
	}
}

func TestCompile(t *testing.T) {
	qs := seedQuads(t)
	v := schema.Default()
	if n := len(v.Quads()); len(qs) <= n {
		t.Fatalf("Compile returned %d quads, no more than the %d schema quads", len(qs), n)
	}
	for _, q := range qs {
		if !q.IsValid() {
			t.Errorf("invalid quad %v", q)
		}
	}
	// Compile is the same path users take: compiling the file directly
	// gives the same claims quads.
	data, err := fs.ReadFile(seeds.FS, claimsFile)
	if err != nil {
		t.Fatal(err)
	}
	direct, _, err := schema.CompileClaimsFile(v, claimsFile, data, seeds.ReadFile)
	if err != nil {
		t.Fatalf("CompileClaimsFile: %v", err)
	}
	if got, want := len(qs)-len(v.Quads()), len(direct); got != want {
		t.Errorf("Compile returned %d claims-file quads, CompileClaimsFile %d", got, want)
	}
}

// TestQuotesMatchOffsets checks every claim's quote against the text at
// its code point offsets, independently of the compiler.
func TestQuotesMatchOffsets(t *testing.T) {
	g := newGraph(t)
	runes := []rune(article(t))
	ids := g.claimIDs()
	if len(ids) < 30 {
		t.Fatalf("only %d claims compiled", len(ids))
	}
	for _, c := range ids {
		quote := id(g.one(t, c, "kg:quote"))
		start, end := intOf(t, g.one(t, c, "kg:charStart")), intOf(t, g.one(t, c, "kg:charEnd"))
		if start < 0 || end > len(runes) || start >= end {
			t.Errorf("%s: bad span [%d,%d)", c, start, end)
			continue
		}
		if got := string(runes[start:end]); got != quote {
			t.Errorf("%s: text[%d:%d] = %q, want the quote %q", c, start, end, got, quote)
		}
		if conf := floatOf(t, g.one(t, c, "kg:confidence")); conf <= 0 || conf > 1 {
			t.Errorf("%s: confidence %v outside (0,1]", c, conf)
		}
		if got := id(g.one(t, c, "kg:source")); got != "doc:russia-recognizes-taliban" {
			t.Errorf("%s: kg:source = %s", c, got)
		}
		if len(g.match("", "", "", c)) == 0 {
			t.Errorf("%s: no facts labelled with the claim", c)
		}
	}
}

// TestConfidenceScale checks the scale documented in the claims file:
// reported claims (attributedTo) are less sure than the article's own.
func TestConfidenceScale(t *testing.T) {
	g := newGraph(t)
	for _, c := range g.claimIDs() {
		conf := floatOf(t, g.one(t, c, "kg:confidence"))
		reported := g.attribution(c) != ""
		switch {
		case reported && conf != 0.8:
			t.Errorf("%s is reported (attributedTo %s): confidence %v, want 0.8", c, g.attribution(c), conf)
		case !reported && conf != 0.9 && conf != 0.85:
			t.Errorf("%s is the article's own: confidence %v, want 0.9 (assertion) or 0.85 (characterization)", c, conf)
		}
	}
}

// promised are the entities docs/design/model.md promises, with their labels.
var promised = map[string]string{
	"ent:Russia":        "Russia",
	"ent:Taliban":       "Taliban",
	"ent:Afghanistan":   "Afghanistan",
	"ent:SergeyLavrov":  "Sergey Lavrov",
	"ent:VladimirPutin": "Vladimir Putin",
	"ent:NorthKorea":    "North Korea",
	"ent:Iran":          "Iran",
	"ent:Ukraine":       "Ukraine",
	"ent:TASS":          "TASS",
}

func TestPromisedEntities(t *testing.T) {
	g := newGraph(t)
	for e, label := range promised {
		labels := g.objects(e, "rdfs:label", "graph:entities")
		if len(labels) != 1 || id(labels[0]) != label {
			t.Errorf("%s: rdfs:label %v, want %q", e, labels, label)
		}
		if len(g.objects(e, "rdf:type", "graph:entities")) == 0 {
			t.Errorf("%s: no rdf:type", e)
		}
	}
	types := map[string]string{
		"ent:Russia": "kg:Country", "ent:Afghanistan": "kg:Country", "ent:NorthKorea": "kg:Country",
		"ent:Iran": "kg:Country", "ent:Ukraine": "kg:Country",
		"ent:SergeyLavrov": "kg:Person", "ent:VladimirPutin": "kg:Person",
		"ent:TASS": "kg:MediaOutlet", decision: "kg:Decision",
	}
	for e, typ := range types {
		if len(g.match(e, "rdf:type", typ, "graph:entities")) != 1 {
			t.Errorf("%s: want rdf:type %s", e, typ)
		}
	}
	aliases := map[string][]string{
		"ent:Russia":        {"Moscow", "the Kremlin", "Russian Federation"},
		"ent:SergeyLavrov":  {"Lavrov", "Foreign Minister Sergey Lavrov"},
		"ent:VladimirPutin": {"Putin"},
	}
	for e, want := range aliases {
		for _, a := range want {
			if len(g.match(e, "kg:alias", a, "graph:entities")) != 1 {
				t.Errorf("%s: missing alias %q", e, a)
			}
		}
	}
}

func TestRequiredFacts(t *testing.T) {
	g := newGraph(t)
	need := func(s, p, o string) []string {
		t.Helper()
		cs := g.claims(s, p, o)
		if len(cs) == 0 {
			t.Errorf("missing fact %s %s %s", s, p, o)
		}
		return cs
	}
	attributed := func(cs []string, who string) (n int) {
		for _, c := range cs {
			if g.attribution(c) == who {
				n++
			}
		}
		return n
	}

	// The recognition: direct edge and event parts under one claim.
	for _, c := range need("ent:Russia", "kg:recognizes", "ent:Taliban") {
		if len(g.match(decision, "kg:agent", "ent:Russia", c)) == 0 || len(g.match(decision, "kg:object", "ent:Taliban", c)) == 0 {
			t.Errorf("%s: the recognition edge and the event's agent/object must share the claim", c)
		}
	}
	// The article gives no date for the recognition: none is invented.
	if ds := g.objects(decision, "kg:date", ""); len(ds) != 0 {
		t.Errorf("%s has kg:date %v, but the article gives none", decision, ds)
	}

	// Who decided, on whose advice: per TASS.
	cs := need("ent:VladimirPutin", "kg:decided", decision)
	if attributed(cs, "ent:TASS") != len(cs) {
		t.Errorf("Putin decided: claims %v must all be attributed to ent:TASS", cs)
	}
	cs = need("ent:SergeyLavrov", "kg:advised", "ent:VladimirPutin")
	if attributed(cs, "ent:TASS") != len(cs) {
		t.Errorf("Lavrov advised Putin: claims %v must all be attributed to ent:TASS", cs)
	}
	// Lavrov influenced the decision: the article's own claim and TASS's.
	cs = need("ent:SergeyLavrov", "kg:influenced", decision)
	if attributed(cs, "") < 1 || attributed(cs, "ent:TASS") < 1 {
		t.Errorf("Lavrov influenced: claims %v, want one unattributed and one attributed to ent:TASS", cs)
	}

	// The alignment, read from two sentences: corroboration.
	for _, o := range []string{"ent:NorthKorea", "ent:Iran"} {
		if cs := need("ent:Russia", "kg:allies-with", o); len(cs) < 2 {
			t.Errorf("Russia allies-with %s: claims %v, want two (sentences 4 and 8)", o, cs)
		}
	}

	// The takeover, August 2021.
	takeovers := g.match("", "kg:agent", "ent:Taliban", "")
	dated := false
	for _, q := range takeovers {
		ev := id(q.Subject)
		if len(g.match(ev, "kg:object", "ent:Afghanistan", "")) > 0 && len(g.match(ev, "kg:date", "2021-08", "")) > 0 {
			dated = true
		}
	}
	if !dated {
		t.Error("no event with agent Taliban, object Afghanistan and kg:date 2021-08")
	}
	for _, c := range need("ent:Taliban", "kg:seizedControlOf", "ent:Afghanistan") {
		if got := id(g.one(t, c, "kg:validFrom")); got != "2021-08" {
			t.Errorf("%s: validFrom %q, want 2021-08", c, got)
		}
	}

	// Other dates the article gives.
	need("ent:Russia", "kg:invaded", "ent:Ukraine")
	need("ev:RussiaInvadesUkraine", "kg:date", "2022-02")
	need("ev:RussiaInvadesUkraine", "kg:date", "2022")
	need("ev:DumaPassesTerroristListLaw", "kg:date", "2024-12")

	// The stated aim is the Foreign Ministry's, the reasons the article's.
	if cs := need(decision, "kg:purpose", "boost bilateral cooperation"); attributed(cs, "ent:RussianForeignMinistry") != len(cs) {
		t.Errorf("the recognition's aim: claims %v must be attributed to the Foreign Ministry", cs)
	}
	need("ent:OtherStates", "kg:doesNotRecognize", "ent:Taliban")
	if rs := g.objects("ev:TalibanNotRecognized", "kg:reason", ""); len(rs) != 2 {
		t.Errorf("non-recognition reasons %v, want the two the article gives", rs)
	}
	need("ent:RussianSupremeCourt", "kg:suspends", "ent:TalibanBan")
	need("ent:StateDuma", "kg:passed", "ent:TerroristListLaw")
	need("ent:Taliban", "kg:participatesIn", "ent:RussianEconomicForums")
	need("ent:Russia", "kg:tradesWith", "ent:Taliban")
	need("ent:Taliban", "kg:enforces", "ent:IslamicLaw")
}

// TestSpeechIsNotARelation: "Putin referred to the Taliban as allies" is a
// statement, never Russia allies-with Taliban.
func TestSpeechIsNotARelation(t *testing.T) {
	g := newGraph(t)
	for _, pair := range [][2]string{{"ent:Russia", "ent:Taliban"}, {"ent:VladimirPutin", "ent:Taliban"}} {
		for _, q := range g.quads {
			s, o := id(q.Subject), id(q.Object)
			if id(q.Predicate) == "kg:allies-with" && (s == pair[0] && o == pair[1] || s == pair[1] && o == pair[0]) {
				t.Errorf("speech became a relation: %v", q)
			}
		}
	}
	statements := map[string][2]string{ // speaker -> utterance, about
		"ent:VladimirPutin": {"allies", "ent:Taliban"},
		"ent:SergeyLavrov":  {"sane people", "ent:Taliban"},
	}
	for speaker, want := range statements {
		found := false
		for _, q := range g.match("", "kg:speaker", speaker, "") {
			st := id(q.Subject)
			if len(g.match(st, "kg:utterance", want[0], "")) > 0 && len(g.match(st, "kg:about", want[1], "")) > 0 {
				found = true
			}
		}
		if !found {
			t.Errorf("no statement by %s about %s with utterance %q", speaker, want[1], want[0])
		}
	}
}

// sentenceStarts splits the article the way docs/claims-format.md
// describes, independently of the compiler: the title line is sentence 0,
// each line starts a sentence, and ". " (also `." `) ends one.
func sentenceStarts(text string) []int {
	runes := []rune(text)
	starts := []int{0}
	end := regexp.MustCompile(`[.!?]["”’]?\s+|\n`)
	offset := 0 // byte offset -> code point offset via the prefix
	for _, m := range end.FindAllStringIndex(text, -1) {
		offset = utf8.RuneCountInString(text[:m[1]])
		if offset < len(runes) {
			starts = append(starts, offset)
		}
	}
	return starts
}

func sentenceOf(starts []int, at int) int {
	return sort.SearchInts(starts, at+1) - 1
}

// TestEverySentenceIsCovered: each sentence of the article but the title
// holds the start of at least one claim's quote, and the compiler's
// kg:sentence agrees with the offsets.
func TestEverySentenceIsCovered(t *testing.T) {
	g := newGraph(t)
	starts := sentenceStarts(article(t))
	if len(starts) != 14 {
		t.Fatalf("split the article into %d sentences, want 14 (title + 13)", len(starts))
	}
	covered := map[int][]string{}
	for _, c := range g.claimIDs() {
		start := intOf(t, g.one(t, c, "kg:charStart"))
		s := sentenceOf(starts, start)
		covered[s] = append(covered[s], c)
		if got := intOf(t, g.one(t, c, "kg:sentence")); got != s {
			t.Errorf("%s: kg:sentence %d, but its quote starts in sentence %d", c, got, s)
		}
	}
	runes := []rune(article(t))
	for i := 1; i < len(starts); i++ {
		if len(covered[i]) == 0 {
			end := len(runes)
			if i+1 < len(starts) {
				end = starts[i+1]
			}
			t.Errorf("sentence %d has no claim: %q", i, string(runes[starts[i]:end]))
		}
	}
}

// TestFactsAreClaimLabelled: outside the three fixed graphs every quad is
// a fact labelled with a claim that has a record.
func TestFactsAreClaimLabelled(t *testing.T) {
	g := newGraph(t)
	records := map[string]bool{}
	for _, c := range g.claimIDs() {
		records[c] = true
	}
	for _, q := range g.quads {
		switch l := id(q.Label); {
		case l == "graph:schema" || l == "graph:entities" || l == "graph:evidence":
		case !records[l]:
			t.Errorf("quad %v is labelled %q, not a claim with a record", q, l)
		}
	}
}

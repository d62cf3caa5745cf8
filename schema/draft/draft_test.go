package draft_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/quiver-kg/quiver/schema"
	"github.com/quiver-kg/quiver/schema/draft"
)

// store is a small set of known entities.
var store = []schema.Entity{
	{ID: "ent:Russia", Type: "kg:Country", Label: "Russia", Aliases: []string{"Moscow", "the Kremlin"}},
	{ID: "ent:Taliban", Type: "kg:Government", Label: "Taliban", Aliases: []string{"the Taliban"}},
	{ID: "ent:SergeyLavrov", Type: "kg:Person", Label: "Sergey Lavrov", Aliases: []string{"Lavrov", "Foreign Minister Sergey Lavrov"}},
	{ID: "ent:VladimirPutin", Type: "kg:Person", Label: "Vladimir Putin", Aliases: []string{"Putin"}},
	{ID: "ent:UnitedStates", Type: "kg:Country", Label: "United States", Aliases: []string{"U.S."}},
	{ID: "ent:TASS", Type: "kg:MediaOutlet", Label: "TASS"},
	{ID: "ent:ForeignMinister", Type: "kg:Office", Label: "Foreign Minister of Russia", Aliases: []string{"Foreign Minister"}},
	{ID: "ev:Recognition", Type: "kg:Decision", Label: "Russia's recognition of the Taliban", Aliases: []string{"the recognition"}},
}

func mentions(d *draft.Draft) []string {
	var out []string
	for _, m := range d.Mentions {
		out = append(out, m.Text+"="+m.Entity)
	}
	return out
}

func TestMentions(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"curly possessive", "Title\nRussia’s envoy met them.", []string{"Russia’s=ent:Russia"}},
		{"straight possessive", "Title\nRussia's envoy met them.", []string{"Russia's=ent:Russia"}},
		{"case and leading article", "Title\nTHE KREMLIN said so. the taliban agreed.", []string{"KREMLIN=ent:Russia", "taliban=ent:Taliban"}},
		{"longest name first", "Title\nForeign Minister Sergey Lavrov spoke, then Lavrov left.", []string{"Foreign Minister Sergey Lavrov=ent:SergeyLavrov", "Foreign Minister=ent:ForeignMinister", "Lavrov=ent:SergeyLavrov"}},
		{"name at sentence start", "Title\nPutin decided. Moscow agreed.", []string{"Putin=ent:VladimirPutin", "Moscow=ent:Russia"}},
		{"abbreviation", "Title\nThe U.S. envoy met Lavrov.", []string{"U.S=ent:UnitedStates", "Lavrov=ent:SergeyLavrov"}},
		{"straight quote in the name, names inside it", "Title\nRussia's recognition of the Taliban came first.",
			[]string{"Russia's recognition of the Taliban=ev:Recognition", "Russia's=ent:Russia", "Taliban=ent:Taliban"}},
		{"curly quote in the name, names inside it", "Title\nRussia’s recognition of the Taliban came first.",
			[]string{"Russia’s recognition of the Taliban=ev:Recognition", "Russia’s=ent:Russia", "Taliban=ent:Taliban"}},
		{"an office inside a person's name", "Title\nForeign Minister Sergey Lavrov spoke.",
			[]string{"Foreign Minister Sergey Lavrov=ent:SergeyLavrov", "Foreign Minister=ent:ForeignMinister"}},
		{"no partial words", "Title\nRussian officials and Putinism.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mentions(draft.Make(tt.text, draft.Options{TextPath: "a.txt", Entities: store}))
			if !slices.Equal(got, tt.want) {
				t.Errorf("mentions = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSentencesMatchTheCompiler(t *testing.T) {
	text := "A Title\nMr. Berg met Dr. Vale in the U.S. on Monday. “It’s done,” he said! Was it? Yes.\nLast line"
	d := draft.Make(text, draft.Options{TextPath: "a.txt"})
	var got []string
	for _, s := range d.Sentences {
		got = append(got, s.Text)
	}
	want := []string{"A Title", "Mr. Berg met Dr. Vale in the U.S. on Monday.", "“It’s done,” he said!", "Was it?", "Yes.", "Last line"}
	if !slices.Equal(got, want) {
		t.Fatalf("sentences = %q, want %q", got, want)
	}
	runes := []rune(text)
	for _, s := range d.Sentences {
		if strings.TrimSpace(string(runes[s.Start:s.End])) != s.Text {
			t.Errorf("sentence %d offsets [%d, %d) do not hold its text", s.Index, s.Start, s.End)
		}
	}
}

func TestCandidates(t *testing.T) {
	text := "Envoys\nRussia’s special envoy Zamir Kabulov told the news agency RIA Novosti that the Ministry of Foreign Affairs agreed. Kabulov added that Gul Hassan Hassan presented his credentials in July 2025."
	d := draft.Make(text, draft.Options{TextPath: "a.txt", Entities: store})
	got := map[string]string{}
	for _, c := range d.Candidates {
		got[c.ID] = c.Type
	}
	want := map[string]string{
		"ent:ZamirKabulov":             "kg:Person",
		"ent:RIANovosti":               "kg:MediaOutlet",
		"ent:MinistryOfForeignAffairs": "kg:Ministry",
		"ent:GulHassanHassan":          "kg:Person",
	}
	for id, typ := range want {
		if got[id] != typ {
			t.Errorf("candidate %s: type %q, want %q (all: %v)", id, got[id], typ, got)
		}
	}
	if _, ok := got["ent:July"]; ok {
		t.Error("a month became a candidate")
	}
	for _, c := range d.Candidates {
		if c.ID == "ent:ZamirKabulov" && len(c.Mentions) != 2 {
			t.Errorf("Kabulov alone is the same candidate: %+v", c.Mentions)
		}
	}
}

func TestStubsAndAttribution(t *testing.T) {
	text := "Envoys\nSpecial envoy Zamir Kabulov told TASS that Putin approved the decision on the recommendation of Lavrov. " +
		"According to TASS, Russia recognized the Taliban. Putin said Moscow has not recognized the Taliban-free zone."
	d := draft.Make(text, draft.Options{TextPath: "a.txt", Entities: store})
	byPred := map[string]draft.Stub{}
	for _, st := range d.Stubs {
		byPred[st.Facts[0][1]] = st
	}
	adv, ok := byPred["kg:advised"]
	if !ok {
		t.Fatalf("no kg:advised stub: %+v", d.Stubs)
	}
	if adv.Facts[0] != [3]string{"ent:SergeyLavrov", "kg:advised", "ent:VladimirPutin"} {
		t.Errorf("advised: %v", adv.Facts[0])
	}
	if adv.AttributedTo != "ent:ZamirKabulov" || !slices.Equal(adv.Via, []string{"ent:TASS"}) {
		t.Errorf("Kabulov told TASS: attributedTo %q via %v", adv.AttributedTo, adv.Via)
	}
	rec, ok := byPred["kg:recognizes"]
	if !ok || rec.AttributedTo != "ent:TASS" || rec.Facts[0] != [3]string{"ent:Russia", "kg:recognizes", "ent:Taliban"} {
		t.Errorf("according to TASS: %+v", rec)
	}
	if rec.Quote != "Russia recognized the Taliban" {
		t.Errorf("quote %q is not the smallest span", rec.Quote)
	}
}

// The draft loads as printed, and accepting every proposal is only moving
// it: the result compiles against the store.
func TestDraftLoadsAsPrintedAndAfterAccepting(t *testing.T) {
	text, err := os.ReadFile("../../seeds/russia-recognizes-taliban.txt")
	if err != nil {
		t.Fatal(err)
	}
	ents := seedEntities(t)
	d := draft.Make(string(text), draft.Options{TextPath: "article.txt", Entities: ents})
	read := func(string) ([]byte, error) { return text, nil }
	known := schema.Known{Entity: func(id string) (schema.KnownEntity, bool) {
		for _, e := range ents {
			if e.ID == id {
				return schema.KnownEntity{ID: id, Declarations: []schema.Declaration{{Document: "doc:seed", Type: e.Type, Label: e.Label}}}, true
			}
		}
		return schema.KnownEntity{}, false
	}}
	compile := func(y string) error {
		_, _, err := schema.CompileClaims(schema.Default(), "draft.claims.yaml", []byte(y), schema.CompileOptions{ReadFile: read, Known: known})
		return err
	}
	printed := d.YAML()
	if err := compile(printed); err != nil {
		t.Fatalf("the draft does not load as printed: %v\n%s", err, printed)
	}
	var doc map[string]any
	if err := yaml.Unmarshal([]byte(printed), &doc); err != nil {
		t.Fatal(err)
	}
	drafts := doc["drafts"].(map[string]any)
	doc["entities"], doc["claims"] = drafts["entities"], drafts["claims"]
	delete(doc, "drafts")
	accepted, err := yaml.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Stubs) < 10 {
		t.Fatalf("only %d stubs for the seed article", len(d.Stubs))
	}
	if err := compile(string(accepted)); err != nil {
		t.Fatalf("accepting every proposal does not compile: %v", err)
	}
}

// seedEntities reads the seed's entities as a store would list them.
func seedEntities(t *testing.T) []schema.Entity {
	t.Helper()
	data, err := os.ReadFile("../../seeds/russia-recognizes-taliban.claims.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var cf struct{ Entities []schema.Entity }
	if err := yaml.Unmarshal(data, &cf); err != nil {
		t.Fatal(err)
	}
	return cf.Entities
}

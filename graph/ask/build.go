package ask

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/schema"
)

// Build reads every quad of qs into a new snapshot. It returns ctx.Err()
// when ctx ends first.
func Build(ctx context.Context, qs cgraph.QuadStore) (*Snapshot, error) {
	b := &builder{sn: &Snapshot{
		ids: map[string]int32{}, aliases: map[int32][]string{}, grades: map[string]string{},
		predIdx: map[string]int32{}, claimIdx: map[string]int32{}, docs: map[string]*docRec{},
	}, evidence: map[string][]classified{}, schemaLabels: map[string]string{}}
	merged, err := readIdentity(ctx, qs)
	if err != nil {
		return nil, err
	}
	b.sn.merged = merged
	if err := b.read(ctx, qs); err != nil {
		return nil, err
	}
	b.records()
	remap := b.renumber()
	b.names(remap)
	b.predicates()
	b.facts(remap)
	sn := b.sn
	n := len(sn.keys)
	sn.outStart, sn.outFact = buildCSR(n, len(sn.facts), func(i int) int32 { return sn.facts[i].s })
	sn.inStart, sn.inFact = buildCSR(n, len(sn.facts), func(i int) int32 { return sn.facts[i].o })
	sn.litStart, _ = buildCSR(n, len(sn.lits), func(i int) int32 { return sn.lits[i].s })
	sn.names = newNameIndexRef(sn)
	return sn, nil
}

// builder is the state of one Build. Nodes are interned in first-seen
// order, then renumbered in key order so that answers do not depend on the
// backend's iteration order.
type builder struct {
	sn           *Snapshot
	raw          []rawFact
	attrs        []nodeAttr
	evidence     map[string][]classified // records by subject
	schemaLabels map[string]string       // predicate -> label from <graph:schema>
	influence    []string                // predicates <graph:schema> gives the influence role
	symmetric    []string                // predicates <graph:schema> declares symmetric
	single       []string                // predicates <graph:schema> declares single-valued
	opposites    [][2]string             // kg:opposite pairs of <graph:schema>
}

// rawFact is one fact quad before grouping: o is a node id, or -1 for a
// literal fact whose value is lit; claim is -1 when unlabelled.
type rawFact struct {
	s, p, o int32
	lit     string
	claim   int32
}

// nodeAttr is a type, label or alias of node n; merged when it was the
// name of an entity merged into n.
type nodeAttr struct {
	n         int32
	pred, val string
	merged    bool
}

func (b *builder) node(k string) int32 {
	sn := b.sn
	if id, ok := sn.ids[k]; ok {
		return id
	}
	id := int32(len(sn.keys))
	sn.ids[k] = id
	sn.keys = append(sn.keys, k)
	return id
}

func (b *builder) pred(k string) int32 {
	sn := b.sn
	if id, ok := sn.predIdx[k]; ok {
		return id
	}
	id := int32(len(sn.preds))
	sn.predIdx[k] = id
	sn.preds = append(sn.preds, k)
	return id
}

func (b *builder) claim(k string) int32 {
	sn := b.sn
	if id, ok := sn.claimIdx[k]; ok {
		return id
	}
	id := int32(len(sn.claims))
	sn.claimIdx[k] = id
	sn.claims = append(sn.claims, claimRec{id: k})
	return id
}

// read sorts every quad of qs (classify) into facts, names, records and
// vocabulary roles.
func (b *builder) read(ctx context.Context, qs cgraph.QuadStore) error {
	it := qs.QuadsAllIterator().Iterate()
	defer it.Close()
	for n := 0; it.Next(ctx); n++ {
		if n&0xfff == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		q, err := qs.Quad(it.Result())
		if err != nil {
			return fmt.Errorf("read quad: %w", err)
		}
		c := classify(q)
		var merged bool
		if c.kind >= kindEvidence && c.kind != kindSchema && c.kind != kindLog && c.kind != kindIdentity {
			merged = b.sn.canonicalize(&c)
		}
		switch c.kind {
		case kindEvidence:
			b.evidence[c.s] = append(b.evidence[c.s], c)
		case kindSchema:
			b.schemaQuad(c)
		case kindName:
			b.attrs = append(b.attrs, nodeAttr{b.node(c.s), c.nameFor, c.o, merged})
		case kindEntity:
			b.node(c.s)
		case kindGrade:
			if quad.IRI(c.p) == schema.Reliability {
				b.sn.grades[c.s] = c.o
			}
		case kindFact:
			s, cl := b.node(c.s), int32(-1)
			if c.label != "" {
				cl = b.claim(c.label)
			}
			if c.oNode {
				b.raw = append(b.raw, rawFact{s: s, p: b.pred(c.p), o: b.node(c.o), claim: cl})
			} else {
				b.raw = append(b.raw, rawFact{s: s, p: b.pred(c.p), o: -1, lit: c.o, claim: cl})
			}
		}
	}
	if err := it.Err(); err != nil {
		return fmt.Errorf("read quads: %w", err)
	}
	return nil
}

// schemaQuad notes what a vocabulary quad says about a predicate.
func (b *builder) schemaQuad(c classified) {
	switch quad.IRI(c.p) {
	case schema.RDFType:
		if !c.oNode {
			return
		}
		switch quad.IRI(c.o) {
		case schema.InfluencePredicate:
			b.influence = append(b.influence, c.s)
		case schema.SymmetricProperty:
			b.symmetric = append(b.symmetric, c.s)
		case schema.FunctionalProperty:
			b.single = append(b.single, c.s)
		}
	case schema.RDFSLabel:
		b.schemaLabels[c.s] = c.o
	case schema.OppositeOf:
		if c.oNode {
			b.opposites = append(b.opposites, [2]string{c.s, c.o})
		}
	}
}

// records reads the claim and document records of <graph:evidence>.
func (b *builder) records() {
	sn := b.sn
	for subj, cs := range b.evidence {
		if slices.ContainsFunc(cs, func(c classified) bool {
			return quad.IRI(c.p) == schema.RDFType && c.oNode && quad.IRI(c.o) == schema.DocumentClass
		}) {
			sn.docs[subj] = b.document(subj, cs)
			continue
		}
		r := &sn.claims[b.claim(subj)]
		r.hasRecord = true
		for _, c := range cs {
			switch quad.IRI(c.p) {
			case schema.Source:
				if c.oNode {
					r.doc = c.o
				}
			case schema.Quote:
				r.quote = c.o
			case schema.CharStart:
				r.start, _ = strconv.Atoi(c.o)
			case schema.CharEnd:
				r.end, _ = strconv.Atoi(c.o)
			case schema.Sentence:
				r.sentence, _ = strconv.Atoi(c.o)
			case schema.Confidence:
				r.confidence, _ = strconv.ParseFloat(c.o, 64)
			case schema.Credibility:
				r.credibility, _ = strconv.Atoi(c.o)
			case schema.ValidFrom:
				r.validFrom = c.o
			case schema.ValidTo:
				r.validTo = c.o
			case schema.AttributedTo:
				if c.oNode {
					r.attributedTo = c.o
					b.node(c.o)
				}
			case schema.Via:
				if c.oNode {
					r.via = append(r.via, c.o)
					b.node(c.o)
				}
			}
		}
		slices.Sort(r.via)
	}
	sn.provenance()
}

// document reads a document's record.
func (b *builder) document(id string, cs []classified) *docRec {
	d := &docRec{id: id}
	text := map[quad.IRI]*string{
		schema.Title: &d.title, schema.Text: &d.text, schema.Published: &d.published,
		schema.URL: &d.url, schema.Retrieved: &d.retrieved, schema.SHA256: &d.sha256,
		schema.NormalizedSHA256: &d.normSha256, schema.ClaimsFileName: &d.claimsFile,
	}
	for _, c := range cs {
		if field := text[quad.IRI(c.p)]; field != nil && !c.oNode {
			*field = c.o
		} else if quad.IRI(c.p) == schema.Publisher && c.oNode {
			d.publisher = c.o
			b.node(c.o)
		}
	}
	return d
}

// renumber gives nodes ids in key order and returns old id -> new id.
func (b *builder) renumber() []int32 {
	sn := b.sn
	order := make([]int32, len(sn.keys))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(x, y int32) int { return strings.Compare(sn.keys[x], sn.keys[y]) })
	remap := make([]int32, len(order))
	keys := make([]string, len(order))
	for newID, old := range order {
		remap[old] = int32(newID)
		keys[newID] = sn.keys[old]
		sn.ids[keys[newID]] = int32(newID)
	}
	sn.keys = keys
	return remap
}

// names sets each node's type (the least, when it has several), label
// (rdfs:label over <name>) and aliases. The names of an entity merged into
// a node come second: its label becomes an alias, its label and type
// count only when the node has none of its own.
func (b *builder) names(remap []int32) {
	sn := b.sn
	n := len(sn.keys)
	sn.label = make([]string, n)
	sn.typ = make([]string, n)
	slices.SortStableFunc(b.attrs, func(x, y nodeAttr) int {
		switch {
		case x.merged == y.merged:
			return 0
		case y.merged:
			return -1
		}
		return 1
	})
	typed := make([]bool, n) // typed by a name of its own
	for _, a := range b.attrs {
		id := remap[a.n]
		switch {
		case a.merged && typePreds[a.pred]:
			if !typed[id] && (sn.typ[id] == "" || a.val < sn.typ[id]) {
				sn.typ[id] = a.val
			}
		case a.merged && labelPreds[a.pred] && sn.label[id] == "":
			sn.label[id] = a.val // the node has no name of its own
		case a.merged:
			sn.aliases[id] = append(sn.aliases[id], a.val)
		case typePreds[a.pred]:
			typed[id] = true
			if sn.typ[id] == "" || a.val < sn.typ[id] {
				sn.typ[id] = a.val
			}
		case labelPreds[a.pred]:
			if sn.label[id] == "" || quad.IRI(a.pred) == schema.RDFSLabel {
				sn.label[id] = a.val
			}
		default:
			sn.aliases[id] = append(sn.aliases[id], a.val)
		}
	}
	for id, al := range sn.aliases {
		slices.Sort(al)
		sn.aliases[id] = slices.Compact(al)
	}
}

// predicates sets the predicates' labels and roles. The store's
// <graph:schema> wins; the default vocabulary fills in for stores loaded
// without it.
func (b *builder) predicates() {
	sn := b.sn
	voc := schema.Default()
	sn.predLabel = make([]string, len(sn.preds))
	sn.influence = make([]bool, len(sn.preds))
	sn.symmetric = make([]bool, len(sn.preds))
	sn.schemaLabels = b.schemaLabels
	sn.influenceRoles = map[string]bool{}
	sn.symmetricRoles = map[string]bool{}
	for _, p := range append(b.influence, voc.InfluencePredicates()...) {
		sn.influenceRoles[p] = true
	}
	for _, p := range append(b.symmetric, voc.SymmetricPredicates()...) {
		sn.symmetricRoles[p] = true
	}
	sn.singleValued = map[string]bool{}
	for _, p := range append(b.single, voc.SingleValuedPredicates()...) {
		sn.singleValued[p] = true
	}
	// Opposites hold both ways, whichever side declared them.
	sn.opposite = map[string]string{}
	for _, vp := range voc.Predicates {
		if vp.Opposite != "" {
			b.opposites = append(b.opposites, [2]string{vp.ID, vp.Opposite})
		}
	}
	for _, pair := range b.opposites {
		sn.opposite[pair[0]], sn.opposite[pair[1]] = pair[1], pair[0]
	}
	for i, p := range sn.preds {
		sn.influence[i] = sn.influenceRoles[p]
		sn.symmetric[i] = sn.symmetricRoles[p]
		sn.predLabel[i] = sn.predicateLabel(voc, p)
	}
}

// predicateLabel is what people call predicate p: its label in the
// store's <graph:schema>, else in voc (the default vocabulary), else its
// local name.
func (sn *Snapshot) predicateLabel(voc *schema.Vocabulary, p string) string {
	if l := sn.schemaLabels[p]; l != "" {
		return l
	}
	if vp, ok := voc.Predicate(p); ok && vp.Label != "" {
		return vp.Label
	}
	return localName(p)
}

// facts groups the raw quads by (subject, predicate, object) and collects
// each fact's claims, best confidence first.
func (b *builder) facts(remap []int32) {
	sn, raw := b.sn, b.raw
	for i := range raw {
		raw[i].s = remap[raw[i].s]
		if raw[i].o >= 0 {
			raw[i].o = remap[raw[i].o]
		}
	}
	slices.SortFunc(raw, func(x, y rawFact) int {
		if c := cmpI32(x.s, y.s); c != 0 {
			return c
		}
		if c := cmpI32(x.p, y.p); c != 0 {
			return c
		}
		if c := cmpI32(x.o, y.o); c != 0 {
			return c
		}
		if c := strings.Compare(x.lit, y.lit); c != 0 {
			return c
		}
		return cmpI32(x.claim, y.claim)
	})
	for i := 0; i < len(raw); {
		j := i
		c0 := int32(len(sn.claimList))
		unl := false
		for j < len(raw) && raw[j].s == raw[i].s && raw[j].p == raw[i].p && raw[j].o == raw[i].o && raw[j].lit == raw[i].lit {
			if raw[j].claim < 0 {
				unl = true
			} else if len(sn.claimList) == int(c0) || sn.claimList[len(sn.claimList)-1] != raw[j].claim {
				sn.claimList = append(sn.claimList, raw[j].claim)
			}
			j++
		}
		c1 := int32(len(sn.claimList))
		r := raw[i]
		if r.o >= 0 {
			sn.facts = append(sn.facts, fact{s: r.s, p: r.p, o: r.o, c0: c0, c1: c1, unlabelled: unl})
		} else {
			sn.lits = append(sn.lits, litFact{s: r.s, p: r.p, value: r.lit, c0: c0, c1: c1, unlabelled: unl})
		}
		i = j
	}
	for _, f := range sn.facts {
		sn.sortClaims(sn.claimList[f.c0:f.c1])
	}
	for _, f := range sn.lits {
		sn.sortClaims(sn.claimList[f.c0:f.c1])
	}
}

package graph

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/cayleygraph/quad"

	"github.com/quiver-kg/quiver/schema"
)

// snapshot is a read-only, compact copy of the graph built for the question
// layer: node ids interned to int32, the relations between nodes as
// forward and reverse compact adjacency arrays (CSR) whose entries are
// facts (one per distinct subject, predicate, object, with the claims that
// assert it), literal facts per subject, labels, aliases and types, and the
// claim and document records of <graph:evidence>. Breadth-first searches
// run over it without touching the QuadStore, which is what makes path and
// influence questions cheap (see PERFORMANCE.md). A snapshot is never
// modified once published; writes produce a new one in the background
// (snapcache.go), by a full rebuild or, for small additions, by an
// incremental copy (snapshot_update.go).
type snapshot struct {
	keys    []string // node id -> IRI without brackets, or "_:x" for blank nodes
	ids     map[string]int32
	label   []string // rdfs:label (or <name>) per node
	typ     []string // first rdf:type per node
	aliases map[int32][]string

	preds     []string // predicate id -> IRI
	predIdx   map[string]int32
	predLabel []string
	influence []bool
	symmetric []bool

	facts     []fact
	claimList []int32 // facts[i].claims index this
	outStart  []int32 // CSR: facts of node n as subject are outFact[outStart[n]:outStart[n+1]]
	outFact   []int32
	inStart   []int32 // CSR by object
	inFact    []int32

	lits     []litFact // sorted by subject
	litStart []int32

	claims   []claimRec // claim id -> record
	claimIdx map[string]int32
	docs     map[string]*docRec

	poolOnce    sync.Once
	scratchPool *sync.Pool // of *scratch, sized for this snapshot

	// Kept for incremental updates (snapshot_update.go).
	schemaLabels   map[string]string // predicate -> label from <graph:schema>
	influenceRoles map[string]bool   // predicates with the influence role
	symmetricRoles map[string]bool   // symmetric predicates

	// names is the label/alias index (nameindex.go), shared with the
	// snapshots derived from this one by incremental updates; extraNames
	// are the keys of nodes added since the index's snapshot.
	names      *nameIndexRef
	extraNames []string
}

// fact is one relation between two nodes with the claims asserting it.
type fact struct {
	s, p, o    int32
	c0, c1     int32 // claims are claimList[c0:c1]; empty for unlabelled quads
	unlabelled bool  // some quad of the fact has no label
}

// litFact is a fact whose object is a literal.
type litFact struct {
	s, p       int32
	value      string
	c0, c1     int32
	unlabelled bool
}

// claimRec is a claim's record from <graph:evidence>.
type claimRec struct {
	id                   string
	doc, quote           string
	start, end, sentence int
	confidence           float64
	validFrom, validTo   string
	attributedTo         string
	hasRecord            bool
}

// docRec is a document's record: title and text, sentence starts computed
// on first use.
type docRec struct {
	title, text string
	once        sync.Once
	runes       []rune
	starts      []int
}

// Predicates that name, type or alias a node rather than relate it.
var (
	labelPreds = map[string]bool{string(schema.RDFSLabel): true, "name": true}
	typePreds  = map[string]bool{string(schema.RDFType): true, "type": true}
)

type rawFact struct {
	s, p, o int32 // o is a node id, or -1 for literal facts
	lit     string
	claim   int32 // -1 when unlabelled
}

// lexical returns a literal as people read it: unlike schema's canonical
// lexical form, doubles print as 0.95, not 9.5E-01.
func lexical(v quad.Value) string {
	switch v := v.(type) {
	case quad.String:
		return string(v)
	case quad.TypedString:
		return string(v.Value)
	case quad.LangString:
		return string(v.Value)
	case quad.Int:
		return strconv.FormatInt(int64(v), 10)
	case quad.Float:
		return strconv.FormatFloat(float64(v), 'g', -1, 64)
	case quad.Bool:
		return strconv.FormatBool(bool(v))
	case quad.TypedStringer:
		return string(v.TypedString().Value)
	}
	if v == nil {
		return ""
	}
	return quad.StringOf(v)
}

func buildSnapshot(ctx context.Context, s *Store) (*snapshot, error) {
	qs := s.qs
	sn := &snapshot{
		ids: map[string]int32{}, aliases: map[int32][]string{},
		predIdx: map[string]int32{}, claimIdx: map[string]int32{}, docs: map[string]*docRec{},
	}
	// Nodes are interned in first-seen order, then renumbered in key order
	// so that answers do not depend on the backend's iteration order.
	var raw []rawFact
	type nodeAttr struct {
		n    int32
		pred string
		val  string
	}
	var attrs []nodeAttr
	var influencePreds, symmetricPreds []string
	node := func(k string) int32 {
		if id, ok := sn.ids[k]; ok {
			return id
		}
		id := int32(len(sn.keys))
		sn.ids[k] = id
		sn.keys = append(sn.keys, k)
		return id
	}
	pred := func(k string) int32 {
		if id, ok := sn.predIdx[k]; ok {
			return id
		}
		id := int32(len(sn.preds))
		sn.predIdx[k] = id
		sn.preds = append(sn.preds, k)
		return id
	}
	claim := func(k string) int32 {
		if id, ok := sn.claimIdx[k]; ok {
			return id
		}
		id := int32(len(sn.claims))
		sn.claimIdx[k] = id
		sn.claims = append(sn.claims, claimRec{id: k})
		return id
	}
	evidence := map[string][]quad.Quad{}
	schemaLabels := map[string]string{}
	it := qs.QuadsAllIterator().Iterate()
	defer it.Close()
	for n := 0; it.Next(ctx); n++ {
		if n&0xfff == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		q, err := qs.Quad(it.Result())
		if err != nil {
			return nil, fmt.Errorf("read quad: %w", err)
		}
		sk, ok := schema.NodeID(q.Subject)
		if !ok {
			continue
		}
		pk, ok := schema.NodeID(q.Predicate)
		if !ok {
			continue
		}
		label, _ := schema.NodeID(q.Label)
		switch quad.IRI(label) {
		case schema.GraphEvidence:
			evidence[sk] = append(evidence[sk], q)
			continue
		case schema.GraphSchema:
			if quad.IRI(pk) == schema.RDFType {
				switch q.Object {
				case schema.InfluencePredicate:
					influencePreds = append(influencePreds, sk)
				case schema.SymmetricProperty:
					symmetricPreds = append(symmetricPreds, sk)
				}
			}
			if quad.IRI(pk) == schema.RDFSLabel {
				schemaLabels[sk] = lexical(q.Object)
			}
			continue
		}
		s := node(sk)
		ok2 := false
		var ov string
		if ov, ok2 = schema.NodeID(q.Object); ok2 && typePreds[pk] {
			attrs = append(attrs, nodeAttr{s, pk, ov})
			continue
		}
		if !ok2 && (labelPreds[pk] || quad.IRI(pk) == schema.Alias) {
			attrs = append(attrs, nodeAttr{s, pk, lexical(q.Object)})
			continue
		}
		if quad.IRI(label) == schema.GraphEntities {
			continue
		}
		c := int32(-1)
		if label != "" {
			c = claim(label)
		}
		if ok2 {
			raw = append(raw, rawFact{s: s, p: pred(pk), o: node(ov), claim: c})
		} else {
			raw = append(raw, rawFact{s: s, p: pred(pk), o: -1, lit: lexical(q.Object), claim: c})
		}
	}
	if err := it.Err(); err != nil {
		return nil, fmt.Errorf("read quads: %w", err)
	}
	// Records of claims and documents.
	for subj, qq := range evidence {
		isDoc := false
		for _, q := range qq {
			if quad.IRI(mustKey(q.Predicate)) == schema.RDFType && q.Object == schema.DocumentClass {
				isDoc = true
			}
		}
		if isDoc {
			d := &docRec{}
			for _, q := range qq {
				switch quad.IRI(mustKey(q.Predicate)) {
				case schema.Title:
					d.title = lexical(q.Object)
				case schema.Text:
					d.text = lexical(q.Object)
				}
			}
			sn.docs[subj] = d
			continue
		}
		r := &sn.claims[claim(subj)]
		r.hasRecord = true
		for _, q := range qq {
			o := q.Object
			switch quad.IRI(mustKey(q.Predicate)) {
			case schema.Source:
				r.doc, _ = schema.NodeID(o)
			case schema.Quote:
				r.quote = lexical(o)
			case schema.CharStart:
				r.start, _ = strconv.Atoi(lexical(o))
			case schema.CharEnd:
				r.end, _ = strconv.Atoi(lexical(o))
			case schema.Sentence:
				r.sentence, _ = strconv.Atoi(lexical(o))
			case schema.Confidence:
				r.confidence, _ = strconv.ParseFloat(lexical(o), 64)
			case schema.ValidFrom:
				r.validFrom = lexical(o)
			case schema.ValidTo:
				r.validTo = lexical(o)
			case schema.AttributedTo:
				r.attributedTo, _ = schema.NodeID(o)
				if r.attributedTo != "" {
					node(r.attributedTo)
				}
			}
		}
	}
	// Renumber nodes in key order.
	order := make([]int32, len(sn.keys))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(sn.keys[a], sn.keys[b]) })
	remap := make([]int32, len(order))
	keys := make([]string, len(order))
	for newID, old := range order {
		remap[old] = int32(newID)
		keys[newID] = sn.keys[old]
		sn.ids[keys[newID]] = int32(newID)
	}
	sn.keys = keys
	n := len(keys)
	sn.label = make([]string, n)
	sn.typ = make([]string, n)
	for _, a := range attrs {
		id := remap[a.n]
		switch {
		case typePreds[a.pred]:
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
	// Predicates: labels and roles. The store's <graph:schema> wins; the
	// default vocabulary fills in for stores loaded without it.
	sn.predLabel = make([]string, len(sn.preds))
	sn.influence = make([]bool, len(sn.preds))
	sn.symmetric = make([]bool, len(sn.preds))
	voc := schema.Default()
	influencePreds = append(influencePreds, voc.InfluencePredicates()...)
	symmetricPreds = append(symmetricPreds, voc.SymmetricPredicates()...)
	sn.schemaLabels = schemaLabels
	sn.influenceRoles = map[string]bool{}
	sn.symmetricRoles = map[string]bool{}
	for _, p := range influencePreds {
		sn.influenceRoles[p] = true
	}
	for _, p := range symmetricPreds {
		sn.symmetricRoles[p] = true
	}
	for _, p := range influencePreds {
		if id, ok := sn.predIdx[p]; ok {
			sn.influence[id] = true
		}
	}
	for _, p := range symmetricPreds {
		if id, ok := sn.predIdx[p]; ok {
			sn.symmetric[id] = true
		}
	}
	for i, p := range sn.preds {
		if l := schemaLabels[p]; l != "" {
			sn.predLabel[i] = l
		} else if vp, ok := voc.Predicate(p); ok && vp.Label != "" {
			sn.predLabel[i] = vp.Label
		} else {
			sn.predLabel[i] = localName(p)
		}
	}
	// Facts: group raw quads by (s, p, o) and collect their claims.
	for i := range raw {
		raw[i].s = remap[raw[i].s]
		if raw[i].o >= 0 {
			raw[i].o = remap[raw[i].o]
		}
	}
	slices.SortFunc(raw, func(a, b rawFact) int {
		if c := cmpI32(a.s, b.s); c != 0 {
			return c
		}
		if c := cmpI32(a.p, b.p); c != 0 {
			return c
		}
		if c := cmpI32(a.o, b.o); c != 0 {
			return c
		}
		if c := strings.Compare(a.lit, b.lit); c != 0 {
			return c
		}
		return cmpI32(a.claim, b.claim)
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
	// Order each fact's claims best confidence first.
	for _, f := range sn.facts {
		sn.sortClaims(sn.claimList[f.c0:f.c1])
	}
	for _, f := range sn.lits {
		sn.sortClaims(sn.claimList[f.c0:f.c1])
	}
	sn.outStart, sn.outFact = buildCSR(n, len(sn.facts), func(i int) int32 { return sn.facts[i].s })
	sn.inStart, sn.inFact = buildCSR(n, len(sn.facts), func(i int) int32 { return sn.facts[i].o })
	sn.litStart, _ = buildCSR(n, len(sn.lits), func(i int) int32 { return sn.lits[i].s })
	sn.names = newNameIndexRef(sn)
	return sn, nil
}

func (sn *snapshot) sortClaims(cs []int32) {
	sort.SliceStable(cs, func(i, j int) bool {
		a, b := sn.claims[cs[i]], sn.claims[cs[j]]
		if a.confidence != b.confidence {
			return a.confidence > b.confidence
		}
		return a.id < b.id
	})
}

// buildCSR indexes m items by the node key(i) returns; items of one node
// keep their order.
func buildCSR(n, m int, key func(int) int32) (start, items []int32) {
	start = make([]int32, n+1)
	for i := 0; i < m; i++ {
		start[key(i)+1]++
	}
	for i := 0; i < n; i++ {
		start[i+1] += start[i]
	}
	items = make([]int32, m)
	next := slices.Clone(start[:n])
	for i := 0; i < m; i++ {
		k := key(i)
		items[next[k]] = int32(i)
		next[k]++
	}
	return start, items
}

func cmpI32(a, b int32) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func mustKey(v quad.Value) string {
	k, _ := schema.NodeID(v)
	return k
}

// localName is the part of an IRI after its prefix or last slash.
func localName(iri string) string {
	if i := strings.LastIndexAny(iri, ":/#"); i >= 0 && i+1 < len(iri) {
		return iri[i+1:]
	}
	return iri
}

// ref returns the NodeRef of node id.
func (sn *snapshot) ref(id int32) NodeRef {
	return NodeRef{ID: sn.keys[id], Label: sn.label[id], Type: sn.typ[id]}
}

// predRef returns the NodeRef of predicate id.
func (sn *snapshot) predRef(p int32) NodeRef {
	return NodeRef{ID: sn.preds[p], Label: sn.predLabel[p]}
}

// lookup finds a node by IRI, with or without angle brackets.
func (sn *snapshot) lookup(iri string) (int32, bool) {
	iri = trimIRI(iri)
	id, ok := sn.ids[iri]
	return id, ok
}

func trimIRI(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && s[0] == '<' && s[len(s)-1] == '>' {
		return s[1 : len(s)-1]
	}
	return s
}

// claims returns the claim ids of a fact.
func (sn *snapshot) factClaims(f *fact) []int32 { return sn.claimList[f.c0:f.c1] }

// explainSnapshot guards a question against a closed store and returns the
// snapshot to answer it from; done must be called when the answer is built.
func (s *Store) explainSnapshot(ctx context.Context) (*snapshot, func(), error) {
	done, err := s.use()
	if err != nil {
		return nil, nil, err
	}
	sn, err := s.snapshot(ctx)
	if err != nil {
		done()
		return nil, nil, err
	}
	return sn, done, nil
}

package ask

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/cayleygraph/quad"
)

// Snapshot is a read-only, compact copy of the graph built for the question
// layer: node ids interned to int32, the relations between nodes as
// forward and reverse compact adjacency arrays (CSR) whose entries are
// facts (one per distinct subject, predicate, object, with the claims that
// assert it), literal facts per subject, labels, aliases and types, and the
// claim and document records of <graph:evidence>. Breadth-first searches
// run over it without touching the QuadStore, which is what makes path and
// influence questions cheap: a breadth-first search over adjacency arrays
// visits hundreds of thousands of nodes in milliseconds. A snapshot is
// never modified once published; writes produce a new one in the
// background (Cache), by a full rebuild (Build) or, for small additions,
// by an incremental copy (update.go). Its methods answer the questions.
type Snapshot struct {
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

	claimFactsOnce sync.Once
	claimFacts     [][]int32 // claim -> the facts it asserts (facts.go)

	// Kept for incremental updates (update.go).
	schemaLabels   map[string]string // predicate -> label from <graph:schema>
	influenceRoles map[string]bool   // predicates with the influence role
	symmetricRoles map[string]bool   // symmetric predicates
	singleValued   map[string]bool   // single-valued predicates (conflicts.go)
	opposite       map[string]string // predicate -> its declared opposite, both ways

	// merged maps each entity merged into another to the one it stands
	// for (identity.go).
	merged map[string]string

	// grades maps each graded source to its reliability, A to F
	// (grading.go); credibility is computed per claim on first use.
	grades    map[string]string
	credOnce  sync.Once
	computedC []credibility

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
	via                  []string // sorted: the store keeps no order between kg:via quads
	informant            string   // see provenance.go; "" until computed
	credibility          int      // the analyst's, 1 to 6; 0 when not given
	hasRecord            bool
}

// docRec is a document's record: title, text and citation, sentence
// starts computed on first use.
type docRec struct {
	id, title, text    string
	published, url     string
	retrieved          string
	publisher          string // entity IRI, "" when none
	sha256, normSha256 string
	claimsFile         string
	origin             string // the document standing for its republications (provenance.go)
	once               sync.Once
	runes              []rune
	starts             []int
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

func (sn *Snapshot) sortClaims(cs []int32) {
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

// localName is the part of an IRI after its prefix or last slash.
func localName(iri string) string {
	if i := strings.LastIndexAny(iri, ":/#"); i >= 0 && i+1 < len(iri) {
		return iri[i+1:]
	}
	return iri
}

// ref returns the NodeRef of node id.
func (sn *Snapshot) ref(id int32) NodeRef {
	return NodeRef{ID: sn.keys[id], Label: sn.label[id], Type: sn.typ[id]}
}

// predRef returns the NodeRef of predicate id.
func (sn *Snapshot) predRef(p int32) NodeRef {
	return NodeRef{ID: sn.preds[p], Label: sn.predLabel[p]}
}

// lookup finds a node by IRI, with or without angle brackets.
func (sn *Snapshot) lookup(iri string) (int32, bool) {
	iri = sn.canonical(trimIRI(iri))
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
func (sn *Snapshot) factClaims(f *fact) []int32 { return sn.claimList[f.c0:f.c1] }

package ask

import (
	"context"
	"slices"
	"strings"
)

// DefaultSearchLimit is the number of hits Search returns when limit <= 0.
const DefaultSearchLimit = 10

var apostrophes = strings.NewReplacer("’", "'", "‘", "'")

// normName folds case and typographic apostrophes for matching.
func normName(s string) string {
	return strings.ToLower(apostrophes.Replace(strings.TrimSpace(s)))
}

// searchable reports whether a node is worth returning: predicates,
// classes and other vocabulary terms (no edges, properties nor label) are not.
func (sn *Snapshot) searchable(id int32) bool {
	return sn.outStart[id] != sn.outStart[id+1] || sn.inStart[id] != sn.inStart[id+1] ||
		sn.litStart[id] != sn.litStart[id+1] || sn.label[id] != ""
}

// scoreNode scores node id against q: the best of its label, aliases and
// local name, the first of them on ties. ok is false when none matches.
func (sn *Snapshot) scoreNode(q string, maxDist int, id int32) (hit SearchHit, ok bool) {
	consider := func(name string, weight float64) {
		sc := nameScore(q, normName(name), maxDist) * weight
		if sc > 0 && (!ok || sc > hit.Score) {
			hit.Score, hit.Matched, ok = sc, name, true
		}
	}
	if l := sn.label[id]; l != "" {
		consider(l, 1)
	}
	for _, a := range sn.aliases[id] {
		consider(a, 1)
	}
	consider(localName(sn.keys[id]), 0.95)
	if ok {
		hit.Node = sn.ref(id)
	}
	return hit, ok
}

// Scores of the match tiers (see nameScore): every exact, prefix and
// word-prefix match (at least 0.8 * 0.95) outranks every substring (at
// most 0.7), which outranks every fuzzy match (below 0.6).
const minPrefixScore = 0.8 * 0.95

// Search finds nodes by label, alias or the local part of their IRI,
// case-insensitively: exact matches score 1, then prefixes (0.9), word
// prefixes (0.8), substrings (0.7) and fuzzy matches within an edit
// distance of about a quarter of the text's length (below 0.6). Hits come
// best first, ties by shorter name, then IRI. It returns ErrClosed after
// Close and ctx.Err() when cancelled.
func (sn *Snapshot) Search(ctx context.Context, text string, limit int) ([]SearchHit, error) {
	if limit <= 0 {
		limit = DefaultSearchLimit
	}
	q := normName(trimIRI(text))
	if q == "" {
		return []SearchHit{}, nil
	}
	qLen := len([]rune(q))
	maxDist := max(1, qLen/4)
	idx := sn.nameIndex()
	seen := map[int32]bool{}
	var hits []SearchHit
	score := func(id int32) {
		if seen[id] {
			return
		}
		seen[id] = true
		if !sn.searchable(id) {
			return
		}
		if h, ok := sn.scoreNode(q, maxDist, id); ok {
			hits = append(hits, h)
		}
	}
	node := func(rec int32) int32 { return sn.ids[idx.nodes[idx.recs[rec].node]] }
	// Nodes added since the index was built: few, scored outright.
	for _, k := range sn.extraNames {
		score(sn.ids[k])
	}
	// Exact, prefix and word-prefix matches.
	idx.prefixed(q, func(rec int32) { score(node(rec)) })
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	strong := 0
	for _, h := range hits {
		if h.Score >= minPrefixScore {
			strong++
		}
	}
	if strong < limit {
		// Substring and fuzzy matches: the names sharing enough of the
		// query's bigrams, or every name when the query is too short to
		// bound them.
		if need := qLen - 1 - 2*maxDist; need >= 1 {
			idx.sharing(q, need, func(rec int32) { score(node(rec)) })
		} else {
			for i := range sn.keys {
				if i&0xfff == 0 {
					if err := ctx.Err(); err != nil {
						return nil, err
					}
				}
				score(int32(i))
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(hits, compareHits)
	if len(hits) > limit {
		hits = hits[:limit]
	}
	if hits == nil {
		hits = []SearchHit{}
	}
	return hits, nil
}

// compareHits orders search hits best first: by score, then shorter
// matched name, then IRI.
func compareHits(a, b SearchHit) int {
	switch {
	case a.Score > b.Score:
		return -1
	case a.Score < b.Score:
		return 1
	}
	if d := len(a.Matched) - len(b.Matched); d != 0 {
		return d
	}
	return strings.Compare(a.Node.ID, b.Node.ID)
}

// nameScore scores how well the normalised query q matches the
// normalised name n: see Search.
func nameScore(q, n string, maxDist int) float64 {
	switch {
	case n == "":
		return 0
	case q == n:
		return 1
	case strings.HasPrefix(n, q):
		return 0.9
	case strings.Contains(n, " "+q):
		return 0.8
	case strings.Contains(n, q):
		return 0.7
	}
	// Fuzzy: the query against the whole name, each word, and each name
	// prefix of the query's length (so "lavrof" finds "lavrov").
	qr := []rune(q)
	best := maxDist + 1
	try := func(cand string) {
		if d := editDistance(qr, []rune(cand), best); d < best {
			best = d
		}
	}
	try(n)
	for _, w := range strings.Fields(n) {
		try(w)
	}
	if nr := []rune(n); len(nr) > len(qr) {
		try(string(nr[:len(qr)]))
	}
	if best > maxDist {
		return 0
	}
	return 0.6 * (1 - float64(best)/float64(len(qr)+1))
}

// editDistance is the Levenshtein distance of a and b, or a value >= bound
// as soon as it is known to reach bound.
func editDistance(a, b []rune, bound int) int {
	if d := len(a) - len(b); d >= bound || -d >= bound {
		return bound
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin >= bound {
			return bound
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

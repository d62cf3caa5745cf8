package ask

import "strings"

// claimFilter is what the question options say about claims: which
// predicates may be walked and which claims count.
type claimFilter struct {
	preds    []bool // nil: every predicate
	minConf  float64
	sources  map[string]bool
	asOf     string
	minGrade Grade
	ok       []bool // per claim, when any claim condition is set
}

func (sn *Snapshot) newFilter(preds []string, minConf float64, sources []string, asOf string, minGrade Grade) *claimFilter {
	f := &claimFilter{minConf: minConf, asOf: strings.TrimSpace(asOf), minGrade: minGrade}
	if len(preds) > 0 {
		f.preds = make([]bool, len(sn.preds))
		for _, p := range preds {
			if id, ok := sn.predIdx[trimIRI(p)]; ok {
				f.preds[id] = true
			}
		}
	}
	if len(sources) > 0 {
		f.sources = map[string]bool{}
		for _, s := range sources {
			f.sources[trimIRI(s)] = true
		}
	}
	if f.claimConditions() {
		f.ok = make([]bool, len(sn.claims))
		for i := range sn.claims {
			f.ok[i] = f.claimOK(sn, &sn.claims[i])
		}
	}
	return f
}

// claimConditions reports whether any condition on claims is set.
func (f *claimFilter) claimConditions() bool {
	return f.minConf > 0 || f.sources != nil || f.asOf != "" || f.minGrade != Grade{}
}

// active reports whether the filter can drop anything.
func (f *claimFilter) active() bool { return f.preds != nil || f.claimConditions() }

func (f *claimFilter) claimOK(sn *Snapshot, c *claimRec) bool {
	if f.minConf > 0 && c.confidence < f.minConf {
		return false
	}
	if f.sources != nil && !sn.comesFrom(c, f.sources) {
		return false
	}
	if f.asOf != "" && !validAt(c.validFrom, c.validTo, f.asOf) {
		return false
	}
	if f.minGrade != (Grade{}) && !sn.passesGrade(f.minGrade, sn.claimIdx[c.id]) {
		return false
	}
	return true
}

// validAt reports whether [from, to] contains date. Dates are ISO-8601
// prefixes compared on their common prefix, so "2022" is within "2022-02"
// to "2022-03" and a missing bound is open.
func validAt(from, to, date string) bool {
	return (from == "" || cmpDate(from, date) <= 0) && (to == "" || cmpDate(date, to) <= 0)
}

// cmpDate compares two ISO-8601 date prefixes on their common prefix.
func cmpDate(a, b string) int {
	n := min(len(a), len(b))
	return strings.Compare(a[:n], b[:n])
}

// factOK reports whether a fact of predicate p with claims cs (and
// unlabelled quads when unl) passes the filter.
func (f *claimFilter) factOK(p int32, cs []int32, unl bool) bool {
	if f.preds != nil && !f.preds[p] {
		return false
	}
	if f.ok == nil {
		return true
	}
	for _, c := range cs {
		if f.ok[c] {
			return true
		}
	}
	// A fact nobody claimed has no confidence or source; only an as-of
	// filter lets it through (it holds always).
	return unl && f.minConf == 0 && f.sources == nil && f.minGrade == (Grade{})
}

// claimPasses reports whether claim c counts under the filter.
func (f *claimFilter) claimPasses(c int32) bool { return f.ok == nil || f.ok[c] }

// unevidencedConfidence is the confidence a step with no claim counts in
// scores: such a fact is in the graph, but nothing says how sure it is.
const unevidencedConfidence = 0.5

// bestConfidence is the highest confidence of the claims of a fact that
// pass f; claims are sorted best first.
func (sn *Snapshot) bestConfidence(f *claimFilter, cs []int32) float64 {
	for _, c := range cs {
		if f.claimPasses(c) {
			if conf := sn.claims[c].confidence; conf > 0 {
				return conf
			}
			return unevidencedConfidence
		}
	}
	return unevidencedConfidence
}

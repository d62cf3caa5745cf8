package ask

import "github.com/quiver-kg/quiver/schema"

// Provenance: whom a claim counts as coming from, so that "independent
// sources" counts what is really independent (docs/claims-format.md).
//
//   - A claim's informant is the first asserter of its statement: its
//     attributedTo (Kabulov, not the agency he spoke to, nor the outlet
//     that cited the agency: they are its via), else the publisher of its
//     document, else the document itself.
//   - Documents with the same normalized text (kg:normalizedSha256, else
//     kg:sha256) are republications of one text. Each stands for the
//     earliest published of them (then the least IRI), its origin, whose
//     publisher (or, without one, the origin itself) is the informant of
//     their claims in their own voice: a republication adds no source.
//   - The independent sources of a fact, or of one step of a path, are the
//     distinct informants of its claims (those passing the question's
//     filters).

// provenance sets each document's origin and each claim's informant. It
// runs once per build, after every record is read.
func (sn *Snapshot) provenance() {
	groups := map[string][]*docRec{}
	for _, d := range sn.docs {
		switch {
		case d.normSha256 != "":
			groups["n:"+d.normSha256] = append(groups["n:"+d.normSha256], d)
		case d.sha256 != "":
			groups["s:"+d.sha256] = append(groups["s:"+d.sha256], d)
		default:
			d.origin = d.id
		}
	}
	for _, g := range groups {
		origin := g[0]
		for _, d := range g[1:] {
			if earlierDocument(d, origin) {
				origin = d
			}
		}
		for _, d := range g {
			d.origin = origin.id
		}
	}
	for i := range sn.claims {
		r := &sn.claims[i]
		r.informant = sn.findInformant(r)
	}
}

// earlierDocument reports whether a was published before b: a dated
// document before an undated one, then by date, then by IRI.
func earlierDocument(a, b *docRec) bool {
	switch {
	case a.published != "" && b.published == "":
		return true
	case a.published == "" && b.published != "":
		return false
	case a.published != b.published:
		return a.published < b.published
	}
	return a.id < b.id
}

// findInformant computes the informant of claim r (see above). A claim
// without a document record counts as its document, or as itself.
func (sn *Snapshot) findInformant(r *claimRec) string {
	if r.attributedTo != "" {
		return r.attributedTo
	}
	d := sn.docs[r.doc]
	if d == nil {
		if r.doc != "" {
			return r.doc
		}
		return r.id
	}
	if o := sn.docs[d.origin]; o != nil {
		d = o
	}
	if d.publisher != "" {
		return d.publisher
	}
	return d.id
}

// informant returns claim c's informant. Claims added by an incremental
// update without their record have none computed: they count as their
// document, or as themselves.
func (sn *Snapshot) informant(c int32) string {
	r := &sn.claims[c]
	if r.informant != "" {
		return r.informant
	}
	return sn.findInformant(r)
}

// sources counts the distinct informants of the claims cs that pass f
// (nil: all).
func (sn *Snapshot) sources(f *claimFilter, cs []int32) int {
	var seen []string // few claims per fact: a slice beats a map
	for _, c := range cs {
		if f != nil && !f.claimPasses(c) {
			continue
		}
		inf := sn.informant(c)
		found := false
		for _, s := range seen {
			if s == inf {
				found = true
				break
			}
		}
		if !found {
			seen = append(seen, inf)
		}
	}
	return len(seen)
}

// comesFrom reports whether claim r comes from one of srcs: its document
// (or the document its text was first published as), that document's
// publisher, its informant, attributedTo or an entity of its via.
func (sn *Snapshot) comesFrom(r *claimRec, srcs map[string]bool) bool {
	if srcs[r.doc] || srcs[r.attributedTo] || srcs[r.informant] {
		return true
	}
	for _, v := range r.via {
		if srcs[v] {
			return true
		}
	}
	if d := sn.docs[r.doc]; d != nil {
		if srcs[d.publisher] || srcs[d.origin] {
			return true
		}
		if o := sn.docs[d.origin]; o != nil && srcs[o.publisher] {
			return true
		}
	}
	return false
}

// sourceRef names a source for people: an entity by its label, a document
// by its title.
func (sn *Snapshot) sourceRef(iri string) NodeRef {
	if id, ok := sn.ids[iri]; ok {
		return sn.ref(id)
	}
	if d := sn.docs[iri]; d != nil {
		return NodeRef{ID: iri, Label: d.title, Type: string(schema.DocumentClass)}
	}
	return NodeRef{ID: iri}
}

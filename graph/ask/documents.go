package ask

import (
	"context"
	"fmt"
	"slices"
)

// Documents describes every document of the snapshot, earliest published
// first (undated ones last), then by IRI. The change log fields (Loaded,
// LoadedBy, Updated) are left to the caller: the snapshot does not read
// the log.
func (sn *Snapshot) Documents() []DocumentInfo {
	claims, facts := map[string]int{}, map[string]int{}
	idx := sn.claimFactIndex()
	for c := range sn.claims {
		r := &sn.claims[c]
		if r.hasRecord {
			claims[r.doc]++
			facts[r.doc] += len(idx[c])
		}
	}
	docs := make([]*docRec, 0, len(sn.docs))
	for _, d := range sn.docs {
		docs = append(docs, d)
	}
	slices.SortFunc(docs, func(a, b *docRec) int {
		if earlierDocument(a, b) {
			return -1
		}
		return 1
	})
	out := make([]DocumentInfo, 0, len(docs))
	for _, d := range docs {
		out = append(out, sn.documentInfo(d, claims[d.id], facts[d.id]))
	}
	return out
}

func (sn *Snapshot) documentInfo(d *docRec, claims, facts int) DocumentInfo {
	info := DocumentInfo{
		ID: d.id, Title: d.title, Published: d.published, URL: d.url, Retrieved: d.retrieved,
		ClaimsFile: d.claimsFile, SHA256: d.sha256, NormalizedSHA256: d.normSha256,
		Claims: claims, Facts: facts,
	}
	if d.publisher != "" {
		ref := sn.sourceRef(d.publisher)
		info.Publisher = &ref
	}
	if d.origin != "" && d.origin != d.id {
		info.RepublicationOf = d.origin
	}
	return info
}

// Document returns one document to read: its description, its text and
// its claims in text order with their facts. id is the document's IRI.
//
// Errors: ErrNotFound (wrapped) when the store holds no such document.
func (sn *Snapshot) Document(ctx context.Context, id string) (*DocumentDetails, error) {
	d := sn.docs[trimIRI(id)]
	if d == nil {
		return nil, fmt.Errorf("document %s: %w", id, ErrNotFound)
	}
	var cs []int32
	facts := 0
	for c := range sn.claims {
		if r := &sn.claims[c]; r.hasRecord && r.doc == d.id {
			cs = append(cs, int32(c))
		}
	}
	claims := make([]Evidence, 0, len(cs))
	for _, c := range cs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		e := sn.claimEvidence(c)
		e.Facts = sn.claimFactRefs(c)
		facts += len(e.Facts)
		claims = append(claims, e)
	}
	slices.SortStableFunc(claims, compareByPosition)
	return &DocumentDetails{Document: sn.documentInfo(d, len(cs), facts), Text: d.text, Claims: claims}, nil
}

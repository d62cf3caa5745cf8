package ask

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// datePredicate dates an event: <kg:date>.
const datePredicate = "kg:date"

// Timeline lists what the graph dates, in date order: every event with a
// kg:date (one entry per date, with the claims giving it) and every claim
// with a validFrom that no event entry already covers (the facts it
// asserts, from that date). opts.After and opts.Before bound the dates
// (inclusive, compared on the common ISO-8601 prefix, so "2022" matches
// "2022-02"); opts.Node keeps entries whose event or facts mention that
// node. Dates the sources do not give are not invented, so undated events
// are absent.
//
// Errors: ErrNotFound (wrapped) for an unknown opts.Node, ErrClosed,
// ctx.Err().
func (sn *Snapshot) Timeline(ctx context.Context, opts TimelineOptions) ([]TimelineEntry, error) {
	minGrade, err := ParseGrade(opts.MinGrade)
	if err != nil {
		return nil, fmt.Errorf("timeline: %w", err)
	}
	entries, err := sn.timeline(ctx, opts)
	if err != nil || minGrade == (Grade{}) {
		return entries, err
	}
	// A minimum grade keeps the evidence that meets it, and the entries
	// left with some.
	out := entries[:0]
	for _, e := range entries {
		var cs []int32
		e.Evidence = slices.DeleteFunc(e.Evidence, func(ev Evidence) bool {
			c, ok := sn.claimIdx[ev.Claim]
			if ok && sn.passesGrade(minGrade, c) {
				cs = append(cs, c)
				return false
			}
			return true
		})
		if len(e.Evidence) > 0 {
			e.Sources = sn.sources(nil, cs)
			out = append(out, e)
		}
	}
	return out, nil
}

func (sn *Snapshot) timeline(ctx context.Context, opts TimelineOptions) ([]TimelineEntry, error) {
	focus := int32(-1)
	if opts.Node != "" {
		ref, err := sn.Resolve(ctx, opts.Node)
		if err != nil {
			return nil, fmt.Errorf("timeline: %w", err)
		}
		focus = sn.ids[ref.ID]
	}
	keep := func(date string) bool {
		return (opts.After == "" || cmpDate(date, opts.After) >= 0) && (opts.Before == "" || cmpDate(date, opts.Before) <= 0)
	}
	// mentions reports whether node n is focus or one edge from it.
	mentions := func(n int32) bool {
		if focus < 0 || n == focus {
			return true
		}
		for _, fi := range sn.outFact[sn.outStart[n]:sn.outStart[n+1]] {
			if sn.facts[fi].o == focus {
				return true
			}
		}
		for _, fi := range sn.inFact[sn.inStart[n]:sn.inStart[n+1]] {
			if sn.facts[fi].s == focus {
				return true
			}
		}
		return false
	}
	entries := []TimelineEntry{}
	dated := map[[2]string]bool{} // (claim, date) pairs already shown on an event
	datePred, hasDates := sn.predIdx[datePredicate]
	for i := range sn.lits {
		if i&0xfff == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		l := &sn.lits[i]
		if !hasDates || l.p != datePred {
			continue
		}
		cs := sn.claimList[l.c0:l.c1]
		for _, c := range cs {
			dated[[2]string{sn.claims[c].id, l.value}] = true
		}
		if !keep(l.value) || !mentions(l.s) {
			continue
		}
		entries = append(entries, TimelineEntry{
			Date: l.value, Node: sn.ref(l.s), Predicate: datePredicate,
			Evidence: sn.evidence(nil, cs), Sources: sn.sources(nil, cs),
		})
	}
	// Claims with validFrom: collect their facts in one pass.
	facts := map[int32][]string{}
	subjects := map[int32]int32{}
	touches := map[int32]bool{}
	note := func(c, s int32, text string, o int32) {
		facts[c] = append(facts[c], text)
		if _, ok := subjects[c]; !ok {
			subjects[c] = s
		}
		if focus >= 0 && (s == focus || o == focus) {
			touches[c] = true
		}
	}
	for i := range sn.claims {
		if r := &sn.claims[i]; r.validFrom != "" && !dated[[2]string{r.id, r.validFrom}] && keep(r.validFrom) {
			facts[int32(i)] = nil
		}
	}
	if len(facts) > 0 {
		for fi := range sn.facts {
			ft := &sn.facts[fi]
			for _, c := range sn.claimList[ft.c0:ft.c1] {
				if _, ok := facts[c]; ok {
					note(c, ft.s, sn.ref(ft.s).Name()+" "+sn.predLabel[ft.p]+" "+sn.ref(ft.o).Name(), ft.o)
				}
			}
		}
		for li := range sn.lits {
			l := &sn.lits[li]
			for _, c := range sn.claimList[l.c0:l.c1] {
				if _, ok := facts[c]; ok {
					note(c, l.s, sn.ref(l.s).Name()+" "+sn.predLabel[l.p]+" "+l.value, -1)
				}
			}
		}
	}
	for c, fs := range facts {
		subj, ok := subjects[c]
		if !ok || focus >= 0 && !touches[c] {
			continue
		}
		entries = append(entries, TimelineEntry{
			Date: sn.claims[c].validFrom, Node: sn.ref(subj), Predicate: "kg:validFrom",
			Facts: fs, Evidence: []Evidence{sn.claimEvidence(c)}, Sources: 1,
		})
	}
	slices.SortStableFunc(entries, func(a, b TimelineEntry) int {
		if c := strings.Compare(a.Date, b.Date); c != 0 {
			return c
		}
		if c := strings.Compare(a.Node.ID, b.Node.ID); c != 0 {
			return c
		}
		if c := strings.Compare(a.Predicate, b.Predicate); c != 0 {
			return c
		}
		return strings.Compare(firstClaim(a.Evidence), firstClaim(b.Evidence))
	})
	return entries, nil
}

func firstClaim(es []Evidence) string {
	if len(es) == 0 {
		return ""
	}
	return es[0].Claim
}

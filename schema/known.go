package schema

import (
	"fmt"
	"slices"
	"strings"
)

// Known is what a claims file is checked against besides the vocabulary:
// what a store already holds. The zero value knows nothing (an empty
// store), which is how a file is validated on its own.
//
// The identity rules it enforces (docs/claims-format.md):
//   - a claim id belongs to one document: reusing another document's claim
//     id is an error naming both;
//   - a file may use entities the store knows without declaring them;
//   - redeclaring a known entity with the same type and label is fine, and
//     may add aliases; another label or type is an error showing both
//     declarations (merging entities is the way to change identity).
type Known struct {
	// Entity returns what the store knows of node id: one Declaration per
	// document that declared it, and one with an empty Document for what
	// was written otherwise (raw quads). ok is false for an unknown node.
	Entity func(id string) (e KnownEntity, ok bool)
	// ClaimDocument returns the document a claim id belongs to in the
	// store, and false when the store has no such claim.
	ClaimDocument func(claim string) (document string, ok bool)
	// DocumentFile returns the claims file a stored document was compiled
	// from (its kg:claimsFile), "" when unknown; errors name it beside the
	// document. Nil: documents are named by id only.
	DocumentFile func(document string) string
	// Names lists the store's entity ids with their labels and aliases, to
	// suggest an id for a name written where an id belongs ("attributedTo:
	// TASS"). Nil: no suggestions from the store.
	Names func() map[string][]string
}

// KnownEntity is what a store knows of one entity.
type KnownEntity struct {
	ID           string
	Declarations []Declaration
}

// Declaration is the type, label and aliases one document (or, with an
// empty Document, the store's raw quads) gives an entity.
type Declaration struct {
	Document string
	Type     string
	Label    string
	Aliases  []string
}

// without returns e's declarations other than those of document doc: a
// file that replaces doc is checked against the rest of the store.
func (e KnownEntity) without(doc string) []Declaration {
	return slices.DeleteFunc(slices.Clone(e.Declarations), func(d Declaration) bool { return d.Document == doc && doc != "" })
}

// types returns the distinct types of ds.
func types(ds []Declaration) []string {
	var out []string
	for _, d := range ds {
		if d.Type != "" && !slices.Contains(out, d.Type) {
			out = append(out, d.Type)
		}
	}
	return out
}

// conflict returns how declaring e (type, label) contradicts ds, or "".
func conflict(e Entity, ds []Declaration) string {
	for _, d := range ds {
		where := "the store"
		if d.Document != "" {
			where = d.Document
		}
		switch {
		case d.Type != "" && e.Type != "" && d.Type != e.Type:
			return fmt.Sprintf("%s is declared here as a %s, but %s declares it a %s", e.ID, e.Type, where, d.Type)
		case d.Label != "" && e.Label != "" && d.Label != e.Label:
			return fmt.Sprintf("%s is declared here with the label %q, but %s gives it the label %q", e.ID, e.Label, where, d.Label)
		}
	}
	return ""
}

// nameMatch returns the id of the entity whose label or alias is name
// (case-insensitively), or "".
func nameMatch(names map[string][]string, name string) string {
	var ids []string
	for id, ns := range names {
		for _, n := range ns {
			if strings.EqualFold(n, name) {
				ids = append(ids, id)
				break
			}
		}
	}
	slices.Sort(ids)
	if len(ids) == 0 {
		return ""
	}
	return ids[0]
}

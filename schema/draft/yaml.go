package draft

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// YAML renders the draft as a claims file that loads as printed: the
// document, no entities and no claims. The sentences (numbered, with
// offsets and the known entities each mentions) are comments; the
// proposals are under `drafts`, which the claims compiler ignores, each
// entry written with the keys of `entities` or `claims` and its reason in
// a comment above it, so that moving it under `entities` or `claims` is
// the whole edit. Known entities need no declaration.
func (d *Draft) YAML() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Draft claims file for %s, made by quiver draft from %s.\n", q(d.Title), d.TextPath)
	b.WriteString("# It loads as printed: the document, with no claims yet. The proposals are\n")
	b.WriteString("# under `drafts`, which the compiler ignores: review each, move it under\n")
	b.WriteString("# `entities` or `claims`, and load the file again (the document is replaced).\n")
	b.WriteString("# Entities the store knows need no declaration.\n#\n")
	b.WriteString("# Sentences: index [start, end) text, then the known entities mentioned.\n")
	for _, s := range d.Sentences {
		fmt.Fprintf(&b, "#   %d [%d, %d) %s\n", s.Index, s.Start, s.End, s.Text)
		var names []string
		for _, m := range d.Mentions {
			if m.Sentence == s.Index {
				names = append(names, fmt.Sprintf("%s (%s)", m.Text, m.Entity))
			}
		}
		if len(names) > 0 {
			fmt.Fprintf(&b, "#      mentions: %s\n", strings.Join(names, ", "))
		}
	}
	fmt.Fprintf(&b, "document:\n  id: %s\n  title: %s\n  text: %s\n", d.ID, q(d.Title), q(d.TextPath))
	b.WriteString("entities: []\nclaims: []\ndrafts:\n  entities:")
	if len(d.Candidates) == 0 {
		b.WriteString(" []\n")
	} else {
		b.WriteString("\n")
	}
	for _, c := range d.Candidates {
		fmt.Fprintf(&b, "    # new entity? type guessed from %s; first in sentence %d\n", c.Why, c.Mentions[0].Sentence)
		fmt.Fprintf(&b, "    - id: %s\n      type: %s\n      label: %s\n", c.ID, c.Type, q(c.Label))
	}
	b.WriteString("  claims:")
	if len(d.Stubs) == 0 {
		b.WriteString(" []\n")
	} else {
		b.WriteString("\n")
	}
	for _, st := range d.Stubs {
		fmt.Fprintf(&b, "    # sentence %d: %s\n", st.Sentence, st.Why)
		fmt.Fprintf(&b, "    - id: %s\n      quote: %s\n", st.ID, q(st.Quote))
		if st.Occurrence > 0 {
			fmt.Fprintf(&b, "      occurrence: %d\n", st.Occurrence)
		}
		fmt.Fprintf(&b, "      confidence: %g\n", st.Confidence)
		if st.AttributedTo != "" {
			fmt.Fprintf(&b, "      attributedTo: %s\n", st.AttributedTo)
		}
		if len(st.Via) > 0 {
			fmt.Fprintf(&b, "      via: [%s]\n", strings.Join(st.Via, ", "))
		}
		b.WriteString("      facts:\n")
		for _, f := range st.Facts {
			fmt.Fprintf(&b, "        - [%s, %s, %s]\n", f[0], f[1], q(f[2]))
		}
	}
	return b.String()
}

// q quotes a scalar for YAML (a JSON string is a YAML double-quoted one).
func q(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}

package schema

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Severity says whether a Violation blocks a load. The zero value is
// SeverityViolation, so a Violation built without one blocks.
type Severity int

const (
	// SeverityViolation blocks: nothing is compiled or loaded (sh:Violation).
	SeverityViolation Severity = iota
	// SeverityWarning is reported but does not block (sh:Warning).
	SeverityWarning
)

// String returns "violation" or "warning".
func (s Severity) String() string {
	if s == SeverityWarning {
		return "warning"
	}
	return "violation"
}

// Violation is one problem found in a vocabulary, a claims file or a set of
// quads, shaped like a SHACL validation result: the focus node, the path
// (predicate or field) and the offending value, plus where it was written.
type Violation struct {
	File         string // the file name as given by the caller
	Line, Column int    // 1-based position of the offending YAML node; 0 when unknown
	Focus        string // the node the problem is about: a claim, entity or document id
	Path         string // the predicate or field, e.g. kg:recognizes or confidence
	Value        string // the offending value as written
	Message      string
	Suggestion   string // a likely fix, shown as "did you mean ...?"; may be empty
	Severity     Severity
}

// Error formats the violation as "file:line:col: focus path: message (did
// you mean X?)", leaving out the parts that are empty ("line N" stands for
// the position when there is no file).
func (v Violation) Error() string {
	var b strings.Builder
	switch {
	case v.File != "" && v.Line > 0:
		fmt.Fprintf(&b, "%s:%d", v.File, v.Line)
	case v.File != "":
		b.WriteString(v.File)
	case v.Line > 0:
		fmt.Fprintf(&b, "line %d", v.Line)
	}
	if v.Line > 0 && v.Column > 0 {
		fmt.Fprintf(&b, ":%d", v.Column)
	}
	if v.File != "" || v.Line > 0 {
		b.WriteString(": ")
	}
	if v.Severity == SeverityWarning {
		b.WriteString("warning: ")
	}
	if subject := strings.TrimSpace(v.Focus + " " + v.Path); subject != "" {
		b.WriteString(subject + ": ")
	}
	b.WriteString(v.Message)
	if v.Suggestion != "" {
		fmt.Fprintf(&b, " (did you mean %s?)", v.Suggestion)
	}
	return b.String()
}

// Violations is every problem found at once. As an error it lists them one
// per line.
type Violations []Violation

// Error lists every violation, one per line.
func (vs Violations) Error() string {
	lines := make([]string, len(vs))
	for i, v := range vs {
		lines[i] = v.Error()
	}
	return strings.Join(lines, "\n")
}

// Err returns vs as an error when at least one of them blocks
// (SeverityViolation), and nil when there are none or only warnings.
func (vs Violations) Err() error {
	for _, v := range vs {
		if v.Severity == SeverityViolation {
			return vs
		}
	}
	return nil
}

// sorted returns vs in file order, so reports read top to bottom.
func (vs Violations) sorted() Violations {
	slices.SortStableFunc(vs, func(a, b Violation) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
	})
	return vs
}

// position is where a YAML node was written.
type position struct{ line, column int }

// reporter collects violations for one file.
type reporter struct {
	file string
	list Violations
}

// add records v at p.
func (r *reporter) add(p position, v Violation) {
	v.File, v.Line, v.Column = r.file, p.line, p.column
	r.list = append(r.list, v)
}

package schema

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// parser reads a YAML file through yaml.v3's Node API, so that every
// problem can name the line and column it was written at. It keeps going
// after a problem, so that one run reports all of them.
type parser struct {
	reporter
	layout layout
}

// layout remembers where each value of a parsed file was written, keyed by
// its path in the file ("claims/3/confidence"), and which values could not
// be read (and were reported already).
type layout struct {
	pos map[string]position
	bad map[string]bool
}

// key joins the parts of a path in the file into a layout key.
func key(parts ...any) string {
	var s []string
	for _, p := range parts {
		if p := fmt.Sprint(p); p != "" {
			s = append(s, p)
		}
	}
	return strings.Join(s, "/")
}

// at returns where the value at path was written. A value that was not
// written falls back to its nearest enclosing item, and a file built in Go
// rather than parsed falls back to line.
func (l layout) at(line int, path ...any) position {
	for n := len(path); n > 0; n-- {
		if p, ok := l.pos[key(path[:n]...)]; ok {
			return p
		}
	}
	return position{line: line}
}

// written reports whether the value at path was written in the file.
func (l layout) written(path ...any) bool {
	_, ok := l.pos[key(path...)]
	return ok
}

// failed reports whether the value at path could not be read.
func (l layout) failed(path ...any) bool { return l.bad[key(path...)] }

var yamlErrorLine = regexp.MustCompile(`^yaml: line (\d+): `)

// yamlParserProblems are the messages of yaml.v3's parser (as opposed to
// its scanner) errors. yaml.v3 v3.0.1 reports their line 0-based
// (decode.go, parser.fail adds 1 only for scanner errors), so root adds it.
var yamlParserProblems = regexp.MustCompile(`^(did not find expected (',' or|'-' indicator|<document start>|key|node content)|found (duplicate %|incompatible YAML|undefined tag))`)

// root parses data and returns its top-level mapping, or nil after
// reporting why there is none.
func (p *parser) root(data []byte) *yaml.Node {
	p.layout = layout{pos: map[string]position{}, bad: map[string]bool{}}
	if len(data) > MaxClaimsFileBytes {
		p.add(position{line: 1}, Violation{Message: fmt.Sprintf(
			"claims file is %d bytes; at most %d MiB are read (split it into one file per document)", len(data), MaxClaimsFileBytes>>20)})
		return nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		pos, msg, hint := yamlSyntaxError(data, err.Error())
		if hint != "" {
			msg += " (hint: " + hint + ")"
		}
		p.add(pos, Violation{Message: "invalid YAML: " + msg})
		return nil
	}
	if len(doc.Content) == 0 {
		p.add(position{line: 1}, Violation{Message: "empty file"})
		return nil
	}
	if n, limit := aliasBomb(&doc, len(data)); n != nil {
		p.add(at(n), Violation{Message: fmt.Sprintf(
			"YAML aliases make this file larger than %d bytes once expanded (aliases may repeat at most %d times the file's size, or %d KiB); write the repeated part out once",
			limit, AliasExpansionRatio, MinAliasExpansion>>10)})
		return nil
	}
	root := deref(doc.Content[0])
	if root.Kind != yaml.MappingNode {
		p.add(at(root), Violation{Message: "expected a mapping of keys at the top level"})
		return nil
	}
	return root
}

// yamlSyntaxError places a yaml.v3 syntax error (which gives a line, or
// none for the first line, and no column) at the offending character of
// data when it can be told, and returns a hint saying how to fix it.
func yamlSyntaxError(data []byte, msg string) (pos position, problem, hint string) {
	msg = strings.TrimPrefix(msg, "yaml: ")
	pos.line = 1
	if m := yamlErrorLine.FindStringSubmatch("yaml: " + msg); m != nil {
		pos.line, _ = strconv.Atoi(m[1])
		msg = msg[len(m[0])-len("yaml: "):]
		if yamlParserProblems.MatchString(msg) {
			pos.line++
		}
	}
	lines := strings.Split(string(data), "\n")
	if strings.Contains(msg, "tab character") {
		// Reported on the line before the tab: move to the first line from
		// there that is indented with a tab.
		for i := max(pos.line-1, 0); i < len(lines); i++ {
			if strings.HasPrefix(strings.TrimLeft(lines[i], " "), "\t") {
				pos.line = i + 1
				break
			}
		}
	}
	text := ""
	if pos.line-1 < len(lines) {
		text = lines[pos.line-1]
	}
	col := func(i int) int { return utf8.RuneCountInString(text[:i]) + 1 }
	if i := len(text) - len(strings.TrimLeft(text, " \t")); i < len(text) {
		pos.column = col(i)
	}
	switch {
	case strings.Contains(msg, "mapping values are not allowed"):
		if first := strings.Index(text, ": "); first >= 0 {
			if second := strings.Index(text[first+2:], ": "); second >= 0 {
				pos.column = col(first + 2 + second)
			}
		}
		hint = `quote the value: a colon followed by a space starts a key, so write key: "text: with a colon"`
	case strings.Contains(msg, "tab character") || strings.Contains(msg, "cannot start any token") && strings.Contains(text[:len(text)-len(strings.TrimLeft(text, " \t"))], "\t"):
		pos.column = col(strings.Index(text, "\t"))
		hint = "indent with spaces: YAML does not allow tabs"
	case strings.Contains(msg, "cannot start any token"):
		if i := strings.Index(text, ": "); i >= 0 {
			pos.column = col(i + 2)
		}
		hint = "quote the value: a plain value cannot start with @ or `"
	case strings.Contains(msg, "unknown escape character"):
		if i := strings.Index(text, "\\"); i >= 0 {
			pos.column = col(i)
		}
		hint = `write the value in single quotes, or double the backslash: in double quotes a backslash starts an escape`
	case strings.Contains(msg, "unexpected end of stream"):
		hint = "close the quoted value: a quote is opened and never closed"
	case strings.Contains(msg, "did not find expected ',' or"):
		hint = "close the list or mapping: a [ or { is opened and never closed"
	case strings.Contains(msg, "did not find expected"):
		hint = "check the indentation: the items of one list or mapping start in the same column"
	}
	return pos, msg, hint
}

func at(n *yaml.Node) position { return position{n.Line, n.Column} }

// Bounds of YAML alias expansion. yaml.v3's node tree keeps an alias as a
// pointer to what it names, but the compiler reads it in full each time it
// is used: a few lines of aliases of aliases stand for millions of claims
// (an 18 KB file took 32 s and 1.6 GB).
const (
	// AliasExpansionRatio is how many times its own size a claims file
	// may become once its aliases are expanded.
	AliasExpansionRatio = 10
	// MinAliasExpansion is what every file may expand to whatever its
	// size.
	MinAliasExpansion = 1 << 20
	// MaxClaimsFileBytes caps a claims file's YAML: yaml.v3 builds a node
	// of about 200 bytes for every scalar, so the parse alone can need
	// fifty times the file. Real claims files are tens of kilobytes; the
	// document text they name is not counted.
	MaxClaimsFileBytes = 4 << 20
)

// aliasBomb returns the first alias (in document order) at which doc,
// its aliases expanded, grows past its bound, with the bound; nil when it
// stays within. Sizes are those of the scalars' text plus a little per
// node, computed once per node, so the check costs no more than the file.
func aliasBomb(doc *yaml.Node, fileSize int) (*yaml.Node, int64) {
	limit := max(int64(MinAliasExpansion), AliasExpansionRatio*int64(fileSize))
	sizes := map[*yaml.Node]int64{}
	var size func(n *yaml.Node) int64
	size = func(n *yaml.Node) int64 {
		if v, ok := sizes[n]; ok {
			return v
		}
		sizes[n] = limit + 1 // an alias of itself is refused too
		v := int64(len(n.Value)) + 8
		if n.Kind == yaml.AliasNode && n.Alias != nil {
			v = size(n.Alias)
		}
		for _, c := range n.Content {
			v = min(v+size(c), limit+1)
		}
		sizes[n] = v
		return v
	}
	var total int64
	var walk func(n *yaml.Node) *yaml.Node
	walk = func(n *yaml.Node) *yaml.Node {
		if n.Kind == yaml.AliasNode {
			if total += size(n); total > limit {
				return n
			}
			return nil
		}
		total += int64(len(n.Value)) + 8
		for _, c := range n.Content {
			if bad := walk(c); bad != nil {
				return bad
			}
		}
		return nil
	}
	return walk(doc), limit
}

// deref follows YAML aliases (*name) to the node they stand for.
func deref(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// kindName names a node's kind for messages.
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	default:
		return "a single value"
	}
}

// item is one YAML mapping being read: a document, entity, claim, class or
// predicate. Its fields are looked up by key and their positions recorded.
type item struct {
	p      *parser
	path   string // layout key of the mapping itself
	focus  string // the item's id, or its path when it has none
	fields map[string]*yaml.Node
}

// item reads the mapping n at path, reporting unknown and duplicate keys
// (suggesting the nearest known key) and anything that is not a mapping.
func (p *parser) item(n *yaml.Node, path string, keys []string) item {
	n = deref(n)
	it := item{p: p, path: path, focus: path, fields: map[string]*yaml.Node{}}
	p.layout.pos[path] = at(n)
	if n.Kind != yaml.MappingNode {
		p.add(at(n), Violation{Focus: path, Message: "expected a mapping of keys, found " + kindName(n)})
		return it
	}
	if id := idOf(n); id != "" {
		it.focus = id
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], deref(n.Content[i+1])
		switch {
		case !contains(keys, k.Value):
			p.add(at(k), Violation{Focus: it.focus, Path: k.Value, Value: k.Value,
				Message: "unknown key " + k.Value, Suggestion: suggest(k.Value, keys)})
		case it.fields[k.Value] != nil:
			p.add(at(k), Violation{Focus: it.focus, Path: k.Value, Value: k.Value, Message: "duplicate key " + k.Value})
		default:
			it.fields[k.Value] = v
			p.layout.pos[key(path, k.Value)] = at(v)
		}
	}
	return it
}

// idOf returns the scalar value of the "id" key of mapping n, if any.
func idOf(n *yaml.Node) string {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "id" && n.Content[i+1].Kind == yaml.ScalarNode {
			return n.Content[i+1].Value
		}
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// has reports whether field was written with a non-null value.
func (it item) has(field string) bool {
	n := it.fields[field]
	return n != nil && n.Tag != "!!null"
}

// fail reports that field's value cannot be read, and remembers it so that
// validation does not report the same value twice.
func (it item) fail(field, message string) {
	n := it.fields[field]
	it.p.layout.bad[key(it.path, field)] = true
	it.p.add(at(n), Violation{Focus: it.focus, Path: field, Value: n.Value, Message: message})
}

// str returns field's scalar value, "" when absent or not a scalar.
func (it item) str(field string) string {
	if !it.has(field) {
		return ""
	}
	if n := it.fields[field]; n.Kind != yaml.ScalarNode {
		it.fail(field, "expected a single value, found "+kindName(n))
		return ""
	}
	return it.fields[field].Value
}

// strs returns field's list of scalars; a single scalar is a one-item list.
func (it item) strs(field string) []string {
	if !it.has(field) {
		return nil
	}
	n := it.fields[field]
	if n.Kind == yaml.ScalarNode {
		return []string{n.Value}
	}
	var out []string
	for _, c := range it.list(field) {
		if c = deref(c); c.Kind != yaml.ScalarNode {
			it.p.add(at(c), Violation{Focus: it.focus, Path: field, Message: "expected a single value, found " + kindName(c)})
			continue
		}
		out = append(out, c.Value)
	}
	return out
}

// list returns the items of field's sequence.
func (it item) list(field string) []*yaml.Node {
	if !it.has(field) {
		return nil
	}
	n := it.fields[field]
	if n.Kind != yaml.SequenceNode {
		it.fail(field, "expected a list, found "+kindName(n))
		return nil
	}
	return n.Content
}

// scalarAs decodes field as a T (int, float64, bool), reporting values that
// are not one; want names T for the message.
func scalarAs[T any](it item, field, want string) T {
	var v T
	if it.str(field) == "" {
		return v
	}
	if err := it.fields[field].Decode(&v); err != nil {
		it.fail(field, "expected "+want+", found "+strconv.Quote(it.fields[field].Value))
	}
	return v
}

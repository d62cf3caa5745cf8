package schema

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"time"

	"github.com/cayleygraph/quad"
)

var curie = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_.-]*:[^\s<>"{}|\\^` + "`" + `]+$`)

// isCURIE reports whether s is shaped like prefix:local, the shape every
// identifier is stored in.
func isCURIE(s string) bool { return curie.MatchString(s) }

var datePattern = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)

// checkDate returns "" when s is an ISO-8601 calendar date of year, month
// or day precision (2021, 2021-08, 2021-08-15), and why not otherwise.
func checkDate(s string) string {
	layouts := map[int]string{4: "2006", 7: "2006-01", 10: "2006-01-02"}
	if !datePattern.MatchString(s) {
		return fmt.Sprintf("%q is not an ISO-8601 date (YYYY, YYYY-MM or YYYY-MM-DD)", s)
	}
	if _, err := time.Parse(layouts[len(s)], s); err != nil {
		return fmt.Sprintf("%q is not a calendar date", s)
	}
	return ""
}

// dateBefore reports whether date a ends before date b starts; a date
// covers its whole year or month, so 2025 is not before 2025-07.
func dateBefore(a, b string) bool {
	n := min(len(a), len(b))
	return a[:n] < b[:n]
}

// parseLiteral parses lexical as a literal of datatype: integer becomes
// quad.Int, double quad.Float, boolean quad.Bool, and date and string stay
// quad.String (dates as written, so that lexical order is date order).
// The message is "" when lexical is valid.
func parseLiteral(datatype, lexical string) (quad.Value, string) {
	var (
		v   quad.Value
		err error
	)
	switch datatype {
	case "string":
		return quad.String(lexical), ""
	case "date":
		if msg := checkDate(lexical); msg != "" {
			return nil, msg
		}
		return quad.String(lexical), ""
	case "integer":
		var n int64
		n, err = strconv.ParseInt(lexical, 10, 64)
		v = quad.Int(n)
	case "double":
		var f float64
		f, err = strconv.ParseFloat(lexical, 64)
		v = quad.Float(f)
	case "boolean":
		var b bool
		b, err = strconv.ParseBool(lexical)
		v = quad.Bool(b)
	default:
		return nil, "unknown datatype " + datatype
	}
	if err != nil {
		return nil, fmt.Sprintf("%q is not a valid %s", lexical, datatype)
	}
	return v, ""
}

// NodeID returns the id of an IRI (its text, "ent:Russia") or blank node
// ("_:b1"), and false for literals.
func NodeID(v quad.Value) (string, bool) {
	switch v := v.(type) {
	case quad.IRI:
		return string(v), true
	case quad.BNode:
		return v.String(), true
	}
	return "", false
}

// Lexical returns the lexical form of a literal: its text without
// quotes, language tag or datatype (0.95 as xsd:double is "9.5E-01").
func Lexical(v quad.Value) string {
	switch v := v.(type) {
	case quad.String:
		return string(v)
	case quad.TypedString:
		return string(v.Value)
	case quad.LangString:
		return string(v.Value)
	case quad.TypedStringer:
		return string(v.TypedString().Value)
	}
	return quad.StringOf(v)
}

// checkURL returns why u is not an absolute http or https address, or "".
func checkURL(u string) string {
	p, err := url.Parse(u)
	switch {
	case err != nil:
		return "not a valid URL: " + err.Error()
	case p.Scheme != "http" && p.Scheme != "https":
		return "url must be an absolute http or https address, such as https://example.org/article"
	case p.Host == "":
		return "url has no host"
	}
	return ""
}

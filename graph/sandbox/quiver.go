package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/dop251/goja"

	"github.com/quiver-kg/quiver/graph/ask"
)

// Asker answers the quiver.* functions: name is the function (paths,
// why, influence, neighbors, timeline, search, evidence, conflicts, node,
// resolve),
// args its arguments as JSON (null for undefined), and the answer is
// JSON. A query run in a worker process asks its parent through one.
type Asker func(ctx context.Context, name string, args []json.RawMessage) (json.RawMessage, error)

// questionNames are the functions of the `quiver` object.
var questionNames = []string{"paths", "why", "influence", "neighbors", "timeline", "search", "evidence", "conflicts", "node", "resolve"}

// quiverObject builds the `quiver` object of a Gizmo runtime. Each
// function converts its arguments to JSON, asks, and parses the answer; a
// failure is thrown as an error naming the function (never a Go
// function's name) that wraps the question's own, so that callers still
// tell a timeout or an unknown node by errors.Is.
func quiverObject(ctx context.Context, vm *goja.Runtime, asker Asker) (*goja.Object, error) {
	q := vm.NewObject()
	jsonObj := vm.Get("JSON").ToObject(vm)
	stringify, _ := goja.AssertFunction(jsonObj.Get("stringify"))
	parse, _ := goja.AssertFunction(jsonObj.Get("parse"))
	for _, name := range questionNames {
		fail := func(err error) goja.Value {
			panic(vm.NewGoError(fmt.Errorf("quiver.%s: %w", name, err)))
		}
		call := func(call goja.FunctionCall) goja.Value {
			args := make([]json.RawMessage, len(call.Arguments))
			for i, a := range call.Arguments {
				args[i] = json.RawMessage("null")
				if goja.IsUndefined(a) {
					continue
				}
				s, err := stringify(goja.Undefined(), a)
				if err != nil {
					return fail(err)
				}
				if !goja.IsUndefined(s) {
					args[i] = json.RawMessage(s.String())
				}
			}
			answer, err := asker(ctx, name, args)
			if err != nil {
				return fail(err)
			}
			v, err := parse(goja.Undefined(), vm.ToValue(string(answer)))
			if err != nil {
				return fail(err)
			}
			return v
		}
		fn, err := namedFunc(vm, name, call)
		if err != nil {
			return nil, err
		}
		if err := q.Set(name, fn); err != nil {
			return nil, err
		}
	}
	return q, nil
}

// SnapshotAsker answers the quiver.* functions from the snapshots that
// questions returns.
func SnapshotAsker(questions Questions) Asker {
	return func(ctx context.Context, name string, args []json.RawMessage) (json.RawMessage, error) {
		sn, err := questions(ctx)
		if err != nil {
			return nil, err
		}
		v, err := answerQuestion(ctx, sn, name, questionArgs(args))
		if err != nil {
			return nil, err
		}
		return json.Marshal(v)
	}
}

// questionArgs reads the JSON arguments of a quiver.* call.
type questionArgs []json.RawMessage

// str is argument i as a string: a JSON string's text, "" for null or
// missing, any other value's JSON text.
func (a questionArgs) str(i int) string {
	if i >= len(a) || string(a[i]) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(a[i], &s) == nil {
		return s
	}
	return string(a[i])
}

// int is argument i as a whole number, 0 when missing.
func (a questionArgs) int(i int) int {
	var f float64
	if i < len(a) && json.Unmarshal(a[i], &f) == nil {
		return int(f)
	}
	return 0
}

// opts reads argument i, an options object, into into; missing or null
// leaves into as it is.
func (a questionArgs) opts(i int, into any) error {
	if i >= len(a) || string(a[i]) == "null" {
		return nil
	}
	if err := json.Unmarshal(a[i], into); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			if te.Field == "" {
				return fmt.Errorf("options: want an object, got a %s", te.Value)
			}
			return fmt.Errorf("option %s: want a %s, got a %s", te.Field, kindName(te.Type.Kind().String()), te.Value)
		}
		return fmt.Errorf("options: %v", err)
	}
	return nil
}

// kindName names a Go kind as a JSON type.
func kindName(kind string) string {
	switch kind {
	case "int", "int64", "float64", "uint", "int32":
		return "number"
	case "slice":
		return "list"
	case "struct", "map":
		return "object"
	case "bool":
		return "boolean"
	}
	return kind
}

// answerQuestion runs the question name with args on sn.
func answerQuestion(ctx context.Context, sn *ask.Snapshot, name string, a questionArgs) (any, error) {
	switch name {
	case "paths":
		var o ask.PathOptions
		if err := a.opts(2, &o); err != nil {
			return nil, err
		}
		return sn.Paths(ctx, a.str(0), a.str(1), o)
	case "why", "influence":
		var o ask.InfluenceOptions
		if err := a.opts(1, &o); err != nil {
			return nil, err
		}
		return sn.Influence(ctx, a.str(0), o)
	case "neighbors":
		var o ask.NeighborOptions
		if err := a.opts(1, &o); err != nil {
			return nil, err
		}
		return sn.Neighbors(ctx, a.str(0), o)
	case "timeline":
		var o ask.TimelineOptions
		if err := a.opts(0, &o); err != nil {
			return nil, err
		}
		return sn.Timeline(ctx, o)
	case "search":
		return sn.Search(ctx, a.str(0), a.int(1))
	case "evidence":
		var o ask.EvidenceQuery
		if err := a.opts(0, &o); err != nil {
			return nil, err
		}
		return sn.Evidence(ctx, o)
	case "conflicts":
		var o ask.ConflictOptions
		if err := a.opts(0, &o); err != nil {
			return nil, err
		}
		return sn.Conflicts(ctx, o)
	case "node":
		return sn.Node(ctx, a.str(0))
	case "resolve":
		return sn.Resolve(ctx, a.str(0))
	}
	return nil, fmt.Errorf("no question %s", strconv.Quote(name))
}

package sandbox

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/dop251/goja"

	"github.com/quiver-kg/quiver/graph/ask"
)

// quiverObject builds the `quiver` object of a Gizmo runtime.
func quiverObject(ctx context.Context, vm *goja.Runtime, questions Questions) (*goja.Object, error) {
	q := vm.NewObject()
	parse, _ := goja.AssertFunction(vm.Get("JSON").ToObject(vm).Get("parse"))
	// answer runs a question and returns its JSON form as a JS value.
	answer := func(fn func(sn *ask.Snapshot, args []goja.Value) (any, error)) func(goja.FunctionCall) goja.Value {
		return func(call goja.FunctionCall) goja.Value {
			sn, err := questions(ctx)
			if err == nil {
				var v any
				if v, err = fn(sn, call.Arguments); err == nil {
					var b []byte
					if b, err = json.Marshal(v); err == nil {
						res, perr := parse(goja.Undefined(), vm.ToValue(string(b)))
						if perr == nil {
							return res
						}
						err = perr
					}
				}
			}
			panic(vm.NewGoError(err))
		}
	}
	str := func(args []goja.Value, i int) string {
		if i < len(args) && !goja.IsUndefined(args[i]) && !goja.IsNull(args[i]) {
			return args[i].String()
		}
		return ""
	}
	opts := func(args []goja.Value, i int, into any) error {
		if i >= len(args) || goja.IsUndefined(args[i]) || goja.IsNull(args[i]) {
			return nil
		}
		b, err := json.Marshal(args[i].Export())
		if err != nil {
			return err
		}
		if err := json.Unmarshal(b, into); err != nil {
			return fmt.Errorf("options: %w", err)
		}
		return nil
	}
	why := answer(func(sn *ask.Snapshot, a []goja.Value) (any, error) {
		var o ask.InfluenceOptions
		if err := opts(a, 1, &o); err != nil {
			return nil, err
		}
		return sn.Influence(ctx, str(a, 0), o)
	})
	fns := map[string]func(goja.FunctionCall) goja.Value{
		"paths": answer(func(sn *ask.Snapshot, a []goja.Value) (any, error) {
			var o ask.PathOptions
			if err := opts(a, 2, &o); err != nil {
				return nil, err
			}
			return sn.Paths(ctx, str(a, 0), str(a, 1), o)
		}),
		"why":       why,
		"influence": why,
		"neighbors": answer(func(sn *ask.Snapshot, a []goja.Value) (any, error) {
			var o ask.NeighborOptions
			if err := opts(a, 1, &o); err != nil {
				return nil, err
			}
			return sn.Neighbors(ctx, str(a, 0), o)
		}),
		"timeline": answer(func(sn *ask.Snapshot, a []goja.Value) (any, error) {
			var o ask.TimelineOptions
			if err := opts(a, 0, &o); err != nil {
				return nil, err
			}
			return sn.Timeline(ctx, o)
		}),
		"search": answer(func(sn *ask.Snapshot, a []goja.Value) (any, error) {
			limit := 0
			if len(a) > 1 {
				limit = int(a[1].ToInteger())
			}
			return sn.Search(ctx, str(a, 0), limit)
		}),
		"evidence": answer(func(sn *ask.Snapshot, a []goja.Value) (any, error) {
			var o ask.EvidenceQuery
			if err := opts(a, 0, &o); err != nil {
				return nil, err
			}
			return sn.Evidence(ctx, o)
		}),
		"conflicts": answer(func(sn *ask.Snapshot, a []goja.Value) (any, error) {
			var o ask.ConflictOptions
			if err := opts(a, 0, &o); err != nil {
				return nil, err
			}
			return sn.Conflicts(ctx, o)
		}),
		"node": answer(func(sn *ask.Snapshot, a []goja.Value) (any, error) {
			return sn.Node(ctx, str(a, 0))
		}),
		"resolve": answer(func(sn *ask.Snapshot, a []goja.Value) (any, error) {
			return sn.Resolve(ctx, str(a, 0))
		}),
	}
	for name, fn := range fns {
		if err := q.Set(name, fn); err != nil {
			return nil, err
		}
	}
	return q, nil
}

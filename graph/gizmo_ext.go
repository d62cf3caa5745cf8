package graph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"unsafe"

	"github.com/cayleygraph/cayley/query"
	"github.com/cayleygraph/cayley/query/gizmo"
	"github.com/dop251/goja"
)

// GizmoMaxCallDepth caps the JavaScript call stack of a Gizmo query, so a
// runaway recursion fails at once with a RangeError instead of eating
// memory until the timeout.
const GizmoMaxCallDepth = 1000

// Gizmo extensions.
//
// Cayley's Gizmo keeps its JavaScript runtime (goja) private: there is no
// way to register functions from outside, and it runs the query on a
// goroutine of its own where a Go panic cannot be recovered by the caller.
// Quiver reaches that runtime once per query, before the query runs,
// through the session's unexported vm field (reflection; the pinned Cayley
// version is checked by TestGizmoQuiverFunctions), and
//
//   - sets the call-depth cap (GizmoMaxCallDepth);
//   - adds a global `quiver` object whose functions answer Quiver's
//     questions in Go over the store's snapshot: quiver.paths(from, to,
//     opts), quiver.why(target, opts) (alias quiver.influence),
//     quiver.neighbors(node, opts), quiver.timeline(opts),
//     quiver.search(text, limit), quiver.evidence(query), quiver.node(id)
//     and quiver.resolve(name). They take and return the JSON shapes of the
//     Go API (PathOptions' JSON names: maxDepth, k, undirected, ...), as
//     plain JavaScript objects;
//   - replaces `g` and `graph` with a JavaScript Proxy that forwards every
//     method call to Cayley's object through one Go function. That
//     function recovers a Go panic (a bad argument Cayley does not check,
//     a backend bug) and throws it as a JavaScript error wrapping
//     ErrQueryPanic, so the query fails and the process lives. The proxy is
//     transparent: every Gizmo query behaves as before.
//
// No query text is rewritten, so error positions stay true.

// gizmoRuntime returns the goja runtime of a Gizmo session.
func gizmoRuntime(sess query.Session) (*goja.Runtime, error) {
	gs, ok := sess.(*gizmo.Session)
	if !ok || gs == nil {
		return nil, fmt.Errorf("gizmo session is %T", sess)
	}
	f := reflect.ValueOf(gs).Elem().FieldByName("vm")
	if !f.IsValid() || f.Type() != reflect.TypeOf((*goja.Runtime)(nil)) {
		return nil, errors.New("this Cayley version's gizmo.Session has no vm *goja.Runtime field")
	}
	vm := *(**goja.Runtime)(unsafe.Pointer(f.UnsafeAddr()))
	if vm == nil {
		return nil, errors.New("gizmo session has no runtime")
	}
	return vm, nil
}

// gizmoProxy is run in the session's runtime before the query.
const gizmoProxy = `(function () {
  var T = "__quiverTarget__";
  function unwrap(x) {
    if (x !== null && typeof x === "object") { var t = x[T]; if (t) return t; }
    return x;
  }
  function wrap(o) {
    if (o === null || typeof o !== "object" || Array.isArray(o)) return o;
    // The target is a fresh object: Cayley's Go-backed properties are
    // non-configurable, which a Proxy over them could not change.
    var t = o;
    return new Proxy({}, { get: function (_, k) {
      if (k === T) return t;
      var v = t[k];
      if (typeof v !== "function") return v;
      return function () {
        var a = [];
        for (var i = 0; i < arguments.length; i++) a.push(unwrap(arguments[i]));
        return wrap(__quiverCall(t, k, a));
      };
    }});
  }
  graph = g = wrap(graph);
})();`

// gizmoProxyProgram is gizmoProxy compiled once; a compiled goja program
// can run in any number of runtimes.
var gizmoProxyProgram = goja.MustCompile("quiver-proxy.js", gizmoProxy, false)

// extendGizmo prepares a Gizmo session: call-depth cap, the quiver object,
// and the panic-containing proxy around g.
func (s *Store) extendGizmo(ctx context.Context, sess query.Session) error {
	vm, err := gizmoRuntime(sess)
	if err != nil {
		return fmt.Errorf("gizmo: cannot apply Quiver's limits: %w", err)
	}
	vm.SetMaxCallStackSize(GizmoMaxCallDepth)
	if err := vm.Set("__quiverCall", safeCall(vm)); err != nil {
		return err
	}
	q := vm.NewObject()
	parse, _ := goja.AssertFunction(vm.Get("JSON").ToObject(vm).Get("parse"))
	// answer runs a question and returns its JSON form as a JS value.
	answer := func(fn func(sn *snapshot, args []goja.Value) (any, error)) func(goja.FunctionCall) goja.Value {
		return func(call goja.FunctionCall) goja.Value {
			sn, err := s.snapshot(ctx)
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
	why := answer(func(sn *snapshot, a []goja.Value) (any, error) {
		var o InfluenceOptions
		if err := opts(a, 1, &o); err != nil {
			return nil, err
		}
		return sn.influenceOf(ctx, str(a, 0), o)
	})
	fns := map[string]func(goja.FunctionCall) goja.Value{
		"paths": answer(func(sn *snapshot, a []goja.Value) (any, error) {
			var o PathOptions
			if err := opts(a, 2, &o); err != nil {
				return nil, err
			}
			return sn.paths(ctx, str(a, 0), str(a, 1), o)
		}),
		"why":       why,
		"influence": why,
		"neighbors": answer(func(sn *snapshot, a []goja.Value) (any, error) {
			var o NeighborOptions
			if err := opts(a, 1, &o); err != nil {
				return nil, err
			}
			return sn.neighbors(ctx, str(a, 0), o)
		}),
		"timeline": answer(func(sn *snapshot, a []goja.Value) (any, error) {
			var o TimelineOptions
			if err := opts(a, 0, &o); err != nil {
				return nil, err
			}
			return sn.timeline(ctx, o)
		}),
		"search": answer(func(sn *snapshot, a []goja.Value) (any, error) {
			limit := 0
			if len(a) > 1 {
				limit = int(a[1].ToInteger())
			}
			return sn.search(ctx, str(a, 0), limit)
		}),
		"evidence": answer(func(sn *snapshot, a []goja.Value) (any, error) {
			var o EvidenceQuery
			if err := opts(a, 0, &o); err != nil {
				return nil, err
			}
			return sn.evidenceFor(ctx, o)
		}),
		"node": answer(func(sn *snapshot, a []goja.Value) (any, error) {
			return sn.node(ctx, str(a, 0))
		}),
		"resolve": answer(func(sn *snapshot, a []goja.Value) (any, error) {
			return sn.resolve(ctx, str(a, 0))
		}),
	}
	for name, fn := range fns {
		if err := q.Set(name, fn); err != nil {
			return err
		}
	}
	if err := vm.Set("quiver", q); err != nil {
		return err
	}
	_, err = vm.RunProgram(gizmoProxyProgram)
	return err
}

// safeCall returns the Go function the proxy calls: obj[name](...args),
// with Go panics turned into JavaScript errors wrapping ErrQueryPanic.
// Panics that are goja's own control flow (thrown JS values, interrupts on
// timeout, stack overflow) pass through untouched.
func safeCall(vm *goja.Runtime) func(goja.FunctionCall) goja.Value {
	gojaPkg := reflect.TypeOf(goja.Exception{}).PkgPath()
	return func(call goja.FunctionCall) (ret goja.Value) {
		obj := call.Argument(0).ToObject(vm)
		name := call.Argument(1).String()
		fn, ok := goja.AssertFunction(obj.Get(name))
		if !ok {
			panic(vm.NewTypeError("%s is not a function", name))
		}
		arr := call.Argument(2).ToObject(vm)
		n := int(arr.Get("length").ToInteger())
		args := make([]goja.Value, n)
		for i := range args {
			args[i] = arr.Get(fmt.Sprint(i))
		}
		defer func() {
			r := recover()
			if r == nil {
				return
			}
			t := reflect.TypeOf(r)
			for t != nil && t.Kind() == reflect.Pointer {
				t = t.Elem()
			}
			if _, isValue := r.(goja.Value); isValue || t != nil && t.PkgPath() == gojaPkg {
				panic(r)
			}
			panic(vm.NewGoError(fmt.Errorf("%w: %s(): %v", ErrQueryPanic, name, r)))
		}()
		v, err := fn(obj, args...)
		if err != nil {
			var ex *goja.Exception
			if errors.As(err, &ex) {
				panic(ex)
			}
			panic(vm.NewGoError(err))
		}
		return v
	}
}

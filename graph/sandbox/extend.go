package sandbox

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"unsafe"

	"github.com/cayleygraph/cayley/query"
	"github.com/cayleygraph/cayley/query/gizmo"
	"github.com/dop251/goja"
)

// MaxCallDepth caps the JavaScript call stack of a Gizmo query, so a
// runaway recursion fails at once with a RangeError instead of eating
// memory until the timeout.
const MaxCallDepth = 1000

// Gizmo extensions.
//
// Cayley's Gizmo keeps its JavaScript runtime (goja) private: there is no
// way to register functions from outside, and it runs the query on a
// goroutine of its own where a Go panic cannot be recovered by the caller.
// Quiver reaches the session through its unexported vm and p fields
// (unsafe offsets found by reflection once per process; the pinned Cayley
// version is checked by TestGizmoQuiverFunctions), and per query
//
//   - sets the call-depth cap (MaxCallDepth);
//   - adds a global `quiver` whose functions answer Quiver's questions in
//     Go over the store's snapshot: quiver.paths(from, to, opts),
//     quiver.why(target, opts) (alias quiver.influence),
//     quiver.neighbors(node, opts), quiver.timeline(opts),
//     quiver.search(text, limit), quiver.evidence(query),
//     quiver.conflicts(opts), quiver.node(id) and quiver.resolve(name). They take and return the JSON shapes of the
//     Go API (PathOptions' JSON names: maxDepth, k, undirected, ...), as
//     plain JavaScript objects. The object is built on first use: until
//     then `quiver` is a global accessor that builds it and turns back into
//     a plain data property, so queries that never touch it pay nothing;
//   - once Cayley has compiled the query, swaps the program its goroutine
//     will run for a one-call program, `__quiverRun()`, whose Go function
//     runs the query's own compiled program (goja's nested RunProgram) under
//     a recover. A Go panic anywhere in the query (a bad argument Cayley
//     does not check, a backend bug, a quiver.* function) becomes a
//     JavaScript error wrapping ErrPanic that ends the query, so the
//     query fails and the process lives. `g` and everything else are
//     Cayley's own objects, untouched: every Gizmo query behaves as before.
//
// No query text is rewritten, so error positions stay true.

// gizmoLayout holds the offsets of the gizmo.Session fields Quiver uses,
// found once.
var gizmoLayout = sync.OnceValues(func() (gizmoFields, error) {
	t := reflect.TypeOf(gizmo.Session{})
	field := func(name string, want reflect.Type) (uintptr, error) {
		f, ok := t.FieldByName(name)
		if !ok || f.Type != want {
			return 0, fmt.Errorf("this Cayley version's gizmo.Session has no %s %v field", name, want)
		}
		return f.Offset, nil
	}
	vm, err := field("vm", reflect.TypeOf((*goja.Runtime)(nil)))
	if err != nil {
		return gizmoFields{}, err
	}
	p, err := field("p", reflect.TypeOf((*goja.Program)(nil)))
	if err != nil {
		return gizmoFields{}, err
	}
	return gizmoFields{vm: vm, p: p}, nil
})

type gizmoFields struct{ vm, p uintptr }

// gizmoRuntime returns the goja runtime of a Gizmo session.
func gizmoRuntime(sess query.Session) (*goja.Runtime, error) {
	gs, ok := sess.(*gizmo.Session)
	if !ok || gs == nil {
		return nil, fmt.Errorf("gizmo session is %T", sess)
	}
	lay, err := gizmoLayout()
	if err != nil {
		return nil, err
	}
	vm := *(**goja.Runtime)(unsafe.Add(unsafe.Pointer(gs), lay.vm))
	if vm == nil {
		return nil, errors.New("gizmo session has no runtime")
	}
	return vm, nil
}

// gizmoRunProgram is what Cayley's goroutine runs in place of the query's
// program: one call to the Go function that runs the query contained.
var gizmoRunProgram = goja.MustCompile("quiver-run.js", "__quiverRun()", false)

// gizmoRun is one Gizmo query's extension state.
type gizmoRun struct {
	asker Asker
	ctx   context.Context
	vm    *goja.Runtime
	sess  *gizmo.Session
	prg   *goja.Program // the query's own program, once armed
	ran   bool
}

// extendGizmo prepares a Gizmo session: call-depth cap, the lazy quiver
// global and the panic-containing runner (armed by arm once Cayley has
// compiled the query).
func extendGizmo(ctx context.Context, sess query.Session, asker Asker) (*gizmoRun, error) {
	vm, err := gizmoRuntime(sess)
	if err != nil {
		return nil, fmt.Errorf("gizmo: cannot apply Quiver's limits: %w", err)
	}
	vm.SetMaxCallStackSize(MaxCallDepth)
	g := &gizmoRun{asker: asker, ctx: ctx, vm: vm, sess: sess.(*gizmo.Session)}
	runFn, err := namedFunc(vm, "__quiverRun", g.run)
	if err != nil {
		return nil, err
	}
	if err := vm.Set("__quiverRun", runFn); err != nil {
		return nil, err
	}
	global := vm.GlobalObject()
	if err := global.DefineAccessorProperty("quiver", vm.ToValue(g.getQuiver), vm.ToValue(g.setQuiver), goja.FLAG_TRUE, goja.FLAG_TRUE); err != nil {
		return nil, err
	}
	return g, nil
}

// arm swaps the program Cayley compiled for gizmoRunProgram. It must run
// after Session.Execute and before the first Next (which starts Cayley's
// goroutine).
func (g *gizmoRun) arm() {
	lay, _ := gizmoLayout() // gizmoRuntime checked it
	slot := (**goja.Program)(unsafe.Add(unsafe.Pointer(g.sess), lay.p))
	if *slot == nil || *slot == gizmoRunProgram {
		return
	}
	g.prg, *slot = *slot, gizmoRunProgram
}

// run is __quiverRun: it runs the query's program once, with Go panics
// turned into JavaScript errors wrapping ErrPanic. Goja's own control
// flow (thrown JS values, interrupts on timeout or heap growth, stack
// overflow) passes through untouched.
func (g *gizmoRun) run(goja.FunctionCall) goja.Value {
	if g.ran || g.prg == nil {
		return goja.Undefined()
	}
	g.ran = true
	defer containPanic(g.vm, "query")
	v, err := g.vm.RunProgram(g.prg)
	if err != nil {
		// An *Exception is rethrown as such; *InterruptedError and
		// *StackOverflowError are goja's uncatchable errors, which a panic
		// carries on up to Cayley's RunProgram exactly as goja raised them.
		panic(err)
	}
	return v
}

var gojaPkg = reflect.TypeOf(goja.Exception{}).PkgPath()

// namedFunc makes fn a JavaScript function called name. goja names a Go
// function after its Go symbol, which would show in stack traces and in
// the function's source text.
func namedFunc(vm *goja.Runtime, name string, fn func(goja.FunctionCall) goja.Value) (*goja.Object, error) {
	f := vm.ToValue(fn).(*goja.Object)
	if err := f.DefineDataProperty("name", vm.ToValue(name), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE); err != nil {
		return nil, err
	}
	return f, nil
}

// containPanic, deferred in a Go function called from JavaScript, turns a
// Go panic into a JavaScript error wrapping ErrPanic; goja's own
// panics pass through.
func containPanic(vm *goja.Runtime, where string) {
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
	panic(vm.NewGoError(fmt.Errorf("%w: %s: %v", ErrPanic, where, r)))
}

// getQuiver is the getter of the global `quiver` until first use: it
// builds the object and replaces the accessor by a plain data property.
func (g *gizmoRun) getQuiver(goja.FunctionCall) goja.Value {
	q, err := quiverObject(g.ctx, g.vm, g.asker)
	if err != nil {
		panic(g.vm.NewGoError(err))
	}
	g.define(q)
	return q
}

// setQuiver is its setter: an assignment replaces it, as it would a plain
// global.
func (g *gizmoRun) setQuiver(call goja.FunctionCall) goja.Value {
	g.define(call.Argument(0))
	return goja.Undefined()
}

func (g *gizmoRun) define(v goja.Value) {
	if err := g.vm.GlobalObject().DefineDataProperty("quiver", v, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_TRUE); err != nil {
		panic(g.vm.NewGoError(err))
	}
}

// Package backends groups the storage backends Quiver offers besides its
// built-in ones (the embedded engine and the memory store, in package
// graph): one package per backend, each wrapping one Cayley driver, so a
// program links only the drivers it imports.
//
// A program makes a backend available to graph.Open by calling that
// package's Register, explicitly; importing a package registers nothing.
// Naming a backend whose package was not registered fails with an error
// that says which package provides it. RegisterAll registers every one.
package backends

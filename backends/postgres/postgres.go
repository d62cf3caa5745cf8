// Package postgres provides graph.BackendPostgres: Cayley's SQL backend on
// a PostgreSQL server. Options.DSN is a connection string such as
// postgres://user@host:5432/db?sslmode=disable.
package postgres

import (
	"github.com/cayleygraph/cayley/graph/sql/postgres"

	"github.com/quiver-kg/quiver/backends/internal/sqlstore"
	"github.com/quiver-kg/quiver/graph"
)

// Register makes graph.BackendPostgres available to graph.Open.
func Register() {
	graph.RegisterBackend(graph.Backend{Name: graph.BackendPostgres, NeedsDSN: true, Open: sqlstore.Opener(postgres.Type)})
}

// Package mysql provides graph.BackendMySQL: Cayley's SQL backend on a
// MySQL or MariaDB server. Options.DSN is in go-sql-driver form,
// user:pass@tcp(host:3306)/db.
package mysql

import (
	"github.com/cayleygraph/cayley/graph/sql/mysql"

	"github.com/quiver-kg/quiver/backends/internal/sqlstore"
	"github.com/quiver-kg/quiver/graph"
)

// Register makes graph.BackendMySQL available to graph.Open.
func Register() {
	graph.RegisterBackend(graph.Backend{Name: graph.BackendMySQL, NeedsDSN: true, Open: sqlstore.Opener(mysql.Type)})
}

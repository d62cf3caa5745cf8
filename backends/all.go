package backends

import (
	"github.com/quiver-kg/quiver/backends/bolt"
	"github.com/quiver-kg/quiver/backends/leveldb"
	"github.com/quiver-kg/quiver/backends/mysql"
	"github.com/quiver-kg/quiver/backends/postgres"
)

// RegisterAll registers every backend of this module with graph.Open: bolt,
// leveldb, mysql and postgres. The quiver command calls it; an embedder who
// wants only some calls their Register functions instead.
func RegisterAll() {
	bolt.Register()
	leveldb.Register()
	mysql.Register()
	postgres.Register()
}

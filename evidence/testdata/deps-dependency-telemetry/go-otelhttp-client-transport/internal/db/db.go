package db

import (
	"database/sql"

	"github.com/XSAM/otelsql"
)

// Open opens an instrumented database handle.
func Open(dsn string) (*sql.DB, error) { return otelsql.Open("postgres", dsn) }

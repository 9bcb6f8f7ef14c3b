package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
)

// The driver parses and plans every statement each time it runs. Under a
// server's load that was a third of the time a write transaction held
// SQLite's single write lock (bench/serve, docs/benchmarks.md). Each
// connection therefore keeps the statements it has run prepared and
// reuses them: the store's statements are a few dozen fixed strings.

// maxCachedStmts bounds the statements one connection keeps; beyond it,
// statements are prepared for each use as before.
const maxCachedStmts = 256

// sqliteDriver is the driver registered as "sqlite" by modernc.org/sqlite.
var sqliteDriver = func() driver.Driver {
	db, err := sql.Open("sqlite", "")
	if err != nil {
		panic(err) // only if the driver is not linked in: a build error in effect
	}
	defer db.Close()
	return db.Driver()
}()

// connector opens connections that cache their prepared statements.
type connector struct{ dsn string }

func (c connector) Driver() driver.Driver { return sqliteDriver }

func (c connector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := sqliteDriver.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	inner, ok := conn.(innerConn)
	if !ok {
		return conn, nil // a driver without these methods: no caching
	}
	return &cachingConn{innerConn: inner, stmts: map[string]*cachedStmt{}}, nil
}

// innerConn is what the driver's connection implements and database/sql
// uses; cachingConn passes all of it through.
type innerConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

// cachingConn is used by one goroutine at a time (database/sql's
// guarantee), so its map needs no lock.
type cachingConn struct {
	innerConn
	stmts map[string]*cachedStmt
}

type cachedStmt struct {
	stmt interface {
		driver.Stmt
		driver.StmtExecContext
		driver.StmtQueryContext
	}
	// busy while rows of the statement are open: running it again then
	// would reset them, so a second use goes the uncached way.
	busy bool
}

// cached returns the prepared statement of query, preparing it on first
// use, or nil when the uncached path must be taken.
func (c *cachingConn) cached(ctx context.Context, query string) *cachedStmt {
	if st, ok := c.stmts[query]; ok {
		if st.busy {
			return nil
		}
		return st
	}
	if len(c.stmts) >= maxCachedStmts {
		return nil
	}
	s, err := c.innerConn.PrepareContext(ctx, query)
	if err != nil {
		return nil // the uncached path reports the error
	}
	full, ok := s.(interface {
		driver.Stmt
		driver.StmtExecContext
		driver.StmtQueryContext
	})
	if !ok {
		s.Close()
		return nil
	}
	st := &cachedStmt{stmt: full}
	c.stmts[query] = st
	return st
}

func (c *cachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	st := c.cached(ctx, query)
	if st == nil {
		return c.innerConn.ExecContext(ctx, query, args)
	}
	return st.stmt.ExecContext(ctx, args)
}

func (c *cachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	st := c.cached(ctx, query)
	if st == nil {
		return c.innerConn.QueryContext(ctx, query, args)
	}
	rows, err := st.stmt.QueryContext(ctx, args)
	if err != nil {
		return nil, err
	}
	st.busy = true
	return &cachedRows{Rows: rows, st: st}, nil
}

// Close finalizes the cached statements before the connection.
func (c *cachingConn) Close() error {
	for q, st := range c.stmts {
		st.stmt.Close()
		delete(c.stmts, q)
	}
	return c.innerConn.Close()
}

// cachedRows frees its statement for reuse when closed (closing resets
// the statement rather than finalizing it).
type cachedRows struct {
	driver.Rows
	st *cachedStmt
}

func (r *cachedRows) Close() error {
	err := r.Rows.Close()
	r.st.busy = false
	return err
}

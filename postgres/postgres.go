// Package postgres is the opslens.Store for a shared PostgreSQL database,
// so several `opslens serve` replicas and workers can run on one database.
// It talks to PostgreSQL through pgx's connection pool.
//
// Transactions: writes run at READ COMMITTED and lock what they
// read-modify-write (SELECT … FOR UPDATE), so concurrent writers wait in
// line rather than fail; reads run in a REPEATABLE READ, read-only
// transaction, so a method that issues several queries sees one snapshot.
// A write that still meets a serialization failure or a deadlock is run
// again, as the Store contract allows.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opslens/opslens"
)

// DB is an opslens.Store backed by PostgreSQL. It is safe for concurrent
// use by many goroutines and by many processes on one database.
type DB struct {
	pool *pgxpool.Pool
	name string // the database's address without credentials, for messages
}

var _ opslens.Store = (*DB)(nil)

// Defaults applied unless the URL sets them. A server replica sizes its
// pool for concurrent requests; PostgreSQL's max_connections must cover
// replicas × pool_max_conns (docs/deploy.md).
const (
	DefaultMaxConns         = 20
	DefaultStatementTimeout = 30 * time.Second
	// An idle transaction holds locks: a client that stalls mid-transaction
	// must not block every writer behind it.
	defaultIdleInTxTimeout = time.Minute
)

// IsURL reports whether a --db value names a PostgreSQL database.
func IsURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Open connects to the database at url (postgres://user:pass@host:port/db?…),
// brings its schema up to date under an advisory lock, and returns the
// store. Pool settings (pool_max_conns, pool_min_conns…) and server
// settings (statement_timeout…) may be given as URL parameters.
func Open(ctx context.Context, rawURL string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(rawURL)
	if err != nil {
		return nil, opslens.Errorf(opslens.EINVALID, "database URL %s: %v", redact(rawURL), unwrapParse(err))
	}
	if !strings.Contains(rawURL, "pool_max_conns") {
		cfg.MaxConns = DefaultMaxConns
	}
	params := cfg.ConnConfig.RuntimeParams
	if _, ok := params["statement_timeout"]; !ok {
		params["statement_timeout"] = fmt.Sprint(DefaultStatementTimeout.Milliseconds())
	}
	if _, ok := params["idle_in_transaction_session_timeout"]; !ok {
		params["idle_in_transaction_session_timeout"] = fmt.Sprint(defaultIdleInTxTimeout.Milliseconds())
	}
	if _, ok := params["application_name"]; !ok {
		params["application_name"] = "opslens"
	}
	cfg.AfterConnect = func(_ context.Context, c *pgx.Conn) error {
		// Times come back in UTC, as the Store contract promises.
		c.TypeMap().RegisterType(&pgtype.Type{Name: "timestamptz", OID: pgtype.TimestamptzOID,
			Codec: &pgtype.TimestamptzCodec{ScanLocation: time.UTC}})
		return nil
	}
	db := &DB{name: redact(rawURL)}
	if db.pool, err = pgxpool.NewWithConfig(ctx, cfg); err != nil {
		return nil, db.unavailable(err)
	}
	if err := db.migrate(ctx); err != nil {
		db.pool.Close()
		return nil, db.unavailable(err)
	}
	return db, nil
}

// redact drops the password from a URL for messages and logs.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	u.User = nil
	u.RawQuery = ""
	return u.String()
}

// unwrapParse keeps pgx's reason but not its copy of the URL, which holds
// the password.
func unwrapParse(err error) string {
	var pe *pgconn.ParseConfigError
	if errors.As(err, &pe) && pe.Unwrap() != nil {
		return pe.Unwrap().Error()
	}
	return "not a valid PostgreSQL URL (postgres://user:password@host:5432/database)"
}

// Name returns the database's address without credentials.
func (db *DB) Name() string { return db.name }

// Ping checks that the database answers, for readiness probes.
func (db *DB) Ping(ctx context.Context) error {
	return db.unavailable(db.pool.Ping(ctx))
}

// Pool returns the connection pool, for the job queue, which keeps its
// tables in the same database.
func (db *DB) Pool() *pgxpool.Pool { return db.pool }

// Close waits for connections in use to be returned and closes them.
func (db *DB) Close() error {
	db.pool.Close()
	return nil
}

// write runs fn in a READ COMMITTED transaction, again when PostgreSQL
// reports a serialization failure or a deadlock. On any error nothing fn
// did is kept, which is how every Store method meets the atomicity
// contract.
func (db *DB) write(ctx context.Context, fn func(tx pgx.Tx) error) error {
	const attempts = 8
	var err error
	for i := range attempts {
		err = db.inTx(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted}, fn)
		if !retryable(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(time.Duration(i+1) * 5 * time.Millisecond):
		}
	}
	return err
}

// writePipelined runs a read-modify-write transaction in two round trips
// rather than one per statement, for the hot paths of a server where a
// round trip costs more than the statements: BEGIN and the statements read
// queues go in one batch, whose results scan reads; then write decides (in
// Go, between the round trips) and queues the changes, sent with COMMIT.
// Retried as write is.
func (db *DB) writePipelined(ctx context.Context, read func(*pgx.Batch), scan func(pgx.BatchResults) error, write func(*pgx.Batch) error) error {
	const attempts = 8
	var err error
	for i := range attempts {
		err = db.pipelinedOnce(ctx, read, scan, write)
		if !retryable(err) {
			return db.unavailable(err)
		}
		select {
		case <-ctx.Done():
			return db.unavailable(err)
		case <-time.After(time.Duration(i+1) * 5 * time.Millisecond):
		}
	}
	return db.unavailable(err)
}

func (db *DB) pipelinedOnce(ctx context.Context, read func(*pgx.Batch), scan func(pgx.BatchResults) error, write func(*pgx.Batch) error) (err error) {
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	// The pool closes a connection released inside a transaction, so even
	// a failed ROLLBACK leaves nothing half-done behind.
	defer conn.Release()
	defer func() {
		if err != nil {
			conn.Exec(context.Background(), "ROLLBACK")
		}
	}()
	b := &pgx.Batch{}
	b.Queue("BEGIN ISOLATION LEVEL READ COMMITTED")
	read(b)
	br := conn.SendBatch(ctx, b)
	if _, err = br.Exec(); err == nil {
		err = scan(br)
	}
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	w := &pgx.Batch{}
	if err = write(w); err != nil {
		return err
	}
	w.Queue("COMMIT")
	return conn.SendBatch(ctx, w).Close()
}

// read runs fn in a read-only snapshot.
func (db *DB) read(ctx context.Context, fn func(tx pgx.Tx) error) error {
	return db.inTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, fn)
}

func (db *DB) inTx(ctx context.Context, opts pgx.TxOptions, fn func(tx pgx.Tx) error) error {
	tx, err := db.pool.BeginTx(ctx, opts)
	if err != nil {
		return db.unavailable(fmt.Errorf("begin transaction: %w", err))
	}
	if err := fn(tx); err != nil {
		tx.Rollback(context.Background())
		return db.unavailable(err)
	}
	if err := tx.Commit(ctx); err != nil {
		return db.unavailable(fmt.Errorf("commit: %w", err))
	}
	return nil
}

func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}

// unavailable turns a database that cannot be reached, or a statement that
// ran past its timeout, into EUNAVAILABLE with a message that says nothing
// was changed; other errors pass through.
func (db *DB) unavailable(err error) error {
	if err == nil {
		return nil
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "57014":
			return opslens.Errorf(opslens.EUNAVAILABLE, "database %s: the statement ran past its timeout and was cancelled; nothing was changed, try again", db.name)
		case strings.HasPrefix(pe.Code, "08"), pe.Code == "57P01", pe.Code == "57P02", pe.Code == "57P03", pe.Code == "53300":
			return opslens.Errorf(opslens.EUNAVAILABLE, "database %s is not available (%s); nothing was changed, try again", db.name, pe.Message)
		}
		return err
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) || pgconn.Timeout(err) || isConnLost(err) {
		return opslens.Errorf(opslens.EUNAVAILABLE,
			"cannot reach PostgreSQL at %s: %v; check the address in --db and that the server is running", db.name, rootCause(err))
	}
	return err
}

// isConnLost reports an error from a connection that broke mid-use.
func isConnLost(err error) bool {
	var oe *opslens.Error
	if errors.As(err, &oe) || errors.Is(err, context.Canceled) {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "conn closed") || strings.Contains(s, "connection reset") ||
		strings.Contains(s, "broken pipe") || strings.Contains(s, "unexpected EOF") || strings.Contains(s, "failed to connect")
}

func rootCause(err error) error {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err
		}
		err = next
	}
}

// isUnique reports a UNIQUE or PRIMARY KEY violation, which the store turns
// into ECONFLICT.
func isUnique(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

// now is the store's clock, truncated to milliseconds as in every backend.
func now() time.Time { return time.Now().UTC().Truncate(time.Millisecond) }

// stamp returns t in UTC, or the current time when t is zero.
func stamp(t time.Time) time.Time {
	if t.IsZero() {
		return now()
	}
	return t.UTC()
}

// optTime stores a zero time as NULL (never).
func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func fromOptTime(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

type scanner interface{ Scan(dest ...any) error }

// querier is what the store's helpers need of a transaction, which the
// pool offers as well: reads that are one statement run on the pool
// without a transaction's two extra round trips.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
	CopyFrom(ctx context.Context, table pgx.Identifier, columns []string, src pgx.CopyFromSource) (int64, error)
}

// queryAll runs a query and scans every row with scan.
func queryAll[T any](ctx context.Context, tx querier, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := tx.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (T, error) { return scan(r) })
	if len(out) == 0 {
		// nil, not empty, for no rows: as the SQLite store returns, so
		// values read from either backend compare equal.
		out = nil
	}
	return out, err
}

// exists reports whether query returns a row.
func exists(ctx context.Context, tx querier, query string, args ...any) (bool, error) {
	var ok bool
	err := tx.QueryRow(ctx, `SELECT EXISTS (`+query+`)`, args...).Scan(&ok)
	return ok, err
}

// Package sqlite is the embedded default opslens.Store: one SQLite file,
// accessed through database/sql with the pure-Go modernc.org/sqlite driver so
// the binary needs no cgo.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/opslens/opslens"

	sqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// DB is an opslens.Store backed by a SQLite database file. It is safe for
// concurrent use, including by several DB values (or processes) sharing one
// file.
type DB struct {
	sql  *sql.DB
	path string
	wait time.Duration // how long a writer waits for the lock
	// writeSlot queues this process's write transactions in Go. SQLite
	// lets one writer in at a time; without the queue, writers of one
	// busy server would find the lock taken and sleep in SQLite's busy
	// handler (1, 2, 5… 100 ms between tries), which costs far more than
	// waiting in line. Writers from other processes (the CLI beside a
	// server) still meet the busy timeout.
	writeSlot chan struct{}
	ckpt      *checkpointer // nil for an in-memory database
}

// Option tunes Open.
type Option func(*DB)

// WithBusyTimeout sets how long a change waits for other writers to finish
// before it fails with EUNAVAILABLE (default DefaultBusyTimeout). Busy
// scripts running many opslens processes at once may want longer.
func WithBusyTimeout(d time.Duration) Option {
	return func(db *DB) {
		if d > 0 {
			db.wait = d
		}
	}
}

var _ opslens.Store = (*DB)(nil)

// memoryPath opens a private in-memory database, handy for tests of other
// packages that want a real store without touching the file system.
const memoryPath = ":memory:"

// Open opens (creating if needed) the database at path and brings its schema
// up to date. It refuses a database written by a newer opslens, since this
// binary cannot know what the newer schema means.
func Open(ctx context.Context, path string, opts ...Option) (*DB, error) {
	if path == "" {
		return nil, opslens.Errorf(opslens.EINVALID, "database path is empty")
	}
	db := &DB{path: path, wait: DefaultBusyTimeout, writeSlot: make(chan struct{}, 1)}
	for _, o := range opts {
		o(db)
	}
	dsn, err := dataSourceName(path, db.wait)
	if err != nil {
		return nil, err
	}
	sdb := sql.OpenDB(connector{dsn: dsn})
	if path == memoryPath {
		// Every connection to :memory: is a separate, empty database.
		sdb.SetMaxOpenConns(1)
	} else {
		// database/sql keeps 2 idle connections by default: under a
		// server's concurrent requests the others were closed after each
		// use and opened again (schema parse, pragmas) for the next.
		// Connections stay open a while instead, as many as the busiest
		// moment needed.
		sdb.SetMaxIdleConns(maxIdleConns)
		sdb.SetConnMaxIdleTime(5 * time.Minute)
	}
	db.sql = sdb
	if err := db.retryBusy(ctx, func() error { return sdb.PingContext(ctx) }); err != nil {
		sdb.Close()
		return nil, db.busy(fmt.Errorf("open database %s: %w", path, err))
	}
	if err := db.retryBusy(ctx, func() error { return db.migrate(ctx) }); err != nil {
		sdb.Close()
		return nil, db.busy(err)
	}
	if path != memoryPath {
		db.startCheckpoints()
	}
	return db, nil
}

// maxIdleConns bounds the connections kept open between requests.
const maxIdleConns = 64

// retryBusy retries fn while SQLite reports SQLITE_BUSY, for up to the busy
// timeout, like the busy_timeout pragma. Switching a new file to WAL mode, which the
// first connection of every process does, can fail with SQLITE_BUSY at once
// without consulting the busy handler when two processes open the file
// together.
func (db *DB) retryBusy(ctx context.Context, fn func() error) error {
	deadline := time.Now().Add(db.wait)
	wait := 5 * time.Millisecond
	for {
		err := fn()
		var e *sqlite.Error
		if err == nil || !errors.As(err, &e) || e.Code()&0xff != sqlite3.SQLITE_BUSY || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(wait):
		}
		wait = min(2*wait, 200*time.Millisecond)
	}
}

// dataSourceName builds a file: URI so that any character in the path
// (including '?' and '#') is escaped rather than parsed as URI syntax.
func dataSourceName(path string, wait time.Duration) (string, error) {
	// The pragmas are per connection, so they belong in the DSN where the
	// driver applies them to every pooled connection. Write transactions
	// begin IMMEDIATE: a deferred transaction that later upgrades to a write
	// lock fails with SQLITE_BUSY at once in WAL mode instead of waiting out
	// busy_timeout, which breaks concurrent writers.
	q := "_pragma=busy_timeout(" + fmt.Sprint(wait.Milliseconds()) + ")&_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=wal_autocheckpoint(0)&_txlock=immediate"
	if path == memoryPath {
		return "file::memory:?" + q, nil
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("open database %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return "", fmt.Errorf("create database directory: %w", err)
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: q}
	if u.Path[0] != '/' {
		u.Path = "/" + u.Path // Windows drive letters need a leading slash in URIs.
	}
	return u.String(), nil
}

// Path returns the path the database was opened with.
func (db *DB) Path() string { return db.path }

// Close releases the database. Pending WAL content is checkpointed by SQLite
// when the last connection closes.
func (db *DB) Close() error {
	db.stopCheckpoints()
	return db.sql.Close()
}

// write runs fn in a write transaction: on any error nothing fn did is kept,
// which is how every Store method meets the atomicity contract.
func (db *DB) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	select {
	case db.writeSlot <- struct{}{}:
	case <-ctx.Done():
		return opslens.Errorf(opslens.EUNAVAILABLE, "database %s is busy: the request ended while waiting for other writers; nothing was changed", db.path)
	}
	defer func() { <-db.writeSlot }()
	return db.inTx(ctx, nil, fn)
}

// read runs fn in a read-only (deferred) transaction so that methods issuing
// several queries see one consistent snapshot without taking the write lock.
func (db *DB) read(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return db.inTx(ctx, &sql.TxOptions{ReadOnly: true}, fn)
}

func (db *DB) inTx(ctx context.Context, opts *sql.TxOptions, fn func(tx *sql.Tx) error) error {
	tx, err := db.sql.BeginTx(ctx, opts)
	if err != nil {
		return db.busy(fmt.Errorf("begin transaction: %w", err))
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return db.busy(err)
	}
	if err := tx.Commit(); err != nil {
		return db.busy(fmt.Errorf("commit: %w", err))
	}
	return nil
}

// DefaultBusyTimeout is how long a connection waits for another writer's
// lock before SQLite gives up; it is the busy_timeout pragma of every
// connection. Write transactions are milliseconds long, so five seconds
// covers dozens of processes queueing on one file.
const DefaultBusyTimeout = 5 * time.Second

// busy turns SQLite's "database is locked" into EUNAVAILABLE with a message
// that says what happened and that nothing changed: the transaction was
// rolled back, and the command can simply be run again.
func (db *DB) busy(err error) error {
	var e *sqlite.Error
	if errors.As(err, &e) && (e.Code()&0xff == sqlite3.SQLITE_BUSY || e.Code()&0xff == sqlite3.SQLITE_LOCKED) {
		return opslens.Errorf(opslens.EUNAVAILABLE,
			"database %s is busy: other writers held it for more than %s; nothing was changed, try again", db.path, db.wait)
	}
	return err
}

// isUnique reports whether err is a UNIQUE or PRIMARY KEY violation, which
// the store turns into ECONFLICT.
func isUnique(err error) bool {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	return e.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || e.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}

// now is the store's clock, truncated to milliseconds so that a time read
// back equals the time a caller saw after any backend's round trip.
func now() time.Time { return time.Now().UTC().Truncate(time.Millisecond) }

// stamp returns t in UTC, or the current time when t is zero: callers may
// supply times (imports, tests with fixed clocks) or leave them to the store.
func stamp(t time.Time) time.Time {
	if t.IsZero() {
		return now()
	}
	return t.UTC()
}

func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored time %q: %w", s, err)
	}
	return t.UTC(), nil
}

// queryStrings runs a one-column query and returns its values.
func queryStrings(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]string, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// exists reports whether query returns a row.
func exists(ctx context.Context, tx *sql.Tx, query string, args ...any) (bool, error) {
	var one int
	err := tx.QueryRowContext(ctx, query, args...).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// queryAll runs a query and scans every row with scan.
func queryAll[T any](ctx context.Context, tx *sql.Tx, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// OpenJobDB opens a second handle on the same file for the job queue,
// whose SQLite driver wants a pool of one connection: the queue's own
// polling then never competes with itself for the write lock, and waits
// out the store's writers with the same busy timeout.
func (db *DB) OpenJobDB() (*sql.DB, error) {
	if db.path == memoryPath {
		return nil, opslens.Errorf(opslens.EINVALID, "an in-memory database cannot hold a job queue: give a file")
	}
	dsn, err := dataSourceName(db.path, db.wait)
	if err != nil {
		return nil, err
	}
	sdb := sql.OpenDB(connector{dsn: dsn})
	sdb.SetMaxOpenConns(1)
	return sdb, nil
}

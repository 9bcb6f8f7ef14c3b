package postgres

import (
	"context"
	"embed"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opslens/opslens/internal/migration"
)

// Migrations are embedded so the binary carries its schema.
//
//go:embed migrations/*.sql
var migrationFS embed.FS

// migrateLock is the advisory lock key that serialises migrations: replicas
// starting together queue on it, the first applies what is pending, and the
// others find nothing left to do.
const migrateLock int64 = 0x6f70736c656e73 // "opslens"

func (db *DB) migrate(ctx context.Context) error {
	ms, err := migration.Load(migrationFS)
	if err != nil {
		return fmt.Errorf("load migrations: %w", err)
	}
	return db.applyMigrations(ctx, ms)
}

// withMigrationLock runs fn on one connection that holds the migration
// lock (a session advisory lock, released when fn returns).
func (db *DB) withMigrationLock(ctx context.Context, fn func(conn *pgxpool.Conn) error) error {
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("connect to %s: %w", db.name, err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, migrateLock); err != nil {
		return fmt.Errorf("take the migration lock: %w", err)
	}
	defer conn.Exec(context.Background(), `SELECT pg_advisory_unlock($1)`, migrateLock)
	return fn(conn)
}

// WithMigrationLock runs fn while holding the lock that serialises schema
// changes, for the job queue's own migrations: replicas starting together
// then apply them once.
func (db *DB) WithMigrationLock(ctx context.Context, fn func() error) error {
	err := db.withMigrationLock(ctx, func(*pgxpool.Conn) error { return fn() })
	return db.unavailable(err)
}

// applyMigrations applies pending migrations, each in its own transaction,
// under the migration lock.
func (db *DB) applyMigrations(ctx context.Context, ms []migration.Migration) error {
	return db.withMigrationLock(ctx, func(conn *pgxpool.Conn) error {
		if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version    integer PRIMARY KEY,
			applied_at timestamptz NOT NULL
		)`); err != nil {
			return fmt.Errorf("create schema_migrations: %w", err)
		}
		var cur int
		if err := conn.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&cur); err != nil {
			return fmt.Errorf("read schema version: %w", err)
		}
		pending, err := migration.Pending(ms, cur, db.name)
		if err != nil {
			return err
		}
		for _, m := range pending {
			err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
				if _, err := tx.Exec(ctx, m.SQL); err != nil {
					return fmt.Errorf("apply migration %s: %w", m.Name, err)
				}
				_, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)`, m.Version, now())
				return err
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
}

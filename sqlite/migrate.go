package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"

	"github.com/opslens/opslens/internal/migration"
)

// Migrations are embedded so the binary carries its schema.
//
//go:embed migrations/*.sql
var migrationFS embed.FS

func (db *DB) migrate(ctx context.Context) error {
	ms, err := migration.Load(migrationFS)
	if err != nil {
		return fmt.Errorf("load migrations: %w", err)
	}
	return db.applyMigrations(ctx, ms)
}

// applyMigrations brings the schema up to the last of ms, one migration per
// write transaction. Each transaction re-reads the current version first, so
// two processes opening the same new file at once apply each migration once,
// and an up-to-date database costs a single short transaction.
func (db *DB) applyMigrations(ctx context.Context, ms []migration.Migration) error {
	for {
		done := false
		err := db.write(ctx, func(tx *sql.Tx) error {
			cur, err := schemaVersion(ctx, tx)
			if err != nil {
				return err
			}
			pending, err := migration.Pending(ms, cur, db.path)
			if err != nil || len(pending) == 0 {
				done = true
				return err
			}
			m := pending[0]
			if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
				return fmt.Errorf("apply migration %s: %w", m.Name, err)
			}
			_, err = tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`,
				m.Version, formatTime(now()))
			if err != nil {
				return fmt.Errorf("record migration %s: %w", m.Name, err)
			}
			return nil
		})
		if err != nil || done {
			return err
		}
	}
}

// schemaVersion creates the bookkeeping table on first use and returns the
// highest applied version, 0 for a new database.
func schemaVersion(ctx context.Context, tx *sql.Tx) (int, error) {
	_, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		applied_at TEXT NOT NULL
	)`)
	if err != nil {
		return 0, fmt.Errorf("create schema_migrations: %w", err)
	}
	var v int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return v, nil
}

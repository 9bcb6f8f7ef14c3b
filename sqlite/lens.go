package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/opslens/opslens"
)

// CreateLens stores a custom lens; ECONFLICT if the alias is taken.
func (db *DB) CreateLens(ctx context.Context, rec opslens.LensRecord) error {
	if err := opslens.ValidateLensRecord(rec); err != nil {
		return err
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO lenses (alias, data, imported_at) VALUES (?, ?, ?)`,
			rec.Alias, rec.Data, formatTime(stamp(rec.ImportedAt)))
		if isUnique(err) {
			return opslens.Errorf(opslens.ECONFLICT, "lens %q already exists", rec.Alias)
		}
		if err != nil {
			return fmt.Errorf("create lens %q: %w", rec.Alias, err)
		}
		return audit(ctx, tx, 0, opslens.AuditLensImport, rec.Alias, "created")
	})
}

// ReplaceLens overwrites a custom lens that no workload or milestone uses.
func (db *DB) ReplaceLens(ctx context.Context, rec opslens.LensRecord) error {
	if err := opslens.ValidateLensRecord(rec); err != nil {
		return err
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		if err := lensUnused(ctx, tx, rec.Alias, "replaced"); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE lenses SET data = ?, imported_at = ? WHERE alias = ?`,
			rec.Data, formatTime(stamp(rec.ImportedAt)), rec.Alias)
		if err != nil {
			return fmt.Errorf("replace lens %q: %w", rec.Alias, err)
		}
		return audit(ctx, tx, 0, opslens.AuditLensImport, rec.Alias, "replaced")
	})
}

// Lens returns a custom lens by alias.
func (db *DB) Lens(ctx context.Context, alias string) (opslens.LensRecord, error) {
	row := db.sql.QueryRowContext(ctx, `SELECT alias, data, imported_at FROM lenses WHERE alias = ?`, alias)
	rec, err := scanLens(row)
	if errors.Is(err, sql.ErrNoRows) {
		return opslens.LensRecord{}, opslens.Errorf(opslens.ENOTFOUND, "lens %q not found", alias)
	}
	if err != nil {
		return opslens.LensRecord{}, fmt.Errorf("load lens %q: %w", alias, err)
	}
	return rec, nil
}

// Lenses returns every custom lens ordered by alias.
func (db *DB) Lenses(ctx context.Context) ([]opslens.LensRecord, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT alias, data, imported_at FROM lenses ORDER BY alias`)
	if err != nil {
		return nil, fmt.Errorf("list lenses: %w", err)
	}
	defer rows.Close()
	var out []opslens.LensRecord
	for rows.Next() {
		rec, err := scanLens(rows)
		if err != nil {
			return nil, fmt.Errorf("list lenses: %w", err)
		}
		out = append(out, rec)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list lenses: %w", err)
	}
	return out, nil
}

// DeleteLens removes a custom lens that no workload or milestone uses.
func (db *DB) DeleteLens(ctx context.Context, alias string) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		if err := lensUnused(ctx, tx, alias, "deleted"); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM lenses WHERE alias = ?`, alias); err != nil {
			return fmt.Errorf("delete lens %q: %w", alias, err)
		}
		return audit(ctx, tx, 0, opslens.AuditLensDelete, alias, "")
	})
}

type scanner interface{ Scan(dest ...any) error }

func scanLens(s scanner) (opslens.LensRecord, error) {
	var rec opslens.LensRecord
	var at string
	if err := s.Scan(&rec.Alias, &rec.Data, &at); err != nil {
		return rec, err
	}
	t, err := parseTime(at)
	rec.ImportedAt = t
	return rec, err
}

// lensUnused returns ENOTFOUND for a lens that is not stored, and ECONFLICT
// naming one user of a stored lens, so the message tells the user what to
// change first. Recorded milestones are immutable, so for those the only way
// out is deleting the workload.
func lensUnused(ctx context.Context, tx *sql.Tx, alias, verb string) error {
	ok, err := exists(ctx, tx, `SELECT 1 FROM lenses WHERE alias = ?`, alias)
	if err != nil {
		return fmt.Errorf("load lens %q: %w", alias, err)
	}
	if !ok {
		return opslens.Errorf(opslens.ENOTFOUND, "lens %q not found", alias)
	}
	var name string
	err = tx.QueryRowContext(ctx, `
		SELECT w.name FROM workload_lenses wl JOIN workloads w ON w.id = wl.workload_id
		WHERE wl.lens_alias = ? ORDER BY w.name LIMIT 1`, alias).Scan(&name)
	switch {
	case err == nil:
		return opslens.Errorf(opslens.ECONFLICT, "lens %q cannot be %s: workload %q applies it; remove it from the workload first", alias, verb, name)
	case !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("check use of lens %q: %w", alias, err)
	}
	var number int
	err = tx.QueryRowContext(ctx, `
		SELECT w.name, ml.number FROM milestone_lenses ml JOIN workloads w ON w.id = ml.workload_id
		WHERE ml.lens_alias = ? ORDER BY w.name, ml.number LIMIT 1`, alias).Scan(&name, &number)
	switch {
	case err == nil:
		return opslens.Errorf(opslens.ECONFLICT, "lens %q cannot be %s: milestone %d of workload %q records a review with it", alias, verb, number, name)
	case !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("check use of lens %q: %w", alias, err)
	}
	return nil
}

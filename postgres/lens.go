package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/opslens/opslens"
)

// CreateLens stores a custom lens; ECONFLICT if the alias is taken.
func (db *DB) CreateLens(ctx context.Context, rec opslens.LensRecord) error {
	if err := opslens.ValidateLensRecord(rec); err != nil {
		return err
	}
	return db.write(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO lenses (alias, data, imported_at) VALUES ($1, $2, $3)`,
			rec.Alias, rec.Data, stamp(rec.ImportedAt))
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
	return db.write(ctx, func(tx pgx.Tx) error {
		if err := lensUnused(ctx, tx, rec.Alias, "replaced"); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE lenses SET data = $1, imported_at = $2 WHERE alias = $3`,
			rec.Data, stamp(rec.ImportedAt), rec.Alias); err != nil {
			return fmt.Errorf("replace lens %q: %w", rec.Alias, err)
		}
		return audit(ctx, tx, 0, opslens.AuditLensImport, rec.Alias, "replaced")
	})
}

// Lens returns a custom lens by alias.
func (db *DB) Lens(ctx context.Context, alias string) (opslens.LensRecord, error) {
	rec, err := scanLens(db.pool.QueryRow(ctx, `SELECT alias, data, imported_at FROM lenses WHERE alias = $1`, alias))
	if errors.Is(err, pgx.ErrNoRows) {
		return opslens.LensRecord{}, opslens.Errorf(opslens.ENOTFOUND, "lens %q not found", alias)
	}
	if err != nil {
		return opslens.LensRecord{}, db.unavailable(fmt.Errorf("load lens %q: %w", alias, err))
	}
	return rec, nil
}

// Lenses returns every custom lens ordered by alias.
func (db *DB) Lenses(ctx context.Context) ([]opslens.LensRecord, error) {
	var out []opslens.LensRecord
	err := db.read(ctx, func(tx pgx.Tx) error {
		var err error
		out, err = queryAll(ctx, tx, scanLens, `SELECT alias, data, imported_at FROM lenses ORDER BY alias`)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list lenses: %w", err)
	}
	return out, nil
}

// DeleteLens removes a custom lens that no workload or milestone uses.
func (db *DB) DeleteLens(ctx context.Context, alias string) error {
	return db.write(ctx, func(tx pgx.Tx) error {
		if err := lensUnused(ctx, tx, alias, "deleted"); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM lenses WHERE alias = $1`, alias); err != nil {
			return fmt.Errorf("delete lens %q: %w", alias, err)
		}
		return audit(ctx, tx, 0, opslens.AuditLensDelete, alias, "")
	})
}

func scanLens(s scanner) (opslens.LensRecord, error) {
	var rec opslens.LensRecord
	err := s.Scan(&rec.Alias, &rec.Data, &rec.ImportedAt)
	return rec, err
}

// lensUnused returns ENOTFOUND for a lens that is not stored, and ECONFLICT
// naming one user of a stored lens. It locks the lens row, so a workload
// cannot start using the lens between the check and the change.
func lensUnused(ctx context.Context, tx querier, alias, verb string) error {
	var one int
	err := tx.QueryRow(ctx, `SELECT 1 FROM lenses WHERE alias = $1 FOR UPDATE`, alias).Scan(&one)
	if errors.Is(err, pgx.ErrNoRows) {
		return opslens.Errorf(opslens.ENOTFOUND, "lens %q not found", alias)
	}
	if err != nil {
		return fmt.Errorf("load lens %q: %w", alias, err)
	}
	var name string
	err = tx.QueryRow(ctx, `
		SELECT w.name FROM workload_lenses wl JOIN workloads w ON w.id = wl.workload_id
		WHERE wl.lens_alias = $1 ORDER BY w.name LIMIT 1`, alias).Scan(&name)
	switch {
	case err == nil:
		return opslens.Errorf(opslens.ECONFLICT, "lens %q cannot be %s: workload %q applies it; remove it from the workload first", alias, verb, name)
	case !errors.Is(err, pgx.ErrNoRows):
		return fmt.Errorf("check use of lens %q: %w", alias, err)
	}
	var number int
	err = tx.QueryRow(ctx, `
		SELECT w.name, ml.number FROM milestone_lenses ml JOIN workloads w ON w.id = ml.workload_id
		WHERE ml.lens_alias = $1 ORDER BY w.name, ml.number LIMIT 1`, alias).Scan(&name, &number)
	switch {
	case err == nil:
		return opslens.Errorf(opslens.ECONFLICT, "lens %q cannot be %s: milestone %d of workload %q records a review with it", alias, verb, number, name)
	case !errors.Is(err, pgx.ErrNoRows):
		return fmt.Errorf("check use of lens %q: %w", alias, err)
	}
	return nil
}

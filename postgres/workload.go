package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/opslens/opslens"
)

const workloadColumns = `id, name, description, environment, owner, review_owner, locations,
	architectural_design, industry, industry_type, tags, notes, pillar_priorities, created_at, updated_at, version, profile`

// CreateWorkload stores w and sets its ID and timestamps. w is only changed
// on success.
func (db *DB) CreateWorkload(ctx context.Context, w *opslens.Workload) error {
	if err := opslens.ValidateStoredWorkload(w); err != nil {
		return err
	}
	j, err := w.EncodeColumns()
	if err != nil {
		return err
	}
	t := now()
	var id int64
	err = db.write(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO workloads (
			name, description, environment, owner, review_owner, locations, architectural_design,
			industry, industry_type, tags, notes, pillar_priorities, created_at, updated_at, profile
		) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14) RETURNING id`,
			w.Name, w.Description, w.Environment, w.Owner, w.ReviewOwner, j.Locations, w.ArchitecturalDesign,
			w.Industry, w.IndustryType, j.Tags, w.Notes, j.PillarPriorities, t, j.Profile).Scan(&id)
		if isUnique(err) {
			return opslens.Errorf(opslens.ECONFLICT, "workload %q already exists", w.Name)
		}
		if err != nil {
			return fmt.Errorf("create workload %q: %w", w.Name, err)
		}
		if err := setWorkloadLenses(ctx, tx, id, w); err != nil {
			return err
		}
		if err := insertOwner(ctx, tx, id, opslens.ActorFrom(ctx)); err != nil {
			return err
		}
		return audit(ctx, tx, id, opslens.AuditWorkloadCreate, w.Name, "")
	})
	if err != nil {
		return err
	}
	w.ID, w.CreatedAt, w.UpdatedAt, w.Version = id, t, t, 1
	return nil
}

// Workload returns a workload by name, compared without regard to case.
// One statement reads it with its lenses, so no transaction is needed.
func (db *DB) Workload(ctx context.Context, name string) (*opslens.Workload, error) {
	w, err := loadWorkload(ctx, db.pool, `lower(name) = lower($1)`, name, false)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, opslens.Errorf(opslens.ENOTFOUND, "workload %q not found", name)
	}
	return w, db.unavailable(err)
}

// WorkloadByID returns a workload by its ID.
func (db *DB) WorkloadByID(ctx context.Context, id int64) (*opslens.Workload, error) {
	w, err := loadWorkload(ctx, db.pool, `id = $1`, id, false)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, opslens.Errorf(opslens.ENOTFOUND, "workload with ID %d not found", id)
	}
	return w, db.unavailable(err)
}

// loadWorkload reads one workload with its lenses in one statement; where
// selects it by one argument, and lock takes the row lock that serialises
// read-modify-writes of it. pgx.ErrNoRows comes back unwrapped for the
// caller to name.
func loadWorkload(ctx context.Context, tx querier, where string, arg any, lock bool) (*opslens.Workload, error) {
	q := `SELECT ` + workloadColumns + `,
		ARRAY(SELECT lens_alias FROM workload_lenses WHERE workload_id = workloads.id ORDER BY position)
		FROM workloads WHERE ` + where
	if lock {
		q += ` FOR NO KEY UPDATE`
	}
	var lenses []string
	w, err := scanWorkloadWith(tx.QueryRow(ctx, q, arg), &lenses)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("load workload %v: %w", arg, err)
	}
	if len(lenses) > 0 {
		w.Lenses = lenses
	}
	return w, nil
}

// Workloads returns every workload ordered by name.
func (db *DB) Workloads(ctx context.Context) ([]*opslens.Workload, error) {
	var out []*opslens.Workload
	err := db.read(ctx, func(tx pgx.Tx) error {
		var err error
		out, err = queryAll(ctx, tx, scanWorkload, `SELECT `+workloadColumns+` FROM workloads ORDER BY lower(name), name`)
		if err != nil {
			return err
		}
		return addLensLists(ctx, tx, out)
	})
	if err != nil {
		return nil, fmt.Errorf("list workloads: %w", err)
	}
	return out, nil
}

// addLensLists fills the lens lists of many workloads with one query.
func addLensLists(ctx context.Context, tx querier, ws []*opslens.Workload) error {
	byID := make(map[int64]*opslens.Workload, len(ws))
	for _, w := range ws {
		byID[w.ID] = w
	}
	rows, err := tx.Query(ctx, `SELECT workload_id, lens_alias FROM workload_lenses ORDER BY workload_id, position`)
	if err != nil {
		return err
	}
	var id int64
	var alias string
	_, err = pgx.ForEachRow(rows, []any{&id, &alias}, func() error {
		if w := byID[id]; w != nil {
			w.Lenses = append(w.Lenses, alias)
		}
		return nil
	})
	return err
}

// UpdateWorkload reads the workload under a row lock, changes it and saves
// it in one transaction, so concurrent updates queue on the lock.
func (db *DB) UpdateWorkload(ctx context.Context, id int64, fn func(w *opslens.Workload) error) (*opslens.Workload, error) {
	var out *opslens.Workload
	err := db.write(ctx, func(tx pgx.Tx) error {
		w, err := loadWorkload(ctx, tx, `id = $1`, id, true)
		if errors.Is(err, pgx.ErrNoRows) {
			return opslens.Errorf(opslens.ENOTFOUND, "workload with ID %d not found", id)
		}
		if err != nil {
			return err
		}
		before, err := opslens.ChangeWorkload(w, fn, now())
		if err != nil {
			return err
		}
		if err := saveWorkload(ctx, tx, w); err != nil {
			return err
		}
		out = w
		return audit(ctx, tx, id, opslens.AuditWorkloadUpdate, w.Name, opslens.AuditWorkloadChange(&before, w))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func saveWorkload(ctx context.Context, tx querier, w *opslens.Workload) error {
	j, err := w.EncodeColumns()
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE workloads SET
			name = $1, description = $2, environment = $3, owner = $4, review_owner = $5, locations = $6,
			architectural_design = $7, industry = $8, industry_type = $9, tags = $10, notes = $11,
			pillar_priorities = $12, updated_at = $13, version = $14, profile = $16
		WHERE id = $15`,
		w.Name, w.Description, w.Environment, w.Owner, w.ReviewOwner, j.Locations,
		w.ArchitecturalDesign, w.Industry, w.IndustryType, j.Tags, w.Notes,
		j.PillarPriorities, w.UpdatedAt, w.Version, w.ID, j.Profile)
	switch {
	case isUnique(err):
		return opslens.Errorf(opslens.ECONFLICT, "cannot rename workload to %q: a workload of that name already exists", w.Name)
	case err != nil:
		return fmt.Errorf("update workload %q: %w", w.Name, err)
	}
	lenses := w.Lenses
	if lenses == nil {
		lenses = []string{}
	}
	if _, err := tx.Exec(ctx, `DELETE FROM workload_lenses WHERE workload_id = $1 AND NOT (lens_alias = ANY ($2))`,
		w.ID, lenses); err != nil {
		return fmt.Errorf("update lenses of workload %q: %w", w.Name, err)
	}
	return setWorkloadLenses(ctx, tx, w.ID, w)
}

// Snapshot reads a workload and all its answers in one read transaction.
func (db *DB) Snapshot(ctx context.Context, workloadID int64) (opslens.Snapshot, error) {
	var snap opslens.Snapshot
	err := db.read(ctx, func(tx pgx.Tx) error {
		var err error
		snap, err = readSnapshot(ctx, tx, workloadID)
		return err
	})
	return snap, err
}

// readSnapshot captures a workload's review inside tx.
func readSnapshot(ctx context.Context, tx querier, id int64) (opslens.Snapshot, error) {
	w, err := loadWorkload(ctx, tx, `id = $1`, id, false)
	if errors.Is(err, pgx.ErrNoRows) {
		return opslens.Snapshot{}, opslens.Errorf(opslens.ENOTFOUND, "workload with ID %d not found", id)
	}
	if err != nil {
		return opslens.Snapshot{}, err
	}
	snap := opslens.Snapshot{Workload: *w}
	for _, alias := range w.Lenses {
		answers, err := loadAnswers(ctx, tx, id, alias)
		if err != nil {
			return opslens.Snapshot{}, fmt.Errorf("load answers of workload %q for lens %q: %w", w.Name, alias, err)
		}
		evidence, err := loadEvidence(ctx, tx, id, alias)
		if err != nil {
			return opslens.Snapshot{}, fmt.Errorf("load evidence of workload %q for lens %q: %w", w.Name, alias, err)
		}
		snap.Reviews = append(snap.Reviews, opslens.LensAnswers{LensAlias: alias, Answers: answers, Evidence: evidence})
	}
	return snap, nil
}

// setWorkloadLenses writes the lens order. It upserts rather than replacing
// rows because deleting a kept lens's row would cascade to its answers.
func setWorkloadLenses(ctx context.Context, tx querier, id int64, w *opslens.Workload) error {
	for i, alias := range w.Lenses {
		_, err := tx.Exec(ctx, `INSERT INTO workload_lenses (workload_id, lens_alias, position) VALUES ($1, $2, $3)
			ON CONFLICT (workload_id, lens_alias) DO UPDATE SET position = excluded.position`, id, alias, i)
		if err != nil {
			return fmt.Errorf("apply lens %q to workload %q: %w", alias, w.Name, err)
		}
	}
	return nil
}

// DeleteWorkload removes a workload; answers, milestones and shares go by
// cascade in the same transaction.
func (db *DB) DeleteWorkload(ctx context.Context, name string) error {
	return db.write(ctx, func(tx pgx.Tx) error {
		var id int64
		var stored string
		err := tx.QueryRow(ctx, `DELETE FROM workloads WHERE lower(name) = lower($1) RETURNING id, name`, name).Scan(&id, &stored)
		if errors.Is(err, pgx.ErrNoRows) {
			return opslens.Errorf(opslens.ENOTFOUND, "workload %q not found", name)
		}
		if err != nil {
			return fmt.Errorf("delete workload %q: %w", name, err)
		}
		return audit(ctx, tx, id, opslens.AuditWorkloadDelete, stored, "")
	})
}

func scanWorkload(s scanner) (*opslens.Workload, error) { return scanWorkloadWith(s) }

// scanWorkloadWith scans the workload columns followed by extra ones.
func scanWorkloadWith(s scanner, extra ...any) (*opslens.Workload, error) {
	var w opslens.Workload
	var c opslens.WorkloadColumns
	dest := []any{&w.ID, &w.Name, &w.Description, &w.Environment, &w.Owner, &w.ReviewOwner, &c.Locations,
		&w.ArchitecturalDesign, &w.Industry, &w.IndustryType, &c.Tags, &w.Notes, &c.PillarPriorities, &w.CreatedAt, &w.UpdatedAt, &w.Version, &c.Profile}
	if err := s.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	if err := w.DecodeColumns(c); err != nil {
		return nil, err
	}
	return &w, nil
}

// workloadName returns the name of the workload with the given ID, for
// methods that take an ID: they must fail with ENOTFOUND rather than
// silently act on nothing. lock takes the workload's row lock, for writes
// that must not run beside another change of the same workload.
func workloadName(ctx context.Context, tx querier, id int64, lock bool) (string, error) {
	q := `SELECT name FROM workloads WHERE id = $1`
	if lock {
		q += ` FOR NO KEY UPDATE`
	}
	var name string
	err := tx.QueryRow(ctx, q, id).Scan(&name)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", opslens.Errorf(opslens.ENOTFOUND, "workload with ID %d not found", id)
	}
	if err != nil {
		return "", fmt.Errorf("load workload %d: %w", id, err)
	}
	return name, nil
}

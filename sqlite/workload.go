package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

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
	err = db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO workloads (
			name, description, environment, owner, review_owner, locations, architectural_design,
			industry, industry_type, tags, notes, pillar_priorities, created_at, updated_at, profile
		) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			w.Name, w.Description, w.Environment, w.Owner, w.ReviewOwner, j.Locations, w.ArchitecturalDesign,
			w.Industry, w.IndustryType, j.Tags, w.Notes, j.PillarPriorities, formatTime(t), formatTime(t), j.Profile)
		if isUnique(err) {
			return opslens.Errorf(opslens.ECONFLICT, "workload %q already exists", w.Name)
		}
		if err != nil {
			return fmt.Errorf("create workload %q: %w", w.Name, err)
		}
		if id, err = res.LastInsertId(); err != nil {
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
func (db *DB) Workload(ctx context.Context, name string) (*opslens.Workload, error) {
	var w *opslens.Workload
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		w, err = loadWorkload(ctx, tx, `name = ?`, name)
		if errors.Is(err, sql.ErrNoRows) {
			return opslens.Errorf(opslens.ENOTFOUND, "workload %q not found", name)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return w, nil
}

// WorkloadByID returns a workload by its ID.
func (db *DB) WorkloadByID(ctx context.Context, id int64) (*opslens.Workload, error) {
	var w *opslens.Workload
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		w, err = loadWorkload(ctx, tx, `id = ?`, id)
		if errors.Is(err, sql.ErrNoRows) {
			return opslens.Errorf(opslens.ENOTFOUND, "workload with ID %d not found", id)
		}
		return err
	})
	return w, err
}

// loadWorkload reads one workload with its lenses; where selects it by one
// argument. sql.ErrNoRows comes back unwrapped for the caller to name.
func loadWorkload(ctx context.Context, tx *sql.Tx, where string, arg any) (*opslens.Workload, error) {
	w, err := scanWorkload(tx.QueryRowContext(ctx, `SELECT `+workloadColumns+` FROM workloads WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("load workload %v: %w", arg, err)
	}
	w.Lenses, err = queryStrings(ctx, tx,
		`SELECT lens_alias FROM workload_lenses WHERE workload_id = ? ORDER BY position`, w.ID)
	if err != nil {
		return nil, fmt.Errorf("load lenses of workload %q: %w", w.Name, err)
	}
	return w, nil
}

// Workloads returns every workload ordered by name.
func (db *DB) Workloads(ctx context.Context) ([]*opslens.Workload, error) {
	var out []*opslens.Workload
	err := db.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+workloadColumns+` FROM workloads ORDER BY name`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			w, err := scanWorkload(rows)
			if err != nil {
				return err
			}
			out = append(out, w)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		return addLensLists(ctx, tx, out)
	})
	if err != nil {
		return nil, fmt.Errorf("list workloads: %w", err)
	}
	return out, nil
}

// addLensLists fills the lens lists of many workloads with one query
// rather than one per workload.
func addLensLists(ctx context.Context, tx *sql.Tx, ws []*opslens.Workload) error {
	byID := make(map[int64]*opslens.Workload, len(ws))
	for _, w := range ws {
		byID[w.ID] = w
	}
	rows, err := tx.QueryContext(ctx, `SELECT workload_id, lens_alias FROM workload_lenses ORDER BY workload_id, position`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var alias string
		if err := rows.Scan(&id, &alias); err != nil {
			return err
		}
		if w := byID[id]; w != nil {
			w.Lenses = append(w.Lenses, alias)
		}
	}
	return rows.Err()
}

// UpdateWorkload reads, changes and saves a workload in one write
// transaction (IMMEDIATE, so no other writer gets in between). Answers of
// lenses no longer applied go by cascade from workload_lenses; milestones
// are not touched.
func (db *DB) UpdateWorkload(ctx context.Context, id int64, fn func(w *opslens.Workload) error) (*opslens.Workload, error) {
	var out *opslens.Workload
	err := db.write(ctx, func(tx *sql.Tx) error {
		w, err := loadWorkload(ctx, tx, `id = ?`, id)
		if errors.Is(err, sql.ErrNoRows) {
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

func saveWorkload(ctx context.Context, tx *sql.Tx, w *opslens.Workload) error {
	j, err := w.EncodeColumns()
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE workloads SET
			name = ?, description = ?, environment = ?, owner = ?, review_owner = ?, locations = ?,
			architectural_design = ?, industry = ?, industry_type = ?, tags = ?, notes = ?,
			pillar_priorities = ?, updated_at = ?, version = ?, profile = ?
		WHERE id = ?`,
		w.Name, w.Description, w.Environment, w.Owner, w.ReviewOwner, j.Locations,
		w.ArchitecturalDesign, w.Industry, w.IndustryType, j.Tags, w.Notes,
		j.PillarPriorities, formatTime(w.UpdatedAt), w.Version, j.Profile, w.ID)
	switch {
	case isUnique(err):
		return opslens.Errorf(opslens.ECONFLICT, "cannot rename workload to %q: a workload of that name already exists", w.Name)
	case err != nil:
		return fmt.Errorf("update workload %q: %w", w.Name, err)
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM workload_lenses
			WHERE workload_id = ? AND lens_alias NOT IN (SELECT value FROM json_each(?))`,
		w.ID, mustJSON(w.Lenses))
	if err != nil {
		return fmt.Errorf("update lenses of workload %q: %w", w.Name, err)
	}
	return setWorkloadLenses(ctx, tx, w.ID, w)
}

// Snapshot reads a workload and all its answers in one read transaction.
func (db *DB) Snapshot(ctx context.Context, workloadID int64) (opslens.Snapshot, error) {
	var snap opslens.Snapshot
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		snap, err = readSnapshot(ctx, tx, workloadID)
		return err
	})
	return snap, err
}

// readSnapshot captures a workload's review inside tx; CreateMilestone uses
// it in its write transaction.
func readSnapshot(ctx context.Context, tx *sql.Tx, id int64) (opslens.Snapshot, error) {
	w, err := loadWorkload(ctx, tx, `id = ?`, id)
	if errors.Is(err, sql.ErrNoRows) {
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
func setWorkloadLenses(ctx context.Context, tx *sql.Tx, id int64, w *opslens.Workload) error {
	for i, alias := range w.Lenses {
		_, err := tx.ExecContext(ctx, `INSERT INTO workload_lenses (workload_id, lens_alias, position) VALUES (?, ?, ?)
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
	return db.write(ctx, func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM workloads WHERE name = ?`, name).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return opslens.Errorf(opslens.ENOTFOUND, "workload %q not found", name)
		}
		if err != nil {
			return fmt.Errorf("delete workload %q: %w", name, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM workloads WHERE id = ?`, id); err != nil {
			return fmt.Errorf("delete workload %q: %w", name, err)
		}
		return audit(ctx, tx, id, opslens.AuditWorkloadDelete, name, "")
	})
}

func scanWorkload(s scanner) (*opslens.Workload, error) { return scanWorkloadWith(s) }

// scanWorkloadWith scans the workload columns followed by extra ones.
func scanWorkloadWith(s scanner, extra ...any) (*opslens.Workload, error) {
	var w opslens.Workload
	var c opslens.WorkloadColumns
	var created, updated string
	dest := []any{&w.ID, &w.Name, &w.Description, &w.Environment, &w.Owner, &w.ReviewOwner, &c.Locations,
		&w.ArchitecturalDesign, &w.Industry, &w.IndustryType, &c.Tags, &w.Notes, &c.PillarPriorities, &created, &updated, &w.Version, &c.Profile}
	if err := s.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	err := w.DecodeColumns(c)
	if err != nil {
		return nil, err
	}
	if w.CreatedAt, err = parseTime(created); err != nil {
		return nil, err
	}
	if w.UpdatedAt, err = parseTime(updated); err != nil {
		return nil, err
	}
	return &w, nil
}

// mustJSON encodes a string slice, which cannot fail.
func mustJSON(v []string) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// workloadName returns the name of the workload with the given ID, for
// methods that take an ID: they must fail with ENOTFOUND rather than
// silently act on nothing, and their messages should name the workload.
func workloadName(ctx context.Context, tx *sql.Tx, id int64) (string, error) {
	var name string
	err := tx.QueryRowContext(ctx, `SELECT name FROM workloads WHERE id = ?`, id).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", opslens.Errorf(opslens.ENOTFOUND, "workload with ID %d not found", id)
	}
	if err != nil {
		return "", fmt.Errorf("load workload %d: %w", id, err)
	}
	return name, nil
}

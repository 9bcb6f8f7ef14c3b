package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/opslens/opslens"
)

const repositoryColumns = `id, workload_id, location, every, apply, created_at`

// CreateRepository registers a repository on a workload.
func (db *DB) CreateRepository(ctx context.Context, r *opslens.Repository) error {
	if err := r.Validate(); err != nil {
		return err
	}
	created := stamp(r.CreatedAt)
	return db.write(ctx, func(tx *sql.Tx) error {
		name, err := workloadName(ctx, tx, r.WorkloadID)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO repositories (workload_id, location, every, apply, created_at) VALUES (?, ?, ?, ?, ?)`,
			r.WorkloadID, r.Location, int64(r.Every/time.Second), r.Apply, formatTime(created))
		if isUnique(err) {
			return opslens.Errorf(opslens.ECONFLICT, "workload %q has repository %s already", name, r.Location)
		}
		if err != nil {
			return fmt.Errorf("add repository %s to workload %q: %w", r.Location, name, err)
		}
		if r.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		r.CreatedAt = created
		return audit(ctx, tx, r.WorkloadID, opslens.AuditRepositoryAdd, r.Location, opslens.AuditRepository(*r))
	})
}

// Repository returns one repository.
func (db *DB) Repository(ctx context.Context, id int64) (*opslens.Repository, error) {
	var r opslens.Repository
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		r, err = scanRepository(tx.QueryRowContext(ctx, `SELECT `+repositoryColumns+` FROM repositories WHERE id = ?`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return opslens.Errorf(opslens.ENOTFOUND, "no repository with ID %d", id)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// Repositories lists a workload's repositories, or all of them.
func (db *DB) Repositories(ctx context.Context, workloadID int64) ([]opslens.Repository, error) {
	var out []opslens.Repository
	err := db.read(ctx, func(tx *sql.Tx) error {
		if workloadID != 0 {
			if _, err := workloadName(ctx, tx, workloadID); err != nil {
				return err
			}
		}
		var err error
		out, err = queryAll(ctx, tx, scanRepository, `SELECT `+repositoryColumns+` FROM repositories
			WHERE ? = 0 OR workload_id = ? ORDER BY workload_id, location`, workloadID, workloadID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list repositories: %w", err)
	}
	return out, nil
}

func scanRepository(s scanner) (opslens.Repository, error) {
	var r opslens.Repository
	var every int64
	var created string
	if err := s.Scan(&r.ID, &r.WorkloadID, &r.Location, &every, &r.Apply, &created); err != nil {
		return r, err
	}
	r.Every = time.Duration(every) * time.Second
	var err error
	r.CreatedAt, err = parseTime(created)
	return r, err
}

// DeleteRepository removes a repository and its scan runs.
func (db *DB) DeleteRepository(ctx context.Context, id int64) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		var workload int64
		var loc string
		err := tx.QueryRowContext(ctx, `DELETE FROM repositories WHERE id = ? RETURNING workload_id, location`, id).Scan(&workload, &loc)
		if errors.Is(err, sql.ErrNoRows) {
			return opslens.Errorf(opslens.ENOTFOUND, "no repository with ID %d", id)
		}
		if err != nil {
			return fmt.Errorf("delete repository %d: %w", id, err)
		}
		return audit(ctx, tx, workload, opslens.AuditRepositoryDel, loc, "")
	})
}

const scanRunColumns = `job_id, attempt, repository_id, workload_id, location, state, worker, done, total,
	commit_id, practices, preselected, error, queued_at, started_at, finished_at`

// PutScanRun records one attempt of a scan job.
func (db *DB) PutScanRun(ctx context.Context, r opslens.ScanRun) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		ok, err := exists(ctx, tx, `SELECT 1 FROM repositories WHERE id = ? AND workload_id = ?`, r.RepositoryID, r.WorkloadID)
		if err != nil {
			return err
		}
		if !ok {
			return opslens.Errorf(opslens.ENOTFOUND, "no repository with ID %d on workload %d", r.RepositoryID, r.WorkloadID)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO scan_runs (`+scanRunColumns+`)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (job_id, attempt) DO UPDATE SET state = excluded.state, worker = excluded.worker,
				done = excluded.done, total = excluded.total, commit_id = excluded.commit_id,
				practices = excluded.practices, preselected = excluded.preselected, error = excluded.error,
				started_at = excluded.started_at, finished_at = excluded.finished_at`,
			r.JobID, r.Attempt, r.RepositoryID, r.WorkloadID, r.Location, r.State, r.Worker, r.Done, r.Total,
			r.Commit, r.Practices, r.Preselected, r.Error, formatTime(stamp(r.QueuedAt)), optTime(r.StartedAt), optTime(r.FinishedAt))
		if err != nil {
			return fmt.Errorf("record scan run of job %d: %w", r.JobID, err)
		}
		return nil
	})
}

// ScanRuns returns a workload's most recent scan runs.
func (db *DB) ScanRuns(ctx context.Context, workloadID int64, limit int) ([]opslens.ScanRun, error) {
	var out []opslens.ScanRun
	err := db.read(ctx, func(tx *sql.Tx) error {
		if _, err := workloadName(ctx, tx, workloadID); err != nil {
			return err
		}
		var err error
		out, err = queryAll(ctx, tx, scanScanRun, `SELECT `+scanRunColumns+` FROM scan_runs
			WHERE workload_id = ? ORDER BY queued_at DESC, job_id DESC, attempt DESC LIMIT ?`, workloadID, max(limit, 1))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list scan runs: %w", err)
	}
	return out, nil
}

func scanScanRun(s scanner) (opslens.ScanRun, error) {
	var r opslens.ScanRun
	var queued, started, finished string
	if err := s.Scan(&r.JobID, &r.Attempt, &r.RepositoryID, &r.WorkloadID, &r.Location, &r.State, &r.Worker, &r.Done, &r.Total,
		&r.Commit, &r.Practices, &r.Preselected, &r.Error, &queued, &started, &finished); err != nil {
		return r, err
	}
	var err error
	if r.QueuedAt, err = parseTime(queued); err != nil {
		return r, err
	}
	if r.StartedAt, err = parseOptTime(started); err != nil {
		return r, err
	}
	r.FinishedAt, err = parseOptTime(finished)
	return r, err
}

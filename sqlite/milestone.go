package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/opslens/opslens"
)

// CreateMilestone stores m under the next number of its workload and sets
// m.Number, and m.RecordedAt when it is zero. m is only changed on success.
func (db *DB) CreateMilestone(ctx context.Context, m *opslens.Milestone) error {
	if strings.TrimSpace(m.Name) == "" {
		return opslens.Errorf(opslens.EINVALID, "milestone name is empty")
	}
	at := stamp(m.RecordedAt)
	var number int
	snapshot := m.Snapshot
	err := db.write(ctx, func(tx *sql.Tx) error {
		name, err := workloadName(ctx, tx, m.WorkloadID)
		if err != nil {
			return err
		}
		if snapshot.Workload.ID == 0 {
			if snapshot, err = readSnapshot(ctx, tx, m.WorkloadID); err != nil {
				return err
			}
		}
		snap, err := json.Marshal(snapshot)
		if err != nil {
			return fmt.Errorf("encode milestone %q: %w", m.Name, err)
		}
		// Safe without a retry loop: write transactions begin IMMEDIATE, so
		// no other writer can take the same number in between.
		err = tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(number), 0) + 1 FROM milestones WHERE workload_id = ?`,
			m.WorkloadID).Scan(&number)
		if err != nil {
			return fmt.Errorf("number milestone %q of workload %q: %w", m.Name, name, err)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO milestones (workload_id, number, name, recorded_at, snapshot)
			VALUES (?, ?, ?, ?, ?)`, m.WorkloadID, number, m.Name, formatTime(at), string(snap))
		if isUnique(err) {
			return opslens.Errorf(opslens.ECONFLICT, "workload %q already has a milestone named %q", name, m.Name)
		}
		if err != nil {
			return fmt.Errorf("create milestone %q of workload %q: %w", m.Name, name, err)
		}
		for _, alias := range snapshot.LensAliases() {
			_, err := tx.ExecContext(ctx, `INSERT INTO milestone_lenses (workload_id, number, lens_alias) VALUES (?, ?, ?)`,
				m.WorkloadID, number, alias)
			if err != nil {
				return fmt.Errorf("create milestone %q of workload %q: %w", m.Name, name, err)
			}
		}
		return audit(ctx, tx, m.WorkloadID, opslens.AuditMilestoneCreate, m.Name, fmt.Sprintf("milestone %d", number))
	})
	if err != nil {
		return err
	}
	m.Number, m.RecordedAt, m.Snapshot = number, at, snapshot
	return nil
}

const milestoneColumns = `workload_id, number, name, recorded_at, snapshot`

// Milestone returns milestone number of a workload.
func (db *DB) Milestone(ctx context.Context, workloadID int64, number int) (*opslens.Milestone, error) {
	var m *opslens.Milestone
	err := db.read(ctx, func(tx *sql.Tx) error {
		name, err := workloadName(ctx, tx, workloadID)
		if err != nil {
			return err
		}
		m, err = scanMilestone(tx.QueryRowContext(ctx, `SELECT `+milestoneColumns+` FROM milestones
			WHERE workload_id = ? AND number = ?`, workloadID, number))
		if errors.Is(err, sql.ErrNoRows) {
			return opslens.Errorf(opslens.ENOTFOUND, "workload %q has no milestone %d", name, number)
		}
		if err != nil {
			return fmt.Errorf("load milestone %d of workload %q: %w", number, name, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// Milestones returns a workload's milestones by ascending number.
func (db *DB) Milestones(ctx context.Context, workloadID int64) ([]*opslens.Milestone, error) {
	var out []*opslens.Milestone
	err := db.read(ctx, func(tx *sql.Tx) error {
		name, err := workloadName(ctx, tx, workloadID)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+milestoneColumns+` FROM milestones
			WHERE workload_id = ? ORDER BY number`, workloadID)
		if err != nil {
			return fmt.Errorf("list milestones of workload %q: %w", name, err)
		}
		defer rows.Close()
		for rows.Next() {
			m, err := scanMilestone(rows)
			if err != nil {
				return fmt.Errorf("list milestones of workload %q: %w", name, err)
			}
			out = append(out, m)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("list milestones of workload %q: %w", name, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func scanMilestone(s scanner) (*opslens.Milestone, error) {
	var m opslens.Milestone
	var at, snap string
	if err := s.Scan(&m.WorkloadID, &m.Number, &m.Name, &at, &snap); err != nil {
		return nil, err
	}
	var err error
	if m.RecordedAt, err = parseTime(at); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(snap), &m.Snapshot); err != nil {
		return nil, fmt.Errorf("milestone %d snapshot: %w", m.Number, err)
	}
	m.Snapshot.InUTC()
	return &m, nil
}

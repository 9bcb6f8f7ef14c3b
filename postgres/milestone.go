package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

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
	err := db.write(ctx, func(tx pgx.Tx) error {
		// The workload's row lock makes concurrent milestones of one
		// workload take numbers one after the other.
		name, err := workloadName(ctx, tx, m.WorkloadID, true)
		if err != nil {
			return err
		}
		if snapshot.Workload.ID == 0 {
			if snapshot, err = readSnapshot(ctx, tx, m.WorkloadID); err != nil {
				return err
			}
		}
		err = tx.QueryRow(ctx, `SELECT COALESCE(MAX(number), 0) + 1 FROM milestones WHERE workload_id = $1`,
			m.WorkloadID).Scan(&number)
		if err != nil {
			return fmt.Errorf("number milestone %q of workload %q: %w", m.Name, name, err)
		}
		err = insertMilestone(ctx, tx, opslens.Milestone{WorkloadID: m.WorkloadID, Number: number, Name: m.Name, RecordedAt: at, Snapshot: snapshot})
		if isUnique(err) {
			return opslens.Errorf(opslens.ECONFLICT, "workload %q already has a milestone named %q", name, m.Name)
		}
		if err != nil {
			return fmt.Errorf("create milestone %q of workload %q: %w", m.Name, name, err)
		}
		return audit(ctx, tx, m.WorkloadID, opslens.AuditMilestoneCreate, m.Name, fmt.Sprintf("milestone %d", number))
	})
	if err != nil {
		return err
	}
	m.Number, m.RecordedAt, m.Snapshot = number, at, snapshot
	return nil
}

// insertMilestone writes a numbered milestone and the lenses it refers to.
func insertMilestone(ctx context.Context, tx querier, m opslens.Milestone) error {
	b := &pgx.Batch{}
	if err := queueMilestone(b, m); err != nil {
		return err
	}
	return tx.SendBatch(ctx, b).Close()
}

func queueMilestone(b *pgx.Batch, m opslens.Milestone) error {
	snap, err := json.Marshal(m.Snapshot)
	if err != nil {
		return fmt.Errorf("encode milestone %q: %w", m.Name, err)
	}
	b.Queue(`INSERT INTO milestones (workload_id, number, name, recorded_at, snapshot)
		VALUES ($1, $2, $3, $4, $5)`, m.WorkloadID, m.Number, m.Name, m.RecordedAt, string(snap))
	b.Queue(`INSERT INTO milestone_lenses (workload_id, number, lens_alias)
		SELECT $1, $2, unnest($3::text[])`, m.WorkloadID, m.Number, m.Snapshot.LensAliases())
	return nil
}

const milestoneColumns = `workload_id, number, name, recorded_at, snapshot`

// Milestone returns milestone number of a workload.
func (db *DB) Milestone(ctx context.Context, workloadID int64, number int) (*opslens.Milestone, error) {
	var m *opslens.Milestone
	err := db.read(ctx, func(tx pgx.Tx) error {
		name, err := workloadName(ctx, tx, workloadID, false)
		if err != nil {
			return err
		}
		m, err = scanMilestone(tx.QueryRow(ctx, `SELECT `+milestoneColumns+` FROM milestones
			WHERE workload_id = $1 AND number = $2`, workloadID, number))
		if errors.Is(err, pgx.ErrNoRows) {
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
	err := db.read(ctx, func(tx pgx.Tx) error {
		name, err := workloadName(ctx, tx, workloadID, false)
		if err != nil {
			return err
		}
		out, err = queryAll(ctx, tx, scanMilestone, `SELECT `+milestoneColumns+` FROM milestones
			WHERE workload_id = $1 ORDER BY number`, workloadID)
		if err != nil {
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
	var snap string
	if err := s.Scan(&m.WorkloadID, &m.Number, &m.Name, &m.RecordedAt, &snap); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(snap), &m.Snapshot); err != nil {
		return nil, fmt.Errorf("milestone %d snapshot: %w", m.Number, err)
	}
	m.Snapshot.InUTC()
	return &m, nil
}

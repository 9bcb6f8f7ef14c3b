package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/opslens/opslens"
)

// audit records one change in the transaction that makes it, so the log
// holds exactly the changes that were committed.
func audit(ctx context.Context, tx *sql.Tx, workloadID int64, action, target, detail string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_events (at, actor, workload_id, action, target, detail)
		VALUES (?, ?, ?, ?, ?, ?)`, formatTime(now()), opslens.ActorFrom(ctx).Name, workloadID, action, target, detail)
	if err != nil {
		return fmt.Errorf("record %s in the audit log: %w", action, err)
	}
	return nil
}

// AuditEvents returns audit events newest first, a page at a time.
func (db *DB) AuditEvents(ctx context.Context, f opslens.AuditFilter) ([]opslens.AuditEvent, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	limit = min(limit, 1000)
	q := `SELECT id, at, actor, workload_id, action, target, detail FROM audit_events WHERE 1 = 1`
	var args []any
	if f.WorkloadID != 0 {
		q += ` AND workload_id = ?`
		args = append(args, f.WorkloadID)
	}
	if f.Before > 0 {
		q += ` AND id < ?`
		args = append(args, f.Before)
	}
	q += ` ORDER BY id DESC LIMIT ?`
	args = append(args, limit)
	var out []opslens.AuditEvent
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = queryAll(ctx, tx, scanAuditEvent, q, args...)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read audit log: %w", err)
	}
	return out, nil
}

func scanAuditEvent(s scanner) (opslens.AuditEvent, error) {
	var e opslens.AuditEvent
	var at string
	if err := s.Scan(&e.ID, &at, &e.Actor, &e.WorkloadID, &e.Action, &e.Target, &e.Detail); err != nil {
		return e, err
	}
	var err error
	e.At, err = parseTime(at)
	return e, err
}

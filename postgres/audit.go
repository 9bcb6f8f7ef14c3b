package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/opslens/opslens"
)

// audit records one change in the transaction that makes it, so the log
// holds exactly the changes that were committed.
func audit(ctx context.Context, tx querier, workloadID int64, action, target, detail string) error {
	_, err := tx.Exec(ctx, insertAudit, now(), opslens.ActorFrom(ctx).Name, workloadID, action, target, detail)
	if err != nil {
		return fmt.Errorf("record %s in the audit log: %w", action, err)
	}
	return nil
}

const insertAudit = `INSERT INTO audit_events (at, actor, workload_id, action, target, detail) VALUES ($1, $2, $3, $4, $5, $6)`

// auditEvent is an audit record sent in a batch with the change it
// describes.
type auditEvent struct {
	workloadID             int64
	action, target, detail string
}

func (e auditEvent) queue(ctx context.Context, b *pgx.Batch) {
	b.Queue(insertAudit, now(), opslens.ActorFrom(ctx).Name, e.workloadID, e.action, e.target, e.detail)
}

// AuditEvents returns audit events newest first, a page at a time.
func (db *DB) AuditEvents(ctx context.Context, f opslens.AuditFilter) ([]opslens.AuditEvent, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	limit = min(limit, 1000)
	// Conditions are added only when set, so each shape of query gets a
	// plan that uses the index it needs.
	q := `SELECT id, at, actor, workload_id, action, target, detail FROM audit_events WHERE true`
	var args []any
	if f.WorkloadID != 0 {
		args = append(args, f.WorkloadID)
		q += fmt.Sprintf(` AND workload_id = $%d`, len(args))
	}
	if f.Before > 0 {
		args = append(args, f.Before)
		q += fmt.Sprintf(` AND id < $%d`, len(args))
	}
	args = append(args, limit)
	q += fmt.Sprintf(` ORDER BY id DESC LIMIT $%d`, len(args))
	var out []opslens.AuditEvent
	err := db.read(ctx, func(tx pgx.Tx) error {
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
	err := s.Scan(&e.ID, &e.At, &e.Actor, &e.WorkloadID, &e.Action, &e.Target, &e.Detail)
	return e, err
}

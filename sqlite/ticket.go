package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/opslens/opslens"
)

// ClaimTicketExports records exported tickets and returns the new keys.
func (db *DB) ClaimTicketExports(ctx context.Context, workloadID int64, target string, keys []string) ([]string, error) {
	if err := opslens.ValidateTicketTarget(target); err != nil {
		return nil, err
	}
	keys = opslens.DistinctKeys(keys)
	var claimed []string
	err := db.write(ctx, func(tx *sql.Tx) error {
		claimed = nil
		name, err := workloadName(ctx, tx, workloadID)
		if err != nil {
			return err
		}
		at := formatTime(now())
		for _, k := range keys {
			var got string
			err := tx.QueryRowContext(ctx, `INSERT INTO ticket_exports (workload_id, target, key, exported_at) VALUES (?, ?, ?, ?)
				ON CONFLICT DO NOTHING RETURNING key`, workloadID, target, k, at).Scan(&got)
			switch {
			case errors.Is(err, sql.ErrNoRows):
			case err != nil:
				return fmt.Errorf("record exported ticket %s of workload %q: %w", k, name, err)
			default:
				claimed = append(claimed, got)
			}
		}
		return audit(ctx, tx, workloadID, opslens.AuditTicketsExport, target, fmt.Sprintf("%d new tickets of %d", len(claimed), len(keys)))
	})
	return claimed, err
}

// TicketExports lists a workload's exported tickets.
func (db *DB) TicketExports(ctx context.Context, workloadID int64) ([]opslens.TicketExport, error) {
	var out []opslens.TicketExport
	err := db.read(ctx, func(tx *sql.Tx) error {
		if _, err := workloadName(ctx, tx, workloadID); err != nil {
			return err
		}
		var err error
		out, err = queryAll(ctx, tx, scanTicketExport, `SELECT target, key, exported_at FROM ticket_exports
			WHERE workload_id = ? ORDER BY target, key`, workloadID)
		return err
	})
	return out, err
}

func scanTicketExport(s scanner) (opslens.TicketExport, error) {
	var e opslens.TicketExport
	var at string
	if err := s.Scan(&e.Target, &e.Key, &at); err != nil {
		return e, err
	}
	var err error
	e.ExportedAt, err = parseTime(at)
	return e, err
}

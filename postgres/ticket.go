package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/opslens/opslens"
)

// ClaimTicketExports records exported tickets and returns the new keys.
func (db *DB) ClaimTicketExports(ctx context.Context, workloadID int64, target string, keys []string) ([]string, error) {
	if err := opslens.ValidateTicketTarget(target); err != nil {
		return nil, err
	}
	keys = opslens.DistinctKeys(keys)
	var claimed []string
	err := db.write(ctx, func(tx pgx.Tx) error {
		name, err := workloadName(ctx, tx, workloadID, false)
		if err != nil {
			return err
		}
		// One statement for the whole list; WITH ORDINALITY keeps the
		// caller's order among the keys that were new.
		claimed, err = queryAll(ctx, tx, func(s scanner) (string, error) {
			var k string
			return k, s.Scan(&k)
		}, `WITH ins AS (
				INSERT INTO ticket_exports (workload_id, target, key, exported_at)
				SELECT $1, $2, k, $4 FROM unnest($3::text[]) AS k
				ON CONFLICT DO NOTHING RETURNING key)
			SELECT k FROM unnest($3::text[]) WITH ORDINALITY AS u (k, n) WHERE k IN (SELECT key FROM ins) ORDER BY n`,
			workloadID, target, keys, now())
		if err != nil {
			return fmt.Errorf("record exported tickets of workload %q: %w", name, err)
		}
		return audit(ctx, tx, workloadID, opslens.AuditTicketsExport, target, fmt.Sprintf("%d new tickets of %d", len(claimed), len(keys)))
	})
	return claimed, err
}

// TicketExports lists a workload's exported tickets.
func (db *DB) TicketExports(ctx context.Context, workloadID int64) ([]opslens.TicketExport, error) {
	var out []opslens.TicketExport
	err := db.read(ctx, func(tx pgx.Tx) error {
		if _, err := workloadName(ctx, tx, workloadID, false); err != nil {
			return err
		}
		var err error
		out, err = queryAll(ctx, tx, scanTicketExport, `SELECT target, key, exported_at FROM ticket_exports
			WHERE workload_id = $1 ORDER BY target, key`, workloadID)
		return err
	})
	return out, err
}

func scanTicketExport(s scanner) (opslens.TicketExport, error) {
	var e opslens.TicketExport
	err := s.Scan(&e.Target, &e.Key, &e.ExportedAt)
	return e, err
}

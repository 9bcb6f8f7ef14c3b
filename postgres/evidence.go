package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/opslens/opslens"
)

// PutEvidence replaces the evidence set of one repository in a lens review.
func (db *DB) PutEvidence(ctx context.Context, workloadID int64, lensAlias string, set opslens.EvidenceSet) error {
	if err := set.Validate(); err != nil {
		return err
	}
	findings := set.Findings
	if findings == nil {
		findings = []opslens.PracticeEvidence{}
	}
	data, err := json.Marshal(findings)
	if err != nil {
		return fmt.Errorf("encode evidence from %s: %w", set.Repository, err)
	}
	return db.write(ctx, func(tx pgx.Tx) error {
		name, err := lensReview(ctx, tx, workloadID, lensAlias, true)
		if err != nil {
			return err
		}
		if err := putEvidence(ctx, tx, workloadID, lensAlias, set, data); err != nil {
			return fmt.Errorf("record evidence from %s for workload %q: %w", set.Repository, name, err)
		}
		return audit(ctx, tx, workloadID, opslens.AuditEvidencePut, set.Repository, opslens.AuditEvidence(len(findings), set.Commit))
	})
}

func putEvidence(ctx context.Context, tx querier, workloadID int64, lensAlias string, set opslens.EvidenceSet, findings []byte) error {
	b := &pgx.Batch{}
	queueEvidence(b, workloadID, lensAlias, set, findings)
	return tx.SendBatch(ctx, b).Close()
}

func queueEvidence(b *pgx.Batch, workloadID int64, lensAlias string, set opslens.EvidenceSet, findings []byte) {
	b.Queue(`INSERT INTO evidence_sets
		(workload_id, lens_alias, repository, commit_id, tool_version, scanned_at, findings)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (workload_id, lens_alias, repository) DO UPDATE SET
			commit_id = excluded.commit_id, tool_version = excluded.tool_version,
			scanned_at = excluded.scanned_at, findings = excluded.findings`,
		workloadID, lensAlias, set.Repository, set.Commit, set.ToolVersion, stamp(set.ScannedAt), string(findings))
}

// Evidence returns the evidence sets of a lens review by repository.
func (db *DB) Evidence(ctx context.Context, workloadID int64, lensAlias string) ([]opslens.EvidenceSet, error) {
	var out []opslens.EvidenceSet
	err := db.read(ctx, func(tx pgx.Tx) error {
		name, err := lensReview(ctx, tx, workloadID, lensAlias, false)
		if err != nil {
			return err
		}
		out, err = loadEvidence(ctx, tx, workloadID, lensAlias)
		if err != nil {
			return fmt.Errorf("load evidence of workload %q for lens %q: %w", name, lensAlias, err)
		}
		return nil
	})
	return out, err
}

func loadEvidence(ctx context.Context, tx querier, id int64, alias string) ([]opslens.EvidenceSet, error) {
	return queryAll(ctx, tx, func(s scanner) (opslens.EvidenceSet, error) {
		var e opslens.EvidenceSet
		var findings string
		if err := s.Scan(&e.Repository, &e.Commit, &e.ToolVersion, &e.ScannedAt, &findings); err != nil {
			return e, err
		}
		if err := json.Unmarshal([]byte(findings), &e.Findings); err != nil {
			return e, fmt.Errorf("evidence from %s: %w", e.Repository, err)
		}
		return e, nil
	}, `SELECT repository, commit_id, tool_version, scanned_at, findings
		FROM evidence_sets WHERE workload_id = $1 AND lens_alias = $2 ORDER BY repository`, id, alias)
}

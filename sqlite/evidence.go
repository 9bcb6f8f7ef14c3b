package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

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
	return db.write(ctx, func(tx *sql.Tx) error {
		name, err := lensReview(ctx, tx, workloadID, lensAlias)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO evidence_sets
			(workload_id, lens_alias, repository, commit_id, tool_version, scanned_at, findings)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (workload_id, lens_alias, repository) DO UPDATE SET
				commit_id = excluded.commit_id, tool_version = excluded.tool_version,
				scanned_at = excluded.scanned_at, findings = excluded.findings`,
			workloadID, lensAlias, set.Repository, set.Commit, set.ToolVersion, formatTime(stamp(set.ScannedAt)), string(data))
		if err != nil {
			return fmt.Errorf("record evidence from %s for workload %q: %w", set.Repository, name, err)
		}
		return audit(ctx, tx, workloadID, opslens.AuditEvidencePut, set.Repository,
			opslens.AuditEvidence(len(findings), set.Commit))
	})
}

// Evidence returns the evidence sets of a lens review by repository.
func (db *DB) Evidence(ctx context.Context, workloadID int64, lensAlias string) ([]opslens.EvidenceSet, error) {
	var out []opslens.EvidenceSet
	err := db.read(ctx, func(tx *sql.Tx) error {
		name, err := lensReview(ctx, tx, workloadID, lensAlias)
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

func loadEvidence(ctx context.Context, tx *sql.Tx, id int64, alias string) ([]opslens.EvidenceSet, error) {
	rows, err := tx.QueryContext(ctx, `SELECT repository, commit_id, tool_version, scanned_at, findings
		FROM evidence_sets WHERE workload_id = ? AND lens_alias = ? ORDER BY repository`, id, alias)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []opslens.EvidenceSet
	for rows.Next() {
		var s opslens.EvidenceSet
		var at, findings string
		if err := rows.Scan(&s.Repository, &s.Commit, &s.ToolVersion, &at, &findings); err != nil {
			return nil, err
		}
		if s.ScannedAt, err = parseTime(at); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(findings), &s.Findings); err != nil {
			return nil, fmt.Errorf("evidence from %s: %w", s.Repository, err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

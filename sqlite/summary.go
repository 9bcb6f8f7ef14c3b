package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/opslens/opslens"
)

// WorkloadSummaries reads the dashboard's rows in one read transaction:
// the selected workloads, then one grouped count of stored answer risks.
// Two queries whatever the number of workloads, so the dashboard of ten
// thousand workloads costs two scans, not ten thousand.
func (db *DB) WorkloadSummaries(ctx context.Context, f opslens.SummaryFilter) ([]opslens.WorkloadSummary, error) {
	var out []opslens.WorkloadSummary
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = summaryWorkloads(ctx, tx, f)
		if err != nil {
			return err
		}
		return summaryRisks(ctx, tx, out)
	})
	if err != nil {
		return nil, fmt.Errorf("list workloads: %w", err)
	}
	return out, nil
}

func summaryWorkloads(ctx context.Context, tx *sql.Tx, f opslens.SummaryFilter) ([]opslens.WorkloadSummary, error) {
	q := `SELECT ` + prefixed("w.", workloadColumns) + `, COALESCE(s.role, '') FROM workloads w
		LEFT JOIN shares s ON s.workload_id = w.id AND s.user_id = ?`
	if !f.All {
		q += ` WHERE s.role IS NOT NULL`
	}
	rows, err := tx.QueryContext(ctx, q+` ORDER BY w.name COLLATE NOCASE`, f.UserID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []opslens.WorkloadSummary
	for rows.Next() {
		var role string
		w, err := scanWorkloadWith(rows, &role)
		if err != nil {
			return nil, err
		}
		out = append(out, opslens.WorkloadSummary{Workload: w, Role: opslens.Role(role), Risks: map[string]map[opslens.Risk]int{}})
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	ws := make([]*opslens.Workload, len(out))
	for i := range out {
		ws[i] = out[i].Workload
	}
	return out, addLensLists(ctx, tx, ws)
}

// prefixed qualifies every column of a column list with a table alias.
func prefixed(alias, columns string) string {
	parts := strings.Split(columns, ",")
	for i, p := range parts {
		parts[i] = alias + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}

func summaryRisks(ctx context.Context, tx *sql.Tx, out []opslens.WorkloadSummary) error {
	index := make(map[int64]int, len(out))
	for i, s := range out {
		index[s.Workload.ID] = i
	}
	rows, err := tx.QueryContext(ctx, `SELECT workload_id, lens_alias, risk, COUNT(*) FROM answers GROUP BY workload_id, lens_alias, risk`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var alias, risk string
		var n int
		if err := rows.Scan(&id, &alias, &risk, &n); err != nil {
			return err
		}
		i, ok := index[id]
		if !ok {
			continue
		}
		out[i].AddRiskCount(alias, opslens.Risk(risk), n)
	}
	return rows.Err()
}

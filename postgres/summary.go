package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/opslens/opslens"
)

// WorkloadSummaries reads the dashboard's rows in one read transaction:
// the selected workloads, then one grouped count of stored answer risks.
func (db *DB) WorkloadSummaries(ctx context.Context, f opslens.SummaryFilter) ([]opslens.WorkloadSummary, error) {
	var out []opslens.WorkloadSummary
	err := db.read(ctx, func(tx pgx.Tx) error {
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

func summaryWorkloads(ctx context.Context, tx querier, f opslens.SummaryFilter) ([]opslens.WorkloadSummary, error) {
	q := `SELECT ` + prefixed("w.", workloadColumns) + `, COALESCE(s.role, '') FROM workloads w
		LEFT JOIN shares s ON s.workload_id = w.id AND s.user_id = $1`
	if !f.All {
		q += ` WHERE s.role IS NOT NULL`
	}
	out, err := queryAll(ctx, tx, func(s scanner) (opslens.WorkloadSummary, error) {
		var role string
		w, err := scanWorkloadWith(s, &role)
		return opslens.WorkloadSummary{Workload: w, Role: opslens.Role(role), Risks: map[string]map[opslens.Risk]int{}}, err
	}, q+` ORDER BY lower(w.name), w.name`, f.UserID)
	if err != nil {
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

func summaryRisks(ctx context.Context, tx querier, out []opslens.WorkloadSummary) error {
	index := make(map[int64]int, len(out))
	for i, s := range out {
		index[s.Workload.ID] = i
	}
	rows, err := tx.Query(ctx, `SELECT workload_id, lens_alias, risk, COUNT(*) FROM answers GROUP BY workload_id, lens_alias, risk`)
	if err != nil {
		return err
	}
	var id int64
	var alias, risk string
	var n int
	_, err = pgx.ForEachRow(rows, []any{&id, &alias, &risk, &n}, func() error {
		i, ok := index[id]
		if !ok {
			return nil
		}
		out[i].AddRiskCount(alias, opslens.Risk(risk), n)
		return nil
	})
	return err
}

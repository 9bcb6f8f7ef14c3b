package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/opslens/opslens"
)

// PortfolioAnswers reads every answer with its chosen choices as an array.
func (db *DB) PortfolioAnswers(ctx context.Context) ([]opslens.PortfolioAnswer, error) {
	var out []opslens.PortfolioAnswer
	err := db.read(ctx, func(tx pgx.Tx) error {
		var err error
		out, err = queryAll(ctx, tx, func(s scanner) (opslens.PortfolioAnswer, error) {
			var a opslens.PortfolioAnswer
			err := s.Scan(&a.WorkloadID, &a.LensAlias, &a.QuestionID, &a.Risk, &a.IsApplicable, &a.Chosen)
			if len(a.Chosen) == 0 {
				a.Chosen = nil
			}
			return a, err
		}, `SELECT a.workload_id, a.lens_alias, a.question_id, a.risk, a.is_applicable,
				ARRAY(SELECT c.choice_id FROM choice_answers c
				 WHERE c.workload_id = a.workload_id AND c.lens_alias = a.lens_alias AND c.question_id = a.question_id
				   AND c.status IN ('SELECTED', 'NOT_APPLICABLE') ORDER BY c.position)
			FROM answers a ORDER BY a.workload_id, a.lens_alias, a.question_id`)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read the portfolio's answers: %w", err)
	}
	return out, nil
}

// LatestMilestones returns each workload's latest milestone.
func (db *DB) LatestMilestones(ctx context.Context) ([]opslens.MilestoneMark, error) {
	var out []opslens.MilestoneMark
	err := db.read(ctx, func(tx pgx.Tx) error {
		var err error
		out, err = queryAll(ctx, tx, func(s scanner) (opslens.MilestoneMark, error) {
			var m opslens.MilestoneMark
			return m, s.Scan(&m.WorkloadID, &m.Number, &m.RecordedAt, &m.Count)
		}, `SELECT DISTINCT ON (workload_id) workload_id, number, recorded_at, COUNT(*) OVER (PARTITION BY workload_id)
			FROM milestones ORDER BY workload_id, number DESC`)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read the latest milestones: %w", err)
	}
	return out, nil
}

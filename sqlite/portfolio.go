package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/opslens/opslens"
)

// PortfolioAnswers reads every answer with its chosen choices, the chosen
// IDs joined into one column so each answer is one row.
func (db *DB) PortfolioAnswers(ctx context.Context) ([]opslens.PortfolioAnswer, error) {
	var out []opslens.PortfolioAnswer
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = queryAll(ctx, tx, func(s scanner) (opslens.PortfolioAnswer, error) {
			var a opslens.PortfolioAnswer
			var chosen sql.NullString
			err := s.Scan(&a.WorkloadID, &a.LensAlias, &a.QuestionID, &a.Risk, &a.IsApplicable, &chosen)
			if chosen.String != "" {
				a.Chosen = strings.Split(chosen.String, ",")
			}
			return a, err
		}, `SELECT a.workload_id, a.lens_alias, a.question_id, a.risk, a.is_applicable,
				(SELECT group_concat(c.choice_id) FROM choice_answers c
				 WHERE c.workload_id = a.workload_id AND c.lens_alias = a.lens_alias AND c.question_id = a.question_id
				   AND c.status IN ('SELECTED', 'NOT_APPLICABLE'))
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
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = queryAll(ctx, tx, func(s scanner) (opslens.MilestoneMark, error) {
			var m opslens.MilestoneMark
			var at string
			if err := s.Scan(&m.WorkloadID, &m.Number, &at, &m.Count); err != nil {
				return m, err
			}
			var err error
			m.RecordedAt, err = parseTime(at)
			return m, err
		}, `SELECT m.workload_id, m.number, m.recorded_at, c.n FROM milestones m
			JOIN (SELECT workload_id, MAX(number) AS top, COUNT(*) AS n FROM milestones GROUP BY workload_id) c
			  ON c.workload_id = m.workload_id AND c.top = m.number
			ORDER BY m.workload_id`)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read the latest milestones: %w", err)
	}
	return out, nil
}

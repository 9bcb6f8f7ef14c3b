package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/opslens/opslens"
)

// PutAnswers saves whole answers of one lens review in one transaction,
// each only if its Version is the stored one. An answer without UpdatedAt is
// stamped with the current time.
func (db *DB) PutAnswers(ctx context.Context, workloadID int64, lensAlias string, answers []opslens.Answer) error {
	if err := opslens.ValidateAnswers(answers); err != nil {
		return err
	}
	saved := make([]opslens.Answer, len(answers))
	err := db.write(ctx, func(tx pgx.Tx) error {
		name, err := lensReview(ctx, tx, workloadID, lensAlias, true)
		if err != nil {
			return err
		}
		for i, a := range answers {
			cur, err := answerVersion(ctx, tx, workloadID, lensAlias, a.QuestionID)
			if err != nil {
				return fmt.Errorf("save answer to %s of workload %q: %w", a.QuestionID, name, err)
			}
			if a, err = opslens.NextAnswer(a, cur, name, now()); err != nil {
				return err
			}
			if err := putAnswer(ctx, tx, workloadID, lensAlias, a); err != nil {
				return fmt.Errorf("save answer to %s of workload %q: %w", a.QuestionID, name, err)
			}
			if err := audit(ctx, tx, workloadID, opslens.AuditAnswerUpdate, lensAlias+"/"+a.QuestionID, opslens.AuditAnswer(a)); err != nil {
				return err
			}
			saved[i] = a
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i := range answers {
		answers[i].Version, answers[i].UpdatedAt = saved[i].Version, saved[i].UpdatedAt
	}
	return nil
}

// UpdateAnswer reads, changes and saves one question's answer in one
// transaction. It first locks the workload's lens review, so concurrent
// changes of its answers (from any replica) queue instead of overwriting
// each other.
func (db *DB) UpdateAnswer(ctx context.Context, workloadID int64, lensAlias, questionID string, fn func(a *opslens.Answer) error) (*opslens.Answer, error) {
	if questionID == "" {
		return nil, opslens.Errorf(opslens.EINVALID, "answer without a question ID")
	}
	var out opslens.Answer
	err := db.write(ctx, func(tx pgx.Tx) error {
		name, err := lensReview(ctx, tx, workloadID, lensAlias, true)
		if err != nil {
			return err
		}
		stored, err := loadAnswer(ctx, tx, workloadID, lensAlias, questionID)
		if err != nil {
			return fmt.Errorf("load answer to %s of workload %q: %w", questionID, name, err)
		}
		a, err := opslens.ChangeAnswer(stored, name, fn, now())
		if err != nil {
			return err
		}
		if err := putAnswer(ctx, tx, workloadID, lensAlias, a); err != nil {
			return fmt.Errorf("save answer to %s of workload %q: %w", questionID, name, err)
		}
		out = a
		return audit(ctx, tx, workloadID, opslens.AuditAnswerUpdate, lensAlias+"/"+questionID, opslens.AuditAnswer(a))
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// answerVersion returns the stored version of one answer, 0 when the
// question has no answer.
func answerVersion(ctx context.Context, tx pgx.Tx, id int64, alias, question string) (int64, error) {
	var v int64
	err := tx.QueryRow(ctx, `SELECT version FROM answers WHERE workload_id = $1 AND lens_alias = $2 AND question_id = $3`,
		id, alias, question).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	return v, err
}

// loadAnswer returns one stored answer, or the empty applicable answer of
// version 0 for a question never answered.
func loadAnswer(ctx context.Context, tx pgx.Tx, id int64, alias, question string) (opslens.Answer, error) {
	all, err := queryAnswers(ctx, tx, id, alias, question)
	if err != nil || len(all) == 0 {
		return opslens.Answer{QuestionID: question, IsApplicable: true}, err
	}
	return all[0], nil
}

// putAnswer replaces one answer. Delete then insert, rather than upsert, so
// the old choices go by cascade and no stale choice survives. The choices
// go in one statement from arrays, whatever their number.
func putAnswer(ctx context.Context, tx pgx.Tx, id int64, alias string, a opslens.Answer) error {
	if _, err := tx.Exec(ctx, `DELETE FROM answers WHERE workload_id = $1 AND lens_alias = $2 AND question_id = $3`,
		id, alias, a.QuestionID); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `INSERT INTO answers
		(workload_id, lens_alias, question_id, is_applicable, reason, notes, updated_at, version, acceptance, accepted_risk, risk)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		id, alias, a.QuestionID, a.IsApplicable, a.Reason, a.Notes, a.UpdatedAt, a.Version,
		a.Acceptance, a.AcceptedRisk, a.Risk)
	if err != nil || len(a.Choices) == 0 {
		return err
	}
	n := len(a.Choices)
	ids, statuses, reasons, notes, sources := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	accs := make([]*opslens.Acceptance, n)
	for i, c := range a.Choices {
		ids[i], statuses[i], reasons[i], notes[i], sources[i], accs[i] = c.ChoiceID, string(c.Status), string(c.Reason), c.Notes, c.Source, c.Acceptance
	}
	_, err = tx.Exec(ctx, `INSERT INTO choice_answers
		(workload_id, lens_alias, question_id, choice_id, status, reason, notes, position, source, acceptance)
		SELECT $1, $2, $3, c.id, c.status, c.reason, c.notes, c.pos - 1, c.source, c.acceptance
		FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::jsonb[])
			WITH ORDINALITY AS c (id, status, reason, notes, source, acceptance, pos)`,
		id, alias, a.QuestionID, ids, statuses, reasons, notes, sources, accs)
	return err
}

// Answers returns the stored answers of one lens review ordered by question
// ID, with each answer's choices in the order they were saved.
func (db *DB) Answers(ctx context.Context, workloadID int64, lensAlias string) ([]opslens.Answer, error) {
	var out []opslens.Answer
	err := db.read(ctx, func(tx pgx.Tx) error {
		name, err := lensReview(ctx, tx, workloadID, lensAlias, false)
		if err != nil {
			return err
		}
		out, err = loadAnswers(ctx, tx, workloadID, lensAlias)
		if err != nil {
			return fmt.Errorf("load answers of workload %q for lens %q: %w", name, lensAlias, err)
		}
		return nil
	})
	return out, err
}

func loadAnswers(ctx context.Context, tx pgx.Tx, id int64, alias string) ([]opslens.Answer, error) {
	return queryAnswers(ctx, tx, id, alias, "")
}

// queryAnswers loads the answers of one lens review, or of one question when
// question is not empty.
func queryAnswers(ctx context.Context, tx pgx.Tx, id int64, alias, question string) ([]opslens.Answer, error) {
	const filter = ` WHERE workload_id = $1 AND lens_alias = $2 AND ($3 = '' OR question_id = $3)`
	out, err := queryAll(ctx, tx, func(s scanner) (opslens.Answer, error) {
		var a opslens.Answer
		err := s.Scan(&a.QuestionID, &a.IsApplicable, &a.Reason, &a.Notes, &a.UpdatedAt, &a.Version, &a.Acceptance, &a.AcceptedRisk, &a.Risk)
		return a, err
	}, `SELECT question_id, is_applicable, reason, notes, updated_at, version, acceptance, accepted_risk, risk
		FROM answers`+filter+` ORDER BY question_id`, id, alias, question)
	if err != nil || len(out) == 0 {
		return out, err
	}
	index := make(map[string]int, len(out))
	for i, a := range out {
		index[a.QuestionID] = i
	}
	rows, err := tx.Query(ctx, `SELECT question_id, choice_id, status, reason, notes, source, acceptance
		FROM choice_answers`+filter+` ORDER BY question_id, position`, id, alias, question)
	if err != nil {
		return nil, err
	}
	var q string
	var c opslens.ChoiceAnswer
	_, err = pgx.ForEachRow(rows, []any{&q, &c.ChoiceID, &c.Status, &c.Reason, &c.Notes, &c.Source, &c.Acceptance}, func() error {
		if i, ok := index[q]; ok {
			out[i].Choices = append(out[i].Choices, c)
		}
		c = opslens.ChoiceAnswer{}
		return nil
	})
	return out, err
}

// lensReview checks that the workload exists and applies the lens, and
// returns the workload's name for messages. lock takes the lens review's
// row lock, which every change of its answers and evidence holds.
func lensReview(ctx context.Context, tx pgx.Tx, id int64, alias string, lock bool) (string, error) {
	name, err := workloadName(ctx, tx, id, false)
	if err != nil {
		return "", err
	}
	q := `SELECT 1 FROM workload_lenses WHERE workload_id = $1 AND lens_alias = $2`
	if lock {
		q += ` FOR NO KEY UPDATE`
	}
	var one int
	err = tx.QueryRow(ctx, q, id, alias).Scan(&one)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", opslens.Errorf(opslens.ENOTFOUND, "workload %q has no review for lens %q: the lens is not applied", name, alias)
	}
	if err != nil {
		return "", fmt.Errorf("load workload %d: %w", id, err)
	}
	return name, nil
}

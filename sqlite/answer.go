package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/opslens/opslens"
)

// checkAnswers rejects what the schema would reject anyway, but with a
// message that says which question is wrong.
func checkAnswers(answers []opslens.Answer) error {
	questions := make(map[string]bool, len(answers))
	for _, a := range answers {
		if a.QuestionID == "" {
			return opslens.Errorf(opslens.EINVALID, "answer without a question ID")
		}
		if questions[a.QuestionID] {
			return opslens.Errorf(opslens.EINVALID, "question %q is answered twice in one batch", a.QuestionID)
		}
		questions[a.QuestionID] = true
		if a.Reason != "" && !slices.Contains(opslens.Reasons, a.Reason) {
			return opslens.Errorf(opslens.EINVALID, "question %q: unknown reason %q", a.QuestionID, a.Reason)
		}
		choices := make(map[string]bool, len(a.Choices))
		for _, c := range a.Choices {
			switch {
			case c.ChoiceID == "":
				return opslens.Errorf(opslens.EINVALID, "question %q: choice without an ID", a.QuestionID)
			case choices[c.ChoiceID]:
				return opslens.Errorf(opslens.EINVALID, "question %q: choice %q appears twice", a.QuestionID, c.ChoiceID)
			case c.Status != opslens.ChoiceSelected && c.Status != opslens.ChoiceUnselected && c.Status != opslens.ChoiceNotApplicable:
				return opslens.Errorf(opslens.EINVALID, "question %q: choice %q has unknown status %q", a.QuestionID, c.ChoiceID, c.Status)
			case c.Reason != "" && !slices.Contains(opslens.Reasons, c.Reason):
				return opslens.Errorf(opslens.EINVALID, "question %q: choice %q has unknown reason %q", a.QuestionID, c.ChoiceID, c.Reason)
			}
			choices[c.ChoiceID] = true
		}
	}
	return nil
}

// PutAnswers saves answers of one lens review in one transaction, replacing
// earlier answers to the same questions. An answer without UpdatedAt is
// stamped with the current time.
func (db *DB) PutAnswers(ctx context.Context, workloadID int64, lensAlias string, answers []opslens.Answer) error {
	if err := checkAnswers(answers); err != nil {
		return err
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		name, err := lensReview(ctx, tx, workloadID, lensAlias)
		if err != nil {
			return err
		}
		for _, a := range answers {
			if err := putAnswer(ctx, tx, workloadID, lensAlias, a); err != nil {
				return fmt.Errorf("save answer to %s of workload %q: %w", a.QuestionID, name, err)
			}
		}
		return nil
	})
}

func putAnswer(ctx context.Context, tx *sql.Tx, id int64, alias string, a opslens.Answer) error {
	// Delete then insert, rather than upsert, so the old choices go by
	// cascade and no stale choice survives the replacement.
	if _, err := tx.ExecContext(ctx, `DELETE FROM answers WHERE workload_id = ? AND lens_alias = ? AND question_id = ?`,
		id, alias, a.QuestionID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO answers
		(workload_id, lens_alias, question_id, is_applicable, reason, notes, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`,
		id, alias, a.QuestionID, a.IsApplicable, a.Reason, a.Notes, formatTime(stamp(a.UpdatedAt)))
	if err != nil {
		return err
	}
	for i, c := range a.Choices {
		_, err := tx.ExecContext(ctx, `INSERT INTO choice_answers
			(workload_id, lens_alias, question_id, choice_id, status, reason, notes, position)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			id, alias, a.QuestionID, c.ChoiceID, c.Status, c.Reason, c.Notes, i)
		if err != nil {
			return err
		}
	}
	return nil
}

// Answers returns the stored answers of one lens review ordered by question
// ID, with each answer's choices in the order they were saved.
func (db *DB) Answers(ctx context.Context, workloadID int64, lensAlias string) ([]opslens.Answer, error) {
	var out []opslens.Answer
	err := db.read(ctx, func(tx *sql.Tx) error {
		name, err := lensReview(ctx, tx, workloadID, lensAlias)
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

func loadAnswers(ctx context.Context, tx *sql.Tx, id int64, alias string) ([]opslens.Answer, error) {
	rows, err := tx.QueryContext(ctx, `SELECT question_id, is_applicable, reason, notes, updated_at
		FROM answers WHERE workload_id = ? AND lens_alias = ? ORDER BY question_id`, id, alias)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []opslens.Answer
	index := map[string]int{}
	for rows.Next() {
		var a opslens.Answer
		var updated string
		if err := rows.Scan(&a.QuestionID, &a.IsApplicable, &a.Reason, &a.Notes, &updated); err != nil {
			return nil, err
		}
		if a.UpdatedAt, err = parseTime(updated); err != nil {
			return nil, err
		}
		index[a.QuestionID] = len(out)
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	crows, err := tx.QueryContext(ctx, `SELECT question_id, choice_id, status, reason, notes
		FROM choice_answers WHERE workload_id = ? AND lens_alias = ? ORDER BY question_id, position`, id, alias)
	if err != nil {
		return nil, err
	}
	defer crows.Close()
	for crows.Next() {
		var q string
		var c opslens.ChoiceAnswer
		if err := crows.Scan(&q, &c.ChoiceID, &c.Status, &c.Reason, &c.Notes); err != nil {
			return nil, err
		}
		if i, ok := index[q]; ok {
			out[i].Choices = append(out[i].Choices, c)
		}
	}
	return out, crows.Err()
}

// lensReview checks that the workload exists and applies the lens, and
// returns the workload's name for messages. A lens that is not applied has no
// review to read or write: storing answers for it would leave rows that no
// workload shows and that removing the lens could never clean up.
func lensReview(ctx context.Context, tx *sql.Tx, id int64, alias string) (string, error) {
	var name string
	var applied bool
	err := tx.QueryRowContext(ctx, `SELECT w.name, EXISTS (
			SELECT 1 FROM workload_lenses WHERE workload_id = w.id AND lens_alias = ?)
		FROM workloads w WHERE w.id = ?`, alias, id).Scan(&name, &applied)
	if errors.Is(err, sql.ErrNoRows) {
		return "", opslens.Errorf(opslens.ENOTFOUND, "workload with ID %d not found", id)
	}
	if err != nil {
		return "", fmt.Errorf("load workload %d: %w", id, err)
	}
	if !applied {
		return "", opslens.Errorf(opslens.ENOTFOUND, "workload %q has no review for lens %q: the lens is not applied", name, alias)
	}
	return name, nil
}

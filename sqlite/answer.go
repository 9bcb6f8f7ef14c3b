package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

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
	err := db.write(ctx, func(tx *sql.Tx) error {
		name, err := lensReview(ctx, tx, workloadID, lensAlias)
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

// UpdateAnswer reads, changes and saves one question's answer in one write
// transaction. Write transactions begin IMMEDIATE, so no other writer can
// slip in between the read and the write.
func (db *DB) UpdateAnswer(ctx context.Context, workloadID int64, lensAlias, questionID string, fn func(a *opslens.Answer) error) (*opslens.Answer, error) {
	if questionID == "" {
		return nil, opslens.Errorf(opslens.EINVALID, "answer without a question ID")
	}
	var out opslens.Answer
	err := db.write(ctx, func(tx *sql.Tx) error {
		name, err := lensReview(ctx, tx, workloadID, lensAlias)
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
func answerVersion(ctx context.Context, tx *sql.Tx, id int64, alias, question string) (int64, error) {
	var v int64
	err := tx.QueryRowContext(ctx, `SELECT version FROM answers WHERE workload_id = ? AND lens_alias = ? AND question_id = ?`,
		id, alias, question).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return v, err
}

// loadAnswer returns one stored answer, or the empty applicable answer of
// version 0 for a question never answered.
func loadAnswer(ctx context.Context, tx *sql.Tx, id int64, alias, question string) (opslens.Answer, error) {
	all, err := queryAnswers(ctx, tx, id, alias, question)
	if err != nil || len(all) == 0 {
		return opslens.Answer{QuestionID: question, IsApplicable: true}, err
	}
	return all[0], nil
}

func putAnswer(ctx context.Context, tx *sql.Tx, id int64, alias string, a opslens.Answer) error {
	// Delete then insert, rather than upsert, so the old choices go by
	// cascade and no stale choice survives the replacement.
	if _, err := tx.ExecContext(ctx, `DELETE FROM answers WHERE workload_id = ? AND lens_alias = ? AND question_id = ?`,
		id, alias, a.QuestionID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO answers
		(workload_id, lens_alias, question_id, is_applicable, reason, notes, updated_at, version, acceptance, accepted_risk, risk)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, alias, a.QuestionID, a.IsApplicable, a.Reason, a.Notes, formatTime(a.UpdatedAt), a.Version,
		encodeAcceptance(a.Acceptance), encodeAcceptance(a.AcceptedRisk), a.Risk)
	if err != nil {
		return err
	}
	for i, c := range a.Choices {
		_, err := tx.ExecContext(ctx, `INSERT INTO choice_answers
			(workload_id, lens_alias, question_id, choice_id, status, reason, notes, position, source, acceptance)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, alias, a.QuestionID, c.ChoiceID, c.Status, c.Reason, c.Notes, i, c.Source, encodeAcceptance(c.Acceptance))
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
	return queryAnswers(ctx, tx, id, alias, "")
}

// queryAnswers loads the answers of one lens review, or of one question when
// question is not empty.
func queryAnswers(ctx context.Context, tx *sql.Tx, id int64, alias, question string) ([]opslens.Answer, error) {
	const filter = ` WHERE workload_id = ? AND lens_alias = ? AND (? = '' OR question_id = ?)`
	rows, err := tx.QueryContext(ctx, `SELECT question_id, is_applicable, reason, notes, updated_at, version, acceptance, accepted_risk, risk
		FROM answers`+filter+` ORDER BY question_id`, id, alias, question, question)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []opslens.Answer
	index := map[string]int{}
	for rows.Next() {
		var a opslens.Answer
		var updated, acc, risk string
		if err := rows.Scan(&a.QuestionID, &a.IsApplicable, &a.Reason, &a.Notes, &updated, &a.Version, &acc, &risk, &a.Risk); err != nil {
			return nil, err
		}
		if a.Acceptance, err = decodeAcceptance(acc); err != nil {
			return nil, err
		}
		if a.AcceptedRisk, err = decodeAcceptance(risk); err != nil {
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
	crows, err := tx.QueryContext(ctx, `SELECT question_id, choice_id, status, reason, notes, source, acceptance
		FROM choice_answers`+filter+` ORDER BY question_id, position`, id, alias, question, question)
	if err != nil {
		return nil, err
	}
	defer crows.Close()
	for crows.Next() {
		var q, acc string
		var c opslens.ChoiceAnswer
		if err := crows.Scan(&q, &c.ChoiceID, &c.Status, &c.Reason, &c.Notes, &c.Source, &acc); err != nil {
			return nil, err
		}
		if c.Acceptance, err = decodeAcceptance(acc); err != nil {
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

// encodeAcceptance stores an acceptance as JSON, or ” for none.
func encodeAcceptance(a *opslens.Acceptance) string {
	if a == nil {
		return ""
	}
	b, _ := json.Marshal(a) // a struct of strings always encodes
	return string(b)
}

func decodeAcceptance(s string) (*opslens.Acceptance, error) {
	if s == "" {
		return nil, nil
	}
	var a opslens.Acceptance
	if err := json.Unmarshal([]byte(s), &a); err != nil {
		return nil, fmt.Errorf("stored acceptance %q: %w", s, err)
	}
	return &a, nil
}

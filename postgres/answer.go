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
			ev := auditEvent{workloadID, opslens.AuditAnswerUpdate, lensAlias + "/" + a.QuestionID, opslens.AuditAnswer(a)}
			if err := putAnswer(ctx, tx, workloadID, lensAlias, a, ev); err != nil {
				return fmt.Errorf("save answer to %s of workload %q: %w", a.QuestionID, name, err)
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
// transaction of two round trips, the busiest write of a server: BEGIN,
// the lock on the workload's lens review (so concurrent changes of its
// answers, from any replica, queue instead of overwriting each other) and
// the read go in one batch; the writes and COMMIT in the other.
func (db *DB) UpdateAnswer(ctx context.Context, workloadID int64, lensAlias, questionID string, fn func(a *opslens.Answer) error) (*opslens.Answer, error) {
	if questionID == "" {
		return nil, opslens.Errorf(opslens.EINVALID, "answer without a question ID")
	}
	var (
		name   string
		stored []opslens.Answer
		out    opslens.Answer
	)
	err := db.writePipelined(ctx, func(b *pgx.Batch) {
		b.Queue(lensReviewQuery+lockLensReview, workloadID, lensAlias)
		b.Queue(answersQuery, workloadID, lensAlias, questionID)
	}, func(br pgx.BatchResults) error {
		if err := br.QueryRow().Scan(&name); err != nil {
			return err
		}
		rows, err := br.Query()
		if err != nil {
			return err
		}
		stored, err = collectAnswers(rows)
		return err
	}, func(b *pgx.Batch) error {
		cur := opslens.Answer{QuestionID: questionID, IsApplicable: true}
		if len(stored) > 0 {
			cur = stored[0]
		}
		a, err := opslens.ChangeAnswer(cur, name, fn, now())
		if err != nil {
			return err
		}
		queueAnswer(b, workloadID, lensAlias, a)
		auditEvent{workloadID, opslens.AuditAnswerUpdate, lensAlias + "/" + questionID, opslens.AuditAnswer(a)}.queue(ctx, b)
		out = a
		return nil
	})
	if errors.Is(err, pgx.ErrNoRows) {
		// No lens review to lock: say whether the workload or the lens
		// is missing.
		_, err = lensReview(ctx, db.pool, workloadID, lensAlias, false)
		return nil, db.unavailable(err)
	}
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// answerVersion returns the stored version of one answer, 0 when the
// question has no answer.
func answerVersion(ctx context.Context, tx querier, id int64, alias, question string) (int64, error) {
	var v int64
	err := tx.QueryRow(ctx, `SELECT version FROM answers WHERE workload_id = $1 AND lens_alias = $2 AND question_id = $3`,
		id, alias, question).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	return v, err
}

// putAnswer replaces one answer, and records its audit event when one is
// given, in one round trip: the statements go as a pipelined batch.
// Delete then insert, rather than upsert, so the old choices go by cascade
// and no stale choice survives.
func putAnswer(ctx context.Context, tx querier, id int64, alias string, a opslens.Answer, ev ...auditEvent) error {
	b := &pgx.Batch{}
	queueAnswer(b, id, alias, a)
	for _, e := range ev {
		e.queue(ctx, b)
	}
	return tx.SendBatch(ctx, b).Close()
}

// queueAnswer adds the statements that replace one answer to a batch.
func queueAnswer(b *pgx.Batch, id int64, alias string, a opslens.Answer) {
	b.Queue(`DELETE FROM answers WHERE workload_id = $1 AND lens_alias = $2 AND question_id = $3`, id, alias, a.QuestionID)
	b.Queue(`INSERT INTO answers
		(workload_id, lens_alias, question_id, is_applicable, reason, notes, updated_at, version, acceptance, accepted_risk, risk)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		id, alias, a.QuestionID, a.IsApplicable, a.Reason, a.Notes, a.UpdatedAt, a.Version,
		a.Acceptance, a.AcceptedRisk, a.Risk)
	if n := len(a.Choices); n > 0 {
		ids, statuses, reasons, notes, sources := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		accs := make([]*opslens.Acceptance, n)
		for i, c := range a.Choices {
			ids[i], statuses[i], reasons[i], notes[i], sources[i], accs[i] = c.ChoiceID, string(c.Status), string(c.Reason), c.Notes, c.Source, c.Acceptance
		}
		b.Queue(`INSERT INTO choice_answers
			(workload_id, lens_alias, question_id, choice_id, status, reason, notes, position, source, acceptance)
			SELECT $1, $2, $3, c.id, c.status, c.reason, c.notes, c.pos - 1, c.source, c.acceptance
			FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::jsonb[])
				WITH ORDINALITY AS c (id, status, reason, notes, source, acceptance, pos)`,
			id, alias, a.QuestionID, ids, statuses, reasons, notes, sources, accs)
	}
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

func loadAnswers(ctx context.Context, tx querier, id int64, alias string) ([]opslens.Answer, error) {
	return queryAnswers(ctx, tx, id, alias, "")
}

// answersQuery reads the answers of one lens review, or of one question
// when $3 is not empty, with their choices, in one statement: each row is
// an answer joined with one of its choices (or none).
const answersQuery = `SELECT a.question_id, a.is_applicable, a.reason, a.notes, a.updated_at, a.version,
		a.acceptance, a.accepted_risk, a.risk, c.choice_id, c.status, c.reason, c.notes, c.source, c.acceptance
	FROM answers a LEFT JOIN choice_answers c USING (workload_id, lens_alias, question_id)
	WHERE a.workload_id = $1 AND a.lens_alias = $2 AND ($3 = '' OR a.question_id = $3)
	ORDER BY a.question_id, c.position`

func queryAnswers(ctx context.Context, tx querier, id int64, alias, question string) ([]opslens.Answer, error) {
	rows, err := tx.Query(ctx, answersQuery, id, alias, question)
	if err != nil {
		return nil, err
	}
	return collectAnswers(rows)
}

// collectAnswers reads the rows of answersQuery.
func collectAnswers(rows pgx.Rows) ([]opslens.Answer, error) {
	var out []opslens.Answer
	var a opslens.Answer
	var choice, status, reason, notes, source *string
	var acc *opslens.Acceptance
	_, err := pgx.ForEachRow(rows, []any{&a.QuestionID, &a.IsApplicable, &a.Reason, &a.Notes, &a.UpdatedAt, &a.Version,
		&a.Acceptance, &a.AcceptedRisk, &a.Risk, &choice, &status, &reason, &notes, &source, &acc}, func() error {
		if n := len(out); n == 0 || out[n-1].QuestionID != a.QuestionID {
			out = append(out, a)
		}
		if choice != nil {
			last := &out[len(out)-1]
			last.Choices = append(last.Choices, opslens.ChoiceAnswer{ChoiceID: *choice, Status: opslens.ChoiceStatus(*status),
				Reason: opslens.Reason(*reason), Notes: *notes, Source: *source, Acceptance: acc})
		}
		a, acc = opslens.Answer{}, nil
		return nil
	})
	return out, err
}

const (
	lensReviewQuery = `SELECT w.name FROM workload_lenses wl JOIN workloads w ON w.id = wl.workload_id
		WHERE wl.workload_id = $1 AND wl.lens_alias = $2`
	lockLensReview = ` FOR NO KEY UPDATE OF wl`
)

// lensReview checks that the workload exists and applies the lens, and
// returns the workload's name for messages, in one statement. lock takes
// the lens review's row lock, which every change of its answers and
// evidence holds.
func lensReview(ctx context.Context, tx querier, id int64, alias string, lock bool) (string, error) {
	q := lensReviewQuery
	if lock {
		q += lockLensReview
	}
	var name string
	err := tx.QueryRow(ctx, q, id, alias).Scan(&name)
	if errors.Is(err, pgx.ErrNoRows) {
		// Which is missing: the workload, or its review of the lens?
		if name, err = workloadName(ctx, tx, id, false); err != nil {
			return "", err
		}
		return "", opslens.Errorf(opslens.ENOTFOUND, "workload %q has no review for lens %q: the lens is not applied", name, alias)
	}
	if err != nil {
		return "", fmt.Errorf("load workload %d: %w", id, err)
	}
	return name, nil
}

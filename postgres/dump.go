package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/opslens/opslens"
)

// Dump reads the whole database in one read-only snapshot.
func (db *DB) Dump(ctx context.Context) (*opslens.Dump, error) {
	d := &opslens.Dump{}
	err := db.read(ctx, func(tx pgx.Tx) error {
		var err error
		if d.Lenses, err = queryAll(ctx, tx, scanLens, `SELECT alias, data, imported_at FROM lenses ORDER BY alias`); err != nil {
			return fmt.Errorf("lenses: %w", err)
		}
		users, err := queryAll(ctx, tx, scanUser, `SELECT `+userColumns+` FROM users ORDER BY id`)
		if err != nil {
			return fmt.Errorf("users: %w", err)
		}
		for _, u := range users {
			d.Users = append(d.Users, *u)
		}
		if d.Workloads, err = dumpWorkloads(ctx, tx); err != nil {
			return err
		}
		tokens, err := queryAll(ctx, tx, scanToken, `SELECT `+tokenColumns+` FROM tokens ORDER BY id`)
		if err != nil {
			return fmt.Errorf("tokens: %w", err)
		}
		for _, t := range tokens {
			d.Tokens = append(d.Tokens, *t)
		}
		if d.Templates, err = queryAll(ctx, tx, scanTemplate, `SELECT `+templateColumns+` FROM templates ORDER BY id`); err != nil {
			return fmt.Errorf("templates: %w", err)
		}
		if d.Webhooks, err = queryAll(ctx, tx, scanWebhook, `SELECT id, url, secret, events, created_at FROM webhooks ORDER BY id`); err != nil {
			return fmt.Errorf("webhooks: %w", err)
		}
		d.Audit, err = queryAll(ctx, tx, scanAuditEvent, `SELECT id, at, actor, workload_id, action, target, detail FROM audit_events ORDER BY id`)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("dump database %s: %w", db.name, err)
	}
	return d, nil
}

func dumpWorkloads(ctx context.Context, tx querier) ([]opslens.WorkloadDump, error) {
	ids, err := queryAll(ctx, tx, func(s scanner) (int64, error) {
		var id int64
		return id, s.Scan(&id)
	}, `SELECT id FROM workloads ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("workloads: %w", err)
	}
	var out []opslens.WorkloadDump
	for _, id := range ids {
		snap, err := readSnapshot(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		wd := opslens.WorkloadDump{Workload: snap.Workload, Reviews: snap.Reviews}
		ms, err := queryAll(ctx, tx, scanMilestone, `SELECT `+milestoneColumns+` FROM milestones WHERE workload_id = $1 ORDER BY number`, id)
		if err != nil {
			return nil, fmt.Errorf("milestones of workload %q: %w", snap.Workload.Name, err)
		}
		for _, m := range ms {
			wd.Milestones = append(wd.Milestones, *m)
		}
		if wd.Shares, err = queryAll(ctx, tx, scanShare, `SELECT s.workload_id, s.user_id, u.name, s.role, s.shared_by, s.created_at
			FROM shares s JOIN users u ON u.id = s.user_id WHERE s.workload_id = $1 ORDER BY s.user_id`, id); err != nil {
			return nil, fmt.Errorf("shares of workload %q: %w", snap.Workload.Name, err)
		}
		if wd.Repositories, err = queryAll(ctx, tx, scanRepository, `SELECT `+repositoryColumns+` FROM repositories WHERE workload_id = $1 ORDER BY id`, id); err != nil {
			return nil, fmt.Errorf("repositories of workload %q: %w", snap.Workload.Name, err)
		}
		if wd.TicketExports, err = queryAll(ctx, tx, scanTicketExport, `SELECT target, key, exported_at FROM ticket_exports WHERE workload_id = $1 ORDER BY target, key`, id); err != nil {
			return nil, fmt.Errorf("exported tickets of workload %q: %w", snap.Workload.Name, err)
		}
		out = append(out, wd)
	}
	return out, nil
}

// Restore writes a dump into an empty database in one transaction, then
// moves each ID sequence past the restored IDs so new rows never reuse one.
func (db *DB) Restore(ctx context.Context, d *opslens.Dump) error {
	return db.write(ctx, func(tx pgx.Tx) error {
		// Two restores into one new database must not both find it empty.
		if _, err := tx.Exec(ctx, `LOCK TABLE lenses, users, workloads, audit_events IN EXCLUSIVE MODE`); err != nil {
			return err
		}
		found, err := exists(ctx, tx, `SELECT 1 FROM lenses UNION ALL SELECT 1 FROM users UNION ALL SELECT 1 FROM workloads UNION ALL SELECT 1 FROM audit_events`)
		if err != nil {
			return err
		}
		if found {
			return opslens.Errorf(opslens.ECONFLICT, "database %s is not empty: restore a copy only into a new database", db.name)
		}
		if err := restoreAccounts(ctx, tx, d); err != nil {
			return err
		}
		var rows answerRows
		for i := range d.Workloads {
			if err := restoreWorkload(ctx, tx, &d.Workloads[i], &rows); err != nil {
				return err
			}
		}
		if err := rows.copy(ctx, tx); err != nil {
			return err
		}
		if err := restoreTokensAndAudit(ctx, tx, d); err != nil {
			return err
		}
		for _, table := range []string{"workloads", "users", "tokens", "audit_events", "repositories", "webhooks", "templates"} {
			if _, err := tx.Exec(ctx, `SELECT setval(pg_get_serial_sequence('`+table+`', 'id'), GREATEST((SELECT MAX(id) FROM `+table+`), 1), (SELECT MAX(id) FROM `+table+`) IS NOT NULL)`); err != nil {
				return fmt.Errorf("advance the ID sequence of %s: %w", table, err)
			}
		}
		return nil
	})
}

func restoreAccounts(ctx context.Context, tx querier, d *opslens.Dump) error {
	for _, l := range d.Lenses {
		if _, err := tx.Exec(ctx, `INSERT INTO lenses (alias, data, imported_at) VALUES ($1, $2, $3)`,
			l.Alias, l.Data, l.ImportedAt); err != nil {
			return fmt.Errorf("restore lens %q: %w", l.Alias, err)
		}
	}
	for _, u := range d.Users {
		if _, err := tx.Exec(ctx, `INSERT INTO users (`+userColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			u.ID, u.Name, u.Admin, u.PasswordHash, u.PasswordChangedAt, u.CreatedAt, u.Version); err != nil {
			return fmt.Errorf("restore user %q: %w", u.Name, err)
		}
	}
	return nil
}

func restoreTokensAndAudit(ctx context.Context, tx querier, d *opslens.Dump) error {
	for _, t := range d.Tokens {
		if _, err := tx.Exec(ctx, `INSERT INTO tokens (`+tokenColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			t.ID, t.UserID, t.Name, t.Hash, t.Prefix, t.CreatedAt, optTime(t.LastUsedAt), optTime(t.ExpiresAt)); err != nil {
			return fmt.Errorf("restore token %q: %w", t.Name, err)
		}
	}
	for _, t := range d.Templates {
		answers, _ := json.Marshal(t.Answers)
		if _, err := tx.Exec(ctx, `INSERT INTO templates (`+templateColumns+`) VALUES ($1, $2, $3, $4, $5, $6)`,
			t.ID, t.Name, t.Description, t.LensAlias, string(answers), t.CreatedAt); err != nil {
			return fmt.Errorf("restore template %q: %w", t.Name, err)
		}
	}
	for _, h := range d.Webhooks {
		if _, err := tx.Exec(ctx, `INSERT INTO webhooks (id, url, secret, events, created_at) VALUES ($1, $2, $3, $4, $5)`,
			h.ID, h.URL, h.Secret, h.Events, h.CreatedAt); err != nil {
			return fmt.Errorf("restore webhook %d: %w", h.ID, err)
		}
	}
	// The log can be long: COPY sends it in one stream.
	rows := make([][]any, len(d.Audit))
	for i, e := range d.Audit {
		rows[i] = []any{e.ID, e.At, e.Actor, e.WorkloadID, e.Action, e.Target, e.Detail}
	}
	_, err := tx.CopyFrom(ctx, pgx.Identifier{"audit_events"},
		[]string{"id", "at", "actor", "workload_id", "action", "target", "detail"}, pgx.CopyFromRows(rows))
	if err != nil {
		return fmt.Errorf("restore the audit log: %w", err)
	}
	return nil
}

// answerRows collects the answers and choices of a restore for COPY: a
// database of thousands of workloads holds hundreds of thousands of them.
type answerRows struct{ answers, choices [][]any }

func (r *answerRows) add(workloadID int64, alias string, a opslens.Answer) {
	r.answers = append(r.answers, []any{workloadID, alias, a.QuestionID, a.IsApplicable, a.Reason, a.Notes, a.UpdatedAt, a.Version,
		a.Acceptance, a.AcceptedRisk, a.Risk})
	for i, c := range a.Choices {
		r.choices = append(r.choices, []any{workloadID, alias, a.QuestionID, c.ChoiceID, c.Status, c.Reason, c.Notes, i, c.Source, c.Acceptance})
	}
}

func (r *answerRows) copy(ctx context.Context, tx querier) error {
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"answers"}, []string{"workload_id", "lens_alias", "question_id", "is_applicable",
		"reason", "notes", "updated_at", "version", "acceptance", "accepted_risk", "risk"}, pgx.CopyFromRows(r.answers)); err != nil {
		return fmt.Errorf("restore answers: %w", err)
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"choice_answers"}, []string{"workload_id", "lens_alias", "question_id", "choice_id",
		"status", "reason", "notes", "position", "source", "acceptance"}, pgx.CopyFromRows(r.choices)); err != nil {
		return fmt.Errorf("restore choices: %w", err)
	}
	return nil
}

// restoreWorkload inserts one workload with its ID, version and times, and
// its lenses, evidence, milestones, shares and repositories, in one
// batch; its answers go to rows.
func restoreWorkload(ctx context.Context, tx querier, wd *opslens.WorkloadDump, rows *answerRows) error {
	w := &wd.Workload
	if err := opslens.ValidateStoredWorkload(w); err != nil {
		return err
	}
	j, err := w.EncodeColumns()
	if err != nil {
		return err
	}
	b := &pgx.Batch{}
	b.Queue(`INSERT INTO workloads (`+workloadColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
		w.ID, w.Name, w.Description, w.Environment, w.Owner, w.ReviewOwner, j.Locations, w.ArchitecturalDesign,
		w.Industry, w.IndustryType, j.Tags, w.Notes, j.PillarPriorities, w.CreatedAt, w.UpdatedAt, w.Version, j.Profile)
	for i, alias := range w.Lenses {
		b.Queue(`INSERT INTO workload_lenses (workload_id, lens_alias, position) VALUES ($1, $2, $3)`, w.ID, alias, i)
	}
	for _, r := range wd.Reviews {
		for _, a := range r.Answers {
			rows.add(w.ID, r.LensAlias, a)
		}
		for _, e := range r.Evidence {
			findings, err := json.Marshal(e.Findings)
			if err != nil {
				return err
			}
			queueEvidence(b, w.ID, r.LensAlias, e, findings)
		}
	}
	for _, m := range wd.Milestones {
		m.WorkloadID = w.ID
		if err := queueMilestone(b, m); err != nil {
			return err
		}
	}
	for _, s := range wd.Shares {
		b.Queue(`INSERT INTO shares (workload_id, user_id, role, shared_by, created_at) VALUES ($1, $2, $3, $4, $5)`,
			w.ID, s.UserID, s.PermissionType, s.SharedBy, s.CreatedAt)
	}
	for _, r := range wd.Repositories {
		b.Queue(`INSERT INTO repositories (`+repositoryColumns+`) VALUES ($1, $2, $3, $4, $5, $6)`,
			r.ID, w.ID, r.Location, r.Every, r.Apply, r.CreatedAt)
	}
	for _, e := range wd.TicketExports {
		b.Queue(`INSERT INTO ticket_exports (workload_id, target, key, exported_at) VALUES ($1, $2, $3, $4)`,
			w.ID, e.Target, e.Key, e.ExportedAt)
	}
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("restore workload %q: %w", w.Name, err)
	}
	return nil
}

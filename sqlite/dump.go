package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/opslens/opslens"
)

// Dump reads the whole database in one read transaction.
func (db *DB) Dump(ctx context.Context) (*opslens.Dump, error) {
	d := &opslens.Dump{}
	err := db.read(ctx, func(tx *sql.Tx) error {
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
		if d.Webhooks, err = db.webhooks(ctx, tx); err != nil {
			return fmt.Errorf("webhooks: %w", err)
		}
		d.Audit, err = queryAll(ctx, tx, scanAuditEvent, `SELECT id, at, actor, workload_id, action, target, detail FROM audit_events ORDER BY id`)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("dump database %s: %w", db.path, err)
	}
	return d, nil
}

func dumpWorkloads(ctx context.Context, tx *sql.Tx) ([]opslens.WorkloadDump, error) {
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
		ms, err := queryAll(ctx, tx, scanMilestone, `SELECT `+milestoneColumns+` FROM milestones WHERE workload_id = ? ORDER BY number`, id)
		if err != nil {
			return nil, fmt.Errorf("milestones of workload %q: %w", snap.Workload.Name, err)
		}
		for _, m := range ms {
			wd.Milestones = append(wd.Milestones, *m)
		}
		if wd.Shares, err = queryAll(ctx, tx, scanShare, `SELECT s.workload_id, s.user_id, u.name, s.role, s.shared_by, s.created_at
			FROM shares s JOIN users u ON u.id = s.user_id WHERE s.workload_id = ? ORDER BY s.user_id`, id); err != nil {
			return nil, fmt.Errorf("shares of workload %q: %w", snap.Workload.Name, err)
		}
		if wd.Repositories, err = queryAll(ctx, tx, scanRepository, `SELECT `+repositoryColumns+` FROM repositories WHERE workload_id = ? ORDER BY id`, id); err != nil {
			return nil, fmt.Errorf("repositories of workload %q: %w", snap.Workload.Name, err)
		}
		if wd.TicketExports, err = queryAll(ctx, tx, scanTicketExport, `SELECT target, key, exported_at FROM ticket_exports WHERE workload_id = ? ORDER BY target, key`, id); err != nil {
			return nil, fmt.Errorf("exported tickets of workload %q: %w", snap.Workload.Name, err)
		}
		out = append(out, wd)
	}
	return out, nil
}

func scanShare(s scanner) (opslens.Share, error) {
	var sh opslens.Share
	var created string
	if err := s.Scan(&sh.WorkloadID, &sh.UserID, &sh.SharedWith, &sh.PermissionType, &sh.SharedBy, &created); err != nil {
		return sh, err
	}
	var err error
	sh.CreatedAt, err = parseTime(created)
	return sh, err
}

// Restore writes a dump into an empty database in one write transaction.
func (db *DB) Restore(ctx context.Context, d *opslens.Dump) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		empty, err := emptyDatabase(ctx, tx)
		if err != nil {
			return err
		}
		if !empty {
			return opslens.Errorf(opslens.ECONFLICT, "database %s is not empty: restore a copy only into a new database", db.path)
		}
		for _, l := range d.Lenses {
			if _, err := tx.ExecContext(ctx, `INSERT INTO lenses (alias, data, imported_at) VALUES (?, ?, ?)`,
				l.Alias, l.Data, formatTime(l.ImportedAt)); err != nil {
				return fmt.Errorf("restore lens %q: %w", l.Alias, err)
			}
		}
		for _, u := range d.Users {
			if _, err := tx.ExecContext(ctx, `INSERT INTO users (`+userColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				u.ID, u.Name, u.Admin, u.PasswordHash, formatTime(u.PasswordChangedAt), formatTime(u.CreatedAt), u.Version); err != nil {
				return fmt.Errorf("restore user %q: %w", u.Name, err)
			}
		}
		for i := range d.Workloads {
			if err := restoreWorkload(ctx, tx, &d.Workloads[i]); err != nil {
				return err
			}
		}
		for _, t := range d.Tokens {
			if _, err := tx.ExecContext(ctx, `INSERT INTO tokens (`+tokenColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
				t.ID, t.UserID, t.Name, t.Hash, t.Prefix, formatTime(t.CreatedAt), optTime(t.LastUsedAt), optTime(t.ExpiresAt)); err != nil {
				return fmt.Errorf("restore token %q: %w", t.Name, err)
			}
		}
		for _, t := range d.Templates {
			answers, _ := json.Marshal(t.Answers)
			if _, err := tx.ExecContext(ctx, `INSERT INTO templates (`+templateColumns+`) VALUES (?, ?, ?, ?, ?, ?)`,
				t.ID, t.Name, t.Description, t.LensAlias, string(answers), formatTime(t.CreatedAt)); err != nil {
				return fmt.Errorf("restore template %q: %w", t.Name, err)
			}
		}
		for _, h := range d.Webhooks {
			events, _ := json.Marshal(h.Events)
			if _, err := tx.ExecContext(ctx, `INSERT INTO webhooks (id, url, secret, events, created_at) VALUES (?, ?, ?, ?, ?)`,
				h.ID, h.URL, h.Secret, string(events), formatTime(h.CreatedAt)); err != nil {
				return fmt.Errorf("restore webhook %d: %w", h.ID, err)
			}
		}
		for _, e := range d.Audit {
			if _, err := tx.ExecContext(ctx, `INSERT INTO audit_events (id, at, actor, workload_id, action, target, detail) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				e.ID, formatTime(e.At), e.Actor, e.WorkloadID, e.Action, e.Target, e.Detail); err != nil {
				return fmt.Errorf("restore audit event %d: %w", e.ID, err)
			}
		}
		return nil
	})
}

func emptyDatabase(ctx context.Context, tx *sql.Tx) (bool, error) {
	found, err := exists(ctx, tx, `SELECT 1 FROM lenses UNION ALL SELECT 1 FROM users UNION ALL SELECT 1 FROM workloads UNION ALL SELECT 1 FROM audit_events LIMIT 1`)
	return !found, err
}

// restoreWorkload inserts one workload with its ID, version and times, then
// its answers, evidence, milestones and shares.
func restoreWorkload(ctx context.Context, tx *sql.Tx, wd *opslens.WorkloadDump) error {
	w := &wd.Workload
	if err := opslens.ValidateStoredWorkload(w); err != nil {
		return err
	}
	j, err := w.EncodeColumns()
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO workloads (`+workloadColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		w.ID, w.Name, w.Description, w.Environment, w.Owner, w.ReviewOwner, j.Locations, w.ArchitecturalDesign,
		w.Industry, w.IndustryType, j.Tags, w.Notes, j.PillarPriorities, formatTime(w.CreatedAt), formatTime(w.UpdatedAt), w.Version, j.Profile)
	if err != nil {
		return fmt.Errorf("restore workload %q: %w", w.Name, err)
	}
	if err := setWorkloadLenses(ctx, tx, w.ID, w); err != nil {
		return err
	}
	for _, r := range wd.Reviews {
		for _, a := range r.Answers {
			if err := putAnswer(ctx, tx, w.ID, r.LensAlias, a); err != nil {
				return fmt.Errorf("restore answer to %s of workload %q: %w", a.QuestionID, w.Name, err)
			}
		}
		for _, e := range r.Evidence {
			findings, err := json.Marshal(e.Findings)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO evidence_sets (workload_id, lens_alias, repository, commit_id, tool_version, scanned_at, findings)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, w.ID, r.LensAlias, e.Repository, e.Commit, e.ToolVersion, formatTime(e.ScannedAt), string(findings)); err != nil {
				return fmt.Errorf("restore evidence of workload %q: %w", w.Name, err)
			}
		}
	}
	for _, m := range wd.Milestones {
		if err := restoreMilestone(ctx, tx, w.ID, m); err != nil {
			return fmt.Errorf("restore milestone %d of workload %q: %w", m.Number, w.Name, err)
		}
	}
	for _, s := range wd.Shares {
		if _, err := tx.ExecContext(ctx, `INSERT INTO shares (workload_id, user_id, role, shared_by, created_at) VALUES (?, ?, ?, ?, ?)`,
			w.ID, s.UserID, s.PermissionType, s.SharedBy, formatTime(s.CreatedAt)); err != nil {
			return fmt.Errorf("restore share of workload %q: %w", w.Name, err)
		}
	}
	for _, r := range wd.Repositories {
		if _, err := tx.ExecContext(ctx, `INSERT INTO repositories (`+repositoryColumns+`) VALUES (?, ?, ?, ?, ?, ?)`,
			r.ID, w.ID, r.Location, int64(r.Every/time.Second), r.Apply, formatTime(r.CreatedAt)); err != nil {
			return fmt.Errorf("restore repository %s of workload %q: %w", r.Location, w.Name, err)
		}
	}
	for _, e := range wd.TicketExports {
		if _, err := tx.ExecContext(ctx, `INSERT INTO ticket_exports (workload_id, target, key, exported_at) VALUES (?, ?, ?, ?)`,
			w.ID, e.Target, e.Key, formatTime(e.ExportedAt)); err != nil {
			return fmt.Errorf("restore exported ticket %s of workload %q: %w", e.Key, w.Name, err)
		}
	}
	return nil
}

func restoreMilestone(ctx context.Context, tx *sql.Tx, workloadID int64, m opslens.Milestone) error {
	snap, err := json.Marshal(m.Snapshot)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO milestones (workload_id, number, name, recorded_at, snapshot) VALUES (?, ?, ?, ?, ?)`,
		workloadID, m.Number, m.Name, formatTime(m.RecordedAt), string(snap)); err != nil {
		return err
	}
	for _, alias := range m.Snapshot.LensAliases() {
		if _, err := tx.ExecContext(ctx, `INSERT INTO milestone_lenses (workload_id, number, lens_alias) VALUES (?, ?, ?)`,
			workloadID, m.Number, alias); err != nil {
			return err
		}
	}
	return nil
}

package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/opslens/opslens"
)

// PutShare grants or changes a user's role on a workload.
func (db *DB) PutShare(ctx context.Context, s *opslens.Share) error {
	if s.PermissionType.Rank() == 0 {
		return opslens.Errorf(opslens.EINVALID, "unknown permission type %q: use OWNER, CONTRIBUTOR or READONLY", s.PermissionType)
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		if _, err := workloadName(ctx, tx, s.WorkloadID); err != nil {
			return err
		}
		var user string
		err := tx.QueryRowContext(ctx, `SELECT name FROM users WHERE id = ?`, s.UserID).Scan(&user)
		if errors.Is(err, sql.ErrNoRows) {
			return opslens.Errorf(opslens.ENOTFOUND, "no user with ID %d", s.UserID)
		}
		if err != nil {
			return err
		}
		cur, err := roleIn(ctx, tx, s.WorkloadID, s.UserID)
		if err != nil {
			return err
		}
		if cur == opslens.RoleOwner && s.PermissionType != opslens.RoleOwner {
			if err := keepAnOwner(ctx, tx, s.WorkloadID, s.UserID); err != nil {
				return err
			}
		}
		s.CreatedAt = stamp(s.CreatedAt)
		s.SharedWith = user
		if s.SharedBy == "" {
			s.SharedBy = opslens.ActorFrom(ctx).Name
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO shares (workload_id, user_id, role, shared_by, created_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (workload_id, user_id) DO UPDATE SET role = excluded.role, shared_by = excluded.shared_by`,
			s.WorkloadID, s.UserID, s.PermissionType, s.SharedBy, formatTime(s.CreatedAt))
		if err != nil {
			return fmt.Errorf("share workload: %w", err)
		}
		return audit(ctx, tx, s.WorkloadID, opslens.AuditShareSet, user, string(s.PermissionType))
	})
}

// insertOwner makes the creating user the owner of a new workload.
func insertOwner(ctx context.Context, tx *sql.Tx, workloadID int64, a opslens.Actor) error {
	if a.UserID == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO shares (workload_id, user_id, role, shared_by, created_at) VALUES (?, ?, 'OWNER', ?, ?)`,
		workloadID, a.UserID, a.Name, formatTime(now()))
	if err != nil {
		return fmt.Errorf("make %s the owner: %w", a.Name, err)
	}
	return nil
}

// keepAnOwner refuses to demote or remove a workload's last owner: nobody
// but administrators could share it again.
func keepAnOwner(ctx context.Context, tx *sql.Tx, workloadID, userID int64) error {
	ok, err := exists(ctx, tx, `SELECT 1 FROM shares WHERE workload_id = ? AND role = 'OWNER' AND user_id <> ?`, workloadID, userID)
	if err != nil {
		return err
	}
	if !ok {
		return opslens.Errorf(opslens.ECONFLICT, "this is the workload's last owner; make someone else an owner first")
	}
	return nil
}

func roleIn(ctx context.Context, tx *sql.Tx, workloadID, userID int64) (opslens.Role, error) {
	var r opslens.Role
	err := tx.QueryRowContext(ctx, `SELECT role FROM shares WHERE workload_id = ? AND user_id = ?`, workloadID, userID).Scan(&r)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return r, err
}

// DeleteShare removes a user's role on a workload.
func (db *DB) DeleteShare(ctx context.Context, workloadID, userID int64) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		cur, err := roleIn(ctx, tx, workloadID, userID)
		if err != nil {
			return err
		}
		if cur == "" {
			return opslens.Errorf(opslens.ENOTFOUND, "the workload is not shared with user %d", userID)
		}
		if cur == opslens.RoleOwner {
			if err := keepAnOwner(ctx, tx, workloadID, userID); err != nil {
				return err
			}
		}
		var user string
		if err := tx.QueryRowContext(ctx, `SELECT name FROM users WHERE id = ?`, userID).Scan(&user); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM shares WHERE workload_id = ? AND user_id = ?`, workloadID, userID); err != nil {
			return fmt.Errorf("unshare workload: %w", err)
		}
		return audit(ctx, tx, workloadID, opslens.AuditShareDelete, user, string(cur))
	})
}

// Shares lists a workload's shares, owners first.
func (db *DB) Shares(ctx context.Context, workloadID int64) ([]opslens.Share, error) {
	var out []opslens.Share
	err := db.read(ctx, func(tx *sql.Tx) error {
		if _, err := workloadName(ctx, tx, workloadID); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT s.user_id, u.name, s.role, s.shared_by, s.created_at
			FROM shares s JOIN users u ON u.id = s.user_id WHERE s.workload_id = ?
			ORDER BY CASE s.role WHEN 'OWNER' THEN 0 WHEN 'CONTRIBUTOR' THEN 1 ELSE 2 END, u.name COLLATE NOCASE`, workloadID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			s := opslens.Share{WorkloadID: workloadID}
			var created string
			if err := rows.Scan(&s.UserID, &s.SharedWith, &s.PermissionType, &s.SharedBy, &created); err != nil {
				return err
			}
			if s.CreatedAt, err = parseTime(created); err != nil {
				return err
			}
			out = append(out, s)
		}
		return rows.Err()
	})
	return out, err
}

// Role returns the user's role on a workload, "" for none.
func (db *DB) Role(ctx context.Context, workloadID, userID int64) (opslens.Role, error) {
	var r opslens.Role
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		r, err = roleIn(ctx, tx, workloadID, userID)
		return err
	})
	return r, err
}

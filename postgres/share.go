package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/opslens/opslens"
)

// PutShare grants or changes a user's role on a workload. It holds the
// workload's row lock, so two owners demoting each other at once cannot
// leave the workload without one.
func (db *DB) PutShare(ctx context.Context, s *opslens.Share) error {
	if s.PermissionType.Rank() == 0 {
		return opslens.Errorf(opslens.EINVALID, "unknown permission type %q: use OWNER, CONTRIBUTOR or READONLY", s.PermissionType)
	}
	return db.write(ctx, func(tx pgx.Tx) error {
		if _, err := workloadName(ctx, tx, s.WorkloadID, true); err != nil {
			return err
		}
		user, err := userName(ctx, tx, s.UserID)
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
		_, err = tx.Exec(ctx, `INSERT INTO shares (workload_id, user_id, role, shared_by, created_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (workload_id, user_id) DO UPDATE SET role = excluded.role, shared_by = excluded.shared_by`,
			s.WorkloadID, s.UserID, s.PermissionType, s.SharedBy, s.CreatedAt)
		if err != nil {
			return fmt.Errorf("share workload: %w", err)
		}
		return audit(ctx, tx, s.WorkloadID, opslens.AuditShareSet, user, string(s.PermissionType))
	})
}

func userName(ctx context.Context, tx querier, id int64) (string, error) {
	var name string
	err := tx.QueryRow(ctx, `SELECT name FROM users WHERE id = $1`, id).Scan(&name)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", opslens.Errorf(opslens.ENOTFOUND, "no user with ID %d", id)
	}
	return name, err
}

// insertOwner makes the creating user the owner of a new workload.
func insertOwner(ctx context.Context, tx querier, workloadID int64, a opslens.Actor) error {
	if a.UserID == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `INSERT INTO shares (workload_id, user_id, role, shared_by, created_at) VALUES ($1, $2, 'OWNER', $3, $4)`,
		workloadID, a.UserID, a.Name, now())
	if err != nil {
		return fmt.Errorf("make %s the owner: %w", a.Name, err)
	}
	return nil
}

// keepAnOwner refuses to demote or remove a workload's last owner.
func keepAnOwner(ctx context.Context, tx querier, workloadID, userID int64) error {
	ok, err := exists(ctx, tx, `SELECT 1 FROM shares WHERE workload_id = $1 AND role = 'OWNER' AND user_id <> $2`, workloadID, userID)
	if err != nil {
		return err
	}
	if !ok {
		return opslens.Errorf(opslens.ECONFLICT, "this is the workload's last owner; make someone else an owner first")
	}
	return nil
}

func roleIn(ctx context.Context, tx querier, workloadID, userID int64) (opslens.Role, error) {
	var r opslens.Role
	err := tx.QueryRow(ctx, `SELECT role FROM shares WHERE workload_id = $1 AND user_id = $2`, workloadID, userID).Scan(&r)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	return r, err
}

// DeleteShare removes a user's role on a workload.
func (db *DB) DeleteShare(ctx context.Context, workloadID, userID int64) error {
	return db.write(ctx, func(tx pgx.Tx) error {
		if _, err := workloadName(ctx, tx, workloadID, true); err != nil {
			return err
		}
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
		user, err := userName(ctx, tx, userID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM shares WHERE workload_id = $1 AND user_id = $2`, workloadID, userID); err != nil {
			return fmt.Errorf("unshare workload: %w", err)
		}
		return audit(ctx, tx, workloadID, opslens.AuditShareDelete, user, string(cur))
	})
}

// Shares lists a workload's shares, owners first.
func (db *DB) Shares(ctx context.Context, workloadID int64) ([]opslens.Share, error) {
	var out []opslens.Share
	err := db.read(ctx, func(tx pgx.Tx) error {
		if _, err := workloadName(ctx, tx, workloadID, false); err != nil {
			return err
		}
		var err error
		out, err = queryAll(ctx, tx, scanShare, `SELECT s.workload_id, s.user_id, u.name, s.role, s.shared_by, s.created_at
			FROM shares s JOIN users u ON u.id = s.user_id WHERE s.workload_id = $1
			ORDER BY CASE s.role WHEN 'OWNER' THEN 0 WHEN 'CONTRIBUTOR' THEN 1 ELSE 2 END, lower(u.name), u.name`, workloadID)
		return err
	})
	return out, err
}

func scanShare(s scanner) (opslens.Share, error) {
	var sh opslens.Share
	err := s.Scan(&sh.WorkloadID, &sh.UserID, &sh.SharedWith, &sh.PermissionType, &sh.SharedBy, &sh.CreatedAt)
	return sh, err
}

// Role returns the user's role on a workload, "" for none.
func (db *DB) Role(ctx context.Context, workloadID, userID int64) (opslens.Role, error) {
	r, err := roleIn(ctx, db.pool, workloadID, userID)
	return r, db.unavailable(err)
}

package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/opslens/opslens"
)

const userColumns = `id, name, admin, password_hash, password_changed_at, created_at, version`

// CreateUser stores a new user.
func (db *DB) CreateUser(ctx context.Context, u *opslens.User) error {
	if err := opslens.ValidateUserName(u.Name); err != nil {
		return err
	}
	created := stamp(u.CreatedAt)
	changed := u.PasswordChangedAt
	if changed.IsZero() {
		changed = created
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO users (name, admin, password_hash, password_changed_at, created_at, version)
			VALUES (?, ?, ?, ?, ?, 1)`, u.Name, u.Admin, u.PasswordHash, formatTime(changed), formatTime(created))
		if isUnique(err) {
			return opslens.Errorf(opslens.ECONFLICT, "a user named %q already exists", u.Name)
		}
		if err != nil {
			return fmt.Errorf("create user %q: %w", u.Name, err)
		}
		id, err := res.LastInsertId()
		if err != nil {
			return err
		}
		u.ID, u.CreatedAt, u.PasswordChangedAt, u.Version = id, created, changed.UTC(), 1
		return audit(ctx, tx, 0, opslens.AuditUserCreate, u.Name, opslens.AuditUserKind(u.Admin))
	})
}

// User returns the user of that name (without regard to case).
func (db *DB) User(ctx context.Context, name string) (*opslens.User, error) {
	return db.loadUser(ctx, `name = ?`, name, fmt.Sprintf("no user named %q", name))
}

// UserByID returns the user with that ID.
func (db *DB) UserByID(ctx context.Context, id int64) (*opslens.User, error) {
	return db.loadUser(ctx, `id = ?`, id, fmt.Sprintf("no user with ID %d", id))
}

func (db *DB) loadUser(ctx context.Context, where string, arg any, missing string) (*opslens.User, error) {
	var u *opslens.User
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		u, err = scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE `+where, arg))
		if errors.Is(err, sql.ErrNoRows) {
			return opslens.Errorf(opslens.ENOTFOUND, "%s", missing)
		}
		return err
	})
	return u, err
}

// Users returns every user ordered by name.
func (db *DB) Users(ctx context.Context) ([]*opslens.User, error) {
	var out []*opslens.User
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = queryAll(ctx, tx, scanUser, `SELECT `+userColumns+` FROM users ORDER BY name COLLATE NOCASE`)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return out, nil
}

func scanUser(s scanner) (*opslens.User, error) {
	var u opslens.User
	var changed, created string
	if err := s.Scan(&u.ID, &u.Name, &u.Admin, &u.PasswordHash, &changed, &created, &u.Version); err != nil {
		return nil, err
	}
	var err error
	if u.PasswordChangedAt, err = parseTime(changed); err != nil {
		return nil, err
	}
	if u.CreatedAt, err = parseTime(created); err != nil {
		return nil, err
	}
	return &u, nil
}

// UpdateUser edits a user in one write transaction.
func (db *DB) UpdateUser(ctx context.Context, id int64, fn func(u *opslens.User) error) (*opslens.User, error) {
	var out *opslens.User
	err := db.write(ctx, func(tx *sql.Tx) error {
		u, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return opslens.Errorf(opslens.ENOTFOUND, "no user with ID %d", id)
		}
		if err != nil {
			return err
		}
		before, err := opslens.ChangeUser(u, fn, now())
		if err != nil {
			return err
		}
		if before.Admin && !u.Admin {
			if err := keepAnAdmin(ctx, tx, id, "take administration away from"); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE users SET name = ?, admin = ?, password_hash = ?, password_changed_at = ?, version = ? WHERE id = ?`,
			u.Name, u.Admin, u.PasswordHash, formatTime(u.PasswordChangedAt), u.Version, id)
		if isUnique(err) {
			return opslens.Errorf(opslens.ECONFLICT, "a user named %q already exists", u.Name)
		}
		if err != nil {
			return fmt.Errorf("update user %q: %w", before.Name, err)
		}
		out = u
		return audit(ctx, tx, 0, opslens.AuditUserUpdate, u.Name, opslens.AuditUserChange(before, *u))
	})
	return out, err
}

// keepAnAdmin refuses a change that would leave no administrator: nobody
// could then manage users from the web.
func keepAnAdmin(ctx context.Context, tx *sql.Tx, id int64, verb string) error {
	var others int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE admin AND id <> ?`, id).Scan(&others); err != nil {
		return err
	}
	if others == 0 {
		return opslens.Errorf(opslens.ECONFLICT, "cannot %s the last administrator; make another user an administrator first", verb)
	}
	return nil
}

// DeleteUser removes a user; shares and tokens go by cascade. A workload
// whose only owner goes stays visible to administrators, who can share it
// again: refusing would let one departed person block the clean-up.
func (db *DB) DeleteUser(ctx context.Context, id int64) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		var name string
		var admin bool
		err := tx.QueryRowContext(ctx, `SELECT name, admin FROM users WHERE id = ?`, id).Scan(&name, &admin)
		if errors.Is(err, sql.ErrNoRows) {
			return opslens.Errorf(opslens.ENOTFOUND, "no user with ID %d", id)
		}
		if err != nil {
			return err
		}
		if admin {
			if err := keepAnAdmin(ctx, tx, id, "delete"); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM users WHERE id = ?`, id); err != nil {
			return fmt.Errorf("delete user %q: %w", name, err)
		}
		return audit(ctx, tx, 0, opslens.AuditUserDelete, name, "")
	})
}

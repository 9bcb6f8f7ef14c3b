package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

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
	return db.write(ctx, func(tx pgx.Tx) error {
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO users (name, admin, password_hash, password_changed_at, created_at, version)
			VALUES ($1, $2, $3, $4, $5, 1) RETURNING id`, u.Name, u.Admin, u.PasswordHash, changed.UTC(), created).Scan(&id)
		if isUnique(err) {
			return opslens.Errorf(opslens.ECONFLICT, "a user named %q already exists", u.Name)
		}
		if err != nil {
			return fmt.Errorf("create user %q: %w", u.Name, err)
		}
		u.ID, u.CreatedAt, u.PasswordChangedAt, u.Version = id, created, changed.UTC(), 1
		return audit(ctx, tx, 0, opslens.AuditUserCreate, u.Name, opslens.AuditUserKind(u.Admin))
	})
}

// User returns the user of that name (without regard to case).
func (db *DB) User(ctx context.Context, name string) (*opslens.User, error) {
	return db.loadUser(ctx, `lower(name) = lower($1)`, name, fmt.Sprintf("no user named %q", name))
}

// UserByID returns the user with that ID.
func (db *DB) UserByID(ctx context.Context, id int64) (*opslens.User, error) {
	return db.loadUser(ctx, `id = $1`, id, fmt.Sprintf("no user with ID %d", id))
}

func (db *DB) loadUser(ctx context.Context, where string, arg any, missing string) (*opslens.User, error) {
	var u *opslens.User
	err := db.read(ctx, func(tx pgx.Tx) error {
		var err error
		u, err = scanUser(tx.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE `+where, arg))
		if errors.Is(err, pgx.ErrNoRows) {
			return opslens.Errorf(opslens.ENOTFOUND, "%s", missing)
		}
		return err
	})
	return u, err
}

// Users returns every user ordered by name.
func (db *DB) Users(ctx context.Context) ([]*opslens.User, error) {
	var out []*opslens.User
	err := db.read(ctx, func(tx pgx.Tx) error {
		var err error
		out, err = queryAll(ctx, tx, scanUser, `SELECT `+userColumns+` FROM users ORDER BY lower(name), name`)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return out, nil
}

func scanUser(s scanner) (*opslens.User, error) {
	var u opslens.User
	if err := s.Scan(&u.ID, &u.Name, &u.Admin, &u.PasswordHash, &u.PasswordChangedAt, &u.CreatedAt, &u.Version); err != nil {
		return nil, err
	}
	return &u, nil
}

// UpdateUser edits a user in one transaction, under the user's row lock.
func (db *DB) UpdateUser(ctx context.Context, id int64, fn func(u *opslens.User) error) (*opslens.User, error) {
	var out *opslens.User
	err := db.write(ctx, func(tx pgx.Tx) error {
		u, err := scanUser(tx.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1 FOR UPDATE`, id))
		if errors.Is(err, pgx.ErrNoRows) {
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
		_, err = tx.Exec(ctx, `UPDATE users SET name = $1, admin = $2, password_hash = $3, password_changed_at = $4, version = $5 WHERE id = $6`,
			u.Name, u.Admin, u.PasswordHash, u.PasswordChangedAt.UTC(), u.Version, id)
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

// keepAnAdmin refuses a change that would leave no administrator. It locks
// every administrator's row first: two replicas demoting the last two
// administrators at once would otherwise each see the other still there.
func keepAnAdmin(ctx context.Context, tx querier, id int64, verb string) error {
	others, err := queryAll(ctx, tx, func(s scanner) (int64, error) {
		var v int64
		return v, s.Scan(&v)
	}, `SELECT id FROM users WHERE admin AND id <> $1 ORDER BY id FOR UPDATE`, id)
	if err != nil {
		return err
	}
	if len(others) == 0 {
		return opslens.Errorf(opslens.ECONFLICT, "cannot %s the last administrator; make another user an administrator first", verb)
	}
	return nil
}

// DeleteUser removes a user; shares and tokens go by cascade. A workload
// whose only owner goes stays visible to administrators, who can share it
// again.
func (db *DB) DeleteUser(ctx context.Context, id int64) error {
	return db.write(ctx, func(tx pgx.Tx) error {
		var name string
		var admin bool
		err := tx.QueryRow(ctx, `SELECT name, admin FROM users WHERE id = $1 FOR UPDATE`, id).Scan(&name, &admin)
		if errors.Is(err, pgx.ErrNoRows) {
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
		if _, err := tx.Exec(ctx, `DELETE FROM users WHERE id = $1`, id); err != nil {
			return fmt.Errorf("delete user %q: %w", name, err)
		}
		return audit(ctx, tx, 0, opslens.AuditUserDelete, name, "")
	})
}

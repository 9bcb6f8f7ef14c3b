package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/opslens/opslens"
)

// CreateToken stores a token whose Hash and Prefix the caller computed.
func (db *DB) CreateToken(ctx context.Context, t *opslens.Token) error {
	if err := opslens.ValidateToken(t); err != nil {
		return err
	}
	created := stamp(t.CreatedAt)
	return db.write(ctx, func(tx *sql.Tx) error {
		var user string
		err := tx.QueryRowContext(ctx, `SELECT name FROM users WHERE id = ?`, t.UserID).Scan(&user)
		if errors.Is(err, sql.ErrNoRows) {
			return opslens.Errorf(opslens.ENOTFOUND, "no user with ID %d", t.UserID)
		}
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO tokens (user_id, name, hash, prefix, created_at, last_used_at, expires_at)
			VALUES (?, ?, ?, ?, ?, '', ?)`, t.UserID, t.Name, t.Hash, t.Prefix, formatTime(created), optTime(t.ExpiresAt))
		if isUnique(err) {
			return opslens.Errorf(opslens.ECONFLICT, "a token with this secret exists already")
		}
		if err != nil {
			return fmt.Errorf("create token: %w", err)
		}
		if t.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		t.CreatedAt = created
		return audit(ctx, tx, 0, opslens.AuditTokenCreate, user, fmt.Sprintf("token %q (%s…)", t.Name, t.Prefix))
	})
}

// optTime stores a zero time as ” (never).
func optTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return formatTime(t)
}

func parseOptTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return parseTime(s)
}

const tokenColumns = `id, user_id, name, hash, prefix, created_at, last_used_at, expires_at`

func scanToken(s scanner) (*opslens.Token, error) {
	var t opslens.Token
	var created, used, expires string
	if err := s.Scan(&t.ID, &t.UserID, &t.Name, &t.Hash, &t.Prefix, &created, &used, &expires); err != nil {
		return nil, err
	}
	var err error
	if t.CreatedAt, err = parseTime(created); err != nil {
		return nil, err
	}
	if t.LastUsedAt, err = parseOptTime(used); err != nil {
		return nil, err
	}
	if t.ExpiresAt, err = parseOptTime(expires); err != nil {
		return nil, err
	}
	return &t, nil
}

// tokenUseGranularity: a token's last use is written at most once a
// minute, so that a script making many calls does not make as many
// writes.
const tokenUseGranularity = time.Minute

// TokenByHash finds an unexpired token and its user.
func (db *DB) TokenByHash(ctx context.Context, hash string) (*opslens.Token, *opslens.User, error) {
	var (
		t *opslens.Token
		u *opslens.User
	)
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		t, err = scanToken(tx.QueryRowContext(ctx, `SELECT `+tokenColumns+` FROM tokens WHERE hash = ?`, hash))
		if errors.Is(err, sql.ErrNoRows) {
			return opslens.Errorf(opslens.ENOTFOUND, "unknown or revoked API token")
		}
		if err != nil {
			return err
		}
		u, err = scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, t.UserID))
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	at := now()
	if t.Expired(at) {
		return nil, nil, opslens.Errorf(opslens.ENOTFOUND, "API token %q expired on %s", t.Name, t.ExpiresAt.Format(time.DateOnly))
	}
	if at.Sub(t.LastUsedAt) >= tokenUseGranularity {
		// Best effort: failing to note the use must not refuse the request.
		_ = db.write(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE tokens SET last_used_at = ? WHERE id = ?`, formatTime(at), t.ID)
			return err
		})
		t.LastUsedAt = at
	}
	return t, u, nil
}

// Tokens returns a user's tokens, newest first.
func (db *DB) Tokens(ctx context.Context, userID int64) ([]*opslens.Token, error) {
	var out []*opslens.Token
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = queryAll(ctx, tx, scanToken, `SELECT `+tokenColumns+` FROM tokens WHERE user_id = ? ORDER BY id DESC`, userID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	return out, nil
}

// DeleteToken revokes a token of the user.
func (db *DB) DeleteToken(ctx context.Context, userID, tokenID int64) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		var name, user string
		err := tx.QueryRowContext(ctx, `SELECT t.name, u.name FROM tokens t JOIN users u ON u.id = t.user_id
			WHERE t.id = ? AND t.user_id = ?`, tokenID, userID).Scan(&name, &user)
		if errors.Is(err, sql.ErrNoRows) {
			return opslens.Errorf(opslens.ENOTFOUND, "no API token with ID %d", tokenID)
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM tokens WHERE id = ?`, tokenID); err != nil {
			return fmt.Errorf("revoke token: %w", err)
		}
		return audit(ctx, tx, 0, opslens.AuditTokenDelete, user, fmt.Sprintf("token %q", name))
	})
}

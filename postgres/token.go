package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opslens/opslens"
)

// CreateToken stores a token whose Hash and Prefix the caller computed.
func (db *DB) CreateToken(ctx context.Context, t *opslens.Token) error {
	if err := opslens.ValidateToken(t); err != nil {
		return err
	}
	created := stamp(t.CreatedAt)
	return db.write(ctx, func(tx pgx.Tx) error {
		user, err := userName(ctx, tx, t.UserID)
		if err != nil {
			return err
		}
		err = tx.QueryRow(ctx, `INSERT INTO tokens (user_id, name, hash, prefix, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, t.UserID, t.Name, t.Hash, t.Prefix, created, optTime(t.ExpiresAt)).Scan(&t.ID)
		if isUnique(err) {
			return opslens.Errorf(opslens.ECONFLICT, "a token with this secret exists already")
		}
		if err != nil {
			return fmt.Errorf("create token: %w", err)
		}
		t.CreatedAt = created
		return audit(ctx, tx, 0, opslens.AuditTokenCreate, user, fmt.Sprintf("token %q (%s…)", t.Name, t.Prefix))
	})
}

const tokenColumns = `id, user_id, name, hash, prefix, created_at, last_used_at, expires_at`

func scanToken(s scanner) (*opslens.Token, error) {
	var t opslens.Token
	var used, expires *time.Time
	if err := s.Scan(&t.ID, &t.UserID, &t.Name, &t.Hash, &t.Prefix, &t.CreatedAt, &used, &expires); err != nil {
		return nil, err
	}
	t.LastUsedAt, t.ExpiresAt = fromOptTime(used), fromOptTime(expires)
	return &t, nil
}

// tokenUseGranularity: a token's last use is written at most once a
// minute, so that a script making many calls does not make as many
// writes.
const tokenUseGranularity = time.Minute

// TokenByHash finds an unexpired token and its user.
func (db *DB) TokenByHash(ctx context.Context, hash string) (*opslens.Token, *opslens.User, error) {
	// One statement: every API request starts here.
	var t opslens.Token
	var u opslens.User
	var used, expires *time.Time
	err := db.pool.QueryRow(ctx, `SELECT t.id, t.user_id, t.name, t.hash, t.prefix, t.created_at, t.last_used_at, t.expires_at,
			u.id, u.name, u.admin, u.password_hash, u.password_changed_at, u.created_at, u.version
		FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = $1`, hash).Scan(
		&t.ID, &t.UserID, &t.Name, &t.Hash, &t.Prefix, &t.CreatedAt, &used, &expires,
		&u.ID, &u.Name, &u.Admin, &u.PasswordHash, &u.PasswordChangedAt, &u.CreatedAt, &u.Version)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil, opslens.Errorf(opslens.ENOTFOUND, "unknown or revoked API token")
	}
	if err != nil {
		return nil, nil, db.unavailable(err)
	}
	t.LastUsedAt, t.ExpiresAt = fromOptTime(used), fromOptTime(expires)
	at := now()
	if t.Expired(at) {
		return nil, nil, opslens.Errorf(opslens.ENOTFOUND, "API token %q expired on %s", t.Name, t.ExpiresAt.Format(time.DateOnly))
	}
	if at.Sub(t.LastUsedAt) >= tokenUseGranularity {
		// Best effort: failing to note the use must not refuse the request.
		_, _ = db.pool.Exec(ctx, `UPDATE tokens SET last_used_at = $1 WHERE id = $2`, at, t.ID)
		t.LastUsedAt = at
	}
	return &t, &u, nil
}

// Tokens returns a user's tokens, newest first.
func (db *DB) Tokens(ctx context.Context, userID int64) ([]*opslens.Token, error) {
	var out []*opslens.Token
	err := db.read(ctx, func(tx pgx.Tx) error {
		var err error
		out, err = queryAll(ctx, tx, scanToken, `SELECT `+tokenColumns+` FROM tokens WHERE user_id = $1 ORDER BY id DESC`, userID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	return out, nil
}

// DeleteToken revokes a token of the user.
func (db *DB) DeleteToken(ctx context.Context, userID, tokenID int64) error {
	return db.write(ctx, func(tx pgx.Tx) error {
		var name, user string
		err := tx.QueryRow(ctx, `DELETE FROM tokens t USING users u
			WHERE u.id = t.user_id AND t.id = $1 AND t.user_id = $2 RETURNING t.name, u.name`, tokenID, userID).Scan(&name, &user)
		if errors.Is(err, pgx.ErrNoRows) {
			return opslens.Errorf(opslens.ENOTFOUND, "no API token with ID %d", tokenID)
		}
		if err != nil {
			return fmt.Errorf("revoke token: %w", err)
		}
		return audit(ctx, tx, 0, opslens.AuditTokenDelete, user, fmt.Sprintf("token %q", name))
	})
}

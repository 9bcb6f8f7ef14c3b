package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Sessions are kept for the web front end's session manager: opaque data
// by secret token, with an expiry. Each is one statement, so no explicit
// transaction is needed.

// FindSession returns the data of an unexpired session.
func (db *DB) FindSession(ctx context.Context, token string) ([]byte, bool, error) {
	var data []byte
	err := db.pool.QueryRow(ctx, `SELECT data FROM sessions WHERE token = $1 AND expiry > $2`, token, time.Now()).Scan(&data)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, db.unavailable(fmt.Errorf("read session: %w", err))
	}
	return data, true, nil
}

// CommitSession saves a session's data and expiry.
func (db *DB) CommitSession(ctx context.Context, token string, data []byte, expiry time.Time) error {
	_, err := db.pool.Exec(ctx, `INSERT INTO sessions (token, data, expiry) VALUES ($1, $2, $3)
		ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry`, token, data, expiry)
	return db.unavailable(err)
}

// DeleteSession removes a session (sign-out).
func (db *DB) DeleteSession(ctx context.Context, token string) error {
	_, err := db.pool.Exec(ctx, `DELETE FROM sessions WHERE token = $1`, token)
	return db.unavailable(err)
}

// DeleteExpiredSessions removes sessions past their expiry.
func (db *DB) DeleteExpiredSessions(ctx context.Context) error {
	_, err := db.pool.Exec(ctx, `DELETE FROM sessions WHERE expiry <= $1`, time.Now())
	return db.unavailable(err)
}

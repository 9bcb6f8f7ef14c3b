package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Sessions are kept for the web front end's session manager: opaque data
// by secret token, with an expiry.

// FindSession returns the data of an unexpired session.
func (db *DB) FindSession(ctx context.Context, token string) ([]byte, bool, error) {
	var data []byte
	err := db.sql.QueryRowContext(ctx, `SELECT data FROM sessions WHERE token = ? AND expiry > ?`,
		token, unixSeconds(time.Now())).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, db.busy(fmt.Errorf("read session: %w", err))
	}
	return data, true, nil
}

// CommitSession saves a session's data and expiry.
func (db *DB) CommitSession(ctx context.Context, token string, data []byte, expiry time.Time) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (token, data, expiry) VALUES (?, ?, ?)
			ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry`,
			token, data, unixSeconds(expiry))
		return err
	})
}

// DeleteSession removes a session (sign-out).
func (db *DB) DeleteSession(ctx context.Context, token string) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token = ?`, token)
		return err
	})
}

// DeleteExpiredSessions removes sessions past their expiry.
func (db *DB) DeleteExpiredSessions(ctx context.Context) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expiry <= ?`, unixSeconds(time.Now()))
		return err
	})
}

func unixSeconds(t time.Time) float64 { return float64(t.UnixNano()) / 1e9 }

package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/opslens/opslens"
)

// RateLimit takes one attempt from each key's bucket, all or none.
func (db *DB) RateLimit(ctx context.Context, keys []string, per time.Duration, burst int) (time.Duration, error) {
	if err := opslens.ValidateRateLimit(per, burst); err != nil {
		return 0, err
	}
	var wait time.Duration
	err := db.write(ctx, func(tx *sql.Tx) error {
		now := unixSeconds(time.Now())
		left := make([]float64, len(keys))
		wait = 0
		for i, k := range keys {
			var tokens, updated float64
			err := tx.QueryRowContext(ctx, `SELECT tokens, updated FROM rate_limits WHERE key = ?`, k).Scan(&tokens, &updated)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				tokens, updated = float64(burst), now
			case err != nil:
				return fmt.Errorf("read rate limit: %w", err)
			}
			tokens = min(float64(burst), tokens+(now-updated)/per.Seconds())
			if tokens < 1 {
				wait = max(wait, time.Duration((1-tokens)*float64(per)))
			}
			left[i] = tokens
		}
		if wait > 0 {
			return nil
		}
		for i, k := range keys {
			if _, err := tx.ExecContext(ctx, `INSERT INTO rate_limits (key, tokens, updated) VALUES (?, ?, ?)
				ON CONFLICT (key) DO UPDATE SET tokens = excluded.tokens, updated = excluded.updated`, k, left[i]-1, now); err != nil {
				return fmt.Errorf("take an attempt: %w", err)
			}
		}
		// Buckets untouched for a day are full again: forget them.
		_, err := tx.ExecContext(ctx, `DELETE FROM rate_limits WHERE updated < ?`, now-86400)
		return err
	})
	return wait, err
}

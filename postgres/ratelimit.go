package postgres

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opslens/opslens"
)

// RateLimit takes one attempt from each key's bucket, all or none. Every
// bucket is created if missing and then locked, in key order so that two
// callers with overlapping keys never deadlock; replicas counting attempts
// at the same moment queue on the locks and see each other's counts.
func (db *DB) RateLimit(ctx context.Context, keys []string, per time.Duration, burst int) (time.Duration, error) {
	if err := opslens.ValidateRateLimit(per, burst); err != nil {
		return 0, err
	}
	sorted := slices.Clone(keys)
	slices.Sort(sorted)
	sorted = slices.Compact(sorted)
	var wait time.Duration
	err := db.write(ctx, func(tx pgx.Tx) error {
		now := unixSeconds(time.Now())
		wait = 0
		if _, err := tx.Exec(ctx, `INSERT INTO rate_limits (key, tokens, updated) SELECT k, $2, $3 FROM unnest($1::text[]) AS k
			ON CONFLICT (key) DO NOTHING`, sorted, float64(burst), now); err != nil {
			return fmt.Errorf("create rate limit buckets: %w", err)
		}
		left := make([]float64, len(sorted))
		for i, k := range sorted {
			var tokens, updated float64
			if err := tx.QueryRow(ctx, `SELECT tokens, updated FROM rate_limits WHERE key = $1 FOR UPDATE`, k).Scan(&tokens, &updated); err != nil {
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
		for i, k := range sorted {
			if _, err := tx.Exec(ctx, `UPDATE rate_limits SET tokens = $2, updated = $3 WHERE key = $1`, k, left[i]-1, now); err != nil {
				return fmt.Errorf("take an attempt: %w", err)
			}
		}
		// Buckets untouched for a day are full again: forget them.
		_, err := tx.Exec(ctx, `DELETE FROM rate_limits WHERE updated < $1`, now-86400)
		return err
	})
	return wait, err
}

func unixSeconds(t time.Time) float64 { return float64(t.UnixNano()) / 1e9 }

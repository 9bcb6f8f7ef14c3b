package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// prepareDB returns a fresh copy of the seeded database in the working
// directory. Seeding 10,000 workloads takes a while, so the seeded file is
// kept in the cache directory under a name that records its parameters
// and reused: every run starts from the same bytes.
func prepareDB(ctx context.Context, c config) (string, error) {
	if err := os.MkdirAll(c.cache, 0o700); err != nil {
		return "", err
	}
	seeded := filepath.Join(c.cache, fmt.Sprintf("serve-%d-%d-%d.db", c.workloads, c.users, c.seed))
	if _, err := os.Stat(seeded); err != nil {
		tmp := seeded + ".partial"
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(tmp + suffix) // a run that was interrupted while seeding
		}
		start := time.Now()
		if err := seed(ctx, tmp, c.users, c.workloads, c.seed); err != nil {
			return "", fmt.Errorf("seed %s: %w", tmp, err)
		}
		// Closing the store checkpointed the WAL into the file, so the
		// file alone is the database; a WAL left behind would be lost.
		if st, err := os.Stat(tmp + "-wal"); err == nil && st.Size() > 0 {
			return "", fmt.Errorf("seed %s: the WAL was not checkpointed into the file", tmp)
		}
		if err := os.Rename(tmp, seeded); err != nil {
			return "", err
		}
		logf("seeded %s in %s", seeded, time.Since(start).Round(time.Millisecond))
	}
	db := filepath.Join(c.dir, "opslens.db")
	return db, copyFile(seeded, db)
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

package jobs

import (
	"context"
	"fmt"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/postgres"
	"github.com/opslens/opslens/sqlite"
)

// newClient makes a River client on the store's database and brings
// River's tables up to date. It returns a function that closes what the
// client opened of its own.
func newClient(ctx context.Context, store opslens.Store, rc *river.Config) (client, func() error, error) {
	switch db := store.(type) {
	case *postgres.DB:
		driver := riverpgxv5.New(db.Pool())
		// Replicas starting together migrate River's tables once.
		err := db.WithMigrationLock(ctx, func() error {
			return migrateRiver(ctx, driver)
		})
		if err != nil {
			return nil, nil, err
		}
		c, err := river.NewClient(driver, rc)
		return c, nil, err
	case *sqlite.DB:
		jobDB, err := db.OpenJobDB()
		if err != nil {
			return nil, nil, err
		}
		driver := riversqlite.New(jobDB)
		if err := migrateRiver(ctx, driver); err != nil {
			jobDB.Close()
			return nil, nil, err
		}
		// SQLite has no LISTEN/NOTIFY: workers poll for new jobs.
		rc.PollOnly = true
		c, err := river.NewClient(driver, rc)
		if err != nil {
			jobDB.Close()
			return nil, nil, err
		}
		return c, jobDB.Close, nil
	}
	return nil, nil, fmt.Errorf("background jobs need the SQLite or PostgreSQL store, not %T", store)
}

func migrateRiver[TTx any](ctx context.Context, driver riverdriver.Driver[TTx]) error {
	m, err := rivermigrate.New(driver, nil)
	if err != nil {
		return err
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("create the job queue's tables: %w", err)
	}
	return nil
}

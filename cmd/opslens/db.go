package main

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/postgres"
	"github.com/opslens/opslens/sqlite"
)

func (a *app) dbCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "db",
		Short: "Copy a whole database to another store",
	}
	cmd.AddCommand(a.dbMigrateFromCmd())
	return cmd
}

func (a *app) dbMigrateFromCmd() *cobra.Command {
	var to string
	cmd := &cobra.Command{
		Use:   "migrate-from <source> --to <destination>",
		Short: "Copy every lens, workload, answer, milestone, user, share, token and audit event into a new database",
		Long: `Copy a whole opslens database into another, empty one, in one transaction,
then check that the copy holds as many of everything as the source. IDs,
versions and times are kept, so shares, API tokens and links stay valid.
Web sessions are not copied: people sign in again.

The source is only read; stop servers writing to it first so the copy is
the latest state. A destination that holds anything is refused.`,
		Example: `  opslens db migrate-from opslens.db --to backup.db`,
		Args:    args("source"),
		RunE: func(cmd *cobra.Command, argv []string) error {
			if to == "" {
				return usageError{fmt.Errorf("--to names the destination database")}
			}
			counts, err := copyDatabase(cmd.Context(), argv[0], to)
			if err != nil {
				return err
			}
			if a.jsonOut() {
				return a.printJSON(counts)
			}
			fmt.Fprintf(a.out, "Copied %s.\n", counts)
			return nil
		},
	}
	cmd.Flags().StringVar(&to, "to", "", "the destination database (must be empty)")
	return cmd
}

// openStore opens the store a --db value names: a PostgreSQL URL
// (postgres://…) or a SQLite file path. It returns the store and its name
// for messages, without credentials.
func openStore(ctx context.Context, dsn string) (opslens.Store, string, error) {
	if postgres.IsURL(dsn) {
		db, err := postgres.Open(ctx, dsn)
		if err != nil {
			return nil, "", err
		}
		return db, db.Name(), nil
	}
	if err := checkDBValue(dsn); err != nil {
		return nil, "", err
	}
	var opts []sqlite.Option
	if v := os.Getenv("OPSLENS_BUSY_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return nil, "", usageError{fmt.Errorf("OPSLENS_BUSY_TIMEOUT=%q: want a positive duration such as 10s or 500ms", v)}
		}
		opts = append(opts, sqlite.WithBusyTimeout(d))
	}
	db, err := sqlite.Open(ctx, dsn, opts...)
	if err != nil {
		return nil, "", err
	}
	return db, db.Path(), nil
}

// urlScheme matches a value that names a database by URL (scheme://…) rather
// than by file path.
var urlScheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*://`)

// checkDBValue refuses a database URL opslens cannot open: without the
// check, "mysql://host/db" would silently become a SQLite file in a folder
// named "mysql:".
func checkDBValue(v string) error {
	if !urlScheme.MatchString(v) || postgres.IsURL(v) {
		return nil
	}
	scheme := strings.ToLower(v[:strings.Index(v, "://")])
	if scheme == "file" {
		return usageError{fmt.Errorf("database %q: give the file's path without file://", v)}
	}
	return usageError{fmt.Errorf("database %q: opslens opens SQLite files (a path such as ./opslens.db) and PostgreSQL URLs (postgres://user:password@host/db); %s:// URLs are not supported", v, scheme)}
}

// copyDatabase dumps src in one read transaction, restores it into dst in
// one write transaction, and compares the counts of a dump of the copy.
func copyDatabase(ctx context.Context, src, dst string) (opslens.DumpCounts, error) {
	from, _, err := openStore(ctx, src)
	if err != nil {
		return opslens.DumpCounts{}, err
	}
	defer from.Close()
	d, err := from.Dump(ctx)
	if err != nil {
		return opslens.DumpCounts{}, err
	}
	into, _, err := openStore(ctx, dst)
	if err != nil {
		return opslens.DumpCounts{}, err
	}
	defer into.Close()
	if err := into.Restore(ctx, d); err != nil {
		return opslens.DumpCounts{}, err
	}
	copied, err := into.Dump(ctx)
	if err != nil {
		return opslens.DumpCounts{}, err
	}
	want, got := d.Counts(), copied.Counts()
	if got != want {
		return got, opslens.Errorf(opslens.EINTERNAL, "the copy holds %s, but the source holds %s", got, want)
	}
	return got, nil
}

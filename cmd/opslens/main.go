// Command opslens runs Well-Architected reviews of the Operational
// Excellence pillar from the terminal, on an embedded SQLite database or a
// shared PostgreSQL one.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/spf13/cobra"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/lens"
	"github.com/opslens/opslens/review"
)

// Exit codes, documented in the README: scripts can tell bad input from
// missing things from everything else.
const (
	exitError    = 1
	exitUsage    = 2
	exitNotFound = 3
	exitBusy     = 4 // nothing changed; running the command again can work
	exitPolicy   = 5 // 'opslens check' ran and its --fail-on policy failed
)

// exitCodes maps the root error codes to exit codes: the CLI's one mapping
// table. Codes not listed (conflict, internal) exit with exitError.
var exitCodes = map[string]int{
	opslens.EINVALID:     exitUsage,
	opslens.ENOTFOUND:    exitNotFound,
	opslens.EUNAVAILABLE: exitBusy,
	// The CLI itself never refuses access (whoever can write the database
	// file is trusted), but the codes belong to the one vocabulary.
	opslens.EUNAUTHORIZED: exitError,
	opslens.EFORBIDDEN:    exitError,
	opslens.ETOOMANY:      exitBusy,
}

// main leaves SIGINT to its default, ending the process at once. Every
// change is a single SQLite transaction, so an interrupted command leaves the
// database as it was before it; catching the signal would only make Ctrl-C
// wait for the interactive review's next line of input.
func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// app carries what every command needs: the streams, the global flags and
// the lazily opened database.
type app struct {
	in       io.Reader
	out, err io.Writer
	dbPath   string
	output   string
	db       opslens.Store
	dbName   string        // the database's path or credential-free URL, for messages
	dbWait   time.Duration // how long service retries a database that does not answer
	events   *cliEvents    // queues events of this command for webhooks
	svc      *review.Service
}

func run(ctx context.Context, args []string, in io.Reader, out, errw io.Writer) int {
	a := &app{in: in, out: out, err: errw}
	root := a.rootCmd()
	root.SetArgs(args)
	root.SetIn(in)
	root.SetOut(out)
	root.SetErr(errw)
	err := root.ExecuteContext(opslens.WithActor(ctx, cliActor()))
	if a.events != nil {
		a.events.close()
	}
	if a.db != nil {
		if cerr := a.db.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}
	if err == nil {
		return 0
	}
	fmt.Fprintf(errw, "opslens: %s\n", err)
	var ue usageError
	var ve *lens.ValidationError
	if errors.As(err, &ue) || errors.As(err, &ve) {
		return exitUsage
	}
	if errors.As(err, new(policyFailed)) {
		return exitPolicy
	}
	if code, ok := exitCodes[opslens.ErrorCode(err)]; ok {
		return code
	}
	return exitError
}

// cliActor names CLI runs in the audit log: the operating-system user, so
// a shared database's history tells the CLI's changes from the web's.
func cliActor() opslens.Actor {
	name := os.Getenv("USER")
	if u, err := user.Current(); err == nil && u.Username != "" {
		name = u.Username
	}
	if name == "" {
		name = "unknown"
	}
	return opslens.Actor{Name: "cli:" + name}
}

// usageError marks mistakes in how a command was called.
type usageError struct{ error }

func (a *app) rootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "opslens",
		Short: "Well-Architected reviews of the Operational Excellence pillar",
		Long: `opslens runs Well-Architected reviews of the Operational Excellence pillar:
answer each question by selecting the best practices a workload follows, get
the questions' risks, an improvement plan ordered by risk, milestones that
show progress over time, and reports for stakeholders.

Data lives in one SQLite file: --db, else $OPSLENS_DB, else ` + defaultDBHint() + `.`,
		Example: `  opslens workload create payments --owner team-payments --review-owner alice
  opslens review payments
  opslens plan payments
  opslens milestone create payments "Q3 baseline"
  opslens report payments --format html -f payments.html`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().StringVar(&a.dbPath, "db", "", "SQLite database file or PostgreSQL URL postgres://… (default $OPSLENS_DB or "+defaultDBHint()+")")
	root.PersistentFlags().StringVarP(&a.output, "output", "o", "text", "output format: text or json")
	root.PersistentPreRunE = func(cmd *cobra.Command, args []string) error {
		if a.output != "text" && a.output != "json" {
			return usageError{fmt.Errorf("unknown --output %q: use text or json", a.output)}
		}
		return nil
	}
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return usageError{fmt.Errorf("%w\nrun '%s --help' for usage", err, cmd.CommandPath())}
	})
	root.AddCommand(a.lensCmd(), a.workloadCmd(), a.answerCmd(), a.reviewCmd(), a.statusCmd(),
		a.planCmd(), a.milestoneCmd(), a.reportCmd(), versionCmd())
	root.AddCommand(a.scanCmd())
	// Review as code: a review file kept in the repository, checked in CI.
	root.AddCommand(a.initCmd(), a.checkCmd())
	// The shared service.
	root.AddCommand(a.serveCmd(), a.userCmd(), a.dbCmd(), a.workerCmd(), a.repoCmd(), a.awsCmd(), a.workbookCmd(), a.webhookCmd(), a.templateCmd())
	return root
}

// service opens the database on first use, so that --help and lens
// commands on built-in lenses never create a file.
func (a *app) service(ctx context.Context) (*review.Service, error) {
	if a.svc != nil {
		return a.svc, nil
	}
	path := a.dbPath
	if path == "" {
		path = os.Getenv("OPSLENS_DB")
	}
	if path == "" {
		dir, err := dataDir()
		if err != nil {
			return nil, fmt.Errorf("find a place for the database: %w; pass --db", err)
		}
		path = filepath.Join(dir, "opslens", "opslens.db")
	}
	db, name, err := a.openWaiting(ctx, path)
	if err != nil {
		return nil, err
	}
	svc, err := review.NewService(db)
	if err != nil {
		db.Close()
		return nil, err
	}
	a.db, a.dbName, a.svc = db, name, svc
	a.events = &cliEvents{a: a}
	svc.Events = a.events
	return svc, nil
}

// openWaiting opens the store, retrying for up to a.dbWait while the
// database is unavailable: a server replica may start before its
// database. Other errors (a bad URL, a newer schema) fail at once.
func (a *app) openWaiting(ctx context.Context, path string) (opslens.Store, string, error) {
	deadline := time.Now().Add(a.dbWait)
	pause := 500 * time.Millisecond
	for {
		db, name, err := openStore(ctx, path)
		if opslens.ErrorCode(err) != opslens.EUNAVAILABLE || time.Now().Add(pause).After(deadline) {
			return db, name, err
		}
		fmt.Fprintf(a.err, "opslens: waiting for the database: %v\n", err)
		select {
		case <-ctx.Done():
			return nil, "", err
		case <-time.After(pause):
		}
		pause = min(2*pause, 5*time.Second)
	}
}

// workload opens the database and loads the named workload, the first step
// of most commands.
func (a *app) workload(ctx context.Context, name string) (*review.Service, *opslens.Workload, error) {
	svc, err := a.service(ctx)
	if err != nil {
		return nil, nil, err
	}
	w, err := svc.Workload(ctx, name)
	return svc, w, err
}

// dataDir follows each platform's convention for application data:
// $XDG_DATA_HOME or ~/.local/share on Unix, Application Support on macOS,
// %LocalAppData% on Windows.
func dataDir() (string, error) {
	switch runtime.GOOS {
	case "windows":
		if d := os.Getenv("LocalAppData"); d != "" {
			return d, nil
		}
		return os.UserConfigDir()
	case "darwin", "ios":
		return os.UserConfigDir()
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return d, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(home, ".local", "share"), nil
}

func defaultDBHint() string {
	switch runtime.GOOS {
	case "windows":
		return `%LocalAppData%\opslens\opslens.db`
	case "darwin":
		return "~/Library/Application Support/opslens/opslens.db"
	}
	return "$XDG_DATA_HOME/opslens/opslens.db (~/.local/share/opslens/opslens.db)"
}

// version is set by the release build with -ldflags "-X main.version=...".
// Other builds say what the Go toolchain recorded: the module version of a
// `go install …@v1.2.3`, or the commit a checkout was built from.
var version = "dev"

// versionString is the version to show: the stamp, else what the build
// recorded.
func versionString() string { return buildVersion(version) }

func buildVersion(stamped string) string {
	if stamped != "dev" {
		return stamped
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return stamped
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	if rev != "" {
		return "dev-" + rev[:min(12, len(rev))] + dirty
	}
	return stamped
}

func versionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the opslens version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintf(cmd.OutOrStdout(), "opslens %s (%s, %s/%s)\n", versionString(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
			return nil
		},
	}
}

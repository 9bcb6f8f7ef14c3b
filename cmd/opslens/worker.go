package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"runtime"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/opslens/opslens/jobs"
)

// jobFlags are the background-scan settings shared by serve and worker.
type jobFlags struct {
	workers     int
	workDir     string
	scanTimeout time.Duration
}

func (f *jobFlags) register(cmd *cobra.Command, defaultWorkers int) {
	fl := cmd.Flags()
	fl.IntVar(&f.workers, "scan-workers", envInt("OPSLENS_SCAN_WORKERS", defaultWorkers), "repository scans to run at once in this process; 0 runs none ($OPSLENS_SCAN_WORKERS)")
	fl.StringVar(&f.workDir, "work-dir", os.Getenv("OPSLENS_WORK_DIR"), "where git repositories are cloned for scans (default: the user's cache directory) ($OPSLENS_WORK_DIR)")
	fl.DurationVar(&f.scanTimeout, "scan-timeout", envDuration("OPSLENS_SCAN_TIMEOUT", jobs.DefaultScanTimeout), "longest scan of one repository; a scan whose worker died is retried after it ($OPSLENS_SCAN_TIMEOUT)")
}

func envInt(key string, def int) int {
	var n int
	if _, err := fmt.Sscan(os.Getenv(key), &n); err == nil && n >= 0 {
		return n
	}
	return def
}

// openJobs opens the job queue on the command's database with f's settings.
func (a *app) openJobs(ctx context.Context, f jobFlags, log *slog.Logger) (*jobs.Queue, error) {
	if f.workers < 0 {
		return nil, usageError{fmt.Errorf("--scan-workers %d: give 0 or more", f.workers)}
	}
	return jobs.Open(ctx, a.db, a.svc, jobs.Config{Workers: f.workers, WorkDir: f.workDir, ScanTimeout: f.scanTimeout,
		Version: versionString(), Logger: log})
}

func (a *app) workerCmd() *cobra.Command {
	var f jobFlags
	var logFormat string
	var dbWait time.Duration
	cmd := &cobra.Command{
		Use:   "worker",
		Short: "Run repository scans for the server, without serving HTTP",
		Long: `Run background scans of registered repositories ('opslens repo') on the
database the server uses, to scale scans apart from the web replicas. Any
number of workers and servers can share a database: each scan runs on one
of them at a time, a failed one is retried, and one whose worker died is
taken over by another once --scan-timeout has passed.

SIGTERM or Ctrl-C stop taking new scans and wait up to a minute for
running ones, which are retried elsewhere if they must be cut.`,
		Example: `  OPSLENS_DB=postgres://opslens@db/opslens opslens worker --scan-workers 4`,
		Args:    args(),
		RunE: func(cmd *cobra.Command, argv []string) error {
			return a.runWorker(cmd.Context(), f, logFormat, dbWait)
		},
	}
	f.register(cmd, max(1, runtime.NumCPU()/2))
	cmd.Flags().StringVar(&logFormat, "log-format", envOr("OPSLENS_LOG_FORMAT", "text"), "log format: text or json ($OPSLENS_LOG_FORMAT)")
	cmd.Flags().DurationVar(&dbWait, "db-wait", envDuration("OPSLENS_DB_WAIT", time.Minute), "how long to wait for the database at start ($OPSLENS_DB_WAIT)")
	return cmd
}

func (a *app) runWorker(ctx context.Context, f jobFlags, logFormat string, dbWait time.Duration) error {
	log, err := a.logger(logFormat)
	if err != nil {
		return err
	}
	if f.workers == 0 {
		return usageError{fmt.Errorf("a worker with --scan-workers 0 would do nothing")}
	}
	a.dbWait = dbWait
	if _, err := a.service(ctx); err != nil {
		return err
	}
	q, err := a.openJobs(ctx, f, log)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := q.Start(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	log.Info("opslens worker running", "database", a.dbName, "scan_workers", f.workers, "version", versionString())
	fmt.Fprintf(a.out, "opslens worker is running %d scan slot(s) on %s\n", f.workers, a.dbName)
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	err = q.Stop(sctx)
	log.Info("opslens worker stopped")
	return err
}

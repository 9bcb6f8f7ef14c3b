package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/opslens/opslens"
	ohttp "github.com/opslens/opslens/http"
)

// serveFlags are the server's settings; each flag has an OPSLENS_*
// environment variable, which the flag overrides.
type serveFlags struct {
	addr, baseURL, certFile, keyFile, logFormat string
	behindProxy                                 bool
	sessionLifetime, dbWait                     time.Duration
	jobs                                        jobFlags
}

func (a *app) serveCmd() *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the web app and the JSON API for a team",
		Long: `Run opslens as a shared service: the web app (portfolio dashboard, question
pages a facilitator can drive on a projector, plans, milestones, reports,
sharing) and the JSON API under /api/v1, on the same database as the CLI.

Every flag has an environment variable: OPSLENS_ADDR, OPSLENS_BASE_URL,
OPSLENS_TLS_CERT, OPSLENS_TLS_KEY, OPSLENS_BEHIND_PROXY, OPSLENS_LOG_FORMAT,
OPSLENS_SESSION_LIFETIME, OPSLENS_DB_WAIT, OPSLENS_SCAN_WORKERS,
OPSLENS_WORK_DIR, OPSLENS_SCAN_TIMEOUT (and OPSLENS_DB for the database:
a SQLite file, or postgres://… for several replicas on one PostgreSQL).

At start the server waits up to --db-wait for a database that does not
answer yet (a replica starting beside its database). Once running, it
reports not ready on /readyz while the database is away and serves again
when it is back, without a restart.

On a database without users, create the first administrator with
'opslens user create NAME --admin'. SIGTERM or Ctrl-C stop the server
gracefully: requests in flight finish, and each change is one transaction.`,
		Example: `  opslens serve
  opslens serve --addr :8080 --base-url https://opslens.example.com --behind-proxy
  OPSLENS_DB=/var/lib/opslens/opslens.db opslens serve --log-format json`,
		Args: args(),
		RunE: func(cmd *cobra.Command, argv []string) error { return a.serve(cmd.Context(), f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.addr, "addr", envOr("OPSLENS_ADDR", "127.0.0.1:8080"), "address to listen on ($OPSLENS_ADDR)")
	fl.StringVar(&f.baseURL, "base-url", os.Getenv("OPSLENS_BASE_URL"), "URL users open, when it is not http://ADDR ($OPSLENS_BASE_URL)")
	fl.StringVar(&f.certFile, "tls-cert", os.Getenv("OPSLENS_TLS_CERT"), "serve HTTPS with this certificate file ($OPSLENS_TLS_CERT)")
	fl.StringVar(&f.keyFile, "tls-key", os.Getenv("OPSLENS_TLS_KEY"), "the certificate's key file ($OPSLENS_TLS_KEY)")
	fl.BoolVar(&f.behindProxy, "behind-proxy", envBool("OPSLENS_BEHIND_PROXY"), "trust X-Forwarded-For from a reverse proxy ($OPSLENS_BEHIND_PROXY)")
	fl.StringVar(&f.logFormat, "log-format", envOr("OPSLENS_LOG_FORMAT", "text"), "log format: text or json ($OPSLENS_LOG_FORMAT)")
	fl.DurationVar(&f.sessionLifetime, "session-lifetime", envDuration("OPSLENS_SESSION_LIFETIME", 12*time.Hour), "how long a sign-in lasts ($OPSLENS_SESSION_LIFETIME)")
	f.jobs.register(cmd, 1)
	fl.DurationVar(&f.dbWait, "db-wait", envDuration("OPSLENS_DB_WAIT", time.Minute), "how long to wait for the database at start ($OPSLENS_DB_WAIT)")
	return cmd
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

func envBool(key string) bool {
	b, _ := strconv.ParseBool(os.Getenv(key))
	return b
}

func envDuration(key string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(os.Getenv(key)); err == nil && d > 0 {
		return d
	}
	return def
}

// logger makes the slog logger of the long-running commands.
func (a *app) logger(format string) (*slog.Logger, error) {
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(a.err, nil)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(a.err, nil)), nil
	}
	return nil, usageError{fmt.Errorf("unknown --log-format %q: use text or json", format)}
}

func (a *app) serve(ctx context.Context, f serveFlags) error {
	log, err := a.logger(f.logFormat)
	if err != nil {
		return err
	}
	a.dbWait = f.dbWait
	svc, err := a.service(ctx)
	if err != nil {
		return err
	}
	q, err := a.openJobs(ctx, f.jobs, log)
	if err != nil {
		return err
	}
	svc.Events = q // the server's changes go to webhooks through its queue
	srv, err := ohttp.New(a.db, svc, ohttp.Config{Addr: f.addr, BaseURL: f.baseURL, TLSCert: f.certFile, TLSKey: f.keyFile,
		BehindProxy: f.behindProxy, Logger: log, SessionLifetime: f.sessionLifetime, Version: versionString(), Scans: q})
	if err != nil {
		q.Stop(ctx)
		return err
	}
	users, err := srv.Accounts().Users(ctx)
	if err != nil {
		return err
	}
	if len(users) == 0 {
		fmt.Fprintf(a.err, "opslens: this database has no users yet. Create the first administrator with:\n  opslens --db %s user create NAME --admin\n", a.dbName)
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := q.Start(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	defer func() {
		// Scans cut short here are retried by another process later.
		sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if err := q.Stop(sctx); err != nil {
			log.Warn("stop background scans", "err", err)
		}
	}()
	err = srv.ListenAndServe(ctx, func(addr net.Addr) {
		log.Info("opslens serving", "addr", addr.String(), "database", a.dbName, "version", versionString())
		fmt.Fprintf(a.out, "opslens is listening on %s\n", addr)
	})
	if err != nil {
		return opslens.Errorf(opslens.EUNAVAILABLE, "%v", err)
	}
	log.Info("opslens stopped")
	return nil
}

package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/api"
	"github.com/opslens/opslens/jobs"
)

func (a *app) repoCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "repo",
		Short: "Register repositories that the server's workers scan in the background",
		Long: `Register the repositories a workload's evidence comes from, so that
'opslens serve' and 'opslens worker' processes scan them on demand or on a
schedule and record the evidence on the workload's review (as 'opslens scan
--workload' does from a terminal).

A repository is a directory on the machine that runs the workers, or a git
URL (https://…, ssh://… or user@host:path) that they clone for each scan.`,
	}
	cmd.AddCommand(a.repoAddCmd(), a.repoListCmd(), a.repoRemoveCmd(), a.repoScanCmd(), a.repoRunsCmd())
	return cmd
}

func (a *app) repoAddCmd() *cobra.Command {
	var every time.Duration
	var apply bool
	cmd := &cobra.Command{
		Use:   "add <workload> <directory-or-git-url>",
		Short: "Register a repository on a workload",
		Example: `  opslens repo add payments https://github.com/acme/payments.git --every 24h --apply
  opslens repo add payments /srv/git/payments-infra`,
		Args: args("workload", "location"),
		RunE: func(cmd *cobra.Command, argv []string) error {
			_, w, err := a.workload(cmd.Context(), argv[0])
			if err != nil {
				return err
			}
			loc := argv[1]
			if !opslens.IsGitURL(loc) {
				// A directory named relative to here is what the user means.
				if abs, err := filepath.Abs(loc); err == nil {
					loc = abs
				}
			}
			r := &opslens.Repository{WorkloadID: w.ID, Location: loc, Every: every, Apply: apply}
			if err := a.db.CreateRepository(cmd.Context(), r); err != nil {
				return err
			}
			if a.jsonOut() {
				return a.printJSON(api.RepositoryOf(*r, nil))
			}
			fmt.Fprintf(a.out, "Registered repository %d on %s: %s (%s).\n", r.ID, w.Name, r.Location, opslens.AuditRepository(*r))
			return nil
		},
	}
	cmd.Flags().DurationVar(&every, "every", 0, "scan on this schedule, such as 24h (default: on demand only)")
	cmd.Flags().BoolVar(&apply, "apply", false, "pre-select practices with strong evidence after each scan")
	return cmd
}

func (a *app) repoListCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "list <workload>",
		Short: "List a workload's repositories with their latest scan",
		Args:  args("workload"),
		RunE: func(cmd *cobra.Command, argv []string) error {
			_, w, err := a.workload(cmd.Context(), argv[0])
			if err != nil {
				return err
			}
			repos, err := a.db.Repositories(cmd.Context(), w.ID)
			if err != nil {
				return err
			}
			runs, err := a.db.ScanRuns(cmd.Context(), w.ID, 100)
			if err != nil {
				return err
			}
			out := api.RepositoriesOf(repos, runs)
			if a.jsonOut() {
				return a.printJSON(out)
			}
			tw := newTable(a.out)
			fmt.Fprintln(tw, "ID\tLOCATION\tSCHEDULE\tLATEST SCAN")
			for _, r := range out {
				sched, last := "on demand", "never"
				if r.ScanEvery != "" {
					sched = "every " + r.ScanEvery
				}
				if r.LastRun != nil {
					last = r.LastRun.QueuedAt.Format(time.DateTime) + " " + r.LastRun.Progress()
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", r.RepositoryId, r.Location, sched, last)
			}
			return tw.Flush()
		},
	}
}

// workloadRepository resolves a command's workload and repository ID, and
// refuses a repository of another workload.
func (a *app) workloadRepository(ctx context.Context, workload, id string) (*opslens.Repository, error) {
	_, w, err := a.workload(ctx, workload)
	if err != nil {
		return nil, err
	}
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n <= 0 {
		return nil, usageError{fmt.Errorf("repository ID %q: give the number 'opslens repo list %s' shows", id, w.Name)}
	}
	r, err := a.db.Repository(ctx, n)
	if err == nil && r.WorkloadID != w.ID {
		err = opslens.Errorf(opslens.ENOTFOUND, "workload %q has no repository %d", w.Name, n)
	}
	return r, err
}

func (a *app) repoRemoveCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "remove <workload> <repository-id>",
		Short: "Stop scanning a repository (its evidence stays on the review)",
		Args:  args("workload", "repository-id"),
		RunE: func(cmd *cobra.Command, argv []string) error {
			r, err := a.workloadRepository(cmd.Context(), argv[0], argv[1])
			if err != nil {
				return err
			}
			if err := a.db.DeleteRepository(cmd.Context(), r.ID); err != nil {
				return err
			}
			fmt.Fprintf(a.out, "Removed repository %d (%s).\n", r.ID, r.Location)
			return nil
		},
	}
}

func (a *app) repoScanCmd() *cobra.Command {
	var wait time.Duration
	cmd := &cobra.Command{
		Use:   "scan <workload> <repository-id>",
		Short: "Queue a scan for the server's workers",
		Long: `Queue a scan of a registered repository. A running 'opslens serve' or
'opslens worker' on the same database picks it up; with --wait the command
follows it until it ends (exit 0 when it succeeded).`,
		Example: `  opslens repo scan payments 3 --wait 10m`,
		Args:    args("workload", "repository-id"),
		RunE: func(cmd *cobra.Command, argv []string) error {
			ctx := cmd.Context()
			r, err := a.workloadRepository(ctx, argv[0], argv[1])
			if err != nil {
				return err
			}
			q, err := jobs.Open(ctx, a.db, a.svc, jobs.Config{Version: versionString()})
			if err != nil {
				return err
			}
			defer q.Stop(context.Background())
			run, dup, err := q.ScanNow(ctx, r.ID)
			if err != nil {
				return err
			}
			if dup {
				fmt.Fprintf(a.err, "A scan of %s is queued already (job %d).\n", r.Location, run.JobID)
			} else {
				fmt.Fprintf(a.err, "Queued a scan of %s (job %d).\n", r.Location, run.JobID)
			}
			if wait > 0 {
				if run, err = a.followRun(ctx, r.WorkloadID, run.JobID, wait); err != nil {
					return err
				}
			}
			if a.jsonOut() {
				return a.printJSON(api.ScanOutput{ScanRun: run, Duplicate: dup})
			}
			return nil
		},
	}
	cmd.Flags().DurationVar(&wait, "wait", 0, "wait up to this long for the scan to finish")
	return cmd
}

// followRun polls the job's runs until one succeeds, the last attempt
// fails, or the wait ends.
func (a *app) followRun(ctx context.Context, workloadID, jobID int64, wait time.Duration) (opslens.ScanRun, error) {
	deadline := time.Now().Add(wait)
	var last opslens.ScanRun
	for {
		runs, err := a.db.ScanRuns(ctx, workloadID, 50)
		if err != nil {
			return last, err
		}
		for _, r := range runs {
			if r.JobID == jobID {
				if r != last {
					fmt.Fprintf(a.err, "  attempt %d: %s\n", r.Attempt, r.Progress())
				}
				last = r
				break
			}
		}
		switch {
		case last.State == opslens.ScanSucceeded:
			return last, nil
		case last.State == opslens.ScanFailed && last.Attempt >= jobs.MaxAttempts:
			return last, opslens.Errorf(opslens.EINVALID, "the scan failed %d times: %s", last.Attempt, last.Error)
		case time.Now().After(deadline):
			return last, opslens.Errorf(opslens.EUNAVAILABLE, "the scan did not finish within %s (is a worker running on this database?)", wait)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func (a *app) repoRunsCmd() *cobra.Command {
	var limit int
	cmd := &cobra.Command{
		Use:   "runs <workload>",
		Short: "Show a workload's recent scans, newest first",
		Args:  args("workload"),
		RunE: func(cmd *cobra.Command, argv []string) error {
			_, w, err := a.workload(cmd.Context(), argv[0])
			if err != nil {
				return err
			}
			runs, err := a.db.ScanRuns(cmd.Context(), w.ID, limit)
			if err != nil {
				return err
			}
			if a.jsonOut() {
				if runs == nil {
					runs = []opslens.ScanRun{}
				}
				return a.printJSON(runs)
			}
			tw := newTable(a.out)
			fmt.Fprintln(tw, "JOB\tATTEMPT\tLOCATION\tQUEUED\tWORKER\tSTATE")
			for _, r := range runs {
				fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%s\t%s\n", r.JobID, r.Attempt, r.Location, r.QueuedAt.Format(time.DateTime), r.Worker, r.Progress())
			}
			return tw.Flush()
		},
	}
	cmd.Flags().IntVar(&limit, "limit", 20, "show at most this many runs")
	return cmd
}

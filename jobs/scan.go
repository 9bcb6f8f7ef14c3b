package jobs

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/evidence"
)

// Scan triggers: a person asked, or the repository's schedule came round.
const (
	triggerManual   = "manual"
	triggerSchedule = "schedule"
)

// scanArgs is a scan job: the repository to scan. River stores it as the
// job's JSON, so field names are part of the queue's format.
type scanArgs struct {
	RepositoryID int64  `json:"repository_id" river:"unique"`
	Trigger      string `json:"trigger"`
}

func (scanArgs) Kind() string { return "opslens.scan" }

// pendingStates are the states in which a job has not finished: while a
// scan of a repository is in one of them, asking again adds nothing.
var pendingStates = []rivertype.JobState{rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRetryable,
	rivertype.JobStateRunning, rivertype.JobStateScheduled}

func manualInsertOpts() *river.InsertOpts {
	return &river.InsertOpts{Queue: queueName, UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: pendingStates}}
}

// scanWorker scans one repository and records its evidence.
type scanWorker struct {
	river.WorkerDefaults[scanArgs]
	q *Queue
}

// Work runs one attempt. A repository deleted since the job was queued
// cancels the job; other failures are recorded on the run and returned, so
// River retries them.
func (w *scanWorker) Work(ctx context.Context, job *river.Job[scanArgs]) error {
	q := w.q
	repo, err := q.store.Repository(ctx, job.Args.RepositoryID)
	if opslens.ErrorCode(err) == opslens.ENOTFOUND {
		return river.JobCancel(err)
	}
	if err != nil {
		return err
	}
	run := &opslens.ScanRun{JobID: job.ID, Attempt: job.Attempt, RepositoryID: repo.ID, WorkloadID: repo.WorkloadID,
		Location: repo.Location, State: opslens.ScanRunning, Worker: q.cfg.Name, QueuedAt: job.CreatedAt, StartedAt: time.Now().UTC()}
	if err := q.closeAbandoned(ctx, job, run); err != nil {
		return err
	}
	if err := q.store.PutScanRun(ctx, *run); err != nil {
		return err
	}
	err = q.scan(ctx, repo, run)
	if err != nil {
		run.State, run.Error = opslens.ScanFailed, oneLine(err)
	} else {
		run.State = opslens.ScanSucceeded
	}
	run.FinishedAt = time.Now().UTC()
	// The job's context may be what ended the scan: record the outcome
	// regardless.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if perr := q.store.PutScanRun(rctx, *run); perr != nil {
		q.log.Warn("record scan run", "job", job.ID, "err", perr)
	}
	q.log.Info("scan finished", "job", job.ID, "attempt", job.Attempt, "repository", repo.Location, "state", run.State, "err", err)
	return err
}

// closeAbandoned marks earlier attempts of the job that never recorded an
// end (their worker died, and River rescued the job) as failed, with the
// reason River recorded, so no run stays "running" forever.
func (q *Queue) closeAbandoned(ctx context.Context, job *river.Job[scanArgs], run *opslens.ScanRun) error {
	if job.Attempt <= 1 {
		return nil
	}
	runs, err := q.store.ScanRuns(ctx, run.WorkloadID, 200)
	if err != nil {
		return err
	}
	for _, r := range runs {
		if r.JobID != job.ID || r.Attempt >= job.Attempt || (r.State != opslens.ScanRunning && r.State != opslens.ScanQueued) {
			continue
		}
		r.State, r.FinishedAt, r.Error = opslens.ScanFailed, run.StartedAt, "the worker running this attempt stopped before it finished"
		for _, e := range job.Errors {
			if e.Attempt == r.Attempt && e.Error != "" {
				r.Error += " (" + oneLine(errors.New(e.Error)) + ")"
			}
		}
		if err := q.store.PutScanRun(ctx, r); err != nil {
			return err
		}
	}
	return nil
}

// Timeout lets a scan run up to the configured limit rather than River's
// one-minute default.
func (w *scanWorker) Timeout(*river.Job[scanArgs]) time.Duration { return w.q.cfg.ScanTimeout }

// scan reads the repository (cloning a git URL first), records the
// evidence on the workload's review, and pre-selects when the repository
// asks for it, reporting progress on run as it goes.
func (q *Queue) scan(ctx context.Context, repo *opslens.Repository, run *opslens.ScanRun) error {
	dir := repo.Location
	if opslens.IsGitURL(repo.Location) {
		tmp, err := q.clone(ctx, repo.Location)
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	progress := q.progress(ctx, run)
	rep, err := evidence.Scan(ctx, []string{dir}, evidence.Options{Version: q.cfg.Version, Progress: progress})
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	w, err := q.store.WorkloadByID(ctx, repo.WorkloadID)
	if err != nil {
		return err
	}
	sets := rep.Sets()
	for i := range sets {
		// The evidence belongs to the registered location, not to the
		// temporary clone it was read from.
		sets[i].Repository = repo.Location
		run.Commit, run.Practices = sets[i].Commit, len(sets[i].Findings)
	}
	actx := opslens.WithActor(ctx, opslens.Actor{Name: "job:scan"})
	if err := q.reviews.RecordEvidence(actx, w, "", sets); err != nil {
		return err
	}
	if repo.Apply {
		pre, err := q.reviews.ApplyEvidence(actx, w, "", sets)
		if err != nil {
			return err
		}
		run.Preselected = len(pre)
	}
	return nil
}

// progress returns the scanner's progress callback: it records the run's
// progress at most twice a second, so a fast scan does not become a storm
// of writes.
func (q *Queue) progress(ctx context.Context, run *opslens.ScanRun) func(done, total int) {
	var mu sync.Mutex
	var last time.Time
	return func(done, total int) {
		mu.Lock()
		defer mu.Unlock()
		run.Done, run.Total = done, total
		if time.Since(last) < 500*time.Millisecond && done < total {
			return
		}
		last = time.Now()
		if err := q.store.PutScanRun(ctx, *run); err != nil {
			q.log.Warn("record scan progress", "job", run.JobID, "err", err)
		}
	}
}

// clone makes a fresh full clone (history included: the history practices
// need it) in a new directory under the work directory. git never asks
// for credentials on a terminal: a URL that needs them fails instead.
func (q *Queue) clone(ctx context.Context, url string) (string, error) {
	if err := os.MkdirAll(q.cfg.WorkDir, 0o700); err != nil {
		return "", fmt.Errorf("create work directory: %w", err)
	}
	dir, err := os.MkdirTemp(q.cfg.WorkDir, "clone-")
	if err != nil {
		return "", fmt.Errorf("create clone directory: %w", err)
	}
	cmd := exec.CommandContext(ctx, "git", "clone", "--quiet", "--", url, dir)
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "GIT_ASKPASS=true", "SSH_ASKPASS=true")
	out, err := cmd.CombinedOutput()
	if err != nil {
		os.RemoveAll(dir)
		if errors.Is(err, exec.ErrNotFound) {
			return "", errors.New("git is not installed on this worker: install it to scan git URLs")
		}
		return "", fmt.Errorf("git clone %s: %v: %s", url, err, strings.TrimSpace(string(out)))
	}
	return dir, nil
}

func oneLine(err error) string {
	s := strings.Join(strings.Fields(err.Error()), " ")
	if len(s) > 500 {
		s = s[:500] + "…"
	}
	return s
}

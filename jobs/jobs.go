// Package jobs runs opslens's background work on River, a job queue kept
// in the database opslens already uses: PostgreSQL for a fleet of replicas
// and workers, or the SQLite file for one process. Today that work is
// scanning the repositories registered on workloads, on demand and on
// their schedules.
//
// What River gives: a job is fetched by one worker at a time (row locks
// on PostgreSQL, the write lock on SQLite), retried with backoff when it
// fails, and, when its worker dies, rescued by the leader once it has run
// longer than its timeout allows, then retried by another worker. Unique
// inserts keep one pending scan per repository and one scheduled scan per
// period.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/review"
)

// Config tunes a Queue.
type Config struct {
	// Workers is how many scans this process runs at once; 0 makes a
	// queue that only enqueues (a server replica leaving scans to
	// `opslens worker` processes).
	Workers int
	// WorkDir is where git repositories are cloned, one fresh clone per
	// scan attempt (default: the user's cache directory).
	WorkDir string
	// ScanTimeout ends a scan that runs longer (default 30 minutes). A
	// scan whose worker died is retried once it has been running for
	// this long plus a margin, since only then is it surely abandoned.
	ScanTimeout time.Duration
	// Version is the opslens version recorded with the evidence.
	Version string
	// Name identifies this process on scan runs (default host:pid).
	Name   string
	Logger *slog.Logger
	// RetryBase is the wait before a failed webhook delivery is tried
	// again, doubled after each failure (default 1 s).
	RetryBase time.Duration
	// StaleAfter is how long a review may go without a milestone before
	// its workload's webhooks hear that it went stale (default 90 days).
	StaleAfter time.Duration
}

// DefaultScanTimeout bounds one scan of one repository, clone included.
const DefaultScanTimeout = 30 * time.Minute

// rescueMargin is how long past its timeout a running scan must be before
// the leader hands it to another worker.
const rescueMargin = 10 * time.Second

// MaxAttempts: a scan that failed three times (an unreachable URL, a
// deleted directory) waits for its next schedule or a person.
const MaxAttempts = 3

// queueName keeps scans apart from any later kind of job, so each kind can
// get its own number of workers.
const queueName = "scans"

// Queue enqueues scans and, with workers, runs them.
type Queue struct {
	store   opslens.Store
	reviews *review.Service
	cfg     Config
	log     *slog.Logger
	client  client
	closeDB func() error
	// httpClient delivers webhooks; it has no timeout of its own, as
	// each delivery's context carries one.
	httpClient *http.Client
}

// client is what Queue needs of a River client, whatever its driver.
type client interface {
	Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
	Start(ctx context.Context) error
	Stop(ctx context.Context) error
	StopAndCancel(ctx context.Context) error
}

// Open prepares the job queue in the store's database, creating River's
// tables on first use, for the SQLite and PostgreSQL stores.
func Open(ctx context.Context, store opslens.Store, reviews *review.Service, cfg Config) (*Queue, error) {
	if cfg.ScanTimeout <= 0 {
		cfg.ScanTimeout = DefaultScanTimeout
	}
	if cfg.Name == "" {
		host, _ := os.Hostname()
		cfg.Name = fmt.Sprintf("%s:%d", host, os.Getpid())
	}
	if cfg.WorkDir == "" {
		dir, err := os.UserCacheDir()
		if err != nil {
			return nil, fmt.Errorf("find a work directory for clones: %w; set one", err)
		}
		cfg.WorkDir = dir + string(os.PathSeparator) + "opslens" + string(os.PathSeparator) + "clones"
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.RetryBase <= 0 {
		cfg.RetryBase = time.Second
	}
	if cfg.StaleAfter <= 0 {
		cfg.StaleAfter = 90 * 24 * time.Hour
	}
	q := &Queue{store: store, reviews: reviews, cfg: cfg, log: cfg.Logger, httpClient: &http.Client{}}
	rc := q.riverConfig()
	var err error
	q.client, q.closeDB, err = newClient(ctx, store, rc)
	if err != nil {
		return nil, fmt.Errorf("open the job queue: %w", err)
	}
	return q, nil
}

func (q *Queue) riverConfig() *river.Config {
	rc := &river.Config{
		Logger:               q.log,
		JobTimeout:           q.cfg.ScanTimeout,
		RescueStuckJobsAfter: q.cfg.ScanTimeout + rescueMargin,
		MaxAttempts:          MaxAttempts,
		ID:                   q.cfg.Name,
	}
	if q.cfg.Workers > 0 {
		workers := river.NewWorkers()
		river.AddWorker(workers, &scanWorker{q: q})
		river.AddWorker(workers, &scheduleWorker{q: q})
		river.AddWorker(workers, &webhookWorker{q: q})
		river.AddWorker(workers, &staleWorker{q: q})
		rc.Workers = workers
		rc.Queues = map[string]river.QueueConfig{queueName: {MaxWorkers: q.cfg.Workers}, webhookQueue: {MaxWorkers: 2}}
		rc.PeriodicJobs = []*river.PeriodicJob{
			river.NewPeriodicJob(river.PeriodicInterval(time.Minute),
				func() (river.JobArgs, *river.InsertOpts) { return scheduleArgs{}, scheduleInsertOpts() },
				&river.PeriodicJobOpts{RunOnStart: true, ID: "scan-schedule"}),
			river.NewPeriodicJob(river.PeriodicInterval(6*time.Hour),
				func() (river.JobArgs, *river.InsertOpts) { return staleArgs{}, &river.InsertOpts{Queue: webhookQueue} },
				&river.PeriodicJobOpts{RunOnStart: true, ID: "stale-reviews"}),
		}
	}
	return rc
}

// Start runs the workers until Stop; a queue without workers has nothing
// to start.
func (q *Queue) Start(ctx context.Context) error {
	if q.cfg.Workers == 0 {
		return nil
	}
	return q.client.Start(ctx)
}

// Stop lets running scans finish until ctx ends, then cancels them (they
// are retried later), and closes the queue.
func (q *Queue) Stop(ctx context.Context) error {
	var err error
	if q.cfg.Workers > 0 {
		err = q.client.Stop(ctx)
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
			c, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			err = q.client.StopAndCancel(c)
			cancel()
		}
	}
	if q.closeDB != nil {
		err = errors.Join(err, q.closeDB())
	}
	return err
}

// ScanNow enqueues a scan of a repository and records it as queued. While
// a scan of it is waiting or running, no second one is added: the run
// returned is then the one already queued (Duplicate set).
func (q *Queue) ScanNow(ctx context.Context, repositoryID int64) (run opslens.ScanRun, duplicate bool, err error) {
	r, err := q.store.Repository(ctx, repositoryID)
	if err != nil {
		return opslens.ScanRun{}, false, err
	}
	return q.enqueue(ctx, r, triggerManual, manualInsertOpts())
}

func (q *Queue) enqueue(ctx context.Context, r *opslens.Repository, trigger string, opts *river.InsertOpts) (opslens.ScanRun, bool, error) {
	res, err := q.client.Insert(ctx, scanArgs{RepositoryID: r.ID, Trigger: trigger}, opts)
	if err != nil {
		return opslens.ScanRun{}, false, opslens.Errorf(opslens.EUNAVAILABLE, "queue a scan of %s: %v", r.Location, err)
	}
	run := opslens.ScanRun{JobID: res.Job.ID, Attempt: max(res.Job.Attempt, 1), RepositoryID: r.ID, WorkloadID: r.WorkloadID,
		Location: r.Location, State: opslens.ScanQueued, QueuedAt: res.Job.CreatedAt}
	if res.UniqueSkippedAsDuplicate {
		return run, true, nil
	}
	return run, false, q.store.PutScanRun(ctx, run)
}

package jobs

import (
	"context"
	"time"

	"github.com/riverqueue/river"
)

// scheduleArgs is the periodic job that enqueues scheduled scans. River
// runs periodic jobs on its elected leader only, so the fleet enqueues
// each schedule once, whatever the number of workers.
type scheduleArgs struct{}

func (scheduleArgs) Kind() string { return "opslens.scan_schedule" }

func scheduleInsertOpts() *river.InsertOpts {
	return &river.InsertOpts{Queue: queueName, UniqueOpts: river.UniqueOpts{ByPeriod: time.Minute}}
}

// scheduleWorker enqueues a scan of every scheduled repository. A unique
// insert per repository and period (its schedule) makes running it every
// minute add one scan per period: the rest are duplicates River skips.
type scheduleWorker struct {
	river.WorkerDefaults[scheduleArgs]
	q *Queue
}

func (w *scheduleWorker) Work(ctx context.Context, _ *river.Job[scheduleArgs]) error {
	repos, err := w.q.store.Repositories(ctx, 0)
	if err != nil {
		return err
	}
	added := 0
	for i := range repos {
		r := &repos[i]
		if r.Every <= 0 {
			continue
		}
		opts := &river.InsertOpts{Queue: queueName, UniqueOpts: river.UniqueOpts{ByArgs: true, ByPeriod: r.Every}}
		_, dup, err := w.q.enqueue(ctx, r, triggerSchedule, opts)
		if err != nil {
			return err
		}
		if !dup {
			added++
		}
	}
	if added > 0 {
		w.q.log.Info("scheduled scans queued", "count", added)
	}
	return nil
}

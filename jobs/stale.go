package jobs

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/opslens/opslens"
)

// staleArgs is the periodic check for reviews gone stale.
type staleArgs struct{}

func (staleArgs) Kind() string { return "opslens.stale_reviews" }

// staleWorker tells webhooks about workloads whose latest milestone (or,
// without one, whose last change) is older than StaleAfter. A unique
// insert per workload and milestone, over a period of StaleAfter, sends
// each stale review once per period rather than at every check.
type staleWorker struct {
	river.WorkerDefaults[staleArgs]
	q *Queue
}

func (w *staleWorker) Work(ctx context.Context, _ *river.Job[staleArgs]) error {
	hooks, err := w.q.store.Webhooks(ctx)
	if err != nil || !anyWants(hooks, opslens.EventReviewStale) {
		return err
	}
	workloads, err := w.q.store.Workloads(ctx)
	if err != nil {
		return err
	}
	marks, err := w.q.store.LatestMilestones(ctx)
	if err != nil {
		return err
	}
	last := map[int64]opslens.MilestoneMark{}
	for _, m := range marks {
		last[m.WorkloadID] = m
	}
	now := time.Now().UTC()
	for _, wl := range workloads {
		since, number := wl.UpdatedAt, 0
		if m, ok := last[wl.ID]; ok {
			since, number = m.RecordedAt, m.Number
		}
		if now.Sub(since) <= w.q.cfg.StaleAfter {
			continue
		}
		days := int(now.Sub(since).Hours() / 24)
		e := opslens.Event{Type: opslens.EventReviewStale, At: now, WorkloadID: wl.ID, Workload: wl.Name,
			Details: map[string]any{"DaysSinceMilestone": days, "LastMilestone": number},
			Text:    fmt.Sprintf("The review of %s has had no milestone for %d days.", wl.Name, days)}
		// Unique by webhook and this key alone: the days since the
		// milestone differ at every check.
		unique := &river.UniqueOpts{ByPeriod: w.q.cfg.StaleAfter, ByArgs: true}
		key := fmt.Sprintf("stale/%d/%d", wl.ID, number)
		if err := w.q.publish(ctx, e, unique, key); err != nil {
			return err
		}
	}
	return nil
}

func anyWants(hooks []opslens.Webhook, event string) bool {
	for i := range hooks {
		if hooks[i].Wants(event) {
			return true
		}
	}
	return false
}

package jobs

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/riverqueue/river"

	"github.com/opslens/opslens"
)

// webhookQueue keeps deliveries apart from scans, so a slow receiver
// never waits behind a long scan.
const webhookQueue = "webhooks"

// webhookAttempts: with backoff doubling from RetryBase (1 s by default),
// the last of 12 attempts comes about an hour after the first.
const webhookAttempts = 12

// webhookArgs is one delivery of one event to one webhook.
type webhookArgs struct {
	WebhookID int64         `json:"webhook_id" river:"unique"`
	Event     opslens.Event `json:"event"`
	// Key names what a unique delivery is about (the stale review of a
	// workload since its milestone), so the event's changing details
	// (days since) do not make each check's delivery a new one.
	Key string `json:"key,omitempty" river:"unique"`
}

func (webhookArgs) Kind() string { return "opslens.webhook" }

// Publish queues a delivery of the event to every webhook that wants it.
// It implements review.EventSink: the change is saved already, so a
// failure is logged, not returned.
func (q *Queue) Publish(ctx context.Context, e opslens.Event) {
	if err := q.publish(ctx, e, nil, ""); err != nil {
		q.log.Warn("queue webhook deliveries", "event", e.Type, "workload", e.Workload, "err", err)
	}
}

func (q *Queue) publish(ctx context.Context, e opslens.Event, unique *river.UniqueOpts, key string) error {
	hooks, err := q.store.Webhooks(ctx)
	if err != nil {
		return err
	}
	for _, h := range hooks {
		if !h.Wants(e.Type) {
			continue
		}
		opts := &river.InsertOpts{Queue: webhookQueue, MaxAttempts: webhookAttempts}
		if unique != nil {
			opts.UniqueOpts = *unique
		}
		if _, err := q.client.Insert(ctx, webhookArgs{WebhookID: h.ID, Event: e, Key: key}, opts); err != nil {
			return err
		}
	}
	return nil
}

// webhookWorker posts an event to its webhook.
type webhookWorker struct {
	river.WorkerDefaults[webhookArgs]
	q *Queue
}

// Work posts the event as JSON, signed: the X-Opslens-Signature header is
// "sha256=" and the hex HMAC-SHA256 of the body under the webhook's
// secret, as GitHub signs its webhooks. Anything but a 2xx answer is
// retried; a webhook deleted since is dropped.
func (w *webhookWorker) Work(ctx context.Context, job *river.Job[webhookArgs]) error {
	hooks, err := w.q.store.Webhooks(ctx)
	if err != nil {
		return err
	}
	var hook *opslens.Webhook
	for i := range hooks {
		if hooks[i].ID == job.Args.WebhookID {
			hook = &hooks[i]
		}
	}
	if hook == nil {
		return river.JobCancel(fmt.Errorf("webhook %d was deleted", job.Args.WebhookID))
	}
	body, err := json.Marshal(job.Args.Event)
	if err != nil {
		return river.JobCancel(err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, hook.URL, bytes.NewReader(body))
	if err != nil {
		return river.JobCancel(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "opslens/"+w.q.cfg.Version)
	req.Header.Set("X-Opslens-Event", job.Args.Event.Type)
	req.Header.Set("X-Opslens-Delivery", strconv.FormatInt(job.ID, 10))
	req.Header.Set("X-Opslens-Signature", Sign(hook.Secret, body))
	res, err := w.q.httpClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return fmt.Errorf("webhook %s answered %s", hook.URL, res.Status)
	}
	return nil
}

// Timeout bounds one delivery: a receiver must answer promptly.
func (w *webhookWorker) Timeout(*river.Job[webhookArgs]) time.Duration { return 30 * time.Second }

// NextRetry doubles the wait after each failed attempt, from RetryBase.
func (w *webhookWorker) NextRetry(job *river.Job[webhookArgs]) time.Time {
	return time.Now().Add(w.q.cfg.RetryBase << min(job.Attempt-1, 12))
}

// Sign is the value of the X-Opslens-Signature header for a body: what a
// receiver computes with the shared secret and compares in constant time.
func Sign(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

package jobs

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/lens/builtin"
	"github.com/opslens/opslens/review"
)

// receiver is a webhook endpoint that refuses its first `fail` requests
// with 500, then records what it accepts.
type receiver struct {
	mu       sync.Mutex
	fail     int
	requests int
	got      []delivery
	secret   string
	t        *testing.T
}

type delivery struct {
	event  opslens.Event
	header http.Header
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.requests++
	if rc.requests <= rc.fail {
		http.Error(w, "not now", http.StatusInternalServerError)
		return
	}
	if got, want := r.Header.Get("X-Opslens-Signature"), Sign(rc.secret, body); got != want {
		rc.t.Errorf("signature %q, want %q", got, want)
	}
	var e opslens.Event
	if err := json.Unmarshal(body, &e); err != nil {
		rc.t.Errorf("body %s: %v", body, err)
	}
	rc.got = append(rc.got, delivery{e, r.Header.Clone()})
}

func (rc *receiver) deliveries() []delivery {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]delivery(nil), rc.got...)
}

// A milestone and a question newly at high risk reach the webhook as
// signed JSON; the receiver's failure is retried until it accepts.
func TestWebhookDelivery(t *testing.T) {
	backends(t, func(t *testing.T, s opslens.Store) {
		rc := &receiver{fail: 1, secret: "a-secret-of-sixteen-or-more", t: t}
		srv := httptest.NewServer(rc)
		t.Cleanup(srv.Close)
		hook := &opslens.Webhook{URL: srv.URL, Secret: rc.secret, Events: []string{opslens.EventMilestoneRecorded, opslens.EventHighRisk}}
		if err := s.CreateWebhook(t.Context(), hook); err != nil {
			t.Fatal(err)
		}
		svc, err := review.NewService(s)
		if err != nil {
			t.Fatal(err)
		}
		q, err := Open(t.Context(), s, svc, Config{Workers: 1, WorkDir: t.TempDir(), Version: "test", RetryBase: 50 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		if err := q.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { q.Stop(context.Background()) })
		svc.Events = q
		w := &opslens.Workload{Name: "payments", Environment: opslens.EnvProduction, Lenses: []string{builtin.Alias}}
		if err := svc.CreateWorkload(t.Context(), w); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.CreateMilestone(t.Context(), w, "baseline"); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.ApplyChange(t.Context(), w, "", "OPS01", review.Change{Select: []string{"OPS01_BP01"}}); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(30 * time.Second)
		for len(rc.deliveries()) < 2 && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		got := rc.deliveries()
		if len(got) != 2 {
			t.Fatalf("%d deliveries in 30 s (%d requests)", len(got), rc.requests)
		}
		types := map[string]opslens.Event{}
		for _, d := range got {
			types[d.event.Type] = d.event
			if d.header.Get("X-Opslens-Event") != d.event.Type || d.header.Get("X-Opslens-Delivery") == "" {
				t.Errorf("headers: %v", d.header)
			}
		}
		if m := types[opslens.EventMilestoneRecorded]; m.Workload != "payments" || m.Details["MilestoneName"] != "baseline" || m.Text == "" {
			t.Errorf("milestone event: %+v", m)
		}
		if h := types[opslens.EventHighRisk]; h.Details["QuestionId"] != "OPS01" {
			t.Errorf("high-risk event: %+v", h)
		}
		if rc.requests != 3 {
			t.Errorf("%d requests for 2 events with 1 refused: the refused one was not retried once", rc.requests)
		}
	})
}

// A workload whose latest milestone is older than StaleAfter is reported
// once per period, however often the check runs.
func TestStaleReviewOnce(t *testing.T) {
	backends(t, func(t *testing.T, s opslens.Store) {
		rc := &receiver{secret: "another-secret-of-sixteen", t: t}
		srv := httptest.NewServer(rc)
		t.Cleanup(srv.Close)
		if err := s.CreateWebhook(t.Context(), &opslens.Webhook{URL: srv.URL, Secret: rc.secret, Events: []string{opslens.EventReviewStale}}); err != nil {
			t.Fatal(err)
		}
		w, _ := workloadWithRepo(t, s, "payments", fixture(t), false)
		old := &opslens.Milestone{WorkloadID: w.ID, Name: "long ago", RecordedAt: time.Now().Add(-100 * 24 * time.Hour)}
		if err := s.CreateMilestone(t.Context(), old); err != nil {
			t.Fatal(err)
		}
		fresh := createFreshWorkload(t, s)
		q := startQueue(t, s, 1, "worker-a") // runs the check on start
		sw := &staleWorker{q: q}
		for range 2 {
			if err := sw.Work(t.Context(), nil); err != nil {
				t.Fatal(err)
			}
		}
		deadline := time.Now().Add(20 * time.Second)
		for len(rc.deliveries()) < 1 && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		time.Sleep(500 * time.Millisecond) // room for a duplicate to show up
		got := rc.deliveries()
		if len(got) != 1 || got[0].event.WorkloadID != w.ID || got[0].event.Details["LastMilestone"] != float64(1) {
			t.Fatalf("stale deliveries: %+v (fresh workload %d)", got, fresh)
		}
	})
}

func createFreshWorkload(t *testing.T, s opslens.Store) int64 {
	w := &opslens.Workload{Name: "fresh", Environment: opslens.EnvProduction, Lenses: []string{builtin.Alias}}
	if err := s.CreateWorkload(t.Context(), w); err != nil {
		t.Fatal(err)
	}
	return w.ID
}

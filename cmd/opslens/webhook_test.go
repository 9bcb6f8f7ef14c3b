package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/opslens/opslens/jobs"
)

// A milestone recorded from the CLI reaches a webhook through the
// server's workers, signed with the secret the CLI printed once.
func TestWebhookFromCLIThroughServer(t *testing.T) {
	var mu sync.Mutex
	var bodies [][]byte
	var sigs []string
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies, sigs = append(bodies, b), append(sigs, r.Header.Get("X-Opslens-Signature"))
		mu.Unlock()
	}))
	t.Cleanup(recv.Close)
	c := newCLI(t)
	c.ok("workload", "create", "payments")
	out := c.ok("webhook", "add", recv.URL, "--events", "milestone.recorded")
	_, secret, ok := strings.Cut(out, "(shown once): ")
	if !ok {
		t.Fatalf("no secret printed:\n%s", out)
	}
	secret = strings.TrimSpace(secret)
	contains(t, "list", c.ok("webhook", "list"), recv.URL, "milestone.recorded")
	if strings.Contains(c.ok("webhook", "list", "-o", "json"), secret) {
		t.Error("the list shows the secret")
	}
	c.serve(nil)
	c.ok("milestone", "create", "payments", "baseline")
	deadline := time.Now().Add(20 * time.Second)
	for {
		mu.Lock()
		n := len(bodies)
		mu.Unlock()
		if n > 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(bodies) != 1 {
		t.Fatalf("%d deliveries", len(bodies))
	}
	if sigs[0] != jobs.Sign(secret, bodies[0]) {
		t.Errorf("signature %s does not match the printed secret", sigs[0])
	}
	var e struct{ Event, WorkloadName, Text string }
	if err := json.Unmarshal(bodies[0], &e); err != nil || e.Event != "milestone.recorded" || e.WorkloadName != "payments" || !strings.Contains(e.Text, "baseline") {
		t.Errorf("event %s (%v)", bodies[0], err)
	}
	r := c.runIn("", "webhook", "add", "ftp://x")
	if r.code != 2 {
		t.Errorf("a bad URL: exit %d", r.code)
	}
}

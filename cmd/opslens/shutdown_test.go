package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"syscall"
	"testing"
	"time"
)

// TestServeGracefulShutdown sends SIGTERM while requests are in flight:
// their clients are still sending the bodies when the signal arrives. The
// server must let them finish (2xx, saved), refuse nothing it accepted,
// exit 0, and keep a write it acknowledged before the signal.
func TestServeGracefulShutdown(t *testing.T) {
	c := newCLI(t)
	token := c.admin("alice", "password-of-alice")
	var w struct{ WorkloadId int64 }
	c.json(&w, "workload", "create", "web")
	srv := c.serve(nil)

	before, err := updateAnswer(http.DefaultClient, srv.url, token, w.WorkloadId, "OPS01", []string{"OPS01_BP01", "OPS01_BP02"})
	if err != nil {
		t.Fatalf("write before the signal: %v", err)
	}

	questions := []string{"OPS02", "OPS03", "OPS04", "OPS05", "OPS06"}
	type outcome struct {
		question string
		status   int
		err      error
	}
	done := make(chan outcome, len(questions))
	bodies := make([]*io.PipeWriter, len(questions))
	for i, q := range questions {
		pr, pw := io.Pipe()
		bodies[i] = pw
		req, err := http.NewRequest("PATCH", fmt.Sprintf("%s/api/v1/workloads/%d/lensReviews/operational-excellence/answers/%s", srv.url, w.WorkloadId, q), pr)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		go func() {
			res, err := (&http.Client{Timeout: 20 * time.Second}).Do(req)
			if err != nil {
				done <- outcome{q, 0, err}
				return
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			done <- outcome{q, res.StatusCode, nil}
		}()
		// Half the body now: the server has the request and waits for the rest.
		fmt.Fprint(pw, `{"SelectedChoices": [`)
	}
	time.Sleep(300 * time.Millisecond) // the server reads the headers and starts the handlers
	if err := srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // the server is shutting down, waiting for them
	for i, q := range questions {
		fmt.Fprintf(bodies[i], `"%s_BP03"]}`, q)
		bodies[i].Close()
	}
	for range questions {
		o := <-done
		if o.err != nil || o.status != http.StatusOK {
			t.Errorf("request in flight for %s during shutdown: status %d, error %v", o.question, o.status, o.err)
		}
	}
	if code := srv.wait(); code != 0 {
		t.Errorf("exit code after SIGTERM = %d, want 0\nstderr:\n%s", code, srv.stderr)
	}

	stored := c.storedAnswers("web")
	if got := stored["OPS01"]; got.Version != before.Version || !slices.Equal(got.SelectedChoices, []string{"OPS01_BP01", "OPS01_BP02"}) {
		t.Errorf("OPS01 acknowledged before the signal: stored %+v, want version %d with BP01 and BP02", got, before.Version)
	}
	for _, q := range questions {
		if got := stored[q].SelectedChoices; !slices.Equal(got, []string{q + "_BP03"}) {
			b, _ := json.Marshal(stored[q])
			t.Errorf("%s, finished during shutdown: stored %s, want %s_BP03 selected", q, b, q)
		}
	}
}

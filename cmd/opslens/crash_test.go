package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// answerState is an answer as the API acknowledged it or the CLI reads it.
type answerState struct {
	Version         int64
	SelectedChoices []string
}

// updateAnswer sends UpdateAnswer and returns the acknowledged answer, or
// an error for anything but 200 (including a connection cut by a crash).
func updateAnswer(c *http.Client, base, token string, workload int64, question string, sel []string) (answerState, error) {
	body, _ := json.Marshal(map[string]any{"SelectedChoices": sel})
	req, err := http.NewRequest("PATCH", fmt.Sprintf("%s/api/v1/workloads/%d/lensReviews/operational-excellence/answers/%s", base, workload, question), bytes.NewReader(body))
	if err != nil {
		return answerState{}, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := c.Do(req)
	if err != nil {
		return answerState{}, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return answerState{}, err
	}
	if res.StatusCode != http.StatusOK {
		return answerState{}, fmt.Errorf("status %d: %s", res.StatusCode, b)
	}
	var out struct{ Answer answerState }
	if err := json.Unmarshal(b, &out); err != nil {
		return answerState{}, fmt.Errorf("decode %s: %w", b, err)
	}
	return out.Answer, nil
}

// storedAnswers reads a workload's answers with the CLI, by question.
func (c *cli) storedAnswers(workload string) map[string]answerState {
	c.t.Helper()
	var s struct {
		LensReviews []struct {
			Answers []struct {
				QuestionId string
				answerState
			}
		}
	}
	c.json(&s, "status", workload)
	out := map[string]answerState{}
	for _, a := range s.LensReviews[0].Answers {
		out[a.QuestionId] = a.answerState
	}
	return out
}

func (c *cli) integrity() string {
	c.t.Helper()
	db, err := sql.Open("sqlite", c.db)
	if err != nil {
		c.t.Fatal(err)
	}
	defer db.Close()
	var res string
	if err := db.QueryRowContext(context.Background(), "PRAGMA integrity_check").Scan(&res); err != nil {
		c.t.Fatal(err)
	}
	return res
}

// writer is one client updating its own answers one after the other, so
// for each of its answers the last acknowledged write is the one that
// must be stored, unless the write in flight when the server died landed
// without being answered.
type writer struct {
	workload string
	id       int64
	question string
	acked    *answerState // last acknowledged
	inFlight []string     // the selection sent when the connection broke
}

// writers creates n workloads and returns a writer for each of their
// questions.
func (c *cli) writers(n int, questions ...string) []*writer {
	var out []*writer
	for i := range n {
		var w struct{ WorkloadId int64 }
		name := fmt.Sprintf("crash-%d", i)
		c.json(&w, "workload", "create", name)
		for _, q := range questions {
			out = append(out, &writer{workload: name, id: w.WorkloadId, question: q})
		}
	}
	return out
}

// TestServeSurvivesKill9 kills the server with SIGKILL while clients
// update answers, restarts it, and checks that every acknowledged write is
// stored and SQLite finds the file intact: an acknowledgement is a
// promise that the write is durable.
func TestServeSurvivesKill9(t *testing.T) {
	c := newCLI(t)
	token := c.admin("alice", "password-of-alice")
	writers := c.writers(4, "OPS01", "OPS02", "OPS03", "OPS04", "OPS05")
	srv := c.serve(nil)

	const killAt = 500 // acknowledged writes before the kill
	var acked atomic.Int64
	enough := make(chan struct{})
	var once sync.Once
	var wg sync.WaitGroup
	for i, w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			hc := &http.Client{Timeout: 10 * time.Second}
			for n := 0; ; n++ {
				// Successive selections differ, so the stored one tells
				// which write landed.
				sel := []string{}
				for j := range 5 { // every question has practices BP01..BP05
					if (n*13+i)>>j&1 == 1 {
						sel = append(sel, fmt.Sprintf("%s_BP%02d", w.question, j+1))
					}
				}
				got, err := updateAnswer(hc, srv.url, token, w.id, w.question, sel)
				if err != nil {
					w.inFlight = sel
					return
				}
				w.acked = &got
				if acked.Add(1) >= killAt {
					once.Do(func() { close(enough) })
				}
			}
		}()
	}
	select {
	case <-enough:
	case <-time.After(10 * time.Second):
		t.Fatalf("only %d writes acknowledged in 10 s", acked.Load())
	}
	srv.kill()
	wg.Wait()

	c.serve(nil).stop() // the server starts again on the file a crash left
	if got := c.integrity(); got != "ok" {
		t.Errorf("PRAGMA integrity_check after SIGKILL: %s", got)
	}
	landed := checkAcknowledged(t, c, writers)
	t.Logf("%d writes acknowledged before SIGKILL; %d of the writes in flight landed unanswered", acked.Load(), landed)
}

// checkAcknowledged compares each writer's last acknowledged answer with
// the stored one and returns how many unanswered writes were stored.
func checkAcknowledged(t *testing.T, c *cli, writers []*writer) (landed int) {
	t.Helper()
	stored := map[string]map[string]answerState{}
	for _, w := range writers {
		if stored[w.workload] == nil {
			stored[w.workload] = c.storedAnswers(w.workload)
		}
		got := stored[w.workload][w.question]
		slices.Sort(got.SelectedChoices)
		if w.acked == nil {
			continue
		}
		want := *w.acked
		slices.Sort(want.SelectedChoices)
		switch {
		case got.Version == want.Version && slices.Equal(got.SelectedChoices, want.SelectedChoices):
		case got.Version == want.Version+1 && w.inFlight != nil && slices.Equal(got.SelectedChoices, slices.Sorted(slices.Values(w.inFlight))):
			// The write in flight at the kill was committed, unanswered.
			landed++
		default:
			t.Errorf("%s %s: stored version %d %v, but version %d %v was acknowledged",
				w.workload, w.question, got.Version, got.SelectedChoices, want.Version, want.SelectedChoices)
		}
	}
	return landed
}

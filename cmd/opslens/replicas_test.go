package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/opslens/opslens/internal/pgtest"
)

// balancer is the test's load balancer: round robin over the replicas,
// passing over one that refuses connections (a dead replica), as a proxy
// with health checks would. A request that fails after it was sent is a
// 502: whether it took effect is unknown, as behind a real proxy.
type balancer struct {
	backends []string
	next     atomic.Int64
	rt       http.RoundTripper
}

func newBalancer(t *testing.T, replicas ...*serverProc) string {
	b := &balancer{rt: &http.Transport{MaxIdleConnsPerHost: 64}}
	for _, r := range replicas {
		b.backends = append(b.backends, r.url)
	}
	srv := httptest.NewServer(b)
	t.Cleanup(srv.Close)
	return srv.URL
}

func (b *balancer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	for range b.backends {
		target := b.backends[int(b.next.Add(1))%len(b.backends)]
		req, err := http.NewRequestWithContext(r.Context(), r.Method, target+r.URL.RequestURI(), bytes.NewReader(body))
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		req.Header = r.Header.Clone()
		res, err := b.rt.RoundTrip(req)
		if err != nil && strings.Contains(err.Error(), "connection refused") {
			continue // never reached the replica: safe to try the next
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		for k, v := range res.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(res.StatusCode)
		io.Copy(w, res.Body)
		res.Body.Close()
		return
	}
	http.Error(w, "no replica answers", http.StatusBadGateway)
}

// noteAnswer is an answer's version and notes as the API returns them.
type noteAnswer struct {
	Version int64
	Notes   string
}

func getNotes(c *http.Client, base, token string, workload int64, q string) (noteAnswer, error) {
	req, _ := http.NewRequest("GET", fmt.Sprintf("%s/api/v1/workloads/%d/lensReviews/operational-excellence/answers/%s", base, workload, q), nil)
	req.Header.Set("Authorization", "Bearer "+token)
	var out struct{ Answer noteAnswer }
	_, err := doJSON(c, req, &out)
	return out.Answer, err
}

// putNotes writes notes over version v with If-Match. It returns the
// status and, for 200 the new answer, for 409 the stored one.
func putNotes(c *http.Client, base, token string, workload int64, q, notes string, v int64) (int, noteAnswer, error) {
	body, _ := json.Marshal(map[string]any{"Notes": notes})
	req, _ := http.NewRequest("PATCH", fmt.Sprintf("%s/api/v1/workloads/%d/lensReviews/operational-excellence/answers/%s", base, workload, q), bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("If-Match", strconv.Quote(strconv.FormatInt(v, 10)))
	var out struct {
		Answer  noteAnswer
		Current noteAnswer
	}
	code, err := doJSON(c, req, &out)
	if code == http.StatusConflict {
		return code, out.Current, nil
	}
	return code, out.Answer, err
}

func doJSON(c *http.Client, req *http.Request, v any) (int, error) {
	res, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return res.StatusCode, err
	}
	if res.StatusCode != http.StatusOK && res.StatusCode != http.StatusConflict {
		return res.StatusCode, fmt.Errorf("%s %s: status %d: %s", req.Method, req.URL.Path, res.StatusCode, b)
	}
	return res.StatusCode, json.Unmarshal(b, v)
}

// TestReplicasActAsOne runs three `opslens serve` processes on one
// PostgreSQL database behind a load balancer. Clients edit the same
// answers concurrently, each read and write landing on whichever replica
// the balancer picks: every acknowledged edit is kept (no lost update),
// every 409 names a newer version than the one the client sent, and each
// replica reads back exactly what the others wrote.
func TestReplicasActAsOne(t *testing.T) {
	c := newPostgresCLI(t)
	token := c.admin("alice", "password-of-alice")
	var w struct{ WorkloadId int64 }
	c.json(&w, "workload", "create", "shared")
	replicas := []*serverProc{c.serve(nil), c.serve(nil), c.serve(nil)}
	lb := newBalancer(t, replicas...)

	questions := []string{"OPS01", "OPS02", "OPS03", "OPS04"}
	const clientsPerQuestion, writesEach = 3, 15
	var conflicts atomic.Int64
	var wg sync.WaitGroup
	for _, q := range questions {
		for k := range clientsPerQuestion {
			wg.Add(1)
			go func() {
				defer wg.Done()
				hc := &http.Client{Timeout: 20 * time.Second}
				for n := 0; n < writesEach; {
					cur, err := getNotes(hc, lb, token, w.WorkloadId, q)
					if err != nil {
						t.Errorf("read %s: %v", q, err)
						return
					}
					code, got, err := putNotes(hc, lb, token, w.WorkloadId, q, cur.Notes+fmt.Sprintf("c%d-%d;", k, n), cur.Version)
					switch {
					case err != nil:
						t.Errorf("write %s: %v", q, err)
						return
					case code == http.StatusConflict:
						if got.Version <= cur.Version {
							t.Errorf("409 for %s based on version %d, but the stored version is %d", q, cur.Version, got.Version)
						}
						conflicts.Add(1)
					default:
						if got.Version != cur.Version+1 {
							t.Errorf("write over version %d of %s acknowledged as version %d", cur.Version, q, got.Version)
						}
						n++
					}
				}
			}()
		}
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	for _, q := range questions {
		var first noteAnswer
		for i, r := range replicas {
			got, err := getNotes(http.DefaultClient, r.url, token, w.WorkloadId, q)
			if err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				first = got
			} else if got != first {
				t.Errorf("%s: replica %d reads %+v, replica 1 reads %+v", q, i+1, got, first)
			}
		}
		if first.Version != clientsPerQuestion*writesEach {
			t.Errorf("%s: version %d after %d acknowledged writes", q, first.Version, clientsPerQuestion*writesEach)
		}
		for k := range clientsPerQuestion {
			for n := range writesEach {
				if tok := fmt.Sprintf("c%d-%d;", k, n); strings.Count(first.Notes, tok) != 1 {
					t.Errorf("%s: edit %s appears %d times in the notes: an update was lost or applied twice", q, tok, strings.Count(first.Notes, tok))
				}
			}
		}
	}
	t.Logf("%d acknowledged edits, %d conflicts answered 409 and retried", len(questions)*clientsPerQuestion*writesEach, conflicts.Load())
}

// Sessions and the sign-in rate limit live in the database: a session made
// on one replica is valid on the others, and failed sign-ins count the
// same whichever replica receives them.
func TestReplicasShareSessionsAndRateLimit(t *testing.T) {
	c := newPostgresCLI(t)
	c.admin("alice", "password-of-alice")
	a, b := c.serve(nil), c.serve(nil)
	br := browser(t)
	if res := a.signIn(br, "alice", "password-of-alice"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in on replica A: status %d", res.StatusCode)
	}
	if code, body := b.get(br, "/", ""); code != http.StatusOK {
		t.Fatalf("dashboard on replica B with replica A's session: status %d\n%s", code, body)
	}
	other := browser(t)
	// The default burst is 5 attempts per client address: the sign-in
	// above took one, 4 failures take the rest.
	for i := range 4 {
		if res := []*serverProc{a, b}[i%2].signIn(other, "alice", "wrong"); res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("wrong password %d: status %d, want 401", i+1, res.StatusCode)
		}
	}
	for _, r := range []*serverProc{a, b} {
		if res := r.signIn(other, "alice", "password-of-alice"); res.StatusCode != http.StatusTooManyRequests {
			t.Errorf("sign-in after 5 attempts spread over two replicas: status %d, want 429", res.StatusCode)
		}
	}
}

// TestReplicaKill9 kills one of three replicas with SIGKILL while clients
// write through the balancer, lets them go on through the two left, and
// checks that every acknowledged write is stored.
func TestReplicaKill9(t *testing.T) {
	c := newPostgresCLI(t)
	token := c.admin("alice", "password-of-alice")
	writers := c.writers(3, "OPS01", "OPS02", "OPS03", "OPS04")
	replicas := []*serverProc{c.serve(nil), c.serve(nil), c.serve(nil)}
	lb := newBalancer(t, replicas...)

	var acked atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i, w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			hc := &http.Client{Timeout: 10 * time.Second}
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				sel := []string{}
				for j := range 5 {
					if (n*13+i)>>j&1 == 1 {
						sel = append(sel, fmt.Sprintf("%s_BP%02d", w.question, j+1))
					}
				}
				got, err := updateAnswer(hc, lb, token, w.id, w.question, sel)
				if err != nil {
					// Cut by the kill: it may or may not have landed.
					w.inFlight = sel
					continue
				}
				w.acked, w.inFlight = &got, nil
				acked.Add(1)
			}
		}()
	}
	waitFor(t, &acked, 300)
	replicas[1].kill()
	killedAt := acked.Load()
	waitFor(t, &acked, killedAt+300)
	close(stop)
	wg.Wait()

	landed := checkAcknowledged(t, c, writers)
	t.Logf("%d writes acknowledged, %d before the kill; %d unanswered writes landed", acked.Load(), killedAt, landed)
}

func waitFor(t *testing.T, n *atomic.Int64, want int64) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for n.Load() < want {
		if time.Now().After(deadline) {
			t.Fatalf("only %d writes acknowledged in 30 s, want %d", n.Load(), want)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// A replica whose database goes away reports not ready and refuses work
// with 503 instead of hanging; when the database is back it serves again
// without a restart. A replica started while the database is down waits
// for it.
func TestReplicaOutlivesDatabaseOutage(t *testing.T) {
	pg, err := pgtest.StartDurable()
	if err != nil {
		if os.Getenv(pgtest.EnvRequired) == "1" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	t.Cleanup(pg.Stop)
	url, err := pg.CreateDatabase(t.Context(), "outage")
	if err != nil {
		t.Fatal(err)
	}
	c := &cli{t: t, db: url}
	token := c.admin("alice", "password-of-alice")
	var w struct{ WorkloadId int64 }
	c.json(&w, "workload", "create", "steady")
	srv := c.serve(nil)
	hc := &http.Client{Timeout: 10 * time.Second}

	if code, _ := srv.getURL(srv.url + "/readyz"); code != http.StatusOK {
		t.Fatalf("readyz with the database up: %d", code)
	}
	if err := pg.Crash(); err != nil {
		t.Fatal(err)
	}
	if code, _ := srv.getURL(srv.url + "/readyz"); code != http.StatusServiceUnavailable {
		t.Errorf("readyz with the database down: %d, want 503", code)
	}
	if _, err := updateAnswer(hc, srv.url, token, w.WorkloadId, "OPS01", []string{"OPS01_BP01"}); err == nil || !strings.Contains(err.Error(), "status 503") {
		t.Errorf("write with the database down: %v, want a 503", err)
	}
	if code, _ := srv.getURL(srv.url + "/healthz"); code != http.StatusOK {
		t.Errorf("healthz with the database down: %d, want 200 (the process is alive)", code)
	}

	// A second replica starting now waits for the database.
	late, started := make(chan *serverProc), time.Now()
	go func() { late <- c.serve(nil) }()
	time.Sleep(time.Second)
	if err := pg.Restart(); err != nil {
		t.Fatal(err)
	}
	second := <-late
	t.Logf("the second replica started %v after its launch", time.Since(started).Round(time.Millisecond))
	contains(t, "second replica's log", second.stderr.String(), "waiting for the database")

	deadline := time.Now().Add(10 * time.Second)
	for {
		code, _ := srv.getURL(srv.url + "/readyz")
		if code == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("readyz still %d 10 s after the database came back", code)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if _, err := updateAnswer(hc, srv.url, token, w.WorkloadId, "OPS01", []string{"OPS01_BP01"}); err != nil {
		t.Errorf("write after the database came back: %v", err)
	}
}

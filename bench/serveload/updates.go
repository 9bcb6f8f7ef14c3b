package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// answerKey names one stored answer.
type answerKey struct {
	workload int64
	question string
}

// write is one answer update the load sent.
type write struct {
	key       answerKey
	selection []string
}

// ack is what a 2xx response said was saved.
type ack struct {
	version   int64
	selection []string
}

// ledger remembers every update sent and every acknowledgement, so the
// database can be checked afterwards: an acknowledged selection must be
// there unless a later write to the same answer replaced it.
type ledger struct {
	mu     sync.Mutex
	sent   map[string]write // by request ID
	acked  map[string]ack   // by request ID
	wrong  []string         // responses whose selection differs from the request's
	issued atomic.Int64
}

func newLedger() *ledger {
	return &ledger{sent: map[string]write{}, acked: map[string]ack{}}
}

// updateTargeter returns the answer updates of the load users in turn:
// user n%len(users) updates a question of one of its own workloads with a
// random selection. The request ID ties the response to what was sent.
// Requests go round robin over the servers in bases, as a load balancer
// in front of replicas would send them.
func updateTargeter(bases []string, fx *fixture, lg *ledger, seedValue uint64) vegeta.Targeter {
	var mu sync.Mutex // the random source is shared by vegeta's workers
	rng := rand.New(rand.NewPCG(seedValue, 2))
	hdr := func(token, id string) http.Header {
		return http.Header{"Authorization": {"Bearer " + token}, "Content-Type": {"application/json"}, "X-Request-Id": {id}}
	}
	return func(t *vegeta.Target) error {
		n := lg.issued.Add(1)
		u := fx.users[int(n)%len(fx.users)]
		mu.Lock()
		w := u.workloads[rng.IntN(len(u.workloads))]
		q := fx.questions[rng.IntN(len(fx.questions))]
		sel := pick(rng, q.choices)
		mu.Unlock()
		body, err := json.Marshal(map[string][]string{"SelectedChoices": sel})
		if err != nil {
			return err
		}
		id := fmt.Sprintf("upd-%09d", n)
		lg.mu.Lock()
		lg.sent[id] = write{key: answerKey{w, q.id}, selection: sel}
		lg.mu.Unlock()
		base := bases[int(n)%len(bases)]
		*t = vegeta.Target{Method: "PATCH", Body: body, Header: hdr(u.token, id),
			URL: fmt.Sprintf("%s/api/v1/workloads/%d/lensReviews/%s/answers/%s", base, w, fx.lensAlias, q.id)}
		return nil
	}
}

// record notes a result: a 2xx response is an acknowledgement, whose
// version and selection come from the response body.
func (lg *ledger) record(res *vegeta.Result) {
	if res.Code < 200 || res.Code > 299 {
		return
	}
	id := res.Headers.Get("X-Request-Id")
	var out struct {
		Answer struct {
			SelectedChoices []string
			Version         int64
		}
	}
	lg.mu.Lock()
	defer lg.mu.Unlock()
	w, ok := lg.sent[id]
	if err := json.Unmarshal(res.Body, &out); err != nil || !ok {
		lg.wrong = append(lg.wrong, fmt.Sprintf("%s: unreadable acknowledgement (%v): %.200s", id, err, res.Body))
		return
	}
	got := slices.Sorted(slices.Values(out.Answer.SelectedChoices))
	if !slices.Equal(got, slices.Sorted(slices.Values(w.selection))) {
		lg.wrong = append(lg.wrong, fmt.Sprintf("%s: sent %v, acknowledged %v", id, w.selection, got))
	}
	lg.acked[id] = ack{version: out.Answer.Version, selection: got}
}

// attackResult is a phase's latency figures.
type attackResult struct {
	name    string
	metrics vegeta.Metrics
}

// attack runs targeter with `users` concurrent workers (never more, so
// the concurrency is the number of users) at rate per second (0: as fast
// as the users can go) for the duration, passing each result to each. It
// stops early when stop is closed.
func attack(name string, tr vegeta.Targeter, users int, rate int, d time.Duration, each func(*vegeta.Result), stop <-chan struct{}) attackResult {
	atk := vegeta.NewAttacker(vegeta.Workers(uint64(users)), vegeta.MaxWorkers(uint64(users)),
		vegeta.Connections(users), vegeta.KeepAlive(true), vegeta.Timeout(30*time.Second), vegeta.Redirects(vegeta.NoFollow))
	pacer := vegeta.Rate{Freq: rate, Per: time.Second}
	results := atk.Attack(tr, pacer, d, name)
	go func() {
		<-stop
		atk.Stop()
	}()
	var m vegeta.Metrics
	for res := range results {
		m.Add(res)
		if each != nil {
			each(res)
		}
	}
	m.Close()
	return attackResult{name: name, metrics: m}
}

func (r attackResult) String() string {
	m := r.metrics
	return fmt.Sprintf("%-40s requests %6d  sent %7.1f/s  done %7.1f/s  ok %6.2f%%  p50 %7s  p95 %7s  p99 %7s  max %7s  codes %v%s",
		r.name, m.Requests, m.Rate, m.Throughput, 100*m.Success, ms(m.Latencies.P50), ms(m.Latencies.P95), ms(m.Latencies.P99),
		ms(m.Latencies.Max), m.StatusCodes, errorList(m.Errors))
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000) }

func errorList(errs []string) string {
	if len(errs) == 0 {
		return ""
	}
	if len(errs) > 3 {
		errs = append(errs[:3:3], fmt.Sprintf("and %d more", len(errs)-3))
	}
	return fmt.Sprintf("  errors %q", errs)
}

package storetest

import (
	"sync"
	"testing"
	"time"

	"github.com/opslens/opslens"
)

var rateLimitTests = []test{
	{"Burst", testRateLimitBurst},
	{"AllOrNone", testRateLimitAllOrNone},
	{"Refill", testRateLimitRefill},
	{"Concurrent", testRateLimitConcurrent},
}

func take(t *testing.T, s opslens.Store, per time.Duration, burst int, keys ...string) time.Duration {
	t.Helper()
	wait, err := s.RateLimit(t.Context(), keys, per, burst)
	must(t, err, "rate limit")
	return wait
}

func testRateLimitBurst(t *testing.T, s opslens.Store) {
	for i := range 3 {
		if w := take(t, s, time.Minute, 3, "ip:1"); w != 0 {
			t.Fatalf("attempt %d of a burst of 3 waits %v", i+1, w)
		}
	}
	w := take(t, s, time.Minute, 3, "ip:1")
	if w <= 0 || w > time.Minute {
		t.Fatalf("fourth attempt: wait %v, want up to a minute", w)
	}
	if w := take(t, s, time.Minute, 3, "ip:2"); w != 0 {
		t.Fatalf("another key is limited too: %v", w)
	}
	wantCode(t, func() error { _, err := s.RateLimit(t.Context(), []string{"k"}, 0, 1); return err }(), opslens.EINVALID, "no period")
}

func testRateLimitAllOrNone(t *testing.T, s opslens.Store) {
	take(t, s, time.Minute, 1, "user:ann") // ann's bucket is empty now
	if w := take(t, s, time.Minute, 1, "ip:1", "user:ann"); w == 0 {
		t.Fatal("an attempt passed with one empty bucket")
	}
	// The refused attempt took nothing from the other key.
	if w := take(t, s, time.Minute, 1, "ip:1"); w != 0 {
		t.Fatalf("a refused attempt used up another key's bucket: wait %v", w)
	}
}

func testRateLimitRefill(t *testing.T, s opslens.Store) {
	take(t, s, 200*time.Millisecond, 1, "k")
	if w := take(t, s, 200*time.Millisecond, 1, "k"); w == 0 {
		t.Fatal("an empty bucket allowed an attempt")
	}
	time.Sleep(250 * time.Millisecond)
	if w := take(t, s, 200*time.Millisecond, 1, "k"); w != 0 {
		t.Fatalf("the bucket did not refill: wait %v", w)
	}
}

// Concurrent attempts (as from several server replicas) are counted
// exactly: a burst of 5 lets exactly 5 of 20 through.
func testRateLimitConcurrent(t *testing.T, s opslens.Store) {
	var mu sync.Mutex
	allowed := 0
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			w, err := s.RateLimit(t.Context(), []string{"ip:9"}, time.Hour, 5)
			if err != nil {
				t.Error(err)
				return
			}
			if w == 0 {
				mu.Lock()
				allowed++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if allowed != 5 {
		t.Fatalf("%d of 20 concurrent attempts passed a burst of 5", allowed)
	}
}

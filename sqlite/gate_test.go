package sqlite

import (
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/opslens/opslens"
)

// TestConcurrentWritersQueue: a server's concurrent requests write through
// one DB. They must queue for SQLite's single write lock in turn rather
// than poll it in the busy handler, where, with a short wait limit, some
// would give up with EUNAVAILABLE although every write is quick.
func TestConcurrentWritersQueue(t *testing.T) {
	ctx := t.Context()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "opslens.db"), WithBusyTimeout(20*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	w := &opslens.Workload{Name: "busy", Environment: opslens.EnvProduction, Lenses: []string{"a"}}
	if err := db.CreateWorkload(ctx, w); err != nil {
		t.Fatal(err)
	}
	const writers, each = 50, 10
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range each {
				_, err := db.UpdateAnswer(ctx, w.ID, "a", fmt.Sprintf("q%d", i), func(a *opslens.Answer) error {
					a.Notes = fmt.Sprint(j)
					return nil
				})
				if err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	failed := 0
	for err := range errs {
		if failed++; failed == 1 {
			t.Errorf("concurrent write failed: %v", err)
		}
	}
	if failed > 0 {
		t.Errorf("%d of %d concurrent writes failed", failed, writers*each)
	}
	answers, err := db.Answers(ctx, w.ID, "a")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range answers {
		if a.Version != each {
			t.Errorf("answer %s: version %d, want %d", a.QuestionID, a.Version, each)
		}
	}
	if len(answers) != writers {
		t.Errorf("%d answers stored, want %d", len(answers), writers)
	}
}

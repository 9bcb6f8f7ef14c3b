package sqlite

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/opslens/opslens"
)

// TestBackgroundCheckpoint: with SQLite's automatic checkpoint off, the
// background one must keep the WAL from growing with every write (it is
// reused from the start once checkpointed), and closing must still leave
// the whole database in the main file.
func TestBackgroundCheckpoint(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "opslens.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	w := &opslens.Workload{Name: "ckpt", Environment: opslens.EnvProduction, Lenses: []string{"a"}}
	if err := db.CreateWorkload(ctx, w); err != nil {
		t.Fatal(err)
	}
	walSize := func() int64 {
		st, err := os.Stat(path + "-wal")
		if err != nil {
			t.Fatal(err)
		}
		return st.Size()
	}
	const rounds, each = 6, 100
	var oneRound int64
	for r := range rounds {
		for i := range each {
			if _, err := db.UpdateAnswer(ctx, w.ID, "a", fmt.Sprintf("q%d", i%50), func(a *opslens.Answer) error {
				a.Notes = fmt.Sprint(r, i)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
		}
		if r == 0 {
			oneRound = walSize()
		}
		time.Sleep(2 * checkpointEvery) // a background round runs meanwhile
	}
	// Once checkpointed, the WAL is written again from its start: it stays
	// the size of one round of writes instead of holding all of them.
	if got := walSize(); got > 2*oneRound {
		t.Errorf("WAL is %d bytes after %d rounds of writes, one round is %d: not checkpointed in the background", got, rounds, oneRound)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(path + "-wal"); err == nil && st.Size() > 0 {
		t.Errorf("WAL of %d bytes left after Close: the main file alone is not the database", st.Size())
	}
	again, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	answers, err := again.Answers(ctx, w.ID, "a")
	if err != nil || len(answers) != 50 || answers[0].Version != rounds*each/50 {
		t.Fatalf("after reopening: %d answers, %v; want 50", len(answers), err)
	}
}

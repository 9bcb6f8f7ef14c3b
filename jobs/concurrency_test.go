package jobs

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/internal/pgtest"
	"github.com/opslens/opslens/postgres"
	"github.com/opslens/opslens/sqlite"
)

// secondHandle opens the same database again, as a second process would.
func secondHandle(t *testing.T, s opslens.Store) opslens.Store {
	t.Helper()
	var (
		other opslens.Store
		err   error
	)
	switch db := s.(type) {
	case *sqlite.DB:
		other, err = sqlite.Open(t.Context(), db.Path())
	case *postgres.DB:
		other, err = postgres.Open(t.Context(), dbURL[db])
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	return other
}

// dbURL remembers the URL each PostgreSQL store was opened with.
var dbURL = map[*postgres.DB]string{}

// Two workers with three slots each drain a queue of scans: each job runs
// exactly once (one evidence record per job, every run a first attempt),
// never on both workers.
func TestTwoWorkersShareTheQueue(t *testing.T) {
	backends(t, func(t *testing.T, s opslens.Store) {
		const n = 12
		var jobs []int64
		var workloads []int64
		a := startQueue(t, s, 3, "worker-a")
		startQueue(t, secondHandle(t, s), 3, "worker-b")
		for i := range n {
			w, repo := workloadWithRepo(t, s, fmt.Sprintf("service-%02d", i), fixture(t), false)
			run, _, err := a.ScanNow(t.Context(), repo.ID)
			if err != nil {
				t.Fatal(err)
			}
			jobs, workloads = append(jobs, run.JobID), append(workloads, w.ID)
		}
		byWorker := map[string]int{}
		for i := range n {
			run := waitRun(t, s, workloads[i], jobs[i], opslens.ScanSucceeded, opslens.ScanFailed)
			if run.State != opslens.ScanSucceeded || run.Attempt != 1 {
				t.Errorf("job %d: %+v", jobs[i], run)
			}
			byWorker[run.Worker]++
			events, err := s.AuditEvents(t.Context(), opslens.AuditFilter{WorkloadID: workloads[i]})
			if err != nil {
				t.Fatal(err)
			}
			recorded := 0
			for _, e := range events {
				if e.Action == opslens.AuditEvidencePut {
					recorded++
				}
			}
			if recorded != 1 {
				t.Errorf("job %d recorded evidence %d times: it ran more than once", jobs[i], recorded)
			}
		}
		t.Logf("scans per worker: %v", byWorker)
	})
}

// The schedule adds one scan per repository and period, however often it
// runs; repositories scanned only on demand are left alone.
func TestScheduleOncePerPeriod(t *testing.T) {
	backends(t, func(t *testing.T, s opslens.Store) {
		q := startQueue(t, s, 0, "enqueuer")
		w, repo := workloadWithRepo(t, s, "payments", fixture(t), false)
		if err := s.CreateRepository(t.Context(), &opslens.Repository{WorkloadID: w.ID, Location: "/srv/nightly", Every: 24 * time.Hour}); err != nil {
			t.Fatal(err)
		}
		sw := &scheduleWorker{q: q}
		for range 3 {
			if err := sw.Work(t.Context(), nil); err != nil {
				t.Fatal(err)
			}
		}
		runs, err := s.ScanRuns(t.Context(), w.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(runs) != 1 || runs[0].Location != "/srv/nightly" || runs[0].RepositoryID == repo.ID {
			t.Fatalf("runs after three schedule passes: %+v; want one scan of the nightly repository", runs)
		}
	})
}

// backends runs a test on each store the queue supports, remembering
// PostgreSQL URLs so a test can open a second handle on the database.
func backends(t *testing.T, run func(t *testing.T, s opslens.Store)) {
	t.Run("SQLite", func(t *testing.T) {
		db, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "opslens.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		run(t, db)
	})
	t.Run("PostgreSQL", func(t *testing.T) {
		url := pgtest.NewDatabase(t)
		db, err := postgres.Open(t.Context(), url)
		if err != nil {
			t.Fatal(err)
		}
		dbURL[db] = url
		t.Cleanup(func() { db.Close() })
		run(t, db)
	})
}

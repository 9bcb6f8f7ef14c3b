package jobs

import (
	"context"
	"fmt"
	"net/http/cgi"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/internal/pgtest"
	"github.com/opslens/opslens/lens/builtin"
	"github.com/opslens/opslens/review"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func startQueue(t *testing.T, s opslens.Store, workers int, name string) *Queue {
	t.Helper()
	svc, err := review.NewService(s)
	if err != nil {
		t.Fatal(err)
	}
	q, err := Open(t.Context(), s, svc, Config{Workers: workers, WorkDir: t.TempDir(), Version: "test", Name: name, ScanTimeout: time.Minute})
	if err != nil {
		t.Fatalf("open queue: %v", err)
	}
	if err := q.Start(context.Background()); err != nil {
		t.Fatalf("start queue: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := q.Stop(ctx); err != nil {
			t.Errorf("stop queue: %v", err)
		}
	})
	return q
}

func workloadWithRepo(t *testing.T, s opslens.Store, name, location string, apply bool) (*opslens.Workload, *opslens.Repository) {
	t.Helper()
	w := &opslens.Workload{Name: name, Environment: opslens.EnvProduction, Lenses: []string{builtin.Alias}}
	if err := s.CreateWorkload(t.Context(), w); err != nil {
		t.Fatal(err)
	}
	r := &opslens.Repository{WorkloadID: w.ID, Location: location, Apply: apply}
	if err := s.CreateRepository(t.Context(), r); err != nil {
		t.Fatal(err)
	}
	return w, r
}

// waitRun polls the store until the job's latest run reaches one of the
// states, and returns it.
func waitRun(t *testing.T, s opslens.Store, workloadID, jobID int64, states ...string) opslens.ScanRun {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	var last opslens.ScanRun
	for time.Now().Before(deadline) {
		runs, err := s.ScanRuns(t.Context(), workloadID, 50)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range runs {
			if r.JobID == jobID {
				last = r
				for _, st := range states {
					if r.State == st {
						return r
					}
				}
				break
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("job %d did not reach %v in 30 s; last run %+v", jobID, states, last)
	return last
}

func fixture(t *testing.T) string {
	abs, err := filepath.Abs("testdata/service")
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// A scan of a directory on the server records its evidence on the
// workload's review under the registered location, and with Apply
// pre-selects the practices it strongly supports.
func TestScanDirectory(t *testing.T) {
	backends(t, func(t *testing.T, s opslens.Store) {
		w, repo := workloadWithRepo(t, s, "payments", fixture(t), true)
		q := startQueue(t, s, 1, "worker-a")
		queued, dup, err := q.ScanNow(t.Context(), repo.ID)
		if err != nil || dup {
			t.Fatalf("scan now: %+v dup=%v err=%v", queued, dup, err)
		}
		if queued.State != opslens.ScanQueued {
			t.Errorf("a new scan's state: %s", queued.State)
		}
		run := waitRun(t, s, w.ID, queued.JobID, opslens.ScanSucceeded, opslens.ScanFailed)
		if run.State != opslens.ScanSucceeded || run.Worker != "worker-a" || run.Practices == 0 || run.Done != run.Total || run.Total == 0 {
			t.Fatalf("finished run: %+v", run)
		}
		sets, err := s.Evidence(t.Context(), w.ID, builtin.Alias)
		if err != nil {
			t.Fatal(err)
		}
		if len(sets) != 1 || sets[0].Repository != repo.Location || len(sets[0].Findings) != run.Practices {
			t.Fatalf("recorded evidence: %+v", sets)
		}
		answers, err := s.Answers(t.Context(), w.ID, builtin.Alias)
		if err != nil {
			t.Fatal(err)
		}
		selected := 0
		for _, a := range answers {
			for _, c := range a.Choices {
				if c.Status == opslens.ChoiceSelected && c.Source == opslens.SourceEvidence {
					selected++
				}
			}
		}
		if selected == 0 || selected != run.Preselected {
			t.Errorf("pre-selected from evidence: %d choices, the run says %d", selected, run.Preselected)
		}
		events, err := s.AuditEvents(t.Context(), opslens.AuditFilter{WorkloadID: w.ID})
		if err != nil {
			t.Fatal(err)
		}
		if events[0].Actor != "job:scan" {
			t.Errorf("the scan's changes are audited as %q", events[0].Actor)
		}
	})
}

// While a scan of a repository waits or runs, asking again adds nothing.
func TestScanNowTwice(t *testing.T) {
	backends(t, func(t *testing.T, s opslens.Store) {
		w, repo := workloadWithRepo(t, s, "payments", fixture(t), false)
		q := startQueue(t, s, 0, "enqueuer") // no workers: the job stays queued
		first, dup, err := q.ScanNow(t.Context(), repo.ID)
		if err != nil || dup {
			t.Fatal(dup, err)
		}
		second, dup, err := q.ScanNow(t.Context(), repo.ID)
		if err != nil || !dup || second.JobID != first.JobID {
			t.Fatalf("second request: %+v dup=%v err=%v; want the first job %d", second, dup, err, first.JobID)
		}
		runs, err := s.ScanRuns(t.Context(), w.ID, 10)
		if err != nil || len(runs) != 1 {
			t.Fatalf("runs: %+v %v", runs, err)
		}
		_, _, err = q.ScanNow(t.Context(), 9999)
		if opslens.ErrorCode(err) != opslens.ENOTFOUND {
			t.Errorf("scan of a missing repository: %v", err)
		}
	})
}

// A scan that cannot read its repository fails with the reason on the run,
// and River tries again.
func TestScanFailureIsRecordedAndRetried(t *testing.T) {
	backends(t, func(t *testing.T, s opslens.Store) {
		w, repo := workloadWithRepo(t, s, "payments", filepath.Join(t.TempDir(), "gone"), false)
		q := startQueue(t, s, 1, "worker-a")
		queued, _, err := q.ScanNow(t.Context(), repo.ID)
		if err != nil {
			t.Fatal(err)
		}
		run := waitRun(t, s, w.ID, queued.JobID, opslens.ScanFailed)
		if !strings.Contains(run.Error, "gone") || run.Attempt != 1 {
			t.Errorf("failed run: %+v", run)
		}
		// The retry comes after River's backoff (about a second for the
		// first retry) and is a run of its own.
		deadline := time.Now().Add(30 * time.Second)
		for {
			runs, err := s.ScanRuns(t.Context(), w.ID, 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(runs) >= 2 && runs[0].JobID == queued.JobID && runs[0].Attempt == 2 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("no second attempt in 30 s: %+v", runs)
			}
			time.Sleep(50 * time.Millisecond)
		}
	})
}

// A git URL is cloned afresh for each scan: here from a real HTTP git
// server (git's own http-backend behind net/http/cgi), history included.
func TestScanGitURL(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	url := gitServer(t, fixture(t))
	backends(t, func(t *testing.T, s opslens.Store) {
		w, repo := workloadWithRepo(t, s, "payments", url, false)
		q := startQueue(t, s, 1, "worker-a")
		queued, _, err := q.ScanNow(t.Context(), repo.ID)
		if err != nil {
			t.Fatal(err)
		}
		run := waitRun(t, s, w.ID, queued.JobID, opslens.ScanSucceeded, opslens.ScanFailed)
		if run.State != opslens.ScanSucceeded || len(run.Commit) != 40 {
			t.Fatalf("run: %+v", run)
		}
		sets, err := s.Evidence(t.Context(), w.ID, builtin.Alias)
		if err != nil || len(sets) != 1 || sets[0].Repository != url || sets[0].Commit != run.Commit {
			t.Fatalf("evidence: %+v %v", sets, err)
		}
		if left, _ := filepath.Glob(filepath.Join(q.cfg.WorkDir, "clone-*")); len(left) != 0 {
			t.Errorf("clones left behind: %v", left)
		}
	})
}

// gitServer commits a copy of dir into a new repository and serves it
// over smart HTTP; it returns the clone URL.
func gitServer(t *testing.T, dir string) string {
	t.Helper()
	root := t.TempDir()
	repo := filepath.Join(root, "service.git")
	work := filepath.Join(root, "work")
	if err := os.CopyFS(work, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	git := func(dir string, args ...string) {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git(work, "init", "-q", "-b", "main")
	git(work, "add", ".")
	git(work, "commit", "-q", "-m", "first")
	git(root, "clone", "-q", "--bare", work, repo)
	git(repo, "config", "http.receivepack", "false")
	execPath, err := exec.Command("git", "--exec-path").Output()
	if err != nil {
		t.Fatal(err)
	}
	h := &cgi.Handler{
		Path: filepath.Join(strings.TrimSpace(string(execPath)), "git-http-backend"),
		Env:  []string{"GIT_PROJECT_ROOT=" + root, "GIT_HTTP_EXPORT_ALL=1"},
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return fmt.Sprintf("%s/service.git", srv.URL)
}

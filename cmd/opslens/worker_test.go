package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/opslens/opslens"
)

// worker starts `opslens worker` with the test's settings and returns once
// it runs.
func (c *cli) worker(args ...string) *serverProc {
	c.t.Helper()
	p, _, ok := c.startProc(nil, append([]string{"worker", "--scan-workers", "1", "--work-dir", c.t.TempDir()}, args...), "opslens worker is running")
	if !ok {
		c.t.Fatalf("opslens worker did not start (exit %d)\nstderr:\n%s", p.code, p.stderr)
	}
	return p
}

// bigRepository writes a repository of n Kubernetes manifests: a scan
// of it takes long enough to be cut in the middle.
func bigRepository(t *testing.T, n int) string {
	dir := t.TempDir()
	for i := range n {
		sub := filepath.Join(dir, "k8s", fmt.Sprintf("svc%02d", i%50))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		manifest := fmt.Sprintf("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: svc%d\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: app\n          image: example/svc%d:1.0\n          readinessProbe:\n            httpGet:\n              path: /healthz\n              port: 8080\n", i, i)
		if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("deploy%d.yaml", i)), []byte(manifest), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func (c *cli) runs(workload string) []opslens.ScanRun {
	c.t.Helper()
	var runs []opslens.ScanRun
	c.json(&runs, "repo", "runs", workload)
	return runs
}

// TestWorkerKilledMidScan kills the worker running a scan with SIGKILL;
// once the scan has outlived its timeout, another worker takes the job
// over and finishes it. The killed attempt is closed as failed, and the
// job ran on one worker at a time.
func TestWorkerKilledMidScan(t *testing.T) {
	c := newPostgresCLI(t)
	c.ok("workload", "create", "payments")
	repo := bigRepository(t, 8000)
	c.ok("repo", "add", "payments", repo)
	const timeout = 8 * time.Second
	first := c.worker("--scan-timeout", timeout.String())
	c.ok("repo", "scan", "payments", "1")

	deadline := time.Now().Add(30 * time.Second)
	var running opslens.ScanRun
	for running.State != opslens.ScanRunning {
		if time.Now().After(deadline) {
			t.Fatalf("the scan did not start within 30 s: %+v\nworker:\n%s", c.runs("payments"), first.stderr)
		}
		if runs := c.runs("payments"); len(runs) > 0 {
			running = runs[0]
		}
		time.Sleep(20 * time.Millisecond)
	}
	first.kill()
	killed := time.Now()
	if !strings.HasSuffix(running.Worker, ":"+strconv.Itoa(first.cmd.Process.Pid)) {
		t.Fatalf("the scan runs on %q, not on the first worker (pid %d)", running.Worker, first.cmd.Process.Pid)
	}
	if runs := c.runs("payments"); runs[0].State != opslens.ScanRunning {
		t.Fatalf("the scan ended before the kill: %+v; make the repository bigger", runs[0])
	}

	// River hands a running job to another worker once it has run past
	// its timeout and the margin, and the first worker's leadership of
	// the queue (15 s) has lapsed: start the second worker then.
	time.Sleep(time.Until(killed.Add(timeout + 11*time.Second)))
	second := c.worker("--scan-timeout", timeout.String())
	deadline = time.Now().Add(60 * time.Second)
	for {
		runs := c.runs("payments")
		if runs[0].Attempt == 2 && runs[0].State == opslens.ScanSucceeded {
			if !strings.HasSuffix(runs[0].Worker, ":"+strconv.Itoa(second.cmd.Process.Pid)) {
				t.Errorf("attempt 2 ran on %q, not the second worker", runs[0].Worker)
			}
			if len(runs) != 2 || runs[1].Attempt != 1 || runs[1].State != opslens.ScanFailed || !strings.Contains(runs[1].Error, "stopped") {
				t.Errorf("the killed attempt: %+v", runs[1:])
			}
			t.Logf("taken over and finished %v after the kill", time.Since(killed).Round(100*time.Millisecond))
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no second attempt finished: %+v\nsecond worker:\n%s", runs, second.stderr)
		}
		time.Sleep(200 * time.Millisecond)
	}
	var status struct {
		LensReviews []struct {
			Answers []struct {
				Evidence map[string]struct{ Proofs []struct{ Repository string } }
			}
		}
	}
	c.json(&status, "status", "payments")
	proofs := 0
	for _, a := range status.LensReviews[0].Answers {
		for _, ev := range a.Evidence {
			for _, p := range ev.Proofs {
				if p.Repository == repo {
					proofs++
				}
			}
		}
	}
	if proofs == 0 {
		t.Errorf("the review shows no evidence from %s", repo)
	}
	if code := second.stop(); code != 0 {
		t.Errorf("the second worker exited %d on SIGTERM\n%s", code, second.stderr)
	}
}

// On the embedded SQLite default, the server's own worker scans: a user
// registers a repository and waits for the scan from the CLI.
func TestServeScansOnSQLite(t *testing.T) {
	c := newCLI(t)
	c.ok("workload", "create", "payments")
	repo := bigRepository(t, 20)
	c.ok("repo", "add", "payments", repo, "--apply")
	srv := c.serve(nil, "--work-dir", t.TempDir())
	var out struct {
		ScanRun   opslens.ScanRun
		Duplicate bool
	}
	c.json(&out, "repo", "scan", "payments", "1", "--wait", "30s")
	if out.ScanRun.State != opslens.ScanSucceeded || out.ScanRun.Practices == 0 {
		t.Fatalf("scan: %+v\nserver:\n%s", out, srv.stderr)
	}
	contains(t, "repo list", c.ok("repo", "list", "payments"), repo, "on demand", "practices with evidence")
	r := c.runIn("", "repo", "scan", "payments", "7")
	if r.code != 3 {
		t.Errorf("scan of a repository the workload lacks: exit %d, %s", r.code, r.stderr)
	}
	r = c.runIn("", "repo", "add", "payments", "relative-but-missing", "--every", "5m")
	if r.code != 2 || !strings.Contains(r.stderr, "too short") {
		t.Errorf("a five-minute schedule: exit %d, %s", r.code, r.stderr)
	}
}

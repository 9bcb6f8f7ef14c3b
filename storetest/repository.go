package storetest

import (
	"testing"
	"time"

	"github.com/opslens/opslens"
)

var repositoryTests = []test{
	{"CreateListDelete", testRepositoryCreateListDelete},
	{"Invalid", testRepositoryInvalid},
	{"ScanRuns", testScanRuns},
	{"ScanRunsGoWithRepository", testScanRunsGoWithRepository},
	{"Dumped", testRepositoryDumped},
}

func testRepositoryCreateListDelete(t *testing.T, s opslens.Store) {
	w := createWorkload(t, s, "payments", builtinLens)
	other := createWorkload(t, s, "ledger", builtinLens)
	before := ms(time.Now())
	r := &opslens.Repository{WorkloadID: w.ID, Location: "https://git.example.com/team/payments.git", Every: 24 * time.Hour, Apply: true}
	must(t, s.CreateRepository(t.Context(), r), "add a git repository")
	checkStamp(t, "repository CreatedAt", r.CreatedAt, before, ms(time.Now()))
	local := &opslens.Repository{WorkloadID: w.ID, Location: "/srv/repos/payments-infra"}
	must(t, s.CreateRepository(t.Context(), local), "add a directory")
	must(t, s.CreateRepository(t.Context(), &opslens.Repository{WorkloadID: other.ID, Location: local.Location}), "the same directory on another workload")
	if r.ID == 0 || local.ID == 0 || r.ID == local.ID {
		t.Fatalf("IDs %d and %d", r.ID, local.ID)
	}
	wantCode(t, s.CreateRepository(t.Context(), &opslens.Repository{WorkloadID: w.ID, Location: local.Location}), opslens.ECONFLICT, "the same location twice on one workload")
	wantCode(t, s.CreateRepository(t.Context(), &opslens.Repository{WorkloadID: 9999, Location: local.Location}), opslens.ENOTFOUND, "a repository of a missing workload")

	got, err := s.Repositories(t.Context(), w.ID)
	must(t, err, "list")
	if len(got) != 2 || got[0].Location != local.Location || got[1] != *r {
		t.Fatalf("repositories of payments, by location:\n%+v\nwant %s then %+v", got, local.Location, *r)
	}
	all, err := s.Repositories(t.Context(), 0)
	must(t, err, "list all")
	if len(all) != 3 {
		t.Fatalf("every repository: %d, want 3", len(all))
	}
	one, err := s.Repository(t.Context(), r.ID)
	must(t, err, "get")
	if *one != *r {
		t.Fatalf("Repository(%d) = %+v, want %+v", r.ID, *one, *r)
	}
	_, err = s.Repositories(t.Context(), 9999)
	wantCode(t, err, opslens.ENOTFOUND, "repositories of a missing workload")

	must(t, s.DeleteRepository(t.Context(), r.ID), "delete")
	_, err = s.Repository(t.Context(), r.ID)
	wantCode(t, err, opslens.ENOTFOUND, "a deleted repository")
	wantCode(t, s.DeleteRepository(t.Context(), r.ID), opslens.ENOTFOUND, "delete twice")
	// Deleting the workload deletes its repositories.
	must(t, s.DeleteWorkload(t.Context(), "payments"), "delete workload")
	_, err = s.Repository(t.Context(), local.ID)
	wantCode(t, err, opslens.ENOTFOUND, "a repository of a deleted workload")
}

func testRepositoryInvalid(t *testing.T, s opslens.Store) {
	w := createWorkload(t, s, "payments", builtinLens)
	for _, r := range []opslens.Repository{
		{WorkloadID: w.ID, Location: ""},
		{WorkloadID: w.ID, Location: "relative/dir"},
		{WorkloadID: w.ID, Location: "--upload-pack=touch /tmp/x"},
		{WorkloadID: w.ID, Location: "/srv/repo", Every: time.Minute},
		{WorkloadID: w.ID, Location: "/srv/repo\nx"},
	} {
		wantCode(t, s.CreateRepository(t.Context(), &r), opslens.EINVALID, "repository "+r.Location)
	}
	got, err := s.Repositories(t.Context(), w.ID)
	must(t, err, "list")
	if len(got) != 0 {
		t.Fatalf("invalid repositories were stored: %+v", got)
	}
}

func testScanRuns(t *testing.T, s opslens.Store) {
	w := createWorkload(t, s, "payments", builtinLens)
	r := &opslens.Repository{WorkloadID: w.ID, Location: "/srv/repos/payments"}
	must(t, s.CreateRepository(t.Context(), r), "add")
	queued := ms(time.Now().Add(-time.Minute))
	run := opslens.ScanRun{JobID: 7, Attempt: 1, RepositoryID: r.ID, WorkloadID: w.ID, Location: r.Location, State: opslens.ScanQueued, QueuedAt: queued}
	must(t, s.PutScanRun(t.Context(), run), "queued")
	run.State, run.Worker, run.StartedAt, run.Total, run.Done = opslens.ScanRunning, "host-1", queued.Add(time.Second), 40, 10
	must(t, s.PutScanRun(t.Context(), run), "running")
	run.State, run.Error, run.FinishedAt = opslens.ScanFailed, "worker lost", queued.Add(2*time.Second)
	must(t, s.PutScanRun(t.Context(), run), "failed")
	retry := run
	retry.Attempt, retry.State, retry.Error, retry.Done, retry.Total = 2, opslens.ScanSucceeded, "", 40, 40
	retry.Commit, retry.Practices, retry.Preselected, retry.FinishedAt = "0123456789abcdef", 23, 4, queued.Add(5*time.Second)
	must(t, s.PutScanRun(t.Context(), retry), "the retry succeeded")
	later := opslens.ScanRun{JobID: 8, Attempt: 1, RepositoryID: r.ID, WorkloadID: w.ID, Location: r.Location, State: opslens.ScanQueued, QueuedAt: queued.Add(time.Hour)}
	must(t, s.PutScanRun(t.Context(), later), "a later job")

	got, err := s.ScanRuns(t.Context(), w.ID, 10)
	must(t, err, "runs")
	want := []opslens.ScanRun{later, retry, run}
	if !reflectEqual(got, want) {
		t.Fatalf("runs, newest first:\n got %+v\nwant %+v", got, want)
	}
	if got, _ := s.ScanRuns(t.Context(), w.ID, 1); len(got) != 1 || got[0].JobID != 8 {
		t.Fatalf("limit 1: %+v", got)
	}
	bad := later
	bad.State = "DONE"
	wantCode(t, s.PutScanRun(t.Context(), bad), opslens.EINVALID, "an unknown state")
	bad = later
	bad.Done, bad.Total = 5, 4
	wantCode(t, s.PutScanRun(t.Context(), bad), opslens.EINVALID, "progress past the total")
	bad = later
	bad.RepositoryID = 9999
	wantCode(t, s.PutScanRun(t.Context(), bad), opslens.ENOTFOUND, "a run of a missing repository")
}

func testScanRunsGoWithRepository(t *testing.T, s opslens.Store) {
	w := createWorkload(t, s, "payments", builtinLens)
	r := &opslens.Repository{WorkloadID: w.ID, Location: "/srv/repos/payments"}
	must(t, s.CreateRepository(t.Context(), r), "add")
	must(t, s.PutScanRun(t.Context(), opslens.ScanRun{JobID: 1, Attempt: 1, RepositoryID: r.ID, WorkloadID: w.ID, Location: r.Location, State: opslens.ScanQueued}), "run")
	must(t, s.DeleteRepository(t.Context(), r.ID), "delete")
	got, err := s.ScanRuns(t.Context(), w.ID, 10)
	must(t, err, "runs")
	if len(got) != 0 {
		t.Fatalf("runs of a deleted repository remain: %+v", got)
	}
}

func testRepositoryDumped(t *testing.T, s opslens.Store) {
	w := createWorkload(t, s, "payments", builtinLens)
	r := &opslens.Repository{WorkloadID: w.ID, Location: "git@git.example.com:team/payments.git", Every: 6 * time.Hour}
	must(t, s.CreateRepository(t.Context(), r), "add")
	d, err := s.Dump(t.Context())
	must(t, err, "dump")
	if len(d.Workloads) != 1 || !reflectEqual(d.Workloads[0].Repositories, []opslens.Repository{*r}) {
		t.Fatalf("dumped repositories: %+v", d.Workloads[0].Repositories)
	}
}

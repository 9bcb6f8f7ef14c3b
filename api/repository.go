package api

import (
	"time"

	"github.com/opslens/opslens"
)

// Repository is a registered repository as `opslens repo list -o json` and
// the API show it. ScanEvery is a Go duration ("24h0m0s"), empty for a
// repository scanned only on demand.
type Repository struct {
	RepositoryId int64 //nolint:revive // API field name, as AWS spells IDs
	WorkloadId   int64 //nolint:revive // API field name
	Location     string
	ScanEvery    string `json:",omitempty"`
	Apply        bool
	CreatedAt    time.Time
	// LastRun is the most recent scan run, when there is one.
	LastRun *opslens.ScanRun `json:",omitempty"`
}

// RepositoryOf shapes a repository and, when known, its latest run.
func RepositoryOf(r opslens.Repository, runs []opslens.ScanRun) Repository {
	out := Repository{RepositoryId: r.ID, WorkloadId: r.WorkloadID, Location: r.Location, Apply: r.Apply, CreatedAt: r.CreatedAt}
	if r.Every > 0 {
		out.ScanEvery = r.Every.String()
	}
	for i := range runs { // newest first
		if runs[i].RepositoryID == r.ID {
			out.LastRun = &runs[i]
			break
		}
	}
	return out
}

// RepositoriesOf shapes a workload's repositories with their latest runs.
func RepositoriesOf(repos []opslens.Repository, runs []opslens.ScanRun) []Repository {
	out := make([]Repository, len(repos))
	for i, r := range repos {
		out[i] = RepositoryOf(r, runs)
	}
	return out
}

// CreateRepositoryInput is CreateRepository's body.
type CreateRepositoryInput struct {
	Location  string
	ScanEvery string // a Go duration such as "24h"; empty: on demand only
	Apply     bool
}

// ListRepositoriesOutput is ListRepositories' body.
type ListRepositoriesOutput struct {
	WorkloadId   int64 //nolint:revive // API field name
	Repositories []Repository
}

// RepositoryOutput is the body of CreateRepository.
type RepositoryOutput struct {
	Repository Repository
}

// ScanOutput is StartScan's body: the queued run, and whether it was a
// scan already waiting rather than a new one.
type ScanOutput struct {
	ScanRun   opslens.ScanRun
	Duplicate bool
}

// ListScanRunsOutput is ListScanRuns' body, newest first.
type ListScanRunsOutput struct {
	WorkloadId int64 //nolint:revive // API field name
	ScanRuns   []opslens.ScanRun
}

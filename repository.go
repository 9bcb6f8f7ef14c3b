package opslens

import (
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Repositories and scan runs: what `opslens serve` needs to scan a
// workload's repositories in the background. A workload registers the
// repositories its evidence comes from; the server's workers scan each on
// demand or on its schedule, record the evidence on the workload's review,
// and keep a ScanRun per attempt so people see progress and results.

// Repository is a source of a workload's evidence: a directory on the
// server, or a git URL the workers clone into their work directory.
type Repository struct {
	ID         int64  `json:"RepositoryId"`
	WorkloadID int64  `json:"WorkloadId"`
	Location   string `json:"Location"`
	// Every is how often the scheduler scans it; 0 scans only on demand.
	Every time.Duration `json:"-"`
	// Apply pre-selects practices with strong evidence after each scan,
	// as `opslens scan --apply` does; people confirm or reject them.
	Apply     bool      `json:"Apply"`
	CreatedAt time.Time `json:"CreatedAt"`
}

// MinScanInterval is the shortest schedule: scans read whole repositories
// and their history, and more often than hourly only burns workers.
const MinScanInterval = time.Hour

// scpLike matches git's scp-like syntax, user@host:path.
var scpLike = regexp.MustCompile(`^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:.+`)

// IsGitURL reports whether a location names a remote git repository rather
// than a directory on the server.
func IsGitURL(loc string) bool {
	if scpLike.MatchString(loc) {
		return true
	}
	u, err := url.Parse(loc)
	return err == nil && u.Host != "" && (u.Scheme == "https" || u.Scheme == "http" || u.Scheme == "ssh" || u.Scheme == "git")
}

// Validate checks a repository before it is stored: an absolute directory
// on the server, or an http(s), ssh or git URL, and a sane schedule.
func (r *Repository) Validate() error {
	loc := r.Location
	switch {
	case strings.TrimSpace(loc) == "":
		return Errorf(EINVALID, "repository location is empty: give a directory on the server or a git URL")
	case utf8.RuneCountInString(loc) > 1024:
		return Errorf(EINVALID, "repository location is longer than 1024 characters")
	case strings.HasPrefix(loc, "-"):
		// It would reach git's command line as an option.
		return Errorf(EINVALID, "repository location %q must not start with '-'", loc)
	case strings.ContainsAny(loc, "\x00\n\r"):
		return Errorf(EINVALID, "repository location holds a control character")
	case !IsGitURL(loc) && !filepath.IsAbs(loc):
		return Errorf(EINVALID, "repository location %q is neither an absolute directory on the server nor a git URL (https://…, ssh://… or user@host:path)", loc)
	case r.Every < 0 || r.Every > 0 && r.Every < MinScanInterval:
		return Errorf(EINVALID, "scan schedule %s is too short: scan at most every %s, or 0 for on demand only", r.Every, MinScanInterval)
	}
	return nil
}

// Scan run states.
const (
	ScanQueued    = "QUEUED"
	ScanRunning   = "RUNNING"
	ScanSucceeded = "SUCCEEDED"
	ScanFailed    = "FAILED" // this attempt failed; the job may retry
)

// ScanRun is one attempt of a scan job on a repository. Its ID is the job's
// ID together with the attempt, so a retried job shows each attempt.
type ScanRun struct {
	JobID        int64     `json:"JobId"`
	Attempt      int       `json:"Attempt"`
	RepositoryID int64     `json:"RepositoryId"`
	WorkloadID   int64     `json:"WorkloadId"`
	Location     string    `json:"Location"`
	State        string    `json:"State"`
	Worker       string    `json:"Worker,omitempty"` // the process that ran it
	Done         int       `json:"Done"`             // detectors finished
	Total        int       `json:"Total"`
	Commit       string    `json:"Commit,omitempty"`
	Practices    int       `json:"Practices"` // practices with evidence found
	Preselected  int       `json:"Preselected"`
	Error        string    `json:"Error,omitempty"`
	QueuedAt     time.Time `json:"QueuedAt"`
	StartedAt    time.Time `json:"StartedAt,omitzero"`
	FinishedAt   time.Time `json:"FinishedAt,omitzero"`
}

// Validate checks a run before it is stored.
func (r *ScanRun) Validate() error {
	switch r.State {
	case ScanQueued, ScanRunning, ScanSucceeded, ScanFailed:
	default:
		return Errorf(EINVALID, "unknown scan state %q", r.State)
	}
	if r.JobID <= 0 || r.RepositoryID <= 0 || r.WorkloadID <= 0 {
		return Errorf(EINVALID, "a scan run needs a job, a repository and a workload")
	}
	if r.Done < 0 || r.Total < 0 || r.Done > r.Total && r.Total > 0 {
		return Errorf(EINVALID, "scan progress %d of %d is impossible", r.Done, r.Total)
	}
	return nil
}

// Progress describes a run in a few words for pages and logs.
func (r *ScanRun) Progress() string {
	switch r.State {
	case ScanRunning:
		if r.Total > 0 {
			return fmt.Sprintf("scanning, %d%%", r.Done*100/r.Total)
		}
		return "starting"
	case ScanSucceeded:
		return fmt.Sprintf("%d practices with evidence", r.Practices)
	case ScanFailed:
		return "failed: " + r.Error
	}
	return "queued"
}

// AuditRepository describes a registered repository for the audit log.
func AuditRepository(r Repository) string {
	s := "scanned on demand"
	if r.Every > 0 {
		s = "scanned every " + r.Every.String()
	}
	if r.Apply {
		s += ", pre-selecting practices with strong evidence"
	}
	return s
}

package opslens

import (
	"slices"
	"time"
)

// Ticket export targets: where `opslens plan --export` sends the
// improvement plan.
const (
	TicketsGitHub  = "github"
	TicketsGitLab  = "gitlab"
	TicketsJiraCSV = "jira-csv"
	TicketsCSV     = "csv"
)

// TicketTargets lists the export targets, for validation and help.
var TicketTargets = []string{TicketsGitHub, TicketsGitLab, TicketsJiraCSV, TicketsCSV}

// TicketExport records that the ticket with a stable key (one per missing
// practice, or per question, of a workload) was exported to a target, so
// exporting again leaves it out rather than filing it twice.
type TicketExport struct {
	Target     string    `json:"Target"`
	Key        string    `json:"Key"`
	ExportedAt time.Time `json:"ExportedAt"`
}

// ValidateTicketTarget checks an export target.
func ValidateTicketTarget(target string) error {
	if !slices.Contains(TicketTargets, target) {
		return Errorf(EINVALID, "unknown ticket target %q: use github, gitlab, jira-csv or csv", target)
	}
	return nil
}

// AuditTicketsExport is the audit action of a ticket export.
const AuditTicketsExport = "tickets.export"

// DistinctKeys returns keys without repeats, in their first order.
func DistinctKeys(keys []string) []string {
	seen := make(map[string]bool, len(keys))
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

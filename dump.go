package opslens

import "fmt"

// Dump is the whole content of a database but its web sessions: what
// `opslens db migrate-from` copies from one store into another (SQLite to
// PostgreSQL, or back for a backup that opens anywhere). IDs, versions and
// timestamps are kept, so shares, tokens, the audit log and API clients
// holding IDs stay valid in the copy.
type Dump struct {
	Lenses    []LensRecord
	Users     []User
	Workloads []WorkloadDump
	Tokens    []Token
	Audit     []AuditEvent
	Webhooks  []Webhook
	Templates []Template
}

// WorkloadDump is one workload with everything that hangs off it.
type WorkloadDump struct {
	Workload   Workload
	Reviews    []LensAnswers // answers and evidence, per applied lens
	Milestones []Milestone
	Shares     []Share
	// Repositories are copied; their scan runs are not: they are the job
	// queue's recent history, which stays with the old database.
	Repositories []Repository
	// TicketExports keep re-exports from filing tickets twice.
	TicketExports []TicketExport
}

// DumpCounts are the sizes of a dump, compared after a copy.
type DumpCounts struct {
	Lenses, Users, Workloads, Answers, EvidenceSets, Milestones, Shares, Repositories, TicketExports, Tokens, AuditEvents, Webhooks, Templates int
}

// Counts returns the sizes of d.
func (d *Dump) Counts() DumpCounts {
	c := DumpCounts{Lenses: len(d.Lenses), Users: len(d.Users), Workloads: len(d.Workloads), Tokens: len(d.Tokens), AuditEvents: len(d.Audit), Webhooks: len(d.Webhooks), Templates: len(d.Templates)}
	for _, w := range d.Workloads {
		for _, r := range w.Reviews {
			c.Answers += len(r.Answers)
			c.EvidenceSets += len(r.Evidence)
		}
		c.Milestones += len(w.Milestones)
		c.Shares += len(w.Shares)
		c.Repositories += len(w.Repositories)
		c.TicketExports += len(w.TicketExports)
	}
	return c
}

func (c DumpCounts) String() string {
	return fmt.Sprintf("%d lenses, %d users, %d workloads, %d answers, %d evidence sets, %d milestones, %d shares, %d repositories, %d exported tickets, %d tokens, %d audit events, %d webhooks, %d templates",
		c.Lenses, c.Users, c.Workloads, c.Answers, c.EvidenceSets, c.Milestones, c.Shares, c.Repositories, c.TicketExports, c.Tokens, c.AuditEvents, c.Webhooks, c.Templates)
}

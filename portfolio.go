package opslens

import "time"

// The portfolio report reads every answer of every workload at once; these
// are the compact rows it needs, so the report of ten thousand workloads
// takes two queries instead of ten thousand reviews.

// PortfolioAnswer is one stored answer as the portfolio report counts it.
type PortfolioAnswer struct {
	WorkloadID   int64
	LensAlias    string
	QuestionID   string
	Risk         Risk
	IsApplicable bool
	// Chosen are the choices selected or marked not applicable: the
	// practices that are not missing.
	Chosen []string
}

// MilestoneMark is a workload's latest milestone.
type MilestoneMark struct {
	WorkloadID int64
	Number     int
	RecordedAt time.Time
	Count      int // milestones the workload has
}

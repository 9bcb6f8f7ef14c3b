package api

import (
	"github.com/opslens/opslens"
	"github.com/opslens/opslens/review"
)

// WorkloadSummary is a workload with its risk roll-up (the AWS API's
// WorkloadSummary and Workload, with RiskCounts).
type WorkloadSummary struct {
	*opslens.Workload
	RiskCounts  review.RiskCounts
	LensReviews []LensSummary `json:",omitempty"`
}

// LensSummary is one lens review's roll-up (the AWS API's LensReviewSummary).
type LensSummary struct {
	LensAlias             string
	LensName              string
	RiskCounts            review.RiskCounts
	PillarReviewSummaries []PillarSummary
}

// PillarSummary is one pillar's roll-up within a lens review.
type PillarSummary struct {
	PillarId   string //nolint:revive // AWS API field name
	PillarName string
	RiskCounts review.RiskCounts
}

// Summarize shapes a workload and its evaluated lens reviews; detail adds
// the per-lens and per-pillar counts.
func Summarize(w *opslens.Workload, results []*review.LensResult, detail bool) WorkloadSummary {
	s := WorkloadSummary{Workload: w, RiskCounts: review.Counts(results)}
	if !detail {
		return s
	}
	for _, r := range results {
		s.LensReviews = append(s.LensReviews, LensSummaryOf(r))
	}
	return s
}

// LensSummaryOf shapes one evaluated lens review.
func LensSummaryOf(r *review.LensResult) LensSummary {
	ls := LensSummary{LensAlias: r.Alias, LensName: r.Lens.Name, RiskCounts: r.Counts, PillarReviewSummaries: []PillarSummary{}}
	for _, p := range r.Pillars {
		ls.PillarReviewSummaries = append(ls.PillarReviewSummaries, PillarSummary{PillarId: p.ID, PillarName: p.Name, RiskCounts: p.Counts})
	}
	return ls
}

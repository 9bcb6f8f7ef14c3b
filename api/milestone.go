package api

import (
	"time"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/lens"
	"github.com/opslens/opslens/review"
)

// Milestone is a milestone with its risk roll-up (the AWS API's
// MilestoneSummary).
type Milestone struct {
	MilestoneNumber int
	MilestoneName   string
	RecordedAt      string
	RiskCounts      review.RiskCounts
}

// MilestoneOf shapes a milestone and its evaluated reviews.
func MilestoneOf(m *opslens.Milestone, results []*review.LensResult) Milestone {
	return Milestone{m.Number, m.Name, m.RecordedAt.Format(time.RFC3339), review.Counts(results)}
}

// QuestionChange is a question whose risk changed between two states.
type QuestionChange struct {
	LensAlias  string
	QuestionId string //nolint:revive // AWS API field name
	Title      string
	From, To   opslens.Risk
}

// PracticeChange is a practice followed or dropped between two states.
type PracticeChange struct {
	LensAlias   string
	QuestionId  string //nolint:revive // AWS API field name
	ChoiceId    string //nolint:revive // AWS API field name
	ChoiceTitle string
	Level       lens.Level `json:",omitempty"`
}

// Diff is what changed between two states of a review.
type Diff struct {
	From, To                             string
	FromRiskCounts, ToRiskCounts         review.RiskCounts
	HighRisksRemoved, HighRisksAdded     int
	MediumRisksRemoved, MediumRisksAdded int
	RisksResolved, RisksIntroduced       []QuestionChange
	OtherChanges                         []QuestionChange
	PracticesFollowed, PracticesDropped  []PracticeChange
	LensesAdded, LensesRemoved           []string
}

// DiffOf shapes the difference d between the states labelled from and to.
func DiffOf(from, to string, d *review.Diff) Diff {
	changes := func(cs []review.QuestionChange) []QuestionChange {
		out := []QuestionChange{}
		for _, c := range cs {
			out = append(out, QuestionChange{c.LensAlias, c.QuestionID, c.Title, c.From, c.To})
		}
		return out
	}
	practices := func(ps []review.PracticeChange) []PracticeChange {
		out := []PracticeChange{}
		for _, p := range ps {
			out = append(out, PracticeChange{p.LensAlias, p.QuestionID, p.Choice.ID, p.Choice.Title, p.Level})
		}
		return out
	}
	return Diff{
		From: from, To: to, FromRiskCounts: d.FromCounts, ToRiskCounts: d.ToCounts,
		HighRisksRemoved: d.HighRemoved, HighRisksAdded: d.HighAdded,
		MediumRisksRemoved: d.MediumRemoved, MediumRisksAdded: d.MediumAdded,
		RisksResolved: changes(d.Resolved), RisksIntroduced: changes(d.Introduced), OtherChanges: changes(d.Other),
		PracticesFollowed: practices(d.Followed), PracticesDropped: practices(d.Dropped),
		LensesAdded: orEmpty(d.LensesAdded), LensesRemoved: orEmpty(d.LensesRemoved),
	}
}

package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/opslens/opslens"
)

var portfolioTests = []test{
	{"Answers", testPortfolioAnswers},
	{"LatestMilestones", testLatestMilestones},
}

func testPortfolioAnswers(t *testing.T, s opslens.Store) {
	a := createWorkload(t, s, "payments", builtinLens)
	b := createWorkload(t, s, "ledger", builtinLens)
	q1 := answerSelected("q1", "c1", "c2")
	q1.Choices = append(q1.Choices, opslens.ChoiceAnswer{ChoiceID: "c3", Status: opslens.ChoiceNotApplicable, Reason: opslens.ReasonOther},
		opslens.ChoiceAnswer{ChoiceID: "c4", Status: opslens.ChoiceUnselected, Notes: "later"})
	q1.Risk = opslens.RiskMedium
	na := opslens.Answer{QuestionID: "q2", IsApplicable: false, Reason: opslens.ReasonOutOfScope, Risk: opslens.RiskNotApplicable}
	putAnswers(t, s, a.ID, builtinLens, q1, na)
	none := answerSelected("q1")
	none.Risk = opslens.RiskHigh
	putAnswers(t, s, b.ID, builtinLens, none)
	got, err := s.PortfolioAnswers(t.Context())
	must(t, err, "portfolio answers")
	if len(got) != 3 {
		t.Fatalf("%d answers, want 3: %+v", len(got), got)
	}
	slices.Sort(got[0].Chosen)
	want := []opslens.PortfolioAnswer{
		{WorkloadID: a.ID, LensAlias: builtinLens, QuestionID: "q1", Risk: opslens.RiskMedium, IsApplicable: true, Chosen: []string{"c1", "c2", "c3"}},
		{WorkloadID: a.ID, LensAlias: builtinLens, QuestionID: "q2", Risk: opslens.RiskNotApplicable},
		{WorkloadID: b.ID, LensAlias: builtinLens, QuestionID: "q1", Risk: opslens.RiskHigh, IsApplicable: true},
	}
	if a.ID > b.ID {
		want = []opslens.PortfolioAnswer{want[2], want[0], want[1]}
	}
	if !reflectEqual(got, want) {
		t.Fatalf("portfolio answers:\n got %+v\nwant %+v", got, want)
	}
}

func testLatestMilestones(t *testing.T, s opslens.Store) {
	a := createWorkload(t, s, "payments", builtinLens)
	createWorkload(t, s, "ledger", builtinLens) // no milestone: absent
	first := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	for i, name := range []string{"baseline", "q2", "q3"} {
		must(t, s.CreateMilestone(t.Context(), &opslens.Milestone{WorkloadID: a.ID, Name: name, RecordedAt: first.AddDate(0, 3*i, 0)}), "milestone")
	}
	got, err := s.LatestMilestones(t.Context())
	must(t, err, "latest milestones")
	want := []opslens.MilestoneMark{{WorkloadID: a.ID, Number: 3, RecordedAt: first.AddDate(0, 6, 0), Count: 3}}
	if !reflectEqual(got, want) {
		t.Fatalf("latest milestones: %+v, want %+v", got, want)
	}
}

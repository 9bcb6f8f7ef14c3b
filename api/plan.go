package api

import (
	"github.com/opslens/opslens"
	"github.com/opslens/opslens/lens"
	"github.com/opslens/opslens/review"
)

// PlanItem is one missing practice of the improvement plan, with AWS API
// names where they exist (the API's ImprovementSummary).
type PlanItem struct {
	Position        int
	LensAlias       string
	PillarId        string //nolint:revive // AWS API field name
	QuestionId      string //nolint:revive // AWS API field name
	QuestionTitle   string
	Risk            opslens.Risk
	ChoiceId        string //nolint:revive // AWS API field name
	ChoiceTitle     string
	BestPracticeId  string `json:",omitempty"` //nolint:revive // AWS style
	Level           lens.Level
	ImprovementPlan struct{ DisplayText string }
	Steps           []string `json:",omitempty"`
	// Evidence a scan found for the missing practice (partial evidence,
	// or strong evidence nobody has selected yet).
	Evidence *review.ChoiceEvidence `json:",omitempty"`
}

// PlanItemOf shapes the plan item at position pos (from 1).
func PlanItemOf(pos int, it review.PlanItem) PlanItem {
	j := PlanItem{
		Position: pos, LensAlias: it.LensAlias, PillarId: it.PillarID, QuestionId: it.QuestionID,
		QuestionTitle: it.Question, Risk: it.QuestionRisk, ChoiceId: it.Choice.ID, ChoiceTitle: it.Choice.Title, Level: it.Level,
	}
	if it.Choice.ImprovementPlan != nil {
		j.ImprovementPlan.DisplayText = it.Choice.ImprovementPlan.DisplayText
	}
	if it.Choice.Ext != nil {
		j.BestPracticeId = it.Choice.Ext.BestPractice
		if it.Choice.Ext.Guidance != nil {
			j.Steps = it.Choice.Ext.Guidance.Steps
		}
	}
	return j
}

package api

import (
	"github.com/opslens/opslens"
	"github.com/opslens/opslens/lens"
	"github.com/opslens/opslens/review"
)

// Answer is the AWS API's Answer shape plus the evaluated risk.
type Answer struct {
	QuestionId      string //nolint:revive // AWS API field name
	PillarId        string //nolint:revive // AWS API field name
	QuestionTitle   string
	Risk            opslens.Risk
	IsApplicable    bool
	Reason          opslens.Reason `json:",omitempty"`
	Notes           string         `json:",omitempty"`
	SelectedChoices []string
	ChoiceAnswers   []opslens.ChoiceAnswer
	MissingChoices  []string
	// Version is the stored answer's version, for writes based on it.
	Version int64
	// Evidence recorded by scans for the question's practices, by choice.
	Evidence map[string]review.ChoiceEvidence `json:",omitempty"`
}

// AnswerOf shapes an evaluated question.
func AnswerOf(q *review.QuestionResult) Answer {
	a := Answer{
		QuestionId: q.Question.ID, PillarId: q.PillarID, QuestionTitle: q.Question.Title, Risk: q.Risk,
		IsApplicable: q.Answer.IsApplicable, Reason: q.Answer.Reason, Notes: q.Answer.Notes,
		SelectedChoices: orEmpty(q.Answer.Selected()), ChoiceAnswers: orEmpty(q.Answer.Choices), MissingChoices: []string{},
		Version: q.Answer.Version,
	}
	for _, c := range q.Missing {
		a.MissingChoices = append(a.MissingChoices, c.ID)
	}
	return a
}

// QuestionEvidence returns the evidence recorded in a state for the
// practices of one question, by choice ID (nil when there is none).
func QuestionEvidence(st *review.State, alias string, q *lens.Question) map[string]review.ChoiceEvidence {
	var out map[string]review.ChoiceEvidence
	for _, c := range q.Choices {
		if ev, ok := st.Evidence[alias][c.ID]; ok {
			if out == nil {
				out = map[string]review.ChoiceEvidence{}
			}
			out[c.ID] = ev
		}
	}
	return out
}

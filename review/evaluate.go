// Package review turns answers into risks, improvement plans and milestone
// diffs, and provides the Service that the CLI and other front ends use to
// run a review against a store.
package review

import (
	"fmt"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/lens"
)

// RiskCounts maps each risk to the number of questions that have it. Every
// key is always present so JSON consumers need no defaults.
type RiskCounts map[opslens.Risk]int

func newCounts() RiskCounts {
	c := RiskCounts{}
	for _, r := range opslens.Risks {
		c[r] = 0
	}
	return c
}

func (c RiskCounts) add(o RiskCounts) {
	for k, v := range o {
		c[k] += v
	}
}

// QuestionResult is the evaluated state of one question.
type QuestionResult struct {
	PillarID   string
	PillarName string
	Question   *lens.Question
	Index      int // position of the question in the lens
	Answer     opslens.Answer
	Answered   bool
	Risk       opslens.Risk
	// Missing lists the practices that are neither selected nor marked not
	// applicable, for an answered, applicable question.
	Missing []*lens.Choice
}

// PillarResult rolls up the questions of one pillar.
type PillarResult struct {
	ID        string
	Name      string
	Questions []QuestionResult
	Counts    RiskCounts
}

// LensResult is one evaluated lens review.
type LensResult struct {
	Alias   string
	Lens    *lens.Lens
	Pillars []PillarResult
	Counts  RiskCounts
}

// Questions returns the results of every question in lens order.
func (r *LensResult) Questions() []QuestionResult {
	var out []QuestionResult
	for _, p := range r.Pillars {
		out = append(out, p.Questions...)
	}
	return out
}

// Evaluate computes the risk of every question of a lens from its answers.
//
// A question is UNANSWERED until at least one choice is selected, and
// NOT_APPLICABLE when the question is marked so. Otherwise the first risk
// rule whose condition holds decides, where a choice counts as followed when
// it is selected or marked not applicable: a practice that does not apply is
// not missing. Selecting "None of these" means no selected practice counts,
// whatever stale selections remain beside it.
func Evaluate(alias string, l *lens.Lens, answers []opslens.Answer) (*LensResult, error) {
	byQ := make(map[string]opslens.Answer, len(answers))
	for _, a := range answers {
		byQ[a.QuestionID] = a
	}
	res := &LensResult{Alias: alias, Lens: l, Counts: newCounts()}
	idx := 0
	for pi := range l.Pillars {
		p := &l.Pillars[pi]
		pr := PillarResult{ID: p.ID, Name: p.Name, Counts: newCounts()}
		for qi := range p.Questions {
			q := &p.Questions[qi]
			a, ok := byQ[q.ID]
			if !ok {
				a = opslens.Answer{QuestionID: q.ID, IsApplicable: true}
			}
			qr, err := evaluateQuestion(q, a)
			if err != nil {
				return nil, fmt.Errorf("evaluate lens %s: %w", alias, err)
			}
			qr.PillarID, qr.PillarName, qr.Index = p.ID, p.Name, idx
			idx++
			pr.Counts[qr.Risk]++
			pr.Questions = append(pr.Questions, qr)
		}
		res.Counts.add(pr.Counts)
		res.Pillars = append(res.Pillars, pr)
	}
	return res, nil
}

func evaluateQuestion(q *lens.Question, a opslens.Answer) (QuestionResult, error) {
	qr := QuestionResult{Question: q, Answer: a}
	if !a.IsApplicable {
		qr.Answered = true
		qr.Risk = opslens.RiskNotApplicable
		return qr, nil
	}
	selected := map[string]bool{}
	na := map[string]bool{}
	none := false
	for _, c := range a.Choices {
		ch := q.Choice(c.ChoiceID)
		if ch == nil {
			// Answers are validated on write; an unknown ID here means the
			// store was edited by hand, and ignoring it beats failing a report.
			continue
		}
		switch c.Status {
		case opslens.ChoiceSelected:
			selected[c.ChoiceID] = true
			if ch.IsNone() {
				none = true
			}
		case opslens.ChoiceNotApplicable:
			na[c.ChoiceID] = true
		}
	}
	if len(selected) == 0 {
		qr.Risk = opslens.RiskUnanswered
		return qr, nil
	}
	qr.Answered = true
	followed := func(id string) bool { return na[id] || (!none && selected[id]) }
	risk, err := q.Evaluate(followed)
	if err != nil {
		return qr, err
	}
	qr.Risk = risk
	for i := range q.Choices {
		ch := &q.Choices[i]
		if !ch.IsNone() && !followed(ch.ID) {
			qr.Missing = append(qr.Missing, ch)
		}
	}
	return qr, nil
}

// withRisk returns a with Risk set to its evaluation, as stores keep it.
// An answer the lens cannot evaluate keeps an empty risk, which readers of
// stored risks treat as "evaluate it yourself".
func withRisk(q *lens.Question, a opslens.Answer) opslens.Answer {
	a.Risk = ""
	if qr, err := evaluateQuestion(q, a); err == nil {
		a.Risk = qr.Risk
	}
	return a
}

// Counts sums the risk counts of several lens reviews: the workload's total.
func Counts(results []*LensResult) RiskCounts {
	c := newCounts()
	for _, r := range results {
		c.add(r.Counts)
	}
	return c
}

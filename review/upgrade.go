package review

import (
	"context"
	"fmt"
	"slices"

	"github.com/opslens/opslens"
)

// LensMapping says where the questions and choices of an older lens went
// in a newer one. IDs the newer lens also has map to themselves unless
// the mapping says otherwise; an empty target drops the ID.
type LensMapping struct {
	Questions map[string]string `json:"Questions"`
	Choices   map[string]string `json:"Choices"`
}

// UpgradeReport is what an upgrade carried over and what it could not.
type UpgradeReport struct {
	From, To         string
	Milestone        int      // the milestone recorded before the upgrade
	Questions        int      // answers carried to the newer lens
	Choices          int      // choice states carried
	QuestionsDropped []string // answered questions with no counterpart
	ChoicesDropped   []string // "QUESTION/CHOICE" with no counterpart
}

// UpgradeLens moves a workload's review from one lens (an older version)
// to another, carrying the answers over by the mapping. It first records
// a milestone, which keeps the review as it was; then it applies the new
// lens, saves the carried answers, and only then removes the old lens, so
// a failure midway leaves both reviews rather than none.
func (s *Service) UpgradeLens(ctx context.Context, w *opslens.Workload, from, to string, m LensMapping) (*UpgradeReport, error) {
	if !slices.Contains(w.Lenses, from) {
		return nil, opslens.Errorf(opslens.EINVALID, "workload %q does not apply lens %s", w.Name, from)
	}
	if slices.Contains(w.Lenses, to) {
		return nil, opslens.Errorf(opslens.ECONFLICT, "workload %q applies lens %s already", w.Name, to)
	}
	newLens, err := s.Lens(ctx, to)
	if err != nil {
		return nil, err
	}
	old, err := s.store.Answers(ctx, w.ID, from)
	if err != nil {
		return nil, err
	}
	rep := &UpgradeReport{From: from, To: to}
	var carried []opslens.Answer
	for _, a := range old {
		qid := mapped(m.Questions, a.QuestionID)
		ref, ok := newLens.Question(qid)
		if !ok {
			rep.QuestionsDropped = append(rep.QuestionsDropped, a.QuestionID)
			continue
		}
		next := opslens.Answer{QuestionID: qid, IsApplicable: a.IsApplicable, Reason: a.Reason, Notes: a.Notes,
			Acceptance: a.Acceptance, AcceptedRisk: a.AcceptedRisk}
		for _, c := range a.Choices {
			cid := mapped(m.Choices, c.ChoiceID)
			if ref.Question.Choice(cid) == nil {
				if c.Status != opslens.ChoiceUnselected {
					rep.ChoicesDropped = append(rep.ChoicesDropped, a.QuestionID+"/"+c.ChoiceID)
				}
				continue
			}
			c.ChoiceID = cid
			next.Choices = append(next.Choices, c)
			rep.Choices++
		}
		carried = append(carried, next)
		rep.Questions++
	}
	ms, err := s.CreateMilestone(ctx, w, fmt.Sprintf("before the upgrade from %s to %s", from, to))
	if err != nil {
		return nil, err
	}
	rep.Milestone = ms.Number
	return rep, s.swapLens(ctx, w, from, to, carried)
}

// swapLens applies the new lens next to the old, saves the answers, and
// removes the old lens.
func (s *Service) swapLens(ctx context.Context, w *opslens.Workload, from, to string, answers []opslens.Answer) error {
	nw, err := s.UpdateWorkload(ctx, w, func(cur *opslens.Workload) error {
		cur.Lenses = append(cur.Lenses, to)
		return nil
	})
	if err != nil {
		return err
	}
	*w = *nw
	if err := s.PutAnswers(ctx, w, to, answers); err != nil {
		return err
	}
	nw, err = s.UpdateWorkload(ctx, w, func(cur *opslens.Workload) error {
		// The new lens takes the old one's place in the workload's order.
		out := make([]string, 0, len(cur.Lenses))
		for _, a := range cur.Lenses {
			switch a {
			case from:
				out = append(out, to)
			case to:
			default:
				out = append(out, a)
			}
		}
		cur.Lenses = out
		return nil
	})
	if err == nil {
		*w = *nw
	}
	return err
}

func mapped(m map[string]string, id string) string {
	if to, ok := m[id]; ok {
		return to
	}
	return id
}

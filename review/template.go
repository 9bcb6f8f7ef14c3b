package review

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/opslens/opslens"
)

// TemplateFrom makes a template of the answers a workload gives to some
// questions (every answered question when none is named): the answers an
// organisation settled once, to start other workloads with.
func (s *Service) TemplateFrom(ctx context.Context, w *opslens.Workload, alias, name, description string, questions []string) (*opslens.Template, error) {
	alias, l, err := s.LensFor(ctx, w, alias)
	if err != nil {
		return nil, err
	}
	for _, q := range questions {
		if _, ok := l.Question(q); !ok {
			return nil, opslens.Errorf(opslens.EINVALID, "lens %s has no question %q", alias, q)
		}
	}
	answers, err := s.store.Answers(ctx, w.ID, alias)
	if err != nil {
		return nil, err
	}
	t := &opslens.Template{Name: strings.TrimSpace(name), Description: description, LensAlias: alias}
	for _, a := range answers {
		if len(questions) > 0 && !slices.Contains(questions, a.QuestionID) {
			continue
		}
		// A template carries what was decided, not when or by whom.
		a.Version, a.UpdatedAt, a.Risk = 0, time.Time{}, ""
		t.Answers = append(t.Answers, a)
	}
	if len(t.Answers) == 0 {
		return nil, opslens.Errorf(opslens.EINVALID, "workload %q has no answer to those questions to put in a template", w.Name)
	}
	if err := s.store.CreateTemplate(ctx, t); err != nil {
		return nil, err
	}
	return t, nil
}

// ApplyTemplate pre-fills a workload's review with a template's answers,
// each choice it sets marked as coming from the template, in one store
// transaction. Questions already answered are left as they are: a
// template never overwrites what a person decided.
func (s *Service) ApplyTemplate(ctx context.Context, w *opslens.Workload, t *opslens.Template) ([]string, error) {
	alias, l, err := s.LensFor(ctx, w, t.LensAlias)
	if err != nil {
		return nil, err
	}
	stored, err := s.store.Answers(ctx, w.ID, alias)
	if err != nil {
		return nil, err
	}
	answered := map[string]bool{}
	for _, a := range stored {
		answered[a.QuestionID] = true
	}
	var batch []opslens.Answer
	var filled []string
	for _, a := range t.Answers {
		ref, ok := l.Question(a.QuestionID)
		if !ok {
			return nil, opslens.Errorf(opslens.EINVALID, "template %q answers %s, which lens %s lacks", t.Name, a.QuestionID, alias)
		}
		if answered[a.QuestionID] {
			continue
		}
		a.Version, a.UpdatedAt = 0, s.Now().UTC()
		for i := range a.Choices {
			c := &a.Choices[i]
			if ref.Question.Choice(c.ChoiceID) == nil {
				return nil, opslens.Errorf(opslens.EINVALID, "template %q sets %s, which question %s lacks", t.Name, c.ChoiceID, a.QuestionID)
			}
			if c.Status != opslens.ChoiceUnselected {
				c.Source = opslens.SourceTemplate
			}
		}
		batch = append(batch, withRisk(ref.Question, a))
		filled = append(filled, a.QuestionID)
	}
	if len(batch) == 0 {
		return nil, nil
	}
	return filled, s.store.PutAnswers(ctx, w.ID, alias, batch)
}

// CreateWorkloadFromTemplate creates a workload and starts its review
// with a template's answers. The template is read and checked against
// the workload's lenses first, so a missing or unsuitable template
// leaves no half-made workload behind.
func (s *Service) CreateWorkloadFromTemplate(ctx context.Context, w *opslens.Workload, template string) ([]string, error) {
	t, err := s.store.Template(ctx, template)
	if err != nil {
		return nil, err
	}
	if len(w.Lenses) == 0 {
		w.Lenses = []string{DefaultLens}
	}
	if !slices.Contains(w.Lenses, t.LensAlias) {
		return nil, opslens.Errorf(opslens.EINVALID, "template %q is for lens %s, which the workload would not apply", t.Name, t.LensAlias)
	}
	if err := s.CreateWorkload(ctx, w); err != nil {
		return nil, err
	}
	return s.ApplyTemplate(ctx, w, t)
}

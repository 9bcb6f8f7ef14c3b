package review

import (
	"context"

	"github.com/opslens/opslens"
)

// ImportReview makes the database hold a review kept elsewhere (a review
// file): it creates the workload, or updates the facts of the existing one
// of that name, applies the lens if needed, and then replaces the answers
// of that lens review with the given ones in one store transaction.
// Answers must be valid for the lens (reviewfile.Resolve returns one per
// question). It reports whether the workload was created.
func (s *Service) ImportReview(ctx context.Context, facts opslens.Workload, alias string, answers []opslens.Answer) (*opslens.Workload, bool, error) {
	l, err := s.Lens(ctx, alias)
	if err != nil {
		return nil, false, err
	}
	for _, a := range answers {
		ref, ok := l.Question(a.QuestionID)
		if !ok {
			return nil, false, opslens.Errorf(opslens.EINVALID, "lens %q has no question %q", alias, a.QuestionID)
		}
		for _, c := range a.Choices {
			if ref.Question.Choice(c.ChoiceID) == nil {
				return nil, false, opslens.Errorf(opslens.EINVALID, "question %s of lens %q has no choice %q", a.QuestionID, alias, c.ChoiceID)
			}
		}
	}
	w, created, err := s.upsertWorkload(ctx, facts, alias)
	if err != nil {
		return nil, false, err
	}
	stored, err := s.store.Answers(ctx, w.ID, alias)
	if err != nil {
		return nil, false, err
	}
	versions := map[string]int64{}
	for _, a := range stored {
		versions[a.QuestionID] = a.Version
	}
	now := s.Now().UTC()
	batch := make([]opslens.Answer, len(answers))
	for i, a := range answers {
		a.Version, a.UpdatedAt = versions[a.QuestionID], now
		if ref, ok := l.Question(a.QuestionID); ok {
			a = withRisk(ref.Question, a)
		}
		batch[i] = a
	}
	// The versions make the batch refuse to overwrite an answer someone
	// changed since they were read: the import then fails as a conflict
	// and can simply be run again.
	if err := s.store.PutAnswers(ctx, w.ID, alias, batch); err != nil {
		return nil, false, err
	}
	return w, created, nil
}

func (s *Service) upsertWorkload(ctx context.Context, facts opslens.Workload, alias string) (*opslens.Workload, bool, error) {
	existing, err := s.store.Workload(ctx, facts.Name)
	if opslens.ErrorCode(err) == opslens.ENOTFOUND {
		w := facts
		w.Lenses = []string{alias}
		if err := s.CreateWorkload(ctx, &w); err != nil {
			return nil, false, err
		}
		return &w, true, nil
	}
	if err != nil {
		return nil, false, err
	}
	w, err := s.UpdateWorkload(ctx, existing, func(w *opslens.Workload) error {
		lenses := w.Lenses
		id, created, version := w.ID, w.CreatedAt, w.Version
		*w = facts
		w.ID, w.CreatedAt, w.Version = id, created, version
		w.Lenses = lenses
		if !contains(lenses, alias) {
			w.Lenses = append(w.Lenses, alias)
		}
		return nil
	})
	return w, false, err
}

// PutAnswers saves whole answers of one lens review as they were edited
// elsewhere (a spreadsheet), each based on the Version it carries: one
// store transaction, refused with ECONFLICT when any
// answer changed since that version, so an edit made on an old copy never
// overwrites a newer answer. Risks are evaluated as for every change.
func (s *Service) PutAnswers(ctx context.Context, w *opslens.Workload, alias string, answers []opslens.Answer) error {
	alias, l, err := s.LensFor(ctx, w, alias)
	if err != nil {
		return err
	}
	now := s.Now().UTC()
	batch := make([]opslens.Answer, len(answers))
	for i, a := range answers {
		ref, ok := l.Question(a.QuestionID)
		if !ok {
			return opslens.Errorf(opslens.EINVALID, "lens %q has no question %q", alias, a.QuestionID)
		}
		a.UpdatedAt = now
		batch[i] = withRisk(ref.Question, a)
	}
	return s.store.PutAnswers(ctx, w.ID, alias, batch)
}

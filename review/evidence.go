package review

import (
	"context"
	"sort"
	"strconv"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/lens"
)

// RecordEvidence stores scan evidence on a workload's review of the lens
// (the built-in lens when alias is empty), one set per repository, each
// replacing the set of an earlier scan of that repository. Every finding
// must name a choice of the lens.
func (s *Service) RecordEvidence(ctx context.Context, w *opslens.Workload, alias string, sets []opslens.EvidenceSet) error {
	alias, l, err := s.evidenceLens(ctx, w, alias)
	if err != nil {
		return err
	}
	for _, set := range sets {
		if err := checkEvidence(l, set); err != nil {
			return err
		}
	}
	for _, set := range sets {
		if err := s.store.PutEvidence(ctx, w.ID, alias, set); err != nil {
			return err
		}
	}
	return nil
}

// evidenceLens picks the lens review evidence belongs to. Scan findings use
// the built-in lens's question and choice IDs, so that lens must be applied
// unless the caller names another lens with the same IDs.
func (s *Service) evidenceLens(ctx context.Context, w *opslens.Workload, alias string) (string, *lens.Lens, error) {
	if alias == "" {
		alias = DefaultLens
	}
	if !contains(w.Lenses, alias) {
		return "", nil, opslens.Errorf(opslens.EINVALID,
			"workload %q does not apply lens %q, which scan evidence refers to; add it with 'opslens workload update %s --add-lens %s'",
			w.Name, alias, w.Name, alias)
	}
	return s.LensFor(ctx, w, alias)
}

func checkEvidence(l *lens.Lens, set opslens.EvidenceSet) error {
	if err := set.Validate(); err != nil {
		return err
	}
	for _, f := range set.Findings {
		ref, ok := l.Question(f.QuestionID)
		if !ok || ref.Question.Choice(f.ChoiceID) == nil {
			return opslens.Errorf(opslens.EINVALID, "evidence from %s names %s/%s, which lens %q does not have",
				set.Repository, f.QuestionID, f.ChoiceID, l.Name)
		}
	}
	return nil
}

// Preselection is a practice that ApplyEvidence selected.
type Preselection struct {
	QuestionID, ChoiceID string
}

// ApplyEvidence pre-selects the practices with strong evidence in the
// given sets, marking each selection as coming from evidence so a reviewer
// confirms or rejects it. It never changes what a person decided: it skips
// questions marked not applicable or answered "None of these", and choices
// that already have a status or notes. Each question changes in one store
// transaction.
func (s *Service) ApplyEvidence(ctx context.Context, w *opslens.Workload, alias string, sets []opslens.EvidenceSet) ([]Preselection, error) {
	alias, l, err := s.evidenceLens(ctx, w, alias)
	if err != nil {
		return nil, err
	}
	strong := map[string]map[string]bool{}
	for _, set := range sets {
		if err := checkEvidence(l, set); err != nil {
			return nil, err
		}
		for _, f := range set.Findings {
			if f.Confidence != opslens.ConfidenceStrong {
				continue
			}
			if strong[f.QuestionID] == nil {
				strong[f.QuestionID] = map[string]bool{}
			}
			strong[f.QuestionID][f.ChoiceID] = true
		}
	}
	questions := make([]string, 0, len(strong))
	for q := range strong {
		questions = append(questions, q)
	}
	sort.Strings(questions)
	var out []Preselection
	now := s.Now().UTC()
	for _, qid := range questions {
		ref, _ := l.Question(qid) // checkEvidence made sure it exists
		q := ref.Question
		var added []string
		_, err := s.store.UpdateAnswer(ctx, w.ID, alias, qid, func(a *opslens.Answer) error {
			added = preselect(q, a, strong[qid])
			if len(added) > 0 {
				a.UpdatedAt = now
				*a = withRisk(q, *a)
			}
			return nil
		})
		if err != nil {
			return out, err
		}
		for _, c := range added {
			out = append(out, Preselection{QuestionID: qid, ChoiceID: c})
		}
	}
	return out, nil
}

// preselect adds evidence selections to a, in lens order, and returns the
// choices it added.
func preselect(q *lens.Question, a *opslens.Answer, want map[string]bool) []string {
	if !a.IsApplicable {
		return nil
	}
	if none := q.NoneChoice(); none != nil && a.Choice(none.ID).Status == opslens.ChoiceSelected {
		return nil
	}
	recorded := map[string]bool{}
	for _, c := range a.Choices {
		recorded[c.ChoiceID] = true
	}
	var added []string
	for _, c := range q.Choices {
		if !want[c.ID] || recorded[c.ID] || c.IsNone() {
			continue
		}
		added = append(added, c.ID)
	}
	if len(added) == 0 {
		return nil
	}
	isAdded := map[string]bool{}
	for _, id := range added {
		isAdded[id] = true
	}
	// Rebuild in lens order so stored answers stay canonical.
	old := map[string]opslens.ChoiceAnswer{}
	for _, c := range a.Choices {
		old[c.ChoiceID] = c
	}
	a.Choices = a.Choices[:0:0]
	for _, c := range q.Choices {
		if ca, ok := old[c.ID]; ok {
			a.Choices = append(a.Choices, ca)
		} else if isAdded[c.ID] {
			a.Choices = append(a.Choices, opslens.ChoiceAnswer{ChoiceID: c.ID, Status: opslens.ChoiceSelected, Source: opslens.SourceEvidence})
		}
	}
	return added
}

// Evidence returns the evidence recorded on a workload's lens review.
func (s *Service) Evidence(ctx context.Context, w *opslens.Workload, alias string) ([]opslens.EvidenceSet, error) {
	if alias == "" {
		alias = w.Lenses[0]
	}
	return s.store.Evidence(ctx, w.ID, alias)
}

// ChoiceEvidence is the evidence for one choice, merged over the scanned
// repositories: the strongest confidence, and every proof with its
// repository.
type ChoiceEvidence struct {
	Confidence string
	Proofs     []RepositoryProof
}

// RepositoryProof is a proof with the repository it was found in.
type RepositoryProof struct {
	Repository string
	opslens.EvidenceProof
}

// EvidenceByChoice merges evidence sets by choice ID.
func EvidenceByChoice(sets []opslens.EvidenceSet) map[string]ChoiceEvidence {
	out := map[string]ChoiceEvidence{}
	for _, set := range sets {
		for _, f := range set.Findings {
			ce := out[f.ChoiceID]
			if ce.Confidence != opslens.ConfidenceStrong {
				ce.Confidence = f.Confidence
			}
			for _, p := range f.Proofs {
				ce.Proofs = append(ce.Proofs, RepositoryProof{Repository: set.Repository, EvidenceProof: p})
			}
			out[f.ChoiceID] = ce
		}
	}
	return out
}

// Location renders a proof's place as path:line, or path [key] for a
// structured file, or the path alone.
func (p RepositoryProof) Location() string {
	loc := p.Path
	if loc == "" {
		loc = "(repository)" // a figure of the repository as a whole, such as its history
	}
	switch {
	case p.Line > 0:
		loc += ":" + strconv.Itoa(p.Line)
	case p.KeyPath != "":
		loc += " [" + p.KeyPath + "]"
	}
	return loc
}

package reviewfile

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/lens"
	"github.com/opslens/opslens/review"
)

// Review is a review file resolved against its lens: the workload and the
// answers the file records, one per question of the lens (questions the
// file does not mention are unanswered: applicable, no choices).
type Review struct {
	Workload  opslens.Workload
	LensAlias string
	Answers   []opslens.Answer
}

// Resolve checks the file against the lens (alias names it in messages)
// and returns what it records. Every problem is reported, with its line.
func (f *File) Resolve(alias string, l *lens.Lens) (*Review, error) {
	w, err := f.workload(alias)
	if err != nil {
		return nil, err
	}
	byQuestion := map[string]opslens.Answer{}
	var errs []error
	for _, q := range f.Questions {
		ref, err := review.ResolveQuestion(l, alias, q.ID)
		if err != nil {
			errs = append(errs, fmt.Errorf("line %d: %w", q.Line, err))
			continue
		}
		a, qerrs := resolveQuestion(ref.Question, q)
		errs = append(errs, qerrs...)
		byQuestion[ref.Question.ID] = a
	}
	if err := errors.Join(errs...); err != nil {
		return nil, opslens.Errorf(opslens.EINVALID, "%s", strings.ReplaceAll(err.Error(), "\n", "\n  "))
	}
	r := &Review{Workload: *w, LensAlias: alias}
	for _, ref := range l.Questions() {
		a, ok := byQuestion[ref.Question.ID]
		if !ok {
			a = opslens.Answer{QuestionID: ref.Question.ID, IsApplicable: true}
		}
		r.Answers = append(r.Answers, a)
	}
	return r, nil
}

func (f *File) workload(alias string) (*opslens.Workload, error) {
	fw := f.Workload
	w := &opslens.Workload{
		Name: strings.TrimSpace(fw.Name), Description: fw.Description, Owner: fw.Owner, ReviewOwner: fw.ReviewOwner,
		Locations: fw.Locations, ArchitecturalDesign: fw.ArchitecturalDesign, Industry: fw.Industry,
		IndustryType: fw.IndustryType, Tags: fw.Tags, Notes: fw.Notes, PillarPriorities: fw.PillarPriorities,
		Lenses: []string{alias}, Environment: opslens.EnvProduction,
	}
	if fw.Environment != "" {
		env, err := opslens.ParseEnvironment(fw.Environment)
		if err != nil {
			return nil, opslens.Errorf(opslens.EINVALID, "workload.environment: %s", err)
		}
		w.Environment = env
	}
	if err := w.Validate(); err != nil {
		return nil, err
	}
	return w, nil
}

// resolveQuestion turns one question of the file into an answer in lens
// order, collecting every problem.
func resolveQuestion(q *lens.Question, fq Question) (opslens.Answer, []error) {
	a := opslens.Answer{QuestionID: q.ID, IsApplicable: true, Notes: fq.Notes, AcceptedRisk: acceptance(fq.AcceptedRisk)}
	if na := fq.NotApplicable; na != nil {
		a.IsApplicable, a.Reason, a.Acceptance = false, na.Reason, acceptance(na)
		if a.Reason == "" {
			a.Reason = opslens.ReasonNone
		}
	}
	var errs []error
	choices := map[string]opslens.ChoiceAnswer{}
	resolve := func(r Ref) *lens.Choice {
		c, err := review.ResolveChoice(q, r.Value)
		if err != nil {
			errs = append(errs, fmt.Errorf("line %d: %w", r.Line, err))
		}
		return c
	}
	for _, r := range fq.Selected {
		if c := resolve(r); c != nil {
			choices[c.ID] = opslens.ChoiceAnswer{ChoiceID: c.ID, Status: opslens.ChoiceSelected}
		}
	}
	if fq.None {
		if none := q.NoneChoice(); none != nil {
			choices[none.ID] = opslens.ChoiceAnswer{ChoiceID: none.ID, Status: opslens.ChoiceSelected}
		} else {
			errs = append(errs, fmt.Errorf("line %d: question %s has no \"None of these\" choice", fq.Line, q.ID))
		}
	}
	for _, p := range fq.Practices {
		c := resolve(p.Ref)
		if c == nil {
			continue
		}
		ca, ok := choices[c.ID]
		if !ok {
			ca = opslens.ChoiceAnswer{ChoiceID: c.ID, Status: opslens.ChoiceUnselected}
		}
		if na := p.NotApplicable; na != nil {
			if ok {
				errs = append(errs, fmt.Errorf("line %d: practice %s is both selected and not applicable", p.Ref.Line, c.ID))
			}
			ca.Status, ca.Reason, ca.Acceptance = opslens.ChoiceNotApplicable, na.Reason, acceptance(na)
			if ca.Reason == "" {
				ca.Reason = opslens.ReasonNone
			}
		}
		ca.Notes = p.Notes
		choices[c.ID] = ca
	}
	for _, c := range q.Choices {
		if ca, ok := choices[c.ID]; ok && (ca.Status != opslens.ChoiceUnselected || ca.Notes != "") {
			a.Choices = append(a.Choices, ca)
		}
	}
	return a, errs
}

func acceptance(a *Acceptance) *opslens.Acceptance {
	if a == nil || (a.By == "" && a.Until.IsZero() && a.Note == "") {
		return nil
	}
	out := &opslens.Acceptance{By: a.By, Note: a.Note}
	if !a.Until.IsZero() {
		out.Until = a.Until.Format(time.DateOnly)
	}
	return out
}

// FromReview builds a file from a workload and the answers of one lens
// review: what 'workload export' writes. Practice IDs are written short
// (BP04), questions in lens order, unanswered questions left out.
func FromReview(w *opslens.Workload, alias string, l *lens.Lens, answers []opslens.Answer) *File {
	f := &File{Version: Version, Workload: Workload{
		Name: w.Name, Description: w.Description, Environment: strings.ToLower(string(w.Environment)),
		Owner: w.Owner, ReviewOwner: w.ReviewOwner, Locations: w.Locations,
		ArchitecturalDesign: w.ArchitecturalDesign, Industry: w.Industry, IndustryType: w.IndustryType,
		Tags: w.Tags, Notes: w.Notes, PillarPriorities: w.PillarPriorities,
	}}
	if alias != review.DefaultLens {
		f.Lens = alias
	}
	byQ := map[string]opslens.Answer{}
	for _, a := range answers {
		byQ[a.QuestionID] = a
	}
	for _, ref := range l.Questions() {
		a, ok := byQ[ref.Question.ID]
		if !ok {
			continue
		}
		if q, keep := questionOf(ref.Question, a); keep {
			f.Questions = append(f.Questions, q)
		}
	}
	return f
}

func questionOf(q *lens.Question, a opslens.Answer) (Question, bool) {
	fq := Question{ID: q.ID, Notes: a.Notes, AcceptedRisk: fileAcceptance(a.AcceptedRisk, "")}
	if !a.IsApplicable {
		fq.NotApplicable = fileAcceptance(a.Acceptance, a.Reason)
	}
	for _, c := range q.Choices {
		ca := a.Choice(c.ID)
		switch {
		case ca.Status == opslens.ChoiceSelected && c.IsNone():
			fq.None = true
		case ca.Status == opslens.ChoiceSelected:
			fq.Selected = append(fq.Selected, Ref{Value: shortID(q, c.ID)})
		}
		if ca.Status == opslens.ChoiceNotApplicable || ca.Notes != "" {
			p := Practice{Ref: Ref{Value: shortID(q, c.ID)}, Notes: ca.Notes}
			if ca.Status == opslens.ChoiceNotApplicable {
				p.NotApplicable = fileAcceptance(ca.Acceptance, ca.Reason)
			}
			fq.Practices = append(fq.Practices, p)
		}
	}
	keep := !a.IsApplicable || fq.None || len(fq.Selected) > 0 || len(fq.Practices) > 0 || fq.Notes != "" || fq.AcceptedRisk != nil
	return fq, keep
}

// shortID writes OPS05_BP04 as BP04 when it resolves back to the same
// choice, the form people type.
func shortID(q *lens.Question, id string) string {
	if i := strings.LastIndexAny(id, "_-"); i > 0 {
		short := id[i+1:]
		if c, err := review.ResolveChoice(q, short); err == nil && c.ID == id && !slices.Contains([]string{"no"}, short) {
			return short
		}
	}
	return id
}

func fileAcceptance(a *opslens.Acceptance, reason opslens.Reason) *Acceptance {
	out := &Acceptance{Reason: reason}
	if a != nil {
		out.By, out.Note = a.By, a.Note
		if t, err := time.Parse(time.DateOnly, a.Until); err == nil {
			out.Until = Date{t}
		}
	}
	if out.Reason == "" && out.By == "" && out.Note == "" && out.Until.IsZero() {
		return nil
	}
	return out
}

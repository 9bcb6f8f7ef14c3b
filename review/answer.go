package review

import (
	"context"
	"fmt"
	"slices"
	"unicode/utf8"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/lens"
)

// Change is an edit to one question's answer. Choice IDs may be given in any
// form ResolveChoice accepts. The parts apply in field order: Clear first,
// then question applicability, then choice edits, then notes.
type Change struct {
	// Clear resets the question to unanswered, dropping choices and notes.
	Clear bool
	// NotApplicable marks the whole question not applicable for Reason;
	// Applicable undoes that.
	NotApplicable bool
	Applicable    bool
	Reason        opslens.Reason

	// Select and Unselect toggle choices. Selecting "None of these" clears
	// the other selections, and selecting a practice clears "None of these",
	// as in the AWS tool.
	Select, Unselect []string
	// ReplaceSelection makes Select the whole selection, as the AWS API's
	// SelectedChoices does: selected choices not in Select are unselected
	// first. Not-applicable marks stay.
	ReplaceSelection bool
	// ChoiceNA marks choices not applicable for ChoiceReason; ChoiceApplies
	// returns them to unselected.
	ChoiceNA      []string
	ChoiceReason  opslens.Reason
	ChoiceApplies []string
	// ChoiceReasons overrides ChoiceReason for individual choices of
	// ChoiceNA, keyed by the ID as given.
	ChoiceReasons map[string]opslens.Reason

	// Notes replaces the question's notes when non-nil.
	Notes *string
	// ChoiceNotes replaces the notes of individual choices.
	ChoiceNotes map[string]string

	// Version, when set, is the answer's version the change was made
	// against (a web form's hidden field, an API If-Match): if the stored
	// answer has moved on, nothing is saved and the error is a
	// *ConflictError carrying the current answer. Without it, the change
	// applies to whatever is stored, as relative CLI edits should.
	Version *int64
}

// ConflictError is returned for a change made against a stale version. It
// carries the stored answer so a front end can show what someone else
// saved instead of overwriting it.
type ConflictError struct {
	Current opslens.Answer
	err     *opslens.Error
}

func (e *ConflictError) Error() string { return e.err.Error() }
func (e *ConflictError) Unwrap() error { return e.err }

func staleAnswer(workload, question string, cur opslens.Answer) error {
	return &ConflictError{Current: cur, err: opslens.Errorf(opslens.ECONFLICT,
		"the answer to %s of workload %q was changed by someone else (now version %d); review their change and apply yours again",
		question, workload, cur.Version)}
}

// Limits from the AWS API, kept so answers can be carried over.
const (
	maxQuestionNotes = 2084
	maxChoiceNotes   = 250
)

// ApplyChange validates a change against the lens and applies it to the
// stored answer in one store transaction, so concurrent changes to the same
// question all land. It returns the question's new evaluation.
func (s *Service) ApplyChange(ctx context.Context, w *opslens.Workload, lensAlias, questionID string, ch Change) (*QuestionResult, error) {
	alias, l, err := s.LensFor(ctx, w, lensAlias)
	if err != nil {
		return nil, err
	}
	ref, err := ResolveQuestion(l, alias, questionID)
	if err != nil {
		return nil, err
	}
	q := ref.Question
	// apply validates everything before the store is asked, so a bad change
	// fails without taking the write lock; it runs again on the stored
	// answer inside the store's transaction, where nothing can change
	// underneath it.
	if _, err := apply(q, opslens.Answer{QuestionID: q.ID, IsApplicable: true}, ch); err != nil {
		return nil, err
	}
	now := s.Now().UTC()
	var before opslens.Risk
	a, err := s.store.UpdateAnswer(ctx, w.ID, alias, q.ID, func(cur *opslens.Answer) error {
		before = cur.Risk
		next, err := apply(q, *cur, ch)
		if err != nil {
			return err
		}
		next.UpdatedAt = now
		if ch.Version != nil && cur.Version != *ch.Version {
			return staleAnswer(w.Name, q.ID, *cur)
		}
		*cur = withRisk(q, next)
		return nil
	})
	if err != nil {
		return nil, err
	}
	qr, err := evaluateQuestion(q, *a)
	if err != nil {
		return nil, err
	}
	qr.PillarID, qr.PillarName, qr.Index = ref.Pillar.ID, ref.Pillar.Name, ref.Index
	if qr.Risk == opslens.RiskHigh && before != opslens.RiskHigh {
		s.publish(ctx, w, opslens.EventHighRisk, fmt.Sprintf("%s of %s is now at high risk: %s", q.ID, w.Name, q.Title),
			map[string]any{"LensAlias": alias, "QuestionId": q.ID, "QuestionTitle": q.Title, "PreviousRisk": before})
	}
	return &qr, nil
}

// apply computes the new answer without touching storage, so that every
// validation error surfaces before anything is written.
func apply(q *lens.Question, a opslens.Answer, ch Change) (opslens.Answer, error) {
	if ch.NotApplicable && ch.Applicable {
		return a, opslens.Errorf(opslens.EINVALID, "a question cannot be marked both applicable and not applicable")
	}
	if ch.Clear {
		a = opslens.Answer{QuestionID: q.ID, IsApplicable: true}
	}
	if ch.NotApplicable {
		if ch.Reason == "" {
			ch.Reason = opslens.ReasonNone
		}
		a.IsApplicable, a.Reason = false, ch.Reason
	}
	if ch.Applicable {
		a.IsApplicable, a.Reason, a.Acceptance = true, "", nil
	}
	r, err := resolveChange(q, ch)
	if err != nil {
		return a, err
	}
	e := choiceEdit{q: q, status: map[string]opslens.ChoiceAnswer{}}
	for _, c := range a.Choices {
		e.status[c.ChoiceID] = c
	}
	if ch.ReplaceSelection {
		e.keepOnly(r.sel)
	}
	if err := e.apply(r, ch.ChoiceReason); err != nil {
		return a, err
	}
	if ch.Notes != nil {
		if n := utf8.RuneCountInString(*ch.Notes); n > maxQuestionNotes {
			return a, opslens.Errorf(opslens.EINVALID, "notes are %d characters; the limit is %d", n, maxQuestionNotes)
		}
		a.Notes = *ch.Notes
	}
	if err := e.notes(ch.ChoiceNotes); err != nil {
		return a, err
	}
	a.Choices = e.canonical()
	return a, nil
}

// resolvedChange is a Change's choice edits with every ID resolved.
type resolvedChange struct {
	sel, unsel, na, applies []*lens.Choice
	naReason                map[string]opslens.Reason // by resolved choice ID
}

func resolveChange(q *lens.Question, ch Change) (resolvedChange, error) {
	var r resolvedChange
	var err error
	resolve := func(ids []string) []*lens.Choice {
		out := make([]*lens.Choice, 0, len(ids))
		for _, id := range ids {
			c, cerr := ResolveChoice(q, id)
			if cerr != nil && err == nil {
				err = cerr
			}
			out = append(out, c)
		}
		return out
	}
	r.sel, r.unsel, r.na, r.applies = resolve(ch.Select), resolve(ch.Unselect), resolve(ch.ChoiceNA), resolve(ch.ChoiceApplies)
	if err != nil {
		return r, err
	}
	r.naReason = map[string]opslens.Reason{}
	for i, id := range ch.ChoiceNA {
		if reason, ok := ch.ChoiceReasons[id]; ok {
			r.naReason[r.na[i].ID] = reason
		}
	}
	return r, nil
}

// choiceEdit is the state of a question's choices while a change applies.
type choiceEdit struct {
	q      *lens.Question
	status map[string]opslens.ChoiceAnswer
}

// set records a person's decision on a choice. It confirms or overrides
// a pre-selection from evidence, so the choice is theirs from now on;
// unselecting one is remembered so the next scan does not select it again.
func (e *choiceEdit) set(id string, st opslens.ChoiceStatus, reason opslens.Reason) {
	c := e.status[id]
	source := ""
	if st == opslens.ChoiceUnselected && (c.Source == opslens.SourceEvidence || c.Source == opslens.SourceRejected) {
		source = opslens.SourceRejected
	}
	c.ChoiceID, c.Status, c.Reason, c.Source = id, st, reason, source
	if st != opslens.ChoiceNotApplicable {
		c.Acceptance = nil // it was about the not-applicable mark
	}
	e.status[id] = c
}

// apply makes the selections, unselections and not-applicable marks, in
// that order. Selecting "None of these" clears the other selections, and
// selecting a practice clears "None of these", as in the AWS tool.
func (e *choiceEdit) apply(r resolvedChange, defaultReason opslens.Reason) error {
	for _, c := range r.sel {
		if c.IsNone() {
			for id, st := range e.status {
				if st.Status == opslens.ChoiceSelected {
					e.set(id, opslens.ChoiceUnselected, "")
				}
			}
		} else if none := e.q.NoneChoice(); none != nil && e.status[none.ID].Status == opslens.ChoiceSelected {
			e.set(none.ID, opslens.ChoiceUnselected, "")
		}
		e.set(c.ID, opslens.ChoiceSelected, "")
	}
	for _, c := range r.unsel {
		e.set(c.ID, opslens.ChoiceUnselected, "")
	}
	for _, c := range r.na {
		if c.IsNone() {
			return opslens.Errorf(opslens.EINVALID, "%q cannot be marked not applicable; mark the question instead with --question-na", c.ID)
		}
		reason := defaultReason
		if nr, ok := r.naReason[c.ID]; ok {
			reason = nr
		}
		if reason == "" {
			reason = opslens.ReasonNone
		}
		e.set(c.ID, opslens.ChoiceNotApplicable, reason)
	}
	for _, c := range r.applies {
		if e.status[c.ID].Status == opslens.ChoiceNotApplicable {
			e.set(c.ID, opslens.ChoiceUnselected, "")
		}
	}
	return nil
}

// keepOnly unselects the selected choices that are not in keep.
func (e *choiceEdit) keepOnly(keep []*lens.Choice) {
	for id, st := range e.status {
		if st.Status == opslens.ChoiceSelected && !slices.ContainsFunc(keep, func(c *lens.Choice) bool { return c.ID == id }) {
			e.set(id, opslens.ChoiceUnselected, "")
		}
	}
}

// notes replaces the notes of individual choices.
func (e *choiceEdit) notes(notes map[string]string) error {
	for id, note := range notes {
		c, err := ResolveChoice(e.q, id)
		if err != nil {
			return err
		}
		if n := utf8.RuneCountInString(note); n > maxChoiceNotes {
			return opslens.Errorf(opslens.EINVALID, "notes for choice %s are %d characters; the limit is %d", c.ID, n, maxChoiceNotes)
		}
		cur := e.status[c.ID]
		if cur.ChoiceID == "" {
			cur = opslens.ChoiceAnswer{ChoiceID: c.ID, Status: opslens.ChoiceUnselected}
		}
		cur.Notes = note
		e.status[c.ID] = cur
	}
	return nil
}

// canonical lists the choices in lens order without the entries that carry
// no information, so stored answers are canonical and snapshots compare
// cleanly.
func (e *choiceEdit) canonical() []opslens.ChoiceAnswer {
	var out []opslens.ChoiceAnswer
	for i := range e.q.Choices {
		c, ok := e.status[e.q.Choices[i].ID]
		if !ok || (c.Status == opslens.ChoiceUnselected && c.Notes == "" && c.Source == "") {
			continue
		}
		out = append(out, c)
	}
	return out
}

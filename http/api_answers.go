package http

import (
	"errors"
	"net/http"
	"slices"
	"sort"
	"strings"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/api"
	"github.com/opslens/opslens/lens"
	"github.com/opslens/opslens/review"
)

// apiListAnswers lists a lens review's answers in lens order, a page at a
// time, optionally of one pillar.
func (s *Server) apiListAnswers(w http.ResponseWriter, r *request) error {
	pg, err := readPage(r, 50, 100)
	if err != nil {
		return err
	}
	st, n, res, err := s.lensReviewOf(r)
	if err != nil {
		return err
	}
	pillar, err := pillarOf(r, res)
	if err != nil {
		return err
	}
	var all []api.Answer
	for _, q := range res.Questions() {
		if pillar == "" || q.PillarID == pillar {
			a := api.AnswerOf(&q)
			a.Evidence = api.QuestionEvidence(st, res.Alias, q.Question)
			all = append(all, a)
		}
	}
	out := api.ListAnswersOutput{WorkloadId: r.Workload.ID, LensAlias: res.Alias, MilestoneNumber: n}
	out.AnswerSummaries, out.NextToken = pageOf(pg, all)
	writeJSON(w, http.StatusOK, out)
	return nil
}

// apiGetAnswer returns one question's answer with its ETag (the answer's
// Version, for UpdateAnswer's If-Match).
func (s *Server) apiGetAnswer(w http.ResponseWriter, r *request) error {
	st, n, res, err := s.lensReviewOf(r)
	if err != nil {
		return err
	}
	ref, err := review.ResolveQuestion(res.Lens, res.Alias, r.PathValue("QuestionId"))
	if err != nil {
		return err
	}
	for _, q := range res.Questions() {
		if q.Question.ID == ref.Question.ID {
			a := api.AnswerOf(&q)
			a.Evidence = api.QuestionEvidence(st, res.Alias, q.Question)
			setETag(w, a.Version)
			writeJSON(w, http.StatusOK, api.AnswerOutput{WorkloadId: r.Workload.ID, LensAlias: res.Alias, MilestoneNumber: n, Answer: a})
			return nil
		}
	}
	return opslens.Errorf(opslens.ENOTFOUND, "question %q is not in lens %s", ref.Question.ID, res.Alias)
}

// apiUpdateAnswer changes one answer in one transaction, as
// review.ApplyChange does for the CLI. A stale ClientVersion (or
// If-Match) saves nothing and the 409 carries the stored answer.
func (s *Server) apiUpdateAnswer(w http.ResponseWriter, r *request) error {
	var in api.UpdateAnswerInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	alias := r.PathValue("LensAlias")
	if !slices.Contains(r.Workload.Lenses, alias) {
		return opslens.Errorf(opslens.ENOTFOUND, "lens %q is not applied to workload %q", alias, r.Workload.Name)
	}
	_, l, err := s.reviews.LensFor(r.Context(), r.Workload, alias)
	if err != nil {
		return err
	}
	ref, err := review.ResolveQuestion(l, alias, r.PathValue("QuestionId"))
	if err != nil {
		return err
	}
	ch, err := answerChange(ref.Question, in)
	if err != nil {
		return err
	}
	if ch.Version, err = ifMatch(r, in.ClientVersion); err != nil {
		return err
	}
	qr, err := s.reviews.ApplyChange(r.Context(), r.Workload, alias, ref.Question.ID, ch)
	var ce *review.ConflictError
	switch {
	case errors.As(err, &ce):
		return staleAnswer(alias, l, ce)
	case err != nil:
		return answerField(err)
	}
	a := api.AnswerOf(qr)
	setETag(w, a.Version)
	writeJSON(w, http.StatusOK, api.AnswerOutput{WorkloadId: r.Workload.ID, LensAlias: alias, Answer: a})
	return nil
}

// staleAnswer shapes a conflict's stored answer as the API shows answers.
func staleAnswer(alias string, l *lens.Lens, ce *review.ConflictError) error {
	res, err := review.Evaluate(alias, l, []opslens.Answer{ce.Current})
	if err != nil {
		return err
	}
	for _, q := range res.Questions() {
		if q.Question.ID == ce.Current.QuestionID {
			return &staleError{current: api.AnswerOf(&q), err: ce}
		}
	}
	return ce
}

// answerChange turns UpdateAnswer's body into a review.Change, checking
// every choice ID and reason so that errors name their field.
func answerChange(q *lens.Question, in api.UpdateAnswerInput) (review.Change, error) {
	ch := review.Change{Notes: in.Notes, ChoiceReasons: map[string]opslens.Reason{}, ChoiceNotes: map[string]string{}}
	if in.SelectedChoices != nil {
		for _, id := range *in.SelectedChoices {
			if _, err := review.ResolveChoice(q, id); err != nil {
				return ch, withField("SelectedChoices", asInvalid(err))
			}
		}
		ch.Select, ch.ReplaceSelection = slices.Clone(*in.SelectedChoices), true
	}
	switch {
	case in.IsApplicable != nil && !*in.IsApplicable:
		ch.NotApplicable, ch.Reason = true, opslens.ReasonNone
		if in.Reason != "" {
			reason, err := opslens.ParseReason(string(in.Reason))
			if err != nil {
				return ch, withField("Reason", err)
			}
			ch.Reason = reason
		}
	case in.Reason != "":
		return ch, invalidField("Reason", "Reason applies only with IsApplicable false")
	case in.IsApplicable != nil:
		ch.Applicable = true
	}
	ids := make([]string, 0, len(in.ChoiceUpdates))
	for id := range in.ChoiceUpdates {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if err := choiceUpdate(q, &ch, id, in.ChoiceUpdates[id]); err != nil {
			return ch, err
		}
	}
	return ch, nil
}

// choiceUpdate adds one entry of ChoiceUpdates to a change.
func choiceUpdate(q *lens.Question, ch *review.Change, id string, u api.ChoiceUpdate) error {
	c, err := review.ResolveChoice(q, id)
	if err != nil {
		return withField("ChoiceUpdates", asInvalid(err))
	}
	inSelection := ch.ReplaceSelection && slices.ContainsFunc(ch.Select, func(s string) bool {
		sc, _ := review.ResolveChoice(q, s)
		return sc != nil && sc.ID == c.ID
	})
	if u.Reason != "" && u.Status != opslens.ChoiceNotApplicable {
		return invalidField("ChoiceUpdates", "choice %s: Reason applies only with Status NOT_APPLICABLE", id)
	}
	switch u.Status {
	case "":
	case opslens.ChoiceSelected:
		ch.Select = append(ch.Select, id)
	case opslens.ChoiceUnselected, opslens.ChoiceNotApplicable:
		if inSelection {
			return invalidField("ChoiceUpdates", "choice %s is in SelectedChoices and cannot also be %s", id, u.Status)
		}
		if u.Status == opslens.ChoiceUnselected {
			ch.Unselect = append(ch.Unselect, id)
			break
		}
		reason := opslens.ReasonNone
		if u.Reason != "" {
			if reason, err = opslens.ParseReason(string(u.Reason)); err != nil {
				return withField("ChoiceUpdates", err)
			}
		}
		ch.ChoiceNA = append(ch.ChoiceNA, id)
		ch.ChoiceReasons[id] = reason
	default:
		return invalidField("ChoiceUpdates", "choice %s: Status %q is not SELECTED, UNSELECTED or NOT_APPLICABLE", id, u.Status)
	}
	if u.Notes != nil {
		ch.ChoiceNotes[id] = *u.Notes
	}
	return nil
}

// asInvalid makes a choice the lens does not have bad input (400): it is
// a body field, not a resource of the path.
func asInvalid(err error) error {
	if opslens.ErrorCode(err) == opslens.ENOTFOUND {
		return opslens.Errorf(opslens.EINVALID, "%s", err.Error())
	}
	return err
}

// answerRules name the body field of the review service's answer rules,
// by the start of their messages.
var answerRules = []struct{ prefix, field string }{
	{"notes for choice", "ChoiceUpdates"},
	{"notes are", "Notes"},
}

func answerField(err error) error {
	for _, rule := range answerRules {
		if strings.HasPrefix(err.Error(), rule.prefix) {
			return withField(rule.field, err)
		}
	}
	if strings.Contains(err.Error(), "cannot be marked not applicable") {
		return withField("ChoiceUpdates", err)
	}
	return err
}

package http

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/lens"
	"github.com/opslens/opslens/review"
)

func (s *Server) uiQuestionRoutes() []route {
	const path = "/workloads/{WorkloadId}/lenses/{LensAlias}/questions/{QuestionId}"
	return []route{
		{"GET", path, "QuestionPage", workloadRead, false, s.uiQuestion},
		{"POST", path, "AnswerQuestionForm", workloadWrite, false, s.uiAnswerQuestion},
	}
}

// answerForm is the state of the question form: the stored answer when the
// page is opened, or what the user submitted when it is shown again after a
// refusal, so no click of theirs is lost.
type answerForm struct {
	Version     int64
	QuestionNA  bool
	Reason      opslens.Reason
	Notes       string
	Selected    map[string]bool
	NA          map[string]bool
	Reasons     map[string]opslens.Reason
	ChoiceNotes map[string]string
}

func formOfAnswer(a opslens.Answer) answerForm {
	f := answerForm{Version: a.Version, QuestionNA: !a.IsApplicable, Reason: a.Reason, Notes: a.Notes,
		Selected: map[string]bool{}, NA: map[string]bool{}, Reasons: map[string]opslens.Reason{}, ChoiceNotes: map[string]string{}}
	for _, c := range a.Choices {
		f.Selected[c.ChoiceID] = c.Status == opslens.ChoiceSelected
		f.NA[c.ChoiceID] = c.Status == opslens.ChoiceNotApplicable
		f.Reasons[c.ChoiceID], f.ChoiceNotes[c.ChoiceID] = c.Reason, c.Notes
	}
	return f
}

// readAnswerForm reads the posted form. The form keeps whatever was typed
// even when a field is invalid; the error names the field.
func readAnswerForm(r *request, q *lens.Question) (answerForm, error) {
	f := formOfAnswer(opslens.Answer{IsApplicable: true})
	var bad error
	reason := func(field string) opslens.Reason {
		v := r.PostFormValue(field)
		if v == "" {
			return opslens.ReasonNone
		}
		rs, err := opslens.ParseReason(v)
		if err != nil && bad == nil {
			bad = invalidField(field, "%s", publicError(err, "").Message)
		}
		return rs
	}
	v, err := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	if err != nil || v < 0 {
		bad = invalidField("version", "the form has no valid version; reload the page")
	}
	f.Version, f.Notes = v, r.PostFormValue("notes")
	f.QuestionNA = r.PostFormValue("question_na") != ""
	if f.QuestionNA {
		f.Reason = reason("question_reason")
	}
	for _, id := range r.PostForm["choice"] {
		if q.Choice(id) == nil && bad == nil {
			bad = invalidField("choice", "%q is not a practice of %s", id, q.ID)
		}
		f.Selected[id] = true
	}
	for _, c := range q.Choices {
		f.ChoiceNotes[c.ID] = r.PostFormValue("note_" + c.ID)
		if r.PostFormValue("na_"+c.ID) != "" && !c.IsNone() {
			f.NA[c.ID], f.Reasons[c.ID] = true, reason("reason_"+c.ID)
		}
	}
	if none := q.NoneChoice(); none != nil && f.Selected[none.ID] && len(r.PostForm["choice"]) > 1 && bad == nil {
		bad = invalidField("choice", "%q cannot be chosen together with practices: untick one or the other", none.Title)
	}
	return f, bad
}

// change turns the whole form into a review.Change: the form shows every
// practice, so each one is set to what the form says.
func (f answerForm) change(q *lens.Question) review.Change {
	v := f.Version
	ch := review.Change{Version: &v, Notes: &f.Notes, ChoiceNotes: map[string]string{},
		ChoiceReasons: map[string]opslens.Reason{}}
	if f.QuestionNA {
		ch.NotApplicable, ch.Reason = true, f.Reason
	} else {
		ch.Applicable = true
	}
	for _, c := range q.Choices {
		ch.ChoiceNotes[c.ID] = f.ChoiceNotes[c.ID]
		switch {
		case f.NA[c.ID]:
			ch.ChoiceNA = append(ch.ChoiceNA, c.ID)
			ch.ChoiceReasons[c.ID] = f.Reasons[c.ID]
		case f.Selected[c.ID]:
			ch.Select = append(ch.Select, c.ID)
		default:
			ch.Unselect = append(ch.Unselect, c.ID)
		}
	}
	return ch
}

// questionPage is everything the question page shows.
type questionPage struct {
	W                *opslens.Workload
	Alias, LensName  string
	Result           review.QuestionResult // as stored
	Number, Count    int
	PrevURL, NextURL string
	Choices          []choiceView
	Form             answerForm
	CanWrite         bool
	Error            string
	Conflict         *answerConflict
}

// choiceView is one practice with its guidance, its state in the form and
// the evidence scans found for it.
type choiceView struct {
	*lens.Choice
	Evidence     review.ChoiceEvidence
	FromEvidence bool // selected by a scan, not yet confirmed by a person
}

// answerConflict is what someone else saved while the user was answering.
type answerConflict struct {
	By       string
	At       time.Time
	Risk     opslens.Risk
	Selected []string // practice titles
	NA       bool
	Reason   opslens.Reason
	Notes    string
}

// loadQuestion builds the page of one question from the stored review.
func (s *Server) loadQuestion(r *request) (*questionPage, error) {
	alias, qid := r.PathValue("LensAlias"), r.PathValue("QuestionId")
	res, err := s.reviews.Evaluate(r.Context(), r.Workload)
	if err != nil {
		return nil, err
	}
	var lr *review.LensResult
	for _, x := range res {
		if x.Alias == alias {
			lr = x
		}
	}
	if lr == nil {
		return nil, opslens.Errorf(opslens.ENOTFOUND, "this workload is not reviewed with lens %q", alias)
	}
	qs := lr.Questions()
	i := 0
	for i < len(qs) && qs[i].Question.ID != qid {
		i++
	}
	if i == len(qs) {
		return nil, opslens.Errorf(opslens.ENOTFOUND, "lens %q has no question %q", alias, qid)
	}
	sets, err := s.reviews.Evidence(r.Context(), r.Workload, alias)
	if err != nil {
		return nil, err
	}
	ev := review.EvidenceByChoice(sets)
	p := &questionPage{W: r.Workload, Alias: alias, LensName: lr.Lens.Name, Result: qs[i], Number: i + 1, Count: len(qs),
		Form: formOfAnswer(qs[i].Answer), CanWrite: r.Role.Rank() >= opslens.RoleContributor.Rank()}
	base := workloadPath(r.Workload, "/lenses/"+alias+"/questions/")
	if i > 0 {
		p.PrevURL = base + qs[i-1].Question.ID
	}
	if i+1 < len(qs) {
		p.NextURL = base + qs[i+1].Question.ID
	}
	q := qs[i].Question
	for ci := range q.Choices {
		c := &q.Choices[ci]
		p.Choices = append(p.Choices, choiceView{Choice: c, Evidence: ev[c.ID],
			FromEvidence: qs[i].Answer.Choice(c.ID).Source == opslens.SourceEvidence})
	}
	return p, nil
}

func (s *Server) renderQuestion(w http.ResponseWriter, r *request, status int, p *questionPage) error {
	title := fmt.Sprintf("%s %s · %s", p.Result.Question.ID, p.Result.Question.Title, p.W.Name)
	return s.render(w, r, status, "question.html", title, p)
}

func (s *Server) uiQuestion(w http.ResponseWriter, r *request) error {
	p, err := s.loadQuestion(r)
	if err != nil {
		return err
	}
	return s.renderQuestion(w, r, http.StatusOK, p)
}

// uiAnswerQuestion saves the form against the version it was shown with.
// If someone saved in between, nothing is stored: the page comes back with
// what they saved and the user's own choices still in the form.
func (s *Server) uiAnswerQuestion(w http.ResponseWriter, r *request) error {
	p, err := s.loadQuestion(r)
	if err != nil {
		return err
	}
	q := p.Result.Question
	f, err := readAnswerForm(r, q)
	if err == nil {
		var qr *review.QuestionResult
		qr, err = s.reviews.ApplyChange(r.Context(), r.Workload, p.Alias, q.ID, f.change(q))
		if err == nil {
			s.flash(r, fmt.Sprintf("Saved. %s is now: %s.", q.ID, riskLabel(qr.Risk)))
			return redirect(w, r, r.URL.Path)
		}
	}
	var ce *review.ConflictError
	if errors.As(err, &ce) {
		p.Conflict = s.conflictOf(r, p, ce.Current)
		f.Version = ce.Current.Version // saving again now applies the user's answer knowingly
	}
	status, msg, ok := formProblem(err)
	if !ok {
		return err
	}
	p.Form, p.Error = f, msg
	return s.renderQuestion(w, r, status, p)
}

// conflictOf describes the stored answer, with who saved it from the
// audit log.
func (s *Server) conflictOf(r *request, p *questionPage, cur opslens.Answer) *answerConflict {
	c := &answerConflict{By: "someone", At: cur.UpdatedAt, Risk: cur.Risk, NA: !cur.IsApplicable, Reason: cur.Reason, Notes: cur.Notes}
	for _, id := range cur.Selected() {
		title := id
		if ch := p.Result.Question.Choice(id); ch != nil {
			title = ch.Title
		}
		c.Selected = append(c.Selected, title)
	}
	events, err := s.accounts.History(r.Context(), opslens.AuditFilter{WorkloadID: r.Workload.ID, Limit: 200})
	if err != nil {
		s.log.Warn("read history for a conflict", "request_id", r.ID, "err", err)
		return c
	}
	target := p.Alias + "/" + p.Result.Question.ID
	for _, e := range events {
		if e.Action == opslens.AuditAnswerUpdate && strings.EqualFold(e.Target, target) {
			c.By, c.At = e.Actor, e.At
			break
		}
	}
	return c
}

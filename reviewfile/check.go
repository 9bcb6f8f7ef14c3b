package reviewfile

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/evidence"
	"github.com/opslens/opslens/lens"
	"github.com/opslens/opslens/review"
)

// Policy is one reason 'opslens check' may fail.
type Policy string

const (
	FailHigh       Policy = "high"       // a HIGH risk that no one accepted
	FailMedium     Policy = "medium"     // a HIGH or MEDIUM risk that no one accepted
	FailUnanswered Policy = "unanswered" // a question left unanswered
	FailDrift      Policy = "drift"      // the file and the evidence disagree, or an acceptance expired
)

// Policies lists the accepted policies, for flags and help.
var Policies = []Policy{FailHigh, FailMedium, FailUnanswered, FailDrift}

// ParsePolicies reads a comma-separated --fail-on value.
func ParsePolicies(s string) ([]Policy, error) {
	var out []Policy
	for _, p := range strings.Split(s, ",") {
		p = strings.ToLower(strings.TrimSpace(p))
		if p == "" || p == "none" {
			continue
		}
		if !slices.Contains(Policies, Policy(p)) {
			return nil, opslens.Errorf(opslens.EINVALID, "unknown --fail-on policy %q: use high, medium, unanswered, drift (comma-separated) or none", p)
		}
		out = append(out, Policy(p))
	}
	return out, nil
}

// Drift kinds.
const (
	ClaimedWithoutEvidence = "claimed-without-evidence"
	EvidenceNotClaimed     = "evidence-not-claimed"
)

// Drift is a disagreement between the file and a scan.
type Drift struct {
	Kind           string           `json:"Kind"`
	QuestionID     string           `json:"QuestionId"`
	ChoiceID       string           `json:"ChoiceId"`
	BestPracticeID string           `json:"BestPracticeId"`
	Title          string           `json:"Title"`
	Line           int              `json:"Line,omitempty"` // where the file claims it
	Evidence       []evidence.Proof `json:"Evidence,omitempty"`
}

// Decision is a not-applicable mark or an accepted risk with an owner.
type Decision struct {
	Kind       string `json:"Kind"` // "not-applicable" or "accepted-risk"
	QuestionID string `json:"QuestionId"`
	ChoiceID   string `json:"ChoiceId,omitempty"`
	By         string `json:"By,omitempty"`
	Until      string `json:"Until,omitempty"`
	Line       int    `json:"Line"`
	Expired    bool   `json:"Expired"`
}

// Result is what 'opslens check' reports.
type Result struct {
	Workload  string                  `json:"WorkloadName"`
	Results   *review.LensResult      `json:"-"`
	Plan      []review.PlanItem       `json:"-"`
	Drift     []Drift                 `json:"Drift"`
	Decisions []Decision              `json:"Decisions"`
	Failures  []string                `json:"Failures"`
	Counts    review.RiskCounts       `json:"RiskCounts"`
	Risks     map[string]opslens.Risk `json:"QuestionRisks"`
	lines     map[string]int          // question ID -> line in the file
}

// Passed reports whether no policy failed.
func (r *Result) Passed() bool { return len(r.Failures) == 0 }

// Check evaluates the file's review with the lens, compares it with the
// scan's findings, and applies the policies.
func Check(f *File, alias string, l *lens.Lens, scan *evidence.Report, policies []Policy, now time.Time) (*Result, error) {
	rv, err := f.Resolve(alias, l)
	if err != nil {
		return nil, err
	}
	res, err := review.Evaluate(alias, l, rv.Answers)
	if err != nil {
		return nil, err
	}
	out := &Result{Workload: rv.Workload.Name, Results: res, Counts: res.Counts, Risks: map[string]opslens.Risk{},
		Plan: review.PlanFor([]*review.LensResult{res}, &rv.Workload)}
	for _, q := range res.Questions() {
		out.Risks[q.Question.ID] = q.Risk
	}
	out.lines = map[string]int{}
	for _, q := range f.Questions {
		out.lines[canonicalQuestion(l, q.ID)] = q.Line
	}
	out.Decisions = decisions(f, l, now)
	if scan != nil {
		out.Drift = drift(f, l, res, scan)
	}
	out.Failures = failures(out, policies)
	if out.Drift == nil {
		out.Drift = []Drift{}
	}
	if out.Decisions == nil {
		out.Decisions = []Decision{}
	}
	if out.Failures == nil {
		out.Failures = []string{}
	}
	return out, nil
}

// decisions lists every owned decision of the file with its expiry.
func decisions(f *File, l *lens.Lens, now time.Time) []Decision {
	var out []Decision
	add := func(kind, qid, cid string, a *Acceptance) {
		if a == nil {
			return
		}
		d := Decision{Kind: kind, QuestionID: qid, ChoiceID: cid, By: a.By, Line: a.Line, Expired: a.Expired(now)}
		if !a.Until.IsZero() {
			d.Until = a.Until.Format(time.DateOnly)
		}
		out = append(out, d)
	}
	for _, q := range f.Questions {
		qid := canonicalQuestion(l, q.ID)
		add("not-applicable", qid, "", q.NotApplicable)
		add("accepted-risk", qid, "", q.AcceptedRisk)
		ref, ok := l.Question(qid)
		for _, p := range q.Practices {
			cid := p.Ref.Value
			if ok {
				if c, err := review.ResolveChoice(ref.Question, cid); err == nil {
					cid = c.ID
				}
			}
			add("not-applicable", qid, cid, p.NotApplicable)
		}
	}
	return out
}

func canonicalQuestion(l *lens.Lens, id string) string {
	if ref, err := review.ResolveQuestion(l, "", id); err == nil {
		return ref.Question.ID
	}
	return id
}

// drift compares selections with the scan: a practice of evidence.Expected
// that the file selects but no repository shows, and a practice with
// strong evidence that the file neither selects nor marks not applicable.
func drift(f *File, l *lens.Lens, res *review.LensResult, scan *evidence.Report) []Drift {
	found := map[string]evidence.Finding{}
	for _, fd := range scan.Findings {
		found[fd.ChoiceID] = fd
	}
	lines := selectionLines(f, l)
	var out []Drift
	for _, q := range res.Questions() {
		if !q.Answer.IsApplicable {
			continue
		}
		for _, c := range q.Question.Choices {
			bp := strings.ReplaceAll(c.ID, "_", "-")
			st := q.Answer.Choice(c.ID).Status
			fd, has := found[c.ID]
			switch {
			case st == opslens.ChoiceSelected && !has && slices.Contains(evidence.Expected, bp):
				out = append(out, Drift{Kind: ClaimedWithoutEvidence, QuestionID: q.Question.ID, ChoiceID: c.ID,
					BestPracticeID: bp, Title: c.Title, Line: lines[c.ID]})
			case st == opslens.ChoiceUnselected && has && fd.Confidence == evidence.Strong:
				out = append(out, Drift{Kind: EvidenceNotClaimed, QuestionID: q.Question.ID, ChoiceID: c.ID,
					BestPracticeID: bp, Title: c.Title, Evidence: fd.Evidence})
			}
		}
	}
	return out
}

// selectionLines maps each selected choice to the line that selects it.
func selectionLines(f *File, l *lens.Lens) map[string]int {
	out := map[string]int{}
	for _, q := range f.Questions {
		ref, ok := l.Question(canonicalQuestion(l, q.ID))
		if !ok {
			continue
		}
		for _, r := range q.Selected {
			if c, err := review.ResolveChoice(ref.Question, r.Value); err == nil {
				out[c.ID] = r.Line
			}
		}
	}
	return out
}

// failures applies the policies. A HIGH or MEDIUM risk that the file
// accepts (accepted-risk not yet expired) does not fail high or medium.
func failures(r *Result, policies []Policy) []string {
	accepted := map[string]bool{}
	for _, d := range r.Decisions {
		if d.Kind == "accepted-risk" && !d.Expired {
			accepted[d.QuestionID] = true
		}
	}
	var out []string
	for _, q := range r.Results.Questions() {
		id := q.Question.ID
		switch {
		case q.Risk == opslens.RiskHigh && !accepted[id] && (slices.Contains(policies, FailHigh) || slices.Contains(policies, FailMedium)):
			out = append(out, fmt.Sprintf("%s is at HIGH risk (--fail-on %s)", id, pick(policies, FailHigh, FailMedium)))
		case q.Risk == opslens.RiskMedium && !accepted[id] && slices.Contains(policies, FailMedium):
			out = append(out, fmt.Sprintf("%s is at MEDIUM risk (--fail-on medium)", id))
		case q.Risk == opslens.RiskUnanswered && slices.Contains(policies, FailUnanswered):
			out = append(out, fmt.Sprintf("%s is unanswered (--fail-on unanswered)", id))
		}
	}
	if slices.Contains(policies, FailDrift) {
		for _, d := range r.Drift {
			out = append(out, fmt.Sprintf("%s: %s (--fail-on drift)", d.BestPracticeID, driftText(d.Kind)))
		}
		for _, d := range r.Decisions {
			if d.Expired {
				out = append(out, fmt.Sprintf("line %d: %s of %s expired on %s (--fail-on drift)", d.Line, d.Kind, d.target(), d.Until))
			}
		}
	}
	return out
}

func pick(policies []Policy, first, second Policy) Policy {
	if slices.Contains(policies, first) {
		return first
	}
	return second
}

func (d Decision) target() string {
	if d.ChoiceID != "" {
		return d.ChoiceID
	}
	return d.QuestionID
}

func driftText(kind string) string {
	if kind == ClaimedWithoutEvidence {
		return "selected in the review file, but the scan found no trace of it"
	}
	return "the scan found strong evidence, but the review file does not select it"
}

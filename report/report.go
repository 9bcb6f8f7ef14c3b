// Package report turns an evaluated review state into the documents a
// stakeholder reads: JSON for scripts, Markdown for wikis and pull requests,
// and a single self-contained HTML page for browsers and printing.
//
// Build produces a plain data model, Report, and every renderer works from
// that model alone. Keeping the computation in one place means the three
// formats cannot disagree about a count or the order of the plan.
package report

import (
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/lens"
	"github.com/opslens/opslens/review"
)

// Report is one workload's review at one point in time. JSON field names
// follow the AWS Well-Architected API wherever it has an equivalent, so that
// scripts written against the AWS tool's output read this one unchanged.
// Slices are never nil, so JSON consumers always see arrays.
type Report struct {
	GeneratedAt time.Time `json:"GeneratedAt"`
	Workload    Workload  `json:"Workload"`
	// Milestone is nil when the report shows the current state.
	Milestone       *Milestone    `json:"Milestone"`
	RiskCounts      RiskCounts    `json:"RiskCounts"`
	LensReviews     []LensReview  `json:"LensReviews"`
	ImprovementPlan []Improvement `json:"ImprovementPlan"`
	// Comparison is set when the report compares with a milestone.
	Comparison *Comparison `json:"Comparison,omitempty"`
}

// Workload holds the workload facts shown in a report. Unlike
// opslens.Workload it omits nothing, so every key is present for scripts.
type Workload struct {
	ID                  int64             `json:"WorkloadId"`
	Name                string            `json:"WorkloadName"`
	Description         string            `json:"Description"`
	Environment         string            `json:"Environment"`
	Owner               string            `json:"Owner"`
	ReviewOwner         string            `json:"ReviewOwner"`
	Locations           []string          `json:"Locations"`
	ArchitecturalDesign string            `json:"ArchitecturalDesign"`
	Industry            string            `json:"Industry"`
	IndustryType        string            `json:"IndustryType"`
	Tags                map[string]string `json:"Tags"`
	Notes               string            `json:"Notes"`
	PillarPriorities    []string          `json:"PillarPriorities"`
	Lenses              []string          `json:"Lenses"`
	UpdatedAt           time.Time         `json:"UpdatedAt"`
}

// Milestone identifies the snapshot a report was built from.
type Milestone struct {
	Number     int       `json:"MilestoneNumber"`
	Name       string    `json:"MilestoneName"`
	RecordedAt time.Time `json:"RecordedAt"`
}

// RiskCounts maps every risk to a number of questions; all five keys are
// always present. The accessor methods exist because templates cannot index
// a map keyed by opslens.Risk with a string literal.
type RiskCounts map[opslens.Risk]int

func (c RiskCounts) High() int          { return c[opslens.RiskHigh] }
func (c RiskCounts) Medium() int        { return c[opslens.RiskMedium] }
func (c RiskCounts) None() int          { return c[opslens.RiskNone] }
func (c RiskCounts) NotApplicable() int { return c[opslens.RiskNotApplicable] }
func (c RiskCounts) Unanswered() int    { return c[opslens.RiskUnanswered] }

// Total is the number of questions counted.
func (c RiskCounts) Total() int {
	n := 0
	for _, v := range c {
		n += v
	}
	return n
}

func countsOf(src review.RiskCounts) RiskCounts {
	c := RiskCounts{}
	for _, r := range opslens.Risks {
		c[r] = src[r]
	}
	return c
}

// LensReview is the review of one lens applied to the workload.
type LensReview struct {
	LensAlias             string          `json:"LensAlias"`
	LensName              string          `json:"LensName"`
	LensVersion           string          `json:"LensVersion"`
	RiskCounts            RiskCounts      `json:"RiskCounts"`
	PillarReviewSummaries []PillarSummary `json:"PillarReviewSummaries"`
	Answers               []Answer        `json:"Answers"`
}

// PillarSummary rolls up the questions of one pillar.
type PillarSummary struct {
	PillarID   string     `json:"PillarId"`
	PillarName string     `json:"PillarName"`
	RiskCounts RiskCounts `json:"RiskCounts"`
}

// Answer is one question with its evaluated risk. Every question of the lens
// appears, answered or not, so a reader can see what is still open.
type Answer struct {
	QuestionID    string         `json:"QuestionId"`
	PillarID      string         `json:"PillarId"`
	PillarName    string         `json:"PillarName"`
	QuestionTitle string         `json:"QuestionTitle"`
	Risk          opslens.Risk   `json:"Risk"`
	IsApplicable  bool           `json:"IsApplicable"`
	Reason        opslens.Reason `json:"Reason"`
	Notes         string         `json:"Notes"`
	// Choices lists the question's choices, as the AWS GetAnswer call does,
	// so readers can tell how many practices there are in all.
	Choices         []Choice       `json:"Choices"`
	SelectedChoices []string       `json:"SelectedChoices"`
	ChoiceAnswers   []ChoiceAnswer `json:"ChoiceAnswers"`
	// MissingChoices are the practices an answered, applicable question
	// neither follows nor marks not applicable: the source of the plan.
	MissingChoices []string `json:"MissingChoices"`
	// Evidence lists what scans of the workload's repositories found for
	// the question's practices, in lens order.
	Evidence []PracticeEvidence `json:"Evidence,omitempty"`
}

// Choice is a choice of a question.
type Choice struct {
	ID    string `json:"ChoiceId"`
	Title string `json:"Title"`
}

// IsNone reports whether this is the "None of these" choice, which the AWS
// format marks by an ID ending in "_no".
func (c Choice) IsNone() bool { return strings.HasSuffix(c.ID, "_no") }

// ChoiceAnswer is the recorded state of one choice.
type ChoiceAnswer struct {
	ChoiceID string               `json:"ChoiceId"`
	Status   opslens.ChoiceStatus `json:"Status"`
	Reason   opslens.Reason       `json:"Reason"`
	Notes    string               `json:"Notes"`
	// Source is EVIDENCE for a selection made from scan evidence that no
	// person has confirmed yet.
	Source string `json:"Source,omitempty"`
}

// Answered reports whether the question has been answered (possibly as not
// applicable).
func (a Answer) Answered() bool { return a.Risk != opslens.RiskUnanswered }

// Practices is the number of choices that are best practices, that is every
// choice but "None of these".
func (a Answer) Practices() int {
	n := 0
	for _, c := range a.Choices {
		if !c.IsNone() {
			n++
		}
	}
	return n
}

// PracticesSelected is the number of selected best practices; selecting
// "None of these" counts as zero.
func (a Answer) PracticesSelected() int {
	n := 0
	for _, id := range a.SelectedChoices {
		if !(Choice{ID: id}).IsNone() {
			n++
		}
	}
	return n
}

// ChoiceTitle returns the title of a choice of the question, or its ID.
func (a Answer) ChoiceTitle(id string) string {
	for _, c := range a.Choices {
		if c.ID == id {
			return c.Title
		}
	}
	return id
}

// HasNotes reports whether the question or any of its choices has notes.
func (a Answer) HasNotes() bool {
	return strings.TrimSpace(a.Notes) != "" || len(a.ChoiceNotes()) > 0
}

// ChoiceNotes returns the recorded choices that carry notes, in stored order.
func (a Answer) ChoiceNotes() []ChoiceAnswer {
	var out []ChoiceAnswer
	for _, c := range a.ChoiceAnswers {
		if strings.TrimSpace(c.Notes) != "" {
			out = append(out, c)
		}
	}
	return out
}

// Improvement is one missing best practice in the improvement plan.
type Improvement struct {
	Position      int          `json:"Position"`
	LensAlias     string       `json:"LensAlias"`
	PillarID      string       `json:"PillarId"`
	PillarName    string       `json:"PillarName"`
	QuestionID    string       `json:"QuestionId"`
	QuestionTitle string       `json:"QuestionTitle"`
	Risk          opslens.Risk `json:"Risk"` // the question's risk
	ChoiceID      string       `json:"ChoiceId"`
	ChoiceTitle   string       `json:"ChoiceTitle"`
	// BestPracticeID is the published practice ID (such as OPS01-BP01)
	// when the lens records one, else the choice ID.
	BestPracticeID  string          `json:"BestPracticeId"`
	Level           lens.Level      `json:"Level"`
	ImprovementPlan ImprovementPlan `json:"ImprovementPlan"`
	// Steps are the improvement plan split into numbered steps, so that
	// renderers need not parse DisplayText.
	Steps []string `json:"Steps"`
	// Evidence is partial (or unconfirmed strong) evidence scans found for
	// the missing practice: a head start for the improvement.
	Evidence *PracticeEvidence `json:"Evidence,omitempty"`
}

// ImprovementPlan mirrors the AWS ChoiceImprovementPlan.
type ImprovementPlan struct {
	DisplayText string `json:"DisplayText"`
	URL         string `json:"ImprovementPlanUrl,omitempty"`
}

// Build assembles the report of a review state. It computes the improvement
// plan itself, ordered by the workload's pillar priorities.
func Build(st *review.State, generatedAt time.Time) *Report {
	w := st.Workload
	r := &Report{
		GeneratedAt: generatedAt.UTC(),
		Workload: Workload{
			ID: w.ID, Name: w.Name, Description: w.Description, Environment: string(w.Environment),
			Owner: w.Owner, ReviewOwner: w.ReviewOwner, Locations: strs(w.Locations),
			ArchitecturalDesign: w.ArchitecturalDesign, Industry: w.Industry, IndustryType: w.IndustryType,
			Tags: map[string]string{}, Notes: w.Notes, PillarPriorities: strs(w.PillarPriorities),
			Lenses: strs(w.Lenses), UpdatedAt: w.UpdatedAt.UTC(),
		},
		RiskCounts:      countsOf(review.Counts(st.Results)),
		LensReviews:     []LensReview{},
		ImprovementPlan: []Improvement{},
	}
	for k, v := range w.Tags {
		r.Workload.Tags[k] = v
	}
	if m := st.Milestone; m != nil {
		r.Milestone = &Milestone{Number: m.Number, Name: m.Name, RecordedAt: m.RecordedAt.UTC()}
	}
	for _, res := range st.Results {
		r.LensReviews = append(r.LensReviews, lensReview(res, st.Evidence[res.Alias]))
	}
	for i, it := range review.PlanFor(st.Results, &w) {
		im := improvement(i+1, it)
		if ev, ok := st.Evidence[it.LensAlias][it.Choice.ID]; ok {
			pe := practiceEvidence(it.Choice, ev)
			im.Evidence = &pe
		}
		r.ImprovementPlan = append(r.ImprovementPlan, im)
	}
	return r
}

func lensReview(res *review.LensResult, evidence map[string]review.ChoiceEvidence) LensReview {
	lr := LensReview{
		LensAlias: res.Alias, LensName: res.Lens.Name, LensVersion: res.Lens.Version(),
		RiskCounts:            countsOf(res.Counts),
		PillarReviewSummaries: []PillarSummary{},
		Answers:               []Answer{},
	}
	for _, p := range res.Pillars {
		lr.PillarReviewSummaries = append(lr.PillarReviewSummaries, PillarSummary{PillarID: p.ID, PillarName: p.Name, RiskCounts: countsOf(p.Counts)})
		for _, q := range p.Questions {
			a := answer(q)
			for i := range q.Question.Choices {
				c := &q.Question.Choices[i]
				if ev, ok := evidence[c.ID]; ok {
					a.Evidence = append(a.Evidence, practiceEvidence(c, ev))
				}
			}
			lr.Answers = append(lr.Answers, a)
		}
	}
	return lr
}

func answer(q review.QuestionResult) Answer {
	a := Answer{
		QuestionID: q.Question.ID, PillarID: q.PillarID, PillarName: q.PillarName, QuestionTitle: q.Question.Title,
		Risk: q.Risk, IsApplicable: q.Answer.IsApplicable, Reason: q.Answer.Reason, Notes: q.Answer.Notes,
		Choices: []Choice{}, SelectedChoices: []string{}, ChoiceAnswers: []ChoiceAnswer{}, MissingChoices: []string{},
	}
	for _, ch := range q.Question.Choices {
		a.Choices = append(a.Choices, Choice{ID: ch.ID, Title: ch.Title})
	}
	for _, c := range q.Answer.Choices {
		// Evaluate ignores choice IDs the lens does not know (a hand-edited
		// store); dropping them here keeps the counts consistent with the risk.
		if q.Question.Choice(c.ChoiceID) == nil {
			continue
		}
		if c.Status == opslens.ChoiceSelected {
			a.SelectedChoices = append(a.SelectedChoices, c.ChoiceID)
		}
		a.ChoiceAnswers = append(a.ChoiceAnswers, ChoiceAnswer{ChoiceID: c.ChoiceID, Status: c.Status, Reason: c.Reason, Notes: c.Notes, Source: c.Source})
	}
	for _, ch := range q.Missing {
		a.MissingChoices = append(a.MissingChoices, ch.ID)
	}
	return a
}

func improvement(pos int, it review.PlanItem) Improvement {
	ch := it.Choice
	im := Improvement{
		Position: pos, LensAlias: it.LensAlias, PillarID: it.PillarID, PillarName: it.PillarName,
		QuestionID: it.QuestionID, QuestionTitle: it.Question, Risk: it.QuestionRisk,
		ChoiceID: ch.ID, ChoiceTitle: ch.Title, BestPracticeID: ch.ID, Level: it.Level,
	}
	if ch.Ext != nil && ch.Ext.BestPractice != "" {
		im.BestPracticeID = ch.Ext.BestPractice
	}
	if ch.ImprovementPlan != nil {
		im.ImprovementPlan = ImprovementPlan{DisplayText: ch.ImprovementPlan.DisplayText, URL: ch.ImprovementPlan.URL}
	}
	var guided []string
	if ch.Ext != nil && ch.Ext.Guidance != nil {
		guided = ch.Ext.Guidance.Steps
	}
	im.Steps = steps(guided, im.ImprovementPlan.DisplayText)
	return im
}

var stepPrefix = regexp.MustCompile(`^(\d+[.)]|[-*•])\s+`)

// steps prefers the lens's structured guidance steps. Lenses from the AWS
// tool only have display text, which is either one paragraph or, as the
// built-in lens writes it, one "N. step" per line; both become a list.
func steps(guided []string, text string) []string {
	out := []string{}
	for _, s := range guided {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(stepPrefix.ReplaceAllString(strings.TrimSpace(line), ""))
		if line != "" {
			out = append(out, line)
		}
	}
	return out
}

func strs(s []string) []string {
	return append([]string{}, s...)
}

// QuestionCount is the number of questions across all lens reviews.
func (r *Report) QuestionCount() int { return r.RiskCounts.Total() }

// Summary is the one-sentence verdict shown at the top of every format,
// such as "4 high and 2 medium risks across 11 questions; 1 unanswered."
func (r *Report) Summary() string {
	c := r.RiskCounts
	total := c.Total()
	switch {
	case total == 0:
		return "No questions to review: no lens is applied to this workload."
	case c.Unanswered() == total:
		return fmt.Sprintf("No answers yet: all %s are unanswered.", plural(total, "question"))
	}
	noun := "risks"
	if c.High()+c.Medium() == 1 {
		noun = "risk"
	}
	s := fmt.Sprintf("%d high and %d medium %s across %s", c.High(), c.Medium(), noun, plural(total, "question"))
	var tail []string
	if n := c.Unanswered(); n > 0 {
		tail = append(tail, fmt.Sprintf("%d unanswered", n))
	}
	if n := c.NotApplicable(); n > 0 {
		tail = append(tail, fmt.Sprintf("%d not applicable", n))
	}
	if len(tail) > 0 {
		s += "; " + strings.Join(tail, ", ")
	}
	return s + "."
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// PlanGroup is the part of the plan at one practice level.
type PlanGroup struct {
	Level lens.Level
	Items []Improvement
}

// PlanGroups splits the plan by level, High first, skipping empty levels.
// The plan is already sorted by level, so order within a group is kept.
func (r *Report) PlanGroups() []PlanGroup {
	var out []PlanGroup
	for _, lvl := range []lens.Level{lens.LevelHigh, lens.LevelMedium, lens.LevelLow} {
		g := PlanGroup{Level: lvl}
		for _, it := range r.ImprovementPlan {
			if it.Level.Rank() == lvl.Rank() {
				g.Items = append(g.Items, it)
			}
		}
		if len(g.Items) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// HasNotes reports whether the workload or any question has notes.
func (r *Report) HasNotes() bool {
	if strings.TrimSpace(r.Workload.Notes) != "" {
		return true
	}
	for _, lr := range r.LensReviews {
		for _, a := range lr.Answers {
			if a.HasNotes() {
				return true
			}
		}
	}
	return false
}

// MultiLens reports whether more than one lens is applied, in which case
// renderers name the lens next to pillars and questions.
func (r *Report) MultiLens() bool { return len(r.LensReviews) > 1 }

// JSON writes the report as indented JSON with a trailing newline.
func JSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	// The output is a standalone file, not a fragment embedded in HTML, so
	// "<" and "&" in user text stay readable instead of becoming \u003c.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("write JSON report: %w", err)
	}
	return nil
}

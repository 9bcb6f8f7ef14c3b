package report

import (
	"cmp"
	"encoding/json"
	"fmt"
	htmltemplate "html/template"
	"io"
	"slices"
	texttemplate "text/template"
	"time"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/review"
)

// Portfolio is the report on many workloads at once: their risks, what
// the portfolio most often gets wrong, and which reviews need attention.
type Portfolio struct {
	GeneratedAt    time.Time           `json:"GeneratedAt"`
	Scope          string              `json:"Scope"`
	StaleAfterDays int                 `json:"StaleAfterDays"`
	RiskCounts     RiskCounts          `json:"RiskCounts"`
	Workloads      []PortfolioWorkload `json:"Workloads"`
	TopQuestions   []QuestionAtRisk    `json:"QuestionsMostAtRisk"`
	TopPractices   []PracticeMissing   `json:"PracticesMostMissing"`
	NotReviewed    []string            `json:"WorkloadsNotReviewed"`
	Stale          []string            `json:"WorkloadsWithStaleReviews"`
}

// PortfolioWorkload is one workload's line.
type PortfolioWorkload struct {
	ID            int64      `json:"WorkloadId"`
	Name          string     `json:"WorkloadName"`
	Owner         string     `json:"Owner"`
	Environment   string     `json:"Environment"`
	RiskCounts    RiskCounts `json:"RiskCounts"`
	Milestones    int        `json:"Milestones"`
	LastMilestone *time.Time `json:"LastMilestoneAt"`
	Stale         bool       `json:"Stale"`
}

// QuestionAtRisk counts the workloads with a high or medium risk on a
// question.
type QuestionAtRisk struct {
	QuestionID string `json:"QuestionId"`
	Title      string `json:"QuestionTitle"`
	High       int    `json:"High"`
	Medium     int    `json:"Medium"`
}

// PracticeMissing counts the workloads that answered a question and miss
// one of its practices.
type PracticeMissing struct {
	QuestionID     string `json:"QuestionId"`
	ChoiceID       string `json:"ChoiceId"`
	BestPracticeID string `json:"BestPracticeId"`
	Title          string `json:"Title"`
	Workloads      int    `json:"Workloads"`
}

// topN keeps the portfolio's lists short enough to act on.
const topN = 10

// BuildPortfolio assembles the portfolio report from the service's data.
// A workload is stale when its latest milestone is older than staleAfter,
// or it has none and was last changed longer ago than that.
func BuildPortfolio(d *review.PortfolioData, scope string, staleAfter time.Duration, now time.Time) *Portfolio {
	p := &Portfolio{GeneratedAt: now.UTC(), Scope: scope, StaleAfterDays: int(staleAfter.Hours() / 24), RiskCounts: RiskCounts{},
		Workloads: []PortfolioWorkload{}, TopQuestions: []QuestionAtRisk{}, TopPractices: []PracticeMissing{}, NotReviewed: []string{}, Stale: []string{}}
	for _, r := range opslens.Risks {
		p.RiskCounts[r] = 0
	}
	marks := make(map[int64]opslens.MilestoneMark, len(d.Milestones))
	for _, m := range d.Milestones {
		marks[m.WorkloadID] = m
	}
	inScope := make(map[int64]bool, len(d.Rows))
	for _, row := range d.Rows {
		w := row.Workload
		inScope[w.ID] = true
		pw := PortfolioWorkload{ID: w.ID, Name: w.Name, Owner: w.Owner, Environment: string(w.Environment), RiskCounts: countsOf(row.Counts)}
		last := w.UpdatedAt
		if m, ok := marks[w.ID]; ok {
			at := m.RecordedAt
			pw.Milestones, pw.LastMilestone, last = m.Count, &at, at
		}
		pw.Stale = now.Sub(last) > staleAfter
		for r, n := range row.Counts {
			p.RiskCounts[r] += n
		}
		if pw.RiskCounts.Unanswered() == pw.RiskCounts.Total() {
			p.NotReviewed = append(p.NotReviewed, w.Name)
		} else if pw.Stale {
			p.Stale = append(p.Stale, w.Name)
		}
		p.Workloads = append(p.Workloads, pw)
	}
	p.countAnswers(d, inScope)
	return p
}

// countAnswers fills the question and practice lists from the answers of
// the workloads in scope.
func (p *Portfolio) countAnswers(d *review.PortfolioData, inScope map[int64]bool) {
	questions := map[string]*QuestionAtRisk{}
	practices := map[string]*PracticeMissing{}
	for _, a := range d.Answers {
		l := d.Lenses[a.LensAlias]
		if !inScope[a.WorkloadID] || l == nil {
			continue
		}
		ref, ok := l.Question(a.QuestionID)
		if !ok {
			continue
		}
		q := questions[a.QuestionID]
		if q == nil {
			q = &QuestionAtRisk{QuestionID: a.QuestionID, Title: ref.Question.Title}
			questions[a.QuestionID] = q
		}
		switch a.Risk {
		case opslens.RiskHigh:
			q.High++
		case opslens.RiskMedium:
			q.Medium++
		}
		if !a.IsApplicable || a.Risk == opslens.RiskUnanswered || a.Risk == "" {
			continue
		}
		for _, c := range ref.Question.Choices {
			if (Choice{ID: c.ID}).IsNone() || slices.Contains(a.Chosen, c.ID) {
				continue
			}
			pm := practices[c.ID]
			if pm == nil {
				pm = &PracticeMissing{QuestionID: a.QuestionID, ChoiceID: c.ID, BestPracticeID: c.ID, Title: c.Title}
				if c.Ext != nil && c.Ext.BestPractice != "" {
					pm.BestPracticeID = c.Ext.BestPractice
				}
				practices[c.ID] = pm
			}
			pm.Workloads++
		}
	}
	for _, q := range questions {
		if q.High+q.Medium > 0 {
			p.TopQuestions = append(p.TopQuestions, *q)
		}
	}
	slices.SortFunc(p.TopQuestions, func(a, b QuestionAtRisk) int {
		return cmp.Or(cmp.Compare(b.High, a.High), cmp.Compare(b.Medium, a.Medium), cmp.Compare(a.QuestionID, b.QuestionID))
	})
	for _, pm := range practices {
		p.TopPractices = append(p.TopPractices, *pm)
	}
	slices.SortFunc(p.TopPractices, func(a, b PracticeMissing) int {
		return cmp.Or(cmp.Compare(b.Workloads, a.Workloads), cmp.Compare(a.ChoiceID, b.ChoiceID))
	})
	p.TopQuestions = p.TopQuestions[:min(len(p.TopQuestions), topN)]
	p.TopPractices = p.TopPractices[:min(len(p.TopPractices), topN)]
}

// PortfolioJSON writes the portfolio report as indented JSON.
func PortfolioJSON(w io.Writer, p *Portfolio) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(p)
}

var (
	portfolioMarkdownTmpl = texttemplate.Must(texttemplate.New("portfolio.md.tmpl").
				Funcs(texttemplate.FuncMap(sharedFuncs())).Funcs(markdownFuncs).
				ParseFS(templateFS, "templates/portfolio.md.tmpl"))
	portfolioHTMLTmpl = htmltemplate.Must(htmltemplate.New("portfolio.html.tmpl").
				Funcs(htmltemplate.FuncMap(sharedFuncs())).Funcs(htmlFuncs).
				Funcs(htmltemplate.FuncMap{"pct": func(n, total int) string { return fmt.Sprintf("%.2f", 100*float64(n)/float64(total)) }}).
				ParseFS(templateFS, "templates/portfolio.html.tmpl"))
)

// PortfolioMarkdown writes the portfolio report as Markdown.
func PortfolioMarkdown(w io.Writer, p *Portfolio) error {
	if err := portfolioMarkdownTmpl.Execute(w, p); err != nil {
		return fmt.Errorf("write the Markdown portfolio report: %w", err)
	}
	return nil
}

// PortfolioHTML writes the portfolio report as one self-contained page.
func PortfolioHTML(w io.Writer, p *Portfolio) error {
	if err := portfolioHTMLTmpl.Execute(w, p); err != nil {
		return fmt.Errorf("write the HTML portfolio report: %w", err)
	}
	return nil
}

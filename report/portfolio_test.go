package report

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/lens"
	"github.com/opslens/opslens/review"
)

// portfolioData is three workloads of the fixture lens: one reviewed with
// a recent milestone, one reviewed long ago, one never answered.
func portfolioData(t *testing.T) *review.PortfolioData {
	t.Helper()
	l := fixtureLens(t)
	mk := func(id int64, name, owner string, answers []opslens.Answer) review.PortfolioRow {
		w := &opslens.Workload{ID: id, Name: name, Owner: owner, Environment: opslens.EnvProduction, UpdatedAt: updated, Lenses: []string{"fixture"}}
		res, err := review.Evaluate("fixture", l, answers)
		if err != nil {
			t.Fatal(err)
		}
		return review.PortfolioRow{Workload: w, Counts: res.Counts}
	}
	answers := mixedAnswers()
	var pa []opslens.PortfolioAnswer
	res, err := review.Evaluate("fixture", l, answers)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{1, 2} {
		for _, p := range res.Pillars {
			for _, q := range p.Questions {
				if q.Risk == opslens.RiskUnanswered {
					continue
				}
				var chosen []string
				for _, c := range q.Answer.Choices {
					if c.Status != opslens.ChoiceUnselected {
						chosen = append(chosen, c.ChoiceID)
					}
				}
				pa = append(pa, opslens.PortfolioAnswer{WorkloadID: id, LensAlias: "fixture", QuestionID: q.Question.ID, Risk: q.Risk, IsApplicable: q.Answer.IsApplicable, Chosen: chosen})
			}
		}
	}
	return &review.PortfolioData{
		Rows:    []review.PortfolioRow{mk(1, "Payments API", "team-payments", answers), mk(2, "Ledger", "team-ledger", answers), mk(3, "Batch jobs", "team-ledger", nil)},
		Answers: pa,
		Milestones: []opslens.MilestoneMark{{WorkloadID: 1, Number: 2, RecordedAt: generated.Add(-10 * 24 * time.Hour), Count: 2},
			{WorkloadID: 2, Number: 1, RecordedAt: generated.Add(-200 * 24 * time.Hour), Count: 1}},
		Lenses: map[string]*lens.Lens{"fixture": l},
	}
}

func TestPortfolioGolden(t *testing.T) {
	p := BuildPortfolio(portfolioData(t), "All workloads", 90*24*time.Hour, generated)
	if len(p.NotReviewed) != 1 || p.NotReviewed[0] != "Batch jobs" || len(p.Stale) != 1 || p.Stale[0] != "Ledger" {
		t.Errorf("attention: not reviewed %v, stale %v", p.NotReviewed, p.Stale)
	}
	if len(p.TopQuestions) == 0 || p.TopQuestions[0].High+p.TopQuestions[0].Medium != 2 || len(p.TopPractices) == 0 || p.TopPractices[0].Workloads != 2 {
		t.Errorf("top lists: %+v %+v", p.TopQuestions, p.TopPractices)
	}
	for _, f := range []struct {
		ext    string
		render func(*bytes.Buffer, *Portfolio) error
	}{
		{"md", func(b *bytes.Buffer, p *Portfolio) error { return PortfolioMarkdown(b, p) }},
		{"html", func(b *bytes.Buffer, p *Portfolio) error { return PortfolioHTML(b, p) }},
		{"json", func(b *bytes.Buffer, p *Portfolio) error { return PortfolioJSON(b, p) }},
	} {
		var b bytes.Buffer
		if err := f.render(&b, p); err != nil {
			t.Fatal(err)
		}
		golden(t, filepath.Join("testdata", "portfolio."+f.ext), b.Bytes())
	}
	path := filepath.Join(t.TempDir(), "portfolio.pdf")
	var b bytes.Buffer
	if err := PortfolioPDF(&b, p); err != nil {
		t.Fatal(err)
	}
	writeFile(t, path, b.Bytes())
	text := runTool(t, "pdftotext", "-layout", path, "-")
	for _, want := range []string{"Portfolio review", "Payments API", "Ledger (stale)", "Not reviewed yet: Batch jobs.", "Page 1 of 1"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q:\n%s", want, text)
		}
	}
}

// BenchmarkPortfolio builds and renders the report of 10,000 workloads
// (the data already read), the part of `opslens report --portfolio` that
// grows with the portfolio besides the store's two queries.
func BenchmarkPortfolio(b *testing.B) {
	t := &testing.T{}
	one := portfolioData(t)
	d := &review.PortfolioData{Lenses: one.Lenses}
	for i := range 10000 {
		r := one.Rows[i%3]
		w := *r.Workload
		w.ID, w.Name = int64(i+1), w.Name+" "+strings.Repeat("x", i%7)
		d.Rows = append(d.Rows, review.PortfolioRow{Workload: &w, Counts: r.Counts})
		for _, a := range one.Answers {
			if a.WorkloadID == 1 {
				a.WorkloadID = w.ID
				d.Answers = append(d.Answers, a)
			}
		}
	}
	for _, f := range []struct {
		name   string
		render func(*bytes.Buffer, *Portfolio) error
	}{
		{"HTML", func(b *bytes.Buffer, p *Portfolio) error { return PortfolioHTML(b, p) }},
		{"JSON", func(b *bytes.Buffer, p *Portfolio) error { return PortfolioJSON(b, p) }},
	} {
		b.Run(f.name, func(b *testing.B) {
			for b.Loop() {
				var buf bytes.Buffer
				if err := f.render(&buf, BuildPortfolio(d, "All workloads", 90*24*time.Hour, generated)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

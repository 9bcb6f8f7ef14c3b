package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/johnfercher/maroto/v2"
	"github.com/johnfercher/maroto/v2/pkg/components/text"
	"github.com/johnfercher/maroto/v2/pkg/consts/fontstyle"
	"github.com/johnfercher/maroto/v2/pkg/core"
	"github.com/johnfercher/maroto/v2/pkg/props"
)

// PortfolioPDF writes the portfolio report as a PDF, with the review
// report's fonts, margins and page numbers.
func PortfolioPDF(w io.Writer, p *Portfolio) error {
	fonts, err := pdfFonts()
	if err != nil {
		return err
	}
	m := maroto.New(pdfConfig(fonts, "Portfolio review: "+p.Scope, p.GeneratedAt, true))
	m.AddRows(pdfHeading("Portfolio review: Operational Excellence", 20),
		pdfSmall(fmt.Sprintf("%s: %d workloads, generated %s UTC", p.Scope, len(p.Workloads), p.GeneratedAt.Format("2006-01-02 15:04"))))
	rows, err := riskRows(p.RiskCounts)
	if err != nil {
		return err
	}
	m.AddRows(rows...)
	m.AddRows(pdfHeading("Questions most often at risk", 14))
	for _, q := range p.TopQuestions {
		m.AddRows(pdfPara(fmt.Sprintf("%s %s: %d high, %d medium", q.QuestionID, q.Title, q.High, q.Medium)))
	}
	m.AddRows(pdfHeading("Practices most often missing", 14))
	for _, pm := range p.TopPractices {
		m.AddRows(pdfPara(fmt.Sprintf("%s %s: missing in %d workloads", pm.BestPracticeID, pm.Title, pm.Workloads)))
	}
	m.AddRows(pdfHeading("Reviews that need attention", 14),
		pdfPara("Not reviewed yet: "+listOrNone(p.NotReviewed)),
		pdfPara(fmt.Sprintf("No milestone in the last %d days: %s", p.StaleAfterDays, listOrNone(p.Stale))),
		pdfHeading("Workloads", 14), workloadRow("Workload", "Owner", "High", "Medium", "Unanswered", "Last milestone", true))
	for _, wl := range p.Workloads {
		last := "none"
		if wl.LastMilestone != nil {
			last = wl.LastMilestone.Format("2006-01-02")
		}
		name := wl.Name
		if wl.Stale {
			name += " (stale)"
		}
		m.AddRows(workloadRow(name, wl.Owner, fmt.Sprint(wl.RiskCounts.High()), fmt.Sprint(wl.RiskCounts.Medium()), fmt.Sprint(wl.RiskCounts.Unanswered()), last, false))
	}
	doc, err := m.Generate()
	if err != nil {
		return fmt.Errorf("lay out the PDF portfolio report: %w", err)
	}
	_, err = w.Write(doc.GetBytes())
	return err
}

func workloadRow(name, owner, high, medium, open, last string, head bool) core.Row {
	p := props.Text{Size: 8.5, Top: 0.5}
	if head {
		p.Style = fontstyle.Bold
	}
	r := p
	r.Align = "R"
	return mrowNew().Add(text.NewCol(4, name, p), text.NewCol(3, owner, p), text.NewCol(1, high, r),
		text.NewCol(1, medium, r), text.NewCol(1, open, r), text.NewCol(2, last, r))
}

func listOrNone(names []string) string {
	if len(names) == 0 {
		return "none."
	}
	return strings.Join(names, ", ") + "."
}

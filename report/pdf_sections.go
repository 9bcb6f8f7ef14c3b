package report

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"

	"github.com/johnfercher/maroto/v2/pkg/components/col"
	mimage "github.com/johnfercher/maroto/v2/pkg/components/image"
	mrow "github.com/johnfercher/maroto/v2/pkg/components/row"
	"github.com/johnfercher/maroto/v2/pkg/components/text"
	"github.com/johnfercher/maroto/v2/pkg/consts/extension"
	"github.com/johnfercher/maroto/v2/pkg/consts/fontstyle"
	"github.com/johnfercher/maroto/v2/pkg/core"
	"github.com/johnfercher/maroto/v2/pkg/props"

	"github.com/opslens/opslens"
)

// pdfSections lays out the report's parts after the cover and contents.
func pdfSections(r *Report) ([]pdfSection, error) {
	summary, err := pdfSummary(r)
	if err != nil {
		return nil, err
	}
	out := []pdfSection{{"Risk summary", summary}}
	if r.Comparison != nil {
		out = append(out, pdfSection{"Changes since " + r.Comparison.From, pdfComparison(r.Comparison, r.RiskCounts)})
	}
	for _, lr := range r.LensReviews {
		title := "Questions"
		if r.MultiLens() {
			title = "Questions: " + lr.LensName
		}
		out = append(out, pdfSection{title, pdfQuestions(lr)})
	}
	out = append(out, pdfSection{"Improvement plan", pdfPlan(r)})
	if r.HasNotes() {
		out = append(out, pdfSection{"Notes", pdfNotes(r)})
	}
	return out, nil
}

// riskColors follow the web app and the HTML report.
var riskColors = map[opslens.Risk]color.RGBA{
	opslens.RiskHigh:          {192, 57, 43, 255},
	opslens.RiskMedium:        {224, 168, 0, 255},
	opslens.RiskNone:          {46, 125, 50, 255},
	opslens.RiskNotApplicable: {144, 164, 174, 255},
	opslens.RiskUnanswered:    {207, 216, 220, 255},
}

// riskBar draws one bar of the chart: the share n/total of its width in
// the risk's colour over a pale track.
func riskBar(risk opslens.Risk, n, total int) ([]byte, error) {
	const w, h = 600, 28
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	track := color.RGBA{236, 239, 241, 255}
	filled := 0
	if total > 0 {
		filled = w * n / total
	}
	for x := range w {
		c := track
		if x < filled {
			c = riskColors[risk]
		}
		for y := range h {
			img.SetRGBA(x, y, c)
		}
	}
	var b bytes.Buffer
	err := png.Encode(&b, img)
	return b.Bytes(), err
}

func pdfSummary(r *Report) ([]core.Row, error) {
	rows := []core.Row{pdfHeading("Risk summary", 18), pdfPara(r.Summary(), props.Text{Size: 11, Bottom: 4})}
	bars, err := riskRows(r.RiskCounts)
	if err != nil {
		return nil, err
	}
	rows = append(rows, bars...)
	for _, lr := range r.LensReviews {
		rows = append(rows, pdfHeading("By pillar: "+lr.LensName, 13), mrow.New().Add(
			text.NewCol(6, "Pillar", props.Text{Style: fontstyle.Bold, Size: 9}),
			text.NewCol(2, "High", props.Text{Style: fontstyle.Bold, Size: 9, Align: "R"}),
			text.NewCol(2, "Medium", props.Text{Style: fontstyle.Bold, Size: 9, Align: "R"}),
			text.NewCol(2, "Unanswered", props.Text{Style: fontstyle.Bold, Size: 9, Align: "R"}),
		))
		for _, p := range lr.PillarReviewSummaries {
			rows = append(rows, mrow.New().Add(
				text.NewCol(6, p.PillarName, props.Text{Size: 9, Top: 1}),
				text.NewCol(2, fmt.Sprint(p.RiskCounts.High()), props.Text{Size: 9, Top: 1, Align: "R"}),
				text.NewCol(2, fmt.Sprint(p.RiskCounts.Medium()), props.Text{Size: 9, Top: 1, Align: "R"}),
				text.NewCol(2, fmt.Sprint(p.RiskCounts.Unanswered()), props.Text{Size: 9, Top: 1, Align: "R"}),
			))
		}
	}
	return rows, nil
}

// riskRows is the chart: a bar per risk with its count.
func riskRows(c RiskCounts) ([]core.Row, error) {
	var rows []core.Row
	total := c.Total()
	for _, risk := range opslens.Risks {
		n := c[risk]
		bar, err := riskBar(risk, n, total)
		if err != nil {
			return nil, err
		}
		rows = append(rows, mrow.New(7).Add(
			text.NewCol(3, RiskLabel(risk), props.Text{Size: 10, Top: 1}),
			text.NewCol(1, fmt.Sprint(n), props.Text{Size: 10, Style: fontstyle.Bold, Top: 1, Align: "R", Right: 2}),
			col.New(8).Add(mimage.NewFromBytes(bar, extension.Png, props.Rect{Percent: 80, Top: 1.5})),
		))
	}
	return rows, nil
}

// pdfQuestions lists every question of a lens review with its risk, what
// is selected and missing, why a question does not apply, and evidence.
func pdfQuestions(lr LensReview) []core.Row {
	rows := []core.Row{pdfHeading("Questions", 18), pdfSmall(lr.LensName + " " + lr.LensVersion)}
	for _, a := range lr.Answers {
		rows = append(rows, mrow.New().Add(
			text.NewCol(9, a.QuestionID+" "+a.QuestionTitle, props.Text{Size: 10.5, Style: fontstyle.Bold, Top: 3}),
			text.NewCol(3, RiskLabel(a.Risk), props.Text{Size: 10, Style: fontstyle.Bold, Top: 3, Align: "R", Color: riskText(a.Risk)}),
		))
		switch {
		case !a.Answered():
			rows = append(rows, pdfSmall("Not answered yet."))
		case !a.IsApplicable:
			rows = append(rows, pdfPara("Not applicable: "+ReasonLabel(a.Reason)+"."))
		default:
			rows = append(rows, pdfPara(fmt.Sprintf("%d of %d practices followed.", a.PracticesSelected(), a.Practices())))
			if len(a.MissingChoices) > 0 {
				var titles []string
				for _, id := range a.MissingChoices {
					titles = append(titles, a.ChoiceTitle(id))
				}
				rows = append(rows, pdfPara("Missing: "+strings.Join(titles, "; ")+".", props.Text{Size: 9.5, Bottom: 1.5}))
			}
		}
		for _, ev := range a.Evidence {
			rows = append(rows, evidenceRows(ev)...)
		}
	}
	return rows
}

func riskText(r opslens.Risk) *props.Color {
	c := riskColors[r]
	if r == opslens.RiskUnanswered || r == opslens.RiskNotApplicable {
		return &grey
	}
	return &props.Color{Red: int(c.R), Green: int(c.G), Blue: int(c.B)}
}

func evidenceRows(ev PracticeEvidence) []core.Row {
	rows := []core.Row{pdfPara(fmt.Sprintf("Evidence (%s) for %s:", ev.Confidence, ev.ChoiceTitle), props.Text{Size: 9, Style: fontstyle.Italic, Left: 4})}
	for _, p := range ev.Proofs {
		where := p.Location
		if p.Repository != "" {
			where = p.Repository + ": " + where
		}
		rows = append(rows, pdfPara(where+": "+p.Summary, props.Text{Size: 8.5, Left: 8, Bottom: 1, Color: &grey}))
	}
	return rows
}

// pdfPlan lists the missing practices by level with their steps.
func pdfPlan(r *Report) []core.Row {
	rows := []core.Row{pdfHeading("Improvement plan", 18)}
	if len(r.ImprovementPlan) == 0 {
		return append(rows, pdfPara("Nothing to improve among the answered questions."))
	}
	rows = append(rows, pdfPara(fmt.Sprintf("%d practices to adopt, the most important first.", len(r.ImprovementPlan))))
	for _, g := range r.PlanGroups() {
		rows = append(rows, pdfHeading(strings.ToUpper(string(g.Level[:1]))+strings.ToLower(string(g.Level[1:]))+" level", 13))
		for _, it := range g.Items {
			rows = append(rows, mrow.New().Add(text.NewCol(12, fmt.Sprintf("%d. %s %s", it.Position, it.BestPracticeID, it.ChoiceTitle),
				props.Text{Size: 10.5, Style: fontstyle.Bold, Top: 2, Bottom: 1})))
			rows = append(rows, pdfSmall(it.QuestionID+" "+it.QuestionTitle+" · question risk: "+strings.ToLower(RiskLabel(it.Risk))))
			for i, s := range it.Steps {
				rows = append(rows, pdfPara(fmt.Sprintf("%d. %s", i+1, s), props.Text{Size: 9.5, Left: 6, Bottom: 1}))
			}
			if it.Evidence != nil {
				rows = append(rows, evidenceRows(*it.Evidence)...)
			}
		}
	}
	return rows
}

// pdfNotes gathers the workload's and the questions' notes.
func pdfNotes(r *Report) []core.Row {
	rows := []core.Row{pdfHeading("Notes", 18)}
	if n := strings.TrimSpace(r.Workload.Notes); n != "" {
		rows = append(rows, pdfHeading("Workload", 12), pdfPara(n))
	}
	for _, lr := range r.LensReviews {
		for _, a := range lr.Answers {
			if !a.HasNotes() {
				continue
			}
			rows = append(rows, pdfHeading(a.QuestionID+" "+a.QuestionTitle, 11))
			if n := strings.TrimSpace(a.Notes); n != "" {
				rows = append(rows, pdfPara(n))
			}
			for _, c := range a.ChoiceNotes() {
				rows = append(rows, pdfPara(a.ChoiceTitle(c.ChoiceID)+": "+c.Notes, props.Text{Size: 9.5, Left: 4, Bottom: 1}))
			}
		}
	}
	return rows
}
